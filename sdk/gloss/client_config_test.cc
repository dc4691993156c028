#include "gloss/client_config.h"

#include <map>
#include <string>

#include <gtest/gtest.h>

namespace gloss {
namespace {

EnvLookup Env(std::map<std::string, std::string> values) {
  return [values = std::move(values)](const char* name) -> const char* {
    const auto it = values.find(name);
    return it == values.end() ? nullptr : it->second.c_str();
  };
}

TEST(ConfigFromEnvironmentTest, ReadsWhatGlossInjects) {
  const ClientConfig config =
      ConfigFromEnvironment("S3", Env({{"AWS_ENDPOINT_URL", "http://127.0.0.1:4000"},
                                       {"AWS_REGION", "eu-central-1"},
                                       {"AWS_ACCESS_KEY_ID", "ASIA1"},
                                       {"AWS_SECRET_ACCESS_KEY", "secret"},
                                       {"AWS_SESSION_TOKEN", "token"}}));
  EXPECT_EQ(config.endpoint, "http://127.0.0.1:4000");
  EXPECT_EQ(config.region, "eu-central-1");
  EXPECT_EQ(config.access_key_id, "ASIA1");
  EXPECT_EQ(config.secret_access_key, "secret");
  EXPECT_EQ(config.session_token, "token");
}

TEST(ConfigFromEnvironmentTest, ServiceEndpointWinsOverTheGeneralOne) {
  const EnvLookup env = Env({{"AWS_ENDPOINT_URL", "http://general"},
                             {"AWS_ENDPOINT_URL_SQS", "http://queues"},
                             {"AWS_ENDPOINT_URL_BEDROCK_RUNTIME", "http://models"}});
  EXPECT_EQ(ConfigFromEnvironment("SQS", env).endpoint, "http://queues");
  EXPECT_EQ(ConfigFromEnvironment("BEDROCK_RUNTIME", env).endpoint, "http://models");
  EXPECT_EQ(ConfigFromEnvironment("S3", env).endpoint, "http://general");
}

TEST(ConfigFromEnvironmentTest, RegionFallsBackToDefaultRegionThenUsEast1) {
  EXPECT_EQ(ConfigFromEnvironment("S3", Env({{"AWS_DEFAULT_REGION", "ap-south-1"}})).region,
            "ap-south-1");
  EXPECT_EQ(ConfigFromEnvironment("S3", Env({})).region, "us-east-1");
  EXPECT_TRUE(ConfigFromEnvironment("S3", Env({})).access_key_id.empty());
}

}  // namespace
}  // namespace gloss
