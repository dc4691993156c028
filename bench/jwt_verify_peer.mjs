// The peer for bench/jwt_verify.sh: aws-jwt-verify (the library AWS recommends
// for checking Cognito tokens) verifying an equivalent RS256 ID token with a
// cached JWKS, synchronously, for `seconds` seconds. Prints verifications/s.
import { createSign, generateKeyPairSync, randomUUID } from 'node:crypto';
import { JwtRsaVerifier } from 'aws-jwt-verify';

const seconds = Number(process.argv[2] ?? 3);
const issuer = 'http://127.0.0.1:4000/us-east-1_AbCdEfGhI';
const clientId = '3n4b5urk1ft4fl3mg5e62d9ado';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'bench-key', alg: 'RS256', use: 'sig' };
const b64u = (value) => Buffer.from(value).toString('base64url');
const now = Math.floor(Date.now() / 1000);
const claims = {
  sub: randomUUID(), 'cognito:username': randomUUID(), 'cognito:groups': ['ANNOTATORS'],
  email: 'annotator@example.com', email_verified: true, aud: clientId, token_use: 'id',
  auth_time: now, iss: issuer, exp: now + 3600, iat: now, jti: randomUUID(), origin_jti: randomUUID(),
};
const signingInput = `${b64u(JSON.stringify({ kid: jwk.kid, alg: 'RS256' }))}.${b64u(JSON.stringify(claims))}`;
const token = `${signingInput}.${createSign('RSA-SHA256').update(signingInput).sign(privateKey).toString('base64url')}`;

const verifier = JwtRsaVerifier.create({ issuer, audience: clientId, jwksUri: `${issuer}/.well-known/jwks.json` });
verifier.cacheJwks({ keys: [jwk] });
verifier.verifySync(token);  // Warm up, and fail loudly if the token is not accepted.

let count = 0;
const deadline = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
const started = process.hrtime.bigint();
while (process.hrtime.bigint() < deadline) {
  for (let i = 0; i < 100; i++) verifier.verifySync(token);
  count += 100;
}
const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
console.log(Math.round(count / elapsed));
