// RuntimeApiServer serves the AWS Lambda Runtime API (2018-06-01) to one
// worker process on a loopback port of its own (docs/design/functions.md):
//
//   GET  /2018-06-01/runtime/invocation/next          -> the next event
//   POST /2018-06-01/runtime/invocation/{id}/response -> 202
//   POST /2018-06-01/runtime/invocation/{id}/error    -> 202
//   POST /2018-06-01/runtime/init/error               -> 202
//
// The server only speaks HTTP; what an invocation is and what its outcome
// means belongs to the RuntimeMailbox (the worker). It has one thread,
// serving one connection at a time, because a runtime is one client that
// blocks in `next` anyway.
//
// Thread safety: Stop() from the owner; the mailbox is called on the
// server's thread.

#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace gloss::functions {

// Lambda's limit on a synchronous response (and on the runtime's error body).
inline constexpr size_t kMaxResponseBytes = 6 * 1024 * 1024;

struct NextInvocation {
  std::string request_id;
  std::string payload;
  int64_t deadline_ms = 0;  // Unix epoch milliseconds.
  std::string function_arn;
  std::string trace_id;
  std::string client_context;    // Empty: no header.
  std::string cognito_identity;  // Empty: no header.
};

// What a runtime reported for an invocation or its initialisation.
struct RuntimeReport {
  enum class Kind { kResponse, kError, kInitError };
  Kind kind = Kind::kResponse;
  std::string body;
  std::string error_type;  // Lambda-Runtime-Function-Error-Type, kError/kInitError.
};

// Which runtime API call a request is (method and raw target).
struct RuntimeRoute {
  enum class Kind { kNext, kResponse, kError, kInitError, kWrongMethod, kNotFound };
  Kind kind = Kind::kNotFound;
  std::string_view request_id;  // kResponse and kError: non-empty, no '/'.
};
RuntimeRoute ParseRuntimeRoute(std::string_view method, std::string_view target);

class RuntimeMailbox {
 public:
  virtual ~RuntimeMailbox() = default;
  // Blocks until the worker has an invocation for the runtime; nullopt when
  // the worker is stopping (the server then closes the connection).
  virtual std::optional<NextInvocation> Next() = 0;
  // A report for `request_id` (empty for kInitError). kNotFound when that id
  // is not in flight on this worker (the runtime gets 400 InvalidRequestID).
  virtual Status Report(std::string_view request_id, RuntimeReport report) = 0;
};

class RuntimeApiServer {
 public:
  // Listens on 127.0.0.1 (port chosen by the kernel) and starts serving.
  // `mailbox` must outlive the server. Errors: kUnavailable.
  static Result<std::unique_ptr<RuntimeApiServer>> Start(RuntimeMailbox& mailbox);
  // Stops (see Stop()).
  ~RuntimeApiServer();

  RuntimeApiServer(const RuntimeApiServer&) = delete;
  RuntimeApiServer& operator=(const RuntimeApiServer&) = delete;

  uint16_t port() const { return port_; }
  // "127.0.0.1:PORT", the value of AWS_LAMBDA_RUNTIME_API.
  std::string Address() const;

  // Closes the listener and the connection and joins the thread. The
  // mailbox's Next() must return (nullopt) for this to finish: stop the
  // mailbox first. Idempotent.
  void Stop();

  class Impl;

 private:
  RuntimeApiServer(std::unique_ptr<Impl> impl, uint16_t port);
  std::unique_ptr<Impl> impl_;
  uint16_t port_;
};

}  // namespace gloss::functions
