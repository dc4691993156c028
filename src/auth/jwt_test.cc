#include "auth/jwt.h"

#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "auth/signing_keys.h"
#include "core/base64.h"
#include "test/support/status_matchers.h"

namespace gloss::auth {
namespace {

using ::gloss::testing::StatusIs;
using std::chrono::seconds;
using ::testing::ElementsAre;

constexpr std::string_view kIssuer = "http://localhost:4566/us-east-1_gloss";
constexpr std::string_view kClientId = "client123";
constexpr int64_t kNow = 1'700'000'000;

class JwtTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Result<SigningKeyPtr> key = SigningKey::Generate();
    Result<SigningKeyPtr> other = SigningKey::Generate();
    ASSERT_OK(key);
    ASSERT_OK(other);
    key_ = std::move(key).value().release();
    other_key_ = std::move(other).value().release();
  }
  static void TearDownTestSuite() {
    delete key_;
    delete other_key_;
    key_ = other_key_ = nullptr;
  }

  static std::chrono::system_clock::time_point At(int64_t epoch_seconds) {
    return std::chrono::system_clock::time_point(seconds(epoch_seconds));
  }

  static nlohmann::json IdClaims() {
    return {
        {"sub", "5f1c2e3a-0000-4000-8000-000000000001"},
        {"email", "ada@example.com"},
        {"email_verified", true},
        {"cognito:username", "ada"},
        {"cognito:groups", {"admins", "editors"}},
        {"aud", kClientId},
        {"token_use", "id"},
        {"auth_time", kNow - 10},
        {"iss", kIssuer},
        {"exp", kNow + 3600},
        {"iat", kNow - 10},
        {"jti", "j1"},
        {"origin_jti", "o1"},
    };
  }

  static nlohmann::json AccessClaims() {
    return {
        {"sub", "5f1c2e3a-0000-4000-8000-000000000001"},
        {"client_id", kClientId},
        {"scope", "aws.cognito.signin.user.admin"},
        {"cognito:groups", {"admins"}},
        {"token_use", "access"},
        {"username", "ada"},
        {"auth_time", kNow - 10},
        {"iss", kIssuer},
        {"exp", kNow + 3600},
        {"iat", kNow - 10},
        {"jti", "j2"},
        {"origin_jti", "o1"},
    };
  }

  static VerifyOptions Options(std::string token_use = "id") {
    VerifyOptions options;
    options.now = At(kNow);
    options.issuer = std::string(kIssuer);
    options.token_use = std::move(token_use);
    options.client_id = std::string(kClientId);
    return options;
  }

  // Looks up key_ by its kid only.
  static KeyLookup Lookup() {
    return [](std::string_view kid) -> const SigningKey* {
      return kid == key_->kid() ? key_ : nullptr;
    };
  }

  // header.payload.signature from raw JSON texts, signed by `signer`.
  static std::string Assemble(std::string_view header, std::string_view payload,
                              const SigningKey& signer) {
    const std::string input = Base64UrlEncode(header) + "." + Base64UrlEncode(payload);
    Result<std::string> signature = signer.Sign(input);
    GLOSS_CHECK(signature.ok());  // Test keys always have a private half.
    return input + "." + Base64UrlEncode(*signature);
  }

  std::string KeyHeader() const { return R"({"kid":")" + key_->kid() + R"(","alg":"RS256"})"; }

  Status VerifyStatus(std::string_view token, const VerifyOptions& options) const {
    return VerifyJwt(token, Lookup(), options).status();
  }

  static SigningKey* key_;
  static SigningKey* other_key_;
};

SigningKey* JwtTest::key_ = nullptr;
SigningKey* JwtTest::other_key_ = nullptr;

TEST_F(JwtTest, SignJwtWritesCognitoHeader) {
  ASSERT_OK_AND_ASSIGN(std::string token, SignJwt(*key_, IdClaims()));
  const std::string header_segment = token.substr(0, token.find('.'));
  ASSERT_OK_AND_ASSIGN(std::string header, Base64UrlDecode(header_segment));
  EXPECT_EQ(header, KeyHeader());
}

TEST_F(JwtTest, IdTokenRoundTripsWithAccessors) {
  ASSERT_OK_AND_ASSIGN(std::string token, SignJwt(*key_, IdClaims()));
  ASSERT_OK_AND_ASSIGN(VerifiedJwt jwt, VerifyJwt(token, Lookup(), Options()));
  EXPECT_EQ(jwt.claims, IdClaims());
  EXPECT_EQ(jwt.header["kid"], key_->kid());
  EXPECT_EQ(jwt.sub(), "5f1c2e3a-0000-4000-8000-000000000001");
  EXPECT_EQ(jwt.username(), "ada");
  EXPECT_THAT(jwt.groups(), ElementsAre("admins", "editors"));
  EXPECT_EQ(jwt.token_use(), "id");
  EXPECT_EQ(jwt.client_id(), kClientId);
  EXPECT_EQ(jwt.exp(), At(kNow + 3600));
}

TEST_F(JwtTest, AccessTokenRoundTripsWithAccessors) {
  ASSERT_OK_AND_ASSIGN(std::string token, SignJwt(*key_, AccessClaims()));
  ASSERT_OK_AND_ASSIGN(VerifiedJwt jwt, VerifyJwt(token, Lookup(), Options("access")));
  EXPECT_EQ(jwt.username(), "ada");
  EXPECT_THAT(jwt.groups(), ElementsAre("admins"));
  EXPECT_EQ(jwt.token_use(), "access");
  EXPECT_EQ(jwt.client_id(), kClientId);
}

TEST_F(JwtTest, EmptyTokenUseAcceptsIdAndAccessTokensWithTheirClientClaims) {
  ASSERT_OK_AND_ASSIGN(const std::string id_token, SignJwt(*key_, IdClaims()));
  ASSERT_OK_AND_ASSIGN(const std::string access_token, SignJwt(*key_, AccessClaims()));
  EXPECT_OK(VerifyStatus(id_token, Options("")));
  EXPECT_OK(VerifyStatus(access_token, Options("")));
  nlohmann::json refresh = AccessClaims();
  refresh["token_use"] = "refresh";
  ASSERT_OK_AND_ASSIGN(const std::string other_use, SignJwt(*key_, refresh));
  EXPECT_THAT(VerifyStatus(other_use, Options("")), StatusIs(StatusCode::kUnauthenticated));
  nlohmann::json wrong_client = AccessClaims();
  wrong_client["client_id"] = "other";
  ASSERT_OK_AND_ASSIGN(const std::string foreign, SignJwt(*key_, wrong_client));
  EXPECT_THAT(VerifyStatus(foreign, Options("")), StatusIs(StatusCode::kUnauthenticated));
}

TEST_F(JwtTest, ClientIdCheckIsOptionalAndAcceptsAudienceArrays) {
  nlohmann::json claims = IdClaims();
  claims["aud"] = {"other", kClientId};
  ASSERT_OK_AND_ASSIGN(std::string token, SignJwt(*key_, claims));
  EXPECT_OK(VerifyStatus(token, Options()));
  claims["aud"] = "other";
  ASSERT_OK_AND_ASSIGN(token, SignJwt(*key_, claims));
  VerifyOptions options = Options();
  options.client_id.reset();
  EXPECT_OK(VerifyStatus(token, options));
}

TEST_F(JwtTest, TokenVerifiesWithKeyRebuiltFromJwks) {
  const std::vector<const SigningKey*> keys = {other_key_, key_};
  const nlohmann::json jwks = nlohmann::json::parse(Jwks(keys).dump());
  std::vector<SigningKeyPtr> rebuilt;
  for (const nlohmann::json& jwk : jwks["keys"]) {
    ASSERT_OK_AND_ASSIGN(SigningKeyPtr key, SigningKey::FromJwk(jwk));
    rebuilt.push_back(std::move(key));
  }
  const KeyLookup lookup = [&rebuilt](std::string_view kid) -> const SigningKey* {
    for (const SigningKeyPtr& key : rebuilt) {
      if (key->kid() == kid) {
        return key.get();
      }
    }
    return nullptr;
  };
  ASSERT_OK_AND_ASSIGN(std::string token, SignJwt(*key_, IdClaims()));
  EXPECT_OK(VerifyJwt(token, lookup, Options()));
}

TEST_F(JwtTest, SignJwtRejectsNonObjectClaimsAndInvalidUtf8) {
  EXPECT_THAT(SignJwt(*key_, nlohmann::json::array()), StatusIs(StatusCode::kInvalidArgument));
  nlohmann::json claims = IdClaims();
  claims["email"] = std::string("\xff\xfe");
  EXPECT_THAT(SignJwt(*key_, claims), StatusIs(StatusCode::kInvalidArgument));
}

TEST_F(JwtTest, RejectsOversizedTokenBeforeParsing) {
  nlohmann::json claims = IdClaims();
  claims["padding"] = std::string(kMaxJwtBytes, 'x');
  ASSERT_OK_AND_ASSIGN(std::string token, SignJwt(*key_, claims));
  EXPECT_THAT(VerifyStatus(token, Options()), StatusIs(StatusCode::kUnauthenticated));
  EXPECT_THAT(VerifyStatus(std::string(kMaxJwtBytes + 1, '.'), Options()),
              StatusIs(StatusCode::kUnauthenticated));
}

TEST_F(JwtTest, RejectsGarbage) {
  for (const std::string& garbage :
       {std::string(), std::string("."), std::string(".."), std::string("..."), std::string("a.b"),
        std::string("a.b.c"), std::string("a.b.c.d"), std::string("eyJ.eyJ.eyJ"),
        std::string("\0.\0.\0", 5), std::string("Zg==.Zg.Zg"),
        Base64UrlEncode("{") + ".." + Base64UrlEncode("x"),
        Base64UrlEncode("[1]") + ".." + Base64UrlEncode("x"),
        Base64UrlEncode("\"RS256\"") + ".." + Base64UrlEncode("x"),
        Base64UrlEncode(R"({"alg":5})") + ".."}) {
    EXPECT_THAT(VerifyStatus(garbage, Options()), StatusIs(StatusCode::kUnauthenticated))
        << garbage;
  }
}

TEST_F(JwtTest, RejectsAlgNone) {
  const std::string header = R"({"kid":")" + key_->kid() + R"(","alg":"none"})";
  const std::string token =
      Base64UrlEncode(header) + "." + Base64UrlEncode(IdClaims().dump()) + ".";
  EXPECT_THAT(VerifyStatus(token, Options()), StatusIs(StatusCode::kUnauthenticated));
}

TEST_F(JwtTest, RejectsHs256KeyedWithThePublicKey) {
  const std::string header = R"({"kid":")" + key_->kid() + R"(","alg":"HS256"})";
  const std::string input = Base64UrlEncode(header) + "." + Base64UrlEncode(IdClaims().dump());
  const std::string secret = key_->PublicPem();
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_length = 0;
  ASSERT_NE(
      HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
           reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &mac_length),
      nullptr);
  const std::string token =
      input + "." + Base64UrlEncode(std::string(reinterpret_cast<char*>(mac), mac_length));
  EXPECT_THAT(VerifyStatus(token, Options()), StatusIs(StatusCode::kUnauthenticated));
}

TEST_F(JwtTest, RejectsMissingOrUnknownKid) {
  const std::string payload = IdClaims().dump();
  EXPECT_THAT(VerifyStatus(Assemble(R"({"alg":"RS256"})", payload, *key_), Options()),
              StatusIs(StatusCode::kUnauthenticated));
  EXPECT_THAT(VerifyStatus(Assemble(R"({"kid":7,"alg":"RS256"})", payload, *key_), Options()),
              StatusIs(StatusCode::kUnauthenticated));
  ASSERT_OK_AND_ASSIGN(std::string token, SignJwt(*other_key_, IdClaims()));
  EXPECT_THAT(VerifyStatus(token, Options()), StatusIs(StatusCode::kUnauthenticated));
  EXPECT_THAT(VerifyJwt(token, KeyLookup(), Options()), StatusIs(StatusCode::kUnauthenticated));
}

TEST_F(JwtTest, RejectsSignatureByAnotherKeyUnderTheSameKid) {
  const std::string token = Assemble(KeyHeader(), IdClaims().dump(), *other_key_);
  EXPECT_THAT(VerifyStatus(token, Options()), StatusIs(StatusCode::kUnauthenticated));
}

TEST_F(JwtTest, RejectsTamperedPayloadHeaderOrSignature) {
  ASSERT_OK_AND_ASSIGN(const std::string token, SignJwt(*key_, IdClaims()));
  const size_t first_dot = token.find('.');
  const size_t second_dot = token.find('.', first_dot + 1);

  std::string flipped_payload = token;
  char& payload_char = flipped_payload[first_dot + 5];
  payload_char = payload_char == 'A' ? 'B' : 'A';
  EXPECT_THAT(VerifyStatus(flipped_payload, Options()), StatusIs(StatusCode::kUnauthenticated));

  nlohmann::json claims = IdClaims();
  claims["cognito:groups"] = {"admins", "root"};
  const std::string swapped_payload =
      token.substr(0, first_dot) + "." + Base64UrlEncode(claims.dump()) + token.substr(second_dot);
  EXPECT_THAT(VerifyStatus(swapped_payload, Options()), StatusIs(StatusCode::kUnauthenticated));

  const std::string header = R"({"kid":")" + key_->kid() + R"(","alg":"RS256","typ":"JWT"})";
  const std::string swapped_header = Base64UrlEncode(header) + token.substr(first_dot);
  EXPECT_THAT(VerifyStatus(swapped_header, Options()), StatusIs(StatusCode::kUnauthenticated));

  std::string flipped_signature = token;
  char& signature_char = flipped_signature[second_dot + 10];
  signature_char = signature_char == 'A' ? 'B' : 'A';
  EXPECT_THAT(VerifyStatus(flipped_signature, Options()), StatusIs(StatusCode::kUnauthenticated));
  EXPECT_THAT(VerifyStatus(token.substr(0, second_dot + 1), Options()),
              StatusIs(StatusCode::kUnauthenticated));
}

TEST_F(JwtTest, RejectsSignedPayloadThatIsNotAJsonObject) {
  for (std::string_view payload : {"not json", "[1,2]", "{\"exp\":", "null"}) {
    EXPECT_THAT(VerifyStatus(Assemble(KeyHeader(), payload, *key_), Options()),
                StatusIs(StatusCode::kUnauthenticated))
        << payload;
  }
}

TEST_F(JwtTest, RejectsCriticalHeaderExtensions) {
  const std::string header =
      R"({"kid":")" + key_->kid() + R"(","alg":"RS256","crit":["exp"],"exp":1})";
  EXPECT_THAT(VerifyStatus(Assemble(header, IdClaims().dump(), *key_), Options()),
              StatusIs(StatusCode::kUnauthenticated));
}

TEST_F(JwtTest, ExpiryHonoursLeeway) {
  nlohmann::json claims = IdClaims();
  claims["exp"] = kNow - 1;
  ASSERT_OK_AND_ASSIGN(std::string token, SignJwt(*key_, claims));
  EXPECT_THAT(VerifyStatus(token, Options()), StatusIs(StatusCode::kUnauthenticated));
  VerifyOptions options = Options();
  options.leeway = seconds(5);
  EXPECT_OK(VerifyStatus(token, options));

  claims["exp"] = kNow;  // exp is exclusive: valid strictly before it.
  ASSERT_OK_AND_ASSIGN(token, SignJwt(*key_, claims));
  EXPECT_THAT(VerifyStatus(token, Options()), StatusIs(StatusCode::kUnauthenticated));
}

TEST_F(JwtTest, RejectsMissingOrMalformedExp) {
  for (const nlohmann::json& exp : {nlohmann::json(), nlohmann::json("2030-01-01"),
                                    nlohmann::json(1e300), nlohmann::json(true)}) {
    nlohmann::json claims = IdClaims();
    if (exp.is_null()) {
      claims.erase("exp");
    } else {
      claims["exp"] = exp;
    }
    ASSERT_OK_AND_ASSIGN(std::string token, SignJwt(*key_, claims));
    EXPECT_THAT(VerifyStatus(token, Options()), StatusIs(StatusCode::kUnauthenticated)) << exp;
  }
}

TEST_F(JwtTest, RejectsFutureIatAndNbfBeyondLeeway) {
  VerifyOptions lenient = Options();
  lenient.leeway = seconds(5);
  for (const char* name : {"iat", "nbf"}) {
    nlohmann::json claims = IdClaims();
    claims[name] = kNow + 3;
    ASSERT_OK_AND_ASSIGN(std::string token, SignJwt(*key_, claims));
    EXPECT_THAT(VerifyStatus(token, Options()), StatusIs(StatusCode::kUnauthenticated)) << name;
    EXPECT_OK(VerifyStatus(token, lenient));
    claims[name] = "soon";
    ASSERT_OK_AND_ASSIGN(token, SignJwt(*key_, claims));
    EXPECT_THAT(VerifyStatus(token, lenient), StatusIs(StatusCode::kUnauthenticated)) << name;
  }
}

TEST_F(JwtTest, RejectsWrongIssuerTokenUseOrClientId) {
  ASSERT_OK_AND_ASSIGN(std::string id_token, SignJwt(*key_, IdClaims()));
  ASSERT_OK_AND_ASSIGN(std::string access_token, SignJwt(*key_, AccessClaims()));

  VerifyOptions options = Options();
  options.issuer = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_other";
  EXPECT_THAT(VerifyStatus(id_token, options), StatusIs(StatusCode::kUnauthenticated));

  EXPECT_THAT(VerifyStatus(access_token, Options("id")), StatusIs(StatusCode::kUnauthenticated));
  EXPECT_THAT(VerifyStatus(id_token, Options("access")), StatusIs(StatusCode::kUnauthenticated));

  options = Options();
  options.client_id = "another-client";
  EXPECT_THAT(VerifyStatus(id_token, options), StatusIs(StatusCode::kUnauthenticated));
  options.token_use = "access";
  EXPECT_THAT(VerifyStatus(access_token, options), StatusIs(StatusCode::kUnauthenticated));
}

TEST_F(JwtTest, EachRejectionHasItsOwnMessage) {
  auto claims_with = [](const char* name, nlohmann::json value) {
    nlohmann::json claims = IdClaims();
    claims[name] = std::move(value);
    return claims.dump();
  };
  const std::string payload = IdClaims().dump();
  const std::string good = Assemble(KeyHeader(), payload, *key_);
  const std::vector<std::string> tokens = {
      std::string(kMaxJwtBytes + 1, 'a'),
      "a.b",
      "!.b.c",
      Base64UrlEncode("[]") + ".b.c",
      Base64UrlEncode(R"({"alg":"none"})") + ".b.c",
      Base64UrlEncode(R"({"alg":"RS256","crit":[]})") + ".b.c",
      Base64UrlEncode(R"({"alg":"RS256"})") + ".b.c",
      Base64UrlEncode(R"({"alg":"RS256","kid":"nope"})") + ".b.c",
      good.substr(0, good.rfind('.')) + ".!",
      good.substr(0, good.rfind('.')) + ".AAAA",
      Assemble(KeyHeader(), "[]", *key_),
      Assemble(KeyHeader(), claims_with("iss", "x"), *key_),
      Assemble(KeyHeader(), claims_with("token_use", "access"), *key_),
      Assemble(KeyHeader(), claims_with("aud", "x"), *key_),
      Assemble(KeyHeader(), claims_with("exp", "x"), *key_),
      Assemble(KeyHeader(), claims_with("exp", kNow - 1), *key_),
      Assemble(KeyHeader(), claims_with("nbf", kNow + 60), *key_),
      Assemble(KeyHeader(), claims_with("iat", kNow + 60), *key_),
  };
  std::set<std::string> messages;
  for (const std::string& token : tokens) {
    const Status status = VerifyStatus(token, Options());
    EXPECT_THAT(status, StatusIs(StatusCode::kUnauthenticated)) << token;
    messages.insert(std::string(status.message()));
  }
  EXPECT_EQ(messages.size(), tokens.size());
}

TokenClaimsInput SignIn() {
  TokenClaimsInput input;
  input.issuer = std::string(kIssuer);
  input.client_id = std::string(kClientId);
  input.sub = "5f1c2e3a-0000-4000-8000-000000000001";
  input.username = "ada";
  input.groups = {"admins"};
  input.auth_time = std::chrono::system_clock::time_point(seconds(kNow - 10));
  input.issued_at = std::chrono::system_clock::time_point(seconds(kNow));
  input.validity = seconds(3600);
  input.jti = "jti-1";
  input.origin_jti = "origin-1";
  return input;
}

TEST(TokenClaimsTest, IdTokenClaimsHaveCognitoShape) {
  const nlohmann::json attributes = {{"email", "ada@example.com"},
                                     {"email_verified", true},
                                     {"sub", "spoofed"},
                                     {"token_use", "access"},
                                     {"custom:team", "red"}};
  const nlohmann::json claims = IdTokenClaims(SignIn(), attributes);
  const nlohmann::json expected = {
      {"sub", "5f1c2e3a-0000-4000-8000-000000000001"},
      {"email", "ada@example.com"},
      {"email_verified", true},
      {"custom:team", "red"},
      {"cognito:username", "ada"},
      {"cognito:groups", {"admins"}},
      {"aud", kClientId},
      {"token_use", "id"},
      {"auth_time", kNow - 10},
      {"iss", kIssuer},
      {"iat", kNow},
      {"exp", kNow + 3600},
      {"jti", "jti-1"},
      {"origin_jti", "origin-1"},
  };
  EXPECT_EQ(claims, expected);
}

TEST(TokenClaimsTest, AccessTokenClaimsHaveCognitoShape) {
  TokenClaimsInput input = SignIn();
  input.event_id = "event-1";
  const nlohmann::json expected = {
      {"sub", "5f1c2e3a-0000-4000-8000-000000000001"},
      {"client_id", kClientId},
      {"scope", "aws.cognito.signin.user.admin"},
      {"cognito:groups", {"admins"}},
      {"token_use", "access"},
      {"username", "ada"},
      {"auth_time", kNow - 10},
      {"iss", kIssuer},
      {"iat", kNow},
      {"exp", kNow + 3600},
      {"jti", "jti-1"},
      {"origin_jti", "origin-1"},
      {"event_id", "event-1"},
      {"version", 2},
  };
  EXPECT_EQ(AccessTokenClaims(input), expected);
}

TEST(TokenClaimsTest, GroupsAreOmittedWhenEmpty) {
  TokenClaimsInput input = SignIn();
  input.groups.clear();
  EXPECT_FALSE(IdTokenClaims(input, {{"cognito:groups", {"forged"}}}).contains("cognito:groups"));
  EXPECT_FALSE(AccessTokenClaims(input).contains("cognito:groups"));
}

TEST_F(JwtTest, BuiltTokensVerifyWithTheirTokenUse) {
  ASSERT_OK_AND_ASSIGN(std::string id_token, SignJwt(*key_, IdTokenClaims(SignIn())));
  ASSERT_OK_AND_ASSIGN(VerifiedJwt id, VerifyJwt(id_token, Lookup(), Options("id")));
  EXPECT_EQ(id.username(), "ada");
  ASSERT_OK_AND_ASSIGN(std::string access_token, SignJwt(*key_, AccessTokenClaims(SignIn())));
  ASSERT_OK_AND_ASSIGN(VerifiedJwt access, VerifyJwt(access_token, Lookup(), Options("access")));
  EXPECT_EQ(access.username(), "ada");
  EXPECT_THAT(access.groups(), ElementsAre("admins"));
}

// RFC 7515 Appendix A.2: the RS256 example JWS and the public half (n, e) of
// the key printed in A.2.1.
TEST(JwsTestVector, Rfc7515AppendixA2VerifiesWithPublishedKey) {
  const nlohmann::json jwk = {
      {"kty", "RSA"},
      {"n",
       "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddx"
       "HmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMs"
       "D1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSH"
       "SXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdV"
       "MTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8"
       "NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ"},
      {"e", "AQAB"},
  };
  const std::string signing_input =
      "eyJhbGciOiJSUzI1NiJ9"
      "."
      "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFt"
      "cGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
  const std::string signature_text =
      "cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7"
      "AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4"
      "BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K"
      "0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqv"
      "hJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrB"
      "p0igcN_IoypGlUPQGe77Rw";
  ASSERT_OK_AND_ASSIGN(SigningKeyPtr key, SigningKey::FromJwk(jwk));
  ASSERT_OK_AND_ASSIGN(std::string signature, Base64UrlDecode(signature_text));
  EXPECT_TRUE(key->Verify(signing_input, signature));
  EXPECT_FALSE(key->Verify(signing_input + "x", signature));

  // The payload is the A.1 claims set, with its CRLFs.
  ASSERT_OK_AND_ASSIGN(std::string payload,
                       Base64UrlDecode(signing_input.substr(signing_input.find('.') + 1)));
  EXPECT_EQ(payload,
            "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n"
            " \"http://example.com/is_root\":true}");
}

}  // namespace
}  // namespace gloss::auth
