// The runtime API's HTTP surface against a scripted mailbox, over a real
// loopback socket: headers of `next`, 202s, InvalidRequestID, 404, 413.

#include "functions/runtime_api.h"

#include <mutex>

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "test/support/status_matchers.h"

namespace gloss::functions {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

class ScriptedMailbox : public RuntimeMailbox {
 public:
  std::optional<NextInvocation> Next() override {
    std::lock_guard lock(mutex_);
    if (handed_out_) {
      return std::nullopt;  // One invocation, then "stopping".
    }
    handed_out_ = true;
    NextInvocation next;
    next.request_id = "req-1";
    next.payload = R"({"hello":"world"})";
    next.deadline_ms = 1767225600000;
    next.function_arn = "arn:aws:lambda:us-east-1:000000000000:function:f";
    next.trace_id = "Root=1-00000000-000000000000000000000000";
    next.client_context = R"({"custom":{}})";
    return next;
  }
  Status Report(std::string_view request_id, RuntimeReport report) override {
    std::lock_guard lock(mutex_);
    if (report.kind != RuntimeReport::Kind::kInitError && request_id != "req-1") {
      return Status::NotFound("Invalid request ID");
    }
    reports_.push_back(std::move(report));
    return Status::Ok();
  }
  std::vector<RuntimeReport> reports() {
    std::lock_guard lock(mutex_);
    return reports_;
  }

 private:
  std::mutex mutex_;
  bool handed_out_ = false;
  std::vector<RuntimeReport> reports_;
};

// Sends `request` on a fresh connection and returns everything the server
// sent until it closed (requests carry Connection: close).
std::string Exchange(uint16_t port, const std::string& request) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return "";
  }
  size_t sent = 0;
  while (sent < request.size()) {
    const ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) {
      break;
    }
    sent += static_cast<size_t>(n);
  }
  std::string answer;
  char buffer[4096];
  for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;) {
    answer.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  return answer;
}

std::string Post(const std::string& path, const std::string& body,
                 const std::string& extra_headers = "") {
  return "POST " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + extra_headers +
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

class RuntimeApiTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_OK_AND_ASSIGN(server_, RuntimeApiServer::Start(mailbox_)); }
  ScriptedMailbox mailbox_;
  std::unique_ptr<RuntimeApiServer> server_;
};

TEST_F(RuntimeApiTest, NextCarriesTheLambdaHeaders) {
  EXPECT_EQ(server_->Address(), "127.0.0.1:" + std::to_string(server_->port()));
  const std::string answer = Exchange(
      server_->port(),
      "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_THAT(answer, StartsWith("HTTP/1.1 200 OK\r\n"));
  EXPECT_THAT(answer, HasSubstr("Lambda-Runtime-Aws-Request-Id: req-1\r\n"));
  EXPECT_THAT(answer, HasSubstr("Lambda-Runtime-Deadline-Ms: 1767225600000\r\n"));
  EXPECT_THAT(answer, HasSubstr("Lambda-Runtime-Invoked-Function-Arn: "
                                "arn:aws:lambda:us-east-1:000000000000:function:f\r\n"));
  EXPECT_THAT(answer, HasSubstr("Lambda-Runtime-Trace-Id: Root=1-"));
  EXPECT_THAT(answer, HasSubstr("Lambda-Runtime-Client-Context: {\"custom\":{}}\r\n"));
  EXPECT_THAT(answer, HasSubstr("\r\n\r\n{\"hello\":\"world\"}"));
}

TEST_F(RuntimeApiTest, ResponseErrorAndInitErrorAreAccepted) {
  EXPECT_THAT(Exchange(server_->port(),
                       Post("/2018-06-01/runtime/invocation/req-1/response", "{\"ok\":true}")),
              StartsWith("HTTP/1.1 202 Accepted\r\n"));
  EXPECT_THAT(Exchange(server_->port(), Post("/2018-06-01/runtime/invocation/req-1/error",
                                             "{\"errorMessage\":\"x\"}",
                                             "Lambda-Runtime-Function-Error-Type: Custom.Bad\r\n")),
              StartsWith("HTTP/1.1 202 Accepted\r\n"));
  EXPECT_THAT(Exchange(server_->port(), Post("/2018-06-01/runtime/invocation/req-1/error",
                                             "{\"errorType\":\"FromBody\"}")),
              StartsWith("HTTP/1.1 202 Accepted\r\n"));
  EXPECT_THAT(Exchange(server_->port(), Post("/2018-06-01/runtime/init/error", "{}")),
              StartsWith("HTTP/1.1 202 Accepted\r\n"));
  const std::vector<RuntimeReport> reports = mailbox_.reports();
  ASSERT_EQ(reports.size(), 4u);
  EXPECT_EQ(reports[0].kind, RuntimeReport::Kind::kResponse);
  EXPECT_EQ(reports[0].body, "{\"ok\":true}");
  EXPECT_EQ(reports[1].kind, RuntimeReport::Kind::kError);
  EXPECT_EQ(reports[1].error_type, "Custom.Bad");
  EXPECT_EQ(reports[2].error_type, "FromBody");  // aws-lambda-ric sends no header.
  EXPECT_EQ(reports[3].kind, RuntimeReport::Kind::kInitError);
  EXPECT_EQ(reports[3].error_type, "Runtime.Unknown");  // Neither header nor type.
}

TEST_F(RuntimeApiTest, UnknownRequestIdIsInvalidRequestID) {
  const std::string answer =
      Exchange(server_->port(), Post("/2018-06-01/runtime/invocation/nope/response", "{}"));
  EXPECT_THAT(answer, StartsWith("HTTP/1.1 400 Bad Request\r\n"));
  EXPECT_THAT(answer, HasSubstr("\"errorType\":\"InvalidRequestID\""));
}

TEST_F(RuntimeApiTest, UnknownRouteIs404) {
  EXPECT_THAT(Exchange(server_->port(), Post("/2018-06-01/runtime/invocation/req-1/other", "")),
              StartsWith("HTTP/1.1 404 Not Found\r\n"));
  EXPECT_THAT(Exchange(server_->port(), Post("/2020-01-01/extension/register", "")),
              StartsWith("HTTP/1.1 404 Not Found\r\n"));
}

TEST_F(RuntimeApiTest, OversizedResponseIs413AndFailsTheInvocation) {
  const std::string body(kMaxResponseBytes + 1, 'x');
  const std::string answer =
      Exchange(server_->port(), Post("/2018-06-01/runtime/invocation/req-1/response", body));
  EXPECT_THAT(answer, StartsWith("HTTP/1.1 413 Payload Too Large\r\n"));
  EXPECT_THAT(answer, HasSubstr("RequestEntityTooLarge"));
  const std::vector<RuntimeReport> reports = mailbox_.reports();
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].kind, RuntimeReport::Kind::kError);
  EXPECT_EQ(reports[0].error_type, "Function.ResponseSizeTooLarge");
}

TEST_F(RuntimeApiTest, StopEndsABlockedNext) {
  // The mailbox says "stopping" on the second next: the server closes.
  (void)Exchange(
      server_->port(),
      "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  const std::string answer = Exchange(
      server_->port(), "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(answer, "");
  server_->Stop();
}

}  // namespace
}  // namespace gloss::functions
