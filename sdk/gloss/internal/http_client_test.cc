#include "gloss/internal/http_client.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "gloss/testing/loopback_server.h"
#include "test/support/status_matchers.h"

namespace gloss::sdk {
namespace {

using ::gloss::testing::StatusIs;
using testing::CapturedRequest;
using testing::LoopbackServer;
using testing::ScriptedResponse;

std::unique_ptr<LoopbackServer> Serve(LoopbackServer::Handler handler) {
  auto server = LoopbackServer::Start(std::move(handler));
  EXPECT_OK(server);
  return std::move(server).value();
}

TEST(HttpClientTest, SendsRequestAndLowerCasesResponseHeaders) {
  auto server = Serve([](const CapturedRequest&) {
    return ScriptedResponse{.status = 201, .headers = {{"X-Thing", "v"}}, .body = "made"};
  });
  HttpClient client("127.0.0.1", server->port());
  ASSERT_OK_AND_ASSIGN(HttpResponse response,
                       client.Send({.method = "PUT",
                                    .target = "/a%20b?x=1",
                                    .headers = {{"Content-Type", "text/plain"}},
                                    .body = "data"},
                                   std::chrono::seconds(5)));
  EXPECT_EQ(response.status, 201u);
  EXPECT_EQ(response.Header("x-thing"), "v");
  EXPECT_EQ(response.body, "made");
  const CapturedRequest request = server->requests().at(0);
  EXPECT_EQ(request.method, "PUT");
  EXPECT_EQ(request.target, "/a%20b?x=1");
  EXPECT_EQ(request.Header("content-type"), "text/plain");
  EXPECT_EQ(request.Header("content-length"), "4");
  EXPECT_EQ(request.Header("host"), "127.0.0.1:" + std::to_string(server->port()));
  EXPECT_EQ(request.body, "data");
}

TEST(HttpClientTest, KeepsTheConnectionUnlessTheServerCloses) {
  auto server = Serve([](const CapturedRequest& request) {
    ScriptedResponse response{.body = "ok"};
    if (request.target == "/close") {
      response.headers.emplace_back("Connection", "close");
    }
    return response;
  });
  HttpClient client("127.0.0.1", server->port());
  for (const char* target : {"/a", "/b", "/close", "/c"}) {
    ASSERT_OK(client.Send({.method = "GET", .target = target}, std::chrono::seconds(5)));
  }
  EXPECT_EQ(server->connections(), 2);
}

TEST(HttpClientTest, HeadDoesNotWaitForTheAdvertisedBody) {
  auto server = Serve([](const CapturedRequest&) {
    return ScriptedResponse{.headers = {{"Content-Length", "100"}}};
  });
  HttpClient client("127.0.0.1", server->port());
  ASSERT_OK_AND_ASSIGN(HttpResponse response,
                       client.Send({.method = "HEAD", .target = "/x"}, std::chrono::seconds(5)));
  EXPECT_EQ(response.Header("content-length"), "100");
  EXPECT_TRUE(response.body.empty());
  ASSERT_OK(client.Send({.method = "HEAD", .target = "/y"}, std::chrono::seconds(5)));
  EXPECT_EQ(server->connections(), 1);
}

TEST(HttpClientTest, Limits) {
  auto server = Serve([](const CapturedRequest& request) {
    if (request.target == "/slow") {
      return ScriptedResponse{.body = "late", .delay = std::chrono::milliseconds(500)};
    }
    return ScriptedResponse{.body = std::string(2000, 'x')};
  });
  HttpClient client("127.0.0.1", server->port(), {.max_response_body = 1000});
  EXPECT_THAT(client.Send({.method = "GET", .target = "/big"}, std::chrono::seconds(5)),
              StatusIs(StatusCode::kPayloadTooLarge));
  EXPECT_THAT(client.Send({.method = "GET", .target = "/slow"}, std::chrono::milliseconds(100)),
              StatusIs(StatusCode::kDeadlineExceeded));
  // No timeout at all: waits as long as it takes (the runtime API's `next`).
  ASSERT_OK_AND_ASSIGN(HttpResponse late,
                       client.Send({.method = "GET", .target = "/slow"}, std::nullopt));
  EXPECT_EQ(late.body, "late");
}

TEST(HttpClientTest, FailsFastWhenNothingListens) {
  uint16_t port = 0;
  {
    auto server = Serve([](const CapturedRequest&) { return ScriptedResponse{}; });
    port = server->port();
  }
  HttpClient client("127.0.0.1", port);
  EXPECT_THAT(client.Send({.method = "GET", .target = "/"}, std::chrono::seconds(5)),
              StatusIs(StatusCode::kUnavailable));
}

TEST(HttpClientTest, DropOnAFreshConnectionIsNotRetried) {
  auto server =
      Serve([](const CapturedRequest&) { return ScriptedResponse{.drop_before_reply = true}; });
  HttpClient client("127.0.0.1", server->port());
  EXPECT_THAT(
      client.Send({.method = "POST", .target = "/once", .body = "x"}, std::chrono::seconds(5)),
      StatusIs(StatusCode::kUnavailable));
  EXPECT_EQ(server->requests().size(), 1u);
}

}  // namespace
}  // namespace gloss::sdk
