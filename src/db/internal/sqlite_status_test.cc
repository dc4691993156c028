#include "db/internal/sqlite_status.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "test/support/status_matchers.h"

namespace gloss::db::internal {
namespace {

using ::gloss::testing::StatusIs;

// The codes that are hard to provoke on a healthy disk; the rest are covered
// end to end in database_test.cc.
TEST(SqliteStatusTest, MapsEnvironmentFailures) {
  EXPECT_THAT(StatusFromSqliteCode(SQLITE_BUSY, "m"), StatusIs(StatusCode::kUnavailable));
  EXPECT_THAT(StatusFromSqliteCode(SQLITE_BUSY_SNAPSHOT, "m"), StatusIs(StatusCode::kUnavailable));
  EXPECT_THAT(StatusFromSqliteCode(SQLITE_LOCKED, "m"), StatusIs(StatusCode::kUnavailable));
  EXPECT_THAT(StatusFromSqliteCode(SQLITE_FULL, "m"), StatusIs(StatusCode::kUnavailable));
  EXPECT_THAT(StatusFromSqliteCode(SQLITE_IOERR_FSYNC, "m"), StatusIs(StatusCode::kUnavailable));
  EXPECT_THAT(StatusFromSqliteCode(SQLITE_READONLY_DBMOVED, "m"),
              StatusIs(StatusCode::kUnavailable));
  EXPECT_THAT(StatusFromSqliteCode(SQLITE_CORRUPT, "m"), StatusIs(StatusCode::kCorruption));
  EXPECT_THAT(StatusFromSqliteCode(SQLITE_NOTADB, "m"), StatusIs(StatusCode::kCorruption));
  EXPECT_THAT(StatusFromSqliteCode(SQLITE_TOOBIG, "m"), StatusIs(StatusCode::kPayloadTooLarge));
}

TEST(SqliteStatusTest, MapsConstraintsAndBugs) {
  EXPECT_THAT(StatusFromSqliteCode(SQLITE_CONSTRAINT_UNIQUE, "m"),
              StatusIs(StatusCode::kAlreadyExists));
  EXPECT_THAT(StatusFromSqliteCode(SQLITE_CONSTRAINT_PRIMARYKEY, "m"),
              StatusIs(StatusCode::kAlreadyExists));
  EXPECT_THAT(StatusFromSqliteCode(SQLITE_CONSTRAINT_DATATYPE, "m"),
              StatusIs(StatusCode::kFailedPrecondition));
  EXPECT_THAT(StatusFromSqliteCode(SQLITE_READONLY, "m"), StatusIs(StatusCode::kInternal));
  EXPECT_THAT(StatusFromSqliteCode(SQLITE_MISUSE, "m"), StatusIs(StatusCode::kInternal));
  EXPECT_THAT(StatusFromSqliteCode(SQLITE_ERROR, "m"), StatusIs(StatusCode::kInternal));
}

}  // namespace
}  // namespace gloss::db::internal
