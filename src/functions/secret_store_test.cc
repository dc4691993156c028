#include "functions/secret_store.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "core/assert.h"
#include "test/support/status_matchers.h"

namespace gloss::functions {
namespace {

namespace fs = std::filesystem;
using ::gloss::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::Pair;

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

void WriteAll(const fs::path& path, const std::string& content) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
}

mode_t ModeOf(const fs::path& path) {
  struct stat info {};
  GLOSS_CHECK(::stat(path.c_str(), &info) == 0);  // Callers check files the store made.
  return info.st_mode & 0777;
}

class SecretStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base != nullptr ? base : "/tmp") + "/gloss-secrets-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
    dir_ = root_ / "state" / "secrets";
    ASSERT_OK_AND_ASSIGN(store_, SecretStore::Open(dir_));
  }

  void TearDown() override {
    store_.reset();
    std::error_code ignored;
    fs::remove_all(root_, ignored);
  }

  fs::path root_;
  fs::path dir_;
  SecretStorePtr store_;
};

TEST_F(SecretStoreTest, SetThenGetRoundTrips) {
  ASSERT_OK(store_->Set("OPENAI_API_KEY", "sk-live-123"));
  ASSERT_OK_AND_ASSIGN(const std::string value, store_->Get("OPENAI_API_KEY"));
  EXPECT_EQ(value, "sk-live-123");
}

TEST_F(SecretStoreTest, SetReplacesAndKeepsEmptyAndBinaryValues) {
  ASSERT_OK(store_->Set("a", "first"));
  ASSERT_OK(store_->Set("a", "second"));
  ASSERT_OK(store_->Set("empty", ""));
  const std::string binary = "\x01\xff\n\t multi\nline\r\n";
  ASSERT_OK(store_->Set("binary", binary));

  ASSERT_OK_AND_ASSIGN(const std::string a, store_->Get("a"));
  EXPECT_EQ(a, "second");
  ASSERT_OK_AND_ASSIGN(const std::string empty, store_->Get("empty"));
  EXPECT_EQ(empty, "");
  ASSERT_OK_AND_ASSIGN(const std::string round_tripped, store_->Get("binary"));
  EXPECT_EQ(round_tripped, binary);
}

TEST_F(SecretStoreTest, GetOfMissingSecretIsNotFound) {
  EXPECT_THAT(store_->Get("nope"), StatusIs(StatusCode::kNotFound));
}

TEST_F(SecretStoreTest, ListReturnsSortedNamesOnly) {
  ASSERT_OK_AND_ASSIGN(const std::vector<std::string> none, store_->List());
  EXPECT_THAT(none, IsEmpty());

  ASSERT_OK(store_->Set("zeta", "v1"));
  ASSERT_OK(store_->Set("Alpha", "v2"));
  ASSERT_OK(store_->Set("mid.dle-name_1", "v3"));
  ASSERT_OK_AND_ASSIGN(const std::vector<std::string> names, store_->List());
  EXPECT_THAT(names, ElementsAre("Alpha", "mid.dle-name_1", "zeta"));
}

TEST_F(SecretStoreTest, RemoveDeletesAndMissingIsNotFound) {
  ASSERT_OK(store_->Set("a", "1"));
  ASSERT_OK(store_->Set("b", "2"));
  ASSERT_OK(store_->Remove("a"));
  EXPECT_THAT(store_->Get("a"), StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(store_->Remove("a"), StatusIs(StatusCode::kNotFound));
  ASSERT_OK_AND_ASSIGN(const std::vector<std::string> names, store_->List());
  EXPECT_THAT(names, ElementsAre("b"));
}

TEST_F(SecretStoreTest, GetManyReadsSeveralAndNamesEveryMissingOne) {
  ASSERT_OK(store_->Set("a", "1"));
  ASSERT_OK(store_->Set("b", "2"));
  const std::vector<std::string> wanted = {"b", "a", "b"};
  ASSERT_OK_AND_ASSIGN(const auto values, store_->GetMany(wanted));
  EXPECT_THAT(values, ElementsAre(Pair("a", "1"), Pair("b", "2")));

  const std::vector<std::string> with_missing = {"a", "x", "y"};
  const auto missing = store_->GetMany(with_missing);
  EXPECT_THAT(missing, StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(std::string(missing.status().message()), HasSubstr("x, y"));
}

TEST_F(SecretStoreTest, BadNamesAreInvalidArgument) {
  for (const std::string& name :
       {std::string(), std::string("has space"), std::string("slash/name"), std::string("é"),
        std::string("a\nb"), std::string(SecretStore::kMaxNameLength + 1, 'n')}) {
    EXPECT_THAT(store_->Set(name, "v"), StatusIs(StatusCode::kInvalidArgument)) << name;
    EXPECT_THAT(store_->Get(name), StatusIs(StatusCode::kInvalidArgument)) << name;
    EXPECT_THAT(store_->Remove(name), StatusIs(StatusCode::kInvalidArgument)) << name;
  }
  EXPECT_OK(store_->Set(std::string(SecretStore::kMaxNameLength, 'n'), "v"));
}

TEST_F(SecretStoreTest, OversizedOrNulValuesAreInvalidArgumentAndNotEchoed) {
  EXPECT_OK(store_->Set("max", std::string(SecretStore::kMaxValueBytes, 'v')));
  const std::string oversized(SecretStore::kMaxValueBytes + 1, 'v');
  const Status too_big = store_->Set("big", oversized);
  EXPECT_THAT(too_big, StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(std::string(too_big.message()), Not(HasSubstr("vvvv")));
  EXPECT_THAT(store_->Set("nul", std::string("ab\0cd", 5)), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(store_->Get("big"), StatusIs(StatusCode::kNotFound));
}

TEST_F(SecretStoreTest, FolderIsPrivateAndKeyFileIs32BytesMode0600) {
  EXPECT_EQ(ModeOf(dir_), 0700u);
  EXPECT_EQ(ModeOf(dir_.parent_path()), 0700u);  // Created by Open() too.
  EXPECT_EQ(ModeOf(dir_ / "key"), 0600u);
  EXPECT_EQ(fs::file_size(dir_ / "key"), SecretStore::kKeyBytes);
  ASSERT_OK(store_->Set("a", "1"));
  EXPECT_EQ(ModeOf(dir_ / "store.json"), 0600u);
  EXPECT_FALSE(fs::exists(dir_ / "store.json.tmp"));
}

TEST_F(SecretStoreTest, StoreFileHoldsNoPlaintext) {
  const std::string value = "correct-horse-battery-staple";
  ASSERT_OK(store_->Set("PASSWORD", value));
  const std::string on_disk = ReadAll(dir_ / "store.json");
  EXPECT_THAT(on_disk, HasSubstr("\"PASSWORD\""));
  EXPECT_THAT(on_disk, Not(HasSubstr(value)));
  EXPECT_THAT(on_disk, Not(HasSubstr("horse")));
}

TEST_F(SecretStoreTest, SameValueSealsDifferentlyEachTime) {
  ASSERT_OK(store_->Set("a", "same"));
  const std::string first = ReadAll(dir_ / "store.json");
  ASSERT_OK(store_->Set("a", "same"));
  EXPECT_NE(ReadAll(dir_ / "store.json"), first);  // A fresh nonce per Set.
}

TEST_F(SecretStoreTest, UnparsableStoreFileIsCorruptionAndIsNotOverwritten) {
  for (const std::string& content :
       {std::string("not json"), std::string("[]"), std::string("{\"a\": 5}"),
        std::string("{\"a\": \"!!not base64!!\"}"), std::string("{\"a\": \"AAAA\"}"),
        std::string("{\"bad name\": \"AAAA\"}")}) {
    WriteAll(dir_ / "store.json", content);
    EXPECT_THAT(store_->List(), StatusIs(StatusCode::kCorruption)) << content;
    EXPECT_THAT(store_->Get("a"), StatusIs(StatusCode::kCorruption)) << content;
    EXPECT_THAT(store_->Set("b", "v"), StatusIs(StatusCode::kCorruption)) << content;
    EXPECT_EQ(ReadAll(dir_ / "store.json"), content);
  }
}

TEST_F(SecretStoreTest, TamperedCiphertextIsCorruptionWithoutTheValue) {
  ASSERT_OK(store_->Set("a", "original-value"));
  ASSERT_OK(store_->Set("b", "other-value"));
  std::string content = ReadAll(dir_ / "store.json");
  // Flip one base64 character inside a's ciphertext (past the nonce).
  const size_t start = content.find("\"a\": \"") + 6;
  const size_t flip = start + 40;
  content[flip] = content[flip] == 'A' ? 'B' : 'A';
  WriteAll(dir_ / "store.json", content);

  const auto tampered = store_->Get("a");
  EXPECT_THAT(tampered, StatusIs(StatusCode::kCorruption));
  EXPECT_THAT(std::string(tampered.status().message()), Not(HasSubstr("original")));
  ASSERT_OK_AND_ASSIGN(const std::string other, store_->Get("b"));
  EXPECT_EQ(other, "other-value");
  const std::vector<std::string> both = {"a", "b"};
  EXPECT_THAT(store_->GetMany(both), StatusIs(StatusCode::kCorruption));
}

TEST_F(SecretStoreTest, AnotherKeyCannotDecrypt) {
  ASSERT_OK(store_->Set("a", "value"));
  store_.reset();
  WriteAll(dir_ / "key", std::string(SecretStore::kKeyBytes, 'k'));
  ASSERT_OK_AND_ASSIGN(store_, SecretStore::Open(dir_));
  EXPECT_THAT(store_->Get("a"), StatusIs(StatusCode::kCorruption));
}

TEST_F(SecretStoreTest, WrongSizeKeyFileIsCorruption) {
  store_.reset();
  WriteAll(dir_ / "key", "short");
  EXPECT_THAT(SecretStore::Open(dir_), StatusIs(StatusCode::kCorruption));
}

TEST_F(SecretStoreTest, MissingKeyWithSecretsIsCorruptionNotANewKey) {
  ASSERT_OK(store_->Set("a", "value"));
  store_.reset();
  fs::remove(dir_ / "key");
  EXPECT_THAT(SecretStore::Open(dir_), StatusIs(StatusCode::kCorruption));
  EXPECT_FALSE(fs::exists(dir_ / "key"));
}

TEST_F(SecretStoreTest, ReopenKeepsKeyAndSecrets) {
  ASSERT_OK(store_->Set("a", "value"));
  const std::string key = ReadAll(dir_ / "key");
  store_.reset();
  ASSERT_OK_AND_ASSIGN(store_, SecretStore::Open(dir_));
  EXPECT_EQ(ReadAll(dir_ / "key"), key);
  ASSERT_OK_AND_ASSIGN(const std::string value, store_->Get("a"));
  EXPECT_EQ(value, "value");
}

// The CLI and a running sandbox each open the folder: every read sees the
// other's latest write, with no restart.
TEST_F(SecretStoreTest, TwoStoresOnOneFolderSeeEachOthersWrites) {
  ASSERT_OK_AND_ASSIGN(const SecretStorePtr cli, SecretStore::Open(dir_));
  ASSERT_OK(cli->Set("TOKEN", "v1"));
  ASSERT_OK_AND_ASSIGN(std::string seen, store_->Get("TOKEN"));
  EXPECT_EQ(seen, "v1");
  ASSERT_OK(cli->Set("TOKEN", "v2"));
  ASSERT_OK_AND_ASSIGN(seen, store_->Get("TOKEN"));
  EXPECT_EQ(seen, "v2");
  ASSERT_OK(store_->Set("OTHER", "x"));
  ASSERT_OK(cli->Remove("TOKEN"));
  ASSERT_OK_AND_ASSIGN(const std::vector<std::string> names, store_->List());
  EXPECT_THAT(names, ElementsAre("OTHER"));
}

// Odd threads open their own store, as separate processes would; even ones
// share the fixture's, as the sandbox's threads do. Every Set is a locked
// read-modify-write, so none drops another's name.
TEST_F(SecretStoreTest, ConcurrentSetsLoseNothing) {
  constexpr int kThreads = 4;
  constexpr int kSetsPerThread = 15;
  std::vector<std::thread> threads;
  std::vector<Status> failures(kThreads);
  for (int thread_idx = 0; thread_idx < kThreads; ++thread_idx) {
    threads.emplace_back([&, thread_idx] {
      SecretStorePtr own;
      if (thread_idx % 2 == 1) {
        Result<SecretStorePtr> opened = SecretStore::Open(dir_);
        if (!opened.ok()) {
          failures[thread_idx] = opened.status();
          return;
        }
        own = std::move(opened).value();
      }
      SecretStore& store = own != nullptr ? *own : *store_;
      for (int set_idx = 0; set_idx < kSetsPerThread; ++set_idx) {
        const std::string name = "t" + std::to_string(thread_idx) + "_" + std::to_string(set_idx);
        if (Status set = store.Set(name, "value-" + name); !set.ok()) {
          failures[thread_idx] = set;
        }
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  for (const Status& failure : failures) {
    EXPECT_OK(failure);
  }
  ASSERT_OK_AND_ASSIGN(const std::vector<std::string> names, store_->List());
  EXPECT_EQ(names.size(), static_cast<size_t>(kThreads * kSetsPerThread));
  ASSERT_OK_AND_ASSIGN(const std::string value, store_->Get("t3_14"));
  EXPECT_EQ(value, "value-t3_14");
}

}  // namespace
}  // namespace gloss::functions
