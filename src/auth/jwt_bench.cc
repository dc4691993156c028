// Token signing and verification throughput (RS256, 2048-bit key), for
// bench/jwt_verify.sh, which runs the npm peer `aws-jwt-verify` beside it.
#include <chrono>
#include <string>

#include <benchmark/benchmark.h>

#include "auth/jwt.h"
#include "auth/signing_keys.h"
#include "core/assert.h"

namespace gloss::auth {
namespace {

constexpr const char* kIssuer = "http://127.0.0.1:4000/us-east-1_AbCdEfGhI";
constexpr const char* kClientId = "3n4b5urk1ft4fl3mg5e62d9ado";

struct Fixture {
  SigningKeyPtr key;
  nlohmann::json claims;
  std::string token;
};

Fixture MakeFixture() {
  Fixture fixture;
  Result<SigningKeyPtr> key = SigningKey::Generate();
  GLOSS_CHECK(key.ok());  // Key generation only fails without OpenSSL's RNG.
  fixture.key = std::move(key).value();
  TokenClaimsInput input;
  input.issuer = kIssuer;
  input.client_id = kClientId;
  input.sub = "8f1c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b";
  input.username = input.sub;
  input.groups = {"ANNOTATORS"};
  input.auth_time = input.issued_at = std::chrono::system_clock::now();
  input.jti = "d6c7b8a9-0e1f-4a2b-9c3d-4e5f6a7b8c9d";
  input.origin_jti = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d";
  fixture.claims =
      IdTokenClaims(input, {{"email", "annotator@example.com"}, {"email_verified", true}});
  Result<std::string> token = SignJwt(*fixture.key, fixture.claims);
  GLOSS_CHECK(token.ok());  // The claims above are a valid object.
  fixture.token = std::move(token).value();
  return fixture;
}

const Fixture& GetFixture() {
  static const Fixture fixture = MakeFixture();
  return fixture;
}

void BM_VerifyIdToken(benchmark::State& state) {
  const Fixture& fixture = GetFixture();
  const SigningKey* key = fixture.key.get();
  const KeyLookup lookup = [key](std::string_view kid) {
    return kid == key->kid() ? key : nullptr;
  };
  VerifyOptions options;
  options.now = std::chrono::system_clock::now();
  options.issuer = kIssuer;
  options.token_use = "id";
  options.client_id = kClientId;
  for (auto _ : state) {
    Result<VerifiedJwt> verified = VerifyJwt(fixture.token, lookup, options);
    GLOSS_CHECK(verified.ok());  // The fixture token is valid for an hour.
    benchmark::DoNotOptimize(verified);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_VerifyIdToken);

void BM_SignIdToken(benchmark::State& state) {
  const Fixture& fixture = GetFixture();
  for (auto _ : state) {
    Result<std::string> token = SignJwt(*fixture.key, fixture.claims);
    benchmark::DoNotOptimize(token);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SignIdToken);

}  // namespace
}  // namespace gloss::auth

BENCHMARK_MAIN();
