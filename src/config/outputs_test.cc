#include "config/outputs.h"

#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "config/testing/temp_app.h"
#include "test/support/status_matchers.h"

namespace gloss::config {
namespace {

using gloss::testing::StatusIs;
using testing::TempApp;

const Endpoint kEndpoint{"http://127.0.0.1:4000"};

class OutputsTest : public ::testing::Test {
 protected:
  nlohmann::json Render(std::string_view toml) {
    Result<BackendSpec> spec = app_.Parse(toml);
    EXPECT_OK(spec);
    return spec.ok() ? RenderOutputs(*spec, kEndpoint) : nlohmann::json();
  }

  std::string ReadFile(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

  TempApp app_;
};

TEST_F(OutputsTest, EmptyBackendHasVersionAndCustomOnly) {
  EXPECT_EQ(Render(""), nlohmann::json::parse(R"({"version": "1.4", "custom": {}})"));
}

TEST_F(OutputsTest, FullBackendMatchesGolden) {
  const nlohmann::json outputs = Render(R"(region = "eu-central-1"
[auth]
loginWith = ["email", "phone"]
groups = ["ADMINS", "EDITORS"]
passwordPolicy = { minLength = 10, requireSymbols = false }

[data]
defaultAuthorizationMode = "userPool"
apiKey = { expiresInDays = 30 }

[storage.photos]
name = "photos-bucket"
access = [
  { path = "photos/{entity_id}/*", entity = ["read", "write"], guest = ["get"] },
  { path = "shared/*", authenticated = ["list", "write"], groups = { ADMINS = ["read", "delete"] } },
]
[storage.archive]
isDefault = true

[queues.jobs]
queueName = "jobs-queue"

[outputs.custom]
queueUrl = "${queues.jobs.url}"
nested = { arn = "${queues.jobs.arn}", list = ["${storage.photos.name}", 3, true], price = "$$5" }
)");
  const nlohmann::json golden = nlohmann::json::parse(R"({
    "version": "1.4",
    "auth": {
      "aws_region": "eu-central-1",
      "password_policy": {"min_length": 10, "require_numbers": true, "require_lowercase": true,
                          "require_uppercase": true, "require_symbols": false},
      "username_attributes": ["email", "phone_number"],
      "standard_required_attributes": ["email", "phone_number"],
      "user_verification_types": ["email", "phone_number"],
      "unauthenticated_identities_enabled": true,
      "mfa_configuration": "NONE",
      "groups": [{"ADMINS": {"precedence": 0}}, {"EDITORS": {"precedence": 1}}]
    },
    "data": {
      "aws_region": "eu-central-1",
      "url": "http://127.0.0.1:4000/graphql",
      "default_authorization_type": "AMAZON_COGNITO_USER_POOLS",
      "authorization_types": ["API_KEY", "AWS_IAM"]
    },
    "storage": {
      "aws_region": "eu-central-1",
      "bucket_name": "archive",
      "buckets": [
        {"name": "archive", "bucket_name": "archive", "aws_region": "eu-central-1", "paths": {}},
        {"name": "photos", "bucket_name": "photos-bucket", "aws_region": "eu-central-1", "paths": {
          "photos/{entity_id}/*": {"entityidentity": ["get", "list", "write"], "guest": ["get"]},
          "shared/*": {"authenticated": ["list", "write"], "groupsADMINS": ["get", "list", "delete"]}
        }}
      ]
    },
    "custom": {
      "queueUrl": "http://127.0.0.1:4000/000000000000/jobs-queue",
      "nested": {"arn": "arn:aws:sqs:eu-central-1:000000000000:jobs-queue",
                 "list": ["photos-bucket", 3, true], "price": "$5"}
    }
  })");
  EXPECT_EQ(outputs, golden) << outputs.dump(2);
}

TEST_F(OutputsTest, UsernameLoginHasNoUsernameAttributes) {
  const nlohmann::json outputs = Render("[auth]\nloginWith = ['username']\n");
  EXPECT_EQ(outputs["auth"]["username_attributes"], nlohmann::json::array());
  EXPECT_EQ(outputs["auth"]["unauthenticated_identities_enabled"], false);
}

TEST_F(OutputsTest, AuthorizationTypesListTheOtherModes) {
  EXPECT_EQ(Render("[auth]\n[data]\ndefaultAuthorizationMode = 'apiKey'\n")["data"],
            nlohmann::json::parse(R"({"aws_region": "us-east-1",
              "url": "http://127.0.0.1:4000/graphql", "default_authorization_type": "API_KEY",
              "authorization_types": ["AMAZON_COGNITO_USER_POOLS", "AWS_IAM"]})"));
  EXPECT_EQ(Render("[data]\ndefaultAuthorizationMode = 'iam'\n")["data"]["authorization_types"],
            nlohmann::json::array());
}

TEST_F(OutputsTest, CustomOutputsRejectValuesJsonCannotHold) {
  EXPECT_THAT(app_.Parse("[outputs.custom]\nwhen = 1979-05-27\n"),
              testing::HasError("2:8",
                                "outputs.custom.when: expected a string, number, boolean, "
                                "array or table, got a date"));
  EXPECT_THAT(app_.Parse("[outputs.custom]\nx = nan\n"), testing::HasError("2:5", "no inf or nan"));
  EXPECT_THAT(app_.Parse("[outputs.custom]\nx = ['${queues.none.url}']\n"),
              testing::HasError("2:7", "outputs.custom.x[0]: '${queues.none.url}' refers to"));
  EXPECT_THAT(app_.Parse("[outputs]\ncustom = 5\n"),
              testing::HasError("2:10", "outputs.custom: expected a table"));
  EXPECT_THAT(app_.Parse("[outputs.other]\n"), testing::HasError("1:10", "unknown key 'other'"));
}

TEST_F(OutputsTest, WriteOutputsFileWritesIndentedJsonWithNewline) {
  const std::filesystem::path path = app_.dir() / "gloss_outputs.json";
  const nlohmann::json outputs = {{"version", "1.4"}, {"custom", {{"a", 1}}}};
  ASSERT_OK(WriteOutputsFile(path, outputs));
  const std::string text = ReadFile(path);
  EXPECT_EQ(text, "{\n  \"custom\": {\n    \"a\": 1\n  },\n  \"version\": \"1.4\"\n}\n");
  EXPECT_EQ(nlohmann::json::parse(text), outputs);
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0644u);
}

TEST_F(OutputsTest, WriteOutputsFileReplacesAndLeavesNoTemporaryFile) {
  const std::filesystem::path path = app_.dir() / "gloss_outputs.json";
  ASSERT_OK(WriteOutputsFile(path, {{"version", "old"}}));
  ASSERT_OK(WriteOutputsFile(path, {{"version", "new"}}));
  EXPECT_EQ(nlohmann::json::parse(ReadFile(path))["version"], "new");
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(app_.dir())) {
    files += entry.is_regular_file() ? 1 : 0;
  }
  EXPECT_EQ(files, 1u);  // Only gloss_outputs.json; data/ is a folder.
}

TEST_F(OutputsTest, WriteOutputsFileIntoMissingFolderFails) {
  EXPECT_THAT(WriteOutputsFile(app_.dir() / "missing/out.json", {}),
              StatusIs(StatusCode::kUnavailable));
  EXPECT_FALSE(std::filesystem::exists(app_.dir() / "missing"));
}

}  // namespace
}  // namespace gloss::config
