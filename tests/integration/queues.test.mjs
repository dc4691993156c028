// The SQS API on the gloss port through the official @aws-sdk/client-sqs,
// unchanged (AWS JSON 1.0, the sandbox's admin key pair): queues declared in
// backend.toml and made with CreateQueue, messages with attributes and their
// MD5s, batches, visibility, delays, long polling, redrive to a dead-letter
// queue and message move tasks back, FIFO ordering and deduplication, purge,
// tags, SQS's error names, SigV4 rejection, and the old query protocol (form
// in, XML out) for the same operations. A function's IAM policy is covered by
// queue_triggers.test.mjs.
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
  StartMessageMoveTaskCommand, ListMessageMoveTasksCommand, CancelMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
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

  // A signed query-protocol client: form in, XML text out, and a tiny XML reader.
  const queryProtocol = () => {
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
      .replace(/&gt;/g, '>').replace(/&#(?:13|x[dD]);/g, '\r').replace(/&#(?:10|x[aA]);/g, '\n').replace(/&amp;/g, '&');
    return { signer, endpoint, query, tag, unescape };
  };

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

    // A queue made again under a deleted one's name starts empty.
    const phoenix = await createQueue(sqs, 'phoenix-q');
    await sqs.send(new SendMessageCommand({ QueueUrl: phoenix, MessageBody: 'from the first life' }));
    await sqs.send(new DeleteQueueCommand({ QueueUrl: phoenix }));
    try {
      await createQueue(sqs, 'phoenix-q');
    } catch (e) {
      assert.equal(e.name, 'QueueDeletedRecently');
      return;
    }
    assert.deepEqual(await receive(sqs, phoenix), []);
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
    // A message that is visible again is not in flight.
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: second.ReceiptHandle, VisibilityTimeout: 0 }));
    await assert.rejects(sqs.send(new ChangeMessageVisibilityCommand({
      QueueUrl: url, ReceiptHandle: second.ReceiptHandle, VisibilityTimeout: 10,
    })), { name: 'MessageNotInflight' });
    const [third] = await receive(sqs, url);
    assert.equal(third.MessageId, first.MessageId);
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: third.ReceiptHandle }));
    // A deleted message (SQS: InvalidParameterValue, "Message does not exist or is not available").
    await assert.rejects(sqs.send(new ChangeMessageVisibilityCommand({
      QueueUrl: url, ReceiptHandle: third.ReceiptHandle, VisibilityTimeout: 10,
    })), (e) => ['InvalidParameterValue', 'MessageNotInflight', 'ReceiptHandleIsInvalid'].includes(e.name) || assert.fail(e.name));
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

  await t.test('a rate-limited move task to an explicit destination, cancelled half way', async () => {
    // redrive-dlq is redrive-src's dead-letter queue (previous test).
    const dlq = urlOf('redrive-dlq');
    const target = await createQueue(sqs, 'move-target');
    await sqs.send(new SendMessageBatchCommand({
      QueueUrl: dlq, Entries: Array.from({ length: 6 }, (_, i) => ({ Id: `m${i}`, MessageBody: `move ${i}` })),
    }));
    const { TaskHandle } = await sqs.send(new StartMessageMoveTaskCommand({
      SourceArn: arnOf('redrive-dlq'), DestinationArn: arnOf('move-target'), MaxNumberOfMessagesPerSecond: 1,
    }));
    await assert.rejects(sqs.send(new StartMessageMoveTaskCommand({ SourceArn: arnOf('redrive-dlq') })),
                         (e) => { t.diagnostic(`a second task on the same source: ${e.name}`); return e.$metadata?.httpStatusCode === 400; });
    await sleep(1200);
    const running = (await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: arnOf('redrive-dlq') }))).Results[0];
    t.diagnostic(`after 1.2 s at 1/s: ${JSON.stringify(running)}`);
    assert.equal(running.Status, 'RUNNING');
    assert.equal(running.DestinationArn, arnOf('move-target'));
    assert.equal(running.MaxNumberOfMessagesPerSecond, 1);
    assert.equal(running.ApproximateNumberOfMessagesToMove, 6);
    assert.equal(running.TaskHandle, TaskHandle);
    assert.ok(running.ApproximateNumberOfMessagesMoved < 6, 'rate-limited');
    const cancelled = await sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle }));
    assert.ok(cancelled.ApproximateNumberOfMessagesMoved < 6);
    const final = await eventually(async () => {
      const { Results } = await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: arnOf('redrive-dlq') }));
      return Results[0].Status === 'CANCELLED' ? Results[0] : null;
    }, 5000);
    const moved = await drain(sqs, target);
    const left = await drain(sqs, dlq);
    t.diagnostic(`cancelled after ${final.ApproximateNumberOfMessagesMoved} moved; target has ${moved.length}, dlq ${left.length}`);
    assert.equal(moved.length, final.ApproximateNumberOfMessagesMoved);
    assert.equal(moved.length + left.length, 6);
    assert.ok(moved.length >= 1 && left.length >= 1, 'cancelled half way');
  });

  await t.test('a long poll on a queue that is deleted meanwhile ends', async () => {
    const url = await createQueue(sqs, 'doomed-q');
    const started = Date.now();
    const polling = receive(sqs, url, { WaitTimeSeconds: 3 }).then((m) => ({ m }), (e) => ({ e }));
    await sleep(200);
    await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    const { m, e } = await polling;
    t.diagnostic(`long poll on a deleted queue: ${e ? e.name : `${m.length} messages`} after ${Date.now() - started} ms`);
    assert.ok(!m || m.length === 0);
    assert.equal((await fetch(sandbox.url('/_gloss/health'))).status, 200);
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

    // A batch whose two entries have the same body: the second is a duplicate of the first.
    const batch = await sqs.send(new SendMessageBatchCommand({
      QueueUrl: url, Entries: [
        { Id: 'one', MessageBody: 'same', MessageGroupId: 'D' },
        { Id: 'two', MessageBody: 'same', MessageGroupId: 'D' },
      ],
    }));
    assert.equal(batch.Successful.length, 2);
    assert.equal(batch.Successful[0].MessageId, batch.Successful[1].MessageId);
    const deduped = await drain(sqs, url);
    assert.deepEqual(deduped.map((m) => m.Body), ['same']);

    // A message whose visibility timeout ends comes back before the rest of its group.
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { VisibilityTimeout: '1' } }));
    for (const body of ['e1', 'e2']) {
      await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body, MessageGroupId: 'E' }));
    }
    assert.equal((await receive(sqs, url, { MaxNumberOfMessages: 1 }))[0]?.Body, 'e1');
    assert.deepEqual(await receive(sqs, url), [], 'group E is locked while e1 is in flight');
    await sleep(1200);
    const [retry] = await receive(sqs, url, { MaxNumberOfMessages: 1 });
    assert.equal(retry?.Body, 'e1');
    assert.equal(retry.Attributes.ApproximateReceiveCount, '2');
    await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: retry.ReceiptHandle }));
    assert.deepEqual((await drain(sqs, url)).map((m) => m.Body), ['e2']);

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

    // A send right after the purge's answer (often within the same millisecond) is kept.
    for (let i = 0; i < 10; ++i) {
      const q = await createQueue(sqs, `purge-race-${i}`);
      await sqs.send(new SendMessageCommand({ QueueUrl: q, MessageBody: 'before' }));
      await sqs.send(new PurgeQueueCommand({ QueueUrl: q }));
      await sqs.send(new SendMessageCommand({ QueueUrl: q, MessageBody: 'after' }));
      assert.deepEqual((await receive(sqs, q)).map((m) => m.Body), ['after']);
    }
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

  await t.test('the query protocol: form-encoded requests, XML answers', async () => {
    const url = await createQueue(sqs, 'query-q');
    const { signer, endpoint, query, tag, unescape } = queryProtocol();
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

    // Older SDKs post to the queue's URL (with or without QueueUrl in the form) or use GET.
    const queuePath = new URL(url).pathname;
    for (const params of [{ QueueUrl: url, MessageBody: 'to the path' }, { MessageBody: 'to the path only' }]) {
      const form = new URLSearchParams({ Action: 'SendMessage', ...params, Version: '2012-11-05' }).toString();
      const signedPost = await signer.sign({
        method: 'POST', protocol: 'http:', hostname: endpoint.hostname, port: Number(endpoint.port), path: queuePath,
        headers: { host: endpoint.host, 'content-type': 'application/x-www-form-urlencoded' }, body: form,
      });
      const res = await fetch(new URL(queuePath, endpoint), { method: 'POST', headers: signedPost.headers, body: form });
      const xml = await res.text();
      assert.equal(res.status, 200, xml);
      assert.deepEqual(tag(xml, 'MD5OfMessageBody'), [md5(params.MessageBody)]);
    }
    const getQuery = { Action: 'ListQueues', QueueNamePrefix: 'query-q', Version: '2012-11-05' };
    const signedGet = await signer.sign({
      method: 'GET', protocol: 'http:', hostname: endpoint.hostname, port: Number(endpoint.port), path: '/',
      query: getQuery, headers: { host: endpoint.host },
    });
    const got2 = await fetch(`${sandbox.url('/')}?${new URLSearchParams(getQuery)}`, { headers: signedGet.headers });
    assert.deepEqual(tag(await got2.text(), 'QueueUrl'), [url]);
    const drained = (await drain(sqs, url)).map((m) => m.Body).filter((b) => b.startsWith('to the path'));
    assert.deepEqual(drained.sort(), ['to the path', 'to the path only']);

    const unknown = await query({ Action: 'NoSuchAction' });
    assert.equal(unknown.status, 400, unknown.xml);
    assert.deepEqual(tag(unknown.xml, 'Code'), ['InvalidAction']);

    // CreateQueue with Attribute.N and Tag.N; the same name with other attributes.
    const created = await query({
      Action: 'CreateQueue', QueueName: 'query-made',
      'Attribute.1.Name': 'VisibilityTimeout', 'Attribute.1.Value': '17',
      'Attribute.2.Name': 'DelaySeconds', 'Attribute.2.Value': '0',
      'Tag.1.Key': 'team', 'Tag.1.Value': 'query',
    });
    assert.equal(created.status, 200, created.xml);
    assert.deepEqual(tag(created.xml, 'QueueUrl'), [urlOf('query-made')]);
    assert.equal((await attributes(sqs, urlOf('query-made'), ['VisibilityTimeout'])).VisibilityTimeout, '17');
    assert.deepEqual((await sqs.send(new ListQueueTagsCommand({ QueueUrl: urlOf('query-made') }))).Tags, { team: 'query' });
    const exists = await query({
      Action: 'CreateQueue', QueueName: 'query-made', 'Attribute.1.Name': 'VisibilityTimeout', 'Attribute.1.Value': '18',
    });
    assert.equal(exists.status, 400, exists.xml);
    assert.deepEqual(tag(exists.xml, 'Code'), ['QueueAlreadyExists']);

    // Batches with message attributes, then a batch delete with one bad handle.
    const attributed = await query({
      Action: 'SendMessageBatch', QueueUrl: urlOf('query-made'),
      'SendMessageBatchRequestEntry.1.Id': 'a', 'SendMessageBatchRequestEntry.1.MessageBody': 'with attribute',
      'SendMessageBatchRequestEntry.1.MessageAttribute.1.Name': 'n',
      'SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.DataType': 'Number',
      'SendMessageBatchRequestEntry.1.MessageAttribute.1.Value.StringValue': '7',
      'SendMessageBatchRequestEntry.2.Id': 'b', 'SendMessageBatchRequestEntry.2.MessageBody': 'plain',
      'SendMessageBatchRequestEntry.2.DelaySeconds': '0',
    });
    assert.equal(attributed.status, 200, attributed.xml);
    assert.deepEqual(tag(attributed.xml, 'MD5OfMessageAttributes'), [attributesMd5({ n: { DataType: 'Number', StringValue: '7' } })]);
    const pair = await receive(sqs, urlOf('query-made'));
    assert.deepEqual(pair.map((m) => m.Body).sort(), ['plain', 'with attribute']);
    assert.equal(pair.find((m) => m.Body === 'with attribute').MessageAttributes.n.StringValue, '7');
    const removed = await query({
      Action: 'DeleteMessageBatch', QueueUrl: urlOf('query-made'),
      'DeleteMessageBatchRequestEntry.1.Id': 'x', 'DeleteMessageBatchRequestEntry.1.ReceiptHandle': pair[0].ReceiptHandle,
      'DeleteMessageBatchRequestEntry.2.Id': 'y', 'DeleteMessageBatchRequestEntry.2.ReceiptHandle': pair[1].ReceiptHandle,
      'DeleteMessageBatchRequestEntry.3.Id': 'z', 'DeleteMessageBatchRequestEntry.3.ReceiptHandle': 'garbage',
    });
    assert.equal(removed.status, 200, removed.xml);
    assert.match(removed.xml, /<DeleteMessageBatchResultEntry>\s*<Id>x<\/Id>\s*<\/DeleteMessageBatchResultEntry>/);
    assert.match(removed.xml, /<BatchResultErrorEntry>[\s\S]*<Id>z<\/Id>[\s\S]*<\/BatchResultErrorEntry>/);
    assert.match(removed.xml, /<Code>ReceiptHandleIsInvalid<\/Code>/);
    assert.match(removed.xml, /<SenderFault>true<\/SenderFault>/);

    // The query error for a bad signature.
    const badSigner = new SignatureV4({ service: 'sqs', region: 'us-east-1', sha256: Sha256,
                                        credentials: { ...credentials, secretAccessKey: 'y'.repeat(40) } });
    const listBody = new URLSearchParams({ Action: 'ListQueues', Version: '2012-11-05' }).toString();
    const signed = await badSigner.sign({
      method: 'POST', protocol: 'http:', hostname: endpoint.hostname, port: Number(endpoint.port), path: '/',
      headers: { host: endpoint.host, 'content-type': 'application/x-www-form-urlencoded' }, body: listBody,
    });
    const forged = await fetch(endpoint, { method: 'POST', headers: signed.headers, body: listBody });
    const forgedXml = await forged.text();
    assert.equal(forged.status, 403, forgedXml);
    assert.deepEqual(tag(forgedXml, 'Code'), ['SignatureDoesNotMatch']);
  });

  await t.test('the query protocol escapes a carriage return in XML', async () => {
    const url = await createQueue(sqs, 'query-cr-q');
    const { query, tag, unescape } = queryProtocol();
    // A carriage return must be escaped in XML (a parser turns a literal CR
    // into LF, and the client's MD5 of the body would not match).
    const crlf = 'line one\r\nline two\r';
    await query({ Action: 'SendMessage', QueueUrl: url, MessageBody: crlf });
    const crlfGot = await query({ Action: 'ReceiveMessage', QueueUrl: url });
    const [rawBody] = tag(crlfGot.xml, 'Body');
    assert.doesNotMatch(rawBody, /\r/, 'no literal CR inside <Body>');
    assert.equal(rawBody.replace(/&#(?:13|x[dD]);/g, '\r').replace(/&#(?:10|x[aA]);/g, '\n'), crlf);
    await query({ Action: 'DeleteMessage', QueueUrl: url, ReceiptHandle: unescape(tag(crlfGot.xml, 'ReceiptHandle')[0]) });
  });

  await t.test('concurrent receivers never get the same message while it is in flight', async () => {
    const url = await createQueue(sqs, 'race-q', { VisibilityTimeout: '60' });
    const total = 300;
    for (let i = 0; i < total; i += 10) {
      await sqs.send(new SendMessageBatchCommand({
        QueueUrl: url, Entries: Array.from({ length: 10 }, (_, j) => ({ Id: `m${j}`, MessageBody: `race ${i + j}` })),
      }));
    }
    const receivers = Array.from({ length: 8 }, () => client({ credentials }));
    const got = [];
    await Promise.all(receivers.map(async (c) => {
      for (let empty = 0; empty < 2;) {
        const batch = await receive(c, url);
        if (batch.length === 0) ++empty;
        got.push(...batch);
      }
    }));
    const ids = got.map((m) => m.MessageId);
    assert.equal(new Set(ids).size, ids.length, 'no message was handed to two receivers');
    assert.equal(ids.length, total);
    assert.ok(got.every((m) => m.Attributes.ApproximateReceiveCount === '1'));
  });

  await t.test('several long polls share the sent messages; an in-flight message coming back wakes one', async () => {
    const url = await createQueue(sqs, 'waiters-q', { VisibilityTimeout: '1' });
    const waiters = Array.from({ length: 5 }, () => client({ credentials }));
    const started = Date.now();
    const polls = waiters.map((c) => receive(c, url, { WaitTimeSeconds: 10, MaxNumberOfMessages: 1 })
      .then((m) => ({ m, ms: Date.now() - started })));
    await sleep(200);
    await sqs.send(new SendMessageBatchCommand({
      QueueUrl: url, Entries: Array.from({ length: 5 }, (_, i) => ({ Id: `m${i}`, MessageBody: `wake ${i}` })),
    }));
    const results = await Promise.all(polls);
    t.diagnostic(`5 waiters answered after ${results.map((r) => r.ms).join(', ')} ms (send at ~200 ms)`);
    assert.deepEqual(results.map((r) => r.m[0]?.Body).sort(), ['wake 0', 'wake 1', 'wake 2', 'wake 3', 'wake 4']);
    assert.ok(results.every((r) => r.ms < 5000), 'every waiter was woken');

    // All five are in flight for 1 s; a long poll started now is woken when they come back.
    const again = Date.now();
    const back = await receive(sqs, url, { WaitTimeSeconds: 10 });
    const waited = Date.now() - again;
    t.diagnostic(`in-flight messages came back to a long poll after ${waited} ms (visibility 1 s)`);
    assert.ok(back.length >= 1);
    assert.ok(waited < 3000, `woken by the visibility timeout's end, not the wait's (${waited} ms)`);
  });

  await t.test('a long poll the client gave up on does not swallow the next message', async () => {
    const url = await createQueue(sqs, 'abandoned-q');
    const controller = new AbortController();
    const abandoned = sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 5 }),
                               { abortSignal: controller.signal });
    await sleep(200);
    controller.abort();
    await assert.rejects(abandoned);
    await sleep(100);
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'for the next receiver' }));
    const [m] = await receive(sqs, url, { WaitTimeSeconds: 2 });
    assert.equal(m?.Body, 'for the next receiver',
                 'the message went to the closed connection and is now in flight for the visibility timeout');
  });

  await t.test('more limits: sizes, reserved names, FIFO-only and standard-only parameters', async () => {
    const url = await createQueue(sqs, 'limits-q');
    // Exactly 256 KiB of body is allowed.
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x'.repeat(262144) }));
    // Body + attribute names, types and values count together.
    await assert.rejects(sqs.send(new SendMessageCommand({
      QueueUrl: url, MessageBody: 'x'.repeat(262144 - 10),
      MessageAttributes: { attr: { DataType: 'String', StringValue: 'more than ten bytes' } },
    })), { name: 'InvalidParameterValue' });
    await assert.rejects(sqs.send(new SendMessageCommand({
      QueueUrl: url, MessageBody: 'x', MessageAttributes: { 'AWS.reserved': { DataType: 'String', StringValue: 'v' } },
    })), { name: 'InvalidParameterValue' });
    await assert.rejects(sqs.send(new SendMessageCommand({
      QueueUrl: url, MessageBody: 'x', MessageAttributes: { 'a..b': { DataType: 'String', StringValue: 'v' } },
    })), { name: 'InvalidParameterValue' });
    await assert.rejects(sqs.send(new SendMessageCommand({
      QueueUrl: url, MessageBody: 'x', MessageAttributes: { empty: { DataType: 'String', StringValue: '' } },
    })), { name: 'InvalidParameterValue' });
    await assert.rejects(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: '' })),
                         (e) => ['MissingParameter', 'InvalidParameterValue'].includes(e.name) || assert.fail(e.name));
    await assert.rejects(sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageDeduplicationId: 'd' })),
                         { name: 'InvalidParameterValue' });
    await assert.rejects(receive(sqs, url, { VisibilityTimeout: 43201 }), { name: 'InvalidParameterValue' });

    const fifo = await createQueue(sqs, 'strict.fifo', { FifoQueue: 'true' });
    await assert.rejects(sqs.send(new SendMessageCommand({ QueueUrl: fifo, MessageBody: 'x', MessageGroupId: 'g' })),
                         { name: 'InvalidParameterValue' });  // Neither a dedup id nor content-based dedup.
    await assert.rejects(sqs.send(new SendMessageCommand({
      QueueUrl: fifo, MessageBody: 'x', MessageGroupId: 'g', MessageDeduplicationId: 'd', DelaySeconds: 5,
    })), { name: 'InvalidParameterValue' });
    const ok = await sqs.send(new SendMessageCommand({
      QueueUrl: fifo, MessageBody: 'x', MessageGroupId: 'g', MessageDeduplicationId: 'd',
    }));
    assert.match(ok.SequenceNumber, /^\d{20}$/);
  });

  await t.test('a RedrivePolicy must name an existing dead-letter queue', async () => {
    // SQS: InvalidParameterValue, "Dead letter target does not exist".
    await assert.rejects(createQueue(sqs, 'bad-redrive-q', {
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arnOf('no-such-dlq'), maxReceiveCount: 1 }),
      VisibilityTimeout: '1',
    }), { name: 'InvalidParameterValue' });
    const url = await createQueue(sqs, 'good-redrive-q');
    await assert.rejects(sqs.send(new SetQueueAttributesCommand({
      QueueUrl: url, Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arnOf('no-such-dlq'), maxReceiveCount: 1 }) },
    })), { name: 'InvalidParameterValue' });
  });

  await t.test('ListQueues pages with MaxResults and NextToken', async () => {
    for (const n of ['page-a', 'page-b', 'page-c', 'page-d', 'page-e']) await createQueue(sqs, n);
    const seen = [];
    let NextToken;
    let pages = 0;
    do {
      const out = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'page-', MaxResults: 2, NextToken }));
      assert.ok(out.QueueUrls.length <= 2);
      seen.push(...out.QueueUrls);
      NextToken = out.NextToken;
      ++pages;
    } while (NextToken && pages < 10);
    assert.deepEqual(seen.sort(), ['page-a', 'page-b', 'page-c', 'page-d', 'page-e'].map(urlOf));
    assert.equal(pages, 3);
  });

  await t.test('malformed requests on the JSON protocol', async () => {
    const signer = new SignatureV4({ service: 'sqs', region: 'us-east-1', sha256: Sha256, credentials });
    const endpoint = new URL(sandbox.url('/'));
    const raw = async (target, body) => {
      const signed = await signer.sign({
        method: 'POST', protocol: 'http:', hostname: endpoint.hostname, port: Number(endpoint.port), path: '/',
        headers: { host: endpoint.host, 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target }, body,
      });
      const res = await fetch(endpoint, { method: 'POST', headers: signed.headers, body });
      return { status: res.status, query: res.headers.get('x-amzn-query-error'), json: JSON.parse(await res.text()) };
    };
    const broken = await raw('AmazonSQS.SendMessage', '{"QueueUrl": ');
    t.diagnostic(`malformed JSON: ${broken.status} ${JSON.stringify(broken.json)}`);
    assert.equal(broken.status, 400);
    const unknown = await raw('AmazonSQS.NoSuchOperation', '{}');
    t.diagnostic(`unknown operation: ${unknown.status} ${JSON.stringify(unknown.json)}`);
    assert.equal(unknown.status, 400);
    assert.match(unknown.json.__type, /InvalidAction|UnknownOperation/);
    const wrongType = await raw('AmazonSQS.ReceiveMessage', JSON.stringify({ QueueUrl: evaluationUrl, MaxNumberOfMessages: 'ten' }));
    t.diagnostic(`a string for a number: ${wrongType.status} ${JSON.stringify(wrongType.json)}`);
    assert.equal(wrongType.status, 400);
    const missing = await raw('AmazonSQS.SendMessage', JSON.stringify({ QueueUrl: evaluationUrl }));
    assert.equal(missing.status, 400);
    assert.match(missing.json.__type, /MissingParameter|InvalidParameterValue/);
    assert.match(missing.query ?? '', /;Sender$/);
  });
});

test('queues made with CreateQueue survive a restart; a backend.toml edit changes declared queues', async (t) => {
  const { dir, sandbox, sqs, urlOf } = await startQueues(t);
  const url = await createQueue(sqs, 'kept-q', { VisibilityTimeout: '42', DelaySeconds: '1' }, { owner: 'me' });
  const fifo = await createQueue(sqs, 'kept.fifo', { FifoQueue: 'true', ContentBasedDeduplication: 'true' });
  await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'kept message' }));
  const first = await sqs.send(new SendMessageCommand({ QueueUrl: fifo, MessageBody: 'once', MessageGroupId: 'g' }));
  assert.equal((await sandbox.stop('SIGTERM')).code, 0);

  const restarted = await startSandbox(t, dir);
  const again = new SQSClient({ endpoint: restarted.url(''), region: 'us-east-1', credentials: adminCredentials(dir), maxAttempts: 1 });
  const restartedUrl = (name) => restarted.url(`/${ACCOUNT}/${name}`);
  assert.equal((await again.send(new GetQueueUrlCommand({ QueueName: 'kept-q' }))).QueueUrl, restartedUrl('kept-q'));
  const attrs = await attributes(again, restartedUrl('kept-q'), ['VisibilityTimeout', 'DelaySeconds']);
  assert.deepEqual(attrs, { VisibilityTimeout: '42', DelaySeconds: '1' });
  assert.deepEqual((await again.send(new ListQueueTagsCommand({ QueueUrl: restartedUrl('kept-q') }))).Tags, { owner: 'me' });
  const [m] = await receive(again, restartedUrl('kept-q'), { WaitTimeSeconds: 2 });
  assert.equal(m?.Body, 'kept message');
  // Deduplication and sequence numbers go on across the restart.
  const dup = await again.send(new SendMessageCommand({ QueueUrl: restartedUrl('kept.fifo'), MessageBody: 'once', MessageGroupId: 'g' }));
  assert.equal(dup.MessageId, first.MessageId);
  const next = await again.send(new SendMessageCommand({ QueueUrl: restartedUrl('kept.fifo'), MessageBody: 'twice', MessageGroupId: 'g' }));
  assert.ok(BigInt(next.SequenceNumber) > BigInt(first.SequenceNumber));
  assert.ok(urlOf('kept-q'));

  // A reload: the declared queue's visibility changes, a new queue appears.
  writeFileSync(join(dir, 'backend.toml'), BACKEND.replace('visibilityTimeout = "15m"', 'visibilityTimeout = "2m"') +
    '\n[queues.added]\nqueueName = "added-queue"\ndelaySeconds = 3\n');
  await eventually(async () => {
    const { Attributes } = await again.send(new GetQueueAttributesCommand({
      QueueUrl: restartedUrl('evaluation-queue'), AttributeNames: ['VisibilityTimeout'],
    }));
    return Attributes.VisibilityTimeout === '120';
  });
  const added = await attributes(again, restartedUrl('added-queue'), ['DelaySeconds']);
  assert.equal(added.DelaySeconds, '3');
});
