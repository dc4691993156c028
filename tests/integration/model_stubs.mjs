// Local stand-ins for the model services generate-annotation calls, checking
// requests as the real services would: a Bedrock runtime (InvokeModel with
// the Anthropic messages body, and Converse) that verifies the SigV4
// signature with the key pair it is given, and an OpenAI-compatible chat
// completions server that checks the bearer key. Both answer in the recorded
// shapes of the real services and can be told to throttle. Given `tls`
// ({ key, cert } in PEM) they serve https, as the real services do.
import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';

function listen(handler, tls) {
  const onRequest = (req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      Promise.resolve(handler(req, Buffer.concat(chunks))).then(({ status, headers = {}, body }) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(typeof body === 'string' ? body : JSON.stringify(body));
      }, (error) => {
        res.writeHead(500);
        res.end(String(error));
      });
    });
  };
  const server = tls ? createHttpsServer(tls, onRequest) : createServer(onRequest);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// The stub's base URL: https://localhost:PORT with TLS (the name its test
// certificate carries), else http://127.0.0.1:PORT.
const baseUrl = (server, tls) => (tls ? `https://localhost:${server.address().port}` : `http://127.0.0.1:${server.address().port}`);

const isJpeg = (base64) => Buffer.from(base64 ?? '', 'base64').subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]));

// Recomputes the request's SigV4 signature with `credentials`; null when it
// matches, else the reason AWS would give.
async function signatureProblem(req, body, credentials, service, region) {
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/
    .exec(req.headers.authorization ?? '');
  if (!match) return 'missing or malformed Authorization';
  const [, keyId, , scopeRegion, scopeService, signedHeaders, signature] = match;
  if (keyId !== credentials.accessKeyId) return `unknown access key ${keyId}`;
  if (scopeRegion !== region || scopeService !== service) return `wrong scope ${scopeRegion}/${scopeService}`;
  const headers = {};
  for (const name of signedHeaders.split(';')) headers[name] = req.headers[name];
  const url = new URL(req.url, 'http://stub');
  const date = req.headers['x-amz-date'];
  const signingDate = new Date(`${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`);
  const signer = new SignatureV4({ service, region, credentials, sha256: Sha256 });
  const signed = await signer.sign({
    method: req.method, protocol: 'http:', hostname: url.hostname, path: url.pathname,
    query: Object.fromEntries(url.searchParams), headers, body,
  }, { signingDate, signableHeaders: new Set(signedHeaders.split(';')) });
  const expected = /Signature=([0-9a-f]{64})/.exec(signed.headers.authorization)[1];
  return expected === signature ? null : 'The request signature we calculated does not match the signature you provided.';
}

// `reply(promptText)` gives the model's text for a request.
export async function startBedrockStub({ credentials, region = 'us-east-1', reply, tls }) {
  const stub = { requests: [], throttleNext: 0 };
  const error = (status, type, message) => ({ status, headers: { 'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/` }, body: { message } });
  stub.server = await listen(async (req, raw) => {
    const problem = await signatureProblem(req, raw, credentials, 'bedrock', region);
    if (problem) return error(403, problem.startsWith('unknown') ? 'UnrecognizedClientException' : 'InvalidSignatureException', problem);
    const route = /^\/model\/([^/]+)\/(invoke|converse)$/.exec(req.url);
    if (req.method !== 'POST' || !route) return error(404, 'UnknownOperationException', `no route ${req.method} ${req.url}`);
    const modelId = decodeURIComponent(route[1]);
    const body = JSON.parse(raw.toString());
    stub.requests.push({ modelId, operation: route[2], body });
    if (stub.throttleNext > 0) {
      stub.throttleNext -= 1;
      return error(429, 'ThrottlingException', 'Too many requests, please wait before trying again.');
    }
    if (route[2] === 'invoke') {
      const content = body.messages?.[0]?.content ?? [];
      const image = content.find((block) => block.type === 'image');
      const text = content.find((block) => block.type === 'text');
      if (body.anthropic_version !== 'bedrock-2023-05-31' || !Number.isInteger(body.max_tokens)
          || image?.source?.type !== 'base64' || image.source.media_type !== 'image/jpeg' || !isJpeg(image.source.data) || !text) {
        return error(400, 'ValidationException', 'Malformed input request: the Anthropic messages body is invalid');
      }
      return {
        status: 200,
        body: {
          id: 'msg_bdrk_01', type: 'message', role: 'assistant', model: 'claude-3-haiku-20240307',
          content: [{ type: 'text', text: reply(text.text) }], stop_reason: 'end_turn', stop_sequence: null,
          usage: { input_tokens: 1200, output_tokens: 90 },
        },
      };
    }
    const content = body.messages?.[0]?.content ?? [];
    const image = content.find((block) => block.image);
    const text = content.find((block) => typeof block.text === 'string');
    if (image?.image?.format !== 'jpeg' || !isJpeg(image.image.source?.bytes) || !text) {
      return error(400, 'ValidationException', 'The Converse request is invalid');
    }
    return {
      status: 200,
      body: {
        output: { message: { role: 'assistant', content: [{ text: reply(text.text) }] } },
        stopReason: 'end_turn', usage: { inputTokens: 1200, outputTokens: 90, totalTokens: 1290 }, metrics: { latencyMs: 850 },
      },
    };
  }, tls);
  stub.url = baseUrl(stub.server, tls);
  return stub;
}

export async function startOpenAiStub({ apiKey, reply, tls }) {
  const stub = { requests: [], throttleNext: 0 };
  stub.server = await listen((req, raw) => {
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      return { status: 401, body: { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' } } };
    }
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return { status: 404, body: { error: { message: 'not found' } } };
    const body = JSON.parse(raw.toString());
    stub.requests.push(body);
    if (stub.throttleNext > 0) {
      stub.throttleNext -= 1;
      return { status: 429, body: { error: { message: 'Rate limit reached', type: 'requests' } } };
    }
    const parts = body.messages?.[0]?.content ?? [];
    const text = parts.find((part) => part.type === 'text');
    const image = parts.find((part) => part.type === 'image_url');
    const dataUrl = image?.image_url?.url ?? '';
    if (!body.model || !text || !dataUrl.startsWith('data:image/jpeg;base64,') || !isJpeg(dataUrl.slice(23))) {
      return { status: 400, body: { error: { message: 'invalid request: expected a text part and a JPEG data URL' } } };
    }
    return {
      status: 200,
      body: {
        id: 'chatcmpl-1', object: 'chat.completion', created: 1733450000, model: body.model,
        choices: [{ index: 0, message: { role: 'assistant', content: reply(text.text) }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 800, completion_tokens: 70, total_tokens: 870 },
      },
    };
  }, tls);
  stub.url = baseUrl(stub.server, tls);
  return stub;
}
