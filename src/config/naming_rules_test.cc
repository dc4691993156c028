#include "config/internal/naming_rules.h"

#include <gtest/gtest.h>

namespace gloss::config {
namespace {

TEST(NamingRulesTest, BucketNames) {
  for (const char* name : {"abc", "my-bucket.2", "0ab", "a.b-c"}) {
    EXPECT_FALSE(CheckBucketName(name).has_value()) << name;
  }
  for (const char* name : {"ab", "ABC", "a_b", ".ab", "ab-", "a..b", "10.0.0.1", "a b"}) {
    EXPECT_TRUE(CheckBucketName(name).has_value()) << name;
  }
  EXPECT_FALSE(CheckBucketName("10.0.0.1.5").has_value());  // Not an IPv4 address.
}

TEST(NamingRulesTest, QueueNames) {
  EXPECT_FALSE(CheckQueueName("a-B_1").has_value());
  EXPECT_FALSE(CheckQueueName("a.fifo").has_value());
  EXPECT_TRUE(CheckQueueName("a.fifo.fifo").has_value());
  EXPECT_TRUE(CheckQueueName("").has_value());
  EXPECT_TRUE(IsFifoQueueName("x.fifo"));
  EXPECT_FALSE(IsFifoQueueName("x-fifo"));
}

TEST(NamingRulesTest, EnvironmentVariableNames) {
  EXPECT_FALSE(CheckEnvironmentVariableName("_PRIVATE").has_value());
  EXPECT_FALSE(CheckEnvironmentVariableName("MY_AWS_THING").has_value());
  EXPECT_FALSE(CheckEnvironmentVariableName("aws_lower").has_value());
  for (const char* name : {"AWS_REGION", "AWS_LAMBDA_FUNCTION_NAME", "LAMBDA_TASK_ROOT", "_HANDLER",
                           "_X_AMZN_TRACE_ID", "", "9A", "A.B"}) {
    EXPECT_TRUE(CheckEnvironmentVariableName(name).has_value()) << name;
  }
}

TEST(NamingRulesTest, SecretNames) {
  EXPECT_FALSE(CheckSecretName("/amplify/shared/app-1/KEY.v2").has_value());
  EXPECT_TRUE(CheckSecretName("a b").has_value());
  EXPECT_TRUE(CheckSecretName(std::string(513, 's')).has_value());
}

TEST(NamingRulesTest, ModuleNames) {
  for (const char* name : {"sharp", "@aws-lambda-powertools/logger", "lodash.merge", "a~b", "A1"}) {
    EXPECT_FALSE(CheckModuleName(name).has_value()) << name;
  }
  for (const char* name :
       {"", ".hidden", "_private", "@scope", "@/x", "@scope/", "a/b", "a b", "@scope/.x", "x,y"}) {
    EXPECT_TRUE(CheckModuleName(name).has_value()) << name;
  }
  EXPECT_FALSE(CheckModuleName(std::string(214, 'm')).has_value());
  EXPECT_TRUE(CheckModuleName(std::string(215, 'm')).has_value());
}

TEST(NamingRulesTest, Regions) {
  for (const char* region : {"us-east-1", "eu-central-1", "ap-southeast-2", "us-gov-west-1"}) {
    EXPECT_FALSE(CheckRegion(region).has_value()) << region;
  }
  for (const char* region : {"us-east-", "-east-1", "us--1", "useast-1", "us-east-123"}) {
    EXPECT_TRUE(CheckRegion(region).has_value()) << region;
  }
}

}  // namespace
}  // namespace gloss::config
