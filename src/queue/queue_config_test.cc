#include "queue/queue_config.h"

#include <gtest/gtest.h>

#include "queue/protocol/sqs_errors.h"
#include "test/support/status_matchers.h"

namespace gloss::queue {
namespace {

using protocol::SqsErrorCode;
using protocol::SqsErrorCodeOf;

TEST(QueueConfigTest, DefaultsAreSqsDefaults) {
  ASSERT_OK_AND_ASSIGN(QueueConfig config, NewQueueConfig("eu-west-1", "jobs", {}));
  EXPECT_EQ(config.arn, "arn:aws:sqs:eu-west-1:000000000000:jobs");
  EXPECT_FALSE(config.fifo);
  EXPECT_EQ(config.attributes.at("VisibilityTimeout"), "30");
  EXPECT_EQ(config.attributes.at("MessageRetentionPeriod"), "345600");
  EXPECT_EQ(config.attributes.at("MaximumMessageSize"), "262144");
}

TEST(QueueConfigTest, ParsesRedrivePolicies) {
  ASSERT_OK_AND_ASSIGN(
      QueueConfig config,
      NewQueueConfig(
          "us-east-1", "jobs",
          {{"RedrivePolicy", R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq",)"
                             R"("maxReceiveCount":"3"})"}}));
  ASSERT_TRUE(config.redrive.has_value());
  EXPECT_EQ(config.redrive->dead_letter_queue, "dlq");
  EXPECT_EQ(config.redrive->max_receive_count, 3);
  EXPECT_EQ(config.attributes.at("RedrivePolicy"),
            R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq",)"
            R"("maxReceiveCount":3})");
  for (
      const char* bad :
      {"{}", "not json", R"({"deadLetterTargetArn":"x","maxReceiveCount":3})",
       R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq","maxReceiveCount":0})",
       R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:jobs","maxReceiveCount":1})"}) {
    EXPECT_EQ(
        SqsErrorCodeOf(NewQueueConfig("us-east-1", "jobs", {{"RedrivePolicy", bad}}).status()),
        SqsErrorCode::kInvalidAttributeValue)
        << bad;
  }
}

TEST(QueueConfigTest, FifoRules) {
  EXPECT_OK(NewQueueConfig("us-east-1", "a.fifo", {{"FifoQueue", "true"}}));
  EXPECT_EQ(SqsErrorCodeOf(NewQueueConfig("us-east-1", "a", {{"FifoQueue", "true"}}).status()),
            SqsErrorCode::kInvalidParameterValue);
  EXPECT_EQ(SqsErrorCodeOf(
                NewQueueConfig("us-east-1", "a", {{"ContentBasedDeduplication", "true"}}).status()),
            SqsErrorCode::kInvalidAttributeName);
  ASSERT_OK_AND_ASSIGN(QueueConfig config, NewQueueConfig("us-east-1", "a", {}));
  EXPECT_EQ(SqsErrorCodeOf(ApplyAttributes(config, {{"FifoQueue", "false"}}).status()),
            SqsErrorCode::kInvalidAttributeValue);
}

TEST(QueueConfigTest, ValidatesNames) {
  EXPECT_OK(ValidateQueueName("evaluation-queue_1"));
  EXPECT_OK(ValidateQueueName(std::string(75, 'a') + ".fifo"));
  for (const std::string& bad : {std::string(), std::string(".fifo"), std::string("a.b"),
                                 std::string(81, 'a'), std::string("a/b")}) {
    EXPECT_FALSE(ValidateQueueName(bad).ok()) << bad;
  }
}

TEST(QueueConfigTest, ArnNames) {
  EXPECT_EQ(QueueNameOfArn("arn:aws:sqs:us-east-1:000000000000:jobs"), "jobs");
  EXPECT_EQ(QueueNameOfArn("arn:aws:sns:us-east-1:000000000000:jobs"), std::nullopt);
  EXPECT_EQ(QueueNameOfArn("arn:aws:sqs:us-east-1"), std::nullopt);
}

}  // namespace
}  // namespace gloss::queue
