// Test fixture for storage/ tests: a fresh temporary directory with a real
// SQLite file and a blob root, an ObjectStore on them, a ManualClock, and
// helpers to put and read objects. Shared by several test files, hence a
// header.
//
// Thread safety: test-only; used by the test's thread (the store itself is
// thread-safe).

#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/logger.h"
#include "db/database.h"
#include "db/sqlite_test_fixture.h"
#include "storage/object_store.h"
#include "test/support/status_matchers.h"

namespace gloss::storage {

inline constexpr int64_t kTestEpochMillis = 1'700'000'000'000;  // 2023-11-14T22:13:20Z.

// The whole body of `file`, read with ReadAt.
inline std::string ReadAll(const BlobFile& file) {
  std::string bytes(file.size(), '\0');
  Result<size_t> read = file.ReadAt(0, std::span(bytes.data(), bytes.size()));
  GLOSS_CHECK(read.ok() && *read == bytes.size());  // Test files are whole.
  return bytes;
}

// Deterministic bytes of any length (a simple LCG), so large bodies need no
// stored fixtures.
inline std::string PatternBytes(size_t size, uint32_t seed) {
  std::string bytes(size, '\0');
  uint32_t state = seed * 2654435761u + 1;
  for (char& byte : bytes) {
    state = state * 1664525u + 1013904223u;
    byte = static_cast<char>(state >> 24);
  }
  return bytes;
}

class StorageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    logger_ = Logger::ToFile(LogFormat::kHuman, LogLevel::kDebug, (dir_.path() / "log").string());
    ASSERT_OK_AND_ASSIGN(database_, db::OpenDatabase(db::DatabaseOptions{.url = DatabaseUrl()}));
    ASSERT_OK_AND_ASSIGN(store_, OpenStore());
  }

  void TearDown() override {
    store_.reset();
    database_.reset();
  }

  std::string DatabaseUrl() const { return "sqlite://" + (dir_.path() / "gloss.db").string(); }
  std::string Root() const { return (dir_.path() / "objects").string(); }

  Result<ObjectStorePtr> OpenStore() {
    return ObjectStore::Open(*database_, clock_, *logger_, ObjectStoreOptions{.root = Root()});
  }

  // Closes and reopens the store (as after a restart: temp files and
  // unreferenced blobs are collected).
  void Reopen() {
    store_.reset();
    ASSERT_OK_AND_ASSIGN(store_, OpenStore());
  }

  Result<ObjectInfo> Put(std::string_view bucket, std::string_view key, std::string_view body,
                         const PutOptions& options = {}, const Requester& requester = {}) {
    ASSIGN_OR_RETURN(ObjectWriter writer, store_->BeginPut(bucket, key));
    // Write in slices, as the HTTP layer does.
    constexpr size_t kSlice = 1 << 20;
    for (size_t offset = 0; offset < body.size(); offset += kSlice) {
      RETURN_IF_ERROR(writer.Write(body.substr(offset, kSlice)));
    }
    return writer.Commit(options, requester);
  }

  Result<std::string> Get(std::string_view bucket, std::string_view key) {
    ASSIGN_OR_RETURN(const ObjectContent content, store_->GetObject(bucket, key));
    return ReadAll(content.body);
  }

  // Names of the files under <root>/blobs (committed blobs).
  std::vector<std::string> BlobFiles() const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(Root() + "/blobs")) {
      if (entry.is_regular_file()) {
        names.push_back(entry.path().filename().string());
      }
    }
    return names;
  }

  // Names of the files under <root>/tmp.
  std::vector<std::string> TempFiles() const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(Root() + "/tmp")) {
      names.push_back(entry.path().filename().string());
    }
    return names;
  }

  // The outbox rows as "name bucket key", by sequencer.
  std::vector<std::string> OutboxEvents() {
    std::vector<std::string> events;
    Result<db::Rows> rows = database_->Query(
        "SELECT event_name, bucket, object_key FROM storage_events ORDER BY sequencer");
    GLOSS_CHECK(rows.ok());  // The schema is ours.
    for (const db::Row& row : *rows) {
      events.push_back(row.Get<std::string>(0).value() + " " + row.Get<std::string>(1).value() +
                       " " + row.Get<db::Blob>(2).value().bytes);
    }
    return events;
  }

  db::TempDir dir_;
  ManualClock clock_{FromUnixMillis(kTestEpochMillis)};
  std::unique_ptr<Logger> logger_;
  db::DatabasePtr database_;
  ObjectStorePtr store_;
};

}  // namespace gloss::storage
