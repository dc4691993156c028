#include "auth/signing_keys.h"

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sys/stat.h>

#include "core/base64.h"
#include "core/random.h"
#include "test/support/status_matchers.h"

namespace gloss::auth {
namespace {

using ::gloss::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::StartsWith;

class SigningKeyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Result<SigningKeyPtr> key = SigningKey::Generate();
    ASSERT_OK(key);
    key_ = std::move(key).value().release();
  }
  static void TearDownTestSuite() {
    delete key_;
    key_ = nullptr;
  }

  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("gloss-signing-keys-" + RandomString(12, kBase62));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  static std::string ReadFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  static void WriteFile(const std::filesystem::path& path, const std::string& contents) {
    std::ofstream(path, std::ios::binary) << contents;
  }

  static SigningKey* key_;  // Shared: RSA key generation is slow.
  std::filesystem::path dir_;
};

SigningKey* SigningKeyTest::key_ = nullptr;

TEST_F(SigningKeyTest, SignatureVerifiesOnlyForSignedData) {
  ASSERT_OK_AND_ASSIGN(std::string signature, key_->Sign("hello"));
  EXPECT_EQ(signature.size(), 256u);
  EXPECT_TRUE(key_->Verify("hello", signature));
  EXPECT_FALSE(key_->Verify("hellO", signature));
  signature[10] ^= 1;
  EXPECT_FALSE(key_->Verify("hello", signature));
  EXPECT_FALSE(key_->Verify("hello", ""));
}

TEST_F(SigningKeyTest, KidIsTruncatedSha256OfPublicKeyAsBase64Url) {
  EXPECT_EQ(key_->kid().size(), 22u);  // 16 bytes, unpadded base64url.
  ASSERT_OK_AND_ASSIGN(std::string bytes, Base64UrlDecode(key_->kid()));
  EXPECT_EQ(bytes.size(), 16u);
}

TEST_F(SigningKeyTest, DistinctKeysHaveDistinctKids) {
  ASSERT_OK_AND_ASSIGN(SigningKeyPtr other, SigningKey::Generate());
  EXPECT_NE(other->kid(), key_->kid());
  ASSERT_OK_AND_ASSIGN(std::string signature, other->Sign("data"));
  EXPECT_FALSE(key_->Verify("data", signature));
}

TEST_F(SigningKeyTest, PublicJwkHasCognitoShape) {
  const nlohmann::json jwk = key_->PublicJwk();
  EXPECT_EQ(jwk.size(), 6u);
  EXPECT_EQ(jwk["kty"], "RSA");
  EXPECT_EQ(jwk["alg"], "RS256");
  EXPECT_EQ(jwk["use"], "sig");
  EXPECT_EQ(jwk["kid"], key_->kid());
  EXPECT_EQ(jwk["e"], "AQAB");
  ASSERT_OK_AND_ASSIGN(std::string n, Base64UrlDecode(jwk["n"].get<std::string>()));
  EXPECT_EQ(n.size(), 256u);
  EXPECT_NE(n[0], '\0');  // No leading zero byte.
}

TEST_F(SigningKeyTest, JwksListsKeysInOrder) {
  ASSERT_OK_AND_ASSIGN(SigningKeyPtr other, SigningKey::Generate());
  const std::vector<const SigningKey*> keys = {key_, other.get()};
  const nlohmann::json jwks = Jwks(keys);
  ASSERT_EQ(jwks.size(), 1u);
  ASSERT_EQ(jwks["keys"].size(), 2u);
  EXPECT_EQ(jwks["keys"][0], key_->PublicJwk());
  EXPECT_EQ(jwks["keys"][1]["kid"], other->kid());
  EXPECT_EQ(Jwks({}), nlohmann::json::parse(R"({"keys":[]})"));
}

TEST_F(SigningKeyTest, KeyRebuiltFromPublicJwkVerifiesButCannotSign) {
  ASSERT_OK_AND_ASSIGN(SigningKeyPtr rebuilt, SigningKey::FromJwk(key_->PublicJwk()));
  EXPECT_EQ(rebuilt->kid(), key_->kid());
  EXPECT_FALSE(rebuilt->has_private_key());
  ASSERT_OK_AND_ASSIGN(std::string signature, key_->Sign("data"));
  EXPECT_TRUE(rebuilt->Verify("data", signature));
  EXPECT_THAT(rebuilt->Sign("data"), StatusIs(StatusCode::kFailedPrecondition));
  EXPECT_EQ(rebuilt->PublicJwk(), key_->PublicJwk());
}

TEST_F(SigningKeyTest, FromJwkWithoutKidDerivesTheSameKid) {
  nlohmann::json jwk = key_->PublicJwk();
  jwk.erase("kid");
  ASSERT_OK_AND_ASSIGN(SigningKeyPtr rebuilt, SigningKey::FromJwk(jwk));
  EXPECT_EQ(rebuilt->kid(), key_->kid());
}

TEST_F(SigningKeyTest, FromJwkRejectsMalformedKeys) {
  const nlohmann::json good = key_->PublicJwk();
  auto with = [&good](const char* name, nlohmann::json value) {
    nlohmann::json jwk = good;
    jwk[name] = std::move(value);
    return jwk;
  };
  EXPECT_THAT(SigningKey::FromJwk(nlohmann::json::array()), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(SigningKey::FromJwk(with("kty", "EC")), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(SigningKey::FromJwk(with("alg", "HS256")), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(SigningKey::FromJwk(with("n", "not base64!")),
              StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(SigningKey::FromJwk(with("n", 5)), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(SigningKey::FromJwk(with("n", Base64UrlEncode(std::string(128, '\x7f')))),
              StatusIs(StatusCode::kInvalidArgument));  // 1024-bit modulus.
  EXPECT_THAT(SigningKey::FromJwk(with("e", "AQ")), StatusIs(StatusCode::kInvalidArgument));
}

TEST_F(SigningKeyTest, LoadOrCreateWritesPkcs8PemWithMode0600) {
  const std::filesystem::path file = dir_ / "pool.pem";
  ASSERT_OK_AND_ASSIGN(SigningKeyPtr key, SigningKey::LoadOrCreate(file));
  struct stat info {};
  ASSERT_EQ(::stat(file.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_THAT(ReadFile(file), StartsWith("-----BEGIN PRIVATE KEY-----\n"));
  // No temporary file is left behind.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir_), {}), 1);
}

TEST_F(SigningKeyTest, LoadOrCreateReloadsTheSameKey) {
  const std::filesystem::path file = dir_ / "pool.pem";
  ASSERT_OK_AND_ASSIGN(SigningKeyPtr created, SigningKey::LoadOrCreate(file));
  ASSERT_OK_AND_ASSIGN(std::string signature, created->Sign("before restart"));
  ASSERT_OK_AND_ASSIGN(SigningKeyPtr reloaded, SigningKey::LoadOrCreate(file));
  EXPECT_EQ(reloaded->kid(), created->kid());
  EXPECT_TRUE(reloaded->has_private_key());
  EXPECT_TRUE(reloaded->Verify("before restart", signature));
}

TEST_F(SigningKeyTest, LoadOrCreateReportsCorruptionAndKeepsTheFile) {
  const std::filesystem::path file = dir_ / "pool.pem";
  WriteFile(file, "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n");
  EXPECT_THAT(SigningKey::LoadOrCreate(file), StatusIs(StatusCode::kCorruption));
  EXPECT_THAT(ReadFile(file), HasSubstr("not a key"));

  WriteFile(file, "");
  EXPECT_THAT(SigningKey::LoadOrCreate(file), StatusIs(StatusCode::kCorruption));
}

TEST_F(SigningKeyTest, LoadOrCreateReportsDamagedKeyMaterialAsCorruption) {
  const std::filesystem::path file = dir_ / "pool.pem";
  ASSERT_OK(SigningKey::LoadOrCreate(file));
  const std::string original = ReadFile(file);
  // Flip one base64 character inside the private exponent d (about a third of
  // the way in) and, separately, inside the CRT coefficient at the end. Both
  // still parse as a key.
  for (size_t pos : {original.size() / 3, original.size() - 60}) {
    std::string pem = original;
    while (pem[pos] == '\n') {
      ++pos;
    }
    pem[pos] = pem[pos] == 'A' ? 'B' : 'A';
    WriteFile(file, pem);
    EXPECT_THAT(SigningKey::LoadOrCreate(file), StatusIs(StatusCode::kCorruption)) << pos;
  }
}

TEST_F(SigningKeyTest, LoadOrCreateRejectsKeysThatAreNotRsa2048) {
  const std::filesystem::path file = dir_ / "pool.pem";
  for (EVP_PKEY* raw : {EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"),
                        EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{1024})}) {
    ASSERT_NE(raw, nullptr);
    BIO* bio = BIO_new(BIO_s_mem());
    ASSERT_EQ(PEM_write_bio_PrivateKey(bio, raw, nullptr, nullptr, 0, nullptr, nullptr), 1);
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio, &data);
    WriteFile(file, std::string(data, static_cast<size_t>(length)));
    BIO_free(bio);
    EVP_PKEY_free(raw);
    EXPECT_THAT(SigningKey::LoadOrCreate(file), StatusIs(StatusCode::kCorruption));
  }
}

TEST_F(SigningKeyTest, LoadOrCreateFailsWhenDirectoryIsMissing) {
  EXPECT_THAT(SigningKey::LoadOrCreate(dir_ / "missing" / "pool.pem"),
              StatusIs(StatusCode::kUnavailable));
}

}  // namespace
}  // namespace gloss::auth
