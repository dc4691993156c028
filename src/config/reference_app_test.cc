// Loads the reference app (app/backend.toml) as shipped.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/backend_loader.h"
#include "config/outputs.h"
#include "config/references.h"
#include "test/support/status_matchers.h"

namespace gloss::config {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

const std::filesystem::path kAppDir = std::filesystem::path(GLOSS_SOURCE_DIR) / "app";

class ReferenceAppTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<BackendSpec> spec = LoadBackend(kAppDir);
    ASSERT_OK(spec);
    spec_ = std::move(spec).value();
  }

  BackendSpec spec_;
};

TEST_F(ReferenceAppTest, AuthAndData) {
  ASSERT_TRUE(spec_.auth.has_value());
  EXPECT_THAT(spec_.auth->login_with, ElementsAre(LoginAttribute::kEmail));
  EXPECT_THAT(spec_.auth->groups, ElementsAre("ADMINS", "ANNOTATORS"));
  EXPECT_EQ(spec_.auth->password_policy.min_length, 8u);
  ASSERT_TRUE(spec_.data.has_value());
  EXPECT_EQ(spec_.data->schema_file, kAppDir.lexically_normal() / "data/schema.graphql");
  EXPECT_EQ(spec_.data->default_authorization_mode, AuthorizationMode::kUserPool);
  EXPECT_EQ(spec_.data->api_key->expires_in_days, 30u);
}

TEST_F(ReferenceAppTest, StorageAndQueues) {
  const StorageSpec& images = spec_.storage.at("images");
  EXPECT_EQ(images.name, "images");
  EXPECT_TRUE(images.is_default);
  ASSERT_EQ(images.access.size(), 3u);
  EXPECT_EQ(images.access[0].path, "images/original/{entity_id}/*");

  const QueueSpec& evaluation = spec_.queues.at("evaluation");
  EXPECT_EQ(evaluation.name, "evaluation-queue");
  EXPECT_EQ(evaluation.visibility_timeout, std::chrono::minutes(15));
  EXPECT_EQ(evaluation.retention_period, std::chrono::hours(24 * 7));
  EXPECT_EQ(evaluation.dead_letter->queue_key, "evaluation-dlq");
  EXPECT_EQ(evaluation.dead_letter->max_receive_count, 3u);
  EXPECT_EQ(spec_.queues.at("evaluation-dlq").retention_period, std::chrono::hours(24 * 14));
}

TEST_F(ReferenceAppTest, Functions) {
  ASSERT_EQ(spec_.functions.size(), 5u);
  const FunctionSpec& process = spec_.functions.at("process-image");
  EXPECT_EQ(process.entry.builtin, "process-image");
  EXPECT_EQ(process.timeout, std::chrono::seconds(60));
  EXPECT_EQ(process.memory_mb, 1024u);
  EXPECT_EQ(std::get<StorageTrigger>(process.triggers.at(0)).prefix, "images/original/");
  EXPECT_EQ(process.policy.size(), 2u);

  const FunctionSpec& generate = spec_.functions.at("generate-annotation");
  EXPECT_THAT(generate.secrets, ElementsAre(Pair("OPENAI_API_KEY", "OPENAI_API_KEY")));
  EXPECT_EQ(ResolveTemplate(spec_, generate.policy.back().resources.at(0), Endpoint{}),
            "arn:aws:sqs:us-east-1:000000000000:evaluation-queue");

  const FunctionSpec& evaluate = spec_.functions.at("evaluate-annotation");
  EXPECT_EQ(std::get<QueueTrigger>(evaluate.triggers.at(0)).batch_size, 10u);
}

TEST_F(ReferenceAppTest, OutputsCarryTheQueueUrl) {
  const nlohmann::json outputs = RenderOutputs(spec_, Endpoint{"http://127.0.0.1:4000"});
  EXPECT_EQ(outputs["custom"]["queueUrl"], "http://127.0.0.1:4000/000000000000/evaluation-queue");
  EXPECT_EQ(outputs["data"]["url"], "http://127.0.0.1:4000/graphql");
  EXPECT_EQ(outputs["storage"]["bucket_name"], "images");
}

}  // namespace
}  // namespace gloss::config
