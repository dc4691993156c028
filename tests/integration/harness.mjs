// Starts the real `gloss` binary (GLOSS_BIN) on port 0 against a fresh copy of
// an app folder and talks to it over loopback HTTP.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const GLOSS_BIN = process.env.GLOSS_BIN;
if (!GLOSS_BIN) {
  throw new Error('set GLOSS_BIN to the gloss binary (ctest does)');
}
export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

// The sandboxes started on each app folder, so that the folder's removal waits
// for them: node:test runs a test's after hooks in the order they were added,
// and makeApp's comes before startSandbox's. Removing the folder under a live
// sandbox races its writes (ENOTEMPTY), and the failed hook left the sandbox
// running and the test file hanging.
const sandboxesByDir = new Map();

// A temp copy of app/ (or an empty folder) that is removed after the test,
// once every sandbox started on it has exited.
export function makeApp(t, { copyReference = true } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'gloss-it-'));
  if (copyReference) {
    cpSync(join(REPO, 'app', 'backend.toml'), join(dir, 'backend.toml'));
    cpSync(join(REPO, 'app', 'data'), join(dir, 'data'), { recursive: true });
  }
  sandboxesByDir.set(dir, []);
  t.after(async () => {
    await Promise.all(sandboxesByDir.get(dir).map((sandbox) => sandbox.stop('SIGKILL')));
    sandboxesByDir.delete(dir);
    // Its function workers die with it (PR_SET_PDEATHSIG), a moment later.
    rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  });
  return dir;
}

// Runs gloss to completion; resolves {code, stdout, stderr}.
export function runGloss(args, { input, timeoutMs = 20000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(GLOSS_BIN, args, { stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`gloss ${args.join(' ')} did not exit: ${stderr}`));
    }, timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    if (input !== undefined) {
      child.stdin.on('error', () => {});  // The process may exit before reading.
      child.stdin.end(input);
    }
  });
}

// Starts `gloss sandbox --port 0 --dir DIR ...` and waits for the ready line.
export async function startSandbox(t, dir, extraArgs = []) {
  const child = spawn(GLOSS_BIN, ['sandbox', '--port', '0', '--dir', dir, '--log-format', 'json', ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const sandbox = { child, stdout: '', stderr: '', port: 0, exited: null };
  sandbox.exitPromise = new Promise((resolve) => child.on('exit', (code, signal) => {
    sandbox.exited = { code, signal };
    resolve(sandbox.exited);
  }));
  child.stderr.on('data', (d) => (sandbox.stderr += d));
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ready line; stderr: ${sandbox.stderr}`)), 15000);
    child.stdout.on('data', (d) => {
      sandbox.stdout += d;
      const match = /gloss: ready on http:\/\/127\.0\.0\.1:(\d+)\n/.exec(sandbox.stdout);
      if (match) {
        clearTimeout(timer);
        sandbox.port = Number(match[1]);
        resolve();
      }
    });
    sandbox.exitPromise.then((e) => reject(new Error(`exited ${JSON.stringify(e)}: ${sandbox.stderr}`)));
  });
  sandbox.url = (path) => `http://127.0.0.1:${sandbox.port}${path}`;
  sandbox.stop = async (signal = 'SIGTERM') => {
    if (!sandbox.exited) child.kill(signal);
    return sandbox.exitPromise;
  };
  t.after(() => sandbox.stop('SIGKILL'));
  sandboxesByDir.get(dir)?.push(sandbox);
  return sandbox;
}

// Polls `check` (async, returns truthy when done) every 50 ms for up to `ms`.
export async function eventually(check, ms = 10000) {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await check();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`condition not met in ${ms} ms (last: ${last})`);
}

// The JSON log events a sandbox wrote to stderr (--log-format json).
export function logEvents(sandbox) {
  return sandbox.stderr.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
}
