#include "db/migrations.h"

#include <array>
#include <vector>

#include <gtest/gtest.h>

#include "db/sqlite_test_fixture.h"
#include "test/support/status_matchers.h"

namespace gloss::db {
namespace {

using ::gloss::testing::StatusIs;

constexpr std::array<Migration, 2> kQueueV2 = {{
    {1, "create messages",
     "CREATE TABLE messages (id {{id}}, body {{blob}} NOT NULL, sent_at {{int64}} NOT NULL) "
     "{{strict}};"},
    {2, "add receive count",
     "ALTER TABLE messages ADD COLUMN receive_count {{int64}} NOT NULL DEFAULT 0;"
     "CREATE INDEX messages_sent_at ON messages (sent_at);"},
}};

class MigrationsTest : public SqliteDatabaseTest {
 protected:
  std::vector<int64_t> AppliedVersions(std::string_view component) {
    std::vector<int64_t> versions;
    Result<Rows> rows = db_->Query(
        "SELECT version FROM gloss_schema_migrations WHERE component = ? ORDER BY version",
        {component});
    EXPECT_OK(rows);
    for (const Row& row : *rows) {
      versions.push_back(row.Get<int64_t>(0).value());
    }
    return versions;
  }
};

TEST_F(MigrationsTest, FreshDatabaseGetsEveryMigration) {
  ASSERT_OK(Migrate(*db_, "queue", kQueueV2));
  EXPECT_EQ(AppliedVersions("queue"), (std::vector<int64_t>{1, 2}));
  ASSERT_OK(db_->Execute("INSERT INTO messages (body, sent_at) VALUES (?, ?)", {Blob{"x"}, 1}));
  ASSERT_OK_AND_ASSIGN(const std::optional<Row> row,
                       db_->QueryOne("SELECT id, receive_count FROM messages"));
  EXPECT_EQ(row->Get<int64_t>("id").value(), 1);
  EXPECT_EQ(row->Get<int64_t>("receive_count").value(), 0);
}

TEST_F(MigrationsTest, DialectTokensMakeSqliteCheckTypes) {
  ASSERT_OK(Migrate(*db_, "queue", kQueueV2));
  // {{strict}}: text in an {{int64}} column is refused, as PostgreSQL would.
  EXPECT_THAT(
      db_->Execute("INSERT INTO messages (body, sent_at) VALUES (?, ?)", {Blob{"x"}, "yesterday"}),
      StatusIs(StatusCode::kFailedPrecondition));
}

TEST_F(MigrationsTest, RerunIsANoOp) {
  ASSERT_OK(Migrate(*db_, "queue", kQueueV2));
  ASSERT_OK(Migrate(*db_, "queue", kQueueV2));
  EXPECT_EQ(AppliedVersions("queue"), (std::vector<int64_t>{1, 2}));
}

TEST_F(MigrationsTest, LaterRunAppliesOnlyNewMigrations) {
  ASSERT_OK(Migrate(*db_, "queue", std::span(kQueueV2).first(1)));
  EXPECT_EQ(AppliedVersions("queue"), (std::vector<int64_t>{1}));
  ASSERT_OK(Migrate(*db_, "queue", kQueueV2));
  EXPECT_EQ(AppliedVersions("queue"), (std::vector<int64_t>{1, 2}));
}

TEST_F(MigrationsTest, ComponentsAreVersionedIndependently) {
  ASSERT_OK(Migrate(*db_, "queue", kQueueV2));
  const std::array<Migration, 1> auth = {{{1, "users", "CREATE TABLE users (id {{id}});"}}};
  ASSERT_OK(Migrate(*db_, "auth", auth));
  EXPECT_EQ(AppliedVersions("auth"), (std::vector<int64_t>{1}));
}

TEST_F(MigrationsTest, FailingMigrationRollsBackOnlyItself) {
  const std::array<Migration, 2> broken = {{
      kQueueV2[0],
      {2, "half broken", "CREATE TABLE receipts (id {{id}}); CREATE TABLE oops (x INTEGER"},
  }};
  EXPECT_THAT(Migrate(*db_, "queue", broken), StatusIs(StatusCode::kInternal));
  EXPECT_EQ(AppliedVersions("queue"), (std::vector<int64_t>{1}));
  EXPECT_OK(db_->Query("SELECT * FROM messages"));
  EXPECT_THAT(db_->Query("SELECT * FROM receipts"), StatusIs(StatusCode::kInternal));
}

TEST_F(MigrationsTest, DowngradeIsRefused) {
  ASSERT_OK(Migrate(*db_, "queue", kQueueV2));
  EXPECT_THAT(Migrate(*db_, "queue", std::span(kQueueV2).first(1)),
              StatusIs(StatusCode::kFailedPrecondition));
}

TEST_F(MigrationsTest, MigrationInsertedBelowAnAppliedOneIsRefused) {
  const std::array<Migration, 2> sparse = {{kQueueV2[0], {3, "three", "SELECT 1;"}}};
  ASSERT_OK(Migrate(*db_, "queue", sparse));
  const std::array<Migration, 3> with_gap_filled = {{kQueueV2[0], kQueueV2[1], sparse[1]}};
  EXPECT_THAT(Migrate(*db_, "queue", with_gap_filled), StatusIs(StatusCode::kFailedPrecondition));
}

TEST_F(MigrationsTest, NonIncreasingVersionsAreRefusedBeforeAnythingRuns) {
  const std::array<Migration, 2> unordered = {
      {{2, "b", "CREATE TABLE b (x INTEGER);"}, {1, "a", "CREATE TABLE a (x INTEGER);"}}};
  EXPECT_THAT(Migrate(*db_, "queue", unordered), StatusIs(StatusCode::kInternal));
  const std::array<Migration, 2> duplicate = {{{1, "a", "SELECT 1;"}, {1, "b", "SELECT 1;"}}};
  EXPECT_THAT(Migrate(*db_, "queue", duplicate), StatusIs(StatusCode::kInternal));
  EXPECT_THAT(db_->Query("SELECT * FROM b"), StatusIs(StatusCode::kInternal));
}

TEST_F(MigrationsTest, UnknownDialectTokenIsInternal) {
  const std::array<Migration, 1> typo = {{{1, "typo", "CREATE TABLE t (x {{int46}});"}}};
  EXPECT_THAT(Migrate(*db_, "queue", typo), StatusIs(StatusCode::kInternal));
}

}  // namespace
}  // namespace gloss::db
