// S3 throughput and latency under load: a gloss sandbox on a copy of app/
// beside s3rver (s3rver-server.mjs), both driven by wrk (s3.lua) with
// presigned URLs in the same run. For each object size (4 KB, 1 MB, 64 MB):
// PUT then GET of one key at 1 and 16 connections. Prints a markdown table
// (ops/s, MB/s, p50, p99, non-2xx and socket errors, peak RSS during the case) and the ratios
// gloss/s3rver.
//   node bench/s3/run.mjs GLOSS_BIN SECONDS
// For profiling one case, S3_BENCH_SERVERS (gloss,s3rver), S3_BENCH_SIZES
// (4KB,1MB,64MB) and S3_BENCH_OPS (PUT,GET) narrow the run.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { S3Client, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { rssKiB, startServer } from '../lib/servers.mjs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const [glossBin, secondsArg] = process.argv.slice(2);
const seconds = Number(secondsArg ?? 5);
const selected = (name, all) => (process.env[name] ? process.env[name].split(',') : all);
const SIZES = [['4 KB', 4 * 1024], ['1 MB', 1024 * 1024], ['64 MB', 64 * 1024 * 1024]]
  .filter(([label]) => selected('S3_BENCH_SIZES', [label.replace(' ', '')]).includes(label.replace(' ', '')));
const SERVERS = selected('S3_BENCH_SERVERS', ['gloss', 's3rver']);
const OPS = selected('S3_BENCH_OPS', ['PUT', 'GET']);
const CONNECTIONS = [1, 16];
const BUCKET = 'images';

const work = mkdtempSync(join(tmpdir(), 'gloss-bench-s3-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

async function startGloss() {
  const dir = join(work, 'app');
  cpSync(join(repo, 'app'), dir, { recursive: true });
  const { child, url: endpoint } = await startServer(glossBin,
    ['sandbox', '--port', '0', '--dir', dir, '--log-level', 'warn'], { cwd: here },
    /gloss: ready on (http:\/\/127\.0\.0\.1:\d+)/);
  const credentials = JSON.parse(readFileSync(join(dir, '.gloss', 'credentials.json'), 'utf8'));
  return { name: 'gloss', child, endpoint, credentials };
}

async function startS3rver() {
  const directory = join(work, 's3rver');
  mkdirSync(directory);
  const { child, url: endpoint } = await startServer(process.execPath,
    [join(here, 's3rver-server.mjs'), directory], { cwd: here },
    /s3rver: ready on (http:\/\/127\.0\.0\.1:\d+)/);
  return { name: 's3rver', child, endpoint, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } };
}

// Presigned with checksums left out (WHEN_REQUIRED), as AWS recommends for
// presigned PUTs: a query checksum would be of an empty body.
function presigner(server) {
  return new S3Client({
    endpoint: server.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: server.credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
}

function wrk(server, method, url, bodyFile, connections) {
  const threads = Math.min(connections, 2);
  const child = spawn('wrk', [`-t${threads}`, `-c${connections}`, `-d${seconds}s`, '--timeout', '30s',
    '-s', join(here, 's3.lua'), url], {
    env: { ...process.env, S3_METHOD: method, S3_BODY: bodyFile ?? '' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let peak = rssKiB(server.name, server.child);
  const sampler = setInterval(() => { peak = Math.max(peak, rssKiB(server.name, server.child)); }, 50);
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  return new Promise((resolve, reject) => {
    child.on('close', (code) => {
      clearInterval(sampler);
      const line = /^WRK_JSON (.*)$/m.exec(output);
      if (code !== 0 || !line) reject(new Error(`wrk failed (${code}): ${output}`));
      else resolve({ ...JSON.parse(line[1]), peak_rss_mib: peak / 1024 });
    });
  });
}

const loadBefore = loadavg()[0];
const servers = [];
if (SERVERS.includes('gloss')) servers.push(await startGloss());
if (SERVERS.includes('s3rver')) servers.push(await startS3rver());
const rows = [];
for (const [label, size] of SIZES) {
  const bodyFile = join(work, `body-${size}`);
  const body = randomBytes(size);
  writeFileSync(bodyFile, body);
  for (const server of servers) {
    const client = presigner(server);
    const Key = `bench/object-${size}`;
    const putUrl = await getSignedUrl(client, new PutObjectCommand({ Bucket: BUCKET, Key }), { expiresIn: 3600 });
    const getUrl = await getSignedUrl(client, new GetObjectCommand({ Bucket: BUCKET, Key }), { expiresIn: 3600 });
    // The URLs work, and the object GET will read exists, before any timing.
    const put = await fetch(putUrl, { method: 'PUT', body }).catch((error) => {
      throw new Error(`${server.name} (${server.child.exitCode ?? 'running'}): ${error.cause ?? error}\n${server.child.output}`);
    });
    const got = await fetch(getUrl);
    const back = Buffer.from(await got.arrayBuffer());
    if (put.status !== 200 || got.status !== 200 || !back.equals(body)) {
      throw new Error(`${server.name}: ${label} round trip failed: PUT ${put.status}, GET ${got.status}`);
    }
    for (const [method, url] of [['PUT', putUrl], ['GET', getUrl]].filter(([m]) => OPS.includes(m))) {
      for (const connections of CONNECTIONS) {
        const result = await wrk(server, method, url, bodyFile, connections);
        const ops = result.requests / result.seconds;
        rows.push({ server: server.name, method, label, connections, ops, mbps: ops * size / 1e6, ...result });
      }
    }
  }
}

const fmt = (n, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
console.log(`load average before: ${loadBefore.toFixed(2)}, ${seconds} s per case, wrk with presigned URLs\n`);
console.log('| server | op | size | conns | ops/s | MB/s | p50 ms | p99 ms | errors | peak RSS MiB |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.server} | ${r.method} | ${r.label} | ${r.connections} | ${fmt(r.ops)} | ${fmt(r.mbps, 1)} | ` +
    `${fmt(r.p50_ms, 2)} | ${fmt(r.p99_ms, 2)} | ${r.bad_status + r.socket_errors} | ${fmt(r.peak_rss_mib, 1)} |`);
}
console.log('\n| op | size | conns | gloss/s3rver ops/s |');
console.log('|---|---|---|---|');
for (const r of rows.filter((row) => row.server === 'gloss')) {
  const peer = rows.find((p) => p.server === 's3rver' && p.method === r.method && p.label === r.label &&
    p.connections === r.connections);
  if (!peer) continue;
  const ratio = peer.ops > 0 ? `${fmt(r.ops / peer.ops, 1)}x` : 'n/a (peer finished no request)';
  console.log(`| ${r.method} | ${r.label} | ${r.connections} | ${ratio} |`);
}
process.exit(0);
