// Functions end to end: the real sandbox runs built-in C++ functions (the
// SDK's echo, bin/functions/echo) and a TypeScript handler under
// aws-lambda-ric, invoked through the official @aws-sdk/client-lambda,
// triggered by @aws-sdk/client-s3 uploads, with timeouts, memory limits,
// crashes, secrets, IAM policies, async retries and live logs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { LambdaClient, InvokeCommand } from '@aws-sdk/client-lambda';
import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { makeApp, startSandbox, runGloss, eventually } from './harness.mjs';

process.env.GLOSS_FUNCTION_RETRY_DELAY_MS = '50';

const BACKEND = `
[storage.images]
access = [ { path = "images/*", authenticated = ["read"] } ]

[functions.echo]
entry = "builtin:echo"
timeoutSeconds = 2
memoryMB = 128
maxConcurrency = 2
environment = { BUCKET = "\${storage.images.name}" }
secrets = { API_KEY = "API_KEY" }
policy = [ { actions = ["s3:GetObject"], resources = ["arn:aws:s3:::images/images/*"] } ]

[functions.no-grants]
entry = "builtin:echo"

[functions.hello]
entry = "node:functions/hello/handler.ts"
environment = { GREETING = "hi" }
triggers = [ { storage = "images", events = ["ObjectCreated"], prefix = "images/original/", suffix = ".jpg" } ]
`;

// The Amplify Gen2 function template, as `ampx` generates it.
const HANDLER = `import type { Handler } from 'aws-lambda';
import { env } from '$amplify/env/hello';

export const handler: Handler = async (event) => {
  if (event.Records) {
    // S3 events carry the key form-encoded ("a/b c.jpg" is "a%2Fb+c.jpg").
    const key = decodeURIComponent(event.Records[0].s3.object.key.replace(/\\+/g, ' '));
    console.log('uploaded', event.Records[0].eventName, key);
    return;
  }
  const fail = event.fail ?? event.arguments?.fail;
  if (fail) {
    throw new Error(fail);
  }
  return { greeting: env.GREETING, name: event.name ?? 'world' };
};
`;

function makeFunctionsApp(t) {
  const dir = makeApp(t, { copyReference: false });
  writeFileSync(join(dir, 'backend.toml'), BACKEND);
  mkdirSync(join(dir, 'functions', 'hello'), { recursive: true });
  writeFileSync(join(dir, 'functions', 'hello', 'handler.ts'), HANDLER);
  return dir;
}

function adminCredentials(dir) {
  const { accessKeyId, secretAccessKey } = JSON.parse(
    readFileSync(join(dir, '.gloss', 'credentials.json'), 'utf8'));
  return { accessKeyId, secretAccessKey };
}

function clients(sandbox, dir) {
  const config = {
    endpoint: sandbox.url(''),
    region: 'us-east-1',
    credentials: adminCredentials(dir),
  };
  return {
    lambda: new LambdaClient(config),
    s3: new S3Client({ ...config, forcePathStyle: true }),
  };
}

async function invoke(lambda, name, event, extra = {}) {
  const out = await lambda.send(new InvokeCommand({
    FunctionName: name,
    Payload: new TextEncoder().encode(JSON.stringify(event)),
    ...extra,
  }));
  const text = out.Payload ? new TextDecoder().decode(out.Payload) : '';
  return { ...out, json: text ? JSON.parse(text) : undefined };
}

test('one sandbox, many function behaviours', async (t) => {
  const dir = makeFunctionsApp(t);
  // A secret set before the first start reaches workers.
  const set = await runGloss(['sandbox', 'secret', 'set', 'API_KEY', '--dir', dir], { input: 'k-123\n' });
  assert.equal(set.code, 0, set.stderr);
  const sandbox = await startSandbox(t, dir, ['--stream-function-logs', '--logs-filter', '^hello$']);
  const { lambda, s3 } = clients(sandbox, dir);

  await t.test('RequestResponse through @aws-sdk/client-lambda, with the log tail', async () => {
    const out = await invoke(lambda, 'echo', { hello: 'world' }, { LogType: 'Tail' });
    assert.equal(out.StatusCode, 200);
    assert.equal(out.FunctionError, undefined);
    assert.equal(out.ExecutedVersion, '$LATEST');
    assert.deepEqual(out.json.echo, { hello: 'world' });
    assert.equal(out.json.functionName, 'echo');
    const tail = Buffer.from(out.LogResult, 'base64').toString();
    assert.match(tail, /START RequestId: \S+ Version: \$LATEST/);
    assert.match(tail, /REPORT RequestId: \S+\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB/);
  });

  await t.test('the worker environment: Lambda variables, templates, secrets, credentials', async () => {
    const env = async (name) => (await invoke(lambda, 'echo', { env: name })).json.env;
    assert.equal(await env('AWS_LAMBDA_FUNCTION_NAME'), 'echo');
    assert.equal(await env('AWS_LAMBDA_FUNCTION_MEMORY_SIZE'), '128');
    assert.equal(await env('AWS_ENDPOINT_URL'), sandbox.url(''));
    assert.equal(await env('BUCKET'), 'images');
    assert.equal(await env('API_KEY'), 'k-123');
    assert.match(await env('AWS_ACCESS_KEY_ID'), /^ASIA[A-Z0-9]{16}$/);
    assert.ok(await env('AWS_SESSION_TOKEN'));
    assert.equal(await env('HOME_OF_GLOSS_NOT_INHERITED'), null);
  });

  await t.test('function errors are 200 with X-Amz-Function-Error', async () => {
    const out = await invoke(lambda, 'echo', { fail: 'bad input' });
    assert.equal(out.FunctionError, 'Unhandled');
    assert.deepEqual(out.json, { errorType: 'EchoError', errorMessage: 'bad input', stackTrace: [] });
  });

  await t.test('a timeout kills the worker with Lambda\'s message; the next call runs', async () => {
    const out = await invoke(lambda, 'echo', { sleepMs: 5000 });
    assert.equal(out.FunctionError, 'Unhandled');
    assert.equal(out.json.errorType, 'Sandbox.Timedout');
    assert.match(out.json.errorMessage, /Task timed out after 2\.00 seconds/);
    assert.deepEqual((await invoke(lambda, 'echo', { again: 1 })).json.echo, { again: 1 });
  });

  await t.test('over memoryMB the worker is killed', async () => {
    const out = await invoke(lambda, 'echo', { allocateMB: 400 }, { LogType: 'Tail' });
    assert.equal(out.FunctionError, 'Unhandled');
    assert.match(out.json.errorMessage, /Runtime exited with error: signal: killed/);
    assert.match(Buffer.from(out.LogResult, 'base64').toString(), /Max Memory Used: 128 MB/);
  });

  await t.test('a crash fails only its invocation and gloss keeps serving', async () => {
    const out = await invoke(lambda, 'echo', { crash: true });
    assert.equal(out.json.errorType, 'Runtime.ExitError');
    assert.match(out.json.errorMessage, /signal: aborted/);
    assert.equal((await fetch(sandbox.url('/_gloss/health'))).status, 200);
    assert.deepEqual((await invoke(lambda, 'echo', { after: 'crash' })).json.echo, { after: 'crash' });
  });

  await t.test('concurrent invocations share maxConcurrency workers', async () => {
    const all = await Promise.all([1, 2, 3, 4].map((i) => invoke(lambda, 'echo', { sleepMs: 300, i })));
    assert.deepEqual(all.map((o) => o.json.echo.i), [1, 2, 3, 4]);
  });

  await t.test('IAM policies: allowed, denied, and deny by default', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'images', Key: 'images/a.txt', Body: 'A' }));
    const allowed = await invoke(lambda, 'echo', { s3Get: { bucket: 'images', key: 'images/a.txt' } });
    assert.equal(allowed.json.body, 'A');
    const denied = await invoke(lambda, 'echo', { s3Put: { bucket: 'images', key: 'images/b.txt', body: 'B' } });
    assert.equal(denied.json.error.code, 'AccessDenied');
    const none = await invoke(lambda, 'no-grants', { s3Get: { bucket: 'images', key: 'images/a.txt' } });
    assert.equal(none.json.error.code, 'AccessDenied');
  });

  await t.test('a TypeScript handler runs under aws-lambda-ric', async () => {
    const out = await invoke(lambda, 'hello', { name: 'gloss' });
    assert.deepEqual(out.json, { greeting: 'hi', name: 'gloss' });
    const thrown = await invoke(lambda, 'hello', { fail: 'nope' });
    assert.equal(thrown.FunctionError, 'Unhandled');
    assert.equal(thrown.json.errorType, 'Error');
    assert.equal(thrown.json.errorMessage, 'nope');
  });

  await t.test('storage triggers run on matching uploads only, and logs stream', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'images', Key: 'images/original/u1/cat.jpg', Body: 'x' }));
    await s3.send(new PutObjectCommand({ Bucket: 'images', Key: 'images/original/u1/notes.txt', Body: 'x' }));
    await s3.send(new PutObjectCommand({ Bucket: 'images', Key: 'images/other/dog.jpg', Body: 'x' }));
    await eventually(() => /uploaded ObjectCreated:Put images\/original\/u1\/cat\.jpg/.test(sandbox.stdout));
    await new Promise((r) => setTimeout(r, 500));
    assert.doesNotMatch(sandbox.stdout, /notes\.txt|dog\.jpg/);
    // --logs-filter '^hello$': echo's lines are not printed.
    assert.match(sandbox.stdout, /\[hello\] \d{1,2}:\d\d:\d\d [AP]M START RequestId: /);
    assert.doesNotMatch(sandbox.stdout, /\[echo\]/);
    const logFile = readFileSync(join(dir, '.gloss', 'logs', 'functions', 'echo.log'), 'utf8');
    assert.match(logFile, /Task timed out after 2\.00 seconds/);
  });

  await t.test('GET /_gloss/logs streams log lines as Server-Sent Events', async () => {
    const url = new URL(sandbox.url('/_gloss/logs?function=echo'));
    const signer = new SignatureV4({ service: 'lambda', region: 'us-east-1', sha256: Sha256,
                                     credentials: adminCredentials(dir) });
    const signed = await signer.sign({
      method: 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port),
      path: url.pathname, query: { function: 'echo' }, headers: { host: url.host },
    });
    const controller = new AbortController();
    const res = await fetch(url, { headers: signed.headers, signal: controller.signal });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^text\/event-stream/);
    const reader = res.body.getReader();
    const marker = `sse-${Date.now()}`;
    await invoke(lambda, 'echo', { print: marker });
    let text = '';
    while (!text.includes(marker)) {
      const { value, done } = await reader.read();
      assert.ok(!done, 'the stream ended early');
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    const event = text.split('\n\n').find((e) => e.includes(marker));
    assert.match(event, /^id: \d+\nevent: log\ndata: /);
    const data = JSON.parse(event.split('\ndata: ')[1]);
    assert.equal(data.function, 'echo');
    assert.equal(data.line, marker);
    assert.doesNotMatch(text, /"function":"hello"/);
    // Unsigned callers get nothing.
    assert.equal((await fetch(sandbox.url('/_gloss/logs'))).status, 403);
  });

  await t.test('Event invocations retry twice, then land in the failure record', async () => {
    const accepted = await invoke(lambda, 'echo', { fail: 'always' }, { InvocationType: 'Event' });
    assert.equal(accepted.StatusCode, 202);
    const record = join(dir, '.gloss', 'functions', 'failures', 'echo.jsonl');
    await eventually(() => existsSync(record), 20000);
    const failure = JSON.parse(readFileSync(record, 'utf8').trim().split('\n').pop());
    assert.equal(failure.requestContext.condition, 'RetriesExhausted');
    assert.equal(failure.requestContext.approximateInvokeCount, 3);
    assert.deepEqual(failure.requestPayload, { fail: 'always' });
    assert.equal(failure.responsePayload.errorMessage, 'always');
  });

  await t.test('DryRun, unknown functions and bad credentials answer as Lambda does', async () => {
    const dry = await invoke(lambda, 'echo', {}, { InvocationType: 'DryRun' });
    assert.equal(dry.StatusCode, 204);
    await assert.rejects(invoke(lambda, 'missing', {}), { name: 'ResourceNotFoundException' });
    const stranger = new LambdaClient({
      endpoint: sandbox.url(''), region: 'us-east-1',
      credentials: { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x'.repeat(40) },
    });
    await assert.rejects(invoke(stranger, 'echo', {}), { name: 'InvalidAccessKeyId' });
  });
});

test('custom GraphQL operations invoke their @function', async (t) => {
  const dir = makeFunctionsApp(t);
  writeFileSync(join(dir, 'backend.toml'), `
[auth]
loginWith = ["email"]

[data]
schema = "data/schema.graphql"
defaultAuthorizationMode = "apiKey"
apiKey = { expiresInDays = 7 }

[functions.echo]
entry = "builtin:echo"

[functions.hello]
entry = "node:functions/hello/handler.ts"
environment = { GREETING = "hi" }
`);
  mkdirSync(join(dir, 'data'), { recursive: true });
  writeFileSync(join(dir, 'data', 'schema.graphql'), `
type Note @model @auth(rules: [{ allow: public }]) {
  id: ID!
  text: String
}

type Query {
  echo(msg: String): AWSJSON @function(name: "echo") @auth(rules: [{ allow: public }])
  greet(fail: String): AWSJSON @function(name: "hello") @auth(rules: [{ allow: public }])
}
`);
  const sandbox = await startSandbox(t, dir);
  const outputs = JSON.parse(readFileSync(join(dir, 'gloss_outputs.json'), 'utf8'));
  const graphql = async (query) => {
    const res = await fetch(sandbox.url('/graphql'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': outputs.data.api_key },
      body: JSON.stringify({ query }),
    });
    return res.json();
  };
  const echoed = await graphql('{ echo(msg: "hello") }');
  assert.equal(echoed.errors, undefined, JSON.stringify(echoed.errors));
  const event = JSON.parse(echoed.data.echo).echo;
  assert.equal(event.fieldName, 'echo');
  assert.equal(event.typeName, 'Query');
  assert.deepEqual(event.arguments, { msg: 'hello' });

  const failed = await graphql('{ greet(fail: "no greeting") }');
  assert.equal(failed.data.greet, null);
  assert.match(failed.errors[0].message, /no greeting/);
  assert.equal(failed.errors[0].errorType, 'Lambda:Unhandled');
});
