// The foundation as a user meets it: start, outputs, health, metrics, routing,
// hot reload, shutdown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync, appendFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { makeApp, startSandbox, eventually, logEvents, runGloss } from './harness.mjs';

const readOutputs = (dir) => JSON.parse(readFileSync(join(dir, 'gloss_outputs.json'), 'utf8'));

test('first start creates the state folder, credentials and the outputs file', async (t) => {
  const dir = makeApp(t);
  const sandbox = await startSandbox(t, dir);

  const credentials = JSON.parse(readFileSync(join(dir, '.gloss', 'credentials.json'), 'utf8'));
  assert.match(credentials.accessKeyId, /^AKIA[A-Z0-9]{16}$/);
  assert.equal(credentials.secretAccessKey.length, 40);
  assert.equal(statSync(join(dir, '.gloss', 'credentials.json')).mode & 0o777, 0o600);
  assert.ok(existsSync(join(dir, '.gloss', 'auth', 'outbox.jsonl')));

  const outputs = readOutputs(dir);
  assert.equal(outputs.version, '1.4');
  for (const section of ['auth', 'data', 'storage', 'custom']) assert.ok(outputs[section], section);
  assert.equal(outputs.data.url, sandbox.url('/graphql'));
  assert.equal(outputs.data.default_authorization_type, 'AMAZON_COGNITO_USER_POOLS');
  assert.equal(outputs.storage.bucket_name, 'images');
  assert.deepEqual(outputs.storage.buckets[0].paths['images/original/{entity_id}/*'].entityidentity,
    ['get', 'list', 'write', 'delete']);
  assert.equal(outputs.custom.queueUrl, sandbox.url('/000000000000/evaluation-queue'));
  assert.equal(outputs.custom.queueArn, 'arn:aws:sqs:us-east-1:000000000000:evaluation-queue');

  // Every section of the reference app is served: no inactive service is reported.
  const inactive = logEvents(sandbox).filter((e) => e.msg.includes('service inactive')).map((e) => e.service);
  assert.deepEqual(inactive, []);
});

test('restart keeps the admin key pair', async (t) => {
  const dir = makeApp(t);
  const first = await startSandbox(t, dir);
  const key = JSON.parse(readFileSync(join(dir, '.gloss', 'credentials.json'), 'utf8')).accessKeyId;
  assert.equal((await first.stop('SIGINT')).code, 0);
  await startSandbox(t, dir);
  assert.equal(JSON.parse(readFileSync(join(dir, '.gloss', 'credentials.json'), 'utf8')).accessKeyId, key);
});

test('health answers with the database and service states', async (t) => {
  const sandbox = await startSandbox(t, makeApp(t));
  const response = await fetch(sandbox.url('/_gloss/health'));
  assert.equal(response.status, 200);
  const health = await response.json();
  assert.equal(health.status, 'ok');
  assert.equal(health.database, 'ok');
  assert.equal(health.services.queues, 'active');
  assert.equal(health.services.auth, 'active');
  assert.equal(health.services.data, 'active');
});

test('metrics are Prometheus text with per-route counts and latency histograms', async (t) => {
  const sandbox = await startSandbox(t, makeApp(t));
  for (let i = 0; i < 3; i++) await (await fetch(sandbox.url('/_gloss/health'))).text();
  await (await fetch(sandbox.url('/no/such/route'))).text();
  const text = await eventually(async () => {
    const body = await (await fetch(sandbox.url('/_gloss/metrics'))).text();
    return body.includes('route="health",method="GET",code="200"} 3') ? body : null;
  });
  assert.match(text, /# TYPE gloss_http_requests_total counter/);
  assert.match(text, /gloss_http_requests_total\{route="unmatched",method="GET",code="404"\} 1/);
  assert.match(text, /gloss_http_request_duration_seconds_bucket\{route="health",le="\+Inf"\} \d+/);
});

test('requests are dispatched by X-Amz-Target, SigV4 scope and path', async (t) => {
  const sandbox = await startSandbox(t, makeApp(t));
  const call = async (path, init) => {
    const response = await fetch(sandbox.url(path), init);
    return { status: response.status, headers: response.headers, text: await response.text() };
  };
  const sqs = await call('/', { method: 'POST', headers: { 'X-Amz-Target': 'AmazonSQS.ListQueues' }, body: '{}' });
  // SQS is served; an unsigned request is SQS's own AccessDenied.
  assert.equal(sqs.status, 403);
  assert.equal(sqs.headers.get('x-amzn-query-error'), 'AccessDenied;Sender');
  assert.equal(JSON.parse(sqs.text).__type, 'com.amazonaws.sqs#AccessDenied');

  const cognito = await call('/', {
    method: 'POST', headers: { 'X-Amz-Target': 'AWSCognitoIdentityProviderService.SignUp' }, body: '{}',
  });
  assert.equal(cognito.status, 400);
  assert.equal(JSON.parse(cognito.text).__type, 'InvalidParameterException');

  const s3 = await call('/images/photo.jpg', {
    headers: { Authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20261125/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00' },
  });
  // S3 is served: a malformed signature gets S3's own error document.
  assert.equal(s3.status, 400);
  assert.match(s3.text, /<Error><Code>AuthorizationHeaderMalformed<\/Code>/);

  // Lambda's Invoke is served: unsigned callers are refused in Lambda's error shape.
  const lambda = await call('/2015-03-31/functions/process-image/invocations', { method: 'POST', body: '{}' });
  assert.equal(lambda.status, 403);
  assert.equal(lambda.headers.get('x-amzn-errortype'), 'AccessDeniedException');
  assert.match(JSON.parse(lambda.text).message, /admin credentials/);

  // The data service answers; without credentials as AppSync does.
  const graphql = await call('/graphql', { method: 'POST', body: '{}' });
  assert.equal(graphql.status, 401);
  assert.equal(JSON.parse(graphql.text).errors[0].errorType, 'UnauthorizedException');

  const missing = await call('/nothing-here', {});
  assert.equal(missing.status, 404);
});

test('a valid edit of backend.toml is applied without a restart', async (t) => {
  const dir = makeApp(t);
  const sandbox = await startSandbox(t, dir);
  const original = readFileSync(join(dir, 'backend.toml'), 'utf8');
  writeFileSync(join(dir, 'backend.toml'),
    original.replace('[outputs.custom]', '[outputs.custom]\nreportsUrl = "${queues.reports.url}"') +
    '\n[queues.reports]\nqueueName = "reports"\n');
  const outputs = await eventually(() => {
    const current = readOutputs(dir);
    return current.custom.reportsUrl ? current : null;
  });
  assert.equal(outputs.custom.reportsUrl, sandbox.url('/000000000000/reports'));
  await eventually(() => logEvents(sandbox).some((e) => e.msg === 'reloaded backend definition'));
  assert.equal(sandbox.exited, null);
});

test('an invalid edit is reported and the previous definition keeps serving', async (t) => {
  const dir = makeApp(t);
  const sandbox = await startSandbox(t, dir);
  const before = readFileSync(join(dir, 'gloss_outputs.json'), 'utf8');
  const good = readFileSync(join(dir, 'backend.toml'), 'utf8');
  writeFileSync(join(dir, 'backend.toml'), good.replace('maxReceiveCount = 3', 'maxReceiveCount = 0'));
  const rejected = await eventually(() => logEvents(sandbox).find((e) => e.msg.startsWith('reload rejected')));
  assert.match(rejected.error, /backend\.toml:\d+:\d+: .*maxReceiveCount/);
  assert.equal(readFileSync(join(dir, 'gloss_outputs.json'), 'utf8'), before);
  assert.equal((await fetch(sandbox.url('/_gloss/health'))).status, 200);

  // Fixing it is picked up again.
  writeFileSync(join(dir, 'backend.toml'), good.replace('[outputs.custom]', '[outputs.custom]\nfixed = "yes"'));
  await eventually(() => readOutputs(dir).custom.fixed === 'yes');
});

test('an edit of the GraphQL schema triggers a reload', async (t) => {
  const dir = makeApp(t);
  const sandbox = await startSandbox(t, dir);
  appendFileSync(join(dir, 'data', 'schema.graphql'), '\n# touched\n');
  await eventually(() => logEvents(sandbox).some((e) => e.msg === 'reloaded backend definition'));
});

test('SIGTERM and SIGINT stop the sandbox cleanly with exit code 0', async (t) => {
  for (const signal of ['SIGTERM', 'SIGINT']) {
    const sandbox = await startSandbox(t, makeApp(t));
    assert.equal((await fetch(sandbox.url('/_gloss/health'))).status, 200);
    const exit = await sandbox.stop(signal);
    assert.deepEqual(exit, { code: 0, signal: null }, signal);
    assert.ok(logEvents(sandbox).some((e) => e.msg === 'stopped'));
  }
});

test('a second sandbox on the same state folder is refused', async (t) => {
  const dir = makeApp(t);
  await startSandbox(t, dir);
  const second = await runGloss(['sandbox', '--port', '0', '--dir', dir]);
  assert.equal(second.code, 1);
  assert.match(second.stderr, /another gloss sandbox is running/);
});
