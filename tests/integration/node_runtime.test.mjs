// `node:` functions end to end without gloss's own Runtime API: the C++
// NodeRuntime bundles a handler (via node_runtime_tool, which prints the worker
// spec), and the spec is started here, under the real aws-lambda-ric, against
// a minimal Lambda Runtime API (2018-06-01) that this test serves on loopback.
// What it checks is what gloss's Runtime API will see: the requests and
// headers aws-lambda-ric sends, the response and error bodies, the init error,
// and handler logs on stdout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const TOOL = process.env.GLOSS_NODE_RUNTIME_TOOL;
if (!TOOL) {
  throw new Error('set GLOSS_NODE_RUNTIME_TOOL to the node_runtime_tool binary (ctest does)');
}
const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RUNTIME = process.env.GLOSS_NODE_RUNTIME || join(REPO, 'runtimes', 'node');
const FUNCTION = 'say-hello';
const ARN = `arn:aws:lambda:us-east-1:000000000000:function:${FUNCTION}`;

// The Amplify template (amplify/functions/say-hello/handler.ts), as is, plus
// what the checks need: the context, a log line, a way to throw.
const TEMPLATE_HANDLER = `import type { Handler } from 'aws-lambda';
import { env } from '$amplify/env/say-hello';

export const handler: Handler = async (event, context) => {
  console.log('hello from', env.AWS_LAMBDA_FUNCTION_NAME);
  if (event.fail) {
    throw new TypeError(\`cannot greet \${event.name}\`);
  }
  return {
    message: \`Hello, \${event.name}! (\${env.GREETING_STYLE})\`,
    requestId: context.awsRequestId,
    functionArn: context.invokedFunctionArn,
    remainingMs: context.getRemainingTimeInMillis(),
  };
};
`;

function tempDir(t, prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// Writes the app's files and runs node_runtime_tool; resolves the worker spec.
async function prepare(t, files, { env = ['GREETING_STYLE'], runtime } = {}) {
  const dir = tempDir(t, 'gloss-node-e2e-');
  const fnDir = join(dir, 'app', 'functions', FUNCTION);
  mkdirSync(fnDir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(fnDir, name), text);
  }
  const args = ['--name', FUNCTION, '--handler', join(fnDir, 'handler.ts'),
    '--out', join(dir, 'state', 'functions', FUNCTION, 'node')];
  for (const name of env) args.push('--env', name);
  const toolEnv = { ...process.env };
  if (runtime) toolEnv.GLOSS_NODE_RUNTIME = runtime;
  const { stdout } = await promisify(execFile)(TOOL, args, { env: toolEnv }).catch((e) => e);
  const spec = JSON.parse(stdout);
  assert.equal(spec.error, undefined, JSON.stringify(spec.error));
  return spec;
}

// A Runtime API for one worker: `next` waits for invoke(); each
// response/error/init-error POST is recorded with its headers.
async function startRuntimeApi(t) {
  const api = { requests: [], pending: [], waiting: [], results: new Map(), initError: null };
  let nextId = 0;
  let onInitError = () => {};
  api.initErrorPosted = new Promise((resolve) => (onInitError = resolve));
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const request = { method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString() };
      request.at = performance.now();
      api.requests.push(request);
      const base = '/2018-06-01/runtime';
      if (req.method === 'GET' && req.url === `${base}/invocation/next`) {
        const send = (invocation) => {
          res.writeHead(200, {
            'Content-Type': 'application/json',
            'Lambda-Runtime-Aws-Request-Id': invocation.id,
            'Lambda-Runtime-Deadline-Ms': String(Date.now() + 3000),
            'Lambda-Runtime-Invoked-Function-Arn': ARN,
            'Lambda-Runtime-Trace-Id': 'Root=1-00000000-000000000000000000000000;Sampled=0',
          });
          res.end(JSON.stringify(invocation.event));
        };
        const queued = api.pending.shift();
        if (queued) send(queued);
        else api.waiting.push(send);
        return;
      }
      const match = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/.exec(req.url);
      if (req.method === 'POST' && match && api.results.has(match[1])) {
        api.results.get(match[1])({ kind: match[2], headers: req.headers, body: JSON.parse(request.body) });
        res.writeHead(202, { 'Content-Type': 'application/json' });
        res.end('{"status":"OK"}');
        return;
      }
      if (req.method === 'POST' && req.url === `${base}/init/error`) {
        api.initError = { headers: req.headers, body: JSON.parse(request.body) };
        onInitError(api.initError);
        res.writeHead(202, { 'Content-Type': 'application/json' });
        res.end('{"status":"OK"}');
        return;
      }
      res.writeHead(404);
      res.end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  api.address = `127.0.0.1:${server.address().port}`;
  // Resolves with {kind: 'response'|'error', headers, body} and the request id.
  api.invoke = (event) => {
    const id = `req-${++nextId}`;
    const result = new Promise((resolve) => api.results.set(id, resolve));
    const waiter = api.waiting.shift();
    if (waiter) waiter({ id, event });
    else api.pending.push({ id, event });
    return result.then((r) => ({ ...r, id }));
  };
  return api;
}

// Starts the worker the way the functions service will: the spec's argv, cwd
// and env, plus the Lambda environment, and nothing inherited from us.
function startWorker(t, spec, api) {
  const worker = { stdout: '', stderr: '', exited: null, startedAt: performance.now() };
  const child = spawn(spec.argv[0], spec.argv.slice(1), {
    cwd: spec.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...spec.env,
      AWS_LAMBDA_RUNTIME_API: api.address,
      AWS_LAMBDA_FUNCTION_NAME: FUNCTION,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
      AWS_REGION: 'us-east-1',
      TZ: ':UTC',
      PATH: '/usr/local/bin:/usr/bin:/bin',
      GREETING_STYLE: 'warm',
    },
  });
  child.stdout.on('data', (d) => (worker.stdout += d));
  child.stderr.on('data', (d) => (worker.stderr += d));
  worker.exit = new Promise((resolve) => child.on('exit', (code, signal) => resolve((worker.exited = { code, signal }))));
  t.after(() => {
    if (!worker.exited) child.kill('SIGKILL');
  });
  return worker;
}

async function eventually(check, what, ms = 10000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${what} within ${ms} ms`);
}

test('the template handler answers through aws-lambda-ric, warm invocations reuse the worker', async (t) => {
  const spec = await prepare(t, { 'handler.ts': TEMPLATE_HANDLER });
  assert.equal(spec.bundled, true);
  const api = await startRuntimeApi(t);
  const worker = startWorker(t, spec, api);

  const first = await api.invoke({ name: 'Ada' });
  assert.equal(first.kind, 'response', worker.stdout + worker.stderr);
  assert.equal(first.body.message, 'Hello, Ada! (warm)');
  assert.equal(first.body.requestId, first.id);
  assert.equal(first.body.functionArn, ARN);
  assert.ok(first.body.remainingMs > 0 && first.body.remainingMs <= 3000, String(first.body.remainingMs));
  const second = await api.invoke({ name: 'Grace' });
  assert.equal(second.body.message, 'Hello, Grace! (warm)');
  assert.equal(worker.exited, null);

  // What aws-lambda-ric (its native client, aws-lambda-cpp over curl) sends.
  const nexts = api.requests.filter((r) => r.url.endsWith('/invocation/next'));
  assert.ok(nexts.length >= 2);
  for (const next of nexts) {
    assert.equal(next.method, 'GET');
    assert.match(next.headers['user-agent'], /^AWS_Lambda_Cpp\//);
    assert.equal(next.body, '');
  }
  assert.equal(first.headers['content-type'], 'application/json');
  assert.match(first.headers['user-agent'], /^AWS_Lambda_Cpp\//);
  assert.equal(first.headers['content-length'], String(Buffer.byteLength(JSON.stringify(first.body))));
  assert.equal(first.headers['transfer-encoding'], undefined);

  // console.log reaches stdout in the runtime's TIMESTAMP\tREQUEST_ID\tLEVEL\tmessage form.
  await eventually(() => worker.stdout.includes(`\t${second.id}\tINFO\thello from ${FUNCTION}`),
    `log line not on stdout: ${worker.stdout}`);
  assert.match(worker.stdout, new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\t${first.id}\\tINFO\\thello from say-hello$`, 'm'));

  const initMs = nexts[0].at - worker.startedAt;
  t.diagnostic(`bundle ${spec.bundleMs} ms; aws-lambda-ric spawn to first next ${initMs.toFixed(0)} ms`);
});

test('a handler that throws posts {errorType, errorMessage, trace} with source-mapped lines', async (t) => {
  const spec = await prepare(t, { 'handler.ts': TEMPLATE_HANDLER });
  const api = await startRuntimeApi(t);
  const worker = startWorker(t, spec, api);

  const failed = await api.invoke({ name: 'Bob', fail: true });

  assert.equal(failed.kind, 'error');
  assert.deepEqual(Object.keys(failed.body).sort(), ['errorMessage', 'errorType', 'trace']);
  assert.equal(failed.body.errorType, 'TypeError');
  assert.equal(failed.body.errorMessage, 'cannot greet Bob');
  assert.equal(failed.body.trace[0], 'TypeError: cannot greet Bob');
  // --enable-source-maps: the frame names handler.ts and its line, not index.mjs.
  assert.match(failed.body.trace[1], /handler\.ts:7:\d+\)$/);
  // aws-lambda-cpp sends no Lambda-Runtime-Function-Error-Type on this path,
  // only the X-Ray cause.
  assert.equal(failed.headers['content-type'], 'application/json');
  assert.equal(failed.headers['lambda-runtime-function-error-type'], undefined);
  assert.equal(JSON.parse(failed.headers['lambda-runtime-function-xray-error-cause']).exceptions[0].type, 'TypeError');
  await eventually(() => worker.stdout.includes(`\t${failed.id}\tERROR\tInvoke Error`), `error log: ${worker.stdout}`);

  // The worker survives a handler error.
  const ok = await api.invoke({ name: 'Bob' });
  assert.equal(ok.kind, 'response');
  assert.equal(worker.exited, null);
});

test('a handler that throws while loading posts init/error and the worker exits', async (t) => {
  const spec = await prepare(t, {
    'handler.ts': `const region: string = process.env.NOT_SET ?? '';\nif (!region) throw new Error('NOT_SET is required');\nexport const handler = async () => region;\n`,
  });
  const api = await startRuntimeApi(t);
  const worker = startWorker(t, spec, api);

  const initError = await api.initErrorPosted;

  assert.equal(initError.body.errorType, 'Error');
  assert.equal(initError.body.errorMessage, 'NOT_SET is required');
  assert.ok(Array.isArray(initError.body.trace));
  assert.equal(initError.headers['lambda-runtime-function-error-type'], 'Error');
  const exited = await worker.exit;
  assert.notEqual(exited.code, 0);
  assert.equal(api.requests.some((r) => r.url.endsWith('/invocation/next')), false);
});

test('@aws-sdk/* stays external and resolves from the runtime folder', async (t) => {
  // A runtime folder like runtimes/node whose node_modules also holds an
  // @aws-sdk package, as Lambda's runtime holds the SDK.
  const runtime = tempDir(t, 'gloss-node-runtime-');
  const modules = join(runtime, 'node_modules');
  mkdirSync(join(modules, '@aws-sdk', 'client-gloss-test'), { recursive: true });
  for (const name of ['esbuild', 'aws-lambda-ric']) {
    symlinkSync(join(RUNTIME, 'node_modules', name), join(modules, name));
  }
  writeFileSync(join(modules, '@aws-sdk', 'client-gloss-test', 'package.json'),
    JSON.stringify({ name: '@aws-sdk/client-gloss-test', type: 'module', exports: './index.js' }));
  writeFileSync(join(modules, '@aws-sdk', 'client-gloss-test', 'index.js'),
    "export const origin = 'the runtime folder';\n");
  const spec = await prepare(t, {
    'handler.ts': "import { origin } from '@aws-sdk/client-gloss-test';\nexport const handler = async () => origin;\n",
  }, { runtime });
  const api = await startRuntimeApi(t);
  startWorker(t, spec, api);

  const result = await api.invoke({});

  assert.equal(result.kind, 'response');
  assert.equal(result.body, 'the runtime folder');
});
