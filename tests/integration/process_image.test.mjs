// builtin:process-image end to end on the reference app (app/backend.toml):
// real photos uploaded through @aws-sdk/client-s3 become READY Image records
// with a compressed copy (<= 4 MB) and a thumbnail (<= 100 KB) that exiftool
// finds no location, XMP, IPTC or comment in; orientation is applied; broken
// uploads end FAILED with a reason; a repeated event does nothing new; the
// function's own outputs never trigger it; bad configuration fails its init.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client, PutObjectCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import { LambdaClient, InvokeCommand } from '@aws-sdk/client-lambda';
import {
  CognitoIdentityProviderClient, AdminCreateUserCommand, AdminSetUserPasswordCommand,
  AdminAddUserToGroupCommand, InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { REPO, makeApp, startSandbox, eventually } from './harness.mjs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const CORPUS = join(REPO, 'build', 'corpus');  // scripts/setup fetches it.
const BUCKET = 'images';
const IDENTITY = 'us-east-1:6b1d8f52-0c2e-4d8a-9a57-1f0e5a3c2b10';
const PASSWORD = 'Corr3ct-Horse!';

const IMAGE_FIELDS = `id originalKey compressedKey thumbnailKey status width height bytes
  contentType takenAt metadata error owner updatedAt`;

async function start(t, { environment, referenceSchema = false } = {}) {
  const dir = makeApp(t);
  if (referenceSchema) {
    // Amplify's reference schema: no index on originalKey, so process-image
    // finds records by scanning listImages.
    copyFileSync(join(REPO, 'src', 'data', 'graphql', 'testdata', 'reference-schema.graphql'),
      join(dir, 'data', 'schema.graphql'));
  }
  if (environment) {
    const toml = readFileSync(join(dir, 'backend.toml'), 'utf8').replace(
      'environment = { BUCKET_NAME = "${storage.images.name}" }',
      `environment = { BUCKET_NAME = "\${storage.images.name}", ${environment} }`);
    writeFileSync(join(dir, 'backend.toml'), toml);
  }
  const sandbox = await startSandbox(t, dir);
  const outputs = JSON.parse(readFileSync(join(dir, 'gloss_outputs.json'), 'utf8'));
  const { accessKeyId, secretAccessKey } = JSON.parse(
    readFileSync(join(dir, '.gloss', 'credentials.json'), 'utf8'));
  const config = { endpoint: sandbox.url(''), region: 'us-east-1', credentials: { accessKeyId, secretAccessKey } };
  const s3 = new S3Client({ ...config, forcePathStyle: true, maxAttempts: 1 });
  const lambda = new LambdaClient({ ...config, maxAttempts: 1 });
  const cognito = new CognitoIdentityProviderClient({ ...config, maxAttempts: 1 });

  // An ADMINS member's token: reads every Image whoever owns it.
  const UserPoolId = outputs.auth.user_pool_id;
  const Username = 'curator@example.com';
  await cognito.send(new AdminCreateUserCommand({ UserPoolId, Username, MessageAction: 'SUPPRESS' }));
  await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId, Username, Password: PASSWORD, Permanent: true }));
  await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId, Username, GroupName: 'ADMINS' }));
  const { AuthenticationResult } = await cognito.send(new InitiateAuthCommand({
    ClientId: outputs.auth.user_pool_client_id, AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: Username, PASSWORD },
  }));
  const graphql = async (query, variables = {}) => {
    const response = await fetch(outputs.data.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: AuthenticationResult.AccessToken },
      body: JSON.stringify({ query, variables }),
    });
    const body = await response.json();
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    return body.data;
  };
  const imageOf = async (originalKey) => {
    const data = await graphql(`query($key: String!) {
      listImages(filter: { originalKey: { eq: $key } }) { items { ${IMAGE_FIELDS} } } }`, { key: originalKey });
    return data.listImages.items;
  };
  const settled = (originalKey) => eventually(async () => {
    const [image] = await imageOf(originalKey);
    return image && (image.status === 'READY' || image.status === 'FAILED') ? image : undefined;
  }, 30000);
  const upload = (Key, Body) => s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body }));
  const download = async (Key) => Buffer.from(await (await s3.send(
    new GetObjectCommand({ Bucket: BUCKET, Key }))).Body.transformToByteArray());
  const log = () => {
    try {
      return readFileSync(join(dir, '.gloss', 'logs', 'functions', 'process-image.log'), 'utf8');
    } catch {
      return '';
    }
  };
  const starts = () => log().split('\n').filter((line) => /\bSTART RequestId:/.test(line)).length;
  const invoke = async (event) => {
    const out = await lambda.send(new InvokeCommand({
      FunctionName: 'process-image', Payload: new TextEncoder().encode(JSON.stringify(event)),
    }));
    return { ...out, json: JSON.parse(new TextDecoder().decode(out.Payload)) };
  };
  return { dir, sandbox, graphql, imageOf, settled, upload, download, log, starts, invoke };
}

// A scratch copy of a corpus photo changed by exiftool (arguments as given).
function edited(t, name, args) {
  const scratch = mkdtempSync(join(tmpdir(), 'gloss-img-'));
  t.after(() => rmSync(scratch, { recursive: true, force: true }));
  const file = join(scratch, name);
  copyFileSync(join(CORPUS, name), file);
  execFileSync('exiftool', ['-q', '-overwrite_original', ...args, file]);
  return readFileSync(file);
}

// exiftool's view of an image's bytes: every tag, grouped ("EXIF:Model", ...).
function tags(t, bytes) {
  const scratch = mkdtempSync(join(tmpdir(), 'gloss-img-'));
  t.after(() => rmSync(scratch, { recursive: true, force: true }));
  const file = join(scratch, 'out.bin');
  writeFileSync(file, bytes);
  return JSON.parse(execFileSync('exiftool', ['-json', '-G', '-n', file], { encoding: 'utf8' }))[0];
}

function s3Event(key) {
  return { Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: { name: BUCKET }, object: { key } } }] };
}

test('a photo with GPS, XMP, IPTC and a comment becomes READY without any of them', async (t) => {
  const app = await start(t);
  const source = edited(t, 'pm07-colorfulcups-gps-2560x1600.jpg',
    ['-XMP-dc:Subject=secret-xmp', '-IPTC:Keywords=secret-iptc', '-Comment=secret-comment']);
  const sourceTags = tags(t, source);
  assert.ok(sourceTags['EXIF:GPSLatitude'] && sourceTags['XMP:Subject'] && sourceTags['IPTC:Keywords']);
  const key = `images/original/${IDENTITY}/cups.jpg`;
  await app.upload(key, source);

  const image = await app.settled(key);
  assert.equal(image.status, 'READY', image.error);
  assert.equal(image.error, null);
  assert.equal(image.width, 2560);
  assert.equal(image.height, 1600);
  assert.equal(image.bytes, source.length);
  assert.equal(image.contentType, 'image/jpeg');
  assert.equal(image.compressedKey, `images/compressed/${IDENTITY}/cups.jpg`);
  assert.equal(image.thumbnailKey, `images/thumbnail/${IDENTITY}/cups.jpg`);
  const metadata = JSON.parse(image.metadata);
  assert.equal(metadata.exif.model, 'NEX-3N');
  assert.doesNotMatch(image.metadata, /GPS|9\.359|secret/i);

  for (const [outputKey, budget, edge] of [[image.compressedKey, 4_000_000, 2048], [image.thumbnailKey, 100_000, 400]]) {
    const bytes = await app.download(outputKey);
    assert.ok(bytes.length <= budget, `${outputKey}: ${bytes.length} bytes`);
    const out = tags(t, bytes);
    assert.equal(Math.max(out['File:ImageWidth'], out['File:ImageHeight']), edge);
    const leaked = Object.keys(out).filter((tag) => /^(EXIF|XMP|IPTC|ICC_Profile|MakerNotes|Composite:GPS)/.test(tag)
      || /GPS|Comment/.test(tag));
    assert.deepEqual(leaked, [], `${outputKey} keeps ${leaked.join(', ')}`);
    assert.doesNotMatch(bytes.toString('latin1'), /secret/);
  }
});

test('orientation is applied; originals of other formats get .jpg outputs', async (t) => {
  const app = await start(t);
  const rotated = edited(t, 'ps01-blinds-1920x1200.jpg', ['-n', '-Orientation=6']);
  await app.upload(`images/original/${IDENTITY}/blinds.jpg`, rotated);
  await app.upload(`images/original/${IDENTITY}/logo.png`, readFileSync(join(CORPUS, 'xs02-logo-rgba-500x500.png')));

  const blinds = await app.settled(`images/original/${IDENTITY}/blinds.jpg`);
  assert.equal(blinds.status, 'READY', blinds.error);
  assert.deepEqual([blinds.width, blinds.height], [1200, 1920]);
  assert.equal(blinds.takenAt, '2008-01-22T03:28:22Z');
  assert.equal(JSON.parse(blinds.metadata).exif.make, 'Canon');
  const thumbnail = tags(t, await app.download(blinds.thumbnailKey));
  assert.deepEqual([thumbnail['File:ImageWidth'], thumbnail['File:ImageHeight']], [250, 400]);
  assert.equal(thumbnail['EXIF:Orientation'], undefined);

  const logo = await app.settled(`images/original/${IDENTITY}/logo.png`);
  assert.equal(logo.status, 'READY', logo.error);
  assert.equal(logo.contentType, 'image/png');
  assert.equal(logo.compressedKey, `images/compressed/${IDENTITY}/logo.png.jpg`);
  assert.equal(tags(t, await app.download(logo.compressedKey))['File:MIMEType'], 'image/jpeg');
});

test('broken uploads end FAILED with a reason; a record the app made first is updated', async (t) => {
  const app = await start(t);
  const truncatedKey = `images/original/${IDENTITY}/cut.jpg`;
  const photo = readFileSync(join(CORPUS, 'pl10-picosdeeuropa-3264x2448.jpg'));
  await app.upload(truncatedKey, photo.subarray(0, Math.floor(photo.length * 0.6)));
  await app.upload(`images/original/${IDENTITY}/notes.jpg`, 'just some text');
  // The Amplify app pattern: the client creates the Image, then uploads.
  const made = await app.graphql(`mutation($input: CreateImageInput!) { createImage(input: $input) { id owner } }`,
    { input: { originalKey: `images/original/${IDENTITY}/mine.png`, status: 'UPLOADED' } });
  await app.upload(`images/original/${IDENTITY}/mine.png`, readFileSync(join(CORPUS, 'xs01-astronaut-512x512.png')));

  const truncated = await app.settled(truncatedKey);
  assert.equal(truncated.status, 'FAILED');
  assert.match(truncated.error, /cannot decode the image/);
  const text = await app.settled(`images/original/${IDENTITY}/notes.jpg`);
  assert.equal(text.status, 'FAILED');
  assert.match(text.error, /not an image in a supported format/);
  assert.equal(text.compressedKey, null);

  const mine = await app.settled(`images/original/${IDENTITY}/mine.png`);
  assert.equal(mine.id, made.createImage.id);
  assert.equal(mine.owner, made.createImage.owner);
  assert.equal(mine.status, 'READY', mine.error);
  assert.deepEqual([mine.width, mine.height], [512, 512]);
  assert.equal((await app.imageOf(`images/original/${IDENTITY}/mine.png`)).length, 1);
  assert.match(app.log(), /found by originalKey through imagesByOriginalKey/);
});

test('without the originalKey index (the reference schema) the record is found by a scan', async (t) => {
  const app = await start(t, { referenceSchema: true });
  const key = `images/original/${IDENTITY}/ref.png`;
  const made = await app.graphql(`mutation($input: CreateImageInput!) { createImage(input: $input) { id } }`,
    { input: { originalKey: key, status: 'UPLOADED' } });
  await app.upload(key, readFileSync(join(CORPUS, 'xs01-astronaut-512x512.png')));

  const image = await app.settled(key);
  assert.equal(image.id, made.createImage.id);
  assert.equal(image.status, 'READY', image.error);
  assert.equal((await app.imageOf(key)).length, 1);
  assert.match(app.log(), /found by scanning listImages/);
});

test('a repeated event does nothing new and outputs never trigger the function', async (t) => {
  const app = await start(t);
  const key = `images/original/${IDENTITY}/wood.jpg`;
  await app.upload(key, readFileSync(join(CORPUS, 'pm05-wood-2560x1920.jpg')));
  const first = await app.settled(key);
  assert.equal(first.status, 'READY', first.error);
  // The outputs were written; give any (wrong) trigger on them time to fire.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  assert.equal(app.starts(), 1, 'one upload, one invocation: the outputs triggered nothing');

  const again = await app.invoke(s3Event(key));
  assert.equal(again.FunctionError, undefined, JSON.stringify(again.json));
  assert.deepEqual(again.json.results, [{ key, result: 'SKIPPED', reason: 'already processed' }]);
  const [after] = await app.imageOf(key);
  assert.equal(after.updatedAt, first.updatedAt);

  // Even an event naming an output (a trigger configured too widely) is skipped.
  const output = await app.invoke(s3Event(first.compressedKey.replaceAll(':', '%3A')));
  assert.deepEqual(output.json.results,
    [{ key: first.compressedKey, result: 'SKIPPED', reason: 'not under images/original/' }]);
  await app.upload('images/compressed/elsewhere.jpg', readFileSync(join(CORPUS, 'ps05-rocket-adobergb-640x427.jpg')));
  await new Promise((resolve) => setTimeout(resolve, 1000));
  assert.equal(app.starts(), 3, 'the two direct invocations, and nothing for the upload outside the prefix');
  assert.equal((await app.imageOf('images/compressed/elsewhere.jpg')).length, 0);
});

test('environment: WebP outputs and smaller budgets; a bad value fails the init', async (t) => {
  const app = await start(t, { environment: 'OUTPUT_FORMAT = "webp", THUMBNAIL_MAX_EDGE = "200", THUMBNAIL_MAX_BYTES = "8000"' });
  const key = `images/original/${IDENTITY}/life.jpg`;
  await app.upload(key, readFileSync(join(CORPUS, 'pm01-life-3088x2056.jpg')));
  const image = await app.settled(key);
  assert.equal(image.status, 'READY', image.error);
  assert.equal(image.thumbnailKey, `images/thumbnail/${IDENTITY}/life.jpg.webp`);
  const thumbnail = await app.download(image.thumbnailKey);
  assert.equal(thumbnail.subarray(8, 12).toString(), 'WEBP');
  assert.ok(thumbnail.length <= 8000, `${thumbnail.length} bytes`);
  assert.ok(JSON.parse(image.metadata).thumbnail.width <= 200);

  const broken = await start(t, { environment: 'COMPRESSED_MAX_EDGE = "huge"' });
  const failed = await broken.invoke(s3Event(key));
  assert.equal(failed.FunctionError, 'Unhandled');
  assert.match(JSON.stringify(failed.json), /COMPRESSED_MAX_EDGE must be an integer/);
});
