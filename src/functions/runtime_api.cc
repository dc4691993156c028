#include "functions/runtime_api.h"

#include <atomic>
#include <thread>
#include <utility>  // Boost 1.74 headers use std::exchange without it.

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>
#include <sys/socket.h>

namespace gloss::functions {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Request = bhttp::request<bhttp::string_body>;
using Response = bhttp::response<bhttp::string_body>;

constexpr std::string_view kInvocationPrefix = "/2018-06-01/runtime/invocation/";
constexpr std::string_view kInitError = "/2018-06-01/runtime/init/error";
constexpr size_t kMaxHeaderBytes = 16 * 1024;

Response ErrorResponse(bhttp::status status, std::string_view type, std::string_view message) {
  Response response{status, 11};
  response.set(bhttp::field::content_type, "application/json");
  response.body() = nlohmann::json{{"errorType", type}, {"errorMessage", message}}.dump();
  return response;
}

Response Accepted() {
  Response response{bhttp::status::accepted, 11};
  response.set(bhttp::field::content_type, "application/json");
  response.body() = R"({"status":"OK"})";
  return response;
}

// The error a runtime posts when its response is too big to be one.
RuntimeReport ResponseTooLarge() {
  RuntimeReport report;
  report.kind = RuntimeReport::Kind::kError;
  report.error_type = "Function.ResponseSizeTooLarge";
  report.body = nlohmann::json{{"errorType", report.error_type},
                               {"errorMessage",
                                "Response payload size exceeded maximum allowed "
                                "payload size (" +
                                    std::to_string(kMaxResponseBytes) + " bytes)."}}
                    .dump();
  return report;
}

// The {id} of "/2018-06-01/runtime/invocation/{id}<suffix>".
std::optional<std::string_view> RequestIdOf(std::string_view target, std::string_view suffix) {
  if (!target.starts_with(kInvocationPrefix) || !target.ends_with(suffix) ||
      target.size() < kInvocationPrefix.size() + suffix.size()) {
    return std::nullopt;
  }
  target.remove_prefix(kInvocationPrefix.size());
  target.remove_suffix(suffix.size());
  if (target.empty() || target.find('/') != std::string_view::npos) {
    return std::nullopt;
  }
  return target;
}

}  // namespace

RuntimeRoute ParseRuntimeRoute(std::string_view method, std::string_view target) {
  const bool get = method == "GET";
  const bool post = method == "POST";
  if (target.size() == kInvocationPrefix.size() + 4 && target.starts_with(kInvocationPrefix) &&
      target.ends_with("next")) {
    return {get ? RuntimeRoute::Kind::kNext : RuntimeRoute::Kind::kWrongMethod, {}};
  }
  RuntimeRoute route;
  if (target == kInitError) {
    route.kind = RuntimeRoute::Kind::kInitError;
  } else if (const auto id = RequestIdOf(target, "/response")) {
    route = {RuntimeRoute::Kind::kResponse, *id};
  } else if (const auto error_id = RequestIdOf(target, "/error")) {
    route = {RuntimeRoute::Kind::kError, *error_id};
  } else {
    return {};
  }
  if (!post) {
    return {RuntimeRoute::Kind::kWrongMethod, {}};
  }
  return route;
}

class RuntimeApiServer::Impl {
 public:
  explicit Impl(RuntimeMailbox& mailbox) : mailbox_(mailbox), acceptor_(io_) {}

  Result<uint16_t> Listen() {
    boost::system::error_code error;
    const tcp::endpoint endpoint(asio::ip::make_address_v4("127.0.0.1"), 0);
    acceptor_.open(endpoint.protocol(), error);
    if (!error) {
      acceptor_.bind(endpoint, error);
    }
    if (!error) {
      acceptor_.listen(4, error);
    }
    if (error) {
      return Status::Unavailable("runtime API listener: " + error.message());
    }
    listener_fd_ = acceptor_.native_handle();
    return acceptor_.local_endpoint().port();
  }

  void StartThread() {
    thread_ = std::thread([this] { Run(); });
  }

  void Stop() {
    if (stopping_.exchange(true)) {
      return;
    }
    // Wakes accept() and a blocked read from this thread; the sockets
    // themselves are closed by their owner, the server thread.
    ::shutdown(listener_fd_, SHUT_RDWR);
    if (const int fd = connection_fd_.load(); fd >= 0) {
      ::shutdown(fd, SHUT_RDWR);
    }
    if (thread_.joinable()) {
      thread_.join();
    }
  }

 private:
  void Run() {
    while (!stopping_.load()) {
      tcp::socket socket(io_);
      boost::system::error_code error;
      acceptor_.accept(socket, error);
      if (error) {
        if (stopping_.load()) {
          return;
        }
        continue;
      }
      connection_fd_.store(socket.native_handle());
      if (stopping_.load()) {  // Stop() ran between accept and the store.
        return;
      }
      Serve(socket);
      connection_fd_.store(-1);
    }
  }

  void Serve(tcp::socket& socket) {
    beast::flat_buffer buffer;
    while (!stopping_.load()) {
      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(kMaxHeaderBytes);
      parser.body_limit(kMaxResponseBytes);
      boost::system::error_code error;
      bhttp::read_header(socket, buffer, parser, error);
      if (!error) {
        bhttp::read(socket, buffer, parser, error);
      }
      std::optional<Response> response;
      if (error == bhttp::error::body_limit) {  // From the Content-Length or while reading.
        const auto target = parser.get().target();
        response = TooLarge(std::string_view(target.data(), target.size()));
        response->prepare_payload();
        bhttp::write(socket, *response, error);
        DrainAndClose(socket);
        return;
      }
      if (error) {
        return;
      } else {
        Request request = parser.release();
        response = Handle(request);
        if (!response) {  // The worker is stopping.
          return;
        }
        response->keep_alive(request.keep_alive());
      }
      response->prepare_payload();
      bhttp::write(socket, *response, error);
      if (error || !response->keep_alive()) {
        return;
      }
    }
  }

  // Reads and drops what the client still sends (up to a bound, for a
  // second) before closing: closing with unread data would reset the
  // connection and could destroy the answer before the client reads it.
  static void DrainAndClose(tcp::socket& socket) {
    boost::system::error_code ignored;
    socket.shutdown(tcp::socket::shutdown_send, ignored);
    const timeval one_second{1, 0};
    ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &one_second, sizeof one_second);
    char sink[65536];
    for (size_t dropped = 0; dropped < 2 * kMaxResponseBytes;) {
      const ssize_t got = ::recv(socket.native_handle(), sink, sizeof sink, 0);
      if (got <= 0) {
        break;
      }
      dropped += static_cast<size_t>(got);
    }
  }

  // The runtime tried to post more than a response may hold: the invocation
  // fails as on Lambda, and the connection closes.
  Response TooLarge(std::string_view target) {
    if (const RuntimeRoute route = ParseRuntimeRoute("POST", target);
        route.kind == RuntimeRoute::Kind::kResponse) {
      (void)mailbox_.Report(route.request_id, ResponseTooLarge());
    }
    Response response = ErrorResponse(
        bhttp::status::payload_too_large, "RequestEntityTooLarge",
        "Exceeded maximum allowed payload size (" + std::to_string(kMaxResponseBytes) + " bytes).");
    response.keep_alive(false);
    return response;
  }

  std::optional<Response> Handle(Request& request) {
    const RuntimeRoute route = ParseRuntimeRoute(
        std::string_view(request.method_string().data(), request.method_string().size()),
        std::string_view(request.target().data(), request.target().size()));
    RuntimeReport report;
    switch (route.kind) {
      case RuntimeRoute::Kind::kNext: return NextResponse();
      case RuntimeRoute::Kind::kWrongMethod:
        return ErrorResponse(bhttp::status::method_not_allowed, "MethodNotAllowed",
                             "use GET for invocation/next and POST for the rest");
      case RuntimeRoute::Kind::kNotFound:
        return ErrorResponse(bhttp::status::not_found, "NotFound", "no such runtime API route");
      case RuntimeRoute::Kind::kResponse: report.kind = RuntimeReport::Kind::kResponse; break;
      case RuntimeRoute::Kind::kError: report.kind = RuntimeReport::Kind::kError; break;
      case RuntimeRoute::Kind::kInitError: report.kind = RuntimeReport::Kind::kInitError; break;
    }
    report.body = std::move(request.body());
    if (report.kind != RuntimeReport::Kind::kResponse) {
      const auto header = request["Lambda-Runtime-Function-Error-Type"];
      report.error_type.assign(header.data(), header.size());
    }
    if (report.kind != RuntimeReport::Kind::kResponse && report.error_type.empty()) {
      // aws-lambda-ric sends the type only in the body.
      const nlohmann::json body = nlohmann::json::parse(report.body, nullptr, false);
      report.error_type =
          body.is_object() && body.contains("errorType") && body["errorType"].is_string()
              ? body["errorType"].get<std::string>()
              : "Runtime.Unknown";
    }
    const Status status = mailbox_.Report(route.request_id, std::move(report));
    if (status.code() == StatusCode::kNotFound) {
      return ErrorResponse(bhttp::status::bad_request, "InvalidRequestID", status.message());
    }
    if (!status.ok()) {
      return ErrorResponse(bhttp::status::forbidden, "InvalidStateTransition", status.message());
    }
    return Accepted();
  }

  std::optional<Response> NextResponse() {
    std::optional<NextInvocation> next = mailbox_.Next();
    if (!next) {
      return std::nullopt;
    }
    Response response{bhttp::status::ok, 11};
    response.set(bhttp::field::content_type, "application/json");
    response.set("Lambda-Runtime-Aws-Request-Id", next->request_id);
    response.set("Lambda-Runtime-Deadline-Ms", std::to_string(next->deadline_ms));
    response.set("Lambda-Runtime-Invoked-Function-Arn", next->function_arn);
    response.set("Lambda-Runtime-Trace-Id", next->trace_id);
    if (!next->client_context.empty()) {
      response.set("Lambda-Runtime-Client-Context", next->client_context);
    }
    if (!next->cognito_identity.empty()) {
      response.set("Lambda-Runtime-Cognito-Identity", next->cognito_identity);
    }
    response.body() = std::move(next->payload);
    return response;
  }

  RuntimeMailbox& mailbox_;
  asio::io_context io_;  // Only for the sockets' types: every call here is synchronous.
  tcp::acceptor acceptor_;
  int listener_fd_ = -1;
  std::atomic<int> connection_fd_ = -1;
  std::atomic<bool> stopping_ = false;
  std::thread thread_;
};

Result<std::unique_ptr<RuntimeApiServer>> RuntimeApiServer::Start(RuntimeMailbox& mailbox) {
  auto impl = std::make_unique<Impl>(mailbox);
  ASSIGN_OR_RETURN(const uint16_t port, impl->Listen());
  impl->StartThread();
  return std::unique_ptr<RuntimeApiServer>(new RuntimeApiServer(std::move(impl), port));
}

RuntimeApiServer::RuntimeApiServer(std::unique_ptr<Impl> impl, uint16_t port)
    : impl_(std::move(impl)), port_(port) {}

RuntimeApiServer::~RuntimeApiServer() { Stop(); }

std::string RuntimeApiServer::Address() const { return "127.0.0.1:" + std::to_string(port_); }

void RuntimeApiServer::Stop() { impl_->Stop(); }

}  // namespace gloss::functions
