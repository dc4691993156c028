// Kill -9 at random moments while a child process writes objects, then check
// the promise of ARCHITECTURE §7: every acknowledged change survives, no
// object is torn, and what a crash leaves behind (temp files, unreferenced
// blobs) is collected at the next Open.

#include <cstdint>
#include <map>
#include <random>
#include <thread>

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "storage/internal/md5.h"
#include "storage/object_store.h"
#include "storage/storage_test_fixture.h"
#include "test/support/status_matchers.h"

namespace gloss::storage {
namespace {

constexpr int kChildFailed = 3;
constexpr int kKeyCount = 23;

// Operation `index` of the child's endless sequence: a put of a body made
// from `index`, or every ninth time a delete.
struct Operation {
  std::string key;
  bool is_delete = false;
  size_t size = 0;
};

Operation OperationAt(uint32_t index) {
  return Operation{.key = "k" + std::to_string(index * 7 % kKeyCount),
                   .is_delete = index % 9 == 8,
                   .size = 1000 + (index * 7919u) % (1u << 20)};
}

std::string BodyOf(uint32_t index) { return PatternBytes(OperationAt(index).size, index); }

// Runs in the forked child: performs operations from `first` on, writing
// each acknowledged index to `ack_fd`, until it is killed. Never returns.
[[noreturn]] void RunWriter(const std::string& database_url, const std::string& root,
                            uint32_t first, int ack_fd) {
  std::unique_ptr<Logger> logger =
      Logger::ToStderr(LogFormat::kHuman, LogLevel::kError, /*color=*/false);
  Result<db::DatabasePtr> database = db::OpenDatabase(db::DatabaseOptions{.url = database_url});
  if (!database.ok()) {
    ::_exit(kChildFailed);
  }
  SystemClock clock;
  Result<ObjectStorePtr> store =
      ObjectStore::Open(**database, clock, *logger, ObjectStoreOptions{.root = root});
  if (!store.ok()) {
    ::_exit(kChildFailed);
  }
  for (uint32_t index = first;; ++index) {
    const Operation operation = OperationAt(index);
    if (operation.is_delete) {
      if (!(*store)->DeleteObject("crash", operation.key, {}).ok()) {
        ::_exit(kChildFailed);
      }
    } else {
      Result<ObjectWriter> writer = (*store)->BeginPut("crash", operation.key);
      const std::string body = BodyOf(index);
      PutOptions options;
      options.attributes.user_metadata["index"] = std::to_string(index);
      if (!writer.ok() || !writer->Write(body).ok() || !writer->Commit(options, {}).ok()) {
        ::_exit(kChildFailed);
      }
    }
    // One 4-byte write is atomic on a pipe; it survives the child's death.
    if (::write(ack_fd, &index, sizeof(index)) != sizeof(index)) {
      ::_exit(kChildFailed);
    }
  }
}

constexpr int64_t kAbsent = -1;

// Each key's content after operations [0, end): the index of the put that
// wrote it, or kAbsent.
std::map<std::string, int64_t> StateAfter(uint32_t end) {
  std::map<std::string, int64_t> state;
  for (int key_index = 0; key_index < kKeyCount; ++key_index) {
    state["k" + std::to_string(key_index)] = kAbsent;
  }
  for (uint32_t index = 0; index < end; ++index) {
    const Operation operation = OperationAt(index);
    state[operation.key] = operation.is_delete ? kAbsent : int64_t{index};
  }
  return state;
}

class CrashSafetyTest : public StorageTest {};

TEST_F(CrashSafetyTest, AcknowledgedObjectsSurviveSigkill) {
  ASSERT_OK(store_->CreateBucket("crash"));
  // The child must not inherit open SQLite connections or the root's lock.
  store_.reset();
  database_.reset();

  std::mt19937 random(4242);
  uint32_t acknowledged_end = 0;  // Operations [0, end) are acknowledged.
  constexpr int kRounds = 6;
  for (int round = 0; round < kRounds; ++round) {
    int pipe_fds[2];
    ASSERT_EQ(::pipe(pipe_fds), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      ::close(pipe_fds[0]);
      RunWriter(DatabaseUrl(), Root(), acknowledged_end, pipe_fds[1]);
    }
    ::close(pipe_fds[1]);
    // Let it run for a random while (the first round longer: it opens too).
    const auto run_for = std::chrono::milliseconds(round == 0 ? 300 : 60 + random() % 300);
    std::this_thread::sleep_for(run_for);
    ASSERT_EQ(::kill(child, SIGKILL), 0);
    int wait_status = 0;
    ASSERT_EQ(::waitpid(child, &wait_status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(wait_status)) << "child exited with " << WEXITSTATUS(wait_status);

    uint32_t acked = 0;
    while (::read(pipe_fds[0], &acked, sizeof(acked)) == sizeof(acked)) {
      ASSERT_EQ(acked, acknowledged_end);  // Acknowledged in order.
      ++acknowledged_end;
    }
    ::close(pipe_fds[0]);

    // Reopen: what the crash left is collected.
    ASSERT_OK_AND_ASSIGN(database_, db::OpenDatabase(db::DatabaseOptions{.url = DatabaseUrl()}));
    ASSERT_OK_AND_ASSIGN(store_, OpenStore());
    EXPECT_TRUE(TempFiles().empty());

    // The operation in flight at the kill may or may not have committed.
    const auto acknowledged = StateAfter(acknowledged_end);
    const auto with_in_flight = StateAfter(acknowledged_end + 1);
    size_t objects = 0;
    for (int key_index = 0; key_index < kKeyCount; ++key_index) {
      const std::string key = "k" + std::to_string(key_index);
      const int64_t expected = acknowledged.at(key);
      const int64_t alternative = with_in_flight.at(key);
      Result<ObjectContent> content = store_->GetObject("crash", key);
      if (!content.ok()) {
        ASSERT_EQ(content.status().code(), StatusCode::kNotFound) << content.status().ToString();
        EXPECT_TRUE(expected == kAbsent || alternative == kAbsent)
            << key << " lost after " << acknowledged_end << " acknowledged operations";
        continue;
      }
      ++objects;
      const std::string body = ReadAll(content->body);
      // Whole: the bytes match the ETag and the put that wrote them.
      EXPECT_EQ(internal::DigestHex(internal::Md5Of(body)), content->info.etag) << key;
      const int64_t index = std::stoll(content->info.attributes.user_metadata.at("index"));
      EXPECT_TRUE(body == BodyOf(static_cast<uint32_t>(index))) << key << " is torn";
      EXPECT_TRUE(index == expected || index == alternative)
          << key << " holds put " << index << " after " << acknowledged_end << " acknowledged";
    }
    // No unreferenced blob survived the reopen.
    EXPECT_EQ(BlobFiles().size(), objects);
    store_.reset();
    database_.reset();
  }
  EXPECT_GT(acknowledged_end, 0u) << "the child never acknowledged anything";
}

}  // namespace
}  // namespace gloss::storage
