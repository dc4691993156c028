// RuntimeApiClient is the Lambda Runtime API 2018-06-01 on the client side:
// the four calls a runtime makes, over one keep-alive connection (reopened
// when it drops).
//
// Thread safety: not thread-safe; the runtime loop's thread only.

#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "gloss/internal/http_client.h"
#include "gloss/runtime.h"

namespace gloss::sdk {

struct Invocation {
  std::string event{};  // The body of `next`, as sent.
  Context context{};    // The invocation's fields only; the function's come from the environment.
};

class RuntimeApiClient {
 public:
  // `address` is AWS_LAMBDA_RUNTIME_API: "host:port". Errors: kInvalidArgument
  // when it has no port.
  static Result<std::unique_ptr<RuntimeApiClient>> Create(std::string_view address);

  // GET /runtime/invocation/next; waits without a timeout. Errors:
  // kUnavailable (runtime API unreachable), kInvalidArgument (an answer that
  // is not 200 or lacks Lambda-Runtime-Aws-Request-Id).
  Result<Invocation> Next();

  // POST /runtime/invocation/{id}/response with `payload` as the body.
  // Errors: kUnavailable (unreachable); kFailedPrecondition when the runtime
  // API refused it (400 unknown id, 413 too large: gloss then fails the
  // invocation itself).
  Status PostResponse(std::string_view request_id, std::string payload);

  // POST /runtime/invocation/{id}/error with
  // {"errorMessage","errorType","stackTrace":[]} and
  // Lambda-Runtime-Function-Error-Type. Errors as PostResponse.
  Status PostError(std::string_view request_id, const HandlerError& error);

  // POST /runtime/init/error, same body and header. Errors as PostResponse.
  Status PostInitError(const HandlerError& error);

 private:
  explicit RuntimeApiClient(HttpClient http) : http_(std::move(http)) {}

  Status Post(std::string target, std::string body, std::string_view error_type);

  HttpClient http_;
};

// The error document the runtime API expects.
std::string ErrorDocument(const HandlerError& error);

}  // namespace gloss::sdk
