#include "gloss/data_client.h"

#include <map>
#include <string>
#include <vector>

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

  // Serves list pages: the page for a request is chosen by its nextToken
  // variable ("" for none) from `pages` (token -> data).
  void ServePages(std::map<std::string, json> pages) {
    auto server = LoopbackServer::Start([pages](const CapturedRequest& request) {
      const json variables = json::parse(request.body)["variables"];
      const std::string token = variables.value("nextToken", "");
      const auto page = pages.find(token);
      if (page == pages.end()) {
        return ScriptedResponse{.body = R"({"errors":[{"errorType":"BadToken","message":")" +
                                        token + R"("}]})"};
      }
      return ScriptedResponse{.body = json({{"data", page->second}}).dump()};
    });
    ASSERT_OK(server);
    server_ = std::move(server).value();
    Outcome<DataClient> client = DataClient::Create(TestConfig(*server_));
    ASSERT_TRUE(client.ok()) << client.error().ToString();
    client_.emplace(std::move(client).value());
  }

  // The nextToken variable of each request served, "" for none.
  std::vector<std::string> TokensAsked() const {
    std::vector<std::string> tokens;
    for (const CapturedRequest& request : server_->requests()) {
      tokens.push_back(json::parse(request.body)["variables"].value("nextToken", ""));
    }
    return tokens;
  }

  std::unique_ptr<LoopbackServer> server_;
  std::optional<DataClient> client_;
};

json Page(json items, json next_token) {
  return {{"listThings", {{"items", std::move(items)}, {"nextToken", std::move(next_token)}}}};
}

constexpr std::string_view kListThings =
    "query($kind: String, $nextToken: String) { listThings(kind: $kind, nextToken: $nextToken) "
    "{ items { id } nextToken } }";

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

TEST_F(DataClientTest, AllItemsFollowsNextTokenThroughEmptyPagesToTheEnd) {
  ServePages({{"", Page({{{"id", "1"}}, {{"id", "2"}}}, "t1")},
              {"t1", Page(json::array(), "t2")},
              {"t2", Page({{{"id", "3"}}}, nullptr)}});
  const Outcome<std::vector<json>> items =
      client_->AllItems(kListThings, "listThings", {{"kind", "cat"}});
  ASSERT_TRUE(items.ok()) << items.error().ToString();
  EXPECT_EQ(*items, (std::vector<json>{{{"id", "1"}}, {{"id", "2"}}, {{"id", "3"}}}));
  EXPECT_THAT(TokensAsked(), ::testing::ElementsAre("", "t1", "t2"));
  for (const CapturedRequest& request : server_->requests()) {
    EXPECT_EQ(json::parse(request.body)["variables"]["kind"], "cat");
  }
}

TEST_F(DataClientTest, FirstItemSkipsEmptyPagesAndStopsAtTheFirstMatch) {
  ServePages({{"", Page(json::array(), "t1")},
              {"t1", Page({{{"id", "a"}}, {{"id", "b"}}}, "t2")},
              {"t2", Page({{{"id", "c"}}}, nullptr)}});
  const Outcome<json> first = client_->FirstItem(kListThings, "listThings");
  ASSERT_TRUE(first.ok()) << first.error().ToString();
  EXPECT_EQ(*first, json({{"id", "a"}}));
  EXPECT_THAT(TokensAsked(), ::testing::ElementsAre("", "t1"));
}

TEST_F(DataClientTest, FirstItemIsNullWhenNoPageHasAny) {
  ServePages({{"", Page(json::array(), "t1")}, {"t1", Page(json::array(), nullptr)}});
  const Outcome<json> first = client_->FirstItem(kListThings, "listThings");
  ASSERT_TRUE(first.ok()) << first.error().ToString();
  EXPECT_TRUE(first->is_null());
}

TEST_F(DataClientTest, APageRepeatingItsTokenIsAnErrorNotAnEndlessLoop) {
  ServePages({{"", Page(json::array(), "t1")}, {"t1", Page(json::array(), "t1")}});
  const Outcome<std::vector<json>> items = client_->AllItems(kListThings, "listThings");
  ASSERT_FALSE(items.ok());
  EXPECT_EQ(items.error().code, "InvalidResponse");
  EXPECT_EQ(server_->requests().size(), 2u);
}

TEST_F(DataClientTest, AFieldThatIsNotAConnectionIsAnInvalidResponse) {
  ServePages({{"", {{"listThings", nullptr}}}});
  const Outcome<json> first = client_->FirstItem(kListThings, "listThings");
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(first.error().code, "InvalidResponse");
  EXPECT_THAT(first.error().message, ::testing::HasSubstr("listThings"));
}

TEST_F(DataClientTest, AnErrorOnALaterPageIsReturned) {
  ServePages({{"", Page({{{"id", "1"}}}, "gone")}});
  const Outcome<std::vector<json>> items = client_->AllItems(kListThings, "listThings");
  ASSERT_FALSE(items.ok());
  EXPECT_EQ(items.error().code, "BadToken");
}

}  // namespace
}  // namespace gloss
