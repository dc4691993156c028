// The S3 API on the gloss port through the official @aws-sdk/client-s3 and
// @aws-sdk/s3-request-presigner, unchanged (path-style, the sandbox's admin
// key pair): large buffer and streamed (aws-chunked + CRC32 trailer) uploads,
// multipart, listings with prefix and delimiter, presigned GET and PUT through
// fetch, DeleteObjects and CopyObject, and S3's error names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  S3Client, PutObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command,
  CreateMultipartUploadCommand, UploadPartCommand, CompleteMultipartUploadCommand,
  DeleteObjectsCommand, CopyObjectCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import {
  CognitoIdentityProviderClient, AdminCreateUserCommand, AdminSetUserPasswordCommand, InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { makeApp, startSandbox } from './harness.mjs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const BUCKET = 'images';  // Declared in app/backend.toml; exists at start.
const MiB = 1024 * 1024;

async function startStorage(t) {
  const dir = makeApp(t);
  const sandbox = await startSandbox(t, dir);
  const credentials = JSON.parse(readFileSync(join(dir, '.gloss', 'credentials.json'), 'utf8'));
  const options = { endpoint: sandbox.url(''), region: 'us-east-1', forcePathStyle: true, maxAttempts: 1 };
  const s3 = new S3Client({ ...options, credentials });
  const client = (extra) => new S3Client({ ...options, ...extra });
  return { sandbox, dir, s3, credentials, client };
}

const md5Etag = (bytes) => `"${createHash('md5').update(bytes).digest('hex')}"`;

async function getBytes(s3, Key) {
  const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key }));
  return Buffer.from(await got.Body.transformToByteArray());
}

test('a 20 MB buffer goes up and comes back identical', async (t) => {
  const { s3 } = await startStorage(t);
  const body = randomBytes(20 * 1000 * 1000);
  const put = await s3.send(new PutObjectCommand({
    Bucket: BUCKET, Key: 'big/blob.bin', Body: body, ContentType: 'application/x-test', Metadata: { origin: 'it' },
  }));
  assert.equal(put.ETag, md5Etag(body));

  const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'big/blob.bin' }));
  assert.equal(head.ContentLength, body.length);
  assert.equal(head.ContentType, 'application/x-test');
  assert.deepEqual(head.Metadata, { origin: 'it' });

  // The SDK asks for the stored CRC32 (x-amz-checksum-mode) and checks the body against it.
  const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'big/blob.bin' }));
  assert.ok(got.ChecksumCRC32, 'the stored checksum is returned');
  assert.ok(Buffer.from(await got.Body.transformToByteArray()).equals(body));
});

test('a streamed body is sent aws-chunked with a CRC32 trailer and stored decoded', async (t) => {
  const { s3 } = await startStorage(t);
  const pieces = [randomBytes(100 * 1024), randomBytes(3 * MiB), randomBytes(7)];
  const body = Buffer.concat(pieces);
  const put = await s3.send(new PutObjectCommand({
    Bucket: BUCKET, Key: 'streamed.bin', Body: Readable.from(pieces), ContentLength: body.length,
  }));
  assert.equal(put.ETag, md5Etag(body));
  assert.ok(put.ChecksumCRC32, 'the verified trailer checksum is echoed');
  assert.ok((await getBytes(s3, 'streamed.bin')).equals(body));
});

test('a multipart upload of three parts completes into one object', async (t) => {
  const { s3 } = await startStorage(t);
  const Key = 'multi/part.bin';
  const parts = [randomBytes(5 * MiB), randomBytes(5 * MiB), Buffer.from('!')];
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key, ContentType: 'video/mp4' }));
  assert.ok(UploadId);
  const completed = [];
  for (const [index, Body] of parts.entries()) {
    const PartNumber = index + 1;
    const { ETag } = await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key, UploadId, PartNumber, Body }));
    assert.equal(ETag, md5Etag(Body));
    completed.push({ ETag, PartNumber });
  }
  const done = await s3.send(new CompleteMultipartUploadCommand({
    Bucket: BUCKET, Key, UploadId, MultipartUpload: { Parts: completed },
  }));
  assert.match(done.ETag, /^"[0-9a-f]{32}-3"$/);
  assert.equal(done.Key, Key);

  const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key }));
  assert.equal(head.ContentType, 'video/mp4');
  assert.equal(head.ETag, done.ETag);
  assert.ok((await getBytes(s3, Key)).equals(Buffer.concat(parts)));
});

test('ListObjectsV2 rolls keys up by prefix and delimiter', async (t) => {
  const { s3 } = await startStorage(t);
  for (const Key of ['list/a/1', 'list/a/2', 'list/b', 'list/c/x/y', 'other']) {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: Key }));
  }
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'list/', Delimiter: '/' }));
  assert.deepEqual(listed.Contents.map((o) => o.Key), ['list/b']);
  assert.equal(listed.Contents[0].Size, 'list/b'.length);
  assert.deepEqual(listed.CommonPrefixes.map((p) => p.Prefix), ['list/a/', 'list/c/']);
  assert.equal(listed.KeyCount, 3);
  assert.equal(listed.IsTruncated, false);

  const first = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'list/', MaxKeys: 2 }));
  assert.deepEqual(first.Contents.map((o) => o.Key), ['list/a/1', 'list/a/2']);
  assert.equal(first.IsTruncated, true);
  const rest = await s3.send(new ListObjectsV2Command({
    Bucket: BUCKET, Prefix: 'list/', ContinuationToken: first.NextContinuationToken,
  }));
  assert.deepEqual(rest.Contents.map((o) => o.Key), ['list/b', 'list/c/x/y']);
});

test('presigned GET and PUT URLs work through fetch', async (t) => {
  const { s3, credentials, client } = await startStorage(t);
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'shared/a b+c.txt', Body: 'presigned read' }));
  const getUrl = await getSignedUrl(s3, new GetObjectCommand({ Bucket: BUCKET, Key: 'shared/a b+c.txt' }), { expiresIn: 300 });
  const got = await fetch(getUrl);
  assert.equal(got.status, 200);
  assert.equal(await got.text(), 'presigned read');

  // A WHEN_SUPPORTED client would presign the CRC32 of an empty body (AWS-WIRE-PROTOCOLS.md).
  const presigner = client({ credentials, requestChecksumCalculation: 'WHEN_REQUIRED' });
  const putUrl = await getSignedUrl(presigner, new PutObjectCommand({ Bucket: BUCKET, Key: 'shared/upload.txt' }), { expiresIn: 300 });
  const put = await fetch(putUrl, { method: 'PUT', body: 'presigned write' });
  assert.equal(put.status, 200, await put.text());
  assert.equal(put.headers.get('etag'), md5Etag('presigned write'));
  assert.equal((await getBytes(s3, 'shared/upload.txt')).toString(), 'presigned write');

  const tampered = await fetch(getUrl.replace('a%20b%2Bc.txt', 'upload.txt'));
  assert.equal(tampered.status, 403);
  assert.match(await tampered.text(), /<Code>SignatureDoesNotMatch<\/Code>/);
});

test('S3 error names reach the SDK', async (t) => {
  const { s3, credentials, client } = await startStorage(t);
  await assert.rejects(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'missing' })), (error) => {
    assert.equal(error.name, 'NoSuchKey', `${error.name}: ${error.message}`);
    assert.equal(error.$metadata.httpStatusCode, 404);
    return true;
  });
  await assert.rejects(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'missing' })), (error) => {
    assert.equal(error.name, 'NotFound');
    return true;
  });
  await assert.rejects(s3.send(new ListObjectsV2Command({ Bucket: 'no-such-bucket' })), (error) => {
    assert.equal(error.name, 'NoSuchBucket');
    return true;
  });

  const forged = client({ credentials: { ...credentials, secretAccessKey: 'not-the-secret' } });
  await assert.rejects(forged.send(new ListObjectsV2Command({ Bucket: BUCKET })), (error) => {
    assert.equal(error.name, 'SignatureDoesNotMatch', `${error.name}: ${error.message}`);
    assert.equal(error.$metadata.httpStatusCode, 403);
    return true;
  });
});

test('DeleteObjects removes several keys; CopyObject copies one', async (t) => {
  const { s3 } = await startStorage(t);
  for (const Key of ['del/1', 'del/2', 'del/3']) {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: Key }));
  }
  const copied = await s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'kept/2', CopySource: `${BUCKET}/del/2` }));
  assert.equal(copied.CopyObjectResult.ETag, md5Etag('del/2'));

  const deleted = await s3.send(new DeleteObjectsCommand({
    Bucket: BUCKET, Delete: { Objects: [{ Key: 'del/1' }, { Key: 'del/2' }, { Key: 'del/3' }, { Key: 'del/never' }] },
  }));
  assert.deepEqual(deleted.Deleted.map((d) => d.Key).sort(), ['del/1', 'del/2', 'del/3', 'del/never']);
  assert.equal(deleted.Errors, undefined);

  const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'del/' }));
  assert.equal(listed.KeyCount, 0);
  assert.equal((await getBytes(s3, 'kept/2')).toString(), 'del/2');
});

test('a signed-in user gets presigned URLs for their own folder only', async (t) => {
  const { sandbox, dir, credentials } = await startStorage(t);
  const outputs = JSON.parse(readFileSync(join(dir, 'gloss_outputs.json'), 'utf8'));
  const cognito = new CognitoIdentityProviderClient({ endpoint: sandbox.url(''), region: 'us-east-1', credentials });
  const UserPoolId = outputs.auth.user_pool_id;
  const Username = 'pia@example.com';
  const Password = 'Corr3ct-Horse!';
  await cognito.send(new AdminCreateUserCommand({ UserPoolId, Username, MessageAction: 'SUPPRESS' }));
  await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId, Username, Password, Permanent: true }));
  const { AuthenticationResult } = await cognito.send(new InitiateAuthCommand({
    ClientId: outputs.auth.user_pool_client_id, AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: Username, PASSWORD: Password },
  }));
  const token = AuthenticationResult.IdToken;
  // The identity id the access rules call {entity_id}, as amplify-js gets it.
  const identity = await fetch(sandbox.url('/'), {
    method: 'POST',
    headers: { 'x-amz-target': 'AWSCognitoIdentityService.GetId', 'content-type': 'application/x-amz-json-1.1' },
    body: JSON.stringify({
      IdentityPoolId: outputs.auth.identity_pool_id,
      Logins: { [`cognito-idp.us-east-1.amazonaws.com/${UserPoolId}`]: token },
    }),
  }).then((r) => r.json());
  const presign = (body, auth = token) => fetch(sandbox.url('/_gloss/storage/presign'), {
    method: 'POST', headers: { authorization: `Bearer ${auth}` }, body: JSON.stringify(body),
  });

  const key = `images/original/${identity.IdentityId}/selfie.jpg`;
  const put = await presign({ bucket: BUCKET, key, method: 'PUT', expiresIn: 60 });
  assert.equal(put.status, 200);
  const { url } = await put.json();
  assert.equal((await fetch(url, { method: 'PUT', body: 'jpeg bytes' })).status, 200);
  const get = await (await presign({ bucket: BUCKET, key, method: 'GET' })).json();
  assert.equal(await (await fetch(get.url)).text(), 'jpeg bytes');

  const other = await presign({ bucket: BUCKET, key: 'images/original/us-east-1:other/x.jpg', method: 'PUT' });
  assert.equal(other.status, 403);
  assert.equal((await other.json()).error.code, 'AccessDenied');
  assert.equal((await presign({ bucket: BUCKET, key, method: 'PUT' }, 'not-a-token')).status, 401);
  assert.equal((await presign({ bucket: BUCKET, key, method: 'DELETE' })).status, 400);
});
