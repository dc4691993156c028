// The one SDK translation unit that instantiates Beast. Blocking calls are
// Beast's asynchronous operations run to completion on a private io_context,
// because only the asynchronous operations of beast::tcp_stream honour its
// timeouts. For https the tcp_stream is wrapped in a beast::ssl_stream, whose
// operations read and write through it and so inherit its timeouts.

#include "gloss/internal/http_client.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>

#include <boost/asio/buffer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/stream_base.hpp>
#include <boost/asio/ssl/verify_mode.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

namespace gloss::sdk {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace ssl = boost::asio::ssl;
using boost::system::error_code;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

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
  // eof, connection reset/refused, broken pipe, partial message, TLS alerts
  // and truncation: the peer is gone or cannot be talked to.
  return Status::Unavailable(message);
}

bool IsIpAddress(const std::string& host) {
  error_code ec;
  asio::ip::make_address(host, ec);
  return !ec;
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

// Invariants: at most one of tcp_ and tls_ holds a stream (tls_ iff
// options_.tls); neither does while disconnected. A TLS stream cannot be
// reused after its connection ends, so each connection gets a new one.
class HttpClient::Impl {
 public:
  Impl(std::string host, uint16_t port, HttpClientOptions options)
      : host_(std::move(host)), port_(port), options_(std::move(options)) {}

  Result<HttpResponse> Send(const HttpRequest& request,
                            std::optional<std::chrono::milliseconds> timeout) {
    const bool reused = Connected();
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
    const uint16_t default_port = options_.tls ? 443 : 80;
    return port_ == default_port ? BracketedHost() : HostPort();
  }

 private:
  std::string BracketedHost() const {
    const bool ipv6 = host_.find(':') != std::string::npos;
    return ipv6 ? "[" + host_ + "]" : host_;
  }
  // "host:port" always, for messages.
  std::string HostPort() const { return BracketedHost() + ":" + std::to_string(port_); }

  bool Connected() { return (tcp_ || tls_) && Tcp().socket().is_open(); }

  // The TCP layer of the current connection. Requires tcp_ or tls_.
  beast::tcp_stream& Tcp() { return tls_ ? beast::get_lowest_layer(*tls_) : *tcp_; }

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

  // The TLS client context, made on the first https connection: TLS >= 1.2,
  // peer verification against the default trust store and trusted_ca_pem.
  Status MakeTlsContext() {
    if (ssl_context_) {
      return Status::Ok();
    }
    std::optional<ssl::context> context;
    try {
      context.emplace(ssl::context::tls_client);
    } catch (const boost::system::system_error& error) {
      return Status::Internal(std::string("TLS context: ") + error.what());
    }
    if (SSL_CTX_set_min_proto_version(context->native_handle(), TLS1_2_VERSION) != 1) {
      return Status::Internal("TLS context: cannot require TLS 1.2");
    }
    error_code ec;
    // Honours SSL_CERT_FILE and SSL_CERT_DIR, else the system's store.
    context->set_default_verify_paths(ec);
    if (ec) {
      return Status::Internal("TLS context: default trust store: " + ec.message());
    }
    if (!options_.trusted_ca_pem.empty()) {
      context->add_certificate_authority(asio::buffer(options_.trusted_ca_pem), ec);
      if (ec) {
        return Status::InvalidArgument("trusted CA certificates: " + ec.message());
      }
    }
    context->set_verify_mode(ssl::verify_peer, ec);
    if (ec) {
      return Status::Internal("TLS context: " + ec.message());
    }
    ssl_context_.emplace(std::move(*context));
    return Status::Ok();
  }

  Status Connect() {
    if (options_.tls) {
      RETURN_IF_ERROR(MakeTlsContext());
    }
    asio::ip::tcp::resolver resolver(io_context_);
    error_code ec;
    const auto endpoints = resolver.resolve(host_, std::to_string(port_), ec);
    if (ec) {
      return Status::Unavailable("resolve " + host_ + ": " + ec.message());
    }
    if (options_.tls) {
      tls_.emplace(io_context_, *ssl_context_);
    } else {
      tcp_.emplace(io_context_);
    }
    Tcp().expires_after(options_.connect_timeout);
    ec = RunToCompletion([&](error_code& out) {
      Tcp().async_connect(
          endpoints,
          [&out](const error_code& done, const asio::ip::tcp::endpoint& /*peer*/) { out = done; });
    });
    if (ec) {
      Close();
      return FromError(ec, "connect to " + HostPort());
    }
    Tcp().socket().set_option(asio::ip::tcp::no_delay(true), ec);
    if (options_.tls) {
      return Handshake();
    }
    return Status::Ok();
  }

  // Requires tls_ connected. Sets SNI and the name or address the peer's
  // certificate must carry, then shakes hands within connect_timeout.
  Status Handshake() {
    SSL* ssl = tls_->native_handle();
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
    // OpenSSL's own check (RFC 6125 DNS SANs, or IP SANs for an address)
    // rather than a verify callback, so a mismatch is reported as such
    // ("hostname mismatch") in the verify result.
    bool name_set = false;
    if (IsIpAddress(host_)) {
      name_set = X509_VERIFY_PARAM_set1_ip_asc(param, host_.c_str()) == 1;
    } else {
      X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
      // SNI is for names only (RFC 6066 §3).
      name_set = X509_VERIFY_PARAM_set1_host(param, host_.c_str(), host_.size()) == 1 &&
                 SSL_set_tlsext_host_name(ssl, host_.c_str()) == 1;
    }
    if (!name_set) {
      Close();
      return Status::InvalidArgument("TLS with " + HostPort() + ": unusable host name");
    }
    Tcp().expires_after(options_.connect_timeout);
    const error_code ec = RunToCompletion([&](error_code& out) {
      tls_->async_handshake(ssl::stream_base::client,
                            [&out](const error_code& done) { out = done; });
    });
    if (ec) {
      std::string what = "TLS handshake with " + HostPort();
      const long verify_result = SSL_get_verify_result(ssl);
      Status status = FromError(ec, what);
      if (verify_result != X509_V_OK && status.code() == StatusCode::kUnavailable) {
        // Not the network's fault, and no retry will change it; and
        // "certificate verify failed" alone does not say what is wrong.
        status = Status::FailedPrecondition(std::string(status.message()) + " (" +
                                            X509_verify_cert_error_string(verify_result) + ")");
      }
      Close();
      return status;
    }
    return Status::Ok();
  }

  Result<HttpResponse> Exchange(const HttpRequest& request,
                                std::optional<std::chrono::milliseconds> timeout,
                                bool& got_response_bytes) {
    if (!Connected()) {
      RETURN_IF_ERROR(Connect());
    }
    return tls_ ? ExchangeOn(*tls_, request, timeout, got_response_bytes)
                : ExchangeOn(*tcp_, request, timeout, got_response_bytes);
  }

  template <typename Stream>
  Result<HttpResponse> ExchangeOn(Stream& stream, const HttpRequest& request,
                                  std::optional<std::chrono::milliseconds> timeout,
                                  bool& got_response_bytes) {
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
      Tcp().expires_after(*timeout);
    } else {
      Tcp().expires_never();
    }
    error_code ec = RunToCompletion([&](error_code& out) {
      bhttp::async_write(stream, message,
                         [&out](const error_code& done, size_t /*bytes*/) { out = done; });
    });
    if (ec) {
      Close();
      return FromError(ec, "send to " + HostPort());
    }

    bhttp::response_parser<bhttp::string_body> parser;
    parser.header_limit(kMaxResponseHeaderBytes);
    parser.body_limit(options_.max_response_body);
    if (verb == bhttp::verb::head) {
      parser.skip(true);  // Content-Length describes the GET body, which is not sent.
    }
    ec = RunToCompletion([&](error_code& out) {
      bhttp::async_read_header(stream, buffer_, parser,
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
        bhttp::async_read(stream, buffer_, parser,
                          [&out](const error_code& done, size_t /*bytes*/) { out = done; });
      });
    }
    if (ec == ssl::error::stream_truncated && parser.got_some() && !parser.is_done()) {
      // The server closed without TLS close_notify, which many do. That ends a
      // body delimited by the connection's end as a plain close would (the
      // parser says whether the message is complete); a body with a length
      // still fails as partial.
      error_code eof_ec;
      parser.put_eof(eof_ec);
      ec = eof_ec ? ec : error_code();
    }
    if (ec) {
      Close();
      return FromError(ec, "read from " + HostPort());
    }
    Tcp().expires_never();

    // A body that ended with the connection leaves nothing to reuse.
    const bool connection_ended = parser.need_eof();
    bhttp::response<bhttp::string_body> reply = parser.release();
    HttpResponse response;
    response.status = reply.result_int();
    for (const auto& field : reply) {
      response.headers.emplace_back(Lower(field.name_string()), std::string(field.value()));
    }
    response.body = std::move(reply.body());
    if (!reply.keep_alive() || connection_ended) {
      Close();
    }
    return response;
  }

  // Drops the connection. TLS connections end without close_notify: waiting
  // for the peer's reply would put a network round trip (and a timeout) into
  // every error path, and nothing is left to protect from truncation.
  void Close() {
    if (tcp_ || tls_) {
      error_code ignored;
      Tcp().socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
      Tcp().socket().close(ignored);
    }
    tls_.reset();
    tcp_.reset();
    buffer_.consume(buffer_.size());
  }

  std::string host_;
  uint16_t port_;
  HttpClientOptions options_;
  asio::io_context io_context_{1};
  std::optional<ssl::context> ssl_context_;  // Made on the first TLS Connect; outlives tls_.
  std::optional<beast::tcp_stream> tcp_;     // The plain http connection, if any.
  std::optional<TlsStream> tls_;             // The https connection, if any.
  beast::flat_buffer buffer_;
};

HttpClient::HttpClient(std::string host, uint16_t port, HttpClientOptions options)
    : impl_(std::make_unique<Impl>(std::move(host), port, std::move(options))) {}
HttpClient::~HttpClient() = default;
HttpClient::HttpClient(HttpClient&&) noexcept = default;
HttpClient& HttpClient::operator=(HttpClient&&) noexcept = default;

Result<HttpResponse> HttpClient::Send(const HttpRequest& request,
                                      std::optional<std::chrono::milliseconds> timeout) {
  return impl_->Send(request, timeout);
}

std::string HttpClient::HostHeader() const { return impl_->HostHeader(); }

}  // namespace gloss::sdk
