// The SQS API on the gloss port through the official @aws-sdk/client-sqs,
// unchanged (AWS JSON 1.0, the sandbox's admin key pair): queues declared in
// backend.toml and made with CreateQueue, messages with attributes and their
// MD5s, batches, visibility, delays, long polling, redrive to a dead-letter
// queue and message move tasks back, FIFO ordering and deduplication, purge,
// tags, SQS's error names, SigV4 rejection, a function's IAM policy, and the
// old query protocol (form in, XML out) for the same operations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  SQSClient, GetQueueUrlCommand, ListQueuesCommand, GetQueueAttributesCommand, SetQueueAttributesCommand,
  CreateQueueCommand, DeleteQueueCommand, SendMessageCommand, SendMessageBatchCommand,
  ReceiveMessageCommand, DeleteMessageCommand, DeleteMessageBatchCommand,
  ChangeMessageVisibilityCommand, ChangeMessageVisibilityBatchCommand, PurgeQueueCommand,
  TagQueueCommand, UntagQueueCommand, ListQueueTagsCommand, ListDeadLetterSourceQueuesCommand,
  StartMessageMoveTaskCommand, ListMessageMoveTasksCommand,
} from '@aws-sdk/client-sqs';
import { LambdaClient, InvokeCommand } from '@aws-sdk/client-lambda';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { makeApp, startSandbox, eventually } from './harness.mjs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const ACCOUNT = '000000000000';
const arnOf = (name) => `arn:aws:sqs:us-east-1:${ACCOUNT}:${name}`;

const BACKEND = `
[queues.evaluation-dlq]
queueName = "evaluation-dlq"
retentionPeriod = "14d"

[queues.evaluation]
queueName = "evaluation-queue"
visibilityTimeout = "15m"
retentionPeriod = "7d"
deadLetterQueue = { queue = "evaluation-dlq", maxReceiveCount = 3 }

[functions.sender]
entry = "builtin:echo"
policy = [ { actions = ["sqs:SendMessage"], resources = ["\${queues.evaluation.arn}"] } ]

[outputs.custom]
queueUrl = "\${queues.evaluation.url}"
queueArn = "\${queues.evaluation.arn}"
`;

function adminCredentials(dir) {
  const { accessKeyId, secretAccessKey } = JSON.parse(
    readFileSync(join(dir, '.gloss', 'credentials.json'), 'utf8'));
  return { accessKeyId, secretAccessKey };
}

async function startQueues(t) {
  const dir = makeApp(t, { copyReference: false });
  writeFileSync(join(dir, 'backend.toml'), BACKEND);
  const sandbox = await startSandbox(t, dir);
  const credentials = adminCredentials(dir);
  const options = { endpoint: sandbox.url(''), region: 'us-east-1', maxAttempts: 1 };
  const sqs = new SQSClient({ ...options, credentials });
  const client = (extra) => new SQSClient({ ...options, ...extra });
  const urlOf = (name) => sandbox.url(`/${ACCOUNT}/${name}`);
  return { dir, sandbox, credentials, sqs, client, urlOf };
}

// MD5OfMessageAttributes as SQS computes it: for each attribute sorted by
// name, length-prefixed name and data type, a transport byte (1 string, 2
// binary) and the length-prefixed value.
function attributesMd5(attributes) {
  const hash = createHash('md5');
  const lengthPrefixed = (bytes) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    hash.update(length);
    hash.update(bytes);
  };
  for (const name of Object.keys(attributes).sort()) {
    const { DataType, StringValue, BinaryValue } = attributes[name];
    lengthPrefixed(Buffer.from(name, 'utf8'));
    lengthPrefixed(Buffer.from(DataType, 'utf8'));
    if (BinaryValue !== undefined) {
      hash.update(Buffer.from([2]));
      lengthPrefixed(Buffer.from(BinaryValue));
    } else {
      hash.update(Buffer.from([1]));
      lengthPrefixed(Buffer.from(StringValue, 'utf8'));
    }
  }
  return hash.digest('hex');
}

const md5 = (text) => createHash('md5').update(text, 'utf8').digest('hex');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function receive(sqs, QueueUrl, extra = {}) {
  const out = await sqs.send(new ReceiveMessageCommand({
    QueueUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'], MessageAttributeNames: ['All'],
    ...extra,
  }));
  return out.Messages ?? [];
}

async function attributes(sqs, QueueUrl, names = ['All']) {
  return (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: names }))).Attributes;
}

async function createQueue(sqs, QueueName, Attributes = {}, tags) {
  return (await sqs.send(new CreateQueueCommand({ QueueName, Attributes, tags }))).QueueUrl;
}

// Receives everything visible in the queue until an empty receive.
async function drain(sqs, QueueUrl, { remove = true } = {}) {
  const all = [];
  for (;;) {
    const batch = await receive(sqs, QueueUrl);
    if (batch.length === 0) return all;
    all.push(...batch);
    if (remove) {
      await sqs.send(new DeleteMessageBatchCommand({
        QueueUrl, Entries: batch.map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle })),
      }));
    }
  }
}

test('SQS through @aws-sdk/client-sqs', async (t) => {
  const { dir, sandbox, credentials, sqs, client, urlOf } = await startQueues(t);
  const evaluationUrl = urlOf('evaluation-queue');
  const dlqUrl = urlOf('evaluation-dlq');

  await t.test('declared queues exist with their attributes and URLs', async () => {
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'evaluation-queue' }));
    assert.equal(QueueUrl, `http://127.0.0.1:${sandbox.port}/000000000000/evaluation-queue`);
    assert.equal((await sqs.send(new GetQueueUrlCommand({ QueueName: 'evaluation-dlq' }))).QueueUrl, dlqUrl);

    const listed = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'evaluation' }));
    assert.deepEqual([...listed.QueueUrls].sort(), [dlqUrl, evaluationUrl]);
    const dlqOnly = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'evaluation-d' }));
    assert.deepEqual(dlqOnly.QueueUrls, [dlqUrl]);
    const none = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'nothing-like-this' }));
    assert.deepEqual(none.QueueUrls ?? [], []);

    const attrs = await attributes(sqs, evaluationUrl);
    assert.equal(attrs.QueueArn, 'arn:aws:sqs:us-east-1:000000000000:evaluation-queue');
    assert.equal(attrs.VisibilityTimeout, '900');
    assert.equal(attrs.MessageRetentionPeriod, '604800');
    assert.equal(attrs.DelaySeconds, '0');
    assert.equal(attrs.MaximumMessageSize, '262144');
    assert.equal(attrs.ReceiveMessageWaitTimeSeconds, '0');
    assert.equal(attrs.ApproximateNumberOfMessages, '0');
    assert.equal(attrs.ApproximateNumberOfMessagesNotVisible, '0');
    assert.equal(attrs.ApproximateNumberOfMessagesDelayed, '0');
    assert.match(attrs.CreatedTimestamp, /^\d{10}$/);
    assert.match(attrs.LastModifiedTimestamp, /^\d{10}$/);
    const redrive = JSON.parse(attrs.RedrivePolicy);
    assert.equal(redrive.deadLetterTargetArn, 'arn:aws:sqs:us-east-1:000000000000:evaluation-dlq');
    assert.equal(Number(redrive.maxReceiveCount), 3);

    const dlqAttrs = await attributes(sqs, dlqUrl, ['MessageRetentionPeriod', 'QueueArn']);
    assert.deepEqual(dlqAttrs, {
      MessageRetentionPeriod: '1209600', QueueArn: 'arn:aws:sqs:us-east-1:000000000000:evaluation-dlq',
    });

    const sources = await sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlqUrl }));
    assert.deepEqual(sources.queueUrls, [evaluationUrl]);
  });

  await t.test('gloss_outputs.json names the queue', () => {
    const outputs = JSON.parse(readFileSync(join(dir, 'gloss_outputs.json'), 'utf8'));
    assert.equal(outputs.custom.queueUrl, evaluationUrl);
    assert.equal(outputs.custom.queueArn, 'arn:aws:sqs:us-east-1:000000000000:evaluation-queue');
  });

  await t.test('CreateQueue is idempotent for the same attributes, QueueNameExists for others; DeleteQueue', async () => {
    const url = await createQueue(sqs, 'made-q', { VisibilityTimeout: '10', DelaySeconds: '0' });
    assert.equal(url, urlOf('made-q'));
    assert.equal(await createQueue(sqs, 'made-q', { VisibilityTimeout: '10', DelaySeconds: '0' }), url);
    await assert.rejects(createQueue(sqs, 'made-q', { VisibilityTimeout: '20' }), { name: 'QueueNameExists' });
    assert.equal((await attributes(sqs, url, ['VisibilityTimeout'])).VisibilityTimeout, '10');

    await sqs.send(new SetQueueAttributesCommand({
      QueueUrl: url, Attributes: { VisibilityTimeout: '45', MaximumMessageSize: '2048' },
    }));
    const changed = await attributes(sqs, url, ['VisibilityTimeout', 'MaximumMessageSize']);
    assert.deepEqual(changed, { VisibilityTimeout: '45', MaximumMessageSize: '2048' });
    await assert.rejects(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x'.repeat(4096) })),
                         { name: 'InvalidParameterValue' });

    await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    await assert.rejects(sqs.send(new GetQueueUrlCommand({ QueueName: 'made-q' })), { name: 'QueueDoesNotExist' });
    await assert.rejects(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' })),
                         { name: 'QueueDoesNotExist' });
    const listed = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'made-' }));
    assert.deepEqual(listed.QueueUrls ?? [], []);
  });

  await t.test('SendMessage with String, Number, Binary and custom attributes; ReceiveMessage returns them', async () => {
    const url = await createQueue(sqs, 'attrs-q');
    const MessageAttributes = {
      s: { DataType: 'String', StringValue: 'héllo ✓' },
      n: { DataType: 'Number', StringValue: '42.5' },
      b: { DataType: 'Binary', BinaryValue: new Uint8Array([0, 1, 2, 255]) },
      custom: { DataType: 'String.json', StringValue: '{"a":1}' },
    };
    const body = 'body with unicode ✓ and emoji 🐱';
    // The SDK checks MD5OfMessageBody itself and throws on a mismatch.
    const sent = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body, MessageAttributes }));
    assert.match(sent.MessageId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(sent.MD5OfMessageBody, md5(body));
    assert.equal(sent.MD5OfMessageAttributes, attributesMd5(MessageAttributes));
    assert.equal(attributesMd5({ timestamp: { DataType: 'Number', StringValue: '1493147359900' } }),
                 '235c5c510d26fb653d073faed50ae77c', 'the helper agrees with the documented check value');

    const before = Date.now();
    const [message, ...rest] = await receive(sqs, url);
    assert.equal(rest.length, 0);
    assert.equal(message.MessageId, sent.MessageId);
    assert.equal(message.Body, body);
    assert.equal(message.MD5OfBody, md5(body));
    assert.equal(message.MD5OfMessageAttributes, sent.MD5OfMessageAttributes);
    assert.ok(message.ReceiptHandle);
    assert.equal(message.MessageAttributes.s.StringValue, 'héllo ✓');
    assert.equal(message.MessageAttributes.s.DataType, 'String');
    assert.equal(message.MessageAttributes.n.StringValue, '42.5');
    assert.equal(message.MessageAttributes.n.DataType, 'Number');
    assert.deepEqual([...message.MessageAttributes.b.BinaryValue], [0, 1, 2, 255]);
    assert.equal(message.MessageAttributes.b.DataType, 'Binary');
    assert.equal(message.MessageAttributes.custom.DataType, 'String.json');
    assert.equal(message.MessageAttributes.custom.StringValue, '{"a":1}');
    const system = message.Attributes;
    assert.ok(system.SenderId, 'SenderId');
    assert.ok(Math.abs(Number(system.SentTimestamp) - before) < 10000, `SentTimestamp ${system.SentTimestamp}`);
    assert.equal(system.ApproximateReceiveCount, '1');
    assert.ok(Number(system.ApproximateFirstReceiveTimestamp) >= Number(system.SentTimestamp));

    // Without attribute names, none are returned.
    await sqs.send(new ChangeMessageVisibilityCommand({
      QueueUrl: url, ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: 0,
    }));
    const plain = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages;
    assert.equal(plain.length, 1);
    assert.equal(plain[0].MessageAttributes, undefined);
    assert.equal(plain[0].Attributes, undefined);
    // Selected names only.
    await sqs.send(new ChangeMessageVisibilityCommand({
      QueueUrl: url, ReceiptHandle: plain[0].ReceiptHandle, VisibilityTimeout: 0,
    }));
    const some = (await sqs.send(new ReceiveMessageCommand({
      QueueUrl: url, MessageSystemAttributeNames: ['ApproximateReceiveCount'], MessageAttributeNames: ['s', 'n'],
    }))).Messages[0];
    assert.deepEqual(some.Attributes, { ApproximateReceiveCount: '3' });
    assert.deepEqual(Object.keys(some.MessageAttributes).sort(), ['n', 's']);

    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: some.ReceiptHandle }));
    const left = await attributes(sqs, url, ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible']);
    assert.deepEqual(left, { ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0' });
  });

  await t.test('SendMessageBatch: per-entry failures and the batch errors', async () => {
    const url = await createQueue(sqs, 'batch-q');
    const out = await sqs.send(new SendMessageBatchCommand({
      QueueUrl: url,
      Entries: [
        { Id: 'ok1', MessageBody: 'one', MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } } },
        { Id: 'bad', MessageBody: 'control \u0001 character' },
        { Id: 'ok2', MessageBody: 'two', DelaySeconds: 0 },
      ],
    }));
    assert.deepEqual(out.Successful.map((e) => e.Id).sort(), ['ok1', 'ok2']);
    const ok1 = out.Successful.find((e) => e.Id === 'ok1');
    assert.equal(ok1.MD5OfMessageBody, md5('one'));
    assert.equal(ok1.MD5OfMessageAttributes, attributesMd5({ k: { DataType: 'String', StringValue: 'v' } }));
    assert.equal(out.Failed.length, 1);
    assert.equal(out.Failed[0].Id, 'bad');
    assert.equal(out.Failed[0].SenderFault, true);
    assert.ok(out.Failed[0].Code, 'a failed entry has a code');
    t.diagnostic(`failed entry: ${JSON.stringify(out.Failed[0])}`);

    const entries = (n) => Array.from({ length: n }, (_, i) => ({ Id: `e${i}`, MessageBody: `m${i}` }));
    await assert.rejects(sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries(11) })),
                         { name: 'TooManyEntriesInBatchRequest' });
    await assert.rejects(sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [] })),
                         { name: 'EmptyBatchRequest' });
    await assert.rejects(sqs.send(new SendMessageBatchCommand({
      QueueUrl: url, Entries: [{ Id: 'same', MessageBody: 'a' }, { Id: 'same', MessageBody: 'b' }],
    })), { name: 'BatchEntryIdsNotDistinct' });
    await assert.rejects(sqs.send(new SendMessageBatchCommand({
      QueueUrl: url, Entries: [{ Id: 'not valid!', MessageBody: 'a' }],
    })), { name: 'InvalidBatchEntryId' });
    await assert.rejects(sqs.send(new SendMessageBatchCommand({
      QueueUrl: url, Entries: [{ Id: 'big1', MessageBody: 'x'.repeat(200 * 1024) }, { Id: 'big2', MessageBody: 'y'.repeat(100 * 1024) }],
    })), { name: 'BatchRequestTooLong' });
    // Nothing of the rejected batches was stored.
    const all = await drain(sqs, url);
    assert.deepEqual(all.map((m) => m.Body).sort(), ['one', 'two']);

    const ten = await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries(10) }));
    assert.equal(ten.Successful.length, 10);
    assert.deepEqual(ten.Failed ?? [], []);
    assert.equal(new Set(ten.Successful.map((e) => e.MessageId)).size, 10);
    assert.equal((await drain(sqs, url)).length, 10);
  });

  await t.test('DeleteMessageBatch deletes the valid handles and fails the others', async () => {
    const url = await createQueue(sqs, 'delete-batch-q');
    await sqs.send(new SendMessageBatchCommand({
      QueueUrl: url, Entries: [1, 2, 3].map((i) => ({ Id: `m${i}`, MessageBody: `body ${i}` })),
    }));
    const got = await receive(sqs, url);
    assert.equal(got.length, 3);
    const out = await sqs.send(new DeleteMessageBatchCommand({
      QueueUrl: url,
      Entries: [
        ...got.map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle })),
        { Id: 'garbage', ReceiptHandle: 'not-a-receipt-handle' },
      ],
    }));
    assert.deepEqual(out.Successful.map((e) => e.Id).sort(), ['d0', 'd1', 'd2']);
    assert.equal(out.Failed.length, 1);
    assert.equal(out.Failed[0].Id, 'garbage');
    assert.equal(out.Failed[0].Code, 'ReceiptHandleIsInvalid');
    assert.equal(out.Failed[0].SenderFault, true);
    const left = await attributes(sqs, url, ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible']);
    assert.deepEqual(left, { ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0' });
  });

  await t.test('ChangeMessageVisibility to 0 makes a message receivable again; the batch form too', async () => {
    const url = await createQueue(sqs, 'visibility-q', { VisibilityTimeout: '60' });
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'again' }));
    const [first] = await receive(sqs, url);
    assert.deepEqual(await receive(sqs, url), [], 'in flight');
    const counts = await attributes(sqs, url, ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible']);
    assert.deepEqual(counts, { ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '1' });
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: first.ReceiptHandle, VisibilityTimeout: 0 }));
    const [second] = await receive(sqs, url);
    assert.equal(second.MessageId, first.MessageId);
    assert.equal(second.Attributes.ApproximateReceiveCount, '2');
    assert.notEqual(second.ReceiptHandle, first.ReceiptHandle);
    assert.equal(second.Attributes.ApproximateFirstReceiveTimestamp, first.Attributes.ApproximateFirstReceiveTimestamp);

    // The old handle after a newer receive: DeleteMessage succeeds and deletes nothing.
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: first.ReceiptHandle }));
    const stillThere = await attributes(sqs, url, ['ApproximateNumberOfMessagesNotVisible']);
    assert.equal(stillThere.ApproximateNumberOfMessagesNotVisible, '1', 'a stale handle deletes nothing');
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: second.ReceiptHandle }));

    // A message no longer in flight.
    await assert.rejects(sqs.send(new ChangeMessageVisibilityCommand({
      QueueUrl: url, ReceiptHandle: second.ReceiptHandle, VisibilityTimeout: 10,
    })), (e) => ['MessageNotInflight', 'ReceiptHandleIsInvalid'].includes(e.name) || assert.fail(e.name));
    await assert.rejects(sqs.send(new ChangeMessageVisibilityCommand({
      QueueUrl: url, ReceiptHandle: 'garbage', VisibilityTimeout: 10,
    })), { name: 'ReceiptHandleIsInvalid' });

    await sqs.send(new SendMessageBatchCommand({
      QueueUrl: url, Entries: [1, 2].map((i) => ({ Id: `m${i}`, MessageBody: `batch ${i}` })),
    }));
    const pair = await receive(sqs, url);
    assert.equal(pair.length, 2);
    const changed = await sqs.send(new ChangeMessageVisibilityBatchCommand({
      QueueUrl: url,
      Entries: [
        ...pair.map((m, i) => ({ Id: `c${i}`, ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 0 })),
        { Id: 'bad', ReceiptHandle: 'garbage', VisibilityTimeout: 0 },
      ],
    }));
    assert.deepEqual(changed.Successful.map((e) => e.Id).sort(), ['c0', 'c1']);
    assert.deepEqual(changed.Failed.map((e) => [e.Id, e.Code]), [['bad', 'ReceiptHandleIsInvalid']]);
    const again = await drain(sqs, url);
    assert.deepEqual(again.map((m) => m.Body).sort(), ['batch 1', 'batch 2']);
    assert.ok(again.every((m) => m.Attributes.ApproximateReceiveCount === '2'));
  });

  await t.test('the visibility timeout expires', async () => {
    const url = await createQueue(sqs, 'expiry-q', { VisibilityTimeout: '1' });
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'comes back' }));
    const [first] = await receive(sqs, url);
    assert.ok(first);
    assert.deepEqual(await receive(sqs, url), []);
    await sleep(1300);
    const [second] = await receive(sqs, url);
    assert.equal(second?.MessageId, first.MessageId);
    assert.equal(second.Attributes.ApproximateReceiveCount, '2');
    // A receive's own VisibilityTimeout overrides the queue's.
    const third = await receive(sqs, url, { VisibilityTimeout: 0 });
    assert.equal(third.length, 0, 'still in flight from the second receive');
    await sleep(1300);
    const [fourth] = await receive(sqs, url, { VisibilityTimeout: 5 });
    assert.equal(fourth?.MessageId, first.MessageId);
    await sleep(1300);
    assert.deepEqual(await receive(sqs, url), [], 'the receive asked for 5 s');
  });

  await t.test('DelaySeconds hides a message until it is due', async () => {
    const url = await createQueue(sqs, 'delay-q');
    const sentAt = Date.now();
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'later', DelaySeconds: 2 }));
    assert.deepEqual(await receive(sqs, url), []);
    const counts = await attributes(sqs, url, ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesDelayed']);
    assert.deepEqual(counts, { ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesDelayed: '1' });
    const [message] = await receive(sqs, url, { WaitTimeSeconds: 5 });
    const waited = Date.now() - sentAt;
    assert.equal(message?.Body, 'later');
    assert.ok(waited >= 1900, `received after ${waited} ms`);
    t.diagnostic(`delayed message received ${waited} ms after the send (delay 2 s)`);

    // The queue's DelaySeconds applies when the message names none.
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { DelaySeconds: '1' } }));
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'queue delay' }));
    assert.deepEqual(await receive(sqs, url), []);
    await sleep(1200);
    assert.equal((await receive(sqs, url))[0]?.Body, 'queue delay');
  });

  await t.test('long polling wakes on a send and ends empty after WaitTimeSeconds', async () => {
    const url = await createQueue(sqs, 'poll-q');
    const started = Date.now();
    const polling = receive(sqs, url, { WaitTimeSeconds: 5 }).then((m) => ({ m, at: Date.now() }));
    await sleep(300);
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'wake up' }));
    const sentAt = Date.now();
    const { m, at } = await polling;
    assert.equal(m[0]?.Body, 'wake up');
    t.diagnostic(`long poll returned ${at - sentAt} ms after SendMessage's response (${at - started} ms after the receive started)`);
    assert.ok(at - started < 4500, 'returned well before the 5 s wait ended');

    const emptyStart = Date.now();
    const empty = await receive(sqs, url, { WaitTimeSeconds: 1 });
    const emptyMs = Date.now() - emptyStart;
    assert.deepEqual(empty, []);
    assert.ok(emptyMs >= 900 && emptyMs < 3000, `empty long poll took ${emptyMs} ms`);
    t.diagnostic(`empty long poll (1 s) took ${emptyMs} ms`);

    // ReceiveMessageWaitTimeSeconds on the queue makes every receive a long poll.
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { ReceiveMessageWaitTimeSeconds: '1' } }));
    const queueWaitStart = Date.now();
    assert.deepEqual(await receive(sqs, url), []);
    assert.ok(Date.now() - queueWaitStart >= 900, 'the queue default long-polls');
  });

  await t.test('redrive: a message received more than maxReceiveCount times lands in the DLQ; move it back', async () => {
    const dlq = await createQueue(sqs, 'redrive-dlq');
    const src = await createQueue(sqs, 'redrive-src', {
      VisibilityTimeout: '1',
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arnOf('redrive-dlq'), maxReceiveCount: 2 }),
    });
    const redrive = JSON.parse((await attributes(sqs, src, ['RedrivePolicy'])).RedrivePolicy);
    assert.equal(redrive.deadLetterTargetArn, arnOf('redrive-dlq'));
    assert.equal(Number(redrive.maxReceiveCount), 2);
    const sources = await sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlq }));
    assert.deepEqual(sources.queueUrls, [src]);

    const { MessageId } = await sqs.send(new SendMessageCommand({
      QueueUrl: src, MessageBody: 'poison', MessageAttributes: { why: { DataType: 'String', StringValue: 'test' } },
    }));
    for (const count of ['1', '2']) {
      const [m] = await receive(sqs, src);
      assert.equal(m?.MessageId, MessageId);
      assert.equal(m.Attributes.ApproximateReceiveCount, count);
      await sleep(1200);
    }
    // The third receive moves it instead of returning it.
    assert.deepEqual(await receive(sqs, src, { WaitTimeSeconds: 1 }), []);
    const [dead] = await receive(sqs, dlq, { WaitTimeSeconds: 2 });
    assert.equal(dead?.MessageId, MessageId);
    assert.equal(dead.Body, 'poison');
    assert.equal(dead.MessageAttributes.why.StringValue, 'test');
    assert.equal(dead.Attributes.DeadLetterQueueSourceArn, arnOf('redrive-src'));
    const srcCounts = await attributes(sqs, src, ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible']);
    assert.deepEqual(srcCounts, { ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0' });
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: dlq, ReceiptHandle: dead.ReceiptHandle, VisibilityTimeout: 0 }));

    const { TaskHandle } = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arnOf('redrive-dlq') }));
    assert.ok(TaskHandle);
    const task = await eventually(async () => {
      const { Results } = await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: arnOf('redrive-dlq') }));
      return Results?.find((r) => r.Status === 'COMPLETED');
    }, 10000);
    assert.equal(task.SourceArn, arnOf('redrive-dlq'));
    assert.equal(task.ApproximateNumberOfMessagesMoved, 1);
    const [back] = await receive(sqs, src, { WaitTimeSeconds: 2 });
    assert.equal(back?.Body, 'poison');
    assert.equal(back.MessageAttributes.why.StringValue, 'test');
    assert.deepEqual(await receive(sqs, dlq), []);
    await sqs.send(new DeleteMessageCommand({ QueueUrl: src, ReceiptHandle: back.ReceiptHandle }));

    // A move task needs a queue that is someone's dead-letter queue.
    await assert.rejects(sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arnOf('poll-q') })),
                         (e) => { t.diagnostic(`move from a non-DLQ: ${e.name}`); return e.$metadata?.httpStatusCode === 400; });
  });

  await t.test('FIFO: group order, one message of a group in flight, deduplication, sequence numbers', async () => {
    const url = await createQueue(sqs, 'jobs.fifo', { FifoQueue: 'true', ContentBasedDeduplication: 'true' });
    assert.equal(url, urlOf('jobs.fifo'));
    const fifoAttrs = await attributes(sqs, url, ['FifoQueue', 'ContentBasedDeduplication']);
    assert.deepEqual(fifoAttrs, { FifoQueue: 'true', ContentBasedDeduplication: 'true' });

    const sent = [];
    for (const [group, body] of [['A', 'a1'], ['B', 'b1'], ['A', 'a2'], ['A', 'a3'], ['B', 'b2']]) {
      const out = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body, MessageGroupId: group }));
      assert.match(out.SequenceNumber, /^\d{20}$/);
      sent.push({ body, group, ...out });
    }
    const sequence = sent.map((s) => BigInt(s.SequenceNumber));
    assert.ok(sequence.every((n, i) => i === 0 || n > sequence[i - 1]), 'sequence numbers increase');

    const dup = await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'a1', MessageGroupId: 'A' }));
    assert.equal(dup.MessageId, sent[0].MessageId);
    assert.equal(dup.SequenceNumber, sent[0].SequenceNumber);
    const explicit1 = await sqs.send(new SendMessageCommand({
      QueueUrl: url, MessageBody: 'c1', MessageGroupId: 'C', MessageDeduplicationId: 'dedup-c',
    }));
    const explicit2 = await sqs.send(new SendMessageCommand({
      QueueUrl: url, MessageBody: 'c1 but different', MessageGroupId: 'C', MessageDeduplicationId: 'dedup-c',
    }));
    assert.equal(explicit2.MessageId, explicit1.MessageId);
    assert.equal((await attributes(sqs, url, ['ApproximateNumberOfMessages'])).ApproximateNumberOfMessages, '6');

    // One at a time: the first of group A, then A is locked.
    const [first] = await receive(sqs, url, { MaxNumberOfMessages: 1 });
    assert.equal(first.Body, 'a1');
    assert.equal(first.Attributes.MessageGroupId, 'A');
    assert.equal(first.Attributes.SequenceNumber, sent[0].SequenceNumber);
    assert.ok(first.Attributes.MessageDeduplicationId, 'content-based dedup id');
    // The other groups, deleting as we go (a group stays locked while one of
    // its messages is in flight); a1 stays in flight, so nothing of A comes.
    const others = await drain(sqs, url);
    const bodiesOf = (list, group) => list.filter((m) => m.Attributes.MessageGroupId === group).map((m) => m.Body);
    assert.deepEqual(bodiesOf(others, 'A'), [], 'no A while a1 is in flight');
    assert.deepEqual(bodiesOf(others, 'B'), ['b1', 'b2']);
    assert.deepEqual(bodiesOf(others, 'C'), ['c1']);
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: first.ReceiptHandle }));
    const rest = await drain(sqs, url);
    assert.deepEqual(rest.map((m) => m.Body), ['a2', 'a3']);
    const restSequence = rest.map((m) => m.Attributes.SequenceNumber);
    assert.deepEqual(restSequence, [sent[2].SequenceNumber, sent[3].SequenceNumber]);

    await assert.rejects(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'no group' })),
                         (e) => { t.diagnostic(`FIFO send without MessageGroupId: ${e.name}`); return e.$metadata?.httpStatusCode === 400; });
    await assert.rejects(createQueue(sqs, 'not-fifo-name', { FifoQueue: 'true' }),
                         (e) => { t.diagnostic(`FifoQueue without .fifo: ${e.name}`); return e.$metadata?.httpStatusCode === 400; });
  });

  await t.test('PurgeQueue empties the queue; a second purge within 60 s is PurgeQueueInProgress', async () => {
    const url = await createQueue(sqs, 'purge-q');
    await sqs.send(new SendMessageBatchCommand({
      QueueUrl: url, Entries: Array.from({ length: 5 }, (_, i) => ({ Id: `m${i}`, MessageBody: `p${i}` })),
    }));
    await receive(sqs, url, { MaxNumberOfMessages: 2 });
    await sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
    await assert.rejects(sqs.send(new PurgeQueueCommand({ QueueUrl: url })), { name: 'PurgeQueueInProgress' });
    const counts = await attributes(sqs, url, ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible']);
    assert.deepEqual(counts, { ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0' });
    assert.deepEqual(await receive(sqs, url), []);
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'after purge' }));
    assert.equal((await receive(sqs, url))[0]?.Body, 'after purge');
  });

  await t.test('tags: at creation, TagQueue, ListQueueTags, UntagQueue', async () => {
    const url = await createQueue(sqs, 'tagged-q', {}, { team: 'vision' });
    await sqs.send(new TagQueueCommand({ QueueUrl: url, Tags: { env: 'dev', cost: 'low' } }));
    assert.deepEqual((await sqs.send(new ListQueueTagsCommand({ QueueUrl: url }))).Tags,
                     { team: 'vision', env: 'dev', cost: 'low' });
    await sqs.send(new UntagQueueCommand({ QueueUrl: url, TagKeys: ['cost', 'team'] }));
    assert.deepEqual((await sqs.send(new ListQueueTagsCommand({ QueueUrl: url }))).Tags, { env: 'dev' });
    await sqs.send(new UntagQueueCommand({ QueueUrl: url, TagKeys: ['env'] }));
    assert.deepEqual((await sqs.send(new ListQueueTagsCommand({ QueueUrl: url }))).Tags ?? {}, {});
  });

  await t.test('SQS error names', async () => {
    const missing = urlOf('no-such-queue');
    await assert.rejects(sqs.send(new GetQueueUrlCommand({ QueueName: 'no-such-queue' })), { name: 'QueueDoesNotExist' });
    await assert.rejects(sqs.send(new SendMessageCommand({ QueueUrl: missing, MessageBody: 'x' })), { name: 'QueueDoesNotExist' });
    await assert.rejects(receive(sqs, missing), { name: 'QueueDoesNotExist' });
    await assert.rejects(attributes(sqs, missing), { name: 'QueueDoesNotExist' });

    const url = await createQueue(sqs, 'errors-q');
    await assert.rejects(sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: 'not-a-handle' })),
                         { name: 'ReceiptHandleIsInvalid' });
    await assert.rejects(createQueue(sqs, 'bad-attr-q', { NoSuchAttribute: '1' }), { name: 'InvalidAttributeName' });
    await assert.rejects(createQueue(sqs, 'bad-value-q', { VisibilityTimeout: '99999' }), { name: 'InvalidAttributeValue' });
    await assert.rejects(createQueue(sqs, 'bad-value-q', { MessageRetentionPeriod: 'soon' }), { name: 'InvalidAttributeValue' });
    await assert.rejects(attributes(sqs, url, ['NoSuchAttribute']), { name: 'InvalidAttributeName' });
    await assert.rejects(sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { DelaySeconds: '901' } })),
                         { name: 'InvalidAttributeValue' });
    await assert.rejects(createQueue(sqs, 'bad name!'), (e) => {
      t.diagnostic(`invalid queue name: ${e.name}`);
      return ['InvalidParameterValue', 'InvalidAttributeValue'].includes(e.name);
    });
    await assert.rejects(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', DelaySeconds: 901 })),
                         { name: 'InvalidParameterValue' });
    await assert.rejects(sqs.send(new SendMessageCommand({
      QueueUrl: url, MessageBody: 'x', MessageAttributes: { a: { DataType: 'Weird', StringValue: '1' } },
    })), { name: 'InvalidParameterValue' });
    await assert.rejects(sqs.send(new SendMessageCommand({
      QueueUrl: url, MessageBody: 'x', MessageAttributes: { n: { DataType: 'Number', StringValue: 'not a number' } },
    })), { name: 'InvalidParameterValue' });
    await assert.rejects(sqs.send(new SendMessageCommand({
      QueueUrl: url, MessageBody: 'x',
      MessageAttributes: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`a${i}`, { DataType: 'String', StringValue: 'v' }])),
    })), { name: 'InvalidParameterValue' });
    await assert.rejects(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x'.repeat(262145) })),
                         { name: 'InvalidParameterValue' });
    await assert.rejects(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'bad \u0000 byte' })),
                         { name: 'InvalidMessageContents' });
    await assert.rejects(receive(sqs, url, { MaxNumberOfMessages: 11 }), { name: 'InvalidParameterValue' });
    await assert.rejects(receive(sqs, url, { WaitTimeSeconds: 21 }), { name: 'InvalidParameterValue' });
    // Nothing was stored by the rejected sends.
    assert.equal((await attributes(sqs, url, ['ApproximateNumberOfMessages'])).ApproximateNumberOfMessages, '0');
  });

  await t.test('unsigned and badly signed requests are rejected', async () => {
    const wrongSecret = client({ credentials: { ...credentials, secretAccessKey: 'x'.repeat(40) } });
    await assert.rejects(wrongSecret.send(new ListQueuesCommand({})), (e) => {
      assert.equal(e.name, 'SignatureDoesNotMatch');
      assert.equal(e.$metadata.httpStatusCode, 403);
      return true;
    });
    const stranger = client({ credentials: { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x'.repeat(40) } });
    await assert.rejects(stranger.send(new SendMessageCommand({ QueueUrl: evaluationUrl, MessageBody: 'x' })), (e) => {
      assert.equal(e.name, 'InvalidClientTokenId');
      assert.equal(e.$metadata.httpStatusCode, 403);
      return true;
    });
    const unsigned = await fetch(sandbox.url('/'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.ListQueues' },
      body: '{}',
    });
    const text = await unsigned.text();
    t.diagnostic(`unsigned: ${unsigned.status} ${unsigned.headers.get('x-amzn-query-error')} ${text}`);
    assert.ok([400, 403].includes(unsigned.status), `status ${unsigned.status}`);
    assert.match(JSON.parse(text).__type, /MissingAuthenticationToken|AccessDenied|InvalidSecurity/);
    // Nothing was sent by the rejected callers.
    const counts = await attributes(sqs, evaluationUrl, ['ApproximateNumberOfMessages']);
    assert.equal(counts.ApproximateNumberOfMessages, '0');
  });

  await t.test('a function may call SQS as its policy allows', async () => {
    const lambda = new LambdaClient({ endpoint: sandbox.url(''), region: 'us-east-1', credentials, maxAttempts: 1 });
    const invoke = async (event) => {
      const out = await lambda.send(new InvokeCommand({ FunctionName: 'sender', Payload: JSON.stringify(event) }));
      return JSON.parse(Buffer.from(out.Payload).toString());
    };
    const allowed = await invoke({ sqsSend: { queueUrl: evaluationUrl, body: 'from a function' } });
    assert.ok(allowed.messageId, JSON.stringify(allowed));
    const denied = await invoke({ sqsSend: { queueUrl: dlqUrl, body: 'not allowed here' } });
    assert.equal(denied.error?.code, 'AccessDenied', JSON.stringify(denied));
    const [m] = await receive(sqs, evaluationUrl);
    assert.equal(m?.MessageId, allowed.messageId);
    assert.equal(m.Body, 'from a function');
    await sqs.send(new DeleteMessageCommand({ QueueUrl: evaluationUrl, ReceiptHandle: m.ReceiptHandle }));
    assert.deepEqual(await receive(sqs, dlqUrl), []);
  });

  await t.test('the query protocol: form-encoded requests, XML answers', async () => {
    const url = await createQueue(sqs, 'query-q');
    const signer = new SignatureV4({ service: 'sqs', region: 'us-east-1', sha256: Sha256, credentials });
    const endpoint = new URL(sandbox.url('/'));
    const query = async (params) => {
      const body = new URLSearchParams({ ...params, Version: '2012-11-05' }).toString();
      const signed = await signer.sign({
        method: 'POST', protocol: 'http:', hostname: endpoint.hostname, port: Number(endpoint.port), path: '/',
        headers: { host: endpoint.host, 'content-type': 'application/x-www-form-urlencoded' }, body,
      });
      const res = await fetch(endpoint, { method: 'POST', headers: signed.headers, body });
      return { status: res.status, type: res.headers.get('content-type'), xml: await res.text() };
    };
    const tag = (xml, name) => [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((m) => m[1]);
    const unescape = (s) => s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>').replace(/&#13;/g, '\r').replace(/&#10;/g, '\n').replace(/&amp;/g, '&');

    const body = 'query <body> & "quotes"';
    const sent = await query({
      Action: 'SendMessage', QueueUrl: url, MessageBody: body,
      'MessageAttribute.1.Name': 'color', 'MessageAttribute.1.Value.DataType': 'String',
      'MessageAttribute.1.Value.StringValue': 'blue',
      'MessageAttribute.2.Name': 'bin', 'MessageAttribute.2.Value.DataType': 'Binary',
      'MessageAttribute.2.Value.BinaryValue': Buffer.from([9, 8, 7]).toString('base64'),
    });
    assert.equal(sent.status, 200, sent.xml);
    assert.match(sent.type, /xml/);
    assert.match(sent.xml, /<SendMessageResponse[\s>]/);
    assert.match(sent.xml, /<SendMessageResult>/);
    assert.deepEqual(tag(sent.xml, 'MD5OfMessageBody'), [md5(body)]);
    assert.deepEqual(tag(sent.xml, 'MD5OfMessageAttributes'), [attributesMd5({
      color: { DataType: 'String', StringValue: 'blue' }, bin: { DataType: 'Binary', BinaryValue: Buffer.from([9, 8, 7]) },
    })]);
    const [messageId] = tag(sent.xml, 'MessageId');
    assert.ok(messageId);
    assert.match(sent.xml, /<RequestId>[^<]+<\/RequestId>/);

    const got = await query({
      Action: 'ReceiveMessage', QueueUrl: url, MaxNumberOfMessages: '10',
      'AttributeName.1': 'All', 'MessageAttributeName.1': 'All',
    });
    assert.equal(got.status, 200, got.xml);
    assert.match(got.xml, /<ReceiveMessageResponse[\s>]/);
    assert.deepEqual(tag(got.xml, 'MessageId'), [messageId]);
    assert.deepEqual(tag(got.xml, 'Body').map(unescape), [body]);
    assert.deepEqual(tag(got.xml, 'MD5OfBody'), [md5(body)]);
    assert.match(got.xml, /<Attribute>\s*<Name>ApproximateReceiveCount<\/Name>\s*<Value>1<\/Value>\s*<\/Attribute>/);
    assert.match(got.xml, /<MessageAttribute>\s*<Name>color<\/Name>\s*<Value>\s*<StringValue>blue<\/StringValue>\s*<DataType>String<\/DataType>\s*<\/Value>\s*<\/MessageAttribute>|<Name>color<\/Name>\s*<Value>\s*<DataType>String<\/DataType>\s*<StringValue>blue<\/StringValue>/);
    assert.deepEqual(tag(got.xml, 'BinaryValue'), [Buffer.from([9, 8, 7]).toString('base64')]);
    const [handle] = tag(got.xml, 'ReceiptHandle').map(unescape);

    // The same message is seen by the JSON client: one store behind both protocols.
    const counts = await attributes(sqs, url, ['ApproximateNumberOfMessagesNotVisible']);
    assert.equal(counts.ApproximateNumberOfMessagesNotVisible, '1');

    const deleted = await query({ Action: 'DeleteMessage', QueueUrl: url, ReceiptHandle: handle });
    assert.equal(deleted.status, 200, deleted.xml);
    assert.match(deleted.xml, /<DeleteMessageResponse[\s>]/);
    const attrs = await query({ Action: 'GetQueueAttributes', QueueUrl: url, 'AttributeName.1': 'All' });
    assert.match(attrs.xml, /<Name>ApproximateNumberOfMessagesNotVisible<\/Name>\s*<Value>0<\/Value>/);
    assert.match(attrs.xml, /<Name>QueueArn<\/Name>\s*<Value>arn:aws:sqs:us-east-1:000000000000:query-q<\/Value>/);

    const listed = await query({ Action: 'ListQueues', QueueNamePrefix: 'query-' });
    assert.deepEqual(tag(listed.xml, 'QueueUrl'), [url]);

    const batch = await query({
      Action: 'SendMessageBatch', QueueUrl: url,
      'SendMessageBatchRequestEntry.1.Id': 'one', 'SendMessageBatchRequestEntry.1.MessageBody': 'first',
      'SendMessageBatchRequestEntry.2.Id': 'two', 'SendMessageBatchRequestEntry.2.MessageBody': 'second',
    });
    assert.equal(batch.status, 200, batch.xml);
    assert.deepEqual(tag(batch.xml, 'Id').sort(), ['one', 'two']);
    assert.deepEqual(tag(batch.xml, 'MD5OfMessageBody').sort(), [md5('first'), md5('second')].sort());

    const missing = await query({ Action: 'SendMessage', QueueUrl: urlOf('no-such-queue'), MessageBody: 'x' });
    assert.equal(missing.status, 400, missing.xml);
    assert.match(missing.xml, /<ErrorResponse[\s>]/);
    assert.deepEqual(tag(missing.xml, 'Code'), ['AWS.SimpleQueueService.NonExistentQueue']);
    assert.deepEqual(tag(missing.xml, 'Type'), ['Sender']);

    const unknown = await query({ Action: 'NoSuchAction' });
    assert.equal(unknown.status, 400, unknown.xml);
    assert.deepEqual(tag(unknown.xml, 'Code'), ['InvalidAction']);
  });
});
