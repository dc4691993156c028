// Queues and functions together: a queue trigger (event source mapping)
// delivers Lambda's SQS event to a TypeScript handler under aws-lambda-ric,
// deletes what succeeded, retries what failed (partial batch responses, or a
// thrown error) through the visibility timeout and dead-letters it after
// maxReceiveCount; and a function's IAM policy decides which queues its
// injected credentials may send to (the C++ SDK's QueueClient in echo).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LambdaClient, InvokeCommand } from '@aws-sdk/client-lambda';
import {
  SQSClient, SendMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import { makeApp, startSandbox, eventually } from './harness.mjs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const BACKEND = `
[queues.jobs-dlq]
queueName = "jobs-dlq"

[queues.jobs]
queueName = "jobs"
visibilityTimeout = "1s"
deadLetterQueue = { queue = "jobs-dlq", maxReceiveCount = 2 }

[queues.other]
queueName = "other"

[functions.consumer]
entry = "node:functions/consumer/handler.ts"
timeoutSeconds = 10
triggers = [ { queue = "jobs", batchSize = 10 } ]

[functions.sender]
entry = "builtin:echo"
policy = [ { actions = ["sqs:SendMessage"], resources = ["\${queues.jobs.arn}"] } ]
`;

// A consumer in the Amplify style: reports failed records by messageId.
const HANDLER = `import type { SQSHandler } from 'aws-lambda';

export const handler: SQSHandler = async (event) => {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) {
    if (record.body === 'throw') {
      throw new Error('poison batch');
    }
    console.log('got', record.body, record.attributes.ApproximateReceiveCount,
                record.messageAttributes.kind?.stringValue ?? '-', record.eventSourceARN);
    if (record.body.startsWith('fail')) {
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
`;

async function start(t) {
  const dir = makeApp(t, { copyReference: false });
  writeFileSync(join(dir, 'backend.toml'), BACKEND);
  mkdirSync(join(dir, 'functions', 'consumer'), { recursive: true });
  writeFileSync(join(dir, 'functions', 'consumer', 'handler.ts'), HANDLER);
  const sandbox = await startSandbox(t, dir);
  const { accessKeyId, secretAccessKey } = JSON.parse(
    readFileSync(join(dir, '.gloss', 'credentials.json'), 'utf8'));
  const config = { endpoint: sandbox.url(''), region: 'us-east-1',
                   credentials: { accessKeyId, secretAccessKey } };
  const sqs = new SQSClient(config);
  const lambda = new LambdaClient(config);
  const url = (name) => sandbox.url(`/000000000000/${name}`);
  const count = async (name) => {
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({
      QueueUrl: url(name), AttributeNames: ['All'] }));
    return Number(Attributes.ApproximateNumberOfMessages) +
           Number(Attributes.ApproximateNumberOfMessagesNotVisible) +
           Number(Attributes.ApproximateNumberOfMessagesDelayed);
  };
  const log = () => readFileSync(join(dir, '.gloss', 'logs', 'functions', 'consumer.log'), 'utf8');
  return { sandbox, sqs, lambda, url, count, log };
}

async function sendAll(sqs, queueUrl, bodies) {
  const { Successful, Failed } = await sqs.send(new SendMessageBatchCommand({
    QueueUrl: queueUrl,
    Entries: bodies.map((body, i) => ({
      Id: `m${i}`, MessageBody: body,
      MessageAttributes: { kind: { DataType: 'String', StringValue: 'test' } },
    })),
  }));
  assert.equal(Failed?.length ?? 0, 0);
  assert.equal(Successful.length, bodies.length);
}

test('a queue trigger delivers batches, deletes successes and dead-letters failures', async (t) => {
  const { sqs, url, count, log } = await start(t);

  await t.test('successful records are delivered once and deleted', async () => {
    await sendAll(sqs, url('jobs'), ['a', 'b', 'c']);
    await eventually(() => /got c 1 test arn:aws:sqs:us-east-1:000000000000:jobs/.test(log()), 30000);
    await eventually(async () => (await count('jobs')) === 0, 30000);
    assert.equal((log().match(/got a /g) ?? []).length, 1);
  });

  await t.test('partial batch failures retry only the failed record, then dead-letter it', async () => {
    await sendAll(sqs, url('jobs'), ['ok-1', 'fail-1']);
    await eventually(async () => (await count('jobs-dlq')) === 1, 30000);
    assert.equal(await count('jobs'), 0);
    assert.equal((log().match(/got ok-1 /g) ?? []).length, 1);
    assert.match(log(), /got fail-1 2 /);  // Received twice (maxReceiveCount), then moved.
    const { Messages } = await sqs.send(new ReceiveMessageCommand({
      QueueUrl: url('jobs-dlq'), MessageSystemAttributeNames: ['All'] }));
    assert.equal(Messages[0].Body, 'fail-1');
    assert.equal(Messages[0].Attributes.DeadLetterQueueSourceArn,
      'arn:aws:sqs:us-east-1:000000000000:jobs');
  });

  await t.test('a thrown error fails the whole batch', async () => {
    await sendAll(sqs, url('jobs'), ['throw']);
    await eventually(async () => (await count('jobs-dlq')) === 2, 30000);
    assert.match(log(), /poison batch/);
  });
});

test('a function may send only where its policy allows', async (t) => {
  const { lambda, url, count, log } = await start(t);
  const invoke = async (event) => {
    const out = await lambda.send(new InvokeCommand({
      FunctionName: 'sender', Payload: new TextEncoder().encode(JSON.stringify(event)) }));
    return JSON.parse(new TextDecoder().decode(out.Payload));
  };
  const denied = await invoke({ sqsSend: { queueUrl: url('other'), body: 'denied' } });
  assert.equal(denied.error?.code, 'AccessDenied', JSON.stringify(denied));
  assert.equal(denied.error?.status, 403);
  assert.equal(await count('other'), 0);

  // The grant on jobs works; the consumer's trigger then receives the message.
  const sent = await invoke({ sqsSend: { queueUrl: url('jobs'), body: 'from-a-function' } });
  assert.match(sent.messageId ?? '', /^[0-9a-f-]{36}$/, JSON.stringify(sent));
  await eventually(() => /got from-a-function 1 /.test(log()), 30000);
});
