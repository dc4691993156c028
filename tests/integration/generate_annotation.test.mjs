// builtin:generate-annotation end to end on the reference app: the custom
// mutation generateAnnotation asks a model provider about a READY image's
// compressed copy, stores an Annotation (source AI, PENDING review) and sends
// {annotationId} to the evaluation queue. Model services are local stubs
// (model_stubs.mjs) that check SigV4 and request bodies as Bedrock and an
// OpenAI-compatible server would, and throttle on request; plain http, or
// https with a certificate made for the test that the function trusts through
// SSL_CERT_FILE.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
import { SQSClient, ReceiveMessageCommand, SendMessageCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { LambdaClient, InvokeCommand } from '@aws-sdk/client-lambda';
import {
  CognitoIdentityProviderClient, AdminCreateUserCommand, AdminSetUserPasswordCommand, AdminAddUserToGroupCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { REPO, makeApp, startSandbox, eventually, runGloss } from './harness.mjs';
import { startBedrockStub, startOpenAiStub } from './model_stubs.mjs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const CORPUS = join(REPO, 'build', 'corpus');
const PASSWORD = 'Corr3ct-Horse!';
const BEDROCK_KEYS = { accessKeyId: 'AKIASTUBBEDROCK00001', secretAccessKey: 'stub/bedrock+secret/key' };
const OPENAI_KEY = 'sk-test-stub-key';

// A model that answers in prose around the JSON (the generator must repair
// that), in pixels of the 1920 x 1200 compressed copy, or refuses.
function modelReply(prompt) {
  if (prompt.includes('refuse')) return "I'm sorry, but I can't help with describing this image.";
  return 'Here is the annotation:\n```json\n' + JSON.stringify({
    labels: [{ name: 'Blinds', confidence: 0.91 }, { name: 'window', confidence: 0.7 }, 'Indoor'],
    objects: [{ label: 'Window', confidence: 0.8, box: { x: 192, y: 120, w: 960, h: 600 } }],
    text: [],
    caption: 'Light through window blinds.',
  }) + '\n```';
}

// A self-signed certificate for localhost and 127.0.0.1, made by the openssl
// CLI into a temporary directory: { certFile, key, cert }.
function makeCertificate(t) {
  const dir = mkdtempSync(join(tmpdir(), 'gloss-tls-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-days', '1',
    '-keyout', keyFile, '-out', certFile], { stdio: 'pipe' });
  return { certFile, key: readFileSync(keyFile), cert: readFileSync(certFile) };
}

const ANNOTATION_FIELDS = 'id imageId source provider model caption labels objects text latencyMs reviewStatus';

// `tls`: the model stubs serve https and generate-annotation trusts their
// certificate through SSL_CERT_FILE; generate-untrusted is the same function
// without it.
async function start(t, { evaluate = false, tls = false } = {}) {
  const certificate = tls ? makeCertificate(t) : undefined;
  const stubTls = certificate && { key: certificate.key, cert: certificate.cert };
  const bedrock = await startBedrockStub({ credentials: BEDROCK_KEYS, reply: modelReply, tls: stubTls });
  const openai = await startOpenAiStub({ apiKey: OPENAI_KEY, reply: modelReply, tls: stubTls });
  t.after(() => { bedrock.server.close(); openai.server.close(); });

  const dir = makeApp(t);
  let toml = readFileSync(join(dir, 'backend.toml'), 'utf8');
  const trust = certificate ? `, SSL_CERT_FILE = "${certificate.certFile}"` : '';
  const modelEnvironment = `BEDROCK_ENDPOINT_URL = "${bedrock.url}", OPENAI_BASE_URL = "${openai.url}/v1", OPENAI_MODEL = "llava-1.6"${trust}`;
  const secrets = 'secrets = { OPENAI_API_KEY = "OPENAI_API_KEY", BEDROCK_ACCESS_KEY_ID = "BEDROCK_ACCESS_KEY_ID", BEDROCK_SECRET_ACCESS_KEY = "BEDROCK_SECRET_ACCESS_KEY" }';
  toml = toml.replace(/environment = \{ EVALUATION_QUEUE_URL = ("[^"]+"), BUCKET_NAME = ("[^"]+") \}\nsecrets = \{[^\n]+\}/,
    (all, queue, bucket) => `environment = { EVALUATION_QUEUE_URL = ${queue}, BUCKET_NAME = ${bucket}, ${modelEnvironment} }\n${secrets}`);
  if (evaluate) {
    // Failed evaluations come back after 1 s instead of 15 min.
    toml = toml.replace('visibilityTimeout = "15m"', 'visibilityTimeout = "1s"');
    // Without ground truth, the evaluator also asks the local provider.
    toml = toml.replace('entry = "builtin:evaluate-annotation"', 'entry = "builtin:evaluate-annotation"\nenvironment = { SECOND_PROVIDER = "local" }');
  } else {
    // Without the evaluator the test reads the queue itself.
    toml = toml.replace(/\[functions\.evaluate-annotation\][\s\S]*?(?=\n\[)/, '');
  }
  // The same function on the Converse API, invoked directly.
  const generate = /\[functions\.generate-annotation\][\s\S]*?(?=\n\[)/.exec(toml)[0];
  toml += `\n${generate.replace('[functions.generate-annotation]', '[functions.generate-converse]')
    .replace('OPENAI_MODEL = "llava-1.6"', 'OPENAI_MODEL = "llava-1.6", BEDROCK_API = "converse"')}\n`;
  if (certificate) {
    toml += `\n${generate.replace('[functions.generate-annotation]', '[functions.generate-untrusted]').replace(trust, '')}\n`;
  }
  writeFileSync(join(dir, 'backend.toml'), toml);
  for (const [name, value] of [['OPENAI_API_KEY', OPENAI_KEY], ['BEDROCK_ACCESS_KEY_ID', BEDROCK_KEYS.accessKeyId],
    ['BEDROCK_SECRET_ACCESS_KEY', BEDROCK_KEYS.secretAccessKey]]) {
    const set = await runGloss(['sandbox', 'secret', 'set', name, '--dir', dir], { input: `${value}\n` });
    assert.equal(set.code, 0, set.stderr);
  }

  const sandbox = await startSandbox(t, dir);
  const outputs = JSON.parse(readFileSync(join(dir, 'gloss_outputs.json'), 'utf8'));
  const credentials = JSON.parse(readFileSync(join(dir, '.gloss', 'credentials.json'), 'utf8'));
  const config = { endpoint: sandbox.url(''), region: 'us-east-1', credentials, maxAttempts: 1 };
  const cognito = new CognitoIdentityProviderClient(config);
  const Username = 'annotator@example.com';
  await cognito.send(new AdminCreateUserCommand({ UserPoolId: outputs.auth.user_pool_id, Username, MessageAction: 'SUPPRESS' }));
  await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: outputs.auth.user_pool_id, Username, Password: PASSWORD, Permanent: true }));
  const { AuthenticationResult } = await cognito.send(new InitiateAuthCommand({
    ClientId: outputs.auth.user_pool_client_id, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: Username, PASSWORD },
  }));
  const graphql = async (query, variables = {}) => {
    const response = await fetch(outputs.data.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: AuthenticationResult.AccessToken },
      body: JSON.stringify({ query, variables }),
    });
    return response.json();
  };
  const generateAnnotation = (variables) => graphql(
    'mutation($imageId: ID!, $provider: String, $prompt: String) { generateAnnotation(imageId: $imageId, provider: $provider, prompt: $prompt) }',
    variables);
  const annotationsOf = async (imageId) => (await graphql(
    `query($id: ID!) { annotationsByImage(imageId: $id) { items { ${ANNOTATION_FIELDS} } } }`, { id: imageId }))
    .data.annotationsByImage.items;

  // A READY image, through process-image.
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  const key = 'images/original/us-east-1:annotator/blinds.jpg';
  await s3.send(new PutObjectCommand({ Bucket: 'images', Key: key, Body: readFileSync(join(CORPUS, 'ps01-blinds-1920x1200.jpg')) }));
  const image = await eventually(async () => {
    const found = (await graphql('query($k: String!) { listImages(filter: {originalKey: {eq: $k}}) { items { id status } } }', { k: key }))
      .data.listImages.items[0];
    return found?.status === 'READY' ? found : undefined;
  }, 30000);

  const sqs = new SQSClient(config);
  const queueMessages = async () => {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({
      QueueUrl: outputs.custom.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 0,
    }));
    return Messages.map((m) => JSON.parse(m.Body));
  };
  const lambda = new LambdaClient(config);
  // Another signed-in user, in `groups`: a GraphQL function with their token.
  const userWithGroups = async (email, groups) => {
    await cognito.send(new AdminCreateUserCommand({ UserPoolId: outputs.auth.user_pool_id, Username: email, MessageAction: 'SUPPRESS' }));
    await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: outputs.auth.user_pool_id, Username: email, Password: PASSWORD, Permanent: true }));
    for (const GroupName of groups) {
      await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: outputs.auth.user_pool_id, Username: email, GroupName }));
    }
    const signedIn = await cognito.send(new InitiateAuthCommand({
      ClientId: outputs.auth.user_pool_client_id, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: email, PASSWORD },
    }));
    return async (query, variables = {}) => (await fetch(outputs.data.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: signedIn.AuthenticationResult.AccessToken },
      body: JSON.stringify({ query, variables }),
    })).json();
  };
  return {
    dir, sandbox, outputs, sqs, s3, bedrock, openai, image, graphql, generateAnnotation, annotationsOf, queueMessages, lambda,
    userWithGroups,
  };
}

test('generateAnnotation through Bedrock stores one normalised annotation per request and enqueues it', async (t) => {
  const app = await start(t);
  const first = await app.generateAnnotation({ imageId: app.image.id, provider: 'bedrock' });
  assert.equal(first.errors, undefined, JSON.stringify(first.errors));
  const annotation = JSON.parse(first.data.generateAnnotation);
  assert.equal(annotation.imageId, app.image.id);
  assert.equal(annotation.source, 'AI');
  assert.equal(annotation.provider, 'bedrock');
  assert.equal(annotation.model, 'anthropic.claude-3-haiku-20240307-v1:0');
  assert.equal(annotation.reviewStatus, 'PENDING');
  assert.equal(annotation.caption, 'Light through window blinds.');
  assert.deepEqual(JSON.parse(annotation.labels).map((l) => l.name), ['indoor', 'blinds', 'window']);
  // Pixels of the 1920 x 1200 compressed copy, normalised.
  assert.deepEqual(JSON.parse(annotation.objects), [{ label: 'window', confidence: 0.8, box: { x: 0.1, y: 0.1, w: 0.5, h: 0.5 } }]);
  assert.ok(annotation.latencyMs >= 0);
  assert.equal(app.bedrock.requests.length, 1);
  assert.equal(app.bedrock.requests[0].modelId, 'anthropic.claude-3-haiku-20240307-v1:0');

  // The same request again: the same annotation, no second model call, no duplicate.
  const again = await app.generateAnnotation({ imageId: app.image.id, provider: 'bedrock' });
  assert.equal(JSON.parse(again.data.generateAnnotation).id, annotation.id);
  assert.equal(app.bedrock.requests.length, 1);
  assert.equal((await app.annotationsOf(app.image.id)).length, 1);
  const messages = await app.queueMessages();
  assert.ok(messages.length >= 1 && messages.every((m) => m.annotationId === annotation.id), JSON.stringify(messages));

  // Throttled twice, then answered: retried with backoff inside the deadline.
  app.bedrock.throttleNext = 2;
  const throttled = await app.generateAnnotation({ imageId: app.image.id, provider: 'bedrock', prompt: 'count the slats' });
  assert.equal(throttled.errors, undefined, JSON.stringify(throttled.errors));
  assert.equal(app.bedrock.requests.length, 4);
  assert.match(app.bedrock.requests[3].body.messages[0].content[1].text, /Also: count the slats$/);
  assert.equal((await app.annotationsOf(app.image.id)).length, 2);

  // A reply that is no annotation stores nothing and says why.
  const refused = await app.generateAnnotation({ imageId: app.image.id, provider: 'bedrock', prompt: 'refuse' });
  assert.equal(refused.errors[0].errorType, 'Lambda:Unhandled');
  assert.match(refused.errors[0].message, /bedrock: the model's reply has no JSON object/);
  assert.equal((await app.annotationsOf(app.image.id)).length, 2);
});

test('the OpenAI-compatible provider and the Converse API; bad requests fail clearly', async (t) => {
  const app = await start(t);
  app.openai.throttleNext = 1;
  const viaOpenAi = await app.generateAnnotation({ imageId: app.image.id, provider: 'openai' });
  assert.equal(viaOpenAi.errors, undefined, JSON.stringify(viaOpenAi.errors));
  const annotation = JSON.parse(viaOpenAi.data.generateAnnotation);
  assert.equal(annotation.provider, 'openai');
  assert.equal(annotation.model, 'llava-1.6');
  assert.equal(app.openai.requests.length, 2);
  assert.equal(app.openai.requests[1].model, 'llava-1.6');

  const converse = await app.lambda.send(new InvokeCommand({
    FunctionName: 'generate-converse',
    Payload: new TextEncoder().encode(JSON.stringify({ arguments: { imageId: app.image.id, provider: 'bedrock' } })),
  }));
  const answer = JSON.parse(new TextDecoder().decode(converse.Payload));
  assert.equal(converse.FunctionError, undefined, JSON.stringify(answer));
  assert.equal(answer.provider, 'bedrock');
  assert.equal(app.bedrock.requests.at(-1).operation, 'converse');

  const unknown = await app.generateAnnotation({ imageId: app.image.id, provider: 'oracle' });
  assert.equal(unknown.errors[0].errorType, 'Lambda:Unhandled');
  assert.match(unknown.errors[0].message, /unknown provider 'oracle'/);
  const missing = await app.generateAnnotation({ imageId: 'no-such-image', provider: 'bedrock' });
  assert.match(missing.errors[0].message, /no Image with id no-such-image/);
  assert.equal((await app.annotationsOf(app.image.id)).length, 2);
});

test('Bedrock and the OpenAI-compatible server over https, trusted through SSL_CERT_FILE', async (t) => {
  const app = await start(t, { tls: true });
  assert.match(app.bedrock.url, /^https:\/\/localhost:/);
  const viaBedrock = await app.generateAnnotation({ imageId: app.image.id, provider: 'bedrock' });
  assert.equal(viaBedrock.errors, undefined, JSON.stringify(viaBedrock.errors));
  assert.equal(JSON.parse(viaBedrock.data.generateAnnotation).caption, 'Light through window blinds.');
  // The stub checked the SigV4 signature, Host header included.
  assert.equal(app.bedrock.requests.length, 1);

  // Throttled once, then answered: the retry reconnects over TLS as needed.
  app.openai.throttleNext = 1;
  const viaOpenAi = await app.generateAnnotation({ imageId: app.image.id, provider: 'openai' });
  assert.equal(viaOpenAi.errors, undefined, JSON.stringify(viaOpenAi.errors));
  assert.equal(JSON.parse(viaOpenAi.data.generateAnnotation).provider, 'openai');
  assert.equal(app.openai.requests.length, 2);

  // Without SSL_CERT_FILE the stubs' certificate is unknown: refused, nothing
  // sent. (A new prompt: the same request would be answered from the store.)
  const untrusted = await app.lambda.send(new InvokeCommand({
    FunctionName: 'generate-untrusted',
    Payload: new TextEncoder().encode(JSON.stringify({ arguments: { imageId: app.image.id, provider: 'openai', prompt: 'count the slats' } })),
  }));
  const refusal = JSON.parse(new TextDecoder().decode(untrusted.Payload));
  assert.equal(untrusted.FunctionError, 'Unhandled', JSON.stringify(refusal));
  assert.match(refusal.errorMessage, /TLS handshake with localhost:\d+: certificate verify failed \(self-signed certificate\)/);
  assert.equal(app.openai.requests.length, 2);
});

test('evaluate-annotation scores each annotation; failing evaluations end in the DLQ', async (t) => {
  const app = await start(t, { evaluate: true });
  const evaluationsOf = async (annotationId) => (await app.graphql(
    'query($id: ID!) { evaluationsByAnnotation(annotationId: $id) { items { score verdict metrics evaluator attempt } } }',
    { id: annotationId })).data.evaluationsByAnnotation.items;

  // No ground truth yet: judged by self-consistency.
  const generated = await app.generateAnnotation({ imageId: app.image.id, provider: 'bedrock' });
  const ai = JSON.parse(generated.data.generateAnnotation);
  const [selfChecked] = await eventually(async () => {
    const items = await evaluationsOf(ai.id);
    return items.length ? items : undefined;
  }, 20000);
  // The stub's window is not something the local detectors know: they disagree.
  assert.equal(selfChecked.evaluator, 'self-consistency+second-run');
  const selfMetrics = JSON.parse(selfChecked.metrics);
  assert.equal(selfMetrics.consistency, 1);
  assert.equal(selfMetrics.secondRun.f1, 0);
  assert.ok(selfChecked.score < 1 && selfChecked.score > 0, String(selfChecked.score));
  assert.equal(selfChecked.attempt, 1);

  // A person's annotation of the image becomes the ground truth of the next run:
  // the window matches (IoU 1), "blinds" and "window" are shared labels, "indoor" is not.
  const human = await app.graphql(`mutation($input: CreateAnnotationInput!) { createAnnotation(input: $input) { id } }`, {
    input: {
      imageId: app.image.id, source: 'HUMAN', provider: 'human',
      labels: JSON.stringify([{ name: 'blinds' }, { name: 'window' }]),
      objects: JSON.stringify([{ label: 'window', box: { x: 0.1, y: 0.1, w: 0.5, h: 0.5 } }]),
    },
  });
  assert.equal(human.errors, undefined, JSON.stringify(human.errors));
  const second = JSON.parse((await app.generateAnnotation({ imageId: app.image.id, provider: 'bedrock', prompt: 'again' }))
    .data.generateAnnotation);
  const [scored] = await eventually(async () => {
    const items = await evaluationsOf(second.id);
    return items.length ? items : undefined;
  }, 20000);
  assert.equal(scored.evaluator, 'ground-truth');
  const metrics = JSON.parse(scored.metrics);
  assert.equal(metrics.f1, 1);
  assert.equal(metrics.groundTruthId, human.data.createAnnotation.id);
  // Score = mean(object F1 1, label Jaccard 2/3) = 5/6.
  assert.ok(Math.abs(scored.score - 5 / 6) < 1e-9, String(scored.score));
  assert.equal(scored.verdict, 'PASS');

  // A message naming no annotation fails three receives, then sits in the DLQ.
  await app.sqs.send(new SendMessageCommand({ QueueUrl: app.outputs.custom.queueUrl, MessageBody: JSON.stringify({ annotationId: 'gone' }) }));
  const { QueueUrl: dlq } = await app.sqs.send(new GetQueueUrlCommand({ QueueName: 'evaluation-dlq' }));
  const metricsText = await eventually(async () => {
    const text = await (await fetch(app.sandbox.url('/_gloss/metrics'))).text();
    return text.includes('gloss_queue_messages{queue="evaluation-dlq",state="visible"} 1') ? text : undefined;
  }, 30000);
  assert.match(metricsText, /gloss_queue_messages\{queue="evaluation-queue",state="visible"\} 0/);
  const { Messages } = await app.sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq, AttributeNames: ['ApproximateReceiveCount'] }));
  assert.equal(JSON.parse(Messages[0].Body).annotationId, 'gone');
  const log = readFileSync(join(app.dir, '.gloss', 'logs', 'functions', 'evaluate-annotation.log'), 'utf8');
  assert.equal((log.match(/failed: NotFound: no Annotation with id gone/g) ?? []).length, 3);
});

test('people review predictions; accepted annotations export as COCO, YOLO and Pascal VOC', async (t) => {
  const app = await start(t);
  // The Amplify pattern: a project, its Image created first, then the upload.
  const project = (await app.graphql('mutation { createProject(input: {name: "Blinds"}) { id } }')).data.createProject;
  const key = 'images/original/us-east-1:annotator/in-project.jpg';
  const made = await app.graphql('mutation($input: CreateImageInput!) { createImage(input: $input) { id } }',
    { input: { originalKey: key, projectId: project.id, status: 'UPLOADED' } });
  await app.s3.send(new PutObjectCommand({ Bucket: 'images', Key: key, Body: readFileSync(join(CORPUS, 'ps01-blinds-1920x1200.jpg')) }));
  const imageId = made.data.createImage.id;
  await eventually(async () => (await app.graphql('query($id: ID!) { getImage(id: $id) { status } }', { id: imageId }))
    .data.getImage.status === 'READY', 30000);
  const first = JSON.parse((await app.generateAnnotation({ imageId, provider: 'bedrock' })).data.generateAnnotation);
  const second = JSON.parse((await app.generateAnnotation({ imageId, provider: 'bedrock', prompt: 'again' })).data.generateAnnotation);

  const REVIEW = 'mutation($id: ID!, $status: ReviewStatus!, $correction: AWSJSON) { reviewAnnotation(annotationId: $id, status: $status, correction: $correction) }';
  // Only ANNOTATORS and ADMINS may review.
  const denied = await app.graphql(REVIEW, { id: first.id, status: 'ACCEPTED' });
  assert.equal(denied.errors[0].errorType, 'Unauthorized');
  const annotator = await app.userWithGroups('reviewer@example.com', ['ANNOTATORS']);
  const accepted = await annotator(REVIEW, { id: first.id, status: 'ACCEPTED' });
  assert.equal(accepted.errors, undefined, JSON.stringify(accepted.errors));
  const acceptedAnswer = JSON.parse(accepted.data.reviewAnnotation);
  assert.equal(acceptedAnswer.annotation.reviewStatus, 'ACCEPTED');
  // AppSync's identity.username: the user pool's username (a UUID when people sign in with email).
  assert.match(acceptedAnswer.annotation.reviewedBy, /^[0-9a-f-]{36}$/);

  // FIXED stores the person's correction (here a polygon) as a HUMAN annotation linked to the prediction.
  const correction = { labels: ['blinds'], objects: [{ label: 'Slat', polygon: [[0.2, 0.2], [0.8, 0.2], [0.8, 0.3]] }] };
  const fixed = JSON.parse((await annotator(REVIEW, { id: second.id, status: 'FIXED', correction: JSON.stringify(correction) }))
    .data.reviewAnnotation);
  assert.equal(fixed.annotation.reviewStatus, 'FIXED');
  assert.equal(fixed.correction.source, 'HUMAN');
  assert.equal(fixed.correction.reviewStatus, 'ACCEPTED');
  assert.equal(fixed.correction.model, `correction of ${second.id}`);
  const bad = await annotator(REVIEW, { id: second.id, status: 'FIXED', correction: '{"objects": [{"label": "x"}]}' });
  assert.match(bad.errors[0].message, /correction: objects\[0\] has neither a box nor a polygon/);
  const pending = await annotator(REVIEW, { id: second.id, status: 'PENDING' });
  assert.match(pending.errors[0].message, /a review sets status ACCEPTED, REJECTED or FIXED/);

  // The accepted prediction's window box and the correction's polygon: COCO for the UI...
  const coco = await app.graphql('query($p: ID!) { exportAnnotations(projectId: $p, format: "coco") }', { p: project.id });
  assert.equal(coco.errors, undefined, JSON.stringify(coco.errors));
  const exported = JSON.parse(coco.data.exportAnnotations);
  assert.equal(exported.images, 1);
  assert.equal(exported.objects, 2);
  const document = JSON.parse(exported.files['annotations.json']);
  assert.deepEqual(document.images.map((i) => [i.file_name, i.width, i.height]), [['in-project.jpg', 1920, 1200]]);
  assert.deepEqual(document.categories.map((c) => c.name), ['slat', 'window']);
  const window = document.annotations.find((a) => a.category_id === 2);
  assert.deepEqual(window.bbox, [192, 120, 960, 600]);
  const slat = document.annotations.find((a) => a.category_id === 1);
  assert.deepEqual(slat.segmentation, [[384, 240, 1536, 240, 1536, 360]]);

  // ...and YOLO / Pascal VOC files through the CLI, from the running sandbox.
  const out = mkdtempSync(join(tmpdir(), 'gloss-export-'));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  for (const format of ['yolo', 'voc']) {
    const run = await runGloss(['export', '--project', project.id, '--format', format, '--out', join(out, format), '--dir', app.dir]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`exported 1 images and 2 objects as ${format}`));
  }
  assert.deepEqual(readdirSync(join(out, 'yolo')).sort(), ['classes.txt', 'in-project.txt']);
  assert.equal(readFileSync(join(out, 'yolo', 'classes.txt'), 'utf8'), 'slat\nwindow\n');
  assert.deepEqual(readdirSync(join(out, 'voc')), ['in-project.xml']);
  assert.match(readFileSync(join(out, 'voc', 'in-project.xml'), 'utf8'), /<name>window<\/name>/);
  const refused = await runGloss(['export', '--project', project.id, '--format', 'csv', '--out', out, '--dir', app.dir]);
  assert.equal(refused.code, 2);
});

test('the local provider (the default) annotates offline: a face on the astronaut portrait', async (t) => {
  const app = await start(t);
  const key = 'images/original/us-east-1:annotator/astronaut.png';
  await app.s3.send(new PutObjectCommand({ Bucket: 'images', Key: key, Body: readFileSync(join(CORPUS, 'xs01-astronaut-512x512.png')) }));
  const image = await eventually(async () => {
    const found = (await app.graphql('query($k: String!) { listImages(filter: {originalKey: {eq: $k}}) { items { id status } } }', { k: key }))
      .data.listImages.items[0];
    return found?.status === 'READY' ? found : undefined;
  }, 30000);
  const answer = await app.generateAnnotation({ imageId: image.id });
  assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
  const annotation = JSON.parse(answer.data.generateAnnotation);
  assert.equal(annotation.provider, 'local');
  assert.match(annotation.model, /^gloss-local/);
  const faces = JSON.parse(annotation.objects).filter((o) => o.label === 'face');
  assert.ok(faces.length >= 1, annotation.objects);
  assert.ok(annotation.caption.length > 0);
  assert.equal(app.bedrock.requests.length + app.openai.requests.length, 0);
});
