// The user pool's admin calls through the official
// @aws-sdk/client-cognito-identity-provider, SigV4-signed with the sandbox's
// admin key pair (STATE/credentials.json): creating users with a temporary
// password and the NEW_PASSWORD_REQUIRED challenge, groups in tokens,
// ListUsers with filters and pages, enabling and disabling, deleting; and the
// errors for unsigned, badly signed and user-token calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CognitoIdentityProviderClient, AdminCreateUserCommand, AdminGetUserCommand, AdminDeleteUserCommand,
  AdminAddUserToGroupCommand, AdminRemoveUserFromGroupCommand, AdminListGroupsForUserCommand,
  AdminConfirmSignUpCommand, AdminSetUserPasswordCommand, AdminDisableUserCommand, AdminEnableUserCommand,
  AdminUpdateUserAttributesCommand, ListUsersCommand, ListGroupsCommand, InitiateAuthCommand,
  RespondToAuthChallengeCommand, SignUpCommand, UpdateUserAttributesCommand, VerifyUserAttributeCommand,
  GetUserCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { makeApp, startSandbox } from './harness.mjs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const PASSWORD = 'Corr3ct-Horse!';

async function startPool(t) {
  const dir = makeApp(t);
  const sandbox = await startSandbox(t, dir);
  const outputs = JSON.parse(readFileSync(join(dir, 'gloss_outputs.json'), 'utf8'));
  const credentials = JSON.parse(readFileSync(join(dir, '.gloss', 'credentials.json'), 'utf8'));
  const endpoint = sandbox.url('');
  const client = new CognitoIdentityProviderClient({ endpoint, region: 'us-east-1', maxAttempts: 1 });
  const admin = new CognitoIdentityProviderClient({ endpoint, region: 'us-east-1', maxAttempts: 1, credentials });
  const outbox = () => readFileSync(join(dir, '.gloss', 'auth', 'outbox.jsonl'), 'utf8')
    .split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
  return {
    dir, sandbox, client, admin, credentials, outbox,
    clientId: outputs.auth.user_pool_client_id, poolId: outputs.auth.user_pool_id,
  };
}

async function rejectsWith(promise, name, messagePattern) {
  await assert.rejects(promise, (error) => {
    assert.equal(error.name, name, `${error.name}: ${error.message}`);
    assert.equal(error.$metadata.httpStatusCode, 400);
    if (messagePattern) assert.match(error.message, messagePattern);
    return true;
  });
}

function claims(token) {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url'));
}

async function signIn(pool, USERNAME, PASSWORD_ = PASSWORD) {
  return pool.client.send(new InitiateAuthCommand({
    ClientId: pool.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME, PASSWORD: PASSWORD_ },
  }));
}

async function createConfirmedUser(pool, email) {
  const { User } = await pool.admin.send(new AdminCreateUserCommand({
    UserPoolId: pool.poolId, Username: email, TemporaryPassword: 'Temp0rary-pass!', MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'email_verified', Value: 'true' }],
  }));
  await pool.admin.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.poolId, Username: email, Password: PASSWORD, Permanent: true }));
  return User;
}

test('AdminCreateUser, then NEW_PASSWORD_REQUIRED on first sign-in, then tokens', async (t) => {
  const pool = await startPool(t);
  const email = 'carol@example.com';
  const { User } = await pool.admin.send(new AdminCreateUserCommand({
    UserPoolId: pool.poolId, Username: email, TemporaryPassword: 'Temp0rary-pass!', MessageAction: 'SUPPRESS',
  }));
  assert.equal(User.UserStatus, 'FORCE_CHANGE_PASSWORD');
  assert.equal(User.Enabled, true);
  assert.match(User.Username, /^[0-9a-f-]{36}$/);  // Email sign-in: the username is the sub.
  assert.ok(User.UserCreateDate instanceof Date);
  assert.equal(Object.fromEntries(User.Attributes.map((a) => [a.Name, a.Value])).email, email);
  assert.deepEqual(pool.outbox().filter((e) => e.kind === 'invite'), []);  // SUPPRESS: no message.

  const first = await signIn(pool, email, 'Temp0rary-pass!');
  assert.equal(first.ChallengeName, 'NEW_PASSWORD_REQUIRED');
  assert.equal(first.AuthenticationResult, undefined);
  assert.equal(JSON.parse(first.ChallengeParameters.userAttributes).email, email);

  const respond = (NEW_PASSWORD) => pool.client.send(new RespondToAuthChallengeCommand({
    ClientId: pool.clientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: first.Session,
    ChallengeResponses: { USERNAME: email, NEW_PASSWORD, 'userAttributes.name': 'Carol' },
  }));
  await rejectsWith(respond('short'), 'InvalidPasswordException');  // The session survives a weak password.
  const answered = await respond(PASSWORD);
  assert.equal(claims(answered.AuthenticationResult.IdToken).name, 'Carol');
  await rejectsWith(respond(PASSWORD), 'NotAuthorizedException');  // Each session works once.

  const fetched = await pool.admin.send(new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: email }));
  assert.equal(fetched.UserStatus, 'CONFIRMED');
  assert.equal(fetched.Username, User.Username);
  assert.ok((await signIn(pool, email)).AuthenticationResult.AccessToken);
});

test('AdminCreateUser without a password writes an invitation with a policy-conforming one', async (t) => {
  const pool = await startPool(t);
  await pool.admin.send(new AdminCreateUserCommand({ UserPoolId: pool.poolId, Username: 'dan@example.com' }));
  const invite = pool.outbox().find((e) => e.kind === 'invite');
  assert.equal(invite.username, 'dan@example.com');
  assert.match(invite.temporaryPassword, /^(?=.*[a-z])(?=.*[A-Z])(?=.*\d).{16,}$/);
  assert.equal((await signIn(pool, 'dan@example.com', invite.temporaryPassword)).ChallengeName, 'NEW_PASSWORD_REQUIRED');

  await rejectsWith(pool.admin.send(new AdminCreateUserCommand({ UserPoolId: pool.poolId, Username: 'dan@example.com' })),
    'UsernameExistsException');
  await pool.admin.send(new AdminCreateUserCommand({ UserPoolId: pool.poolId, Username: 'dan@example.com', MessageAction: 'RESEND' }));
  const resent = pool.outbox().filter((e) => e.kind === 'invite').at(-1);
  assert.notEqual(resent.temporaryPassword, invite.temporaryPassword);
  await rejectsWith(signIn(pool, 'dan@example.com', invite.temporaryPassword), 'NotAuthorizedException');
  await rejectsWith(pool.admin.send(new AdminCreateUserCommand({ UserPoolId: pool.poolId, Username: 'eve@example.com', TemporaryPassword: 'weak' })),
    'InvalidPasswordException');
});

test('groups: add, list, carried in tokens, remove; unknown group and pool', async (t) => {
  const pool = await startPool(t);
  const email = 'fay@example.com';
  await createConfirmedUser(pool, email);
  await pool.admin.send(new AdminAddUserToGroupCommand({ UserPoolId: pool.poolId, Username: email, GroupName: 'ANNOTATORS' }));
  await pool.admin.send(new AdminAddUserToGroupCommand({ UserPoolId: pool.poolId, Username: email, GroupName: 'ADMINS' }));
  const { Groups } = await pool.admin.send(new AdminListGroupsForUserCommand({ UserPoolId: pool.poolId, Username: email }));
  assert.deepEqual(Groups.map((g) => [g.GroupName, g.Precedence, g.UserPoolId]),
    [['ADMINS', 0, pool.poolId], ['ANNOTATORS', 1, pool.poolId]]);
  const page = await pool.admin.send(new AdminListGroupsForUserCommand({ UserPoolId: pool.poolId, Username: email, Limit: 1 }));
  assert.equal(page.Groups.length, 1);
  const rest = await pool.admin.send(new AdminListGroupsForUserCommand({ UserPoolId: pool.poolId, Username: email, NextToken: page.NextToken }));
  assert.deepEqual(rest.Groups.map((g) => g.GroupName), ['ANNOTATORS']);
  assert.equal(rest.NextToken, undefined);
  const all = await pool.admin.send(new ListGroupsCommand({ UserPoolId: pool.poolId }));
  assert.deepEqual(all.Groups.map((g) => g.GroupName), ['ADMINS', 'ANNOTATORS']);

  const tokens = (await signIn(pool, email)).AuthenticationResult;
  assert.deepEqual(claims(tokens.IdToken)['cognito:groups'], ['ADMINS', 'ANNOTATORS']);
  assert.deepEqual(claims(tokens.AccessToken)['cognito:groups'], ['ADMINS', 'ANNOTATORS']);

  await pool.admin.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: pool.poolId, Username: email, GroupName: 'ADMINS' }));
  assert.deepEqual(claims((await signIn(pool, email)).AuthenticationResult.IdToken)['cognito:groups'], ['ANNOTATORS']);

  await rejectsWith(pool.admin.send(new AdminAddUserToGroupCommand({ UserPoolId: pool.poolId, Username: email, GroupName: 'NOPE' })),
    'ResourceNotFoundException', /Group not found/);
  await rejectsWith(pool.admin.send(new AdminGetUserCommand({ UserPoolId: 'us-east-1_Nothere00', Username: email })),
    'ResourceNotFoundException', /User pool us-east-1_Nothere00 does not exist/);
  await rejectsWith(pool.admin.send(new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: 'ghost@example.com' })),
    'UserNotFoundException');
});

test('ListUsers filters, pages and trims attributes; AdminDeleteUser removes', async (t) => {
  const pool = await startPool(t);
  const emails = ['g1@example.com', 'g2@example.com', 'h1@example.com'];
  for (const email of emails) await createConfirmedUser(pool, email);

  const first = await pool.admin.send(new ListUsersCommand({ UserPoolId: pool.poolId, Limit: 2 }));
  assert.equal(first.Users.length, 2);
  assert.ok(first.PaginationToken);
  const second = await pool.admin.send(new ListUsersCommand({ UserPoolId: pool.poolId, Limit: 2, PaginationToken: first.PaginationToken }));
  assert.equal(second.Users.length, 1);
  assert.equal(second.PaginationToken, undefined);
  const seen = [...first.Users, ...second.Users].map((u) => u.Attributes.find((a) => a.Name === 'email').Value).sort();
  assert.deepEqual(seen, emails);

  const filtered = await pool.admin.send(new ListUsersCommand({
    UserPoolId: pool.poolId, Filter: 'email ^= "g"', AttributesToGet: ['email'],
  }));
  assert.deepEqual(filtered.Users.map((u) => u.Attributes.map((a) => a.Name)), [['email'], ['email']]);
  assert.ok(filtered.Users.every((u) => u.UserStatus === 'CONFIRMED'));
  await rejectsWith(pool.admin.send(new ListUsersCommand({ UserPoolId: pool.poolId, Filter: 'email ~ "g"' })),
    'InvalidParameterException');
  await rejectsWith(pool.admin.send(new ListUsersCommand({ UserPoolId: pool.poolId, Limit: 61 })),
    'InvalidParameterException', /less than or equal to 60/);

  await pool.admin.send(new AdminDeleteUserCommand({ UserPoolId: pool.poolId, Username: 'g1@example.com' }));
  await rejectsWith(pool.admin.send(new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: 'g1@example.com' })),
    'UserNotFoundException');
  await rejectsWith(signIn(pool, 'g1@example.com'), 'NotAuthorizedException');
});

test('disable, enable, confirm, set password, update attributes', async (t) => {
  const pool = await startPool(t);
  const email = 'ivy@example.com';
  await createConfirmedUser(pool, email);
  await pool.admin.send(new AdminDisableUserCommand({ UserPoolId: pool.poolId, Username: email }));
  await rejectsWith(signIn(pool, email), 'NotAuthorizedException', /User is disabled/);
  assert.equal((await pool.admin.send(new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: email }))).Enabled, false);
  await pool.admin.send(new AdminEnableUserCommand({ UserPoolId: pool.poolId, Username: email }));
  assert.ok((await signIn(pool, email)).AuthenticationResult);

  await pool.client.send(new SignUpCommand({ ClientId: pool.clientId, Username: 'jo@example.com', Password: PASSWORD }));
  await pool.admin.send(new AdminConfirmSignUpCommand({ UserPoolId: pool.poolId, Username: 'jo@example.com' }));
  assert.ok((await signIn(pool, 'jo@example.com')).AuthenticationResult);
  await rejectsWith(pool.admin.send(new AdminConfirmSignUpCommand({ UserPoolId: pool.poolId, Username: 'jo@example.com' })),
    'NotAuthorizedException', /Current status is CONFIRMED/);

  await pool.admin.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.poolId, Username: email, Password: 'Temp0rary-again!' }));
  assert.equal((await signIn(pool, email, 'Temp0rary-again!')).ChallengeName, 'NEW_PASSWORD_REQUIRED');

  await pool.admin.send(new AdminUpdateUserAttributesCommand({
    UserPoolId: pool.poolId, Username: 'jo@example.com', UserAttributes: [{ Name: 'email_verified', Value: 'true' }, { Name: 'name', Value: 'Jo' }],
  }));
  const jo = await pool.admin.send(new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: 'jo@example.com' }));
  const attributes = Object.fromEntries(jo.UserAttributes.map((a) => [a.Name, a.Value]));
  assert.equal(attributes.email_verified, 'true');
  assert.equal(attributes.name, 'Jo');
});

test('VerifyUserAttribute confirms a changed email with the code from the outbox', async (t) => {
  const pool = await startPool(t);
  await createConfirmedUser(pool, 'kim@example.com');
  const { AccessToken } = (await signIn(pool, 'kim@example.com')).AuthenticationResult;
  await pool.client.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: 'email', Value: 'kim2@example.com' }] }));
  const code = pool.outbox().filter((e) => e.kind === 'verify').at(-1).code;
  await rejectsWith(pool.client.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'email', Code: code === '000000' ? '111111' : '000000' })),
    'CodeMismatchException');
  await pool.client.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'email', Code: code }));
  const user = await pool.client.send(new GetUserCommand({ AccessToken }));
  const attributes = Object.fromEntries(user.UserAttributes.map((a) => [a.Name, a.Value]));
  assert.equal(attributes.email, 'kim2@example.com');
  assert.equal(attributes.email_verified, 'true');
});

test('admin calls need the admin key pair: unsigned, unknown key, wrong secret, user token', async (t) => {
  const pool = await startPool(t);
  const body = JSON.stringify({ UserPoolId: pool.poolId, Username: 'x@example.com' });
  const raw = async (headers) => {
    const response = await fetch(pool.sandbox.url('/'), {
      method: 'POST', body,
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.AdminGetUser', ...headers },
    });
    return { status: response.status, body: await response.json() };
  };
  const unsigned = await raw({});
  assert.equal(unsigned.status, 400);
  assert.equal(unsigned.body.__type, 'MissingAuthenticationTokenException');

  const userToken = await raw({ authorization: 'Bearer not-a-jwt' });
  assert.equal(userToken.status, 400);
  assert.equal(userToken.body.__type, 'IncompleteSignatureException');
  const apiKey = await raw({ 'x-api-key': 'da2-nothing' });
  assert.equal(apiKey.status, 400);
  assert.equal(apiKey.body.__type, 'MissingAuthenticationTokenException');

  const client = (credentials) => new CognitoIdentityProviderClient({ endpoint: pool.sandbox.url(''), region: 'us-east-1', maxAttempts: 1, credentials });
  await rejectsWith(client({ accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: 'x'.repeat(40) })
    .send(new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: 'x@example.com' })), 'UnrecognizedClientException');
  await rejectsWith(client({ accessKeyId: pool.credentials.accessKeyId, secretAccessKey: 'y'.repeat(40) })
    .send(new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: 'x@example.com' })), 'InvalidSignatureException');
  // The right pair reaches the operation.
  await rejectsWith(pool.admin.send(new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: 'x@example.com' })),
    'UserNotFoundException');
});
