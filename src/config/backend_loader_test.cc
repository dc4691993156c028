// Loader-wide behaviour: files, syntax, error format, unknown keys, region,
// and the [auth] and [data] sections.

#include "config/backend_loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/internal/diagnostics.h"
#include "config/testing/temp_app.h"
#include "test/support/status_matchers.h"

namespace gloss::config {
namespace {

using gloss::testing::StatusIs;
using ::testing::ElementsAre;
using testing::ErrorCount;
using testing::HasError;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using testing::TempApp;

class BackendLoaderTest : public ::testing::Test {
 protected:
  TempApp app_;
};

TEST_F(BackendLoaderTest, MissingBackendFileIsNotFound) {
  EXPECT_THAT(LoadBackend(app_.dir()), StatusIs(StatusCode::kNotFound));
}

TEST_F(BackendLoaderTest, LoadReadsBackendTomlAndReportsItsAbsolutePath) {
  app_.WriteFile("backend.toml", "region = 'nowhere'\n");
  const Result<BackendSpec> spec = LoadBackend(app_.dir());
  ASSERT_THAT(spec, StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(std::string(spec.status().message()),
              StartsWith((app_.dir() / "backend.toml").string() + ":1:10: region:"));
}

TEST_F(BackendLoaderTest, EmptyFileIsAnEmptyBackend) {
  app_.WriteFile("backend.toml", "");
  ASSERT_OK_AND_ASSIGN(const BackendSpec spec, LoadBackend(app_.dir()));
  EXPECT_EQ(spec.region, "us-east-1");
  EXPECT_FALSE(spec.auth.has_value());
  EXPECT_FALSE(spec.data.has_value());
  EXPECT_TRUE(spec.storage.empty());
  EXPECT_EQ(spec.custom_outputs, nlohmann::json::object());
  EXPECT_EQ(spec.backend_file, app_.dir() / "backend.toml");
  EXPECT_EQ(spec.app_dir, app_.dir());
}

TEST_F(BackendLoaderTest, SyntaxErrorIsReportedWithPosition) {
  EXPECT_THAT(app_.Parse("[auth]\nloginWith = [\"email\"\n"),
              HasError("2:22", "Error while parsing array"));
  EXPECT_THAT(app_.Parse("a = \"\\q\"\n"), HasError("1:7", "unknown escape sequence"));
}

TEST_F(BackendLoaderTest, SyntaxErrorNamesTheFileAsGiven) {
  const Result<BackendSpec> spec = ParseBackend("x = ", "some/dir/backend.toml", app_.dir());
  EXPECT_THAT(std::string(spec.status().message()), StartsWith("some/dir/backend.toml:1:5: "));
}

TEST_F(BackendLoaderTest, UnknownTopLevelKeySuggestsTheNearest) {
  EXPECT_THAT(app_.Parse("regoin = 'us-east-1'\n"),
              HasError("1:1", "unknown key 'regoin' at the top level, did you mean 'region'?"));
}

TEST_F(BackendLoaderTest, UnknownKeyInTableNamesTheTable) {
  EXPECT_THAT(app_.Parse("[queues.evaluation]\nfoo = 1\n"),
              HasError("2:1", "unknown key 'foo' in [queues.evaluation]"));
  EXPECT_THAT(app_.Parse("[queues.evaluation]\nqueuename = 'x'\n"),
              HasError("2:1", "did you mean 'queueName'?"));
}

TEST_F(BackendLoaderTest, UnknownKeyInInlineTableIsFound) {
  EXPECT_THAT(app_.Parse("[auth]\npasswordPolicy = { minLenght = 8 }\n"),
              HasError("2:20",
                       "unknown key 'minLenght' in [auth.passwordPolicy], did you mean "
                       "'minLength'?"));
}

TEST_F(BackendLoaderTest, WrongTypeNamesFieldAndTypes) {
  EXPECT_THAT(app_.Parse("region = 5\n"),
              HasError("1:10", "region: expected a string, got an integer"));
  EXPECT_THAT(app_.Parse("auth = 5\n"), HasError("1:8", "auth: expected a table, got an integer"));
  EXPECT_THAT(app_.Parse("[storage]\nimages = 'x'\n"),
              HasError("2:10", "storage.images: expected a table"));
}

TEST_F(BackendLoaderTest, AllErrorsAreReportedSortedByPosition) {
  const Result<BackendSpec> spec = app_.Parse(
      "[queues.q]\n"
      "maxMessageSize = 5\n"
      "visibilityTimeout = '13h'\n"
      "[auth]\n"
      "passwordPolicy = { minLength = 5 }\n");
  EXPECT_THAT(
      spec,
      HasError("2:18", "queues.q.maxMessageSize: must be between 1024 and 262144 bytes, got 5"));
  EXPECT_THAT(spec,
              HasError("3:21", "queues.q.visibilityTimeout: must be between 0s and 12h, got 13h"));
  EXPECT_THAT(spec,
              HasError("5:32", "auth.passwordPolicy.minLength: must be between 6 and 99, got 5"));
  EXPECT_EQ(ErrorCount(spec), 3u);
  EXPECT_THAT(std::string(spec.status().message()), StartsWith("backend.toml:2:18:"));
}

TEST_F(BackendLoaderTest, ErrorListIsCapped) {
  std::string toml = "[queues.q]\n";
  for (int key_idx = 0; key_idx < 30; ++key_idx) {
    toml += "unknown" + std::to_string(key_idx) + " = 1\n";
  }
  const Result<BackendSpec> spec = app_.Parse(toml);
  EXPECT_EQ(ErrorCount(spec), Diagnostics::kMaxListedErrors + 1);
  EXPECT_THAT(std::string(spec.status().message()), HasSubstr("10 more not shown"));
}

TEST_F(BackendLoaderTest, RegionMustLookLikeAnAwsRegion) {
  ASSERT_OK_AND_ASSIGN(const BackendSpec spec, app_.Parse("region = 'us-gov-west-1'\n"));
  EXPECT_EQ(spec.region, "us-gov-west-1");
  for (const char* region : {"US-EAST-1", "us-east", "useast1", "us-east-1a", "u-east-1", ""}) {
    EXPECT_THAT(app_.Parse("region = '" + std::string(region) + "'\n"),
                HasError("1:10", "must look like 'us-east-1'"))
        << region;
  }
}

TEST_F(BackendLoaderTest, AuthDefaults) {
  ASSERT_OK_AND_ASSIGN(const BackendSpec spec, app_.Parse("[auth]\n"));
  ASSERT_TRUE(spec.auth.has_value());
  EXPECT_THAT(spec.auth->login_with, ElementsAre(LoginAttribute::kEmail));
  EXPECT_EQ(spec.auth->password_policy.min_length, 8u);
  EXPECT_TRUE(spec.auth->password_policy.require_symbols);
  EXPECT_EQ(spec.auth->where.line, 1u);
}

TEST_F(BackendLoaderTest, AuthReadsEveryField) {
  ASSERT_OK_AND_ASSIGN(const BackendSpec spec, app_.Parse(R"([auth]
loginWith = ["phone", "username"]
groups = ["A", "b_2"]
passwordPolicy = { minLength = 12, requireSymbols = false, temporaryPasswordValidity = "3d" }
idTokenValidity = "30m"
refreshTokenValidity = "90d"
)"));
  EXPECT_THAT(spec.auth->login_with,
              ElementsAre(LoginAttribute::kPhone, LoginAttribute::kUsername));
  EXPECT_THAT(spec.auth->groups, ElementsAre("A", "b_2"));
  EXPECT_EQ(spec.auth->password_policy.min_length, 12u);
  EXPECT_FALSE(spec.auth->password_policy.require_symbols);
  EXPECT_EQ(spec.auth->password_policy.temporary_password_validity, std::chrono::hours(72));
  EXPECT_EQ(spec.auth->id_token_validity, std::chrono::minutes(30));
  EXPECT_EQ(spec.auth->refresh_token_validity, std::chrono::hours(24 * 90));
}

TEST_F(BackendLoaderTest, PasswordMinLengthRange) {
  EXPECT_THAT(app_.Parse("[auth]\npasswordPolicy = { minLength = 100 }\n"),
              HasError("2:32", "must be between 6 and 99, got 100"));
  EXPECT_THAT(app_.Parse("[auth]\npasswordPolicy = { minLength = '8' }\n"),
              HasError("2:32", "expected an integer, got a string"));
}

TEST_F(BackendLoaderTest, LoginWithMustBeANonEmptySubset) {
  EXPECT_THAT(app_.Parse("[auth]\nloginWith = []\n"), HasError("2:13", "at least one"));
  EXPECT_THAT(app_.Parse("[auth]\nloginWith = ['email', 'google']\n"),
              HasError("2:23", "unknown login attribute 'google'"));
  EXPECT_THAT(app_.Parse("[auth]\nloginWith = ['email', 'email']\n"),
              HasError("2:23", "listed twice"));
  EXPECT_THAT(app_.Parse("[auth]\nloginWith = [1]\n"),
              HasError("2:14", "auth.loginWith[0]: expected a string, got an integer"));
}

TEST_F(BackendLoaderTest, GroupNamesMustBeValidAndUnique) {
  EXPECT_THAT(app_.Parse("[auth]\ngroups = ['A', 'A']\n"),
              HasError("2:16", "group 'A' is listed twice"));
  EXPECT_THAT(app_.Parse("[auth]\ngroups = ['has space']\n"),
              HasError("2:11", "group name 'has space' may contain only"));
  EXPECT_THAT(app_.Parse("[auth]\ngroups = ['" + std::string(129, 'g') + "']\n"),
              HasError("2:11", "must be 1 to 128 characters"));
}

TEST_F(BackendLoaderTest, TokenValidityRanges) {
  EXPECT_THAT(app_.Parse("[auth]\naccessTokenValidity = '2d'\n"),
              HasError("2:23", "must be between 5m and 1d, got 2d"));
}

TEST_F(BackendLoaderTest, DataDefaults) {
  ASSERT_OK_AND_ASSIGN(const BackendSpec spec, app_.Parse("[auth]\n[data]\n"));
  ASSERT_TRUE(spec.data.has_value());
  EXPECT_EQ(spec.data->schema_file, app_.dir() / "data/schema.graphql");
  EXPECT_EQ(spec.data->default_authorization_mode, AuthorizationMode::kUserPool);
  EXPECT_FALSE(spec.data->api_key.has_value());
}

TEST_F(BackendLoaderTest, DataReadsEveryField) {
  app_.WriteFile("other/s.graphql", "type Query { a: Int }\n");
  ASSERT_OK_AND_ASSIGN(
      const BackendSpec spec,
      app_.Parse("[data]\nschema = 'other/s.graphql'\ndefaultAuthorizationMode = 'iam'\n"
                 "apiKey = { expiresInDays = 30 }\n"));
  EXPECT_EQ(spec.data->schema_file, app_.dir() / "other/s.graphql");
  EXPECT_EQ(spec.data->default_authorization_mode, AuthorizationMode::kIam);
  EXPECT_EQ(spec.data->api_key->expires_in_days, 30u);
}

TEST_F(BackendLoaderTest, ApiKeyModeBringsADefaultKey) {
  ASSERT_OK_AND_ASSIGN(const BackendSpec spec,
                       app_.Parse("[data]\ndefaultAuthorizationMode = 'apiKey'\n"));
  EXPECT_EQ(spec.data->api_key->expires_in_days, 7u);
}

TEST_F(BackendLoaderTest, AuthorizationModeMustBeKnown) {
  EXPECT_THAT(app_.Parse("[data]\ndefaultAuthorizationMode = 'oidc'\n"),
              HasError("2:28", "unknown mode 'oidc' (expected userPool, apiKey or iam)"));
}

TEST_F(BackendLoaderTest, UserPoolModeNeedsAuth) {
  EXPECT_THAT(app_.Parse("[data]\n"),
              HasError("1:1", "data.defaultAuthorizationMode: 'userPool' needs an [auth] section"));
}

TEST_F(BackendLoaderTest, ApiKeyExpiryRange) {
  EXPECT_THAT(
      app_.Parse("[data]\ndefaultAuthorizationMode = 'iam'\napiKey = { expiresInDays = 366 }\n"),
      HasError("3:28", "data.apiKey.expiresInDays: must be between 1 and 365, got 366"));
  EXPECT_THAT(
      app_.Parse("[data]\ndefaultAuthorizationMode = 'iam'\napiKey = { expiresInDays = 0 }\n"),
      HasError("3:28", "got 0"));
}

TEST_F(BackendLoaderTest, SchemaFileMustExistInsideTheApp) {
  EXPECT_THAT(app_.Parse("[auth]\n[data]\nschema = 'data/missing.graphql'\n"),
              HasError("3:10", "data.schema: schema file 'data/missing.graphql' is not a file"));
  EXPECT_THAT(app_.Parse("[auth]\n[data]\nschema = '../outside.graphql'\n"),
              HasError("3:10", "must not contain '..'"));
  EXPECT_THAT(app_.Parse("[auth]\n[data]\nschema = '/etc/passwd'\n"),
              HasError("3:10", "must be relative to the app folder"));
  EXPECT_THAT(app_.Parse("[auth]\n[data]\nschema = 'data'\n"), HasError("3:10", "is not a file"));
}

TEST_F(BackendLoaderTest, MissingDefaultSchemaPointsAtTheDataTable) {
  std::filesystem::remove(app_.dir() / "data/schema.graphql");
  EXPECT_THAT(app_.Parse("[auth]\n\n[data]\n"),
              HasError("3:1", "schema file 'data/schema.graphql' is not a file"));
}

TEST_F(BackendLoaderTest, SymlinkOutOfTheAppIsRejected) {
  TempApp other;
  std::filesystem::create_symlink(other.dir() / "data/schema.graphql",
                                  app_.dir() / "data/link.graphql");
  EXPECT_THAT(app_.Parse("[auth]\n[data]\nschema = 'data/link.graphql'\n"),
              HasError("3:10", "leads outside the app folder"));
}

}  // namespace
}  // namespace gloss::config
