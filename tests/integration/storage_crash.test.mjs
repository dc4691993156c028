// kill -9 of the sandbox in the middle of S3 uploads through the official
// @aws-sdk/client-s3: after a restart on the same folder every acknowledged
// object is there and whole, no object is torn (a key whose upload was cut
// off is absent or complete), an overwritten key holds one of the bodies
// written to it, and the temp files of cut-off uploads are gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  S3Client, PutObjectCommand, GetObjectCommand, ListObjectsV2Command,
} from '@aws-sdk/client-s3';
import { makeApp, startSandbox } from './harness.mjs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const BUCKET = 'images';
const WRITERS = 6;
const OVERWRITTEN_KEYS = 3;  // Shared by all writers: last writer wins, or an in-flight one.
const MIN_ACKNOWLEDGED = 40;

// The body of put number `n`: 1 KiB to ~3 MiB of bytes derived from n, so
// that any body can be recomputed from the number stored in its metadata.
function bodyOf(n) {
  const size = 1024 + ((n * 7919) % (3 * 1024 * 1024));
  const body = Buffer.alloc(size);
  let state = (n * 2654435761) >>> 0;
  for (let i = 0; i < size; i += 4) {
    state = (state * 1664525 + 1013904223) >>> 0;
    body.writeUInt32LE(state, Math.min(i, size - 4));
  }
  return body;
}

const md5 = (bytes) => createHash('md5').update(bytes).digest('hex');

function client(sandbox, dir) {
  const credentials = JSON.parse(readFileSync(join(dir, '.gloss', 'credentials.json'), 'utf8'));
  return new S3Client({
    endpoint: sandbox.url(''), region: 'us-east-1', forcePathStyle: true, credentials, maxAttempts: 1,
  });
}

test('acknowledged uploads survive kill -9; cut-off ones are absent or whole', async (t) => {
  const dir = makeApp(t);
  const sandbox = await startSandbox(t, dir);
  const s3 = client(sandbox, dir);

  const acknowledged = new Map();  // key -> put number, for unique keys
  const started = new Map();       // key -> [put numbers started], for overwritten keys
  const ackedOverwrites = new Map();  // key -> put numbers acknowledged, in order
  let next = 0;
  let stop = false;
  const writer = async () => {
    while (!stop) {
      const n = next++;
      const shared = n % 5 === 4;
      const key = shared ? `crash/shared-${n % OVERWRITTEN_KEYS}` : `crash/unique-${n}`;
      if (shared) started.set(key, [...(started.get(key) ?? []), n]);
      try {
        await s3.send(new PutObjectCommand({
          Bucket: BUCKET, Key: key, Body: bodyOf(n), Metadata: { put: String(n) },
        }));
      } catch {
        return;  // The server is gone.
      }
      if (shared) ackedOverwrites.set(key, [...(ackedOverwrites.get(key) ?? []), n]);
      else acknowledged.set(key, n);
    }
  };
  const writers = Array.from({ length: WRITERS }, writer);
  while (acknowledged.size < MIN_ACKNOWLEDGED) await new Promise((r) => setTimeout(r, 20));
  sandbox.child.kill('SIGKILL');
  await sandbox.exitPromise;
  stop = true;
  await Promise.all(writers);

  const temp = join(dir, '.gloss', 'objects', 'tmp');
  t.diagnostic(`${acknowledged.size} unique keys acknowledged, ${next} puts started, ` +
    `${readdirSync(temp).length} temp files left by the kill`);

  const restarted = await startSandbox(t, dir);
  const s3Again = client(restarted, dir);
  const read = async (Key) => {
    const got = await s3Again.send(new GetObjectCommand({ Bucket: BUCKET, Key }));
    return { n: Number(got.Metadata.put), body: Buffer.from(await got.Body.transformToByteArray()) };
  };

  for (const [key, n] of acknowledged) {
    const { n: stored, body } = await read(key);
    assert.equal(stored, n, `${key} holds put ${n}`);
    assert.equal(md5(body), md5(bodyOf(n)), `${key} is whole`);
  }

  const listed = [];
  let ContinuationToken;
  do {
    const page = await s3Again.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'crash/', ContinuationToken }));
    listed.push(...(page.Contents ?? []));
    ContinuationToken = page.NextContinuationToken;
  } while (ContinuationToken);
  const listedKeys = new Set(listed.map((o) => o.Key));
  for (const key of acknowledged.keys()) assert.ok(listedKeys.has(key), `${key} is listed`);

  for (const object of listed) {
    const { n, body } = await read(object.Key);
    assert.equal(md5(body), md5(bodyOf(n)), `${object.Key} (put ${n}) is not torn`);
    assert.equal(object.Size, body.length);
    if (object.Key.startsWith('crash/shared-')) {
      // The last acknowledged put of the key, or one that started after it.
      const acked = ackedOverwrites.get(object.Key) ?? [];
      const lastAcked = acked.length ? acked[acked.length - 1] : -1;
      const candidates = (started.get(object.Key) ?? []).filter((m) => m >= lastAcked);
      assert.ok(candidates.includes(n), `${object.Key} holds put ${n}, one of ${candidates}`);
    } else {
      assert.equal(object.Key, `crash/unique-${n}`);
    }
  }
  for (const [key, acked] of ackedOverwrites) assert.ok(listedKeys.has(key), `${key} survives (puts ${acked})`);

  assert.deepEqual(readdirSync(temp), [], 'leftover temp files are removed at start');
});
