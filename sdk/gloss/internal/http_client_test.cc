#include "gloss/internal/http_client.h"

#include <chrono>
#include <optional>
#include <string>

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gloss/testing/loopback_server.h"
#include "gloss/testing/test_certificate.h"
#include "test/support/status_matchers.h"

namespace gloss::sdk {
namespace {

using ::gloss::testing::StatusIs;
using testing::CapturedRequest;
using ::testing::HasSubstr;
using testing::LoopbackServer;
using testing::MakeSelfSignedCertificate;
using testing::ScriptedResponse;
using testing::TestCertificate;

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

// --- https -----------------------------------------------------------------

constexpr std::string_view kLocalNames = "DNS:localhost,IP:127.0.0.1";

TestCertificate Identity(std::string_view subject_alt_names) {
  Result<TestCertificate> identity = MakeSelfSignedCertificate(subject_alt_names);
  EXPECT_OK(identity);
  return identity.ok() ? std::move(identity).value() : TestCertificate{};
}

std::unique_ptr<LoopbackServer> ServeTls(const TestCertificate& identity,
                                         LoopbackServer::Handler handler) {
  auto server = LoopbackServer::Start(std::move(handler), {.tls = identity});
  EXPECT_OK(server);
  return std::move(server).value();
}

ScriptedResponse Hello(const CapturedRequest& request) {
  return ScriptedResponse{.body = "hello " + request.target};
}

// A listening socket nobody accepts on: the kernel completes TCP handshakes,
// then nothing is ever said.
class SilentListener {
 public:
  SilentListener() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
    EXPECT_EQ(::listen(fd_, 4), 0);
    EXPECT_EQ(::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length), 0);
    port_ = ntohs(address.sin_port);
  }
  ~SilentListener() { ::close(fd_); }
  SilentListener(const SilentListener&) = delete;
  SilentListener& operator=(const SilentListener&) = delete;

  uint16_t port() const { return port_; }

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
};

TEST(HttpClientTlsTest, GetSucceedsWhenTheCertificateIsTrusted) {
  const TestCertificate identity = Identity(kLocalNames);
  auto server = ServeTls(identity, Hello);
  // By name (DNS SAN, SNI sent) and by address (IP SAN).
  for (const char* host : {"localhost", "127.0.0.1"}) {
    HttpClient client(host, server->port(),
                      {.tls = true, .trusted_ca_pem = identity.certificate_pem});
    ASSERT_OK_AND_ASSIGN(HttpResponse response,
                         client.Send({.method = "GET", .target = "/x"}, std::chrono::seconds(5)));
    EXPECT_EQ(response.status, 200u);
    EXPECT_EQ(response.body, "hello /x");
    EXPECT_EQ(server->requests().back().Header("host"),
              std::string(host) + ":" + std::to_string(server->port()));
  }
}

TEST(HttpClientTlsTest, KeepsTheConnectionAndReconnectsWithAFreshSession) {
  const TestCertificate identity = Identity(kLocalNames);
  auto server = ServeTls(identity, [](const CapturedRequest& request) {
    ScriptedResponse response = Hello(request);
    // Closed without close_notify, as an idle keep-alive connection ends.
    response.drop_after_reply = request.target == "/drop";
    return response;
  });
  HttpClient client("localhost", server->port(),
                    {.tls = true, .trusted_ca_pem = identity.certificate_pem});
  for (const char* target : {"/a", "/b", "/drop", "/c", "/d"}) {
    ASSERT_OK_AND_ASSIGN(
        HttpResponse response,
        client.Send({.method = "POST", .target = target, .body = "data"}, std::chrono::seconds(5)));
    EXPECT_EQ(response.body, "hello " + std::string(target));
  }
  // "/c" went out on the dropped connection, failed before any response
  // byte and was sent again on a new one.
  EXPECT_EQ(server->connections(), 2);
  const std::vector<CapturedRequest> requests = server->requests();
  ASSERT_EQ(requests.size(), 5u);
  EXPECT_EQ(requests[2].connection, 1);
  EXPECT_EQ(requests[3].connection, 2);
  EXPECT_EQ(requests[3].body, "data");
}

TEST(HttpClientTlsTest, BodyEndingWithTheConnectionIsComplete) {
  const TestCertificate identity = Identity(kLocalNames);
  auto server = ServeTls(identity, [](const CapturedRequest&) {
    return ScriptedResponse{.body = std::string(50000, 'b'), .close_delimited = true};
  });
  HttpClient client("localhost", server->port(),
                    {.tls = true, .trusted_ca_pem = identity.certificate_pem});
  for (int round = 0; round < 2; ++round) {
    ASSERT_OK_AND_ASSIGN(HttpResponse response,
                         client.Send({.method = "GET", .target = "/"}, std::chrono::seconds(5)));
    EXPECT_EQ(response.body.size(), 50000u);
  }
  EXPECT_EQ(server->connections(), 2);
}

TEST(HttpClientTlsTest, UntrustedCertificateIsRefused) {
  auto server = ServeTls(Identity(kLocalNames), Hello);
  // The system's trust store does not know a certificate made a moment ago.
  HttpClient client("localhost", server->port(), {.tls = true});
  const Result<HttpResponse> response =
      client.Send({.method = "GET", .target = "/"}, std::chrono::seconds(5));
  EXPECT_THAT(response, StatusIs(StatusCode::kFailedPrecondition));
  EXPECT_THAT(std::string(response.status().message()),
              HasSubstr("TLS handshake with localhost:" + std::to_string(server->port()) +
                        ": certificate verify failed"));
  EXPECT_TRUE(server->requests().empty());

  // Trusting some other certificate does not help.
  HttpClient other("localhost", server->port(),
                   {.tls = true, .trusted_ca_pem = Identity(kLocalNames).certificate_pem});
  EXPECT_THAT(other.Send({.method = "GET", .target = "/"}, std::chrono::seconds(5)),
              StatusIs(StatusCode::kFailedPrecondition));
  EXPECT_TRUE(server->requests().empty());
}

TEST(HttpClientTlsTest, CertificateForAnotherNameIsRefused) {
  const TestCertificate identity = Identity("DNS:gloss.example,IP:10.0.0.1");
  auto server = ServeTls(identity, Hello);
  for (const auto& [host, reason] : {std::pair{"localhost", "hostname mismatch"},
                                     std::pair{"127.0.0.1", "IP address mismatch"}}) {
    HttpClient client(host, server->port(),
                      {.tls = true, .trusted_ca_pem = identity.certificate_pem});
    const Result<HttpResponse> response =
        client.Send({.method = "GET", .target = "/"}, std::chrono::seconds(5));
    EXPECT_THAT(response, StatusIs(StatusCode::kFailedPrecondition));
    EXPECT_THAT(std::string(response.status().message()), HasSubstr("certificate verify failed"));
    EXPECT_THAT(std::string(response.status().message()), HasSubstr(reason));
  }
  EXPECT_TRUE(server->requests().empty());
}

// The server's 400 ends the handshake: kUnavailable, not a wait for the
// timeout (which would be kDeadlineExceeded).
TEST(HttpClientTlsTest, PlainHttpServerFailsWithoutWaitingForTheTimeout) {
  auto server = Serve(Hello);
  HttpClient client("127.0.0.1", server->port(),
                    {.tls = true, .connect_timeout = std::chrono::seconds(60)});
  const Result<HttpResponse> response =
      client.Send({.method = "GET", .target = "/"}, std::chrono::seconds(60));
  EXPECT_THAT(response, StatusIs(StatusCode::kUnavailable));
  EXPECT_THAT(std::string(response.status().message()), HasSubstr("TLS handshake"));
  EXPECT_TRUE(server->requests().empty());
}

// With no exchange timeout at all, only connect_timeout can end a handshake
// the server never answers: were it not applied, this test would hang.
TEST(HttpClientTlsTest, SilentServerTimesOutTheHandshake) {
  SilentListener listener;
  HttpClient client("127.0.0.1", listener.port(),
                    {.tls = true, .connect_timeout = std::chrono::milliseconds(200)});
  const Result<HttpResponse> response =
      client.Send({.method = "GET", .target = "/"}, /*timeout=*/std::nullopt);
  EXPECT_THAT(response, StatusIs(StatusCode::kDeadlineExceeded));
  EXPECT_THAT(std::string(response.status().message()), HasSubstr("TLS handshake"));
}

TEST(HttpClientTlsTest, UnusableTrustedCaIsAConfigurationError) {
  auto server = ServeTls(Identity(kLocalNames), Hello);
  HttpClient client("localhost", server->port(),
                    {.tls = true, .trusted_ca_pem = "-----BEGIN CERTIFICATE-----\nnope\n"});
  EXPECT_THAT(client.Send({.method = "GET", .target = "/"}, std::chrono::seconds(5)),
              StatusIs(StatusCode::kInvalidArgument));
}

TEST(HttpClientTlsTest, HostHeaderOmitsTheDefaultPort) {
  EXPECT_EQ(HttpClient("api.example", 443, {.tls = true}).HostHeader(), "api.example");
  EXPECT_EQ(HttpClient("api.example", 80).HostHeader(), "api.example");
  EXPECT_EQ(HttpClient("api.example", 80, {.tls = true}).HostHeader(), "api.example:80");
  EXPECT_EQ(HttpClient("::1", 8443, {.tls = true}).HostHeader(), "[::1]:8443");
}

}  // namespace
}  // namespace gloss::sdk
