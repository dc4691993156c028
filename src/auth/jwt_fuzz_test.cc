// libFuzzer target for VerifyJwt, the parser that reads untrusted bearer
// tokens. A fixed RSA key (test-only, below) verifies the input as a token,
// once as an ID token and once as an access token. Inputs that start with '{'
// are also treated as a claims payload: signed with the fixed key and then
// verified, so the claim checks behind the signature are reached too.
// Seeds in fuzz/corpus/jwt/ are signed with this key (kid
// oyqfOSdEXdF2WAkSu7Bs_g, now = 1700000000, issuer below).
//
// Properties checked: no crash or sanitizer report; an accepted token has
// object header and claims with the expected token_use; a token we signed is
// never rejected for its signature.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "auth/jwt.h"
#include "auth/signing_keys.h"
#include "core/assert.h"
#include "core/base64.h"

namespace {

using gloss::auth::SigningKey;

// Test-only key; it protects nothing.
constexpr std::string_view kFuzzKeyPem = R"(
-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCJ+6vrhaP2cfn9
QGTO6OgorCwq6FUxrtYubzC9LznHDeA4UeXhsZGeaT+JDYRaE7u4CbyqXyoI4k+k
OTKcVSDxC+CRnnkKs1ucZ4SWRW0gZUgq9n1Aor7QJwUWMH+9mt//aeBfOcmpOxqu
kohfDKWiGbd5UJ4gbQKlBrojeVXS7cwYhkhAN59ChgEqIaPIcjVBirefIz6lj3Fb
eNoT8sfPBIm6k8dEq1yQVpxmfABZtwXVjcS6GHgS8beHrb8zZTWcRYFnyT8rNZAV
qaFPSV0EQvh3TYvmm/RaoFpvpodkx5BtXWFys4bAzZ1MTCAnAWsB7yCiw8VMbXqT
e1rlVvhrAgMBAAECggEAGhIFkRnueU1epOVqRpfF6Y1iSPcdxaXZjOtwQ4ZtPblW
8H002HhC4bHUEdKOe7B3ytV4Ip6ZZBVSY950vAnvj+ulEg5lo0pxGDOM3xGeBT1t
rcRltPUq5UxCD0e5kvr0sJ7yCDv0aLekmnBQONk8YEzImDDNt6WxFroXKEWwHAqP
85g+4vpNaeCIcTNhq2ziBGAEqv/EAAeBcoWJMFy4cv3VDYHCdrmV54xXI0a1k6iN
DKAdEcSTQPSwl4XMhXrPFdfn2lk/tzSgDV+/cHjXnuo/Dxl+hgoXGgIfOrflbpuZ
fW/obkdGwfEA3E4SR/lFnJV4CVfzhOHyI6NUTZhQtQKBgQDB2yjNNTzNFZ63CsO7
Ml+ZhrOF2bh+qFgYc0IIYkgBwn7s2r7vWkiQt2PeOL3MPQu6No9LjVg2iSpzwuRc
SV8udIf6mzn/1qdq1UHDTgtDJMpnd5seExLZlISAhDybsl26bbuMJ3qHBBLr4Ond
m3QC5up1ScptX0nURYYIxGxSFwKBgQC2N0hnTfs8mmqjKX2VlS6/ThfFE1G76QHF
LZOvE7JC+sRmXAQF2rFtrvQdJ3izEMS1z6h2zLneAD5WbELraSSqfV0BHRA2a6wm
I/40W2XF8Ky9Fwwse/+A7HnKYDNTtZ4GuisiWoRzAKOamVV9489dysJAImI3hdHp
xgPLSCIkzQKBgQCm7IAFs4HXVnaERtCjsIyBNmv/Jaqn5W12IEkLzxUR7tg8O1+N
2sABXOixwUotQ6OFhNV+yQbcbuAPLhJVJRjAd7dfI6qdkcg3RcqK0fkAp/1heqwn
CWWB1VEDGNrXdo8eqL6FwLjQ6cEhO1olaGZM2Wmp9RBJfXOlRPhVNE3RoQKBgAN0
uvfSn9A/cYRUtiAPK0rPlV3UhvlUawctXR619eyVSwJR/nWJ91GIPvMKm5xx1flI
zf4q1d+jC4uiFAbZAKwHIqtxvKv7kNFMX3bowN5nOS+A72csluUAFzNCbdbJnAyu
nUDSjK6NtYyqGdgAaR9zSAnlXQ2GiTuw2MOTQ6qFAoGAaJXrFuPfk4Y0wM04Pf41
eWu5OOd+xtW5+OpyArf8zihU0HExfaATvT21pFQLO86enVuW3F1T16zHwL5qmzpb
0dfAPgQvvy/zlM5lsGKAFN7E9aqZxybHP/DlELVzFyhp3LclDx/zDPuEfg4s1FXP
YmOUwtPpKfST0LffhcO3xaI=
-----END PRIVATE KEY-----
)";

constexpr int64_t kNow = 1'700'000'000;
constexpr std::string_view kIssuer = "https://gloss.test/us-east-1_fuzz";

const SigningKey& FuzzKey() {
  // Leaked on purpose: lives for the whole fuzzing process.
  static const SigningKey* const key = [] {
    auto result = SigningKey::FromPrivatePem(kFuzzKeyPem);
    GLOSS_CHECK(result.ok());  // The embedded PEM is valid.
    return std::move(result).value().release();
  }();
  return *key;
}

gloss::auth::VerifyOptions Options(std::string token_use) {
  gloss::auth::VerifyOptions options;
  options.now = std::chrono::system_clock::time_point(std::chrono::seconds(kNow));
  options.issuer = std::string(kIssuer);
  options.token_use = std::move(token_use);
  options.client_id = "fuzzclient";
  options.leeway = std::chrono::seconds(5);
  return options;
}

void CheckVerify(std::string_view token, const std::string& token_use, bool signed_by_us) {
  const SigningKey& key = FuzzKey();
  const gloss::auth::KeyLookup lookup = [&key](std::string_view kid) -> const SigningKey* {
    return kid == key.kid() ? &key : nullptr;
  };
  auto result = gloss::auth::VerifyJwt(token, lookup, Options(token_use));
  if (result.ok()) {
    GLOSS_CHECK(result->header.is_object() && result->claims.is_object());
    GLOSS_CHECK(result->token_use() == token_use);
    (void)result->username();
    (void)result->groups();
    (void)result->exp();
  } else {
    GLOSS_CHECK(result.status().code() == gloss::StatusCode::kUnauthenticated);
    if (signed_by_us) {
      GLOSS_CHECK(result.status().message().find("bad signature") == std::string_view::npos);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  CheckVerify(input, "id", /*signed_by_us=*/false);
  CheckVerify(input, "access", /*signed_by_us=*/false);
  if (!input.empty() && input.front() == '{' && input.size() <= 4096) {
    const SigningKey& key = FuzzKey();
    const std::string signing_input =
        gloss::Base64UrlEncode(R"({"kid":")" + key.kid() + R"(","alg":"RS256"})") + "." +
        gloss::Base64UrlEncode(input);
    auto signature = key.Sign(signing_input);
    GLOSS_CHECK(signature.ok());  // The fuzz key has its private half.
    const std::string token = signing_input + "." + gloss::Base64UrlEncode(*signature);
    CheckVerify(token, "id", /*signed_by_us=*/true);
  }
  return 0;
}
