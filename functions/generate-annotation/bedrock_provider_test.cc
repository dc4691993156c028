#include "generate-annotation/bedrock_provider.h"

#include <map>
#include <string>

#include <gtest/gtest.h>

#include "test/support/status_matchers.h"

namespace gloss::generate_annotation {
namespace {

// An environment of `values` only.
EnvLookup Env(std::map<std::string, std::string> values) {
  return [values = std::move(values)](const char* name) -> const char* {
    const auto found = values.find(name);
    return found == values.end() ? nullptr : found->second.c_str();
  };
}

TEST(BedrockOptionsTest, DefaultsToRealBedrockInTheFunctionsRegionOverHttps) {
  // gloss sets AWS_ENDPOINT_URL to itself; it serves no Bedrock.
  ASSERT_OK_AND_ASSIGN(
      BedrockOptions options,
      BedrockOptionsFromEnvironment(
          Env({{"AWS_REGION", "eu-central-1"}, {"AWS_ENDPOINT_URL", "http://127.0.0.1:4000"}})));
  EXPECT_EQ(options.client.endpoint, "https://bedrock-runtime.eu-central-1.amazonaws.com");
  EXPECT_EQ(options.client.region, "eu-central-1");
}

TEST(BedrockOptionsTest, AnEndpointVariableWins) {
  ASSERT_OK_AND_ASSIGN(BedrockOptions named,
                       BedrockOptionsFromEnvironment(
                           Env({{"BEDROCK_ENDPOINT_URL", "https://proxy.internal:8443"},
                                {"AWS_ENDPOINT_URL_BEDROCK_RUNTIME", "http://127.0.0.1:9"}})));
  EXPECT_EQ(named.client.endpoint, "https://proxy.internal:8443");
  ASSERT_OK_AND_ASSIGN(BedrockOptions service,
                       BedrockOptionsFromEnvironment(
                           Env({{"AWS_ENDPOINT_URL_BEDROCK_RUNTIME", "http://127.0.0.1:9"}})));
  EXPECT_EQ(service.client.endpoint, "http://127.0.0.1:9");
}

}  // namespace
}  // namespace gloss::generate_annotation
