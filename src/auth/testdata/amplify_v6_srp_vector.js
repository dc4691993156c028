// Cross-checks the vector of cognito_srp_vector.js with Amplify JS v6's own SRP code
// (@aws-amplify/auth 6.21.1, the client Amplify Gen2 apps use).
// Usage: npm install @aws-amplify/auth@6 aws-amplify@6 (in this script's directory), then
//   node amplify_v6_srp_vector.js <B hex printed by cognito_srp_vector.js>
// Prints the start of A, the HKDF key and PASSWORD_CLAIM_SIGNATURE; they equal the
// amazon-cognito-identity-js values hard-coded in srp_test.cc.
const base = __dirname + '/node_modules/@aws-amplify/auth/dist/cjs/providers/cognito/utils/srp/';
const { AuthenticationHelper } = require(base + 'AuthenticationHelper');
const { BigInteger } = require(base + 'BigInteger');
const { calculateA } = require(base + 'calculate');
const { INIT_N } = require(base + 'constants');
const { getSignatureString } = require(base + 'getSignatureString');
(async () => {
  const N = new BigInteger(INIT_N, 16), g = new BigInteger('2', 16);
  const a = new BigInteger('1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809', 16);
  const A = await calculateA({ a, g, N });
  const h = new AuthenticationHelper({ userPoolName: 'AbCdEfGhI', a, g, A, N });
  const B = new BigInteger(process.argv[2], 16);
  const username = '8f3c9a1e-0b5d-4c7e-9f21-6a4d2b8e7c10';
  const hkdf = await h.getPasswordAuthenticationKey({ username, password: 'Correct-Horse-9!',
      serverBValue: B, salt: new BigInteger('f0e1d2c3b4a5968778695a4b3c2d1e0f', 16) });
  const sig = getSignatureString({ userPoolName: 'AbCdEfGhI', username,
      challengeParameters: { SECRET_BLOCK: 'b3BhcXVlIHNlY3JldCBibG9jayAwMTIzNDU2Nzg5' },
      dateNow: 'Tue Nov 3 09:07:05 UTC 2026', hkdf });
  console.log(A.toString(16).slice(0, 16), Buffer.from(hkdf).toString('hex'), sig);
})();
