// Server is Gloss's one HTTP/1.1 port: keep-alive, streamed request bodies,
// WebSocket upgrades, per-route metrics and limits against oversized or slow
// clients. Which code answers a request is decided by a RouteTable, which can
// be replaced at any time (hot reload) without dropping connections.
//
// Threading: one io_context per worker thread (ARCHITECTURE: a thread per
// core); a connection stays on the worker that accepted it for its whole life,
// so per-connection state needs no locks. Handlers run on that worker and must
// not block: use RunBlocking() (http/blocking.h).
//
// Limits and their answers: header over max_header_bytes -> 431; body over
// the route's limit -> 413; a client idle past idle_timeout between requests,
// or slower than header_timeout for a whole header, or stalled past
// io_timeout while sending a body or reading a response -> connection closed.
// Malformed requests -> 400. A handler that throws -> 500 and a bug counted.
//
// Starting a server ignores SIGPIPE for the process (file bodies go out with
// sendfile(2), which cannot suppress it per call).
//
// Thread safety: SetRoutes() and port() may be called from any thread;
// Shutdown() and the destructor from the owner only.

#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "core/logger.h"
#include "core/metrics.h"
#include "core/result.h"
#include "http/router.h"

namespace gloss::http {

struct ServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 0;   // 0 picks a free port.
  size_t threads = 0;  // 0: one per core.
  size_t max_header_bytes = 16 * 1024;
  size_t max_connections = 4096;
  std::chrono::milliseconds idle_timeout = std::chrono::seconds(75);
  std::chrono::milliseconds header_timeout = std::chrono::seconds(10);
  std::chrono::milliseconds io_timeout = std::chrono::seconds(30);
  size_t websocket_message_limit = 1 << 20;
};

class Server {
 public:
  // Binds, listens and starts the worker threads.
  // Errors: kUnavailable when the address cannot be bound (port in use).
  // `logger` and `metrics` must outlive the server.
  static Result<std::unique_ptr<Server>> Start(const ServerOptions& options,
                                               std::shared_ptr<const RouteTable> routes,
                                               Logger& logger, MetricsRegistry& metrics);
  // Shuts down with no grace period if Shutdown() was not called.
  ~Server();

  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  uint16_t port() const;

  // Requests accepted after this call use `routes`; requests in flight finish
  // with the table they started with.
  void SetRoutes(std::shared_ptr<const RouteTable> routes);

  // Stops accepting, answers in-flight requests (with `Connection: close`),
  // closes idle and WebSocket connections, waits up to `grace` for the rest,
  // then stops the worker threads. Pending completions posted afterwards are
  // discarded safely until the Server is destroyed. Idempotent.
  void Shutdown(std::chrono::milliseconds grace);

  class Impl;

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace gloss::http
