// The one SDK translation unit that instantiates Beast. Blocking calls are
// Beast's asynchronous operations run to completion on a private io_context,
// because only the asynchronous operations of beast::tcp_stream honour its
// timeouts.

#include "gloss/internal/http_client.h"

#include <algorithm>
#include <string>
#include <utility>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

namespace gloss::sdk {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using boost::system::error_code;

constexpr uint32_t kMaxResponseHeaderBytes = 64 * 1024;

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char ch) {
    return static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
  });
  return out;
}

Status FromError(const error_code& ec, std::string_view what) {
  const std::string message = std::string(what) + ": " + ec.message();
  if (ec == beast::error::timeout) {
    return Status::DeadlineExceeded(message);
  }
  if (ec == bhttp::error::body_limit) {
    return Status::PayloadTooLarge(message);
  }
  if (ec.category() == bhttp::make_error_code(bhttp::error::bad_version).category() &&
      ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
    return Status::InvalidArgument(message);
  }
  // eof, connection reset/refused, broken pipe, partial message: the peer is gone.
  return Status::Unavailable(message);
}

}  // namespace

std::optional<std::string_view> HttpResponse::Header(std::string_view name) const {
  for (const auto& [field_name, value] : headers) {
    if (field_name == name) {
      return std::string_view(value);
    }
  }
  return std::nullopt;
}

class HttpClient::Impl {
 public:
  Impl(std::string host, uint16_t port, HttpClientOptions options)
      : host_(std::move(host)), port_(port), options_(options) {}

  Result<HttpResponse> Send(const HttpRequest& request,
                            std::optional<std::chrono::milliseconds> timeout) {
    const bool reused = stream_.socket().is_open();
    bool got_response_bytes = false;
    Result<HttpResponse> response = Exchange(request, timeout, got_response_bytes);
    if (!response.ok() && reused && !got_response_bytes &&
        response.status().code() == StatusCode::kUnavailable) {
      // The server closed the idle keep-alive connection before it read the
      // request: nothing was processed, so sending again is safe.
      got_response_bytes = false;
      response = Exchange(request, timeout, got_response_bytes);
    }
    return response;
  }

  std::string HostHeader() const {
    const bool ipv6 = host_.find(':') != std::string::npos;
    return (ipv6 ? "[" + host_ + "]" : host_) + ":" + std::to_string(port_);
  }

 private:
  // Runs the io_context until the operation started by `start` completes and
  // returns its error. `start` receives the completion handler.
  template <typename Start>
  error_code RunToCompletion(Start start) {
    error_code result = asio::error::would_block;
    start(result);
    io_context_.restart();
    io_context_.run();
    return result;
  }

  Status Connect() {
    asio::ip::tcp::resolver resolver(io_context_);
    error_code ec;
    const auto endpoints = resolver.resolve(host_, std::to_string(port_), ec);
    if (ec) {
      return Status::Unavailable("resolve " + host_ + ": " + ec.message());
    }
    stream_.expires_after(options_.connect_timeout);
    ec = RunToCompletion([&](error_code& out) {
      stream_.async_connect(
          endpoints,
          [&out](const error_code& done, const asio::ip::tcp::endpoint& /*peer*/) { out = done; });
    });
    if (ec) {
      Close();
      return FromError(ec, "connect to " + HostHeader());
    }
    stream_.socket().set_option(asio::ip::tcp::no_delay(true), ec);
    return Status::Ok();
  }

  Result<HttpResponse> Exchange(const HttpRequest& request,
                                std::optional<std::chrono::milliseconds> timeout,
                                bool& got_response_bytes) {
    if (!stream_.socket().is_open()) {
      RETURN_IF_ERROR(Connect());
    }
    bhttp::request<bhttp::string_body> message;
    const bhttp::verb verb = bhttp::string_to_verb(request.method);
    if (verb == bhttp::verb::unknown) {
      message.method_string(request.method);
    } else {
      message.method(verb);
    }
    message.target(request.target);
    message.version(11);
    bool has_host = false;
    for (const auto& [name, value] : request.headers) {
      has_host = has_host || Lower(name) == "host";
      message.insert(name, value);
    }
    if (!has_host) {
      message.set(bhttp::field::host, HostHeader());
    }
    message.keep_alive(true);
    message.body() = request.body;
    message.prepare_payload();

    if (timeout) {
      stream_.expires_after(*timeout);
    } else {
      stream_.expires_never();
    }
    error_code ec = RunToCompletion([&](error_code& out) {
      bhttp::async_write(stream_, message,
                         [&out](const error_code& done, size_t /*bytes*/) { out = done; });
    });
    if (ec) {
      Close();
      return FromError(ec, "send to " + HostHeader());
    }

    bhttp::response_parser<bhttp::string_body> parser;
    parser.header_limit(kMaxResponseHeaderBytes);
    parser.body_limit(options_.max_response_body);
    if (verb == bhttp::verb::head) {
      parser.skip(true);  // Content-Length describes the GET body, which is not sent.
    }
    ec = RunToCompletion([&](error_code& out) {
      bhttp::async_read_header(stream_, buffer_, parser,
                               [&out](const error_code& done, size_t /*bytes*/) { out = done; });
    });
    got_response_bytes = parser.got_some();
    // Beast 1.74 does not apply body_limit to a Content-Length that arrives
    // with the header in one read (async_read parses eagerly), so the header
    // is read alone and the length checked here.
    if (!ec && !parser.is_done() &&
        parser.content_length().value_or(0) > options_.max_response_body) {
      ec = bhttp::error::body_limit;
    }
    if (!ec && !parser.is_done()) {
      ec = RunToCompletion([&](error_code& out) {
        bhttp::async_read(stream_, buffer_, parser,
                          [&out](const error_code& done, size_t /*bytes*/) { out = done; });
      });
    }
    if (ec) {
      Close();
      return FromError(ec, "read from " + HostHeader());
    }
    stream_.expires_never();

    bhttp::response<bhttp::string_body> reply = parser.release();
    HttpResponse response;
    response.status = reply.result_int();
    for (const auto& field : reply) {
      response.headers.emplace_back(Lower(field.name_string()), std::string(field.value()));
    }
    response.body = std::move(reply.body());
    if (!reply.keep_alive()) {
      Close();
    }
    return response;
  }

  void Close() {
    error_code ignored;
    stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
    buffer_.consume(buffer_.size());
  }

  std::string host_;
  uint16_t port_;
  HttpClientOptions options_;
  asio::io_context io_context_{1};
  beast::tcp_stream stream_{io_context_};
  beast::flat_buffer buffer_;
};

HttpClient::HttpClient(std::string host, uint16_t port, HttpClientOptions options)
    : impl_(std::make_unique<Impl>(std::move(host), port, options)) {}
HttpClient::~HttpClient() = default;
HttpClient::HttpClient(HttpClient&&) noexcept = default;
HttpClient& HttpClient::operator=(HttpClient&&) noexcept = default;

Result<HttpResponse> HttpClient::Send(const HttpRequest& request,
                                      std::optional<std::chrono::milliseconds> timeout) {
  return impl_->Send(request, timeout);
}

std::string HttpClient::HostHeader() const { return impl_->HostHeader(); }

}  // namespace gloss::sdk
