#include "sandbox/file_watcher.h"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>
#include <unistd.h>

#include "test/support/status_matchers.h"

namespace gloss::sandbox {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class FileWatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) / ("file_watcher_test_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::ofstream(dir_ / "backend.toml") << "a = 1\n";
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Waits (bounded) until `calls` reaches `expected`.
  static bool WaitFor(const std::atomic<int>& calls, int expected) {
    for (int attempt = 0; attempt < 300 && calls.load() < expected; ++attempt) {
      std::this_thread::sleep_for(10ms);
    }
    return calls.load() >= expected;
  }

  fs::path dir_;
};

TEST_F(FileWatcherTest, BurstOfWritesIsOneCallback) {
  std::atomic<int> calls = 0;
  ASSERT_OK_AND_ASSIGN(auto watcher,
                       FileWatcher::Start({dir_ / "backend.toml"}, 100ms, [&] { ++calls; }));
  for (int write_idx = 0; write_idx < 5; ++write_idx) {
    std::ofstream(dir_ / "backend.toml") << "a = " << write_idx << "\n";
  }
  ASSERT_TRUE(WaitFor(calls, 1));
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(calls.load(), 1);
}

TEST_F(FileWatcherTest, RenameOverTheFileCounts) {
  std::atomic<int> calls = 0;
  ASSERT_OK_AND_ASSIGN(auto watcher,
                       FileWatcher::Start({dir_ / "backend.toml"}, 50ms, [&] { ++calls; }));
  std::ofstream(dir_ / "backend.toml.new") << "a = 2\n";
  fs::rename(dir_ / "backend.toml.new", dir_ / "backend.toml");
  EXPECT_TRUE(WaitFor(calls, 1));
}

TEST_F(FileWatcherTest, OtherFilesInTheFolderAreIgnored) {
  std::atomic<int> calls = 0;
  ASSERT_OK_AND_ASSIGN(auto watcher,
                       FileWatcher::Start({dir_ / "backend.toml"}, 50ms, [&] { ++calls; }));
  std::ofstream(dir_ / "notes.txt") << "hello\n";
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(calls.load(), 0);
  watcher->Stop();
}

}  // namespace
}  // namespace gloss::sandbox
