#include "gloss/data_client.h"

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

class DataClientTest : public ::testing::Test {
 protected:
  void Serve(ScriptedResponse response, std::string endpoint_path = "") {
    auto server = LoopbackServer::Start([response](const CapturedRequest&) { return response; });
    ASSERT_OK(server);
    server_ = std::move(server).value();
    ClientConfig config = TestConfig(*server_);
    config.endpoint += endpoint_path;
    Outcome<DataClient> client = DataClient::Create(config);
    ASSERT_TRUE(client.ok()) << client.error().ToString();
    client_.emplace(std::move(client).value());
  }

  std::unique_ptr<LoopbackServer> server_;
  std::optional<DataClient> client_;
};

TEST_F(DataClientTest, ExecutePostsSignedGraphqlAndReturnsData) {
  Serve({.headers = {{"Content-Type", "application/json"}},
         .body = R"({"data":{"getImage":{"id":"i1"}}})"});
  const Outcome<json> data =
      client_->Execute("query($id: ID!) { getImage(id: $id) { id } }", {{"id", "i1"}});
  ASSERT_TRUE(data.ok()) << data.error().ToString();
  EXPECT_EQ(*data, json({{"getImage", {{"id", "i1"}}}}));

  const CapturedRequest request = server_->requests().at(0);
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.target, "/graphql");
  EXPECT_EQ(request.Header("content-type"), "application/json");
  EXPECT_EQ(json::parse(request.body),
            json({{"query", "query($id: ID!) { getImage(id: $id) { id } }"},
                  {"variables", {{"id", "i1"}}}}));
  Result<aws::SigV4Identity> identity = VerifySigned(request, /*raw_path=*/false);
  ASSERT_OK(identity);
  EXPECT_EQ(identity->service, "appsync");
}

TEST_F(DataClientTest, GraphqlErrorsAreAnErrorThatKeepsTheWholeResponse) {
  const std::string body =
      R"({"data":{"a":null},"errors":[{"errorType":"Unauthorized","message":"Not Authorized to access a"},)"
      R"({"message":"second"}]})";
  Serve({.body = body});
  const Outcome<json> data = client_->Execute("{ a }");
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(data.error().code, "Unauthorized");
  EXPECT_EQ(data.error().message, "Not Authorized to access a");
  EXPECT_EQ(data.error().http_status, 200u);
  EXPECT_EQ(json::parse(data.error().body)["errors"].size(), 2u);
}

TEST_F(DataClientTest, ErrorWithoutTypeIsGraphQLError) {
  Serve({.status = 400, .body = R"({"errors":[{"message":"Syntax Error"}]})"});
  const Outcome<json> data = client_->Execute("{");
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(data.error().code, "GraphQLError");
  EXPECT_EQ(data.error().http_status, 400u);
  EXPECT_EQ(data.error().message, "Syntax Error");
}

TEST_F(DataClientTest, NonGraphqlFailureUsesStatusName) {
  Serve({.status = 503, .body = "busy"});
  const Outcome<json> data = client_->Execute("{ a }");
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(data.error().code, "ServiceUnavailable");
}

TEST_F(DataClientTest, FullGraphqlUrlIsUsedAsIs) {
  Serve({.body = R"({"data":{}})"}, "/graphql");
  ASSERT_TRUE(client_->Execute("{ a }").ok());
  EXPECT_EQ(server_->requests().at(0).target, "/graphql");
}

TEST_F(DataClientTest, BasePathIsKept) {
  Serve({.body = R"({"data":{}})"}, "/api/");
  ASSERT_TRUE(client_->Execute("{ a }").ok());
  EXPECT_EQ(server_->requests().at(0).target, "/api/graphql");
  EXPECT_OK(VerifySigned(server_->requests().at(0), false));
}

}  // namespace
}  // namespace gloss
