#include "gloss/model_client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "gloss/testing/client_test_support.h"
#include "gloss/testing/loopback_server.h"
#include "test/support/status_matchers.h"

namespace gloss {
namespace {

using nlohmann::json;
using sdk::testing::CapturedRequest;
using sdk::testing::LoopbackServer;
using sdk::testing::ScriptedResponse;
using sdk::testing::TestConfig;
using sdk::testing::VerifySigned;

constexpr std::string_view kModel = "anthropic.claude-3-haiku-20240307-v1:0";

class ModelClientTest : public ::testing::Test {
 protected:
  void Serve(ScriptedResponse response) {
    auto server = LoopbackServer::Start([response](const CapturedRequest&) { return response; });
    ASSERT_OK(server);
    server_ = std::move(server).value();
    Outcome<ModelClient> client = ModelClient::Create(TestConfig(*server_));
    ASSERT_TRUE(client.ok()) << client.error().ToString();
    client_.emplace(std::move(client).value());
  }

  std::unique_ptr<LoopbackServer> server_;
  std::optional<ModelClient> client_;
};

TEST_F(ModelClientTest, InvokeModelPostsTheModelsJsonSignedForBedrock) {
  Serve({.headers = {{"Content-Type", "application/json"}},
         .body = R"({"content":[{"type":"text","text":"hi"}]})"});
  const json body = {{"anthropic_version", "bedrock-2023-05-31"},
                     {"max_tokens", 10},
                     {"messages", {{{"role", "user"}, {"content", "hello"}}}}};
  const Outcome<json> answer = client_->InvokeModel(kModel, body);
  ASSERT_TRUE(answer.ok()) << answer.error().ToString();
  EXPECT_EQ((*answer)["content"][0]["text"], "hi");

  const CapturedRequest request = server_->requests().at(0);
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.target, "/model/anthropic.claude-3-haiku-20240307-v1%3A0/invoke");
  EXPECT_EQ(request.Header("content-type"), "application/json");
  EXPECT_EQ(request.Header("accept"), "application/json");
  EXPECT_EQ(json::parse(request.body), body);
  Result<aws::SigV4Identity> identity = VerifySigned(request, /*raw_path=*/false);
  ASSERT_OK(identity);
  EXPECT_EQ(identity->service, "bedrock");
}

TEST_F(ModelClientTest, ConversePostsToConverse) {
  Serve({.body = R"({"output":{"message":{"role":"assistant","content":[{"text":"4"}]}},)"
                 R"("stopReason":"end_turn"})"});
  const json request = {{"messages", {{{"role", "user"}, {"content", {{{"text", "2+2?"}}}}}}}};
  const Outcome<json> answer = client_->Converse(kModel, request);
  ASSERT_TRUE(answer.ok()) << answer.error().ToString();
  EXPECT_EQ((*answer)["output"]["message"]["content"][0]["text"], "4");
  EXPECT_EQ(server_->requests().at(0).target,
            "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse");
  EXPECT_OK(VerifySigned(server_->requests().at(0), false));
}

TEST_F(ModelClientTest, ErrorTypeHeaderNamesTheError) {
  Serve({.status = 400,
         .headers = {{"x-amzn-ErrorType", "ValidationException:http://internal.amazon.com/"},
                     {"x-amzn-RequestId", "r-9"}},
         .body = R"({"message":"Malformed input request"})"});
  const Outcome<json> answer = client_->InvokeModel(kModel, json::object());
  ASSERT_FALSE(answer.ok());
  EXPECT_EQ(answer.error().code, "ValidationException");
  EXPECT_EQ(answer.error().message, "Malformed input request");
  EXPECT_EQ(answer.error().request_id, "r-9");
  EXPECT_EQ(answer.error().http_status, 400u);
}

}  // namespace
}  // namespace gloss
