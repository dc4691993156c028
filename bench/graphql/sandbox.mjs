// The gloss side of bench/graphql: a sandbox on a copy of app/ with a
// signed-in benchmark user, the seed data and the measured operations. Used by
// run.mjs (gloss beside the simulator) and serve.mjs (gloss alone, for
// profiling one operation).
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CognitoIdentityProviderClient, AdminCreateUserCommand, AdminSetUserPasswordCommand, InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startServer } from '../lib/servers.mjs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
export const IMAGES = 200;  // Seeded per server; every 4th is READY, so 50 match the list filter.
const USERNAME = 'bench@example.com';
const PASSWORD = 'Corr3ct-Horse!';

// Starts `glossBin sandbox` on a copy of `appDir` in `work` and signs the
// benchmark user in. Resolves with {name, child, url, token}.
export async function startGloss(glossBin, appDir, work) {
  const dir = join(work, 'app');
  cpSync(appDir, dir, { recursive: true });
  const { child } = await startServer(glossBin, ['sandbox', '--port', '0', '--dir', dir, '--log-level', 'warn'], {},
    /gloss: ready on (http:\/\/127\.0\.0\.1:\d+)/);
  const outputs = JSON.parse(readFileSync(join(dir, 'gloss_outputs.json'), 'utf8'));
  const credentials = JSON.parse(readFileSync(join(dir, '.gloss', 'credentials.json'), 'utf8'));
  const endpoint = new URL(outputs.data.url).origin;
  const cognito = new CognitoIdentityProviderClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
  const UserPoolId = outputs.auth.user_pool_id;
  await cognito.send(new AdminCreateUserCommand({ UserPoolId, Username: USERNAME, MessageAction: 'SUPPRESS' }));
  await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId, Username: USERNAME, Password: PASSWORD, Permanent: true }));
  const { AuthenticationResult } = await cognito.send(new InitiateAuthCommand({
    ClientId: outputs.auth.user_pool_client_id, AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME, PASSWORD },
  }));
  return { name: 'gloss', child, url: outputs.data.url, token: AuthenticationResult.AccessToken };
}

export async function graphql(server, query, variables = {}) {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: server.token },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = { unparsable: text };
  }
  return { status: response.status, body };
}

const FIELDS = 'id projectId originalKey status width height createdAt updatedAt owner';
const CREATE = `mutation CreateImage($input: CreateImageInput!) { createImage(input: $input) { ${FIELDS} } }`;

// The project the seeded images belong to, created on gloss (the simulator
// has no Project resolvers); returns its id.
export async function createProject(gloss) {
  const project = await graphql(gloss, 'mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }',
    { input: { name: 'bench' } });
  const projectId = project.body.data?.createProject?.id;
  if (!projectId) throw new Error(`gloss: createProject failed: ${JSON.stringify(project.body)}`);
  return projectId;
}

export async function seed(server, projectId, ids) {
  for (let i = 0; i < ids.length; ++i) {
    const input = {
      id: ids[i], projectId, originalKey: `images/original/bench/${i}.jpg`,
      status: i % 4 === 0 ? 'READY' : 'PROCESSING', width: 640, height: 480,
    };
    const { status, body } = await graphql(server, CREATE, { input });
    if (status !== 200 || body.errors || !body.data?.createImage) {
      throw new Error(`${server.name}: seeding failed: ${status} ${JSON.stringify(body)}`);
    }
  }
}

// The measured operations: {name, query, variables, check(data)}.
export function operations(projectId, readyId) {
  return [
    {
      name: 'getImage',
      query: `query GetImage($id: ID!) { getImage(id: $id) { ${FIELDS} } }`,
      variables: { id: readyId },
      check: (data) => data?.getImage?.id === readyId,
    },
    {
      name: 'listImages',
      query: `query ListImages { listImages(filter: { status: { eq: READY } }, limit: 20) { items { ${FIELDS} } nextToken } }`,
      variables: {},
      check: (data) => data?.listImages?.items?.length === 20 && data.listImages.items.every((i) => i.status === 'READY'),
    },
    {
      name: 'createImage',
      query: CREATE,
      variables: { input: { projectId, originalKey: 'images/original/bench/new.jpg', status: 'UPLOADED', width: 640, height: 480 } },
      check: (data) => /^[0-9a-f-]{36}$/.test(data?.createImage?.id ?? ''),
    },
  ];
}
