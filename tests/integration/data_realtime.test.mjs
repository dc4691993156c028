// Subscriptions over /graphql/realtime: AppSync's graphql-ws protocol as
// amplify-js speaks it (auth in a header- subprotocol or the header query
// parameter), and graphql-transport-ws through the npm graphql-ws client;
// events filtered by the subscription's filter and by the owner rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import {
  CognitoIdentityProviderClient, AdminCreateUserCommand, AdminSetUserPasswordCommand, InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { signRequest } from '@aws-amplify/core/internals/aws-client-utils';
import { makeApp, startSandbox } from './harness.mjs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const PASSWORD = 'Corr3ct-Horse!';

async function start(t) {
  const dir = makeApp(t);
  const sandbox = await startSandbox(t, dir);
  const outputs = JSON.parse(readFileSync(join(dir, 'gloss_outputs.json'), 'utf8'));
  const credentials = JSON.parse(readFileSync(join(dir, '.gloss', 'credentials.json'), 'utf8'));
  const cognito = new CognitoIdentityProviderClient({ endpoint: sandbox.url(''), region: 'us-east-1', credentials, maxAttempts: 1 });
  const signIn = async (email) => {
    const UserPoolId = outputs.auth.user_pool_id;
    await cognito.send(new AdminCreateUserCommand({ UserPoolId, Username: email, MessageAction: 'SUPPRESS' }));
    await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId, Username: email, Password: PASSWORD, Permanent: true }));
    const { AuthenticationResult } = await cognito.send(new InitiateAuthCommand({
      ClientId: outputs.auth.user_pool_client_id, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: email, PASSWORD },
    }));
    return AuthenticationResult.AccessToken;
  };
  const mutate = async (token, query, variables) => {
    const response = await fetch(outputs.data.url, {
      method: 'POST', headers: { authorization: token, 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }),
    });
    const body = await response.json();
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    return body.data;
  };
  const realtimeUrl = outputs.data.url.replace('http://', 'ws://') + '/realtime';
  return { sandbox, outputs, credentials, signIn, mutate, realtimeUrl };
}

// An AppSync real-time socket that collects messages; `next(type)` waits for one.
function appSyncSocket(t, url, protocols) {
  const socket = new WebSocket(url, protocols);
  const messages = [];
  const waiters = [];
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString());
    messages.push(message);
    for (const waiter of waiters.splice(0)) waiter();
  });
  t.after(() => socket.terminate());
  const next = async (type, ms = 5000) => {
    const deadline = Date.now() + ms;
    for (;;) {
      const index = messages.findIndex((m) => m.type === type);
      if (index >= 0) return messages.splice(index, 1)[0];
      if (Date.now() > deadline) throw new Error(`no ${type}; got ${JSON.stringify(messages)}`);
      await new Promise((resolve) => { waiters.push(resolve); setTimeout(resolve, 100); });
    }
  };
  const opened = new Promise((resolve, reject) => { socket.on('open', resolve); socket.on('error', reject); });
  return { socket, messages, next, opened, send: (m) => socket.send(JSON.stringify(m)) };
}

const headerEntry = (object) => 'header-' + Buffer.from(JSON.stringify(object)).toString('base64url');
const startMessage = (id, query, auth) => ({
  id, type: 'start', payload: { data: JSON.stringify({ query, variables: {} }), extensions: { authorization: auth } },
});
const CREATE_IMAGE = 'mutation($input: CreateImageInput!) { createImage(input: $input) { id } }';

test('graphql-ws (AppSync): ack, start_ack, filtered data, stop/complete', async (t) => {
  const data = await start(t);
  const token = await data.signIn('ann@example.com');
  const host = new URL(data.outputs.data.url).host;
  const client = appSyncSocket(t, data.realtimeUrl, ['graphql-ws', headerEntry({ Authorization: token, host })]);
  await client.opened;
  assert.equal(client.socket.protocol, 'graphql-ws');
  client.send({ type: 'connection_init' });
  assert.deepEqual((await client.next('connection_ack')).payload, { connectionTimeoutMs: 300000 });

  client.send(startMessage('s1', 'subscription { onCreateImage(filter: { status: { eq: \"READY\" } }) { id originalKey status } }',
    { Authorization: token, host }));
  assert.equal((await client.next('start_ack')).id, 's1');

  await data.mutate(token, CREATE_IMAGE, { input: { originalKey: 'skipped', status: 'UPLOADED' } });
  const created = await data.mutate(token, CREATE_IMAGE, { input: { originalKey: 'wanted', status: 'READY' } });
  const event = await client.next('data');
  assert.equal(event.id, 's1');
  assert.deepEqual(event.payload.data.onCreateImage, { id: created.createImage.id, originalKey: 'wanted', status: 'READY' });
  assert.equal(client.messages.filter((m) => m.type === 'data').length, 0);  // The UPLOADED one was filtered out.

  // Junk is answered with errors and the connection keeps working.
  client.socket.send('not json');
  client.send({ id: 'junk', type: 'start', payload: 5 });
  client.send({ id: 'junk2', type: 'start', payload: { data: '{', extensions: 7 } });
  client.send({ type: 'nonsense' });
  for (let i = 0; i < 4; ++i) await client.next('error');
  client.send({ id: 's1', type: 'stop' });
  assert.equal((await client.next('complete')).id, 's1');
  client.send(startMessage('bad', 'subscription { onCreateImage { nope } }', { Authorization: token, host }));
  const error = await client.next('error');
  assert.equal(error.id, 'bad');
  assert.match(error.payload.errors[0].message, /Cannot query field "nope"/);
});

test('owner rules decide which events a subscriber sees', async (t) => {
  const data = await start(t);
  const ann = await data.signIn('ann@example.com');
  const bob = await data.signIn('bob@example.com');
  const host = new URL(data.outputs.data.url).host;
  // The older query-string form of the auth header.
  const encoded = Buffer.from(JSON.stringify({ Authorization: bob, host })).toString('base64');
  const client = appSyncSocket(t, `${data.realtimeUrl}?header=${encodeURIComponent(encoded)}&payload=e30=`, ['graphql-ws']);
  await client.opened;
  client.send({ type: 'connection_init' });
  await client.next('connection_ack');
  client.send(startMessage('p', 'subscription { onCreateProject { name } }', { Authorization: bob, host }));
  await client.next('start_ack');
  await data.mutate(ann, 'mutation { createProject(input: { name: "ann-only" }) { id } }');
  await data.mutate(bob, 'mutation { createProject(input: { name: "bobs" }) { id } }');
  const event = await client.next('data');
  assert.equal(event.payload.data.onCreateProject.name, 'bobs');
  assert.equal(client.messages.filter((m) => m.type === 'data').length, 0);
});

// The IAM auth header object exactly as amplify-js builds it (authHeaders.ts,
// awsRealTimeIAMHeader): SigV4 for POST <graphql url><canonicalUri> over
// `payload`, signed with amplify-js's own signer.
function iamHeader(data, canonicalUri, payload) {
  const url = new URL(data.outputs.data.url + canonicalUri);
  const signed = signRequest({
    url, method: 'POST', body: payload,
    headers: {
      accept: 'application/json, text/javascript',
      'content-encoding': 'amz-1.0',
      'content-type': 'application/json; charset=UTF-8',
    },
  }, { credentials: data.credentials, signingRegion: data.outputs.data.aws_region, signingService: 'appsync' });
  return signed.headers;
}

test('IAM (SigV4) auth: connect signed over /connect, each start over its data', async (t) => {
  const data = await start(t);
  const ann = await data.signIn('ann@example.com');
  const client = appSyncSocket(t, data.realtimeUrl, ['graphql-ws', headerEntry(iamHeader(data, '/connect', '{}'))]);
  await client.opened;
  client.send({ type: 'connection_init' });
  await client.next('connection_ack');

  const payload = JSON.stringify({ query: 'subscription { onCreateProject { name } }', variables: {} });
  const authorization = { ...iamHeader(data, '', payload), 'x-amz-user-agent': 'aws-amplify/6.0.0' };
  client.send({ id: 'iam', type: 'start', payload: { data: payload, extensions: { authorization } } });
  await client.next('start_ack');
  await data.mutate(ann, 'mutation { createProject(input: { name: "seen by iam" }) { id } }');
  assert.equal((await client.next('data')).payload.data.onCreateProject.name, 'seen by iam');

  // A start whose data is not what was signed is refused.
  const other = JSON.stringify({ query: 'subscription { onCreateImage { id } }', variables: {} });
  client.send({ id: 'forged', type: 'start', payload: { data: other, extensions: { authorization } } });
  const error = await client.next('error');
  assert.equal(error.id, 'forged');
  assert.equal(error.payload.errors[0].errorType, 'UnauthorizedException');
});

test('a connection without valid credentials gets connection_error', async (t) => {
  const data = await start(t);
  const client = appSyncSocket(t, data.realtimeUrl, ['graphql-ws', headerEntry({ Authorization: 'not-a-token' })]);
  await client.opened;
  client.send({ type: 'connection_init' });
  const error = await client.next('connection_error');
  assert.equal(error.payload.errors[0].errorType, 'UnauthorizedException');
  assert.equal(error.payload.errors[0].errorCode, 401);
});

test('graphql-transport-ws through the npm graphql-ws client', async (t) => {
  const data = await start(t);
  const token = await data.signIn('ann@example.com');
  const client = createClient({ url: data.realtimeUrl, webSocketImpl: WebSocket, connectionParams: { Authorization: token }, retryAttempts: 0 });
  t.after(() => client.dispose());
  const received = new Promise((resolve, reject) => {
    const unsubscribe = client.subscribe({ query: 'subscription { onUpdateImage { id status } }' }, {
      next: (value) => { unsubscribe(); resolve(value); },
      error: reject,
      complete: () => {},
    });
  });
  const image = (await data.mutate(token, CREATE_IMAGE, { input: { originalKey: 'k', status: 'UPLOADED' } })).createImage;
  // Let the subscription register before the update (subscribe is asynchronous).
  await new Promise((resolve) => setTimeout(resolve, 300));
  await data.mutate(token, 'mutation($id: ID!) { updateImage(input: { id: $id, status: READY }) { id } }', { id: image.id });
  const value = await received;
  assert.deepEqual(value.data.onUpdateImage, { id: image.id, status: 'READY' });
});
