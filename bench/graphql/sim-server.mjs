// The peer for bench/graphql: Amplify's AppSync simulator (npm
// amplify-appsync-simulator, the engine behind `amplify mock api`) serving the
// schema Amplify's transformer generates for app/data/schema.graphql, with
// getImage / listImages / createImage resolved by VTL request and response
// templates over AWS_LAMBDA data sources whose "Lambda" is an in-process JS
// function over a Map. (A DynamoDB data source needs DynamoDB Local, a Java
// program that is not available here.) Default auth: Cognito user pools, so
// the same access token goes to both servers; the simulator only decodes it.
//   node sim-server.mjs SCHEMA_FILE
// Prints `simulator: ready on http://127.0.0.1:PORT` once listening.
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { AmplifyAppSyncSimulator } = require('amplify-appsync-simulator');

const [schemaFile] = process.argv.slice(2);
const images = new Map();  // id → item, in insertion order (a DynamoDB table's scan order stand-in).

// Amplify's owner field for email sign-in: sub::username.
const ownerOf = (identity) => `${identity.sub}::${identity.username}`;

function getImage({ arguments: { id } }) {
  return images.get(id) ?? null;
}

// Filter, then limit, the way gloss fills pages (DynamoDB would limit first).
// Only the `status: {eq}` filter this benchmark sends is understood.
function listImages({ arguments: { filter, limit = 100, nextToken } }) {
  const wanted = filter?.status?.eq;
  const items = [];
  let started = nextToken == null;
  let next = null;
  for (const [id, item] of images) {
    if (!started) {
      started = id === nextToken;
      continue;
    }
    if (wanted !== undefined && item.status !== wanted) continue;
    if (items.length === limit) {
      next = items[items.length - 1].id;
      break;
    }
    items.push(item);
  }
  return { items, nextToken: next };
}

function createImage({ arguments: { input }, identity }) {
  const now = new Date().toISOString();
  const item = {
    ...input,
    id: input.id ?? randomUUID(),
    status: input.status ?? 'UPLOADED',
    createdAt: input.createdAt ?? now,
    updatedAt: now,
    owner: ownerOf(identity),
    __typename: 'Image',
  };
  if (images.has(item.id)) throw new Error('The conditional request failed');
  images.set(item.id, item);
  return item;
}

const REQUEST = `{
  "version": "2018-05-29",
  "operation": "Invoke",
  "payload": { "arguments": $util.toJson($ctx.arguments), "identity": $util.toJson($ctx.identity) }
}`;
const RESPONSE = '$util.toJson($ctx.result)';
const lambdas = { getImage, listImages, createImage };
const typeOf = { getImage: 'Query', listImages: 'Query', createImage: 'Mutation' };

const simulator = new AmplifyAppSyncSimulator({});
simulator.init({
  schema: { content: readFileSync(schemaFile, 'utf8') },
  appSync: {
    name: 'gloss-bench',
    defaultAuthenticationType: {
      authenticationType: 'AMAZON_COGNITO_USER_POOLS',
      cognitoUserPoolConfig: {},
    },
    additionalAuthenticationProviders: [{ authenticationType: 'AWS_IAM' }],
  },
  dataSources: Object.entries(lambdas).map(([name, invoke]) => ({
    name: `${name}Lambda`, type: 'AWS_LAMBDA', invoke: async (payload) => invoke(payload),
  })),
  mappingTemplates: Object.keys(lambdas).flatMap((name) => [
    { path: `${name}.req.vtl`, content: REQUEST },
    { path: `${name}.res.vtl`, content: RESPONSE },
  ]),
  resolvers: Object.keys(lambdas).map((name) => ({
    kind: 'UNIT',
    typeName: typeOf[name],
    fieldName: name,
    dataSourceName: `${name}Lambda`,
    requestMappingTemplateLocation: `${name}.req.vtl`,
    responseMappingTemplateLocation: `${name}.res.vtl`,
  })),
});
await simulator.start();
const port = new URL(simulator.url).port;
console.log(`simulator: ready on http://127.0.0.1:${port}`);
