#include "queue/commit_pipeline.h"

#include <atomic>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "db/sqlite_test_fixture.h"
#include "test/support/status_matchers.h"

namespace gloss::queue {
namespace {

class CommitPipelineTest : public db::SqliteDatabaseTest {
 protected:
  void SetUp() override {
    db::SqliteDatabaseTest::SetUp();
    ASSERT_OK(db_->Execute("CREATE TABLE t (v INTEGER NOT NULL UNIQUE)"));
  }

  int64_t Rows() {
    Result<std::optional<db::Row>> row = db_->QueryOne("SELECT count(*) FROM t");
    if (!row.ok() || !*row) {
      return -1;
    }
    Result<int64_t> count = (*row)->Get<int64_t>(0);
    return count.ok() ? *count : -1;
  }
};

TEST_F(CommitPipelineTest, ConcurrentJobsCommitInGroups) {
  CommitPipeline pipeline(*db_);
  constexpr int kThreads = 8;
  constexpr int kPerThread = 100;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const int64_t value = t * kPerThread + i;
        const Status status = pipeline.Run([value](db::Transaction& transaction) {
          return transaction.Execute("INSERT INTO t (v) VALUES (?)", {value}).status();
        });
        if (!status.ok()) {
          ++failures;
        }
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Rows(), kThreads * kPerThread);
  // With eight writers at once, groups hold more than one job (the exact
  // number depends on scheduling, so only "fewer commits than jobs").
  EXPECT_LT(pipeline.groups_committed(), static_cast<size_t>(kThreads * kPerThread));
}

TEST_F(CommitPipelineTest, AFailingJobDoesNotFailItsNeighbours) {
  CommitPipeline pipeline(*db_);
  ASSERT_OK(pipeline.Run([](db::Transaction& transaction) {
    return transaction.Execute("INSERT INTO t (v) VALUES (1)").status();
  }));
  std::vector<std::thread> threads;
  std::vector<Status> results(20);
  for (int i = 0; i < 20; ++i) {
    threads.emplace_back([&, i] {
      // Job 0 violates the UNIQUE constraint, aborting its transaction.
      const int64_t value = i == 0 ? 1 : 100 + i;
      results[i] = pipeline.Run([value](db::Transaction& transaction) {
        return transaction.Execute("INSERT INTO t (v) VALUES (?)", {value}).status();
      });
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(results[0].code(), StatusCode::kAlreadyExists);
  for (int i = 1; i < 20; ++i) {
    EXPECT_OK(results[i]) << i;
  }
  EXPECT_EQ(Rows(), 20);
}

TEST_F(CommitPipelineTest, DomainErrorsAreReturnedAndNothingIsWritten) {
  CommitPipeline pipeline(*db_);
  const Status status = pipeline.Run(
      [](db::Transaction&) { return Status::NotFound("QueueDoesNotExist: no such queue"); });
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_EQ(Rows(), 0);
}

TEST_F(CommitPipelineTest, RunAfterStopIsUnavailable) {
  CommitPipeline pipeline(*db_);
  pipeline.Stop();
  EXPECT_EQ(pipeline.Run([](db::Transaction&) { return Status::Ok(); }).code(),
            StatusCode::kUnavailable);
}

}  // namespace
}  // namespace gloss::queue
