#!/usr/bin/env node
// Amplify's model introspection generator as an oracle: turns an Amplify-style
// SDL into the `model_introspection` document of amplify_outputs.json (what
// amplify-js's generateClient() reads), exactly as Gen2 makes it, offline.
//
//   node tests/oracle/introspect.mjs INPUT.graphql   print it
//   node tests/oracle/introspect.mjs --write         regenerate every <name>.introspection.json
//                                                    in TESTDATA
//
// See README.md for why the inputs go in unchanged.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listInputs } from './transform.mjs';

const require = createRequire(import.meta.url);
const { generateModels } = require('@aws-amplify/graphql-generator');

// The call Gen2 makes: @aws-amplify/model-generator (StackMetadataGraphqlModelsGenerator,
// used by client-config for data.model_introspection) passes the model schema the
// construct uploaded - the SDL it was given - and only `target`; every other option,
// `directives` included, is graphql-generator's default.
export async function introspectSchema(sdl) {
  const files = await generateModels({ schema: sdl, target: 'introspection' });
  return `${files['model-introspection.json']}\n`;
}

export const introspectionPath = (input) => input.replace(/\.graphql$/, '.introspection.json');

async function main(argv) {
  const args = argv.slice(2);
  if (args.includes('--write')) {
    for (const input of listInputs()) {
      const path = introspectionPath(input);
      writeFileSync(path, await introspectSchema(readFileSync(input, 'utf8')));
      console.log(`wrote ${basename(path)}`);
    }
    return 0;
  }
  if (args.length !== 1 || args[0].startsWith('--')) {
    console.error('usage: node introspect.mjs INPUT.graphql | --write');
    return 2;
  }
  process.stdout.write(await introspectSchema(readFileSync(args[0], 'utf8')));
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv).then((code) => { process.exitCode = code; }, (err) => {
    console.error(err?.stack ?? String(err));
    process.exitCode = 1;
  });
}
