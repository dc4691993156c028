#include "db/database.h"

#include <chrono>
#include <fstream>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "db/sqlite_test_fixture.h"
#include "test/support/status_matchers.h"

namespace gloss::db {
namespace {

using ::gloss::testing::StatusIs;
using ::testing::Optional;

mode_t FileMode(const std::filesystem::path& path) {
  struct stat info {};
  GLOSS_CHECK(::stat(path.c_str(), &info) == 0);
  return info.st_mode & 0777;
}

TEST_F(SqliteDatabaseTest, OpenCreatesDatabaseAndWalFilesWithMode0600) {
  ASSERT_OK(db_->Execute("CREATE TABLE t (x INTEGER)"));
  EXPECT_EQ(FileMode(DatabasePath()), 0600u);
  EXPECT_EQ(FileMode(DatabasePath().string() + "-wal"), 0600u);
}

TEST_F(SqliteDatabaseTest, OpenSwitchesTheFileToWalMode) {
  ASSERT_OK(db_->Execute("CREATE TABLE t (x INTEGER)"));
  // Bytes 18 and 19 of the header are the read/write format versions: 2 is WAL.
  std::ifstream file(DatabasePath(), std::ios::binary);
  char header[20] = {};
  ASSERT_TRUE(file.read(header, sizeof(header)));
  EXPECT_EQ(header[18], 2);
  EXPECT_EQ(header[19], 2);
}

TEST_F(SqliteDatabaseTest, DurabilitySetsSynchronousPragma) {
  ASSERT_OK_AND_ASSIGN(const std::optional<Row> full, db_->QueryOne("PRAGMA synchronous"));
  EXPECT_THAT(full->Get<int64_t>(0).value(), 2);  // FULL.

  db_.reset();
  DatabaseOptions options = FileOptions();
  options.durability = Durability::kNormal;
  ASSERT_OK_AND_ASSIGN(db_, OpenDatabase(options));
  ASSERT_OK_AND_ASSIGN(const std::optional<Row> normal, db_->QueryOne("PRAGMA synchronous"));
  EXPECT_THAT(normal->Get<int64_t>(0).value(), 1);  // NORMAL.
}

TEST_F(SqliteDatabaseTest, OpenAcceptsAPlainPath) {
  db_.reset();
  ASSERT_OK_AND_ASSIGN(db_, OpenDatabase({.url = DatabasePath().string()}));
  ASSERT_OK(db_->Execute("CREATE TABLE t (x INTEGER)"));
}

TEST_F(SqliteDatabaseTest, OpenFailsWithNotFoundWhenTheDirectoryIsMissing) {
  const std::string url = "sqlite://" + (dir_.path() / "missing" / "x.db").string();
  EXPECT_THAT(OpenDatabase({.url = url}), StatusIs(StatusCode::kNotFound));
}

TEST_F(SqliteDatabaseTest, OpenReportsCorruptionForAFileThatIsNotADatabase) {
  const std::filesystem::path path = dir_.path() / "garbage.db";
  std::ofstream(path) << std::string(4096, 'x');
  EXPECT_THAT(OpenDatabase({.url = path.string()}), StatusIs(StatusCode::kCorruption));
}

TEST_F(SqliteDatabaseTest, OpenRejectsPostgresAsUnimplemented) {
  EXPECT_THAT(OpenDatabase({.url = "postgres://gloss@localhost/gloss"}),
              StatusIs(StatusCode::kUnimplemented));
}

TEST_F(SqliteDatabaseTest, OpenRejectsBadOptions) {
  EXPECT_THAT(OpenDatabase({.url = "sqlite::memory:", .max_readers = 0}),
              StatusIs(StatusCode::kInvalidArgument));
}

TEST_F(SqliteDatabaseTest, InsertQueryUpdateDeleteRoundTrip) {
  ASSERT_OK(db_->Execute("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL)"));

  ASSERT_OK_AND_ASSIGN(const ExecResult inserted,
                       db_->Execute("INSERT INTO users (email) VALUES (?)", {"a@example.com"}));
  EXPECT_EQ(inserted.rows_affected, 1);
  EXPECT_THAT(inserted.last_insert_id, Optional(1));
  ASSERT_OK(db_->Execute("INSERT INTO users (email) VALUES (?)", {"b@example.com"}));

  ASSERT_OK_AND_ASSIGN(
      const ExecResult updated,
      db_->Execute("UPDATE users SET email = ? WHERE id = ?", {"c@example.com", 1}));
  EXPECT_EQ(updated.rows_affected, 1);
  EXPECT_EQ(updated.last_insert_id, std::nullopt);

  ASSERT_OK_AND_ASSIGN(const Rows rows, db_->Query("SELECT id, email FROM users ORDER BY id"));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].Get<std::string>("email").value(), "c@example.com");
  EXPECT_EQ(rows[1].Get<int64_t>("id").value(), 2);

  ASSERT_OK_AND_ASSIGN(const ExecResult deleted, db_->Execute("DELETE FROM users"));
  EXPECT_EQ(deleted.rows_affected, 2);
  ASSERT_OK_AND_ASSIGN(const ExecResult ddl,
                       db_->Execute("CREATE INDEX users_email ON users (email)"));
  EXPECT_EQ(ddl.rows_affected, 0);
}

TEST_F(SqliteDatabaseTest, QueryRunsInsertReturningOnTheWriter) {
  ASSERT_OK(db_->Execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"));
  ASSERT_OK_AND_ASSIGN(const std::optional<Row> row,
                       db_->QueryOne("INSERT INTO notes (body) VALUES (?) RETURNING id", {"hi"}));
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->Get<int64_t>("id").value(), 1);
}

TEST_F(SqliteDatabaseTest, UpsertWithOnConflictUpdatesTheExistingRow) {
  ASSERT_OK(db_->Execute("CREATE TABLE kv (k TEXT PRIMARY KEY, v INTEGER NOT NULL)"));
  constexpr std::string_view kUpsert =
      "INSERT INTO kv (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v";
  ASSERT_OK(db_->Execute(kUpsert, {"a", 1}));
  ASSERT_OK(db_->Execute(kUpsert, {"a", 2}));
  ASSERT_OK_AND_ASSIGN(const std::optional<Row> row, db_->QueryOne("SELECT v FROM kv"));
  EXPECT_EQ(row->Get<int64_t>(0).value(), 2);
}

TEST_F(SqliteDatabaseTest, ValuesOfEveryTypeRoundTripIncludingNull) {
  ASSERT_OK(db_->Execute("CREATE TABLE t (i INTEGER, d REAL, s TEXT, b BLOB, n TEXT)"));
  const std::string bytes("a\0b\0\xff", 5);
  ASSERT_OK(db_->Execute("INSERT INTO t VALUES (?, ?, ?, ?, ?)",
                         {int64_t{-9007199254740993}, 2.5, "h\xc3\xa9llo", Blob{bytes},
                          std::optional<std::string>()}));
  ASSERT_OK_AND_ASSIGN(const std::optional<Row> row, db_->QueryOne("SELECT * FROM t"));
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->Get<int64_t>("i").value(), -9007199254740993);
  EXPECT_EQ(row->Get<double>("d").value(), 2.5);
  EXPECT_EQ(row->Get<std::string>("s").value(), "h\xc3\xa9llo");
  EXPECT_EQ(row->Get<Blob>("b").value().bytes, bytes);
  EXPECT_EQ(row->Get<std::optional<std::string>>("n").value(), std::nullopt);
  EXPECT_THAT(row->Get<std::string>("n"), StatusIs(StatusCode::kInternal));
  EXPECT_THAT(row->Get<std::string>("b"), StatusIs(StatusCode::kInternal));
  EXPECT_THAT(row->Get<double>("i"), StatusIs(StatusCode::kInternal));
}

TEST_F(SqliteDatabaseTest, EmptyBlobAndEmptyTextAreNotNull) {
  ASSERT_OK(db_->Execute("CREATE TABLE t (b BLOB, s TEXT)"));
  ASSERT_OK(db_->Execute("INSERT INTO t VALUES (?, ?)", {Blob{}, ""}));
  ASSERT_OK_AND_ASSIGN(const std::optional<Row> row,
                       db_->QueryOne("SELECT b IS NULL, s IS NULL, b, s FROM t"));
  EXPECT_EQ(row->Get<int64_t>(0).value(), 0);
  EXPECT_EQ(row->Get<int64_t>(1).value(), 0);
  EXPECT_EQ(row->Get<Blob>(2).value(), Blob{});
  EXPECT_EQ(row->Get<std::string>(3).value(), "");
}

TEST_F(SqliteDatabaseTest, ConstraintViolationsMapToStatusCodes) {
  ASSERT_OK(db_->ExecuteScript(R"sql(
      CREATE TABLE parents (id INTEGER PRIMARY KEY);
      CREATE TABLE kids (
        id INTEGER PRIMARY KEY,
        email TEXT NOT NULL UNIQUE,
        age INTEGER CHECK (age >= 0),
        parent INTEGER REFERENCES parents (id));
      INSERT INTO parents (id) VALUES (1);
  )sql"));
  ASSERT_OK(db_->Execute("INSERT INTO kids (id, email) VALUES (1, 'a')"));

  EXPECT_THAT(db_->Execute("INSERT INTO kids (id, email) VALUES (2, 'a')"),
              StatusIs(StatusCode::kAlreadyExists));
  EXPECT_THAT(db_->Execute("INSERT INTO kids (id, email) VALUES (1, 'b')"),
              StatusIs(StatusCode::kAlreadyExists));
  EXPECT_THAT(db_->Execute("INSERT INTO kids (email) VALUES (?)", {nullptr}),
              StatusIs(StatusCode::kFailedPrecondition));
  EXPECT_THAT(db_->Execute("INSERT INTO kids (email, age) VALUES ('c', -1)"),
              StatusIs(StatusCode::kFailedPrecondition));
  EXPECT_THAT(db_->Execute("INSERT INTO kids (email, parent) VALUES ('d', 2)"),
              StatusIs(StatusCode::kFailedPrecondition));
}

TEST_F(SqliteDatabaseTest, MisuseIsInternal) {
  ASSERT_OK(db_->Execute("CREATE TABLE t (x INTEGER)"));
  EXPECT_THAT(db_->Execute("INSERT INTO t VALUES (?"), StatusIs(StatusCode::kInternal));
  EXPECT_THAT(db_->Query("SELECT * FROM missing"), StatusIs(StatusCode::kInternal));
  EXPECT_THAT(db_->Execute("INSERT INTO t VALUES (?)", {1, 2}), StatusIs(StatusCode::kInternal));
  EXPECT_THAT(db_->Execute("INSERT INTO t VALUES (1); INSERT INTO t VALUES (2)"),
              StatusIs(StatusCode::kInternal));
  ASSERT_OK_AND_ASSIGN(const Rows rows, db_->Query("SELECT count(*) FROM t"));
  EXPECT_EQ(rows[0].Get<int64_t>(0).value(), 0);
  // A trailing comment is not a second statement.
  EXPECT_OK(db_->Execute("INSERT INTO t VALUES (1); -- one row"));
}

TEST_F(SqliteDatabaseTest, AutocommitStatementThatBeginsATransactionIsRejectedAndRolledBack) {
  EXPECT_THAT(db_->Execute("BEGIN"), StatusIs(StatusCode::kInternal));
  ASSERT_OK(db_->Execute("CREATE TABLE t (x INTEGER)"));
  ASSERT_OK_AND_ASSIGN(TransactionPtr transaction, db_->Begin(TransactionKind::kWrite));
  EXPECT_OK(transaction->Commit());
}

TEST_F(SqliteDatabaseTest, QueryOneReturnsNulloptForNoRowAndInternalForTwo) {
  ASSERT_OK(db_->ExecuteScript("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2);"));
  ASSERT_OK_AND_ASSIGN(const std::optional<Row> none,
                       db_->QueryOne("SELECT x FROM t WHERE x = ?", {3}));
  EXPECT_EQ(none, std::nullopt);
  EXPECT_THAT(db_->QueryOne("SELECT x FROM t"), StatusIs(StatusCode::kInternal));
}

TEST_F(SqliteDatabaseTest, CommittedTransactionIsVisibleAndDestroyedOneRollsBack) {
  ASSERT_OK(db_->Execute("CREATE TABLE t (x INTEGER)"));
  {
    ASSERT_OK_AND_ASSIGN(TransactionPtr transaction, db_->Begin(TransactionKind::kWrite));
    ASSERT_OK(transaction->Execute("INSERT INTO t VALUES (1)"));
    ASSERT_OK(transaction->Commit());
  }
  {
    ASSERT_OK_AND_ASSIGN(TransactionPtr transaction, db_->Begin(TransactionKind::kWrite));
    ASSERT_OK(transaction->Execute("INSERT INTO t VALUES (2)"));
  }
  ASSERT_OK_AND_ASSIGN(const Rows rows, db_->Query("SELECT x FROM t"));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].Get<int64_t>(0).value(), 1);
}

TEST_F(SqliteDatabaseTest, TransactionIsUnusableAfterCommit) {
  ASSERT_OK_AND_ASSIGN(TransactionPtr transaction, db_->Begin(TransactionKind::kWrite));
  ASSERT_OK(transaction->Commit());
  EXPECT_THAT(transaction->Commit(), StatusIs(StatusCode::kInternal));
  EXPECT_THAT(transaction->Query("SELECT 1"), StatusIs(StatusCode::kInternal));
}

TEST_F(SqliteDatabaseTest, FailedStatementAbortsTheTransactionLikePostgres) {
  ASSERT_OK(db_->Execute("CREATE TABLE t (x INTEGER PRIMARY KEY)"));
  ASSERT_OK_AND_ASSIGN(TransactionPtr transaction, db_->Begin(TransactionKind::kWrite));
  ASSERT_OK(transaction->Execute("INSERT INTO t VALUES (1)"));
  EXPECT_THAT(transaction->Execute("INSERT INTO t VALUES (1)"),
              StatusIs(StatusCode::kAlreadyExists));
  EXPECT_THAT(transaction->Execute("INSERT INTO t VALUES (2)"), StatusIs(StatusCode::kInternal));
  EXPECT_THAT(transaction->Commit(), StatusIs(StatusCode::kInternal));
  transaction.reset();
  ASSERT_OK_AND_ASSIGN(const Rows rows, db_->Query("SELECT x FROM t"));
  EXPECT_TRUE(rows.empty());
}

TEST_F(SqliteDatabaseTest, StatementThatCommitsInsideATransactionAbortsIt) {
  ASSERT_OK_AND_ASSIGN(TransactionPtr transaction, db_->Begin(TransactionKind::kWrite));
  EXPECT_THAT(transaction->Execute("COMMIT"), StatusIs(StatusCode::kInternal));
  EXPECT_THAT(transaction->Commit(), StatusIs(StatusCode::kInternal));
}

TEST_F(SqliteDatabaseTest, ReadTransactionRejectsWrites) {
  ASSERT_OK(db_->Execute("CREATE TABLE t (x INTEGER)"));
  ASSERT_OK_AND_ASSIGN(TransactionPtr transaction, db_->Begin(TransactionKind::kRead));
  EXPECT_THAT(transaction->Execute("INSERT INTO t VALUES (1)"), StatusIs(StatusCode::kInternal));
}

TEST_F(SqliteDatabaseTest, ReadTransactionKeepsItsSnapshotWhileAWriterCommits) {
  ASSERT_OK(db_->ExecuteScript("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);"));
  ASSERT_OK_AND_ASSIGN(TransactionPtr reader, db_->Begin(TransactionKind::kRead));
  ASSERT_OK_AND_ASSIGN(const Rows before, reader->Query("SELECT x FROM t"));
  ASSERT_EQ(before.size(), 1u);

  ASSERT_OK(db_->Execute("UPDATE t SET x = 2"));  // Commits beside the open reader.

  ASSERT_OK_AND_ASSIGN(const Rows during, reader->Query("SELECT x FROM t"));
  EXPECT_EQ(during[0].Get<int64_t>(0).value(), 1);
  ASSERT_OK(reader->Commit());
  ASSERT_OK_AND_ASSIGN(const Rows after, db_->Query("SELECT x FROM t"));
  EXPECT_EQ(after[0].Get<int64_t>(0).value(), 2);
}

TEST_F(SqliteDatabaseTest, WithTransactionCommitsAndReturnsTheBodysValue) {
  ASSERT_OK(db_->Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, x INTEGER)"));
  const Result<int64_t> id = db_->WithTransaction(
      TransactionKind::kWrite, [](Transaction& transaction) -> Result<int64_t> {
        ASSIGN_OR_RETURN(const std::optional<Row> row,
                         transaction.QueryOne("INSERT INTO t (x) VALUES (7) RETURNING id"));
        return row->Get<int64_t>("id");
      });
  ASSERT_OK(id);
  ASSERT_OK_AND_ASSIGN(const std::optional<Row> row,
                       db_->QueryOne("SELECT x FROM t WHERE id = ?", {*id}));
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->Get<int64_t>("x").value(), 7);
}

TEST_F(SqliteDatabaseTest, WithTransactionRetriesAnUnavailableAttemptFromScratch) {
  ASSERT_OK(db_->Execute("CREATE TABLE t (x INTEGER)"));
  int attempts = 0;
  const Result<int64_t> count = db_->WithTransaction(
      TransactionKind::kWrite, [&](Transaction& transaction) -> Result<int64_t> {
        ++attempts;
        RETURN_IF_ERROR(transaction.Execute("INSERT INTO t VALUES (?)", {attempts}).status());
        if (attempts < Database::kTransactionAttempts) {
          return Status::Unavailable("simulated serialization failure");
        }
        ASSIGN_OR_RETURN(const std::optional<Row> row,
                         transaction.QueryOne("SELECT count(*) FROM t"));
        return row->Get<int64_t>(0);
      });
  ASSERT_OK(count);
  EXPECT_EQ(*count, 1);  // The failed attempts' inserts were rolled back.
  EXPECT_EQ(attempts, Database::kTransactionAttempts);
}

TEST_F(SqliteDatabaseTest, WithTransactionGivesUpAfterTheLastAttempt) {
  int attempts = 0;
  const Status status = db_->WithTransaction(TransactionKind::kRead, [&](Transaction&) {
    ++attempts;
    return Status::Unavailable("always busy");
  });
  EXPECT_THAT(status, StatusIs(StatusCode::kUnavailable));
  EXPECT_EQ(attempts, Database::kTransactionAttempts);
}

TEST_F(SqliteDatabaseTest, WithTransactionDoesNotRetryOtherErrorsAndRollsBack) {
  ASSERT_OK(db_->Execute("CREATE TABLE t (x INTEGER)"));
  int attempts = 0;
  const Status status =
      db_->WithTransaction(TransactionKind::kWrite, [&](Transaction& transaction) {
        ++attempts;
        RETURN_IF_ERROR(transaction.Execute("INSERT INTO t VALUES (1)").status());
        return Status::NotFound("the body's own error");
      });
  EXPECT_THAT(status, StatusIs(StatusCode::kNotFound));
  EXPECT_EQ(attempts, 1);
  ASSERT_OK_AND_ASSIGN(const Rows rows, db_->Query("SELECT x FROM t"));
  EXPECT_TRUE(rows.empty());
}

class TwoProcessesTest : public SqliteDatabaseTest {
 protected:
  // A second Database on the same file stands in for another process: SQLite
  // locks the file between connections as it would between processes.
  void OpenOther(std::chrono::milliseconds busy_timeout) {
    db_.reset();
    DatabaseOptions options = FileOptions();
    options.busy_timeout = busy_timeout;
    ASSERT_OK_AND_ASSIGN(db_, OpenDatabase(options));
    ASSERT_OK_AND_ASSIGN(other_, OpenDatabase(options));
    ASSERT_OK(db_->Execute("CREATE TABLE t (x INTEGER)"));
  }

  DatabasePtr other_;
};

TEST_F(TwoProcessesTest, WriterBusyBeyondTheTimeoutIsUnavailable) {
  OpenOther(std::chrono::milliseconds(50));
  ASSERT_OK_AND_ASSIGN(TransactionPtr holder, other_->Begin(TransactionKind::kWrite));
  EXPECT_THAT(db_->Begin(TransactionKind::kWrite), StatusIs(StatusCode::kUnavailable));
  EXPECT_THAT(db_->Execute("INSERT INTO t VALUES (1)"), StatusIs(StatusCode::kUnavailable));
  // Readers are not blocked by the writer (WAL).
  EXPECT_OK(db_->Query("SELECT x FROM t"));
}

TEST_F(TwoProcessesTest, WithTransactionOutlastsAWriterHeldLongerThanOneTimeout) {
  // Generous, so a loaded CI machine (ASan, 2 cores) keeps the release well
  // inside the second attempt.
  constexpr std::chrono::milliseconds kTimeout(400);
  OpenOther(kTimeout);
  ASSERT_OK_AND_ASSIGN(TransactionPtr holder, other_->Begin(TransactionKind::kWrite));
  std::thread releaser([&] {
    // Past the first attempt's timeout, well inside the second attempt's.
    std::this_thread::sleep_for(kTimeout * 3 / 2);
    ASSERT_OK(holder->Commit());
  });
  const auto start = std::chrono::steady_clock::now();
  const Status status = db_->WithTransaction(TransactionKind::kWrite, [](Transaction& transaction) {
    return transaction.Execute("INSERT INTO t VALUES (1)").status();
  });
  const auto elapsed = std::chrono::steady_clock::now() - start;
  releaser.join();
  EXPECT_OK(status);
  EXPECT_GE(elapsed, kTimeout);
}

TEST(SqliteMemoryDatabaseTest, InMemoryDatabaseSharesOneConnectionForReadsAndWrites) {
  ASSERT_OK_AND_ASSIGN(const DatabasePtr db, OpenDatabase({.url = "sqlite::memory:"}));
  ASSERT_OK(db->ExecuteScript("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);"));
  ASSERT_OK_AND_ASSIGN(const Rows rows, db->Query("SELECT x FROM t"));
  EXPECT_EQ(rows.size(), 1u);
  {
    ASSERT_OK_AND_ASSIGN(TransactionPtr reader, db->Begin(TransactionKind::kRead));
    EXPECT_THAT(reader->Execute("INSERT INTO t VALUES (2)"), StatusIs(StatusCode::kInternal));
  }
  // The read transaction's query_only mode ended with it.
  EXPECT_OK(db->Execute("INSERT INTO t VALUES (3)"));
}

}  // namespace
}  // namespace gloss::db
