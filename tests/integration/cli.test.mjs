// The command line and bad backend definitions: exit codes and messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { makeApp, runGloss, startSandbox } from './harness.mjs';

test('version prints the version', async () => {
  const result = await runGloss(['version']);
  assert.equal(result.code, 0);
  assert.match(result.stdout, /^gloss \d+\.\d+\.\d+\n$/);
});

test('--help works on every command', async () => {
  for (const args of [['--help'], ['sandbox', '--help'], ['sandbox', 'delete', '--help'], ['version', '--help'],
    ['sandbox', 'secret', '--help'], ['sandbox', 'secret', 'set', '--help']]) {
    const result = await runGloss(args);
    assert.equal(result.code, 0, args.join(' '));
    assert.match(result.stdout, /Usage:/, args.join(' '));
  }
});

test('bad command lines exit with code 2', async () => {
  for (const args of [[], ['sandbox', '--no-such-flag'], ['sandbox', '--port', '70000'],
    ['sandbox', '--log-format', 'xml'], ['sandbox', '--logs-filter', '(unclosed'],
    ['sandbox', '--database', 'mysql://x']]) {
    const result = await runGloss(args);
    assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
  }
});

// Each case: what to do to the reference backend.toml, and the field the error must name.
const BAD_DEFINITIONS = [
  ['unknown key', (s) => s.replace('[auth]', '[auth]\nloginWit = ["email"]'), /unknown key 'loginWit'/],
  ['wrong type', (s) => s.replace('timeoutSeconds = 60', 'timeoutSeconds = "sixty"'), /timeoutSeconds/],
  ['negative timeout', (s) => s.replace('timeoutSeconds = 60', 'timeoutSeconds = -5'), /timeoutSeconds/],
  ['maxReceiveCount 0', (s) => s.replace('maxReceiveCount = 3', 'maxReceiveCount = 0'), /maxReceiveCount/],
  ['trigger on a missing queue', (s) => s.replace('{ queue = "evaluation", batchSize = 10 }', '{ queue = "nope", batchSize = 10 }'), /nope/],
  ['dangling reference', (s) => s.replace('${queues.evaluation.url}', '${queues.missing.url}'), /missing/],
  ['bad duration', (s) => s.replace('visibilityTimeout = "15m"', 'visibilityTimeout = "15 parsecs"'), /visibilityTimeout/],
  ['dead-letter cycle', (s) => s.replace('[queues.evaluation-dlq]', '[queues.evaluation-dlq]\ndeadLetterQueue = { queue = "evaluation", maxReceiveCount = 3 }'), /cycle/],
  ['TOML syntax', (s) => s + '\n[broken\n', /.+/],
];

for (const [name, edit, field] of BAD_DEFINITIONS) {
  test(`a bad backend.toml (${name}) exits 2 with file:line:col and starts nothing`, async (t) => {
    const dir = makeApp(t);
    const file = join(dir, 'backend.toml');
    const edited = edit(readFileSync(file, 'utf8'));
    assert.notEqual(edited, readFileSync(file, 'utf8'), 'the edit must change the file');
    writeFileSync(file, edited);
    const result = await runGloss(['sandbox', '--port', '0', '--dir', dir]);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /backend\.toml:\d+:\d+: /);
    assert.match(result.stderr, field);
    assert.doesNotMatch(result.stdout, /ready/);
    assert.equal(existsSync(join(dir, 'gloss_outputs.json')), false);
  });
}

test('a missing backend.toml exits 2', async (t) => {
  const dir = makeApp(t, { copyReference: false });
  const result = await runGloss(['sandbox', '--port', '0', '--dir', dir]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /backend\.toml/);
});

test('sandbox delete removes the state folder and outputs, and refuses while running', async (t) => {
  const dir = makeApp(t);
  const sandbox = await startSandbox(t, dir);
  const refused = await runGloss(['sandbox', 'delete', '--dir', dir, '--yes']);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /running/);
  assert.equal((await sandbox.stop()).code, 0);

  const noConfirmation = await runGloss(['sandbox', 'delete', '--dir', dir]);
  assert.equal(noConfirmation.code, 2);
  assert.ok(existsSync(join(dir, '.gloss')));

  const deleted = await runGloss(['sandbox', 'delete', '--dir', dir, '--yes']);
  assert.equal(deleted.code, 0, deleted.stderr);
  assert.equal(existsSync(join(dir, '.gloss')), false);
  assert.equal(existsSync(join(dir, 'gloss_outputs.json')), false);
  assert.ok(existsSync(join(dir, 'backend.toml')));
});

test('sandbox delete will not remove a folder that is not a state folder', async (t) => {
  const dir = makeApp(t);
  mkdirSync(join(dir, 'precious'));
  const result = await runGloss(['sandbox', 'delete', '--dir', dir, '--state', join(dir, 'precious'), '--yes']);
  assert.equal(result.code, 1);
  assert.ok(existsSync(join(dir, 'precious')));
});

test('json logs are one JSON object per line', async (t) => {
  const sandbox = await startSandbox(t, makeApp(t));
  await (await fetch(sandbox.url('/_gloss/metrics'))).text();
  await sandbox.stop();
  const lines = sandbox.stderr.split('\n').filter((l) => l.trim());
  assert.ok(lines.length >= 3, sandbox.stderr);
  for (const line of lines) {
    const event = JSON.parse(line);
    assert.ok(event.time && event.level && event.component && event.msg, line);
  }
});

test('sandbox secret set/get/list/remove, beside a running sandbox', async (t) => {
  const dir = makeApp(t);
  const sandbox = await startSandbox(t, dir);
  const value = 'sk-live-0123456789abcdef';
  const set = await runGloss(['sandbox', 'secret', 'set', 'OPENAI_API_KEY', '--dir', dir], { input: `${value}\n` });
  assert.equal(set.code, 0, set.stderr);
  assert.doesNotMatch(set.stdout + set.stderr, new RegExp(value));
  const other = await runGloss(['sandbox', 'secret', 'set', 'A.multi-line_value', '--dir', dir], { input: 'line 1\nline 2\n\n' });
  assert.equal(other.code, 0, other.stderr);

  const got = await runGloss(['sandbox', 'secret', 'get', 'OPENAI_API_KEY', '--dir', dir]);
  assert.equal(got.code, 0, got.stderr);
  assert.equal(got.stdout, `${value}\n`);
  const multi = await runGloss(['sandbox', 'secret', 'get', 'A.multi-line_value', '--dir', dir]);
  assert.equal(multi.stdout, 'line 1\nline 2\n\n', 'only one trailing newline is dropped');

  const listed = await runGloss(['sandbox', 'secret', 'list', '--dir', dir]);
  assert.equal(listed.code, 0, listed.stderr);
  assert.equal(listed.stdout, 'A.multi-line_value\nOPENAI_API_KEY\n');

  const secrets = join(dir, '.gloss', 'secrets');
  const onDisk = readFileSync(join(secrets, 'store.json'), 'utf8');
  assert.match(onDisk, /"OPENAI_API_KEY"/);
  assert.equal(onDisk.includes(value), false, 'store.json holds the value in clear');
  assert.equal(onDisk.includes('line 1'), false);
  assert.equal(statSync(join(secrets, 'key')).mode & 0o777, 0o600);
  assert.equal(statSync(join(secrets, 'key')).size, 32);
  assert.equal(statSync(secrets).mode & 0o777, 0o700);

  const removed = await runGloss(['sandbox', 'secret', 'remove', 'OPENAI_API_KEY', '--dir', dir]);
  assert.equal(removed.code, 0, removed.stderr);
  const after = await runGloss(['sandbox', 'secret', 'list', '--dir', dir]);
  assert.equal(after.stdout, 'A.multi-line_value\n');

  assert.equal((await sandbox.stop()).code, 0);
  assert.doesNotMatch(sandbox.stdout + sandbox.stderr, new RegExp(value));
});

test('sandbox secret: a missing secret exits 1, a bad name or value 2', async (t) => {
  const dir = makeApp(t);
  const state = join(dir, 'elsewhere');
  for (const verb of ['get', 'remove']) {
    const missing = await runGloss(['sandbox', 'secret', verb, 'NOPE', '--dir', dir, '--state', state]);
    assert.equal(missing.code, 1, missing.stderr);
    assert.equal(missing.stderr, 'gloss: no secret named NOPE\n');
  }
  const nothing = await runGloss(['sandbox', 'secret', 'list', '--dir', dir, '--state', state]);
  assert.equal(nothing.code, 0, nothing.stderr);
  assert.equal(nothing.stdout, '');
  assert.equal(existsSync(state), false, 'reading must not create a state folder');

  for (const name of ['has space', 'slash/name', 'x'.repeat(129), '']) {
    const bad = await runGloss(['sandbox', 'secret', 'set', name, '--dir', dir, '--state', state], { input: 'v' });
    assert.equal(bad.code, 2, `${name}: ${bad.stderr}`);
    assert.match(bad.stderr, /^gloss: .*\n$/);
    const badGet = await runGloss(['sandbox', 'secret', 'get', name, '--dir', dir, '--state', state]);
    assert.equal(badGet.code, 2, `${name}: ${badGet.stderr}`);
  }
  const tooBig = await runGloss(['sandbox', 'secret', 'set', 'BIG', '--dir', dir, '--state', state], { input: 'v'.repeat(4097) });
  assert.equal(tooBig.code, 2, tooBig.stderr);
  assert.doesNotMatch(tooBig.stderr, /vvvv/);
  const largest = await runGloss(['sandbox', 'secret', 'set', 'BIG', '--dir', dir, '--state', state], { input: 'v'.repeat(4096) + '\n' });
  assert.equal(largest.code, 0, largest.stderr);

  for (const args of [['sandbox', 'secret'], ['sandbox', 'secret', 'get'], ['sandbox', 'secret', 'frobnicate']]) {
    const result = await runGloss(args);
    assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
  }
  const noApp = await runGloss(['sandbox', 'secret', 'set', 'A', '--dir', join(dir, 'typo')], { input: 'v' });
  assert.equal(noApp.code, 2, noApp.stderr);
  assert.equal(existsSync(join(dir, 'typo')), false);
});
