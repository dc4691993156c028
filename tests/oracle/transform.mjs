#!/usr/bin/env node
// The Amplify GraphQL transformer as an oracle: turns an Amplify-style SDL
// (`type Todo @model @auth(...) {...}`) into the schema AppSync would get,
// exactly as Amplify Gen2 (`defineData` -> @aws-amplify/data-construct ->
// @aws-amplify/graphql-api-construct -> executeTransform) does, offline.
//
//   node tests/oracle/transform.mjs INPUT.graphql         normalised (sorted, directives kept)
//   node tests/oracle/transform.mjs --raw INPUT.graphql   the transformer's schema.graphql as is
//   node tests/oracle/transform.mjs --write               regenerate every <name>.expected.graphql
//                                                         and <name>.raw.graphql in TESTDATA
//
// See README.md for what each mode keeps.
import { createRequire } from 'node:module';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
process.env.JSII_DEPRECATED ??= 'quiet';  // CDK's own deprecation notices
const { executeTransform } = require('@aws-amplify/graphql-transformer');
const { constructDataSourceStrategies } = require('@aws-amplify/graphql-transformer-core');
const { App, Stack, NestedStack } = require('aws-cdk-lib');
const {
  Kind, buildSchema, lexicographicSortSchema, parse, print, printSchema,
} = require('graphql');

const HERE = dirname(fileURLToPath(import.meta.url));
export const TESTDATA = join(HERE, '..', '..', 'src', 'data', 'testdata', 'transformer');

// Transform parameters: exactly what Gen2 passes today. @aws-amplify/backend-data
// 1.9.0 (defineData) calls AmplifyData (@aws-amplify/data-construct 1.17.7 =
// @aws-amplify/graphql-api-construct 1.22.2, which pins @aws-amplify/graphql-transformer
// 2.5.1) with translationBehavior {sandboxModeEnabled, allowDestructiveGraphqlSchemaUpdates:
// true}; the construct spreads that over its defaultTranslationBehavior
// (lib/internal/default-parameters.js) and forces allowGen1Patterns: false.
// sandboxModeEnabled is true only when defineData has neither auth modes nor an auth
// resource (default API key); with defineAuth + userPool default it is false.
export const TRANSFORM_PARAMETERS = Object.freeze({
  shouldDeepMergeDirectiveConfigDefaults: true,
  disableResolverDeduping: true,
  sandboxModeEnabled: false,
  useSubUsernameForDefaultIdentityClaim: true,   // owner = "<sub>::<username>"
  subscriptionsInheritPrimaryAuth: false,
  populateOwnerFieldForStaticGroupAuth: true,
  suppressApiKeyGeneration: false,
  secondaryKeyAsGSI: true,
  enableAutoIndexQueryNames: true,
  respectPrimaryKeyAttributesOnConnectionField: true,
  enableSearchNodeToNodeEncryption: false,
  enableSearchEncryptionAtRest: false,
  enableTransformerCfnOutputs: false,
  allowDestructiveGraphqlSchemaUpdates: true,
  replaceTableUponGsiUpdate: false,
  allowGen1Patterns: false,
});

// defineData({authorizationModes: {defaultAuthorizationMode: 'userPool',
// apiKeyAuthorizationMode: {expiresInDays: 7}}}) with a defineAuth resource, as
// convertAuthorizationModesToCDK + convertAuthorizationModesToTransformerAuthConfig
// build it: API_KEY, USER_POOLS, AWS_IAM (identity pool) in that order, user pool
// as default; Gen2 always sets iamConfig.enableIamAuthorizationMode (enableIamAccess).
export const AUTH_CONFIG = Object.freeze({
  defaultAuthentication: {
    authenticationType: 'AMAZON_COGNITO_USER_POOLS',
    userPoolConfig: { userPoolId: 'us-east-1_oracle' },
  },
  additionalAuthenticationProviders: [
    { authenticationType: 'API_KEY', apiKeyConfig: { apiKeyExpirationDays: 7 } },
    { authenticationType: 'AWS_IAM' },
  ],
});
// Gen2 (@aws-amplify/backend-data convert_schema.js) binds every @model to an
// Amplify-managed DynamoDB table.
const DATA_SOURCE_STRATEGY = Object.freeze({ dbType: 'DYNAMODB', provisionStrategy: 'AMPLIFY_TABLE' });
const SYNTH_PARAMETERS = Object.freeze({
  amplifyEnvironmentName: 'NONE',
  apiName: 'amplifyData',
  adminRoles: [],
  identityPoolId: 'us-east-1:00000000-0000-0000-0000-000000000000',
  enableIamAccess: true,
  userPoolId: 'us-east-1_oracle',
  authenticatedUserRoleName: 'authRole',
  unauthenticatedUserRoleName: 'unauthRole',
});

// What AppSync declares implicitly; added only so graphql-js can build the schema.
const APPSYNC_SCALARS = ['AWSDate', 'AWSTime', 'AWSDateTime', 'AWSTimestamp', 'AWSEmail',
  'AWSJSON', 'AWSURL', 'AWSPhone', 'AWSIPAddress'];
const APPSYNC_DIRECTIVES = {
  aws_subscribe: 'directive @aws_subscribe(mutations: [String]) on FIELD_DEFINITION',
  aws_auth: 'directive @aws_auth(cognito_groups: [String]) on FIELD_DEFINITION',
  aws_api_key: 'directive @aws_api_key on FIELD_DEFINITION | OBJECT',
  aws_iam: 'directive @aws_iam on FIELD_DEFINITION | OBJECT',
  aws_oidc: 'directive @aws_oidc on FIELD_DEFINITION | OBJECT',
  aws_lambda: 'directive @aws_lambda on FIELD_DEFINITION | OBJECT',
  aws_cognito_user_pools:
    'directive @aws_cognito_user_pools(cognito_groups: [String]) on FIELD_DEFINITION | OBJECT',
};

// Runs the Gen2 transformer chain; returns the schema.graphql AppSync would receive.
function runTransformer(sdl) {
  const app = new App();
  const scope = new Stack(app, 'oracle');
  let schemaFile;
  const assetProvider = {
    provide: (_scope, _id, props) => {
      if (props.fileName === 'schema.graphql') schemaFile = props.fileContent;
      return { assetHash: 'x', httpUrl: 'x', s3BucketName: 'x', s3ObjectKey: 'x', s3ObjectUrl: 'x' };
    },
  };
  const logs = [];
  // Some transformers console.warn directly; route those into the logs too.
  const saved = { warn: console.warn, info: console.info, log: console.log };
  for (const level of Object.keys(saved)) {
    console[level] = (...args) => logs.push({ level: level.toUpperCase(), message: args.join(' ') });
  }
  try {
    executeTransform({
      scope,
      nestedStackProvider: { provide: (s, name) => new NestedStack(s, name) },
      assetProvider,
      synthParameters: SYNTH_PARAMETERS,
      schema: sdl,
      userDefinedSlots: {},
      transformersFactoryArgs: { customTransformers: [], functionNameMap: {} },
      authConfig: AUTH_CONFIG,
      stackMapping: {},
      resolverConfig: undefined,
      transformParameters: { ...TRANSFORM_PARAMETERS },
      rdsLayerMapping: undefined,
      rdsSnsTopicMapping: undefined,
      dataSourceStrategies: constructDataSourceStrategies(sdl, DATA_SOURCE_STRATEGY),
      sqlDirectiveDataSourceStrategies: [],
      printTransformerLog: (log) => logs.push(log),
    });
  } finally {
    Object.assign(console, saved);
  }
  // The schema asset is produced lazily at synth time; ask for it directly, the
  // same call CDK's Lazy makes (TransformerSchema.addAsset).
  const api = scope.node.findAll().find((c) => c.schema && typeof c.schema.addAsset === 'function');
  if (!api) throw new Error('transformer produced no GraphQL API');
  api.schema.addAsset();
  if (schemaFile === undefined) throw new Error('transformer produced no schema.graphql');
  return { schema: schemaFile, logs };
}

const directivesOf = (node) => node.directives ?? [];
const sortDirectives = (dirs) => [...dirs].sort((a, b) => a.name.value.localeCompare(b.name.value));

// graphql-js printSchema drops directive usages; collect them from the raw AST by
// coordinate (Type, Type.field, Type.field(arg:), Enum.VALUE) to put them back.
function collectDirectives(doc) {
  const map = new Map();
  const add = (key, dirs) => {
    if (dirs.length) map.set(key, [...(map.get(key) ?? []), ...dirs]);
  };
  for (const def of doc.definitions) {
    if (!def.name) continue;
    const t = def.name.value;
    add(t, directivesOf(def));
    for (const f of def.fields ?? []) {
      add(`${t}.${f.name.value}`, directivesOf(f));
      for (const a of f.arguments ?? []) add(`${t}.${f.name.value}(${a.name.value}:)`, directivesOf(a));
    }
    for (const v of def.values ?? []) add(`${t}.${v.name.value}`, directivesOf(v));
  }
  return map;
}

// Sorted (lexicographicSortSchema + printSchema layout), with the directive usages
// re-attached (sorted by name) and the declarations added above left out.
function normalise(raw) {
  const rawDoc = parse(raw);
  const declared = new Set(rawDoc.definitions.filter((d) => d.name).map((d) => d.name.value));
  const injected = new Set();
  const prelude = [];
  for (const s of APPSYNC_SCALARS) {
    if (!declared.has(s)) { prelude.push(`scalar ${s}`); injected.add(s); }
  }
  for (const [name, def] of Object.entries(APPSYNC_DIRECTIVES)) {
    if (!declared.has(name)) { prelude.push(def); injected.add(name); }
  }
  const schema = buildSchema(`${prelude.join('\n')}\n${raw}`);
  const printed = parse(printSchema(lexicographicSortSchema(schema)));
  const dirs = collectDirectives(rawDoc);
  const attach = (node, key) => {
    const d = dirs.get(key);
    return d ? { ...node, directives: sortDirectives([...directivesOf(node), ...d]) } : node;
  };
  const definitions = printed.definitions
    .filter((d) => !(d.name && injected.has(d.name.value)
      && (d.kind === Kind.SCALAR_TYPE_DEFINITION || d.kind === Kind.DIRECTIVE_DEFINITION)))
    .map((def) => {
      if (!def.name || def.kind === Kind.DIRECTIVE_DEFINITION) return def;
      const t = def.name.value;
      let out = attach(def, t);
      if (def.fields) {
        out = {
          ...out,
          fields: def.fields.map((f) => {
            const ff = attach(f, `${t}.${f.name.value}`);
            if (!f.arguments) return ff;
            return {
              ...ff,
              arguments: f.arguments.map((a) => attach(a, `${t}.${f.name.value}(${a.name.value}:)`)),
            };
          }),
        };
      }
      if (def.values) out = { ...out, values: def.values.map((v) => attach(v, `${t}.${v.name.value}`)) };
      return out;
    });
  return `${print({ ...printed, definitions })}\n`;
}

// Transforms `sdl`; {raw: true} returns the transformer's schema.graphql unchanged.
// Transformer warnings go to `onLog` (default: stderr).
export async function transformSchema(sdl, { raw = false, onLog } = {}) {
  const { schema, logs } = runTransformer(sdl);
  const report = onLog ?? ((log) => process.stderr.write(`transformer ${log.level}: ${log.message}\n`));
  logs.forEach(report);
  return raw ? schema : normalise(schema);
}

// The inputs in TESTDATA: every *.graphql that is not an output.
export function listInputs(dir = TESTDATA) {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.graphql') && !/\.(expected|raw)\.graphql$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

export const outputPaths = (input) => {
  const stem = input.replace(/\.graphql$/, '');
  return { expected: `${stem}.expected.graphql`, raw: `${stem}.raw.graphql` };
};

async function main(argv) {
  const args = argv.slice(2);
  if (args.includes('--write')) {
    for (const input of listInputs()) {
      const sdl = readFileSync(input, 'utf8');
      const { expected, raw } = outputPaths(input);
      writeFileSync(expected, await transformSchema(sdl));
      writeFileSync(raw, await transformSchema(sdl, { raw: true, onLog: () => {} }));
      console.log(`wrote ${basename(expected)}, ${basename(raw)}`);
    }
    return 0;
  }
  const raw = args.includes('--raw');
  const files = args.filter((a) => !a.startsWith('--'));
  if (files.length !== 1) {
    console.error('usage: node transform.mjs [--raw] INPUT.graphql | --write');
    return 2;
  }
  process.stdout.write(await transformSchema(readFileSync(files[0], 'utf8'), { raw }));
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv).then((code) => { process.exitCode = code; }, (err) => {
    console.error(err?.stack ?? String(err));
    process.exitCode = 1;
  });
}
