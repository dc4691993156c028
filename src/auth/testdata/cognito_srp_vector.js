// Prints a Cognito USER_SRP_AUTH test vector computed by amazon-cognito-identity-js.
// Usage: npm install amazon-cognito-identity-js && node cognito_srp_vector.js
// The client's random `a` is replaced by a fixed value; B is built from a fixed b
// with the library's own BigInteger so that our server can reproduce it.
const AuthenticationHelper = require('amazon-cognito-identity-js/lib/AuthenticationHelper').default;
const BigInteger = require('amazon-cognito-identity-js/lib/BigInteger').default;
const { Sha256 } = require('@aws-crypto/sha256-js');

const poolShort = 'AbCdEfGhI';                    // from pool id "us-east-1_AbCdEfGhI"
const username = '8f3c9a1e-0b5d-4c7e-9f21-6a4d2b8e7c10';  // USER_ID_FOR_SRP
const password = 'Correct-Horse-9!';
const saltHex = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';  // high bit set: exercises padHex
const aHex = '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809';
const bHex = '9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0';
const secretBlockB64 = Buffer.from('opaque secret block 0123456789').toString('base64');
const timestamp = 'Tue Nov 3 09:07:05 UTC 2026';

const helper = new AuthenticationHelper(poolShort);
helper.smallAValue = new BigInteger(aHex, 16);
helper.largeAValue = undefined;
helper.getLargeAValue(() => {});

// Server side with the library's arithmetic: x, v = g^x, B = k*v + g^b.
const salt = new BigInteger(saltHex, 16);
const upHash = helper.hash(`${poolShort}${username}:${password}`);
const x = new BigInteger(helper.hexHash(helper.padHex(salt) + upHash), 16);
let v, gb;
helper.g.modPow(x, helper.N, (e, r) => { v = r; });
helper.g.modPow(new BigInteger(bHex, 16), helper.N, (e, r) => { gb = r; });
const B = helper.k.multiply(v).add(gb).mod(helper.N);

helper.getPasswordAuthenticationKey(username, password, B, salt, (err, hkdf) => {
  if (err) throw err;
  const msg = Buffer.concat([
    Buffer.from(poolShort, 'utf8'), Buffer.from(username, 'utf8'),
    Buffer.from(secretBlockB64, 'base64'), Buffer.from(timestamp, 'utf8')]);
  const h = new Sha256(hkdf);
  h.update(msg);
  const sig = Buffer.from(h.digestSync()).toString('base64');
  console.log(JSON.stringify({
    k: helper.k.toString(16), v: v.toString(16), A: helper.largeAValue.toString(16),
    B: B.toString(16), u: helper.UValue.toString(16),
    key: Buffer.from(hkdf).toString('hex'), secret_block: secretBlockB64, signature: sig,
  }, null, 1));
});
