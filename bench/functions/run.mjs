// bench/functions: see run.sh. Prints one table and the ratios.
import { spawn, spawnSync } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lambdaLocal from 'lambda-local';

const [bin, secondsArg] = process.argv.slice(2);
const seconds = Number(secondsArg ?? 5);
const SEQUENTIAL = 2000;
const CONCURRENCY = 8;
const COLD_STARTS = 10;

const HANDLER = 'export const handler = async () => null;\n';

function backend(generation) {
  // `generation` changes the environment, so a reload makes new pools: cold starts.
  return `
[functions.noop]
entry = "builtin:noop"
maxConcurrency = ${CONCURRENCY}
environment = { GENERATION = "${generation}" }

[functions.node-noop]
entry = "node:functions/noop/handler.ts"
maxConcurrency = ${CONCURRENCY}
environment = { GENERATION = "${generation}" }
`;
}

const dir = mkdtempSync(join(tmpdir(), 'gloss-bench-fn-'));
mkdirSync(join(dir, 'functions', 'noop'), { recursive: true });
writeFileSync(join(dir, 'functions', 'noop', 'handler.ts'), HANDLER);
writeFileSync(join(dir, 'backend.toml'), backend(0));

const gloss = spawn(bin, ['sandbox', '--dir', dir, '--port', '0', '--log-format', 'json'],
                    { stdio: ['ignore', 'pipe', 'pipe'] });
let stdout = '';
let stderr = '';
gloss.stderr.on('data', (d) => (stderr += d));
const port = await new Promise((resolve, reject) => {
  gloss.stdout.on('data', (d) => {
    stdout += d;
    const m = /ready on http:\/\/127\.0\.0\.1:(\d+)/.exec(stdout);
    if (m) resolve(Number(m[1]));
  });
  gloss.on('exit', () => reject(new Error(`gloss exited: ${stderr}`)));
});
const { accessKeyId, secretAccessKey } = JSON.parse(
  readFileSync(join(dir, '.gloss', 'credentials.json'), 'utf8'));

// Minimal SigV4 (service lambda) so the client costs little next to the server.
function sign(path, body) {
  const amzDate = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
  const day = amzDate.slice(0, 8);
  const payloadHash = createHash('sha256').update(body).digest('hex');
  const host = `127.0.0.1:${port}`;
  const canonical = ['POST', path, '', `host:${host}`, `x-amz-date:${amzDate}`, '',
                     'host;x-amz-date', payloadHash].join('\n');
  const scope = `${day}/us-east-1/lambda/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope,
                  createHash('sha256').update(canonical).digest('hex')].join('\n');
  let key = `AWS4${secretAccessKey}`;
  for (const part of [day, 'us-east-1', 'lambda', 'aws4_request']) {
    key = createHmac('sha256', key).update(part).digest();
  }
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  return {
    host, 'x-amz-date': amzDate, 'content-length': Buffer.byteLength(body),
    authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/${scope}, ` +
                   `SignedHeaders=host;x-amz-date, Signature=${signature}`,
  };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
function invoke(name, body = '{}') {
  const path = `/2015-03-31/functions/${name}/invocations`;
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path, agent,
                               headers: sign(path, body) }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => (res.statusCode === 200 && !res.headers['x-amz-function-error']
        ? resolve(text) : reject(new Error(`${res.statusCode} ${text}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
async function latencies(call, n = SEQUENTIAL) {
  const times = [];
  for (let i = 0; i < n; ++i) {
    const start = process.hrtime.bigint();
    await call();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p99: percentile(times, 0.99) };
}
async function throughput(call) {
  let done = 0;
  const end = Date.now() + seconds * 1000;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (Date.now() < end) { await call(); ++done; }
  }));
  return done / seconds;
}

const initDurations = (name) => [...readFileSync(join(dir, '.gloss', 'logs', 'functions', `${name}.log`), 'utf8')
  .matchAll(/Init Duration: ([\d.]+) ms/g)].map((m) => Number(m[1]));

async function reload(generation) {
  const before = (stderr.match(/reloaded backend definition/g) ?? []).length;
  writeFileSync(join(dir, 'backend.toml'), backend(generation));
  while ((stderr.match(/reloaded backend definition/g) ?? []).length === before) {
    await new Promise((r) => setTimeout(r, 20));
  }
}

const results = {};
try {
  // Cold starts: every reload makes new pools, so each first call starts a worker.
  const firstCall = { noop: [], 'node-noop': [] };
  for (let g = 1; g <= COLD_STARTS; ++g) {
    await reload(g);
    for (const name of ['noop', 'node-noop']) {
      const start = process.hrtime.bigint();
      await invoke(name);
      firstCall[name].push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  for (const name of ['noop', 'node-noop']) {
    results[name] = {
      init: median(initDurations(name)),
      first: median(firstCall[name]),
      warm: await latencies(() => invoke(name)),
      rate: await throughput(() => invoke(name)),
    };
  }
  // The HTTP + SigV4 floor: the same signed request to a function that does
  // not exist is answered without any worker.
  results.floor = await latencies(() => invoke('missing').catch(() => {}));
} finally {
  gloss.kill('SIGTERM');
  await new Promise((r) => gloss.on('exit', r));
  rmSync(dir, { recursive: true, force: true });
}

// Peers. lambda-local runs the handler in this process: no isolation, no
// timeout enforcement beyond a timer, no memory limit.
const handler = { handler: async () => null };
const peerCall = () => lambdaLocal.execute({ event: {}, lambdaFunc: handler, timeoutMs: 3000,
                                             verboseLevel: 0 });
const peerWarm = await latencies(peerCall);
const peerRate = await throughput(peerCall);
// A process per invocation: what tools without warm workers pay every time.
const spawnTimes = [];
for (let i = 0; i < COLD_STARTS; ++i) {
  const start = process.hrtime.bigint();
  spawnSync(process.execPath, ['-e', 'import("node:process").then(() => null)']);
  spawnTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
}
spawnTimes.sort((a, b) => a - b);
const spawnMs = spawnTimes[Math.floor(spawnTimes.length / 2)];

const f = (x) => x.toFixed(2);
const floor = results.floor;
console.log(`functions bench: ${SEQUENTIAL} sequential calls, ${CONCURRENCY} clients for ${seconds} s, ${COLD_STARTS} cold starts`);
console.log('| function | cold: Init Duration | cold: first call | warm p50 | warm p99 | warm overhead p50 (minus HTTP floor) | invokes/s |');
console.log('|---|---|---|---|---|---|---|');
for (const name of ['noop', 'node-noop']) {
  const r = results[name];
  console.log(`| gloss ${name} | ${f(r.init)} ms | ${f(r.first)} ms | ${f(r.warm.p50)} ms | ${f(r.warm.p99)} ms | ${f(r.warm.p50 - floor.p50)} ms | ${Math.round(r.rate)} |`);
}
console.log(`| lambda-local (in-process) | - | - | ${f(peerWarm.p50)} ms | ${f(peerWarm.p99)} ms | - | ${Math.round(peerRate)} |`);
console.log(`| node process per call | ${f(spawnMs)} ms | ${f(spawnMs)} ms | - | - | - | - |`);
console.log(`HTTP + SigV4 floor (unknown function): p50 ${f(floor.p50)} ms, p99 ${f(floor.p99)} ms`);
console.log(`ratios: C++ cold start vs a node process ${f(spawnMs / results.noop.init)}x faster; ` +
            `node-noop invokes/s vs lambda-local ${f(results['node-noop'].rate / peerRate)}x`);
