#!/usr/bin/env node
// Re-runs Amplify's transformer and model introspection generator on every
// input in src/data/testdata/transformer/ and compares with the committed
// <name>.expected.graphql, <name>.raw.graphql and <name>.introspection.json.
// Exit 0 when all match, 1 with a unified diff per mismatch (a generator or its
// parameters changed: review, then `node tests/oracle/transform.mjs --write` or
// `node tests/oracle/introspect.mjs --write`).
// Ends with the plain 'N passed, N failed' line.
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { introspectSchema, introspectionPath } from './introspect.mjs';
import { listInputs, outputPaths, transformSchema } from './transform.mjs';

// Line diff (LCS) printed as unified hunks with 3 lines of context.
export function unifiedDiff(expected, actual, nameA, nameB) {
  const a = expected.split('\n');
  const b = actual.split('\n');
  const n = a.length;
  const m = b.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const ops = [];  // [' ' | '-' | '+', line, aIndex, bIndex]
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) ops.push([' ', a[i], i++, j++]);
    else if (i < n && (j === m || lcs[i + 1][j] >= lcs[i][j + 1])) ops.push(['-', a[i], i++, j]);
    else ops.push(['+', b[j], i, j++]);
  }
  const out = [`--- ${nameA}`, `+++ ${nameB}`];
  const CONTEXT = 3;
  const changed = ops.flatMap((o, k) => (o[0] === ' ' ? [] : [k]));
  for (let c = 0; c < changed.length;) {
    let last = c;
    while (last + 1 < changed.length && changed[last + 1] - changed[last] <= 2 * CONTEXT + 1) last++;
    const hunk = ops.slice(Math.max(0, changed[c] - CONTEXT), Math.min(ops.length, changed[last] + CONTEXT + 1));
    const aLen = hunk.filter((o) => o[0] !== '+').length;
    const bLen = hunk.filter((o) => o[0] !== '-').length;
    out.push(`@@ -${hunk[0][2] + 1},${aLen} +${hunk[0][3] + 1},${bLen} @@`);
    for (const [op, line] of hunk) out.push(`${op}${line}`);
    c = last + 1;
  }
  return out.join('\n');
}

async function main() {
  let passed = 0;
  let failed = 0;
  const inputs = listInputs();
  if (inputs.length === 0) {
    console.error('check.mjs: no inputs found');
    return 1;
  }
  for (const input of inputs) {
    const sdl = readFileSync(input, 'utf8');
    const paths = outputPaths(input);
    const checks = [
      ['normalised', paths.expected, 'transformer', () => transformSchema(sdl, { onLog: () => {} })],
      ['raw', paths.raw, 'transformer', () => transformSchema(sdl, { raw: true, onLog: () => {} })],
      ['introspection', introspectionPath(input), 'generator', () => introspectSchema(sdl)],
    ];
    for (const [mode, path, tool, run] of checks) {
      const label = `${basename(input)} (${mode})`;
      const script = tool === 'transformer' ? 'transform.mjs' : 'introspect.mjs';
      let actual;
      try {
        actual = await run();
      } catch (err) {
        console.log(`FAIL ${label}: ${tool} error: ${err.message}`);
        failed++;
        continue;
      }
      if (!existsSync(path)) {
        console.log(`FAIL ${label}: ${basename(path)} is missing (run ${script} --write)`);
        failed++;
        continue;
      }
      const expected = readFileSync(path, 'utf8');
      if (expected === actual) {
        console.log(`ok   ${label}`);
        passed++;
      } else {
        console.log(`FAIL ${label}: differs from ${basename(path)}`);
        console.log(unifiedDiff(expected, actual, `${basename(path)} (committed)`, `${basename(path)} (${tool} now)`));
        failed++;
      }
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main().then((code) => { process.exitCode = code; }, (err) => {
  console.error(err?.stack ?? String(err));
  process.exitCode = 1;
});
