#include "auth/srp.h"

#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include "test/support/status_matchers.h"

namespace gloss::auth {
namespace {

using ::gloss::testing::StatusIs;

// Hex (spaces allowed) to big-endian bytes.
std::string Bytes(std::string_view hex) {
  std::string digits;
  for (char c : hex) {
    if (c != ' ' && c != '\n') {
      digits.push_back(c);
    }
  }
  std::string out;
  for (size_t i = 0; i + 1 < digits.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(digits.substr(i, 2), nullptr, 16)));
  }
  return out;
}

// Lowercase hex without leading zero bytes, for comparing numbers.
std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  size_t start = 0;
  while (start < bytes.size() && bytes[start] == '\0') {
    ++start;
  }
  std::string out;
  for (char c : bytes.substr(start)) {
    out.push_back(kDigits[static_cast<unsigned char>(c) >> 4]);
    out.push_back(kDigits[static_cast<unsigned char>(c) & 0xf]);
  }
  return out;
}

std::string Norm(std::string_view hex) { return Hex(Bytes(hex)); }

// RFC 5054 Appendix B. Values copied from the RFC as quoted in public SRP
// test suites (e.g. Go and TypeScript SRP libraries' rfc5054 tests).
constexpr std::string_view kRfcSalt = "BEB25379 D1A8581E B5A72767 3A2441EE";
constexpr std::string_view kRfcK = "7556AA04 5AEF2CDD 07ABAF0F 665C3E81 8913186F";
constexpr std::string_view kRfcX = "94B7555A ABE9127C C58CCF49 93DB6CF8 4D16C124";
constexpr std::string_view kRfcV =
    "7E273DE8 696FFC4F 4E337D05 B4B375BE B0DDE156 9E8FA00A 9886D812"
    "9BADA1F1 822223CA 1A605B53 0E379BA4 729FDC59 F105B478 7E5186F5"
    "C671085A 1447B52A 48CF1970 B4FB6F84 00BBF4CE BFBB1681 52E08AB5"
    "EA53D15C 1AFF87B2 B9DA6E04 E058AD51 CC72BFC9 033B564E 26480D78"
    "E955A5E2 9E7AB245 DB2BE315 E2099AFB";
constexpr std::string_view kRfcSmallA =
    "60975527 035CF2AD 1989806F 0407210B C81EDC04 E2762A56 AFD529DD DA2D4393";
constexpr std::string_view kRfcSmallB =
    "E487CB59 D31AC550 471E81F0 0F6928E0 1DDA08E9 74A004F4 9E61F5D1 05284D20";
constexpr std::string_view kRfcA =
    "61D5E490 F6F1B795 47B0704C 436F523D D0E560F0 C64115BB 72557EC4"
    "4352E890 3211C046 92272D8B 2D1A5358 A2CF1B6E 0BFCF99F 921530EC"
    "8E393561 79EAE45E 42BA92AE ACED8251 71E1E8B9 AF6D9C03 E1327F44"
    "BE087EF0 6530E69F 66615261 EEF54073 CA11CF58 58F0EDFD FE15EFEA"
    "B349EF5D 76988A36 72FAC47B 0769447B";
constexpr std::string_view kRfcB =
    "BD0C6151 2C692C0C B6D041FA 01BB152D 4916A1E7 7AF46AE1 05393011"
    "BAF38964 DC46A067 0DD125B9 5A981652 236F99D9 B681CBF8 7837EC99"
    "6C6DA044 53728610 D0C6DDB5 8B318885 D7D82C7F 8DEB75CE 7BD4FBAA"
    "37089E6F 9C6059F3 88838E7A 00030B33 1EB76840 910440B1 B27AAEAE"
    "EB4012B7 D7665238 A8E3FB00 4B117B58";
constexpr std::string_view kRfcU = "CE38B959 3487DA98 554ED47D 70A7AE5F 462EF019";
constexpr std::string_view kRfcPremaster =
    "B0DC82BA BCF30674 AE450C02 87745E79 90A3381F 63B387AA F271A10D"
    "233861E3 59B48220 F7C4693C 9AE12B0A 6F67809F 0876E2D0 13800D6C"
    "41BB59B6 D5979B5C 00A172B4 A2A5903A 0BDCAF8A 709585EB 2AFAFA8F"
    "3499B200 210DCC1F 10EB3394 3CD67FC8 8A2F39A4 BE5BEC4E C0A3212D"
    "C346D7E4 74B29EDE 8A469FFE CA686E5A";

TEST(SrpMathTest, MatchesRfc5054AppendixBVectors) {
  ASSERT_OK_AND_ASSIGN(SrpMath math, SrpMath::Create(Rfc5054Group1024()));
  EXPECT_EQ(Hex(math.K()), Norm(kRfcK));
  const std::string x = math.X(Bytes(kRfcSalt), "alice:password123");
  EXPECT_EQ(Hex(x), Norm(kRfcX));
  const std::string v = math.Verifier(x);
  EXPECT_EQ(Hex(v), Norm(kRfcV));
  const std::string a_pub = math.ClientPublic(Bytes(kRfcSmallA));
  EXPECT_EQ(Hex(a_pub), Norm(kRfcA));
  const std::string b_pub = math.ServerPublic(Bytes(kRfcSmallB), v);
  EXPECT_EQ(Hex(b_pub), Norm(kRfcB));
  const std::string u = math.U(a_pub, b_pub);
  EXPECT_EQ(Hex(u), Norm(kRfcU));
  ASSERT_OK_AND_ASSIGN(std::string server_s, math.ServerPremaster(Bytes(kRfcSmallB), v, u, a_pub));
  EXPECT_EQ(Hex(server_s), Norm(kRfcPremaster));
  ASSERT_OK_AND_ASSIGN(std::string client_s, math.ClientPremaster(Bytes(kRfcSmallA), x, u, b_pub));
  EXPECT_EQ(Hex(client_s), Norm(kRfcPremaster));
}

TEST(SrpMathTest, CognitoPaddingAddsZeroByteOnlyWhenHighBitSet) {
  ASSERT_OK_AND_ASSIGN(SrpMath math, SrpMath::Create(CognitoSrpGroup()));
  EXPECT_EQ(Hex(math.Pad(Bytes("7f"))), "7f");
  EXPECT_EQ(math.Pad(Bytes("80")), std::string("\x00\x80", 2));
  EXPECT_EQ(math.Pad(Bytes("0000ec")), std::string("\x00\xec", 2));
  EXPECT_EQ(math.Pad(""), std::string("\x00", 1));
}

TEST(SrpMathTest, PremasterRejectsPublicValuesThatAreZeroModN) {
  ASSERT_OK_AND_ASSIGN(SrpMath math, SrpMath::Create(Rfc5054Group1024()));
  const std::string n = Bytes(Rfc5054Group1024().n_hex);
  EXPECT_THAT(math.ServerPremaster("\x01", "\x02", "\x03", n),
              StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(math.ClientPremaster("\x01", "\x02", "\x03", ""),
              StatusIs(StatusCode::kInvalidArgument));
}

// ---- Cognito protocol ----

// Produced by src/auth/testdata/cognito_srp_vector.js with
// amazon-cognito-identity-js 6.3.21 (npm): its AuthenticationHelper with the
// random `a` replaced by kSmallA, B computed with the library's BigInteger
// from kSmallB, and the signature computed exactly as CognitoUser does
// (HMAC-SHA256 keyed by the HKDF output, via @aws-crypto/sha256-js).
// src/auth/testdata/amplify_v6_srp_vector.js feeds the same inputs to Amplify
// JS v6 (@aws-amplify/auth 6.21.1) and prints the same A, key and signature.
constexpr std::string_view kPoolShort = "AbCdEfGhI";
constexpr std::string_view kUsername = "8f3c9a1e-0b5d-4c7e-9f21-6a4d2b8e7c10";
constexpr std::string_view kPassword = "Correct-Horse-9!";
constexpr std::string_view kSalt = "f0e1d2c3b4a5968778695a4b3c2d1e0f";
constexpr std::string_view kSmallA =
    "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809";
constexpr std::string_view kSmallB =
    "9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0";
constexpr std::string_view kSecretBlock = "b3BhcXVlIHNlY3JldCBibG9jayAwMTIzNDU2Nzg5";
constexpr std::string_view kTimestamp = "Tue Nov 3 09:07:05 UTC 2026";
constexpr std::string_view kJsK =
    "538282c4354742d7cbbde2359fcf67f9f5b3a6b08791e5011b43b8a5b66d9ee6";
constexpr std::string_view kJsV =
    "c5894a6a5c452cca6ed47518e30a9c5ae0994cb6ffb5baf9fa96c5f3a5389ccca8feb812ff0151d2f0e2d1398f7c7e"
    "a3"
    "0e7048c4dbbf5b46d41d69c084342bf291362dda652595f7b5068031ac44d4cd8448578e971e5e484318cbc3fac4ac"
    "bc"
    "183b05410907f98203870e67a94f45650bbca18ed1232395a712dfe6f919ec0938370c37680cf88cb28bd663807213"
    "dd"
    "0c13fe024351101f7f94251e5d8d093bb55a378c9a50ccfa3127038b9a0639b35d336d00f91a52862a4181d2a70d31"
    "76"
    "7126bee13183d2195c29a6aa818a1154616ada5b91fc0fd5f13273090dd1b58d7cb08ec618b4785ebd16c044da51c1"
    "de"
    "1efb7b07605bf2ef46b890977a80129c52f09427c6efe57bed7a0a09a23c58fa8c21ae34748e6cfa6c44768796cb1b"
    "23"
    "91b613efda5c0999d864a30ff2cd805619c633605b7b6378a7c5cde01de485429d5e4950a7b39102c71c53d96d4e29"
    "3d"
    "6e53a8e82d3da23a8b12466f4829e393a2aa82eda29c7f9ba75830baab6d96b03de1f7287f726230f185cf5d0a78d8"
    "e3";
constexpr std::string_view kJsA =
    "ee20d4be34f2e27eb5bcbb194d6a26b6539ab67f7449fffcfcd4639b7b7093cdc2f9b28cd648bdfc9e87fbe46d2f37"
    "c9"
    "62aaf22f15dd00b218af65bddc42c2dfa96e718754613540ec058dceb7d633d12b169722bd674914b9f3309322f32e"
    "8b"
    "2f9f40de8824a1f223b91936a29816bc2d8bda0e6dc4c895a7a4d102fe536dcfb3a6878a219a012b824ab9ce532897"
    "d3"
    "60a2fe9ed57e437f192454d07eaabd446589b163e7d3c127b67f0f40e56f9f02383104f9314ee83ace472ac652ba88"
    "91"
    "140267ed18ddc2bbe2ac38becb06612b54b264d64fee97e4d7bec0ff2730006b8c3fce86b6e5ba403c96257a237146"
    "67"
    "a978ab89389103b8638379dd77e802b40139078abd23249fcbeacd8a4a65a196be6a614afec9da480296a304ed034d"
    "13"
    "9e9f69daf1f7a06c86c31d4d442da757f0a26b63931c238bf19ec3162339ac910f93ad471cfa893a5df95231e0a2d3"
    "62"
    "cfa19398c83b2a7e9ec9eeedc9ef91b88aac3b5256bca1cafcdf8d2b197a9b1830c81bd1ff1739651ae98b4996c66d"
    "e9";
constexpr std::string_view kJsB =
    "ffdd7edb9b9252d9f75fe4f968618f61f50edea3a457e3acbb984514befdcd5611073af1d508621b229b51c0f0b388"
    "18"
    "d8ea0c8d72432ee5f305b66a648d14a8123b1f4f15cfe102104f0a9baedd9ae386496cd2cb07b287310feec0e42a88"
    "4a"
    "efe6ec2372d0d5da64a118f73b3ddd0aec18fcda2a6161340e0617ea1e3a5eb0bdcc6273d6b643525e20ce280426c7"
    "17"
    "534df76225571faec708674c87b8b5486b69b62347a02c08daa8de269c5a59d09e3921681eda4f08db54e99a72f808"
    "4d"
    "229fc56e25265abb571aceba2ad7c28076e0bedd109728a37cc704ef0a7564e26bfffd6c2422769969c6dd8a18ccc7"
    "73"
    "d7c53c2ce5d210401fbbc5153dad09aee5d0eaad5159b18c7ba721c0ebe40748ea199874ca666953dacddcf24835d7"
    "96"
    "7729aa8518f14f6cd5f39a73a1326a0a3562019bbfa3ae632f7cffb36c07516dba67f76d7ffc8ce6418fef4fe634bc"
    "eb"
    "26354c736f7f4e048d615f1fdabc8aa0ca394e3bb1364dee96cd2ba484df43bab14fa624491b2390dba186111af711"
    "9a";
constexpr std::string_view kJsU =
    "7637eefe03447e62e4365a1f95728941b335c7b0d39d507b0288d07b1c1869d5";
constexpr std::string_view kJsKey = "ce6b4bdfe7bf9d1bd949ddff673f9fe3";
constexpr std::string_view kJsSignature = "MbMqLl3DoLKrEz9duoOoGDP8qy2Hl2iICiKtQqOvkKo=";

TEST(SrpCognitoTest, MatchesAmazonCognitoIdentityJsVector) {
  ASSERT_OK_AND_ASSIGN(SrpMath math, SrpMath::Create(CognitoSrpGroup()));
  EXPECT_EQ(Hex(math.K()), kJsK);

  const SrpVerifier verifier = MakeVerifierWithSalt(kPoolShort, kUsername, kPassword, Bytes(kSalt));
  EXPECT_EQ(Hex(verifier.verifier), kJsV);

  ASSERT_OK_AND_ASSIGN(SrpClient client, SrpClient::CreateWithSecretForTest(kSmallA));
  EXPECT_EQ(client.srp_a_hex(), kJsA);

  ASSERT_OK_AND_ASSIGN(ServerSession session,
                       StartSessionWithSecretForTest(verifier, kJsA, Bytes(kSmallB)));
  EXPECT_EQ(session.srp_b_hex, kJsB);
  EXPECT_EQ(session.salt_hex, kSalt);
  EXPECT_EQ(Hex(session.u), kJsU);

  ASSERT_OK_AND_ASSIGN(
      SrpClient::Claim claim,
      client.ComputeClaim(kPoolShort, kUsername, kPassword, kJsB, kSalt, kSecretBlock, kTimestamp));
  EXPECT_EQ(Hex(claim.key), kJsKey);
  EXPECT_EQ(claim.signature_b64, kJsSignature);

  EXPECT_OK(
      VerifyPasswordClaim(session, kPoolShort, kUsername, kSecretBlock, kTimestamp, kJsSignature));
}

TEST(SrpCognitoTest, RoundTripWithRandomValuesVerifies) {
  ASSERT_OK_AND_ASSIGN(SrpVerifier verifier, MakeVerifier("pool1", "user-1", "Passw0rd!"));
  EXPECT_EQ(verifier.salt.size(), kSrpSaltBytes);
  ASSERT_OK_AND_ASSIGN(SrpClient client, SrpClient::Create());
  ASSERT_OK_AND_ASSIGN(ServerSession session, StartSession(verifier, client.srp_a_hex()));
  const std::string timestamp = FormatSrpTimestamp(std::chrono::system_clock::now());
  ASSERT_OK_AND_ASSIGN(SrpClient::Claim claim,
                       client.ComputeClaim("pool1", "user-1", "Passw0rd!", session.srp_b_hex,
                                           session.salt_hex, "c2VjcmV0", timestamp));
  EXPECT_EQ(claim.key.size(), kSrpKeyBytes);
  EXPECT_OK(
      VerifyPasswordClaim(session, "pool1", "user-1", "c2VjcmV0", timestamp, claim.signature_b64));
}

TEST(SrpCognitoTest, SessionSurvivesSerialization) {
  ASSERT_OK_AND_ASSIGN(SrpVerifier verifier, MakeVerifier("pool1", "user-1", "Passw0rd!"));
  ASSERT_OK_AND_ASSIGN(SrpClient client, SrpClient::Create());
  ASSERT_OK_AND_ASSIGN(ServerSession session, StartSession(verifier, client.srp_a_hex()));
  ASSERT_OK_AND_ASSIGN(ServerSession restored, ServerSession::Parse(session.Serialize()));
  EXPECT_EQ(restored.b, session.b);
  EXPECT_EQ(restored.srp_b_hex, session.srp_b_hex);
  ASSERT_OK_AND_ASSIGN(
      SrpClient::Claim claim,
      client.ComputeClaim("pool1", "user-1", "Passw0rd!", restored.srp_b_hex, restored.salt_hex,
                          "c2VjcmV0", "Mon Jan 5 00:00:00 UTC 2026"));
  EXPECT_OK(VerifyPasswordClaim(restored, "pool1", "user-1", "c2VjcmV0",
                                "Mon Jan 5 00:00:00 UTC 2026", claim.signature_b64));
  EXPECT_THAT(ServerSession::Parse("{\"b\":1}"), StatusIs(StatusCode::kCorruption));
  EXPECT_THAT(ServerSession::Parse("not json"), StatusIs(StatusCode::kCorruption));
}

TEST(SrpCognitoTest, WrongPasswordFails) {
  ASSERT_OK_AND_ASSIGN(SrpVerifier verifier, MakeVerifier("pool1", "user-1", "Passw0rd!"));
  ASSERT_OK_AND_ASSIGN(SrpClient client, SrpClient::Create());
  ASSERT_OK_AND_ASSIGN(ServerSession session, StartSession(verifier, client.srp_a_hex()));
  ASSERT_OK_AND_ASSIGN(SrpClient::Claim claim,
                       client.ComputeClaim("pool1", "user-1", "Passw0rd?", session.srp_b_hex,
                                           session.salt_hex, "c2VjcmV0", kTimestamp));
  EXPECT_THAT(
      VerifyPasswordClaim(session, "pool1", "user-1", "c2VjcmV0", kTimestamp, claim.signature_b64),
      StatusIs(StatusCode::kUnauthenticated));
}

TEST(SrpCognitoTest, TamperedTimestampOrSecretBlockFails) {
  const SrpVerifier verifier = MakeVerifierWithSalt(kPoolShort, kUsername, kPassword, Bytes(kSalt));
  ASSERT_OK_AND_ASSIGN(ServerSession session,
                       StartSessionWithSecretForTest(verifier, kJsA, Bytes(kSmallB)));
  EXPECT_THAT(VerifyPasswordClaim(session, kPoolShort, kUsername, kSecretBlock,
                                  "Tue Nov 3 09:07:06 UTC 2026", kJsSignature),
              StatusIs(StatusCode::kUnauthenticated));
  EXPECT_THAT(
      VerifyPasswordClaim(session, kPoolShort, kUsername, "c2VjcmV0", kTimestamp, kJsSignature),
      StatusIs(StatusCode::kUnauthenticated));
  EXPECT_THAT(VerifyPasswordClaim(session, kPoolShort, "someone-else", kSecretBlock, kTimestamp,
                                  kJsSignature),
              StatusIs(StatusCode::kUnauthenticated));
  EXPECT_THAT(
      VerifyPasswordClaim(session, kPoolShort, kUsername, kSecretBlock, kTimestamp, "not base64!"),
      StatusIs(StatusCode::kUnauthenticated));
  EXPECT_THAT(VerifyPasswordClaim(session, kPoolShort, kUsername, "%%%", kTimestamp, kJsSignature),
              StatusIs(StatusCode::kInvalidArgument));
}

TEST(SrpCognitoTest, VerifyAcceptsBase64WithOrWithoutPadding) {
  const SrpVerifier verifier = MakeVerifierWithSalt(kPoolShort, kUsername, kPassword, Bytes(kSalt));
  ASSERT_OK_AND_ASSIGN(ServerSession session,
                       StartSessionWithSecretForTest(verifier, kJsA, Bytes(kSmallB)));
  std::string unpadded(kJsSignature);
  unpadded.pop_back();  // The one '='.
  EXPECT_OK(
      VerifyPasswordClaim(session, kPoolShort, kUsername, kSecretBlock, kTimestamp, unpadded));
  // Padding must be whole, and 4k+1 digits encode nothing.
  for (const std::string& secret_block :
       {std::string(kSecretBlock) + "=", std::string("c2VjcmV0cw="), std::string("c2VjcmV0c")}) {
    EXPECT_THAT(
        VerifyPasswordClaim(session, kPoolShort, kUsername, secret_block, kTimestamp, kJsSignature),
        StatusIs(StatusCode::kInvalidArgument))
        << secret_block;
  }
}

TEST(SrpCognitoTest, StartSessionRejectsDegenerateOrMalformedA) {
  ASSERT_OK_AND_ASSIGN(SrpVerifier verifier, MakeVerifier("pool1", "user-1", "Passw0rd!"));
  const std::string n_hex(CognitoSrpGroup().n_hex);
  EXPECT_THAT(StartSession(verifier, "0"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(StartSession(verifier, "0000"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(StartSession(verifier, n_hex), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(StartSession(verifier, "00" + n_hex), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(StartSession(verifier, ""), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(StartSession(verifier, "xyz"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(StartSession(verifier, "-5"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(StartSession(verifier, std::string(2000, 'f')),
              StatusIs(StatusCode::kInvalidArgument));
}

TEST(SrpCognitoTest, ClientRejectsBZeroModN) {
  ASSERT_OK_AND_ASSIGN(SrpClient client, SrpClient::Create());
  EXPECT_THAT(client.ComputeClaim("p", "u", "pw", CognitoSrpGroup().n_hex, "01", "", kTimestamp),
              StatusIs(StatusCode::kInvalidArgument));
}

TEST(SrpCognitoTest, TimestampUsesClientFormat) {
  using std::chrono::sys_days;
  using namespace std::chrono_literals;
  const auto day = sys_days{std::chrono::year{2026} / std::chrono::November / 3};
  EXPECT_EQ(FormatSrpTimestamp(day + 9h + 7min + 5s), "Tue Nov 3 09:07:05 UTC 2026");
  const auto later = sys_days{std::chrono::year{2026} / std::chrono::December / 25};
  EXPECT_EQ(FormatSrpTimestamp(later + 23h + 59min + 59s), "Fri Dec 25 23:59:59 UTC 2026");
}

}  // namespace
}  // namespace gloss::auth
