// LoopbackServer is a tiny blocking HTTP/1.1 server on 127.0.0.1 for the SDK's
// tests: it records every request exactly as it arrived and answers with what
// the test's handler returns, and can misbehave on purpose (drop the
// connection before or after answering). It serves one connection at a time,
// which is all a runtime or an SDK client opens. Bodies must come with
// Content-Length (the SDK never sends chunked).
//
// With LoopbackServerOptions::tls it speaks https (OpenSSL on the accepted
// socket, TLS 1.2 or newer) with the given identity; connections end without
// close_notify, as many servers end them. A plain server answers a TLS
// ClientHello with 400 and closes, as real http servers do.
//
// Test-only. Thread safety: the handler runs on the server's thread;
// requests() and connections() may be called from any thread.

#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "core/result.h"
#include "gloss/testing/test_certificate.h"
#include "http/request.h"

struct ssl_ctx_st;  // OpenSSL's SSL_CTX.

namespace gloss::sdk::testing {

struct CapturedRequest {
  std::string method{};
  std::string target{};
  std::vector<std::pair<std::string, std::string>> headers{};  // Names lower-case, in order.
  std::string body{};
  int connection = 0;  // 1 for the first connection accepted, 2 for the next, ...

  // First value of `name` (lower-case), or "" when absent.
  std::string Header(std::string_view name) const;
  bool HasHeader(std::string_view name) const;
  // As gloss's server would see it (for aws::VerifySigV4).
  http::RequestHead ToRequestHead() const;
};

struct ScriptedResponse {
  unsigned status = 200;
  std::vector<std::pair<std::string, std::string>> headers{};
  std::string body{};
  std::chrono::milliseconds delay{0};  // Before answering.
  bool drop_before_reply = false;      // Close without answering.
  bool drop_after_reply = false;       // Close (without Connection: close) after answering.
  bool close_delimited = false;        // No Content-Length: the body ends with the connection.
};

struct LoopbackServerOptions {
  std::optional<TestCertificate> tls{};  // Serve https with this identity.
};

class LoopbackServer {
 public:
  using Handler = std::function<ScriptedResponse(const CapturedRequest& request)>;

  // Listens on 127.0.0.1 (port 0) and starts serving. Errors: kUnavailable;
  // kInvalidArgument for an unusable TLS identity.
  static Result<std::unique_ptr<LoopbackServer>> Start(Handler handler,
                                                       LoopbackServerOptions options = {});
  ~LoopbackServer();

  uint16_t port() const { return port_; }
  // "127.0.0.1:PORT" (AWS_LAMBDA_RUNTIME_API form) and "http://127.0.0.1:PORT"
  // (https:// with TLS).
  std::string Address() const;
  std::string Url() const;

  std::vector<CapturedRequest> requests() const;
  int connections() const;

 private:
  struct SslContextDeleter {
    void operator()(ssl_ctx_st* context) const;
  };
  using SslContextPtr = std::unique_ptr<ssl_ctx_st, SslContextDeleter>;
  class Connection;

  LoopbackServer(int listen_fd, uint16_t port, Handler handler, SslContextPtr tls);
  void Serve();
  // Serves requests on `connection` until the peer closes or a response drops it.
  void ServeConnection(Connection& connection, int number);

  const int listen_fd_;
  const uint16_t port_;
  Handler handler_;
  const SslContextPtr tls_;  // Null: plain http.
  std::thread thread_;

  mutable std::mutex mutex_;
  std::vector<CapturedRequest> requests_;  // Guarded by mutex_.
  int connections_ = 0;                    // Guarded by mutex_.
  int current_fd_ = -1;                    // Guarded by mutex_; shut down to stop.
  bool stopping_ = false;                  // Guarded by mutex_.
};

}  // namespace gloss::sdk::testing
