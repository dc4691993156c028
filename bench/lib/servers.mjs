// Starting and watching the servers a benchmark compares (bench/*/run.mjs).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const children = [];
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

// Spawns `command` and resolves with {child, url} once its output matches
// `readyPattern` (group 1: the URL it serves on); rejects if it exits first
// or is not ready within 30 s. `child.output` keeps the last 20 kB of its
// stdout and stderr, which are drained for its whole life.
export function startServer(command, args, options, readyPattern) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  children.push(child);
  child.output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} not ready: ${child.output}`)), 30000);
    let ready = false;
    const onData = (d) => {
      child.output = (child.output + d).slice(-20000);
      const match = ready ? null : readyPattern.exec(child.output);
      if (match) {
        ready = true;
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code, signal) => {
      child.exited = `exited with ${code ?? signal}`;
      reject(new Error(`${command} ${child.exited}: ${child.output}`));
    });
  });
}

// The resident set of a running server, in KiB.
export function rssKiB(name, child) {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
  if (!match) throw new Error(`${name} is gone (${child.exitCode ?? child.signalCode}): ${child.output}`);
  return Number(match[1]);
}
