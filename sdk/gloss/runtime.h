// The function runtime: gloss::run(handler) turns a process into a Lambda
// function. It speaks the Lambda Runtime API (2018-06-01) at
// AWS_LAMBDA_RUNTIME_API (what gloss, and AWS Lambda, give each worker
// process): it waits for an invocation (`next`), calls the handler with the
// event and a Context, and posts the handler's response or error; forever.
//
//   int main() {
//     return gloss::run([](const nlohmann::json& event, const gloss::Context& context)
//                           -> gloss::JsonResult {
//       if (!event.contains("name")) {
//         return gloss::HandlerError("InvalidInput", "name is missing");
//       }
//       return nlohmann::json{{"hello", event["name"]}, {"requestId", context.request_id}};
//     });
//   }
//
// A handler reports failure by returning a HandlerError or by throwing: a
// thrown HandlerError keeps its type, any other exception is reported with
// its C++ type name as errorType ("std::runtime_error") and what() as
// errorMessage. Either way the process stays up for the next invocation.
// A JSON handler whose event is not JSON fails with Runtime.UnmarshalError;
// a response that cannot be serialised (invalid UTF-8) with
// Runtime.MarshalError.
//
// Logs: stdout is made line-buffered, so each printed line reaches gloss's log
// collector as it is printed. Errors are also printed to stderr.
//
// Thread safety: run() is called once, from main(); the handler runs on the
// calling thread, one invocation at a time. A Context is valid during the
// handler call only.

#pragma once

#include <chrono>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include <nlohmann/json.hpp>

namespace gloss {

// What the runtime knows about the current invocation and the function.
struct Context {
  std::string request_id{};            // Lambda-Runtime-Aws-Request-Id.
  std::string invoked_function_arn{};  // Lambda-Runtime-Invoked-Function-Arn.
  std::string trace_id{};              // Lambda-Runtime-Trace-Id; also in _X_AMZN_TRACE_ID.
  std::string client_context{};        // Raw JSON of Lambda-Runtime-Client-Context, or empty.
  std::string cognito_identity{};      // Raw JSON of Lambda-Runtime-Cognito-Identity, or empty.
  std::chrono::system_clock::time_point deadline{};  // Lambda-Runtime-Deadline-Ms.

  std::string function_name{};     // AWS_LAMBDA_FUNCTION_NAME
  std::string function_version{};  // AWS_LAMBDA_FUNCTION_VERSION
  int memory_limit_mb = 0;         // AWS_LAMBDA_FUNCTION_MEMORY_SIZE
  std::string log_group_name{};    // AWS_LAMBDA_LOG_GROUP_NAME
  std::string log_stream_name{};   // AWS_LAMBDA_LOG_STREAM_NAME

  // Time left until the deadline (zero once it has passed).
  std::chrono::milliseconds RemainingTime() const {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::system_clock::now());
    return left.count() > 0 ? left : std::chrono::milliseconds(0);
  }
};

// A function error with a chosen errorType: returned from a handler, or
// thrown from anywhere inside it.
class HandlerError : public std::exception {
 public:
  HandlerError(std::string type, std::string message)
      : type_(std::move(type)), message_(std::move(message)) {}

  const std::string& type() const { return type_; }
  const std::string& message() const { return message_; }
  const char* what() const noexcept override { return message_.c_str(); }

 private:
  std::string type_;
  std::string message_;
};

// A handler's answer: a payload or a HandlerError. Converts implicitly from
// either, so a handler can `return payload;` or `return HandlerError(...);`.
template <typename T>
class HandlerResult {
 public:
  HandlerResult(T payload) : rep_(std::move(payload)) {}  // NOLINT(google-explicit-constructor)
  HandlerResult(HandlerError error)
      : rep_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(rep_); }
  // Valid when ok().
  T& payload() { return std::get<T>(rep_); }
  // Valid when !ok().
  const HandlerError& error() const { return std::get<HandlerError>(rep_); }

 private:
  std::variant<T, HandlerError> rep_;
};

using JsonResult = HandlerResult<nlohmann::json>;
using RawResult = HandlerResult<std::string>;

// Takes the event as parsed JSON; the response is serialised as JSON.
using JsonHandler = std::function<JsonResult(const nlohmann::json& event, const Context& context)>;
// Takes the event's bytes as sent; the response bytes are posted as they are.
using RawHandler = std::function<RawResult(std::string_view event, const Context& context)>;

// Runs once before the first invocation (open clients, read configuration).
// Returning a HandlerError, or throwing, reports it to /runtime/init/error and
// makes run() return 1: gloss then fails the pending invocation with that
// error (Runtime.InitError) and starts a new process next time.
using InitFunction = std::function<std::optional<HandlerError>()>;

struct RunOptions {
  InitFunction init;  // Optional.
};

// Serves invocations until the runtime API goes away, then returns the
// process exit code: 1 when AWS_LAMBDA_RUNTIME_API is unset or unreachable,
// or when init failed. Normally gloss ends the process (SIGTERM/SIGKILL)
// while run() is waiting for the next invocation.
int run(JsonHandler handler, RunOptions options = {});  // NOLINT(readability-identifier-naming)
int run(RawHandler handler, RunOptions options = {});   // NOLINT(readability-identifier-naming)

}  // namespace gloss
