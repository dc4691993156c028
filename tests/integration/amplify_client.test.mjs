// amplify-js itself against the sandbox, as an app would use it: Amplify.configure
// with gloss_outputs.json, signIn (SRP) through Auth, then generateClient()'s
// client.models.* — which only works when model_introspection is right — for
// create/get/list/update/delete, a secondary-index query, lazy relationships
// and a subscription over the AppSync real-time protocol; and fetchAuthSession's
// identity-pool credentials used for S3 under the user's {entity_id} folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';
import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
import { generateClient } from 'aws-amplify/data';
import {
  CognitoIdentityProviderClient, AdminCreateUserCommand, AdminSetUserPasswordCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { makeApp, startSandbox, eventually } from './harness.mjs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
// amplify-js opens its real-time connection with the browser's WebSocket, and
// always as wss:// (it rewrites http:// too). The sandbox speaks plain HTTP,
// so an app points it back at ws:// — the shim the README shows.
globalThis.WebSocket = class extends WebSocket {
  constructor(url, protocols) {
    super(String(url).replace(/^wss:\/\/(127\.0\.0\.1|localhost)([:/])/, 'ws://$1$2'), protocols);
  }
};
const PASSWORD = 'Corr3ct-Horse!';

test('generateClient models work end to end against the sandbox', async (t) => {
  const dir = makeApp(t);
  const sandbox = await startSandbox(t, dir);
  const outputs = JSON.parse(readFileSync(join(dir, 'gloss_outputs.json'), 'utf8'));
  assert.ok(outputs.data.model_introspection.models.Image, 'outputs carry model_introspection');

  const credentials = JSON.parse(readFileSync(join(dir, '.gloss', 'credentials.json'), 'utf8'));
  const admin = new CognitoIdentityProviderClient({ endpoint: sandbox.url(''), region: 'us-east-1', credentials });
  const UserPoolId = outputs.auth.user_pool_id;
  await admin.send(new AdminCreateUserCommand({ UserPoolId, Username: 'amy@example.com', MessageAction: 'SUPPRESS' }));
  await admin.send(new AdminSetUserPasswordCommand({ UserPoolId, Username: 'amy@example.com', Password: PASSWORD, Permanent: true }));

  Amplify.configure(outputs);
  const config = Amplify.getConfig();
  // The one thing an app adds for a self-hosted backend: where the user pool is.
  Amplify.configure({
    ...config,
    Auth: { Cognito: { ...config.Auth.Cognito, userPoolEndpoint: sandbox.url(''), identityPoolEndpoint: sandbox.url('') } },
  });
  const { isSignedIn } = await signIn({ username: 'amy@example.com', password: PASSWORD });
  assert.equal(isSignedIn, true);
  t.after(() => signOut());

  // fetchAuthSession gets AWS credentials from the identity pool; with them the
  // user may write under their own {entity_id} folder of the bucket, not another's.
  const session = await fetchAuthSession();
  assert.match(session.identityId, /^us-east-1:[0-9a-f-]{36}$/);
  assert.match(session.credentials.accessKeyId, /^ASIA/);
  const s3 = new S3Client({ endpoint: sandbox.url(''), region: 'us-east-1', forcePathStyle: true, credentials: session.credentials });
  const Bucket = outputs.storage.bucket_name;
  await s3.send(new PutObjectCommand({ Bucket, Key: `images/original/${session.identityId}/owl.jpg`, Body: 'jpeg bytes' }));
  await assert.rejects(
    s3.send(new PutObjectCommand({ Bucket, Key: 'images/original/us-east-1:someone-else/owl.jpg', Body: 'x' })),
    (error) => error.name === 'AccessDenied');

  const client = generateClient();
  const created = [];
  const subscription = client.models.Project.onCreate().subscribe({
    next: (project) => created.push(project),
    error: (error) => created.push({ error }),
  });
  t.after(() => subscription.unsubscribe());
  // The subscription is live once AppSync's start_ack arrived; until then creates may be missed.
  await new Promise((resolve) => setTimeout(resolve, 500));

  const { data: project, errors } = await client.models.Project.create({ name: 'Birds', labels: ['owl'] });
  assert.equal(errors, undefined, JSON.stringify(errors));
  assert.equal(project.name, 'Birds');
  // With email sign-in the Cognito username is the sub: Gen2's owner is "sub::sub".
  assert.match(project.owner, /^([0-9a-f-]{36})::\1$/);

  const { data: image, errors: imageErrors } = await client.models.Image.create({
    projectId: project.id, originalKey: 'images/original/x/owl.jpg', status: 'PROCESSING',
  });
  assert.equal(imageErrors, undefined, JSON.stringify(imageErrors));
  // Amplify keeps an @index key field required in the input even with @default.
  assert.equal(image.status, 'PROCESSING');
  const { data: annotation } = await client.models.Annotation.create({ imageId: image.id, source: 'HUMAN' });
  assert.equal(annotation.reviewStatus, 'PENDING');  // @default

  const { data: got } = await client.models.Project.get({ id: project.id });
  assert.equal(got.name, 'Birds');
  const { data: list } = await client.models.Project.list();
  assert.deepEqual(list.map((p) => p.id), [project.id]);

  const { data: byProject } = await client.models.Image.imagesByProject({ projectId: project.id });
  assert.deepEqual(byProject.map((i) => i.id), [image.id]);
  const { data: images } = await got.images();  // hasMany, lazily
  assert.deepEqual(images.map((i) => i.originalKey), ['images/original/x/owl.jpg']);
  const { data: parent } = await image.project();  // belongsTo, lazily
  assert.equal(parent.id, project.id);

  const { data: updated } = await client.models.Project.update({ id: project.id, description: 'raptors' });
  assert.equal(updated.description, 'raptors');
  await client.models.Image.delete({ id: image.id });
  const { data: gone } = await client.models.Image.get({ id: image.id });
  assert.equal(gone, null);

  await eventually(() => created.length > 0);
  assert.equal(created.length, 1, JSON.stringify(created));
  assert.equal(created[0].id, project.id);
});
