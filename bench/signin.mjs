// Sign-in latency through the official Cognito SDK client: USER_PASSWORD_AUTH
// InitiateAuth, RUNS times one after another, against a gloss sandbox and
// against cognito-local (npm) on the same machine in the same run. Prints
// median / p95 per server and the ratio of medians.
//   node bench/signin.mjs GLOSS_BIN RUNS
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import {
  CognitoIdentityProviderClient, AdminCreateUserCommand, AdminSetUserPasswordCommand,
  CreateUserPoolCommand, CreateUserPoolClientCommand, InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const here = dirname(fileURLToPath(import.meta.url));
const [glossBin, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 50);
const USERNAME = 'bench@example.com';
const PASSWORD = 'Corr3ct-Horse!';

function start(command, args, options, readyPattern) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} not ready: ${output}`)), 30000);
    const onData = (d) => {
      output += d;
      const match = readyPattern.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, match });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${command} exited ${code}: ${output}`)));
  });
}

async function measure(client, clientId) {
  const signIn = () => client.send(new InitiateAuthCommand({
    ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME, PASSWORD },
  }));
  for (let i = 0; i < 3; ++i) await signIn();  // Warm-up: connections, JIT, caches.
  const times = [];
  for (let i = 0; i < runs; ++i) {
    const begin = process.hrtime.bigint();
    const result = await signIn();
    times.push(Number(process.hrtime.bigint() - begin) / 1e6);
    if (!result.AuthenticationResult?.IdToken) throw new Error('no tokens');
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], p95: times[Math.floor(times.length * 0.95)] };
}

async function benchGloss() {
  const dir = mkdtempSync(join(tmpdir(), 'gloss-signin-'));
  cpSync(join(here, '..', 'app'), dir, { recursive: true });
  const { child, match } = await start(glossBin, ['sandbox', '--port', '0', '--dir', dir, '--log-level', 'warn'], {},
    /gloss: ready on (http:\/\/127\.0\.0\.1:\d+)/);
  try {
    const outputs = JSON.parse(readFileSync(join(dir, 'gloss_outputs.json'), 'utf8'));
    const credentials = JSON.parse(readFileSync(join(dir, '.gloss', 'credentials.json'), 'utf8'));
    const client = new CognitoIdentityProviderClient({ endpoint: match[1], region: 'us-east-1', credentials });
    const UserPoolId = outputs.auth.user_pool_id;
    await client.send(new AdminCreateUserCommand({ UserPoolId, Username: USERNAME, MessageAction: 'SUPPRESS' }));
    await client.send(new AdminSetUserPasswordCommand({ UserPoolId, Username: USERNAME, Password: PASSWORD, Permanent: true }));
    return await measure(client, outputs.auth.user_pool_client_id);
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchCognitoLocal() {
  const dir = mkdtempSync(join(tmpdir(), 'cognito-local-'));
  const entry = createRequire(import.meta.url).resolve('cognito-local/lib/bin/start.js');
  const port = 19229 + Math.floor(Math.random() * 500);
  const { child } = await start(process.execPath, [entry], { cwd: dir, env: { ...process.env, PORT: String(port), DEBUG: '' } },
    /Cognito Local running on/);
  try {
    const client = new CognitoIdentityProviderClient({
      endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const { UserPool } = await client.send(new CreateUserPoolCommand({ PoolName: 'bench', UsernameAttributes: ['email'] }));
    const { UserPoolClient } = await client.send(new CreateUserPoolClientCommand({ UserPoolId: UserPool.Id, ClientName: 'web' }));
    await client.send(new AdminCreateUserCommand({ UserPoolId: UserPool.Id, Username: USERNAME, MessageAction: 'SUPPRESS' }));
    await client.send(new AdminSetUserPasswordCommand({ UserPoolId: UserPool.Id, Username: USERNAME, Password: PASSWORD, Permanent: true }));
    return await measure(client, UserPoolClient.ClientId);
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

const gloss = await benchGloss();
const peer = await benchCognitoLocal();
const fmt = (r) => `median ${r.median.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms`;
console.log(`USER_PASSWORD_AUTH sign-in, ${runs} sequential runs:`);
console.log(`  gloss (argon2id t=2, 64 MiB):             ${fmt(gloss)}`);
console.log(`  cognito-local (plain-text passwords):     ${fmt(peer)}`);
console.log(`  ratio of medians gloss/cognito-local: ${(gloss.median / peer.median).toFixed(2)}x`);
