// Queue throughput and latency: a gloss sandbox beside two in-memory SQS
// emulators from npm, fauxqs and local-aws-sqs (*-server.mjs), in the same
// run, each driven by two clients: the
// official @aws-sdk/client-sqs, and a raw one (keep-alive HTTP, JSON 1.0
// bodies, a minimal SigV4 signer) that costs the 2-core machine far less CPU,
// so the server rather than the client is measured. Cases:
//   (a) throughput: CLIENTS loops of SendMessageBatch(10) -> ReceiveMessage
//       (MaxNumberOfMessages 10) -> DeleteMessageBatch, 1 and 8 clients, for
//       SECONDS each; messages/s deleted (each sent, received and deleted)
//       and p50/p99 of each operation;
//   (b) one message at a time: SendMessage -> ReceiveMessage -> DeleteMessage,
//       round trip and per-operation p50/p99;
//   (c) long-poll wake: a ReceiveMessage waiting (WaitTimeSeconds 20), then a
//       SendMessage; time from SendMessage's response to the receive's.
// Prints markdown tables and the gloss/peer ratios.
//   node bench/queue/run.mjs GLOSS_BIN SECONDS
// QUEUE_BENCH_SERVERS (gloss,fauxqs,local-aws-sqs), QUEUE_BENCH_CLIENTS (raw,sdk) and
// QUEUE_BENCH_CASES (throughput,latency,wake) narrow the run.
import { createHash, createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  SQSClient, CreateQueueCommand, SendMessageCommand, SendMessageBatchCommand, ReceiveMessageCommand,
  DeleteMessageCommand, DeleteMessageBatchCommand, GetQueueAttributesCommand,
} from '@aws-sdk/client-sqs';
import { rssKiB, startServer } from '../lib/servers.mjs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const here = dirname(fileURLToPath(import.meta.url));
const [glossBin, secondsArg] = process.argv.slice(2);
const seconds = Number(secondsArg ?? 5);
const selected = (name, all) => (process.env[name] ? process.env[name].split(',') : all);
const PEERS = ['fauxqs', 'local-aws-sqs'];
const SERVERS = selected('QUEUE_BENCH_SERVERS', ['gloss', ...PEERS]);
const CLIENTS = selected('QUEUE_BENCH_CLIENTS', ['raw', 'sdk']);
const CASES = selected('QUEUE_BENCH_CASES', ['throughput', 'latency', 'wake']);
const CONCURRENCY = [1, 8];
const LATENCY_SAMPLES = 1000;
const WAKE_SAMPLES = 200;
const WAKE_PAUSE_MS = 30;  // Between starting the long poll and the send, so the receive is waiting.

const work = mkdtempSync(join(tmpdir(), 'gloss-bench-queue-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

async function startGloss() {
  const dir = join(work, 'app');
  mkdirSync(dir);
  // The benchmark's queues are made with CreateQueue, on both servers alike.
  writeFileSync(join(dir, 'backend.toml'), '[queues.declared]\nqueueName = "declared"\n');
  const { child, url: endpoint } = await startServer(glossBin,
    ['sandbox', '--port', '0', '--dir', dir, '--log-level', 'warn'], { cwd: here },
    /gloss: ready on (http:\/\/127\.0\.0\.1:\d+)/);
  const credentials = JSON.parse(readFileSync(join(dir, '.gloss', 'credentials.json'), 'utf8'));
  return { name: 'gloss', child, endpoint, credentials };
}

// A peer: `node bench/queue/NAME-server.mjs`, which prints "NAME: ready on URL".
async function startPeer(name) {
  const { child, url: endpoint } = await startServer(process.execPath, [join(here, `${name}-server.mjs`)],
    { cwd: here }, new RegExp(`${name}: ready on (http://127\\.0\\.0\\.1:\\d+)`));
  return { name, child, endpoint, credentials: { accessKeyId: 'AKIAPEER000000000000', secretAccessKey: 'x'.repeat(40) } };
}

// The raw client: AWS JSON 1.0 over a keep-alive agent, SigV4 by hand (the
// signing key is cached per day). Answers are parsed, MD5s are not checked.
function rawClient(server) {
  const url = new URL(server.endpoint);
  const host = url.host;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const { accessKeyId, secretAccessKey } = server.credentials;
  let keyDay = '';
  let signingKey;
  const sha256 = (data) => createHash('sha256').update(data).digest('hex');
  const call = (operation, input) => {
    const body = JSON.stringify(input);
    const amzDate = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
    const day = amzDate.slice(0, 8);
    if (day !== keyDay) {
      signingKey = `AWS4${secretAccessKey}`;
      for (const part of [day, 'us-east-1', 'sqs', 'aws4_request']) {
        signingKey = createHmac('sha256', signingKey).update(part).digest();
      }
      keyDay = day;
    }
    const target = `AmazonSQS.${operation}`;
    const payloadHash = sha256(body);
    const signed = 'content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target';
    const canonical = ['POST', '/', '', 'content-type:application/x-amz-json-1.0', `host:${host}`,
      `x-amz-content-sha256:${payloadHash}`, `x-amz-date:${amzDate}`, `x-amz-target:${target}`, '',
      signed, payloadHash].join('\n');
    const scope = `${day}/us-east-1/sqs/aws4_request`;
    const signature = createHmac('sha256', signingKey)
      .update(['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n')).digest('hex');
    const headers = {
      'content-type': 'application/x-amz-json-1.0', host, 'x-amz-content-sha256': payloadHash,
      'x-amz-date': amzDate, 'x-amz-target': target, 'content-length': Buffer.byteLength(body),
      authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/${scope}, SignedHeaders=${signed}, Signature=${signature}`,
    };
    return new Promise((resolve, reject) => {
      const req = http.request({ host: url.hostname, port: url.port, method: 'POST', path: '/', agent, headers }, (res) => {
        const chunks = [];
        res.on('data', (d) => chunks.push(d));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          if (res.statusCode === 200) resolve(text ? JSON.parse(text) : {});
          else reject(new Error(`${server.name} ${operation}: ${res.statusCode} ${text}`));
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  };
  return {
    createQueue: async (QueueName) => (await call('CreateQueue', { QueueName })).QueueUrl,
    send: (QueueUrl, MessageBody) => call('SendMessage', { QueueUrl, MessageBody }),
    sendBatch: (QueueUrl, bodies) => call('SendMessageBatch', {
      QueueUrl, Entries: bodies.map((MessageBody, i) => ({ Id: `e${i}`, MessageBody })),
    }),
    receive: async (QueueUrl, MaxNumberOfMessages, WaitTimeSeconds = 0) =>
      (await call('ReceiveMessage', { QueueUrl, MaxNumberOfMessages, WaitTimeSeconds })).Messages ?? [],
    remove: (QueueUrl, ReceiptHandle) => call('DeleteMessage', { QueueUrl, ReceiptHandle }),
    removeBatch: (QueueUrl, handles) => call('DeleteMessageBatch', {
      QueueUrl, Entries: handles.map((ReceiptHandle, i) => ({ Id: `d${i}`, ReceiptHandle })),
    }),
    close: () => agent.destroy(),
  };
}

function sdkClient(server) {
  const sqs = new SQSClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: server.credentials, maxAttempts: 1 });
  return {
    createQueue: async (QueueName) => (await sqs.send(new CreateQueueCommand({ QueueName }))).QueueUrl,
    send: (QueueUrl, MessageBody) => sqs.send(new SendMessageCommand({ QueueUrl, MessageBody })),
    sendBatch: (QueueUrl, bodies) => sqs.send(new SendMessageBatchCommand({
      QueueUrl, Entries: bodies.map((MessageBody, i) => ({ Id: `e${i}`, MessageBody })),
    })),
    receive: async (QueueUrl, MaxNumberOfMessages, WaitTimeSeconds = 0) =>
      (await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages, WaitTimeSeconds }))).Messages ?? [],
    remove: (QueueUrl, ReceiptHandle) => sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle })),
    removeBatch: (QueueUrl, handles) => sqs.send(new DeleteMessageBatchCommand({
      QueueUrl, Entries: handles.map((ReceiptHandle, i) => ({ Id: `d${i}`, ReceiptHandle })),
    })),
    close: () => sqs.destroy(),
  };
}

const makeClient = (kind, server) => (kind === 'raw' ? rawClient(server) : sdkClient(server));
const now = () => Number(process.hrtime.bigint()) / 1e6;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] : NaN);
function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) };
}
async function timed(samples, promise) {
  const start = now();
  const result = await promise;
  samples.push(now() - start);
  return result;
}
// CPU seconds (user + system) a process has used so far: /proc/PID/stat, 100 ticks a second.
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
const BODY = (tag) => `{"annotationId":"${tag}","imageId":"img-0001","score":null,"pad":"${'x'.repeat(160)}"}`;

async function throughput(server, kind, clients) {
  const setup = makeClient(kind, server);
  const url = await setup.createQueue(`tput-${kind}-${clients}`);
  const times = { send: [], receive: [], remove: [] };
  let sent = 0;
  let deleted = 0;
  let emptyReceives = 0;
  let peak = rssKiB(server.name, server.child);
  const sampler = setInterval(() => { peak = Math.max(peak, rssKiB(server.name, server.child)); }, 50);
  const serverCpuBefore = cpuSeconds(server.child.pid);
  const clientCpuBefore = cpuSeconds(process.pid);
  const end = now() + seconds * 1000;
  await Promise.all(Array.from({ length: clients }, async (_, index) => {
    const client = makeClient(kind, server);
    for (let round = 0; now() < end; ++round) {
      const bodies = Array.from({ length: 10 }, (_, i) => BODY(`${index}-${round}-${i}`));
      await timed(times.send, client.sendBatch(url, bodies));
      sent += 10;
      const messages = await timed(times.receive, client.receive(url, 10));
      if (messages.length === 0) {
        ++emptyReceives;
        continue;
      }
      await timed(times.remove, client.removeBatch(url, messages.map((m) => m.ReceiptHandle)));
      deleted += messages.length;
    }
    client.close();
  }));
  const elapsed = seconds + Math.max(0, now() - end) / 1000;
  const serverCpu = (cpuSeconds(server.child.pid) - serverCpuBefore) / elapsed;
  const clientCpu = (cpuSeconds(process.pid) - clientCpuBefore) / elapsed;
  clearInterval(sampler);
  setup.close();
  return {
    rate: deleted / elapsed, sendRate: sent / elapsed, emptyReceives, peakMiB: peak / 1024, serverCpu, clientCpu,
    send: stats(times.send), receive: stats(times.receive), remove: stats(times.remove),
  };
}

async function latency(server, kind) {
  const client = makeClient(kind, server);
  const url = await client.createQueue(`latency-${kind}`);
  const times = { roundTrip: [], send: [], receive: [], remove: [] };
  let misses = 0;
  for (let i = 0; i < LATENCY_SAMPLES; ++i) {
    const start = now();
    await timed(times.send, client.send(url, BODY(`lat-${i}`)));
    let [message] = await timed(times.receive, client.receive(url, 1));
    while (!message) {  // Not expected: an acknowledged send is visible at once.
      ++misses;
      [message] = await client.receive(url, 1, 1);
    }
    await timed(times.remove, client.remove(url, message.ReceiptHandle));
    times.roundTrip.push(now() - start);
  }
  client.close();
  return {
    misses, roundTrip: stats(times.roundTrip), send: stats(times.send), receive: stats(times.receive),
    remove: stats(times.remove),
  };
}

async function wake(server, kind) {
  const sender = makeClient(kind, server);
  const receiver = makeClient(kind, server);
  const url = await sender.createQueue(`wake-${kind}`);
  const fromResponse = [];
  const fromStart = [];
  let early = 0;
  for (let i = 0; i < WAKE_SAMPLES; ++i) {
    let receivedAt = 0;
    const polling = receiver.receive(url, 1, 20).then((messages) => { receivedAt = now(); return messages; });
    await sleep(WAKE_PAUSE_MS);
    if (receivedAt) throw new Error(`${server.name}: the long poll returned before the send`);
    const sendStart = now();
    await sender.send(url, BODY(`wake-${i}`));
    const sendDone = now();
    const [message] = await polling;
    if (!message) throw new Error(`${server.name}: the long poll returned empty`);
    if (receivedAt < sendDone) ++early;
    fromResponse.push(receivedAt - sendDone);
    fromStart.push(receivedAt - sendStart);
    await sender.remove(url, message.ReceiptHandle);
  }
  sender.close();
  receiver.close();
  return { early, fromResponse: stats(fromResponse), fromStart: stats(fromStart) };
}

const loadBefore = loadavg()[0];
const servers = [];
if (SERVERS.includes('gloss')) servers.push(await startGloss());
for (const name of PEERS.filter((p) => SERVERS.includes(p))) servers.push(await startPeer(name));
const results = [];
for (const server of servers) {
  for (const kind of CLIENTS) {
    const row = { server: server.name, kind };
    if (CASES.includes('throughput')) {
      row.throughput = {};
      for (const clients of CONCURRENCY) row.throughput[clients] = await throughput(server, kind, clients);
    }
    if (CASES.includes('latency')) row.latency = await latency(server, kind);
    if (CASES.includes('wake')) row.wake = await wake(server, kind);
    results.push(row);
  }
}
const loadAfter = loadavg()[0];

const fmt = (n, digits = 0) => (Number.isFinite(n)
  ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '-');
const ms = (s) => `${fmt(s.p50, 2)} / ${fmt(s.p99, 2)}`;
console.log(`load average ${loadBefore.toFixed(2)} -> ${loadAfter.toFixed(2)}; ${seconds} s per throughput case; ` +
            `raw = keep-alive HTTP + minimal SigV4, sdk = @aws-sdk/client-sqs 3.1175.0`);
if (CASES.includes('throughput')) {
  console.log('\n(a) SendMessageBatch(10) -> ReceiveMessage(10) -> DeleteMessageBatch, messages/s sent, received and deleted; latencies p50 / p99 ms\n');
  console.log('| server | client | clients | msgs/s | send batch | receive | delete batch | empty receives | server CPU | client CPU | peak RSS MiB |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    for (const clients of CONCURRENCY) {
      const t = r.throughput[clients];
      console.log(`| ${r.server} | ${r.kind} | ${clients} | ${fmt(t.rate)} | ${ms(t.send)} | ${ms(t.receive)} | ` +
                  `${ms(t.remove)} | ${t.emptyReceives} | ${fmt(t.serverCpu * 100)}% | ${fmt(t.clientCpu * 100)}% | ${fmt(t.peakMiB, 1)} |`);
    }
  }
}
if (CASES.includes('latency')) {
  console.log(`\n(b) one message: SendMessage -> ReceiveMessage -> DeleteMessage, ${LATENCY_SAMPLES} sequential, p50 / p99 ms\n`);
  console.log('| server | client | round trip | send | receive | delete | receives that missed the message |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of results) {
    const l = r.latency;
    console.log(`| ${r.server} | ${r.kind} | ${ms(l.roundTrip)} | ${ms(l.send)} | ${ms(l.receive)} | ${ms(l.remove)} | ${l.misses} |`);
  }
}
if (CASES.includes('wake')) {
  console.log(`\n(c) long-poll wake (WaitTimeSeconds 20, send ${WAKE_PAUSE_MS} ms later), ${WAKE_SAMPLES} samples, p50 / p99 ms\n`);
  console.log('| server | client | send response -> receive response | send start -> receive response | receive answered before the send |');
  console.log('|---|---|---|---|---|');
  for (const r of results) {
    const w = r.wake;
    console.log(`| ${r.server} | ${r.kind} | ${ms(w.fromResponse)} | ${ms(w.fromStart)} | ${w.early} |`);
  }
}
const gloss = results.filter((r) => r.server === 'gloss');
const peers = PEERS.filter((name) => results.some((r) => r.server === name));
if (gloss.length && peers.length && CASES.includes('throughput')) {
  console.log(`\n| client | clients | ${peers.map((p) => `gloss/${p} msgs/s`).join(' | ')} |`);
  console.log(`|---|---|${peers.map(() => '---|').join('')}`);
  for (const r of gloss) {
    for (const clients of CONCURRENCY) {
      const ratios = peers.map((name) => {
        const p = results.find((x) => x.server === name && x.kind === r.kind)?.throughput[clients];
        return p ? `${fmt(r.throughput[clients].rate / p.rate, 2)}x` : '-';
      });
      console.log(`| ${r.kind} | ${clients} | ${ratios.join(' | ')} |`);
    }
  }
}
process.exit(0);
