// The command line and bad backend definitions: exit codes and messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { makeApp, runGloss, startSandbox } from './harness.mjs';

test('version prints the version', async () => {
  const result = await runGloss(['version']);
  assert.equal(result.code, 0);
  assert.match(result.stdout, /^gloss \d+\.\d+\.\d+\n$/);
});

test('--help works on every command', async () => {
  for (const args of [['--help'], ['sandbox', '--help'], ['sandbox', 'delete', '--help'], ['version', '--help']]) {
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
  assert.ok(lines.length > 3);
  for (const line of lines) {
    const event = JSON.parse(line);
    assert.ok(event.time && event.level && event.component && event.msg, line);
  }
});
