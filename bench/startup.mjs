// See startup.sh. Each run copies app/ to a fresh temp folder (no state), starts
// the sandbox, stops the clock at the ready line, then stops it with SIGTERM.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const [bin, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 20);
const app = join(dirname(fileURLToPath(import.meta.url)), '..', 'app');

function freshApp() {
  const dir = mkdtempSync(join(tmpdir(), 'gloss-bench-'));
  cpSync(join(app, 'backend.toml'), join(dir, 'backend.toml'));
  cpSync(join(app, 'data'), join(dir, 'data'), { recursive: true });
  return dir;
}

// Starts a sandbox on `dir` and resolves with the ms to its ready line.
function startOnce(dir) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(bin, ['sandbox', '--port', '0', '--dir', dir, '--log-format', 'json'],
      { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('gloss: ready on ')) {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        child.kill('SIGTERM');
        child.on('exit', () => resolve(ms));
      }
    });
    child.on('error', reject);
  });
}

function summary(label, times) {
  times.sort((a, b) => a - b);
  const median = times.length % 2 ? times[(times.length - 1) / 2]
    : (times[times.length / 2 - 1] + times[times.length / 2]) / 2;
  console.log(`gloss sandbox startup, ${label}, ${times.length} runs: ` +
    `min ${times[0].toFixed(1)} ms, median ${median.toFixed(1)} ms, max ${times.at(-1).toFixed(1)} ms`);
}

// Empty state: the first start creates the state folder, admin keys, the
// database, the user pool and its RSA signing key. Existing state: a restart.
const empty = [];
const existing = [];
for (let i = 0; i < runs; i++) {
  const dir = freshApp();
  empty.push(await startOnce(dir));
  existing.push(await startOnce(dir));
  rmSync(dir, { recursive: true, force: true });
}
summary('empty state', empty);
summary('existing state', existing);
