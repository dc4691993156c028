#include "sandbox/state_dir.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "test/support/status_matchers.h"

namespace gloss::sandbox {
namespace {

namespace fs = std::filesystem;
using ::gloss::testing::StatusIs;

class StateDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::path(::testing::TempDir()) /
            ("state_dir_test_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  static unsigned Mode(const fs::path& path) {
    struct stat info {};
    ::stat(path.c_str(), &info);
    return info.st_mode & 0777;
  }

  fs::path root_;
};

TEST_F(StateDirTest, FirstOpenCreatesLayoutAndPrivateCredentials) {
  ASSERT_OK_AND_ASSIGN(auto state, StateDir::Open(root_));
  for (const char* folder : {"auth", "db", "objects", "keys", "secrets", "logs"}) {
    EXPECT_TRUE(fs::is_directory(root_ / folder)) << folder;
  }
  EXPECT_TRUE(fs::exists(root_ / "auth" / "outbox.jsonl"));
  EXPECT_EQ(Mode(root_ / "credentials.json"), 0600u);
  EXPECT_EQ(Mode(root_), 0700u);
  EXPECT_EQ(state->admin().access_key_id.size(), 20u);
  EXPECT_TRUE(state->admin().access_key_id.starts_with("AKIA"));
  EXPECT_EQ(state->admin().secret_access_key.size(), 40u);
}

TEST_F(StateDirTest, ReopenKeepsTheSameCredentials) {
  std::string key_id;
  {
    ASSERT_OK_AND_ASSIGN(auto state, StateDir::Open(root_));
    key_id = state->admin().access_key_id;
  }
  ASSERT_OK_AND_ASSIGN(auto again, StateDir::Open(root_));
  EXPECT_EQ(again->admin().access_key_id, key_id);
}

TEST_F(StateDirTest, SecondOpenWhileLockedIsAlreadyExists) {
  ASSERT_OK_AND_ASSIGN(auto state, StateDir::Open(root_));
  EXPECT_TRUE(StateDirInUse(root_));
  EXPECT_THAT(StateDir::Open(root_), StatusIs(StatusCode::kAlreadyExists));
}

TEST_F(StateDirTest, CorruptCredentialsAreReportedNotReplaced) {
  fs::create_directories(root_);
  std::ofstream(root_ / "credentials.json") << "{not json";
  EXPECT_THAT(StateDir::Open(root_), StatusIs(StatusCode::kCorruption));
}

TEST_F(StateDirTest, DeleteRefusesWhileRunningAndForeignFolders) {
  {
    ASSERT_OK_AND_ASSIGN(auto state, StateDir::Open(root_));
    EXPECT_THAT(DeleteStateDir(root_), StatusIs(StatusCode::kFailedPrecondition));
  }
  EXPECT_OK(DeleteStateDir(root_));
  EXPECT_FALSE(fs::exists(root_));
  EXPECT_OK(DeleteStateDir(root_));  // Already gone.

  fs::create_directories(root_ / "precious");
  EXPECT_THAT(DeleteStateDir(root_), StatusIs(StatusCode::kFailedPrecondition));
  EXPECT_TRUE(fs::exists(root_ / "precious"));
}

}  // namespace
}  // namespace gloss::sandbox
