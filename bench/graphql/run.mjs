// GraphQL throughput and latency under load: a gloss sandbox on a copy of app/
// beside Amplify's AppSync simulator (sim-server.mjs) serving the same
// generated schema, both driven by wrk (graphql.lua) in the same run.
// Operations: getImage(id), listImages(filter: {status: {eq: READY}}, limit: 20)
// and createImage(input), each at 16 and 64 connections. Prints a markdown
// table per server and the ratios gloss/simulator.
//   node bench/graphql/run.mjs GLOSS_BIN SECONDS
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rssKiB, startServer } from '../lib/servers.mjs';
import { IMAGES, createProject, graphql, operations, seed, startGloss } from './sandbox.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const [glossBin, secondsArg] = process.argv.slice(2);
const seconds = Number(secondsArg ?? 10);
const warmupSeconds = Math.max(1, Math.round(seconds / 5));
const CONNECTIONS = [16, 64];
// Amplify's transformer output for app/data/schema.graphql (the oracle the
// gloss schema generator is tested against).
const SCHEMA = join(repo, 'src/data/testdata/transformer/reference.raw.graphql');

const work = mkdtempSync(join(tmpdir(), 'gloss-bench-graphql-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

// The simulator takes a user-pool token only if its issuer starts with
// https://cognito-idp. (gloss issues http://127.0.0.1:PORT/POOL_ID): the same
// token with that one claim changed, of the same size; it is not verified.
function asCognitoIssuer(token) {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url'));
  claims.iss = `https://cognito-idp.us-east-1.amazonaws.com/${claims.iss.split('/').pop()}`;
  return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
}

async function startSimulator(token) {
  const { child, url } = await startServer(process.execPath, [join(here, 'sim-server.mjs'), SCHEMA], { cwd: here },
    /simulator: ready on (http:\/\/127\.0\.0\.1:\d+)/);
  return { name: 'simulator', child, url: `${url}/graphql`, token: asCognitoIssuer(token) };
}

// A few requests outside wrk: 200, no GraphQL errors, the expected data.
async function sampleCheck(server, op) {
  for (let i = 0; i < 3; ++i) {
    const { status, body } = await graphql(server, op.query, op.variables);
    if (status !== 200 || body.errors || !op.check(body.data)) {
      return `${status} ${JSON.stringify(body).slice(0, 300)}`;
    }
  }
  return null;
}

// Asynchronous so that the servers' stdout and stderr keep being drained.
function wrk(server, op, connections, duration) {
  const bodyFile = join(work, `${server.name}-${op.name}.json`);
  writeFileSync(bodyFile, JSON.stringify({ query: op.query, variables: op.variables }));
  const child = spawn('wrk', ['-t2', `-c${connections}`, `-d${duration}s`, '--timeout', '5s',
    '-s', join(here, 'graphql.lua'), server.url], {
    env: { ...process.env, GQL_BODY: bodyFile, GQL_AUTH: server.token }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  return new Promise((resolve, reject) => {
    child.on('close', (code) => {
      const line = /^WRK_JSON (.*)$/m.exec(output);
      if (code !== 0 || !line) reject(new Error(`wrk failed (${code}): ${output}`));
      else resolve(JSON.parse(line[1]));
    });
  });
}

const loadBefore = loadavg()[0];
const gloss = await startGloss(glossBin, join(repo, 'app'), work);
const simulator = await startSimulator(gloss.token);
const servers = [gloss, simulator];

const projectId = await createProject(gloss);
const ids = Array.from({ length: IMAGES }, () => randomUUID());
for (const server of servers) await seed(server, projectId, ids);
const ops = operations(projectId, ids[0]);
const rssStart = Object.fromEntries(servers.map((s) => [s.name, rssKiB(s.name, s.child)]));

const rows = [];
const problems = [];
for (const op of ops) {
  for (const server of servers) {
    const problem = await sampleCheck(server, op);
    if (problem) problems.push(`${server.name} ${op.name} before the run: ${problem}`);
    await wrk(server, op, CONNECTIONS[0], warmupSeconds);  // Warm-up (JIT, caches, connections); not reported.
  }
  for (const connections of CONNECTIONS) {
    for (const server of servers) {
      if (server.child.exited) throw new Error(`${server.name} ${server.child.exited}: ${server.child.output}`);
      const rssBefore = rssKiB(server.name, server.child);
      const r = await wrk(server, op, connections, seconds);
      if (server.child.exited) throw new Error(`${server.name} ${server.child.exited} during ${op.name}: ${server.child.output}`);
      const rssAfter = rssKiB(server.name, server.child);
      const after = await sampleCheck(server, op);
      if (after) problems.push(`${server.name} ${op.name} c=${connections} after the run: ${after}`);
      if (r.non2xx || r.gql_errors || r.connect || r.read || r.write || r.timeout) {
        problems.push(`${server.name} ${op.name} c=${connections}: non-2xx ${r.non2xx}, GraphQL errors ${r.gql_errors}, ` +
          `socket connect/read/write/timeout ${r.connect}/${r.read}/${r.write}/${r.timeout}; e.g. ${r.sample_error}`);
      }
      rows.push({ op: op.name, connections, server: server.name, rps: r.requests / (r.duration_us / 1e6), ...r, rssBefore, rssAfter });
    }
  }
}
const rssEnd = Object.fromEntries(servers.map((s) => [s.name, rssKiB(s.name, s.child)]));

const ms = (us) => `${(us / 1000).toFixed(2)} ms`;
const mib = (kib) => `${(kib / 1024).toFixed(1)}`;
const num = (n) => Math.round(n).toLocaleString('en-US');
const x = (n) => `${n.toFixed(1)}x`;
console.log(`GraphQL under load: wrk -t2, ${seconds} s per run (after a ${warmupSeconds} s warm-up per operation), ` +
  `${IMAGES} images seeded per server (50 READY); load average before: ${loadBefore.toFixed(2)}, after: ${loadavg()[0].toFixed(2)}`);
console.log('gloss: Cognito access token, SQLite (WAL); simulator: amplify-appsync-simulator 2.4.1, same token ' +
  '(decoded, not verified), AWS_LAMBDA data sources over an in-process Map (not durable)\n');
console.log('| operation | conns | server | req/s | p50 | p99 | non-2xx | socket errors | GraphQL errors | RSS MiB before → after |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.op} | ${r.connections} | ${r.server} | ${num(r.rps)} | ${ms(r.p50_us)} | ${ms(r.p99_us)} | ${r.non2xx} | ` +
    `${r.connect + r.read + r.write + r.timeout} | ${r.gql_errors} | ${mib(r.rssBefore)} → ${mib(r.rssAfter)} |`);
}
const targets = { getImage: 50, listImages: 50, createImage: 20 };
console.log('\n| operation | conns | req/s gloss/sim | p50 sim/gloss | p99 sim/gloss | issue target |');
console.log('|---|---|---|---|---|---|');
for (const op of ops) {
  for (const connections of CONNECTIONS) {
    const g = rows.find((r) => r.op === op.name && r.connections === connections && r.server === 'gloss');
    const s = rows.find((r) => r.op === op.name && r.connections === connections && r.server === 'simulator');
    let target = `≥ ${targets[op.name]}x req/s`;
    if (op.name === 'getImage' && connections === 16) target += `; gloss p99 < 5 ms (${ms(g.p99_us)})`;
    console.log(`| ${op.name} | ${connections} | ${x(g.rps / s.rps)} | ${x(s.p50_us / g.p50_us)} | ${x(s.p99_us / g.p99_us)} | ${target} |`);
  }
}
console.log(`\nRSS MiB after seeding → after all runs: ` +
  servers.map((s) => `${s.name} ${mib(rssStart[s.name])} → ${mib(rssEnd[s.name])}`).join(', ') +
  ` (createImage runs add rows: gloss ${num(rows.filter((r) => r.server === 'gloss' && r.op === 'createImage').reduce((a, r) => a + r.requests, 0))}, ` +
  `simulator ${num(rows.filter((r) => r.server === 'simulator' && r.op === 'createImage').reduce((a, r) => a + r.requests, 0))})`);
console.log(problems.length ? `\nProblems:\n${problems.map((p) => `  - ${p}`).join('\n')}` : '\nNo errors: every response 2xx, no GraphQL errors, sampled checks passed before and after each run.');
process.exit(0);
