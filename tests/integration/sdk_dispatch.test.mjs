// The official AWS SDK clients (pinned in package.json) reach the right
// service on the one port: each of their requests is dispatched by its
// X-Amz-Target or SigV4 scope.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CognitoIdentityProviderClient, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { SQSClient, ListQueuesCommand } from '@aws-sdk/client-sqs';
import { S3Client, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { makeApp, startSandbox } from './harness.mjs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

test('SDK clients are dispatched to their services', async (t) => {
  const dir = makeApp(t);
  const sandbox = await startSandbox(t, dir);
  const endpoint = sandbox.url('');
  const credentials = JSON.parse(readFileSync(join(dir, '.gloss', 'credentials.json'), 'utf8'));
  const common = { endpoint, region: 'us-east-1', maxAttempts: 1 };

  // The user pool is served (auth.test.mjs); an unknown client id is Cognito's own error.
  const cognito = new CognitoIdentityProviderClient(common);
  await assert.rejects(
    cognito.send(new SignUpCommand({ ClientId: 'client', Username: 'u@example.com', Password: 'Passw0rd!' })),
    (error) => error.name === 'ResourceNotFoundException' && error.$metadata.httpStatusCode === 400);

  // SQS is served (queues.test.mjs): the declared queues are listed.
  const sqs = new SQSClient({ ...common, credentials });
  const queues = await sqs.send(new ListQueuesCommand({}));
  assert.deepEqual(queues.QueueUrls.sort(),
    [sandbox.url('/000000000000/evaluation-dlq'), sandbox.url('/000000000000/evaluation-queue')]);

  // S3 is served (storage.test.mjs): the declared bucket exists and is empty.
  const s3 = new S3Client({ ...common, credentials, forcePathStyle: true });
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'images' }));
  assert.equal(listed.KeyCount, 0);
});
