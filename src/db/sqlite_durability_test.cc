// What Durability::kFull promises at the level a test can check: once
// Commit() returns, a SIGKILL of the process loses nothing. (Power loss,
// which synchronous=FULL also covers, needs a VM to test.)

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "db/database.h"
#include "db/sqlite_test_fixture.h"
#include "test/support/status_matchers.h"

namespace gloss::db {
namespace {

constexpr int kChildFailed = 3;

// Runs in the forked child: commits row `n`, then dies at once, without
// closing anything. Never returns.
[[noreturn]] void CommitThenSigkill(const DatabaseOptions& options, int n) {
  Result<DatabasePtr> db = OpenDatabase(options);
  if (!db.ok()) {
    ::_exit(kChildFailed);
  }
  Result<TransactionPtr> transaction = (*db)->Begin(TransactionKind::kWrite);
  if (!transaction.ok() || !(*transaction)->Execute("INSERT INTO acked (n) VALUES (?)", {n}).ok() ||
      !(*transaction)->Commit().ok()) {
    ::_exit(kChildFailed);
  }
  ::kill(::getpid(), SIGKILL);
  ::_exit(kChildFailed);  // Not reached.
}

TEST_F(SqliteDatabaseTest, CommitSurvivesSigkillRightAfterCommitReturns) {
  ASSERT_OK(db_->Execute("CREATE TABLE acked (n INTEGER PRIMARY KEY)"));
  db_.reset();  // The child must not inherit open SQLite connections.
  DatabaseOptions options = FileOptions();
  options.durability = Durability::kFull;

  constexpr int kRounds = 5;
  for (int round = 1; round <= kRounds; ++round) {
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      CommitThenSigkill(options, round);
    }
    int wait_status = 0;
    ASSERT_EQ(::waitpid(child, &wait_status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(wait_status)) << "child exited with " << WEXITSTATUS(wait_status);
    ASSERT_EQ(WTERMSIG(wait_status), SIGKILL);

    ASSERT_OK_AND_ASSIGN(const DatabasePtr reopened, OpenDatabase(options));
    ASSERT_OK_AND_ASSIGN(const std::optional<Row> row,
                         reopened->QueryOne("SELECT count(*), max(n) FROM acked"));
    EXPECT_EQ(row->Get<int64_t>(0).value(), round);
    EXPECT_EQ(row->Get<int64_t>(1).value(), round);
  }
}

}  // namespace
}  // namespace gloss::db
