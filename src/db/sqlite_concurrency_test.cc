// Many threads on one Database: writes serialise without losing updates, and
// readers see consistent snapshots while writers commit.

#include <atomic>
#include <future>
#include <vector>

#include <gtest/gtest.h>

#include "core/blocking_pool.h"
#include "db/database.h"
#include "db/sqlite_test_fixture.h"
#include "test/support/status_matchers.h"

namespace gloss::db {
namespace {

constexpr int kThreads = 4;
constexpr int kIncrementsPerThread = 200;

TEST_F(SqliteDatabaseTest, ConcurrentWriteTransactionsLoseNoIncrement) {
  ASSERT_OK(
      db_->ExecuteScript("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL);"
                         "INSERT INTO counter VALUES (1, 0);"));
  BlockingPool pool(kThreads);
  std::vector<std::future<Status>> done;
  for (int thread_idx = 0; thread_idx < kThreads; ++thread_idx) {
    auto promise = std::make_shared<std::promise<Status>>();
    done.push_back(promise->get_future());
    ASSERT_TRUE(pool.Submit([this, promise] {
      Status status;
      for (int increment_idx = 0; increment_idx < kIncrementsPerThread && status.ok();
           ++increment_idx) {
        // Read-modify-write, so a lost update would show in the total.
        status = db_->WithTransaction(TransactionKind::kWrite, [](Transaction& transaction) {
          ASSIGN_OR_RETURN(const std::optional<Row> row,
                           transaction.QueryOne("SELECT n FROM counter WHERE id = 1"));
          ASSIGN_OR_RETURN(const int64_t n, row->Get<int64_t>(0));
          return transaction.Execute("UPDATE counter SET n = ? WHERE id = 1", {n + 1}).status();
        });
      }
      promise->set_value(status);
    }));
  }
  for (std::future<Status>& result : done) {
    EXPECT_OK(result.get());
  }
  ASSERT_OK_AND_ASSIGN(const std::optional<Row> row, db_->QueryOne("SELECT n FROM counter"));
  EXPECT_EQ(row->Get<int64_t>(0).value(), kThreads * kIncrementsPerThread);
}

TEST_F(SqliteDatabaseTest, ReadersSeeConsistentSnapshotsDuringWrites) {
  // Writers move one unit between two accounts; every snapshot sums to 100.
  ASSERT_OK(
      db_->ExecuteScript("CREATE TABLE accounts (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL);"
                         "INSERT INTO accounts VALUES (1, 100), (2, 0);"));
  BlockingPool pool(kThreads);
  std::atomic<bool> writing = true;
  std::promise<Status> writer_done;
  ASSERT_TRUE(pool.Submit([&] {
    Status status;
    for (int move_idx = 0; move_idx < 300 && status.ok(); ++move_idx) {
      status = db_->WithTransaction(TransactionKind::kWrite, [](Transaction& transaction) {
        RETURN_IF_ERROR(
            transaction.Execute("UPDATE accounts SET balance = balance - 1 WHERE id = 1").status());
        return transaction.Execute("UPDATE accounts SET balance = balance + 1 WHERE id = 2")
            .status();
      });
    }
    writing = false;
    writer_done.set_value(status);
  }));
  std::vector<std::future<Status>> readers;
  for (int reader_idx = 0; reader_idx < kThreads - 1; ++reader_idx) {
    auto promise = std::make_shared<std::promise<Status>>();
    readers.push_back(promise->get_future());
    ASSERT_TRUE(pool.Submit([&, promise] {
      Status status;
      while (writing && status.ok()) {
        status = db_->WithTransaction(TransactionKind::kRead, [](Transaction& transaction) {
          // Two statements, one snapshot.
          ASSIGN_OR_RETURN(const std::optional<Row> first,
                           transaction.QueryOne("SELECT balance FROM accounts WHERE id = 1"));
          ASSIGN_OR_RETURN(const std::optional<Row> second,
                           transaction.QueryOne("SELECT balance FROM accounts WHERE id = 2"));
          ASSIGN_OR_RETURN(const int64_t a, first->Get<int64_t>(0));
          ASSIGN_OR_RETURN(const int64_t b, second->Get<int64_t>(0));
          return a + b == 100 ? Status::Ok() : Status::Internal("torn read");
        });
      }
      promise->set_value(status);
    }));
  }
  EXPECT_OK(writer_done.get_future().get());
  for (std::future<Status>& reader : readers) {
    EXPECT_OK(reader.get());
  }
  ASSERT_OK_AND_ASSIGN(const std::optional<Row> row,
                       db_->QueryOne("SELECT balance FROM accounts WHERE id = 2"));
  EXPECT_EQ(row->Get<int64_t>(0).value(), 300);
}

}  // namespace
}  // namespace gloss::db
