// End to end through gloss: the corpus uploaded with @aws-sdk/client-s3 to
// images/original/ of the reference app (app/), each upload processed by
// builtin:process-image (storage trigger → function → S3 outputs → Image
// record), until every Image record is READY or FAILED. Uploads go `inFlight`
// at a time; prints one JSON line: images/s from first upload to last
// record settled, and upload → settled latency p50 / max (polled every 25 ms).
//   node e2e.mjs GLOSS_BIN CORPUS_DIR [--repeat 2] [--in-flight 4]
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
import {
  CognitoIdentityProviderClient, AdminCreateUserCommand, AdminSetUserPasswordCommand,
  AdminAddUserToGroupCommand, InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startServer } from '../lib/servers.mjs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const { values: args, positionals: [bin, corpus] } = parseArgs({
  options: { repeat: { type: 'string', default: '2' }, 'in-flight': { type: 'string', default: '4' } },
  allowPositionals: true,
});
const repo = join(import.meta.dirname, '..', '..');
const app = mkdtempSync(join(tmpdir(), 'gloss-e2e-'));
process.on('exit', () => rmSync(app, { recursive: true, force: true }));
cpSync(join(repo, 'app', 'backend.toml'), join(app, 'backend.toml'));
cpSync(join(repo, 'app', 'data'), join(app, 'data'), { recursive: true });

const { url } = await startServer(bin, ['sandbox', '--port', '0', '--dir', app],
  { env: { ...process.env, MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2' } },
  /gloss: ready on (http:\/\/127\.0\.0\.1:\d+)/);
const outputs = JSON.parse(readFileSync(join(app, 'gloss_outputs.json'), 'utf8'));
const credentials = JSON.parse(readFileSync(join(app, '.gloss', 'credentials.json'), 'utf8'));
const config = { endpoint: url, region: 'us-east-1', credentials };
const s3 = new S3Client({ ...config, forcePathStyle: true });
const cognito = new CognitoIdentityProviderClient(config);
const UserPoolId = outputs.auth.user_pool_id;
const Username = 'bench@example.com';
const Password = 'Corr3ct-Horse!';
await cognito.send(new AdminCreateUserCommand({ UserPoolId, Username, MessageAction: 'SUPPRESS' }));
await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId, Username, Password, Permanent: true }));
await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId, Username, GroupName: 'ADMINS' }));
const { AuthenticationResult } = await cognito.send(new InitiateAuthCommand({
  ClientId: outputs.auth.user_pool_client_id, AuthFlow: 'USER_PASSWORD_AUTH',
  AuthParameters: { USERNAME: Username, PASSWORD: Password },
}));

// Every Image record's status by originalKey (all pages).
async function statuses() {
  const found = new Map();
  let nextToken = null;
  do {
    const response = await fetch(outputs.data.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: AuthenticationResult.AccessToken },
      body: JSON.stringify({
        query: 'query($t: String) { listImages(limit: 1000, nextToken: $t) { items { originalKey status } nextToken } }',
        variables: { t: nextToken },
      }),
    }).then((r) => r.json());
    for (const item of response.data.listImages.items) found.set(item.originalKey, item.status);
    nextToken = response.data.listImages.nextToken;
  } while (nextToken);
  return found;
}

const files = readdirSync(corpus).filter((name) => !name.startsWith('.')).sort()
  .map((name) => ({ name, body: readFileSync(join(corpus, name)) }));
const jobs = [];
for (let round = 0; round < Number(args.repeat); round += 1) {
  for (const file of files) jobs.push({ key: `images/original/bench/${round}/${file.name}`, ...file });
}
const uploadedAt = new Map();
const settledAt = new Map();
const start = performance.now();
let next = 0;
const uploaders = Array.from({ length: Number(args['in-flight']) }, async () => {
  while (next < jobs.length) {
    const job = jobs[next++];
    uploadedAt.set(job.key, performance.now());
    await s3.send(new PutObjectCommand({ Bucket: 'images', Key: job.key, Body: job.body }));
    // Keep at most `inFlight` images between upload and settled.
    while (uploadedAt.size - settledAt.size >= Number(args['in-flight'])) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
});
const poller = (async () => {
  while (settledAt.size < jobs.length) {
    for (const [key, status] of await statuses()) {
      if ((status === 'READY' || status === 'FAILED') && !settledAt.has(key)) settledAt.set(key, { at: performance.now(), status });
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
})();
await Promise.all([...uploaders, poller]);
const seconds = (performance.now() - start) / 1000;
const latencies = jobs.map((job) => settledAt.get(job.key).at - uploadedAt.get(job.key)).sort((a, b) => a - b);
const ready = [...settledAt.values()].filter((s) => s.status === 'READY').length;
console.log(JSON.stringify({
  name: 'gloss-e2e',
  images: jobs.length,
  ready,
  failed: jobs.length - ready,
  seconds: Number(seconds.toFixed(3)),
  images_per_s: Number((jobs.length / seconds).toFixed(2)),
  p50_ms: Number(latencies[Math.floor(latencies.length / 2)].toFixed(1)),
  max_ms: Number(latencies.at(-1).toFixed(1)),
}));
process.exit(0);
