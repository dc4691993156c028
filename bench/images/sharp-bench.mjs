// The sharp contender of bench/images: per input image, a compressed JPEG (long edge <= 2048,
// q85) and a thumbnail (long edge <= 400, q80), EXIF orientation applied, sRGB, alpha
// flattened on white, no metadata. Prints one JSON line (the contract in README.md).
//   node sharp-bench.mjs --variant typical|one-decode [--workers 2] [--repeat 2] [--vips-threads 1] CORPUS_DIR
// Workers are async loops on one shared queue: sharp runs each pipeline on libuv's thread pool
// (4 threads by default, enough for 2 workers), so worker_threads would add isolates and nothing else.
// Each pipeline gets --vips-threads libvips threads (sharp.concurrency); 1 beside 2 workers
// fills the 2 cores without oversubscribing them (README.md has the measurement).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';

const { values: args, positionals: [corpus] } = parseArgs({
  options: {
    variant: { type: 'string' },
    workers: { type: 'string', default: '2' },
    repeat: { type: 'string', default: '2' },
    'vips-threads': { type: 'string', default: '1' },
  },
  allowPositionals: true,
});
const workers = Number(args.workers);
const repeat = Number(args.repeat);
sharp.cache(false);
sharp.concurrency(Number(args['vips-threads']));

const COMPRESSED = { edge: 2048, quality: 85 };
const THUMBNAIL = { edge: 400, quality: 80 };
const fit = (edge) => ({ width: edge, height: edge, fit: 'inside', withoutEnlargement: true });
const prepared = (input, edge) => sharp(input).rotate().resize(fit(edge))
  .flatten({ background: '#ffffff' }).toColourspace('srgb');

// Each returns [compressed, thumbnail] JPEG buffers.
const VARIANTS = {
  // One pipeline per output from the encoded bytes, as a typical Lambda handler does: the
  // input is decoded twice (the thumbnail's decode may shrink on load, e.g. JPEG DCT scaling).
  // The outputs are made one after the other, so each worker has one pipeline running.
  typical: async (input) => [
    await prepared(input, COMPRESSED.edge).jpeg({ quality: COMPRESSED.quality }).toBuffer(),
    await prepared(input, THUMBNAIL.edge).jpeg({ quality: THUMBNAIL.quality }).toBuffer(),
  ],
  // Decode once to the compressed size as raw pixels; both outputs are made from those.
  'one-decode': async (input) => {
    const { data, info } = await prepared(input, COMPRESSED.edge).raw().toBuffer({ resolveWithObject: true });
    const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
    return [
      await sharp(data, raw).jpeg({ quality: COMPRESSED.quality }).toBuffer(),
      await sharp(data, raw).resize(fit(THUMBNAIL.edge)).jpeg({ quality: THUMBNAIL.quality }).toBuffer(),
    ];
  },
};
const job = VARIANTS[args.variant];
if (!job || !corpus || !(workers > 0) || !(repeat > 0)) {
  console.error('usage: node sharp-bench.mjs --variant typical|one-decode [--workers N] [--repeat N] [--vips-threads N] CORPUS_DIR');
  process.exit(2);
}

// The whole corpus is read before any timing: file I/O is not measured.
const files = readdirSync(corpus).filter((name) => /\.(jpe?g|png|webp|gif)$/i.test(name)).sort()
  .map((name) => ({ name, input: readFileSync(join(corpus, name)) }));

const now = () => Number(process.hrtime.bigint()) / 1e6;
// Runs every file of `queue` through the job, `workers` at a time.
async function pass(queue) {
  const times = [];
  const failed = new Set();
  const bytes = {};
  let next = 0;
  await Promise.all(Array.from({ length: workers }, async () => {
    while (next < queue.length) {
      const { name, input } = queue[next++];
      const start = now();
      try {
        const [compressed, thumbnail] = await job(input);
        times.push(now() - start);
        bytes[name] = [compressed.length, thumbnail.length];
      } catch {
        failed.add(name);
      }
    }
  }));
  return { times, failed: [...failed], bytes };
}

await pass(files);  // Warm-up: code paths, thread pool, allocator.
const start = now();
const cpuBefore = process.cpuUsage();
const { times, failed, bytes } = await pass(Array.from({ length: repeat }, () => files).flat());
const seconds = (now() - start) / 1000;
const cpu = process.cpuUsage(cpuBefore);
times.sort((a, b) => a - b);
const round = (n, digits) => Number(n.toFixed(digits));
console.log(JSON.stringify({
  name: `sharp-${args.variant}`,
  images: times.length,
  seconds: round(seconds, 3),
  images_per_s: round(times.length / seconds, 2),
  p50_ms: round(times[Math.floor(times.length / 2)] ?? NaN, 1),
  max_ms: round(times.at(-1) ?? NaN, 1),
  peak_rss_mb: round(process.resourceUsage().maxRSS / 1024, 1),  // maxRSS is in KiB; covers the whole process.
  failed,
  cpu_seconds: round((cpu.user + cpu.system) / 1e6, 3),  // All threads, user + system: robust to a busy machine.
  bytes: Object.fromEntries(Object.entries(bytes).sort()),  // File name -> [compressed, thumbnail] output bytes.
}));
