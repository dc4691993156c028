// The C++ function SDK (sdk/) against the real sandbox and against an
// independent runtime API. The example function bin/functions/echo
// (GLOSS_ECHO_BIN) is run two ways:
// - `echo --invoke EVENT`: its handler once, in-process, with the sandbox's
//   admin key pair in the environment a function gets (AWS_ENDPOINT_URL,
//   AWS_ACCESS_KEY_ID, ...): StorageClient and DataClient sign with SigV4 and
//   gloss verifies; objects are cross-checked with @aws-sdk/client-s3.
// - as a function process: a small Lambda Runtime API server here hands it
//   invocations, so the runtime loop's wire format is checked by code that
//   shares nothing with the SDK.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { S3Client, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { makeApp, startSandbox } from './harness.mjs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const ECHO = process.env.GLOSS_ECHO_BIN;
if (!ECHO) {
  throw new Error('set GLOSS_ECHO_BIN to bin/functions/echo (ctest does)');
}
const BUCKET = 'images';  // Declared in app/backend.toml.

async function start(t) {
  const dir = makeApp(t);
  const sandbox = await startSandbox(t, dir);
  const credentials = JSON.parse(readFileSync(join(dir, '.gloss', 'credentials.json'), 'utf8'));
  // Only what gloss gives a function worker (functions.md), nothing inherited.
  const env = {
    PATH: process.env.PATH,
    AWS_ENDPOINT_URL: sandbox.url(''),
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  };
  const invoke = async (event, extraEnv = {}) => {
    const { stdout } = await promisify(execFile)(ECHO, ['--invoke', JSON.stringify(event)],
      { env: { ...env, ...extraEnv }, timeout: 20000 });
    return JSON.parse(stdout);
  };
  const s3 = new S3Client({ endpoint: sandbox.url(''), region: 'us-east-1', forcePathStyle: true, credentials, maxAttempts: 1 });
  return { sandbox, invoke, s3 };
}

test('StorageClient puts, gets, heads, lists and deletes with SigV4', async (t) => {
  const { invoke, s3 } = await start(t);
  const key = 'sdk/dir/a b+c ü.txt';  // Space, plus and UTF-8 must be encoded as SigV4 wants.

  const put = await invoke({ s3Put: { bucket: BUCKET, key, body: 'hello from C++', contentType: 'text/plain' } });
  assert.match(put.etag, /^"[0-9a-f]{32}"$/, JSON.stringify(put));

  // The official SDK sees the same object under the same key.
  const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  assert.equal(await got.Body.transformToString(), 'hello from C++');
  assert.equal(got.ContentType, 'text/plain');
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'sdk/dir/z.bin', Body: 'zz' }));

  const fetched = await invoke({ s3Get: { bucket: BUCKET, key } });
  assert.equal(fetched.body, 'hello from C++');
  assert.equal(fetched.contentType, 'text/plain');
  assert.equal(fetched.etag, put.etag);

  const head = await invoke({ s3Head: { bucket: BUCKET, key } });
  assert.equal(head.contentLength, 14);
  assert.equal(head.etag, put.etag);

  // Two pages of one key each, through the continuation token; then the grouping.
  const first = await invoke({ s3List: { bucket: BUCKET, prefix: 'sdk/dir/', maxKeys: 1 } });
  assert.deepEqual(first.objects.map((o) => o.key), [key]);
  assert.equal(first.isTruncated, true);
  const second = await invoke({ s3List: { bucket: BUCKET, prefix: 'sdk/dir/', maxKeys: 1, continuationToken: first.nextContinuationToken } });
  assert.deepEqual(second.objects.map((o) => [o.key, o.size]), [['sdk/dir/z.bin', 2]]);
  assert.equal(second.isTruncated, false);
  const grouped = await invoke({ s3List: { bucket: BUCKET, prefix: 'sdk/', delimiter: '/' } });
  assert.deepEqual(grouped.commonPrefixes, ['sdk/dir/']);
  assert.deepEqual(grouped.objects, []);

  assert.deepEqual(await invoke({ s3Delete: { bucket: BUCKET, key } }), { deleted: true });
  assert.equal((await invoke({ s3Get: { bucket: BUCKET, key } })).error.code, 'NoSuchKey');
  assert.deepEqual((await invoke({ s3Head: { bucket: BUCKET, key } })).error,
    { code: 'NotFound', message: '', status: 404 });
  assert.equal((await invoke({ s3Get: { bucket: 'no-such-bucket', key: 'x' } })).error.code, 'NoSuchBucket');
});

test('a wrong secret or an unknown key is refused with S3 error codes', async (t) => {
  const { invoke } = await start(t);
  const wrongSecret = await invoke({ s3Get: { bucket: BUCKET, key: 'x' } }, { AWS_SECRET_ACCESS_KEY: 'x'.repeat(40) });
  assert.equal(wrongSecret.error.code, 'SignatureDoesNotMatch');
  assert.equal(wrongSecret.error.status, 403);
  const unknownKey = await invoke({ s3Put: { bucket: BUCKET, key: 'x', body: 'x' } }, { AWS_ACCESS_KEY_ID: 'AKIAUNKNOWNKEY000000' });
  assert.equal(unknownKey.error.code, 'InvalidAccessKeyId');
});

test('DataClient runs GraphQL signed for appsync and reports GraphQL errors', async (t) => {
  const { invoke } = await start(t);
  const created = await invoke({
    graphql: {
      query: 'mutation($input: CreateProjectInput!) { createProject(input: $input) { id name labels } }',
      variables: { input: { name: 'Cats', labels: ['cat', 'dog'] } },
    },
  });
  assert.equal(created.data.createProject.name, 'Cats', JSON.stringify(created));
  const { id } = created.data.createProject;

  const read = await invoke({ graphql: { query: 'query($id: ID!) { getProject(id: $id) { id labels } }', variables: { id } } });
  assert.deepEqual(read.data.getProject, { id, labels: ['cat', 'dog'] });

  const invalid = await invoke({ graphql: { query: '{ noSuchField }' } });
  assert.ok(invalid.error.code, JSON.stringify(invalid));
  assert.match(invalid.error.message, /noSuchField/);

  const unsigned = await invoke({ graphql: { query: '{ listProjects { items { id } } }' } }, { AWS_SECRET_ACCESS_KEY: 'x'.repeat(40) });
  assert.equal(unsigned.error.status, 403, JSON.stringify(unsigned));
});

// A Lambda Runtime API (2018-06-01) for one function process: hands out
// `events` in order, records every post; `next` after the last event is held
// open until the test ends the process.
async function runtimeApi(t, events) {
  const posts = [];
  const pending = [...events];
  let seq = 0;
  let waiter = null;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      if (req.method === 'GET' && req.url === '/2018-06-01/runtime/invocation/next') {
        const event = pending.shift();
        if (event === undefined) return;  // Hold: the process waits here until killed.
        const id = `req-${++seq}`;
        res.writeHead(200, {
          'Lambda-Runtime-Aws-Request-Id': id,
          'Lambda-Runtime-Deadline-Ms': String(Date.now() + 5000),
          'Lambda-Runtime-Invoked-Function-Arn': 'arn:aws:lambda:us-east-1:000000000000:function:echo',
          'Lambda-Runtime-Trace-Id': 'Root=1-00000000-000000000000000000000001',
        });
        res.end(JSON.stringify(event));
        return;
      }
      posts.push({ method: req.method, url: req.url, headers: req.headers, body });
      res.writeHead(202, { 'content-type': 'application/json' });
      res.end('{"status":"OK"}');
      if (waiter) waiter();
    });
  });
  let connections = 0;
  server.on('connection', () => ++connections);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  server.keepAliveTimeout = 60000;
  const address = `127.0.0.1:${server.address().port}`;
  const waitForPosts = async (n) => {
    while (posts.length < n) await new Promise((resolve) => (waiter = resolve));
  };
  return { address, posts, waitForPosts, connections: () => connections };
}

test('the echo process speaks the runtime API: responses, errors, logs', async (t) => {
  const api = await runtimeApi(t, [
    { hello: 'world' },
    { fail: 'no luck' },
    { throw: 'thrown' },
    { print: 'a log line', printErr: 'an error line' },
    { env: 'AWS_LAMBDA_FUNCTION_NAME' },
    'not an object',
  ]);
  const child = spawn(ECHO, [], {
    env: { PATH: process.env.PATH, AWS_LAMBDA_RUNTIME_API: api.address, AWS_LAMBDA_FUNCTION_NAME: 'echo-fn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  t.after(() => child.kill('SIGKILL'));

  await api.waitForPosts(6);
  const [ok, failed, thrown, printed, env, scalar] = api.posts;
  assert.equal(ok.url, '/2018-06-01/runtime/invocation/req-1/response');
  const answer = JSON.parse(ok.body);
  assert.deepEqual(answer.echo, { hello: 'world' });
  assert.equal(answer.requestId, 'req-1');
  assert.equal(answer.functionName, 'echo-fn');
  assert.ok(answer.remainingMs > 0 && answer.remainingMs <= 5000, String(answer.remainingMs));

  assert.equal(failed.url, '/2018-06-01/runtime/invocation/req-2/error');
  assert.equal(failed.headers['lambda-runtime-function-error-type'], 'EchoError');
  assert.deepEqual(JSON.parse(failed.body), { errorMessage: 'no luck', errorType: 'EchoError', stackTrace: [] });
  assert.equal(thrown.url, '/2018-06-01/runtime/invocation/req-3/error');
  assert.deepEqual(JSON.parse(thrown.body), { errorMessage: 'thrown', errorType: 'std::runtime_error', stackTrace: [] });

  // Printed before the response was posted: stdout is line-buffered and flushed.
  assert.equal(printed.url, '/2018-06-01/runtime/invocation/req-4/response');
  assert.match(stdout, /^a log line$/m);
  assert.match(stderr, /^an error line$/m);
  assert.deepEqual(JSON.parse(env.body), { env: 'echo-fn' });
  assert.equal(JSON.parse(scalar.body).echo, 'not an object');
  // One keep-alive connection for all of it.
  assert.equal(api.connections(), 1);
  assert.equal(child.exitCode, null, 'the process waits for the next invocation');
});

test('crash and exit end the process the way the event asks', async (t) => {
  for (const [event, check] of [
    [{ crash: true }, (code, signal) => assert.equal(signal, 'SIGABRT')],
    [{ exit: 7 }, (code) => assert.equal(code, 7)],
  ]) {
    const api = await runtimeApi(t, [event]);
    const child = spawn(ECHO, [], { env: { AWS_LAMBDA_RUNTIME_API: api.address }, stdio: 'ignore' });
    const [code, signal] = await new Promise((resolve) => child.on('exit', (c, s) => resolve([c, s])));
    check(code, signal);
    assert.equal(api.posts.length, 0);
  }
});
