#include "db/internal/database_url.h"

#include <gtest/gtest.h>

#include "test/support/status_matchers.h"

namespace gloss::db::internal {
namespace {

using ::gloss::testing::StatusIs;

TEST(DatabaseUrlTest, ParsesEachAcceptedForm) {
  ASSERT_OK_AND_ASSIGN(const DatabaseUrl file, ParseDatabaseUrl("sqlite:///var/lib/gloss/g.db"));
  EXPECT_EQ(file.engine, DatabaseUrl::Engine::kSqliteFile);
  EXPECT_EQ(file.location, "/var/lib/gloss/g.db");

  ASSERT_OK_AND_ASSIGN(const DatabaseUrl plain, ParseDatabaseUrl("data/g.db"));
  EXPECT_EQ(plain.engine, DatabaseUrl::Engine::kSqliteFile);
  EXPECT_EQ(plain.location, "data/g.db");

  ASSERT_OK_AND_ASSIGN(const DatabaseUrl memory, ParseDatabaseUrl("sqlite::memory:"));
  EXPECT_EQ(memory.engine, DatabaseUrl::Engine::kSqliteMemory);

  ASSERT_OK_AND_ASSIGN(const DatabaseUrl postgres, ParseDatabaseUrl("postgresql://h/db"));
  EXPECT_EQ(postgres.engine, DatabaseUrl::Engine::kPostgres);
}

TEST(DatabaseUrlTest, RejectsMalformedUrls) {
  for (const char* url :
       {"", "sqlite://relative/path", "sqlite:x.db", "mysql://h/db", "sqlite://"}) {
    EXPECT_THAT(ParseDatabaseUrl(url), StatusIs(StatusCode::kInvalidArgument)) << url;
  }
}

}  // namespace
}  // namespace gloss::db::internal
