// Starts a seeded gloss sandbox alone (no simulator) and keeps it running
// until interrupted, to profile one operation under load:
//   node bench/graphql/serve.mjs GLOSS_BIN
// Prints the server's pid and, per operation, a wrk command line (the same
// request bodies and graphql.lua as run.mjs), e.g. for
//   perf record -g -p PID -- sleep 10   while the listImages wrk line runs.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IMAGES, createProject, graphql, operations, seed, startGloss } from './sandbox.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const [glossBin] = process.argv.slice(2);
const work = mkdtempSync(join(tmpdir(), 'gloss-bench-serve-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0));

const gloss = await startGloss(glossBin, join(here, '..', '..', 'app'), work);
const projectId = await createProject(gloss);
const ids = Array.from({ length: IMAGES }, () => randomUUID());
await seed(gloss, projectId, ids);
console.log(`gloss pid ${gloss.child.pid} on ${gloss.url}`);
for (const op of operations(projectId, ids[0])) {
  const { status, body } = await graphql(gloss, op.query, op.variables);
  if (status !== 200 || body.errors || !op.check(body.data)) {
    throw new Error(`${op.name}: ${status} ${JSON.stringify(body).slice(0, 300)}`);
  }
  const bodyFile = join(work, `${op.name}.json`);
  writeFileSync(bodyFile, JSON.stringify({ query: op.query, variables: op.variables }));
  console.log(`${op.name}: GQL_BODY=${bodyFile} GQL_AUTH=${gloss.token} ` +
    `wrk -t2 -c16 -d10s --timeout 5s -s ${join(here, 'graphql.lua')} ${gloss.url}`);
}
console.log('ready');
setInterval(() => {}, 1 << 30);
