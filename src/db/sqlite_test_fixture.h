// Test fixture for db/ tests: a fresh temporary directory per test and a
// Database on a real SQLite file in it. Shared by several test files, which
// is why it is a header: one fixture class per GoogleTest suite name.
//
// Thread safety: test-only; the fixture itself is used by the test's thread.

#pragma once

#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <stdlib.h>

#include "core/assert.h"
#include "db/database.h"
#include "test/support/status_matchers.h"

namespace gloss::db {

// A directory under $TMPDIR (or /tmp), removed with its contents.
class TempDir {
 public:
  TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base != nullptr ? base : "/tmp") + "/gloss-db-XXXXXX";
    GLOSS_CHECK(::mkdtemp(pattern.data()) != nullptr);  // Tests need a writable temp dir.
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

class SqliteDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_OK_AND_ASSIGN(db_, OpenDatabase(FileOptions())); }

  std::filesystem::path DatabasePath() const { return dir_.path() / "test.db"; }

  DatabaseOptions FileOptions() const {
    return DatabaseOptions{.url = "sqlite://" + DatabasePath().string()};
  }

  TempDir dir_;
  DatabasePtr db_;
};

}  // namespace gloss::db
