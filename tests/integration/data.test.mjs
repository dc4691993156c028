// The AppSync API over loopback HTTP: the generated schema through graphql-js
// introspection (compared with Amplify's transformer output), owner and group
// rules for two signed-in users, API keys, filters that fill pages, index
// queries, relationships, conditional writes and AppSync's error shapes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildClientSchema, getIntrospectionQuery, lexicographicSortSchema, printSchema,
} from 'graphql';
import {
  CognitoIdentityProviderClient, AdminCreateUserCommand, AdminSetUserPasswordCommand,
  AdminAddUserToGroupCommand, InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { makeApp, startSandbox, eventually, REPO } from './harness.mjs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const PASSWORD = 'Corr3ct-Horse!';

async function startData(t, { referenceSchema = false } = {}) {
  const dir = makeApp(t);
  if (referenceSchema) {
    // app/ extends the reference schema (reviewAnnotation, exportAnnotations);
    // the transformer's expected output is for the reference itself.
    cpSync(join(REPO, 'src/data/graphql/testdata/reference-schema.graphql'), join(dir, 'data', 'schema.graphql'));
  }
  const sandbox = await startSandbox(t, dir);
  const outputs = JSON.parse(readFileSync(join(dir, 'gloss_outputs.json'), 'utf8'));
  const credentials = JSON.parse(readFileSync(join(dir, '.gloss', 'credentials.json'), 'utf8'));
  const cognito = new CognitoIdentityProviderClient({ endpoint: sandbox.url(''), region: 'us-east-1', credentials, maxAttempts: 1 });
  const UserPoolId = outputs.auth.user_pool_id;
  const ClientId = outputs.auth.user_pool_client_id;
  // A confirmed user's access token, as amplify-js sends it.
  const signIn = async (email, groups = []) => {
    await cognito.send(new AdminCreateUserCommand({ UserPoolId, Username: email, MessageAction: 'SUPPRESS' }));
    await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId, Username: email, Password: PASSWORD, Permanent: true }));
    for (const GroupName of groups) {
      await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId, Username: email, GroupName }));
    }
    const { AuthenticationResult } = await cognito.send(new InitiateAuthCommand({
      ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: email, PASSWORD },
    }));
    return AuthenticationResult.AccessToken;
  };
  const graphql = async (auth, query, variables = {}) => {
    const headers = { 'content-type': 'application/json', ...auth };
    const response = await fetch(outputs.data.url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    return { status: response.status, body: await response.json() };
  };
  const as = (token) => async (query, variables) => {
    const { status, body } = await graphql({ authorization: token }, query, variables);
    assert.equal(status, 200);
    return body;
  };
  return { dir, sandbox, outputs, signIn, graphql, as };
}

const CREATE_PROJECT = 'mutation($input: CreateProjectInput!) { createProject(input: $input) { id name owner createdAt updatedAt } }';
const CREATE_IMAGE = `mutation($input: CreateImageInput!, $condition: ModelImageConditionInput) {
  createImage(input: $input, condition: $condition) { id projectId originalKey status owner createdAt } }`;

test('introspection yields the schema Amplify\'s transformer generates', async (t) => {
  const data = await startData(t, { referenceSchema: true });
  const token = await data.signIn('ann@example.com');
  const result = await data.as(token)(getIntrospectionQuery());
  assert.equal(result.errors, undefined, JSON.stringify(result.errors));
  const printed = printSchema(lexicographicSortSchema(buildClientSchema(result.data)))
    .split('\n\n').filter((block) => !block.startsWith('scalar ') && !block.startsWith('directive @aws_')).join('\n\n');
  const expected = readFileSync(join(REPO, 'src/data/testdata/transformer/reference.expected.graphql'), 'utf8')
    .replace(/ @aws_[a-z_]+(\([^)]*\))?/g, '').trim();
  assert.equal(printed.trim(), expected);
});

test('owners create and read their items; others are limited by the rules', async (t) => {
  const data = await startData(t);
  const ann = data.as(await data.signIn('ann@example.com'));
  const bob = data.as(await data.signIn('bob@example.com'));
  const admin = data.as(await data.signIn('root@example.com', ['ADMINS']));

  const created = await ann(CREATE_PROJECT, { input: { name: 'Cats' } });
  assert.equal(created.errors, undefined, JSON.stringify(created.errors));
  const project = created.data.createProject;
  assert.match(project.id, /^[0-9a-f-]{36}$/);
  assert.match(project.owner, /^[0-9a-f-]{36}::[0-9a-f-]{36}$/);  // sub::username, email sign-in.
  assert.match(project.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

  // CreateImageInput keeps `status: ImageStatus!` required although it has a
  // @default, exactly as Amplify's transformer generates it.
  const image = (await ann(CREATE_IMAGE, { input: { projectId: project.id, originalKey: 'images/original/a/cat.jpg', status: 'UPLOADED' } })).data.createImage;
  assert.equal(image.status, 'UPLOADED');
  const annotation = await ann('mutation($input: CreateAnnotationInput!) { createAnnotation(input: $input) { reviewStatus image { id } } }',
    { input: { imageId: image.id, source: 'HUMAN' } });
  assert.equal(annotation.errors, undefined, JSON.stringify(annotation.errors));
  assert.equal(annotation.data.createAnnotation.reviewStatus, 'PENDING');  // @default
  assert.equal(annotation.data.createAnnotation.image.id, image.id);

  // Project: owner + ADMINS only. Bob sees nothing and may not read it.
  const bobList = await bob('{ listProjects { items { id } nextToken } }');
  assert.deepEqual(bobList.data.listProjects.items, []);
  const bobGet = await bob('query($id: ID!) { getProject(id: $id) { id } }', { id: project.id });
  assert.equal(bobGet.data.getProject, null);
  assert.equal(bobGet.errors[0].errorType, 'Unauthorized');
  assert.equal(bobGet.errors[0].message, 'Not Authorized to access getProject on type Query');
  assert.deepEqual(bobGet.errors[0].path, ['getProject']);
  const adminGet = await admin('query($id: ID!) { getProject(id: $id) { name images { items { id } } } }', { id: project.id });
  assert.equal(adminGet.data.getProject.name, 'Cats');
  assert.deepEqual(adminGet.data.getProject.images.items, [{ id: image.id }]);

  // Image: any signed-in user may read; only the owner (or ADMINS) may write.
  const bobImage = await bob('query($id: ID!) { getImage(id: $id) { id project { id } } }', { id: image.id });
  assert.equal(bobImage.data.getImage.id, image.id);
  assert.equal(bobImage.data.getImage.project, null);  // No leak through the relationship.
  const bobUpdate = await bob('mutation($input: UpdateImageInput!) { updateImage(input: $input) { id } }',
    { input: { id: image.id, status: 'FAILED' } });
  assert.equal(bobUpdate.data.updateImage, null);
  assert.ok(['Unauthorized', 'DynamoDB:ConditionalCheckFailedException'].includes(bobUpdate.errors[0].errorType));
  const annUpdate = await ann('mutation($input: UpdateImageInput!) { updateImage(input: $input) { status updatedAt } }',
    { input: { id: image.id, status: 'READY' } });
  assert.equal(annUpdate.data.updateImage.status, 'READY');
  const deleted = await ann('mutation($input: DeleteImageInput!) { deleteImage(input: $input) { id } }', { input: { id: image.id } });
  assert.equal(deleted.data.deleteImage.id, image.id);
  assert.equal((await ann('query($id: ID!) { getImage(id: $id) { id } }', { id: image.id })).data.getImage, null);
});

test('filters fill pages, tokens page through, index queries sort', async (t) => {
  const data = await startData(t);
  const ann = data.as(await data.signIn('ann@example.com'));
  const project = (await ann(CREATE_PROJECT, { input: { name: 'P' } })).data.createProject;
  for (let i = 0; i < 23; ++i) {
    const status = i % 3 === 0 ? 'READY' : 'PROCESSING';
    const created = await ann(CREATE_IMAGE, { input: { projectId: project.id, originalKey: `k${i}`, status, createdAt: `2026-01-01T00:00:${String(i).padStart(2, '0')}.000Z` } });
    assert.equal(created.errors, undefined, JSON.stringify(created.errors));
  }
  const seen = [];
  let nextToken = null;
  do {
    const page = await ann(`query($t: String) { listImages(filter: { status: { eq: READY } }, limit: 3, nextToken: $t) {
      items { originalKey status } nextToken } }`, { t: nextToken });
    assert.equal(page.errors, undefined, JSON.stringify(page.errors));
    const { items } = page.data.listImages;
    if (page.data.listImages.nextToken) assert.equal(items.length, 3);  // Filter before limit.
    seen.push(...items.map((item) => item.originalKey));
    assert.ok(items.every((item) => item.status === 'READY'));
    nextToken = page.data.listImages.nextToken;
  } while (nextToken);
  assert.equal(seen.length, 8);
  assert.equal(new Set(seen).size, 8);

  const byProject = await ann(`query($p: ID!) { imagesByProject(projectId: $p, sortDirection: DESC, limit: 4,
    createdAt: { ge: "2026-01-01T00:00:10.000Z" }) { items { originalKey } } }`, { p: project.id });
  assert.deepEqual(byProject.data.imagesByProject.items.map((i) => i.originalKey), ['k22', 'k21', 'k20', 'k19']);

  const bad = await ann('{ listImages(nextToken: "forged") { items { id } } }');
  assert.equal(bad.data.listImages, null);
  assert.match(bad.errors[0].message, /pagination token/i);
});

test('conditional writes, validation errors, API keys and anonymous requests', async (t) => {
  const data = await startData(t);
  const ann = data.as(await data.signIn('ann@example.com'));
  const image = (await ann(CREATE_IMAGE, { input: { originalKey: 'x', status: 'READY' } })).data.createImage;
  const conditional = await ann(`mutation($id: ID!) { updateImage(input: { id: $id, error: "boom" },
    condition: { status: { eq: FAILED } }) { id } }`, { id: image.id });
  assert.equal(conditional.errors[0].errorType, 'DynamoDB:ConditionalCheckFailedException');

  const invalid = await ann('{ listImages { items { nope } } }');
  assert.equal(invalid.data, null);
  assert.equal(invalid.errors[0].message, 'Cannot query field "nope" on type "Image".');
  assert.deepEqual(invalid.errors[0].locations[0].line, 1);

  const keyed = await data.graphql({ 'x-api-key': data.outputs.data.api_key }, '{ listImages { items { id } } }');
  assert.equal(keyed.status, 200);
  assert.equal(keyed.body.errors[0].errorType, 'Unauthorized');  // No public rule on Image.

  const anonymous = await data.graphql({}, '{ listImages { items { id } } }');
  assert.equal(anonymous.status, 401);
  assert.equal(anonymous.body.errors[0].errorType, 'UnauthorizedException');
  const forged = await data.graphql({ authorization: 'eyJhbGciOiJub25lIn0.e30.' }, '{ listImages { items { id } } }');
  assert.equal(forged.status, 401);

  // The custom mutation reaches its function, which cannot start here: its
  // secret is not set.
  const custom = await ann('mutation { generateAnnotation(imageId: "x") }');
  assert.equal(custom.data.generateAnnotation, null);
  assert.equal(custom.errors[0].errorType, 'Lambda:Unhandled');
  assert.match(custom.errors[0].message, /no secret named OPENAI_API_KEY/);
});

test('schema edits reload in place and keep the data', async (t) => {
  const data = await startData(t);
  const ann = data.as(await data.signIn('ann@example.com'));
  const image = (await ann(CREATE_IMAGE, { input: { originalKey: 'before', status: 'READY' } })).data.createImage;

  const schemaFile = join(data.dir, 'data', 'schema.graphql');
  const original = readFileSync(schemaFile, 'utf8');
  writeFileSync(schemaFile, original.replace('  error: String\n', '  error: String\n  note: String\n'));
  await eventually(async () => !(await ann('{ __type(name: "Image") { fields { name } } }'))
    .data.__type.fields.every((field) => field.name !== 'note'));
  const noted = await ann('mutation($input: CreateImageInput!) { createImage(input: $input) { note } }',
    { input: { originalKey: 'after', status: 'READY', note: 'hello' } });
  assert.equal(noted.data.createImage.note, 'hello');
  assert.equal((await ann('query($id: ID!) { getImage(id: $id) { originalKey note } }', { id: image.id }))
    .data.getImage.originalKey, 'before');

  // A broken schema is refused; the previous one keeps serving.
  writeFileSync(schemaFile, original + '\ntype Broken @model { x: Nope }\n');
  await new Promise((resolve) => setTimeout(resolve, 1000));
  assert.equal((await ann('query($id: ID!) { getImage(id: $id) { note } }', { id: image.id })).errors, undefined);
});
