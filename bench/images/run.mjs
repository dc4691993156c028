// Image processing: sharp, the usual library of Node Lambda handlers, in two variants
// (sharp-bench.mjs), beside gloss's media pipeline (MEDIA_BENCH, a C++ executable), in the same
// run, each contender in its own process so that its peak RSS is its own. Prints each
// contender's JSON line, a table and the gloss/sharp ratios. See README.md.
//   node run.mjs [--gloss MEDIA_BENCH] [--workers 2] [--repeat 2] CORPUS_DIR
import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args, positionals: [corpus] } = parseArgs({
  options: {
    gloss: { type: 'string' },
    workers: { type: 'string', default: '2' },
    repeat: { type: 'string', default: '2' },
  },
  allowPositionals: true,
});
if (!corpus) {
  console.error('usage: node run.mjs [--gloss MEDIA_BENCH] [--workers N] [--repeat N] CORPUS_DIR');
  process.exit(2);
}
const common = ['--workers', args.workers, '--repeat', args.repeat, corpus];

// Every contender runs in this environment. glibc's default of 8 malloc arenas per core lets
// freed decode buffers pile up in per-thread arenas (sharp's RSS doubles, to ~650 MB, with no
// gain in speed); 2 arenas is the usual remedy. The caller's MALLOC_ARENA_MAX wins.
const env = { MALLOC_ARENA_MAX: '2', ...process.env };

// A contender prints its JSON line last on stdout; its stderr passes through.
function run(file, argv) {
  const out = execFileSync(file, argv, { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 });
  const line = out.trim().split('\n').at(-1);
  console.log(line);
  return JSON.parse(line);
}

const { versions } = createRequire(import.meta.url)('sharp');
const loadBefore = loadavg()[0];
const results = ['typical', 'one-decode'].map((variant) =>
  run(process.execPath, [join(here, 'sharp-bench.mjs'), '--variant', variant, ...common]));
let gloss;
const executable = (file) => { try { accessSync(file, constants.X_OK); return true; } catch { return false; } };
if (!args.gloss) console.log('gloss contender not run: no --gloss MEDIA_BENCH given');
else if (!executable(args.gloss)) console.log(`gloss contender not run: ${args.gloss} is not an executable file (not built yet?)`);
else {
  try {
    gloss = run(args.gloss, common);
    results.push(gloss);
  } catch (error) {
    console.log(`gloss contender failed: ${error.message}`);
  }
}
const loadAfter = loadavg()[0];

const fmt = (n, digits = 0) => (Number.isFinite(n)
  ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '-');
const sum = (r, i) => (r.bytes ? Object.values(r.bytes).reduce((total, sizes) => total + sizes[i], 0) : NaN);
console.log(`\nsharp ${versions.sharp} (libvips ${versions.vips}); ${args.workers} workers; corpus ${corpus} ` +
            `x ${args.repeat} after a warm-up pass; MALLOC_ARENA_MAX=${env.MALLOC_ARENA_MAX}; ` +
            `load average ${loadBefore.toFixed(2)} -> ${loadAfter.toFixed(2)}\n`);
console.log('| contender | images | images/s | p50 ms | max ms | peak RSS MB | CPU s | out KB (compressed / thumbnails) | failed |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of results) {
  console.log(`| ${r.name} | ${r.images} | ${fmt(r.images_per_s, 2)} | ${fmt(r.p50_ms, 1)} | ${fmt(r.max_ms, 1)} | ` +
              `${fmt(r.peak_rss_mb, 1)} | ${fmt(r.cpu_seconds, 2)} | ${fmt(sum(r, 0) / 1024)} / ${fmt(sum(r, 1) / 1024)} | ` +
              `${r.failed.join(', ')} |`);
}
if (gloss) {
  console.log('\n| ratio | images/s | peak RSS |\n|---|---|---|');
  for (const r of results.filter((x) => x !== gloss)) {
    console.log(`| gloss/${r.name} | ${fmt(gloss.images_per_s / r.images_per_s, 2)}x | ` +
                `${fmt(gloss.peak_rss_mb / r.peak_rss_mb, 2)}x |`);
  }
}
