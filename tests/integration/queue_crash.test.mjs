// kill -9 of the sandbox in the middle of SendMessageBatch load through the
// official @aws-sdk/client-sqs: after a restart on the same folder every
// acknowledged message is there exactly once (an unacknowledged send may or
// may not have been stored), messages deleted before the kill stay deleted,
// and messages received before the kill are still in flight, with their
// receive counts, and their receipt handles still work.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  SQSClient, SendMessageBatchCommand, ReceiveMessageCommand, DeleteMessageBatchCommand,
  GetQueueAttributesCommand, ChangeMessageVisibilityCommand,
} from '@aws-sdk/client-sqs';
import { makeApp, startSandbox } from './harness.mjs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const SENDERS = 8;
const BATCH = 10;
const PRELOADED = 50;           // Sent before the load; RECEIVED of them are received and kept in
const RECEIVED = 20;            // flight, DELETED more received and deleted.
const DELETED = 10;
const MIN_ACKNOWLEDGED = 10000; // Acknowledged messages of the load before the kill.
const BACKEND = `
[queues.crash]
queueName = "crash-queue"
visibilityTimeout = "30s"
`;

function client(sandbox, dir) {
  const credentials = JSON.parse(readFileSync(join(dir, '.gloss', 'credentials.json'), 'utf8'));
  return new SQSClient({ endpoint: sandbox.url(''), region: 'us-east-1', credentials, maxAttempts: 1 });
}

const counts = async (sqs, QueueUrl) => (await sqs.send(new GetQueueAttributesCommand({
  QueueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
}))).Attributes;

test('acknowledged sends and receives survive kill -9 exactly once', async (t) => {
  const dir = makeApp(t, { copyReference: false });
  writeFileSync(join(dir, 'backend.toml'), BACKEND);
  const sandbox = await startSandbox(t, dir);
  const sqs = client(sandbox, dir);
  const QueueUrl = sandbox.url('/000000000000/crash-queue');

  const acknowledged = new Map();  // body -> MessageId
  const sendBatch = async (client, bodies) => {
    const out = await client.send(new SendMessageBatchCommand({
      QueueUrl, Entries: bodies.map((MessageBody, i) => ({ Id: `e${i}`, MessageBody })),
    }));
    assert.deepEqual(out.Failed ?? [], [], 'no entry fails');
    for (const entry of out.Successful) acknowledged.set(bodies[Number(entry.Id.slice(1))], entry.MessageId);
  };

  // Received before the kill and not deleted: must stay in flight across it.
  for (let i = 0; i < PRELOADED; i += BATCH) {
    await sendBatch(sqs, Array.from({ length: BATCH }, (_, j) => `pre-${i + j}`));
  }
  const inFlight = [];
  while (inFlight.length < RECEIVED) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({
      QueueUrl, MaxNumberOfMessages: Math.min(10, RECEIVED - inFlight.length),
    }));
    inFlight.push(...Messages);
  }
  // Received and deleted before the kill: must not come back.
  const { Messages: removed = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: DELETED }));
  assert.equal(removed.length, DELETED);
  await sqs.send(new DeleteMessageBatchCommand({
    QueueUrl, Entries: removed.map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle })),
  }));
  for (const m of removed) acknowledged.delete(m.Body);
  assert.deepEqual(await counts(sqs, QueueUrl), {
    ApproximateNumberOfMessages: String(PRELOADED - RECEIVED - DELETED), ApproximateNumberOfMessagesNotVisible: String(RECEIVED),
  });

  // The load: SENDERS clients, each its own connection pool, batches of BATCH unique bodies.
  let stop = false;
  let attempted = 0;
  let failed = 0;
  const sender = async (index) => {
    const own = client(sandbox, dir);
    for (let seq = 0; !stop; ++seq) {
      const bodies = Array.from({ length: BATCH }, (_, i) => `load-${index}-${seq}-${i}`);
      attempted += BATCH;
      try {
        await sendBatch(own, bodies);
      } catch {
        ++failed;
        return;  // The server is gone.
      }
    }
  };
  const started = Date.now();
  const senders = Array.from({ length: SENDERS }, (_, i) => sender(i));
  const before = acknowledged.size;
  while (acknowledged.size < before + MIN_ACKNOWLEDGED) await new Promise((r) => setTimeout(r, 5));
  sandbox.child.kill('SIGKILL');
  await sandbox.exitPromise;
  stop = true;
  await Promise.all(senders);
  const loadAcked = acknowledged.size - before;
  t.diagnostic(`${loadAcked} load messages acknowledged in ${Date.now() - started} ms, ` +
               `${attempted - loadAcked} sent without an answer (${failed} batches cut off)`);

  const restarted = await startSandbox(t, dir);
  const again = client(restarted, dir);
  const after = await counts(again, QueueUrl);
  t.diagnostic(`after restart: ${JSON.stringify(after)}`);
  assert.equal(after.ApproximateNumberOfMessagesNotVisible, String(RECEIVED), 'received messages are still in flight');
  assert.ok(Number(after.ApproximateNumberOfMessages) >= acknowledged.size - RECEIVED,
            `${after.ApproximateNumberOfMessages} visible, ${acknowledged.size - RECEIVED} acknowledged and not received`);

  // The receipt handles of before the kill still work.
  for (const m of inFlight) {
    await again.send(new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 0 }));
  }

  // Receive and delete everything, several receivers at once.
  const seen = new Map();  // MessageId -> {body, times, receiveCount}
  const receiver = async () => {
    for (let empty = 0; empty < 2;) {
      const { Messages = [] } = await again.send(new ReceiveMessageCommand({
        QueueUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['ApproximateReceiveCount'], WaitTimeSeconds: 1,
      }));
      if (Messages.length === 0) {
        ++empty;
        continue;
      }
      for (const m of Messages) {
        const entry = seen.get(m.MessageId);
        if (entry) ++entry.times;
        else seen.set(m.MessageId, { body: m.Body, times: 1, receiveCount: m.Attributes.ApproximateReceiveCount });
      }
      const out = await again.send(new DeleteMessageBatchCommand({
        QueueUrl, Entries: Messages.map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle })),
      }));
      assert.deepEqual(out.Failed ?? [], []);
    }
  };
  await Promise.all(Array.from({ length: 4 }, receiver));

  const byBody = new Map();
  for (const [id, entry] of seen) byBody.set(entry.body, [...(byBody.get(entry.body) ?? []), id]);
  let missing = 0;
  let duplicated = 0;
  for (const [body, id] of acknowledged) {
    const ids = byBody.get(body) ?? [];
    if (ids.length === 0) ++missing;
    if (ids.length > 1 || (seen.get(id)?.times ?? 0) > 1) ++duplicated;
    if (ids.length === 1) assert.equal(ids[0], id, `${body} keeps its MessageId`);
  }
  const unacknowledgedStored = [...byBody.keys()].filter((b) => !acknowledged.has(b)).length;
  t.diagnostic(`${seen.size} distinct messages after restart: ${missing} acknowledged missing, ` +
               `${duplicated} acknowledged duplicated, ${unacknowledgedStored} unacknowledged sends stored`);
  assert.equal(missing, 0, 'no acknowledged message is lost');
  assert.equal(duplicated, 0, 'acknowledged messages are stored once');
  for (const body of byBody.keys()) assert.match(body, /^(pre-\d+|load-\d+-\d+-\d+)$/, 'no torn body');
  for (const m of removed) assert.equal(seen.has(m.MessageId), false, `${m.Body} was deleted before the kill`);
  for (const m of inFlight) {
    assert.equal(seen.get(m.MessageId)?.receiveCount, '2', `${m.Body}: its receive before the kill counts`);
  }
  assert.deepEqual(await counts(again, QueueUrl), {
    ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0',
  });
});
