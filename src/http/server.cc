// The Boost.Beast/Asio part of http/: all of Beast's templates are
// instantiated in this one translation unit to keep the build fast.
//
// GCC 12 miscompiles temporaries with non-trivial destructors inside a
// co_await expression (double destruction). Every co_await here therefore
// takes named lvalues only; keep it that way.

#include "http/server.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <ctime>
#include <exception>
#include <functional>
#include <limits>
#include <mutex>
#include <thread>
#include <unordered_set>
#include <utility>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <sys/sendfile.h>
#include <sys/socket.h>

#include "core/thread_role.h"
#include "http/cors.h"
#include "http/status_response.h"
#include "http/websocket.h"

namespace gloss::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace websocket = boost::beast::websocket;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

constexpr size_t kMaxDrainBytes = 1 << 20;  // Unread body we still skip to keep a connection.
constexpr std::string_view kServerHeader = "gloss";
// How often a streamed body (StreamBody) is asked again while it has nothing.
constexpr std::chrono::milliseconds kStreamPollInterval{100};
constexpr uint64_t kUnlimitedBody = std::numeric_limits<uint64_t>::max();

// An RFC 7231 IMF-fixdate, e.g. "Wed, 25 Nov 2026 09:41:02 GMT".
std::string HttpDate() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[40];
  const size_t length = std::strftime(text, sizeof(text), "%a, %d %b %Y %H:%M:%S GMT", &utc);
  return std::string(text, length);
}

bool IsTimeout(const beast::error_code& ec) { return ec == beast::error::timeout; }

}  // namespace

// One live connection, registered with its worker so Shutdown() can close it.
// Touched only on the worker's thread.
struct Connection {
  bool idle = false;                // Waiting for the next request.
  std::function<void()> interrupt;  // Cancels its pending I/O.
};

struct Worker {
  // Declared first so it outlives `io`: destroying `io` destroys suspended
  // sessions, which unregister themselves from this set.
  std::unordered_set<Connection*> connections;  // Only touched on `thread`.
  asio::io_context io{1};
  asio::executor_work_guard<asio::io_context::executor_type> work = asio::make_work_guard(io);
  std::thread thread;
};

class Server::Impl {
 public:
  Impl(const ServerOptions& options, std::shared_ptr<const RouteTable> routes, Logger& logger,
       MetricsRegistry& metrics)
      : options_(options),
        logger_(logger),
        metrics_(metrics),
        routes_(std::move(routes)),
        bugs_(metrics.GetCounter("gloss_bugs_total", "Internal errors that indicate a bug.")),
        rejected_(metrics.GetCounter("gloss_http_rejected_connections_total",
                                     "Connections refused or closed by a limit.")),
        timeouts_(metrics.GetCounter("gloss_http_timeouts_total",
                                     "Connections closed because the client was too slow.")) {}

  Status Listen();
  void Run();
  void Shutdown(std::chrono::milliseconds grace);
  uint16_t port() const { return port_; }

  void SetRoutes(std::shared_ptr<const RouteTable> routes) {
    std::atomic_store(&routes_, std::move(routes));
  }

 private:
  class StreamBodyReader;
  class BeastWebSocket;

  asio::awaitable<void> AcceptLoop();
  asio::awaitable<void> Session(Worker& worker, tcp::socket socket);
  asio::awaitable<void> ServeWebSocket(beast::tcp_stream& stream,
                                       bhttp::request<bhttp::buffer_body>& upgrade,
                                       const RequestHead& head, const Route& route,
                                       Connection& connection);
  asio::awaitable<Response> CallHandler(const Route& route, Request& request);
  asio::awaitable<bool> WriteResponse(beast::tcp_stream& stream, bool head_only, Response& response,
                                      unsigned version, bool keep_alive);
  asio::awaitable<bool> SendFile(beast::tcp_stream& stream, FileBody& file);
  // Writes a streamed body until it ends or the server drains; always ends
  // the connection (returns false).
  asio::awaitable<bool> WriteStream(beast::tcp_stream& stream, bool head_only,
                                    bhttp::response<bhttp::string_body>& header, StreamBody& body);
  void Record(const std::string& route, const std::string& method, unsigned status,
              Clock::duration elapsed);
  void InterruptConnections(bool idle_only);

  const ServerOptions options_;
  Logger& logger_;
  MetricsRegistry& metrics_;
  std::shared_ptr<const RouteTable> routes_;  // Read and swapped with std::atomic_load/store.
  Counter& bugs_;
  Counter& rejected_;
  Counter& timeouts_;

  // Declared before workers_: sessions destroyed with the workers touch them.
  std::atomic<bool> draining_ = false;
  std::atomic<size_t> open_connections_ = 0;
  std::once_flag shutdown_once_;

  std::vector<std::unique_ptr<Worker>> workers_;
  std::unique_ptr<tcp::acceptor> acceptor_;  // On workers_[0]; destroyed before it.
  uint16_t port_ = 0;
  size_t next_worker_ = 0;  // Only touched by AcceptLoop.
};

// Streams the request body into the caller's buffers, never whole. A body
// framed by Content-Length is read straight from the socket (after the bytes
// already buffered with the header): a read fills as much of the caller's
// buffer as the socket has, where Beast's parser would read ~4 KiB at a time
// into its own buffer and copy. A chunked body goes through the
// buffer_body parser, pointed at the caller's buffer.
class Server::Impl::StreamBodyReader final : public BodyReader {
 public:
  StreamBodyReader(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                   bhttp::request_parser<bhttp::buffer_body>& parser,
                   std::chrono::milliseconds io_timeout, bool expect_continue, unsigned version)
      : stream_(stream),
        buffer_(buffer),
        parser_(parser),
        io_timeout_(io_timeout),
        expect_continue_(expect_continue),
        version_(version) {
    if (!parser_.chunked()) {
      remaining_ = parser_.content_length().value_or(0);
    }
  }

  // True once a read failed: the framing is lost and the connection can
  // only be closed.
  bool failed() const { return failed_; }

  bool PeerClosed() const override {
    char byte = 0;
    const ssize_t got = ::recv(stream_.socket().native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    if (got == 0) {
      return true;  // Orderly shutdown by the client.
    }
    return got < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR;
  }

  asio::awaitable<Result<size_t>> ReadSome(std::span<char> out) override {
    if (failed_) {
      co_return Status::FailedPrecondition("the request body already failed to read");
    }
    if (Complete() || out.empty()) {
      co_return size_t{0};
    }
    Result<size_t> result = co_await ReadInto(out);
    failed_ = !result.ok();
    co_return result;
  }

  // Reads and drops what is left of the body, up to `limit` bytes. Returns
  // whether the body ended within it, so the connection can serve another
  // request. A client still waiting for 100 Continue is not asked to send a
  // body nobody reads: the connection closes instead.
  asio::awaitable<bool> Drain(size_t limit) {
    if (Complete()) {
      co_return true;
    }
    if (expect_continue_ || failed_) {
      co_return false;
    }
    parser_.body_limit(kUnlimitedBody);
    std::array<char, kDrainChunk> scratch;
    size_t drained = 0;
    while (!Complete()) {
      Result<size_t> read = co_await ReadSome(scratch);
      if (!read.ok() || *read == 0) {
        co_return false;
      }
      drained += *read;
      if (drained > limit) {
        co_return false;
      }
    }
    co_return true;
  }

 private:
  bool Complete() const { return parser_.chunked() ? parser_.is_done() : remaining_ == 0; }

  asio::awaitable<Result<size_t>> ReadInto(std::span<char> out) {
    beast::error_code ec;
    if (expect_continue_) {
      // The client waits for this before sending the body (RFC 9110 §10.1.1).
      expect_continue_ = false;
      bhttp::response<bhttp::empty_body> proceed{bhttp::status::continue_, version_};
      stream_.expires_after(io_timeout_);
      co_await bhttp::async_write(stream_, proceed, asio::redirect_error(asio::use_awaitable, ec));
      if (ec) {
        co_return Status::Unavailable("connection lost: " + ec.message());
      }
    }
    if (!parser_.chunked()) {
      co_return co_await ReadLength(out);
    }
    parser_.get().body().data = out.data();
    parser_.get().body().size = out.size();
    parser_.get().body().more = true;
    stream_.expires_after(io_timeout_);
    co_await bhttp::async_read(stream_, buffer_, parser_,
                               asio::redirect_error(asio::use_awaitable, ec));
    if (ec == bhttp::error::need_buffer) {
      ec = {};
    }
    if (ec == bhttp::error::body_limit) {
      co_return Status::PayloadTooLarge("request body exceeds the limit of this endpoint");
    }
    if (ec) {
      co_return ReadError(ec);
    }
    co_return out.size() - parser_.get().body().size;
  }

  // The next bytes of a Content-Length body: first those read with the
  // header, then straight from the socket.
  asio::awaitable<Result<size_t>> ReadLength(std::span<char> out) {
    const size_t wanted = static_cast<size_t>(std::min<uint64_t>(out.size(), remaining_));
    if (buffer_.size() > 0) {
      const size_t taken = std::min(wanted, buffer_.size());
      asio::buffer_copy(asio::buffer(out.data(), taken), buffer_.data());
      buffer_.consume(taken);
      remaining_ -= taken;
      co_return taken;
    }
    beast::error_code ec;
    stream_.expires_after(io_timeout_);
    const size_t read = co_await stream_.async_read_some(
        asio::buffer(out.data(), wanted), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      co_return ReadError(ec);
    }
    remaining_ -= read;
    co_return read;
  }

  static Status ReadError(const beast::error_code& ec) {
    if (IsTimeout(ec)) {
      return Status::DeadlineExceeded("client stopped sending the request body");
    }
    if (ec == bhttp::error::partial_message || ec == asio::error::eof ||
        ec == asio::error::connection_reset) {
      return Status::Unavailable("connection closed before the body was complete");
    }
    return Status::InvalidArgument("malformed request body: " + ec.message());
  }

  static constexpr size_t kDrainChunk = 8192;

  beast::tcp_stream& stream_;
  beast::flat_buffer& buffer_;
  bhttp::request_parser<bhttp::buffer_body>& parser_;
  const std::chrono::milliseconds io_timeout_;
  bool expect_continue_;
  const unsigned version_;
  uint64_t remaining_ = 0;  // Bytes of a Content-Length body not yet read.
  bool failed_ = false;
};

class Server::Impl::BeastWebSocket final : public WebSocket {
 public:
  BeastWebSocket(websocket::stream<beast::tcp_stream>& ws, std::string subprotocol)
      : ws_(ws), subprotocol_(std::move(subprotocol)) {}

  const std::string& subprotocol() const override { return subprotocol_; }

  asio::awaitable<Result<std::string>> Read() override {
    beast::flat_buffer buffer;
    beast::error_code ec;
    co_await ws_.async_read(buffer, asio::redirect_error(asio::use_awaitable, ec));
    if (ec == websocket::error::closed) {
      co_return Status::NotFound("the peer closed the WebSocket");
    }
    if (ec == websocket::error::message_too_big) {
      co_return Status::PayloadTooLarge("WebSocket message too large");
    }
    if (ec) {
      co_return Status::Unavailable("WebSocket connection lost: " + ec.message());
    }
    co_return beast::buffers_to_string(buffer.data());
  }

  asio::awaitable<Status> Write(std::string text) override {
    beast::error_code ec;
    ws_.text(true);
    co_await ws_.async_write(asio::buffer(text), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      co_return Status::Unavailable("WebSocket connection lost: " + ec.message());
    }
    co_return Status::Ok();
  }

  asio::awaitable<void> Close(uint16_t code, std::string reason) override {
    beast::error_code ec;
    websocket::close_reason close_reason;
    close_reason.code = code;
    close_reason.reason = reason;
    co_await ws_.async_close(close_reason, asio::redirect_error(asio::use_awaitable, ec));
  }

 private:
  websocket::stream<beast::tcp_stream>& ws_;
  std::string subprotocol_;
};

Status Server::Impl::Listen() {
  const size_t thread_count =
      options_.threads > 0 ? options_.threads : std::max(1u, std::thread::hardware_concurrency());
  for (size_t worker_idx = 0; worker_idx < thread_count; ++worker_idx) {
    workers_.push_back(std::make_unique<Worker>());
  }
  beast::error_code ec;
  const asio::ip::address address = asio::ip::make_address(options_.address, ec);
  if (ec) {
    return Status::InvalidArgument("invalid listen address '" + options_.address + "'");
  }
  const tcp::endpoint endpoint(address, options_.port);
  acceptor_ = std::make_unique<tcp::acceptor>(workers_[0]->io);
  if (acceptor_->open(endpoint.protocol(), ec);
      !ec && (acceptor_->set_option(asio::socket_base::reuse_address(true), ec), !ec) &&
      (acceptor_->bind(endpoint, ec), !ec) &&
      (acceptor_->listen(asio::socket_base::max_listen_connections, ec), !ec)) {
    port_ = acceptor_->local_endpoint().port();
    return Status::Ok();
  }
  return Status::Unavailable("cannot listen on " + options_.address + ":" +
                             std::to_string(options_.port) + ": " + ec.message());
}

void Server::Impl::Run() {
  asio::co_spawn(workers_[0]->io, AcceptLoop(), asio::detached);
  for (auto& worker : workers_) {
    worker->thread = std::thread([io = &worker->io] {
      SetCurrentThreadRole(ThreadRole::kIo);
      io->run();
    });
  }
}

asio::awaitable<void> Server::Impl::AcceptLoop() {
  for (;;) {
    Worker& worker = *workers_[next_worker_];
    next_worker_ = (next_worker_ + 1) % workers_.size();
    beast::error_code ec;
    tcp::socket socket =
        co_await acceptor_->async_accept(worker.io, asio::redirect_error(asio::use_awaitable, ec));
    if (ec == asio::error::operation_aborted || !acceptor_->is_open()) {
      co_return;
    }
    if (ec) {
      // Out of descriptors and the like: back off instead of spinning.
      logger_.Warn("http", "accept failed", {{"error", ec.message()}});
      asio::steady_timer pause(acceptor_->get_executor(), std::chrono::milliseconds(50));
      co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    if (open_connections_.load() >= options_.max_connections) {
      rejected_.Increment();
      socket.close(ec);
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    open_connections_.fetch_add(1);
    asio::co_spawn(worker.io, Session(worker, std::move(socket)), asio::detached);
  }
}

asio::awaitable<Response> Server::Impl::CallHandler(const Route& route, Request& request) {
  try {
    co_return co_await route.handler(request);
  } catch (const std::exception& e) {
    bugs_.Increment();
    logger_.Error("http", "handler threw", {{"route", route.name}, {"error", e.what()}});
  } catch (...) {
    bugs_.Increment();
    logger_.Error("http", "handler threw", {{"route", route.name}});
  }
  co_return StatusResponse(Status::Internal("internal error"));
}

asio::awaitable<bool> Server::Impl::WriteResponse(beast::tcp_stream& stream, bool head_only,
                                                  Response& response, unsigned version,
                                                  bool keep_alive) {
  bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(response.status), version};
  out.set(bhttp::field::server, kServerHeader);
  out.set(bhttp::field::date, HttpDate());
  for (auto& [name, value] : response.headers) {
    out.insert(name, value);
  }
  out.keep_alive(keep_alive);
  beast::error_code ec;
  if (response.file) {
    // The header through Beast, then the file's bytes with sendfile(2).
    out.content_length(response.file->length);
    bhttp::response_serializer<bhttp::string_body> header(out);
    stream.expires_after(options_.io_timeout);
    co_await bhttp::async_write_header(stream, header,
                                       asio::redirect_error(asio::use_awaitable, ec));
    if (ec || head_only) {
      co_return !ec;
    }
    co_return co_await SendFile(stream, *response.file);
  }
  if (response.stream) {
    co_return co_await WriteStream(stream, head_only, out, *response.stream);
  }
  if (head_only) {
    // A HEAD answer describes the body it would have sent, without sending it.
    if (out.find(bhttp::field::content_length) == out.end()) {
      out.content_length(response.body.size());
    }
  } else {
    out.body() = std::move(response.body);
    out.prepare_payload();
  }
  stream.expires_after(options_.io_timeout);
  co_await bhttp::async_write(stream, out, asio::redirect_error(asio::use_awaitable, ec));
  if (IsTimeout(ec)) {
    timeouts_.Increment();
  }
  co_return !ec;
}

asio::awaitable<bool> Server::Impl::WriteStream(beast::tcp_stream& stream, bool head_only,
                                                bhttp::response<bhttp::string_body>& header,
                                                StreamBody& body) {
  // No length: the body ends when the connection closes.
  header.keep_alive(false);
  bhttp::response_serializer<bhttp::string_body> serializer(header);
  beast::error_code ec;
  stream.expires_after(options_.io_timeout);
  co_await bhttp::async_write_header(stream, serializer,
                                     asio::redirect_error(asio::use_awaitable, ec));
  asio::steady_timer pause(stream.socket().get_executor());
  while (!ec && !head_only && !draining_.load()) {
    std::optional<std::string> piece = body.Poll();
    if (!piece) {
      break;
    }
    if (piece->empty()) {
      pause.expires_after(kStreamPollInterval);
      co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    stream.expires_after(options_.io_timeout);
    co_await asio::async_write(stream, asio::buffer(*piece),
                               asio::redirect_error(asio::use_awaitable, ec));
  }
  co_return false;
}

asio::awaitable<bool> Server::Impl::SendFile(beast::tcp_stream& stream, FileBody& file) {
  tcp::socket& socket = stream.socket();
  beast::error_code ec;
  socket.native_non_blocking(true, ec);
  if (ec) {
    co_return false;
  }
  off_t offset = static_cast<off_t>(file.offset);
  uint64_t remaining = file.length;
  // A stalled client is cut off after io_timeout, as with every other write.
  asio::steady_timer deadline(socket.get_executor());
  while (remaining > 0) {
    constexpr uint64_t kMaxChunk = 1 << 30;
    const ssize_t sent = ::sendfile(socket.native_handle(), file.file.get(), &offset,
                                    static_cast<size_t>(std::min(remaining, kMaxChunk)));
    if (sent > 0) {
      remaining -= static_cast<uint64_t>(sent);
      continue;
    }
    if (sent == 0) {
      co_return false;  // The file is shorter than promised: the framing is broken.
    }
    if (errno == EINTR) {
      continue;
    }
    if (errno != EAGAIN && errno != EWOULDBLOCK) {
      co_return false;
    }
    bool timed_out = false;
    deadline.expires_after(options_.io_timeout);
    deadline.async_wait([&socket, &timed_out](const beast::error_code& wait_error) {
      if (!wait_error) {
        timed_out = true;
        socket.cancel();
      }
    });
    co_await socket.async_wait(tcp::socket::wait_write,
                               asio::redirect_error(asio::use_awaitable, ec));
    deadline.cancel();
    if (timed_out) {
      timeouts_.Increment();
      co_return false;
    }
    if (ec) {
      co_return false;
    }
  }
  co_return true;
}

void Server::Impl::Record(const std::string& route, const std::string& method, unsigned status,
                          Clock::duration elapsed) {
  metrics_
      .GetCounter("gloss_http_requests_total", "HTTP requests by route, method and status.",
                  {{"route", route}, {"method", method}, {"code", std::to_string(status)}})
      .Increment();
  metrics_
      .GetHistogram("gloss_http_request_duration_seconds",
                    "Time from a request's header to its response being ready to send.",
                    {{"route", route}})
      .Observe(elapsed);
}

asio::awaitable<void> Server::Impl::Session(Worker& worker, tcp::socket socket) {
  beast::error_code ec;
  const auto remote = socket.remote_endpoint(ec);
  const std::string remote_address = ec ? "" : remote.address().to_string();
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;

  Connection connection;
  connection.interrupt = [&stream] { stream.cancel(); };
  worker.connections.insert(&connection);
  struct Unregister {
    Worker& worker;
    Connection& connection;
    std::atomic<size_t>& open;
    ~Unregister() {
      worker.connections.erase(&connection);
      open.fetch_sub(1);
    }
  } unregister{worker, connection, open_connections_};

  for (;;) {
    // Wait for the first byte of the next request under the idle timeout.
    if (buffer.size() == 0) {
      if (draining_.load()) {
        break;
      }
      connection.idle = true;
      stream.expires_after(options_.idle_timeout);
      const size_t read = co_await stream.async_read_some(
          buffer.prepare(4096), asio::redirect_error(asio::use_awaitable, ec));
      connection.idle = false;
      if (ec) {
        break;  // Idle timeout, peer closed, or shutdown.
      }
      buffer.commit(read);
    }

    const Clock::time_point started = Clock::now();
    bhttp::request_parser<bhttp::buffer_body> parser;
    parser.header_limit(static_cast<uint32_t>(options_.max_header_bytes));
    // The route's limit is known only after the header; until then Beast must
    // not judge Content-Length against its own 1 MiB default. (Not boost::none:
    // Boost 1.74 compares a length against an empty optional as "too large".)
    parser.body_limit(kUnlimitedBody);
    stream.expires_after(options_.header_timeout);
    co_await bhttp::async_read_header(stream, buffer, parser,
                                      asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      if (ec == bhttp::error::header_limit) {
        rejected_.Increment();
        Response too_large = StatusResponse(
            Status::InvalidArgument("request header fields exceed " +
                                    std::to_string(options_.max_header_bytes) + " bytes"));
        too_large.status = 431;
        co_await WriteResponse(stream, false, too_large, 11, false);
      } else if (IsTimeout(ec)) {
        timeouts_.Increment();
      } else if (ec != asio::error::eof && ec != asio::error::operation_aborted &&
                 ec != asio::error::connection_reset) {
        Response malformed =
            StatusResponse(Status::InvalidArgument("malformed request: " + ec.message()));
        co_await WriteResponse(stream, false, malformed, 11, false);
      }
      break;
    }

    auto& message = parser.get();
    RequestHead head;
    head.method = std::string(message.method_string());
    head.target = std::string(message.target());
    const size_t question = head.target.find('?');
    head.path = head.target.substr(0, question);
    head.query = question == std::string::npos ? "" : head.target.substr(question + 1);
    for (const auto& field : message) {
      head.headers.Add(field.name_string(), field.value());
    }
    if (auto length = parser.content_length()) {
      head.content_length = *length;
    }
    head.remote_address = remote_address;
    const unsigned version = message.version();

    const std::shared_ptr<const RouteTable> routes = std::atomic_load(&routes_);
    const RouteMatch match = routes->Match(head);
    const std::string route_name = match.route != nullptr ? match.route->name : "unmatched";

    if (websocket::is_upgrade(message) && match.route != nullptr && match.route->websocket) {
      bhttp::request<bhttp::buffer_body> upgrade = parser.release();
      co_await ServeWebSocket(stream, upgrade, head, *match.route, connection);
      Record(route_name, "WEBSOCKET", 101, Clock::now() - started);
      co_return;
    }

    Response response;
    bool body_intact = true;  // False once the body's framing can no longer be trusted.
    const bool expect_continue = beast::iequals(message[bhttp::field::expect], "100-continue");
    StreamBodyReader reader(stream, buffer, parser, options_.io_timeout, expect_continue, version);
    if (std::optional<Response> preflight = PreflightResponse(head)) {
      response = *std::move(preflight);
    } else if (match.route == nullptr) {
      response = match.method_not_allowed
                     ? StatusResponse(Status::InvalidArgument("method not allowed"))
                     : StatusResponse(Status::NotFound("no route for " + head.path));
      if (match.method_not_allowed) {
        response.status = 405;
      }
    } else if (head.content_length && *head.content_length > match.route->body_limit) {
      // Refuse before reading a byte of it; the connection cannot be reused.
      response = StatusResponse(Status::PayloadTooLarge(
          "request body of " + std::to_string(*head.content_length) + " bytes exceeds the " +
          std::to_string(match.route->body_limit) + "-byte limit of this endpoint"));
      body_intact = false;
    } else {
      parser.body_limit(match.route->body_limit);
      Request request{head, reader};
      response = co_await CallHandler(*match.route, request);
      body_intact = !reader.failed();
    }

    AddCorsHeaders(head, response);

    // Skip a body the handler left unread, within reason; else close after answering.
    bool keep_alive = message.keep_alive() && body_intact && !draining_.load();
    if (keep_alive) {
      keep_alive = co_await reader.Drain(kMaxDrainBytes);
    }

    // Recorded before the write, so a client that has its answer also sees it
    // counted in /_gloss/metrics.
    const unsigned status = response.status;
    Record(route_name, head.method, status, Clock::now() - started);
    const bool head_only = head.method == "HEAD";
    const bool written = co_await WriteResponse(stream, head_only, response, version, keep_alive);
    logger_.Log(
        route_name == "health" || route_name == "metrics" ? LogLevel::kDebug : LogLevel::kInfo,
        "http", "request",
        {{"method", head.method},
         {"path", head.path},
         {"route", route_name},
         {"status", status},
         {"ms", std::chrono::duration<double, std::milli>(Clock::now() - started).count()}});
    if (!written || !keep_alive) {
      break;
    }
  }
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  stream.close();
}

asio::awaitable<void> Server::Impl::ServeWebSocket(beast::tcp_stream& stream,
                                                   bhttp::request<bhttp::buffer_body>& upgrade,
                                                   const RequestHead& head, const Route& route,
                                                   Connection& connection) {
  // Pick the first subprotocol the client offers that the route speaks.
  std::string chosen;
  if (auto offered = head.headers.Get("sec-websocket-protocol")) {
    std::string_view rest = *offered;
    while (!rest.empty() && chosen.empty()) {
      const size_t comma = rest.find(',');
      std::string_view item = rest.substr(0, comma);
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      while (!item.empty() && item.front() == ' ') {
        item.remove_prefix(1);
      }
      while (!item.empty() && item.back() == ' ') {
        item.remove_suffix(1);
      }
      for (const std::string& supported : route.subprotocols) {
        if (item == supported) {
          chosen = supported;
          break;
        }
      }
    }
  }

  stream.expires_never();  // The websocket stream keeps its own timeouts.
  websocket::stream<beast::tcp_stream> ws(std::move(stream));
  ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
  ws.set_option(websocket::stream_base::decorator([chosen](websocket::response_type& response) {
    response.set(bhttp::field::server, kServerHeader);
    if (!chosen.empty()) {
      response.set(bhttp::field::sec_websocket_protocol, chosen);
    }
  }));
  ws.read_message_max(options_.websocket_message_limit);
  connection.interrupt = [&ws] { beast::get_lowest_layer(ws).cancel(); };

  beast::error_code ec;
  co_await ws.async_accept(upgrade, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    co_return;
  }
  BeastWebSocket socket(ws, chosen);
  try {
    co_await route.websocket(socket, head);
  } catch (const std::exception& e) {
    bugs_.Increment();
    logger_.Error("http", "websocket handler threw", {{"route", route.name}, {"error", e.what()}});
  }
  if (ws.is_open()) {
    co_await ws.async_close(websocket::close_code::normal,
                            asio::redirect_error(asio::use_awaitable, ec));
  }
}

void Server::Impl::InterruptConnections(bool idle_only) {
  for (auto& worker : workers_) {
    asio::post(worker->io, [worker = worker.get(), idle_only] {
      for (Connection* connection : worker->connections) {
        if (!idle_only || connection->idle) {
          connection->interrupt();
        }
      }
    });
  }
}

void Server::Impl::Shutdown(std::chrono::milliseconds grace) {
  std::call_once(shutdown_once_, [&] {
    draining_.store(true);
    if (acceptor_) {
      asio::post(workers_[0]->io, [this] {
        beast::error_code ec;
        acceptor_->close(ec);
      });
    }
    // Idle keep-alive connections close now; busy ones after their response.
    // WebSocket connections are never idle in this sense and are cut at the deadline.
    InterruptConnections(/*idle_only=*/true);
    const Clock::time_point deadline = Clock::now() + grace;
    while (open_connections_.load() > 0 && Clock::now() < deadline) {
      InterruptConnections(/*idle_only=*/true);
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    InterruptConnections(/*idle_only=*/false);
    const Clock::time_point hard_deadline = Clock::now() + std::chrono::milliseconds(500);
    while (open_connections_.load() > 0 && Clock::now() < hard_deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    for (auto& worker : workers_) {
      worker->work.reset();
      worker->io.stop();
    }
    for (auto& worker : workers_) {
      if (worker->thread.joinable()) {
        worker->thread.join();
      }
    }
  });
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() { impl_->Shutdown(std::chrono::milliseconds(0)); }

Result<std::unique_ptr<Server>> Server::Start(const ServerOptions& options,
                                              std::shared_ptr<const RouteTable> routes,
                                              Logger& logger, MetricsRegistry& metrics) {
  // sendfile(2) has no MSG_NOSIGNAL: a client that hangs up mid-body would
  // raise SIGPIPE and kill the process. Writes to closed sockets must fail
  // with EPIPE instead, as Asio's own sends do.
  std::signal(SIGPIPE, SIG_IGN);
  auto impl = std::make_unique<Impl>(options, std::move(routes), logger, metrics);
  RETURN_IF_ERROR(impl->Listen());
  impl->Run();
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

uint16_t Server::port() const { return impl_->port(); }

void Server::SetRoutes(std::shared_ptr<const RouteTable> routes) {
  impl_->SetRoutes(std::move(routes));
}

void Server::Shutdown(std::chrono::milliseconds grace) { impl_->Shutdown(grace); }

}  // namespace gloss::http
