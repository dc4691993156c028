// The user pool through the official @aws-sdk/client-cognito-identity-provider:
// sign-up, the outbox, confirmation, password and SRP sign-in, refresh, GetUser,
// JWKS, password change and reset, attribute updates, sign-out and token
// revocation, and the errors Cognito gives for bad input and bad tokens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac, createPublicKey, createVerify, hkdfSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CognitoIdentityProviderClient, SignUpCommand, ConfirmSignUpCommand, ResendConfirmationCodeCommand,
  InitiateAuthCommand, GetUserCommand, RespondToAuthChallengeCommand, ChangePasswordCommand,
  ForgotPasswordCommand, ConfirmForgotPasswordCommand, UpdateUserAttributesCommand,
  GlobalSignOutCommand, RevokeTokenCommand,
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

test('outputs name the pool, the client and the API key, the same after a restart', async (t) => {
  const pool = await startPool(t);
  assert.match(pool.poolId, /^us-east-1_[A-Za-z0-9]{9}$/);
  assert.match(pool.clientId, /^[a-z0-9]{26}$/);
  const before = JSON.parse(readFileSync(join(pool.dir, 'gloss_outputs.json'), 'utf8'));
  assert.match(before.data.api_key, /^da2-[a-z0-9]{26}$/);

  assert.equal((await pool.sandbox.stop()).code, 0);
  await startSandbox(t, pool.dir);
  const after = JSON.parse(readFileSync(join(pool.dir, 'gloss_outputs.json'), 'utf8'));
  assert.equal(after.auth.user_pool_id, before.auth.user_pool_id);
  assert.equal(after.auth.user_pool_client_id, before.auth.user_pool_client_id);
  assert.equal(after.data.api_key, before.data.api_key);
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

// ---- USER_SRP_AUTH: the client half, as amazon-cognito-identity-js computes it ----

const SRP_N = BigInt('0x' + [
  'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD',
  'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED',
  'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F',
  '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B',
  'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510',
  '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7',
  'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C',
  'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF',
].join(''));
const SRP_G = 2n;

function modPow(base, exponent, modulus) {
  let result = 1n;
  base %= modulus;
  while (exponent > 0n) {
    if (exponent & 1n) result = (result * base) % modulus;
    base = (base * base) % modulus;
    exponent >>= 1n;
  }
  return result;
}

// amazon-cognito-identity-js padHex: even length, "00" before a high first nibble.
function padHex(n) {
  let hex = n.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  else if ('89abcdef'.includes(hex[0])) hex = `00${hex}`;
  return hex;
}
const hashHex = (hex) => createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex');
const SRP_K = BigInt('0x' + hashHex(padHex(SRP_N) + padHex(SRP_G)));

function srpTimestamp(date = new Date()) {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const two = (n) => String(n).padStart(2, '0');
  return `${days[date.getUTCDay()]} ${months[date.getUTCMonth()]} ${date.getUTCDate()} ` +
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} UTC ${date.getUTCFullYear()}`;
}

function srpClient() {
  const a = BigInt('0x' + randomBytes(128).toString('hex')) % SRP_N;
  const A = modPow(SRP_G, a, SRP_N);
  return {
    srpA: A.toString(16),
    claim(poolId, password, params, timestamp = srpTimestamp()) {
      const poolShort = poolId.split('_')[1];
      const userId = params.USER_ID_FOR_SRP;
      const B = BigInt('0x' + params.SRP_B);
      const salt = BigInt('0x' + params.SALT);
      const u = BigInt('0x' + hashHex(padHex(A) + padHex(B)));
      const identity = createHash('sha256').update(`${poolShort}${userId}:${password}`).digest('hex');
      const x = BigInt('0x' + hashHex(padHex(salt) + identity));
      const base = (((B - SRP_K * modPow(SRP_G, x, SRP_N)) % SRP_N) + SRP_N) % SRP_N;
      const S = modPow(base, a + u * x, SRP_N);
      const key = Buffer.from(hkdfSync('sha256', Buffer.from(padHex(S), 'hex'), Buffer.from(padHex(u), 'hex'),
        Buffer.from('Caldera Derived Key'), 16));
      const signature = createHmac('sha256', key).update(Buffer.concat([
        Buffer.from(poolShort), Buffer.from(userId), Buffer.from(params.SECRET_BLOCK, 'base64'), Buffer.from(timestamp),
      ])).digest('base64');
      return {
        USERNAME: userId, PASSWORD_CLAIM_SECRET_BLOCK: params.SECRET_BLOCK,
        PASSWORD_CLAIM_SIGNATURE: signature, TIMESTAMP: timestamp,
      };
    },
  };
}

async function srpChallenge(pool, username, client = srpClient()) {
  const challenge = await pool.client.send(new InitiateAuthCommand({
    ClientId: pool.clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: username, SRP_A: client.srpA },
  }));
  return { client, challenge };
}

function srpRespond(pool, challenge, responses) {
  return pool.client.send(new RespondToAuthChallengeCommand({
    ClientId: pool.clientId, ChallengeName: 'PASSWORD_VERIFIER', Session: challenge.Session, ChallengeResponses: responses,
  }));
}

async function srpSignIn(pool, username, password) {
  const { client, challenge } = await srpChallenge(pool, username);
  const response = await srpRespond(pool, challenge, client.claim(pool.poolId, password, challenge.ChallengeParameters));
  return response.AuthenticationResult;
}

async function passwordSignIn(pool, username, password = PASSWORD) {
  const { AuthenticationResult } = await pool.client.send(new InitiateAuthCommand({
    ClientId: pool.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password },
  }));
  return AuthenticationResult;
}

test('USER_SRP_AUTH signs in with a password proof', async (t) => {
  const pool = await startPool(t);
  const sub = await signUpAndConfirm(pool, 'sara@example.com');
  const { client, challenge } = await srpChallenge(pool, 'sara@example.com');
  assert.equal(challenge.ChallengeName, 'PASSWORD_VERIFIER');
  const params = challenge.ChallengeParameters;
  assert.equal(params.USER_ID_FOR_SRP, sub);
  assert.match(params.SALT, /^[0-9a-f]+$/);
  assert.match(params.SRP_B, /^[0-9a-f]+$/);
  assert.ok(Buffer.from(params.SECRET_BLOCK, 'base64').length >= 32);
  const responses = client.claim(pool.poolId, PASSWORD, params);
  const { AuthenticationResult: tokens } = await srpRespond(pool, challenge, responses);
  assert.ok(tokens.RefreshToken);
  assert.equal(decodeJwt(tokens.IdToken).payload.sub, sub);
  const user = await pool.client.send(new GetUserCommand({ AccessToken: tokens.AccessToken }));
  assert.equal(user.Username, sub);

  // A session works once.
  await rejectsWith(srpRespond(pool, challenge, responses), 'NotAuthorizedException', /^Incorrect username or password\.$/);
});

test('USER_SRP_AUTH rejects wrong proofs and hides unknown users', async (t) => {
  const pool = await startPool(t);
  await signUpAndConfirm(pool, 'tom@example.com');

  let { client, challenge } = await srpChallenge(pool, 'tom@example.com');
  await rejectsWith(srpRespond(pool, challenge, client.claim(pool.poolId, 'Wr0ng-password!', challenge.ChallengeParameters)),
    'NotAuthorizedException', /^Incorrect username or password\.$/);

  // A stale TIMESTAMP (10 minutes old) fails even with the right password.
  ({ client, challenge } = await srpChallenge(pool, 'tom@example.com'));
  const stale = srpTimestamp(new Date(Date.now() - 10 * 60 * 1000));
  await rejectsWith(srpRespond(pool, challenge, client.claim(pool.poolId, PASSWORD, challenge.ChallengeParameters, stale)),
    'NotAuthorizedException', /^Incorrect username or password\.$/);

  // Unknown users get a challenge of the same shape, stable across requests.
  const first = await srpChallenge(pool, 'ghost@example.com');
  const second = await srpChallenge(pool, 'ghost@example.com');
  const fake = first.challenge.ChallengeParameters;
  assert.equal(first.challenge.ChallengeName, 'PASSWORD_VERIFIER');
  assert.equal(fake.SALT, second.challenge.ChallengeParameters.SALT);
  assert.equal(fake.USER_ID_FOR_SRP, second.challenge.ChallengeParameters.USER_ID_FOR_SRP);
  assert.match(fake.USER_ID_FOR_SRP, /^[0-9a-f-]{36}$/);
  assert.deepEqual(Object.keys(fake).sort(), Object.keys(challenge.ChallengeParameters).sort());
  assert.equal(first.challenge.Session.length, challenge.Session.length);
  await rejectsWith(srpRespond(pool, first.challenge, first.client.claim(pool.poolId, PASSWORD, fake)),
    'NotAuthorizedException', /^Incorrect username or password\.$/);

  // After the failures the right proof still works (fewer than the throttle's limit).
  assert.ok((await srpSignIn(pool, 'tom@example.com', PASSWORD)).AccessToken);
});

test('USER_SRP_AUTH: an unconfirmed user is told so only after a correct proof', async (t) => {
  const pool = await startPool(t);
  await pool.client.send(new SignUpCommand({ ClientId: pool.clientId, Username: 'uma@example.com', Password: PASSWORD }));
  let { client, challenge } = await srpChallenge(pool, 'uma@example.com');
  await rejectsWith(srpRespond(pool, challenge, client.claim(pool.poolId, 'Wr0ng-password!', challenge.ChallengeParameters)),
    'NotAuthorizedException');
  ({ client, challenge } = await srpChallenge(pool, 'uma@example.com'));
  await rejectsWith(srpRespond(pool, challenge, client.claim(pool.poolId, PASSWORD, challenge.ChallengeParameters)),
    'UserNotConfirmedException');
});

test('ChangePassword replaces the password for both sign-in flows', async (t) => {
  const pool = await startPool(t);
  await signUpAndConfirm(pool, 'vic@example.com');
  const tokens = await passwordSignIn(pool, 'vic@example.com');
  const NEW = 'N3w-Password!';
  await rejectsWith(pool.client.send(new ChangePasswordCommand({ AccessToken: tokens.AccessToken, PreviousPassword: 'Wr0ng-password!', ProposedPassword: NEW })),
    'NotAuthorizedException', /^Incorrect username or password\.$/);
  await rejectsWith(pool.client.send(new ChangePasswordCommand({ AccessToken: tokens.AccessToken, PreviousPassword: PASSWORD, ProposedPassword: 'short' })),
    'InvalidPasswordException');
  await rejectsWith(pool.client.send(new ChangePasswordCommand({ AccessToken: 'not-a-jwt', PreviousPassword: PASSWORD, ProposedPassword: NEW })),
    'NotAuthorizedException');
  await pool.client.send(new ChangePasswordCommand({ AccessToken: tokens.AccessToken, PreviousPassword: PASSWORD, ProposedPassword: NEW }));

  await rejectsWith(passwordSignIn(pool, 'vic@example.com', PASSWORD), 'NotAuthorizedException');
  assert.ok((await passwordSignIn(pool, 'vic@example.com', NEW)).AccessToken);
  assert.ok((await srpSignIn(pool, 'vic@example.com', NEW)).AccessToken);
});

test('ForgotPassword and ConfirmForgotPassword reset the password and end sessions', async (t) => {
  const pool = await startPool(t);
  await signUpAndConfirm(pool, 'wes@example.com');
  const before = await passwordSignIn(pool, 'wes@example.com');

  const forgot = await pool.client.send(new ForgotPasswordCommand({ ClientId: pool.clientId, Username: 'wes@example.com' }));
  assert.deepEqual(forgot.CodeDeliveryDetails, { Destination: 'w***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });
  const entry = pool.outbox().filter((e) => e.kind === 'forgot').at(-1);
  assert.equal(entry.username, 'wes@example.com');
  assert.match(entry.code, /^\d{6}$/);

  const NEW = 'R3set-Password!';
  const confirm = (code, password = NEW) => pool.client.send(new ConfirmForgotPasswordCommand({
    ClientId: pool.clientId, Username: 'wes@example.com', ConfirmationCode: code, Password: password,
  }));
  await rejectsWith(confirm(entry.code, 'short'), 'InvalidPasswordException');
  await rejectsWith(confirm(entry.code === '000000' ? '111111' : '000000'), 'CodeMismatchException');
  await confirm(entry.code);
  await rejectsWith(confirm(entry.code), 'ExpiredCodeException');

  await rejectsWith(passwordSignIn(pool, 'wes@example.com', PASSWORD), 'NotAuthorizedException');
  assert.ok((await passwordSignIn(pool, 'wes@example.com', NEW)).AccessToken);
  assert.ok((await srpSignIn(pool, 'wes@example.com', NEW)).AccessToken);
  // The refresh tokens issued before the reset are revoked.
  await rejectsWith(pool.client.send(new InitiateAuthCommand({
    ClientId: pool.clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: before.RefreshToken },
  })), 'NotAuthorizedException');

  await rejectsWith(pool.client.send(new ForgotPasswordCommand({ ClientId: pool.clientId, Username: 'nobody@example.com' })),
    'UserNotFoundException');
});

test('UpdateUserAttributes changes attributes; email changes need verifying', async (t) => {
  const pool = await startPool(t);
  await signUpAndConfirm(pool, 'xia@example.com');
  const tokens = await passwordSignIn(pool, 'xia@example.com');
  const update = (attributes) => pool.client.send(new UpdateUserAttributesCommand({ AccessToken: tokens.AccessToken, UserAttributes: attributes }));
  const attributes = async () => Object.fromEntries((await pool.client.send(new GetUserCommand({ AccessToken: tokens.AccessToken })))
    .UserAttributes.map((a) => [a.Name, a.Value]));

  const named = await update([{ Name: 'name', Value: 'Xia' }]);
  assert.deepEqual(named.CodeDeliveryDetailsList ?? [], []);
  assert.equal((await attributes()).name, 'Xia');
  assert.equal((await attributes()).email_verified, 'true');

  await rejectsWith(update([{ Name: 'sub', Value: 'mine' }]), 'InvalidParameterException');
  await rejectsWith(update([{ Name: 'email_verified', Value: 'true' }]), 'NotAuthorizedException');

  const changed = await update([{ Name: 'email', Value: 'xia2@example.com' }]);
  assert.equal(changed.CodeDeliveryDetailsList.length, 1);
  assert.equal(changed.CodeDeliveryDetailsList[0].Destination, 'x***@e***');
  const after = await attributes();
  assert.equal(after.email, 'xia2@example.com');
  assert.equal(after.email_verified, 'false');
  assert.equal(pool.outbox().at(-1).kind, 'verify');
});

test('GlobalSignOut revokes access and refresh tokens; RevokeToken revokes one refresh token', async (t) => {
  const pool = await startPool(t);
  await signUpAndConfirm(pool, 'yan@example.com');
  const first = await passwordSignIn(pool, 'yan@example.com');
  const second = await passwordSignIn(pool, 'yan@example.com');
  const refresh = (token) => pool.client.send(new InitiateAuthCommand({
    ClientId: pool.clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: token },
  }));

  await pool.client.send(new RevokeTokenCommand({ ClientId: pool.clientId, Token: first.RefreshToken }));
  await rejectsWith(refresh(first.RefreshToken), 'NotAuthorizedException');
  assert.ok((await refresh(second.RefreshToken)).AuthenticationResult.AccessToken);
  await pool.client.send(new RevokeTokenCommand({ ClientId: pool.clientId, Token: first.RefreshToken }));  // Idempotent.
  await rejectsWith(pool.client.send(new RevokeTokenCommand({ ClientId: pool.clientId, Token: first.AccessToken })),
    'UnsupportedTokenTypeException');

  await pool.client.send(new GlobalSignOutCommand({ AccessToken: second.AccessToken }));
  await rejectsWith(pool.client.send(new GetUserCommand({ AccessToken: second.AccessToken })),
    'NotAuthorizedException', /^Access Token has been revoked$/);
  await rejectsWith(pool.client.send(new GetUserCommand({ AccessToken: first.AccessToken })),
    'NotAuthorizedException', /^Access Token has been revoked$/);
  await rejectsWith(refresh(second.RefreshToken), 'NotAuthorizedException');
  await rejectsWith(pool.client.send(new GlobalSignOutCommand({ AccessToken: second.AccessToken })), 'NotAuthorizedException');
});

test('repeated SRP failures are throttled, for unknown users too', async (t) => {
  const pool = await startPool(t);
  await signUpAndConfirm(pool, 'zed@example.com');
  for (const username of ['zed@example.com', 'ghost@example.com']) {
    const names = [];
    for (let i = 0; i < 7; i++) {
      names.push(await (async () => {
        const { client, challenge } = await srpChallenge(pool, username);
        await srpRespond(pool, challenge, client.claim(pool.poolId, 'Wr0ng-password!', challenge.ChallengeParameters));
        return 'ok';
      })().catch((e) => e.name));
    }
    assert.ok(names.includes('TooManyRequestsException'), names.join(','));
    assert.ok(!names.includes('ok'), names.join(','));
  }
});
