// The user pool through the official @aws-sdk/client-cognito-identity-provider:
// sign-up, the outbox, confirmation, password sign-in, refresh, GetUser, JWKS,
// and the errors Cognito gives for bad input and bad tokens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, createVerify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CognitoIdentityProviderClient, SignUpCommand, ConfirmSignUpCommand, ResendConfirmationCodeCommand,
  InitiateAuthCommand, GetUserCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { makeApp, startSandbox, eventually } from './harness.mjs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const PASSWORD = 'Corr3ct-Horse!';

async function startPool(t) {
  const dir = makeApp(t);
  const sandbox = await startSandbox(t, dir);
  const outputs = JSON.parse(readFileSync(join(dir, 'gloss_outputs.json'), 'utf8'));
  const client = new CognitoIdentityProviderClient({ endpoint: sandbox.url(''), region: 'us-east-1', maxAttempts: 1 });
  const outbox = () => readFileSync(join(dir, '.gloss', 'auth', 'outbox.jsonl'), 'utf8')
    .split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
  return { dir, sandbox, client, clientId: outputs.auth.user_pool_client_id, poolId: outputs.auth.user_pool_id, outbox };
}

async function rejectsWith(promise, name, messagePattern) {
  await assert.rejects(promise, (error) => {
    assert.equal(error.name, name, `${error.name}: ${error.message}`);
    assert.equal(error.$metadata.httpStatusCode, 400);
    if (messagePattern) assert.match(error.message, messagePattern);
    return true;
  });
}

async function signUpAndConfirm(pool, email) {
  const signUp = await pool.client.send(new SignUpCommand({ ClientId: pool.clientId, Username: email, Password: PASSWORD }));
  const code = pool.outbox().filter((e) => e.username === email).at(-1).code;
  await pool.client.send(new ConfirmSignUpCommand({ ClientId: pool.clientId, Username: email, ConfirmationCode: code }));
  return signUp.UserSub;
}

function decodeJwt(token) {
  const [header, payload] = token.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url')));
  return { header, payload };
}

test('outputs name the pool and client', async (t) => {
  const pool = await startPool(t);
  assert.match(pool.poolId, /^us-east-1_[A-Za-z0-9]{9}$/);
  assert.match(pool.clientId, /^[a-z0-9]{26}$/);
});

test('sign up, read the code from the outbox, confirm, sign in, get the user', async (t) => {
  const pool = await startPool(t);
  const email = 'ann@example.com';
  const signUp = await pool.client.send(new SignUpCommand({
    ClientId: pool.clientId, Username: email, Password: PASSWORD,
    UserAttributes: [{ Name: 'email', Value: email }],
  }));
  assert.equal(signUp.UserConfirmed, false);
  assert.match(signUp.UserSub, /^[0-9a-f-]{36}$/);
  assert.deepEqual(signUp.CodeDeliveryDetails, { Destination: 'a***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });

  const [entry] = pool.outbox();
  assert.equal(entry.username, email);
  assert.equal(entry.kind, 'signup');
  assert.match(entry.code, /^\d{6}$/);

  await rejectsWith(pool.client.send(new InitiateAuthCommand({
    ClientId: pool.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: email, PASSWORD },
  })), 'UserNotConfirmedException');

  await rejectsWith(pool.client.send(new ConfirmSignUpCommand({ ClientId: pool.clientId, Username: email, ConfirmationCode: entry.code === '000000' ? '111111' : '000000' })),
    'CodeMismatchException');
  await pool.client.send(new ConfirmSignUpCommand({ ClientId: pool.clientId, Username: email, ConfirmationCode: entry.code }));

  const signIn = await pool.client.send(new InitiateAuthCommand({
    ClientId: pool.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: email, PASSWORD },
  }));
  const result = signIn.AuthenticationResult;
  assert.equal(result.TokenType, 'Bearer');
  assert.equal(result.ExpiresIn, 3600);
  assert.ok(result.RefreshToken);

  const id = decodeJwt(result.IdToken);
  assert.equal(id.header.alg, 'RS256');
  assert.equal(id.payload.token_use, 'id');
  assert.equal(id.payload.sub, signUp.UserSub);
  assert.equal(id.payload.email, email);
  assert.equal(id.payload.email_verified, true);
  assert.equal(id.payload.aud, pool.clientId);
  assert.equal(id.payload.iss, pool.sandbox.url(`/${pool.poolId}`));
  const access = decodeJwt(result.AccessToken);
  assert.equal(access.payload.token_use, 'access');
  assert.equal(access.payload.client_id, pool.clientId);

  // The JWKS published at the issuer verifies the token, as any JWT library would.
  const jwks = await (await fetch(`${id.payload.iss}/.well-known/jwks.json`)).json();
  const jwk = jwks.keys.find((k) => k.kid === id.header.kid);
  const [h, p, s] = result.IdToken.split('.');
  assert.ok(createVerify('RSA-SHA256').update(`${h}.${p}`).verify(createPublicKey({ key: jwk, format: 'jwk' }), Buffer.from(s, 'base64url')));

  const user = await pool.client.send(new GetUserCommand({ AccessToken: result.AccessToken }));
  assert.equal(user.Username, signUp.UserSub);
  const attributes = Object.fromEntries(user.UserAttributes.map((a) => [a.Name, a.Value]));
  assert.equal(attributes.email, email);
  assert.equal(attributes.email_verified, 'true');
  assert.equal(attributes.sub, signUp.UserSub);

  const refreshed = await pool.client.send(new InitiateAuthCommand({
    ClientId: pool.clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: result.RefreshToken },
  }));
  assert.ok(refreshed.AuthenticationResult.AccessToken);
  assert.equal(refreshed.AuthenticationResult.RefreshToken, undefined);
  assert.equal(decodeJwt(refreshed.AuthenticationResult.IdToken).payload.sub, signUp.UserSub);
});

test('wrong password and unknown user get the same answer', async (t) => {
  const pool = await startPool(t);
  await signUpAndConfirm(pool, 'bob@example.com');
  for (const [USERNAME, PASSWORD_] of [['bob@example.com', 'Wr0ng-password!'], ['nobody@example.com', PASSWORD]]) {
    await rejectsWith(pool.client.send(new InitiateAuthCommand({
      ClientId: pool.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME, PASSWORD: PASSWORD_ },
    })), 'NotAuthorizedException', /^Incorrect username or password\.$/);
  }
});

test('repeated failures are throttled with TooManyRequestsException', async (t) => {
  const pool = await startPool(t);
  await signUpAndConfirm(pool, 'carl@example.com');
  const attempt = (password) => pool.client.send(new InitiateAuthCommand({
    ClientId: pool.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'carl@example.com', PASSWORD: password },
  }));
  const names = [];
  for (let i = 0; i < 7; i++) {
    names.push(await attempt('Wr0ng-password!').then(() => 'ok', (e) => e.name));
  }
  assert.ok(names.includes('TooManyRequestsException'), names.join(','));
  // While locked, even the right password is refused.
  await assert.rejects(attempt(PASSWORD), (e) => e.name === 'TooManyRequestsException');
});

test('sign-up errors are Cognito errors', async (t) => {
  const pool = await startPool(t);
  await rejectsWith(pool.client.send(new SignUpCommand({ ClientId: pool.clientId, Username: 'dan@example.com', Password: 'short' })),
    'InvalidPasswordException', /Password did not conform with policy/);
  await pool.client.send(new SignUpCommand({ ClientId: pool.clientId, Username: 'dan@example.com', Password: PASSWORD }));
  await rejectsWith(pool.client.send(new SignUpCommand({ ClientId: pool.clientId, Username: 'DAN@example.com', Password: PASSWORD })),
    'UsernameExistsException');
  await rejectsWith(pool.client.send(new SignUpCommand({ ClientId: 'not-our-client', Username: 'eve@example.com', Password: PASSWORD })),
    'ResourceNotFoundException');
  await rejectsWith(pool.client.send(new SignUpCommand({ ClientId: pool.clientId, Username: '', Password: PASSWORD })),
    'InvalidParameterException', /validation error/);

  const resent = await pool.client.send(new ResendConfirmationCodeCommand({ ClientId: pool.clientId, Username: 'dan@example.com' }));
  assert.equal(resent.CodeDeliveryDetails.DeliveryMedium, 'EMAIL');
  await eventually(() => pool.outbox().filter((e) => e.username === 'dan@example.com').length === 2);
});

test('bad tokens are NotAuthorizedException', async (t) => {
  const pool = await startPool(t);
  await signUpAndConfirm(pool, 'fay@example.com');
  const { AuthenticationResult: tokens } = await pool.client.send(new InitiateAuthCommand({
    ClientId: pool.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'fay@example.com', PASSWORD },
  }));
  const [h, p, s] = tokens.AccessToken.split('.');
  const payload = JSON.parse(Buffer.from(p, 'base64url'));
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const bad = {
    tampered: `${h}.${b64({ ...payload, sub: 'someone-else' })}.${s}`,
    algNone: `${b64({ alg: 'none', kid: decodeJwt(tokens.AccessToken).header.kid })}.${p}.`,
    idTokenAsAccess: tokens.IdToken,
    garbage: 'not-a-jwt',
  };
  for (const [name, token] of Object.entries(bad)) {
    await rejectsWith(pool.client.send(new GetUserCommand({ AccessToken: token })), 'NotAuthorizedException', undefined, name);
  }
  await rejectsWith(pool.client.send(new InitiateAuthCommand({
    ClientId: pool.clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: 'bogus' },
  })), 'NotAuthorizedException');
});
