// LoopbackServer is a tiny blocking HTTP/1.1 server on 127.0.0.1 for the SDK's
// tests: it records every request exactly as it arrived and answers with what
// the test's handler returns, and can misbehave on purpose (drop the
// connection before or after answering). It serves one connection at a time,
// which is all a runtime or an SDK client opens. Bodies must come with
// Content-Length (the SDK never sends chunked).
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
#include "http/request.h"

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
};

class LoopbackServer {
 public:
  using Handler = std::function<ScriptedResponse(const CapturedRequest& request)>;

  // Listens on 127.0.0.1 (port 0) and starts serving. Errors: kUnavailable.
  static Result<std::unique_ptr<LoopbackServer>> Start(Handler handler);
  ~LoopbackServer();

  uint16_t port() const { return port_; }
  // "127.0.0.1:PORT" (AWS_LAMBDA_RUNTIME_API form) and "http://127.0.0.1:PORT".
  std::string Address() const;
  std::string Url() const;

  std::vector<CapturedRequest> requests() const;
  int connections() const;

 private:
  LoopbackServer(int listen_fd, uint16_t port, Handler handler);
  void Serve();
  // Serves requests on `fd` until the peer closes or a response drops it.
  void ServeConnection(int fd, int connection);

  const int listen_fd_;
  const uint16_t port_;
  Handler handler_;
  std::thread thread_;

  mutable std::mutex mutex_;
  std::vector<CapturedRequest> requests_;  // Guarded by mutex_.
  int connections_ = 0;                    // Guarded by mutex_.
  int current_fd_ = -1;                    // Guarded by mutex_; shut down to stop.
  bool stopping_ = false;                  // Guarded by mutex_.
};

}  // namespace gloss::sdk::testing
