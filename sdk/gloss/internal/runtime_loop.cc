#include "gloss/internal/runtime_loop.h"

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <typeinfo>
#include <utility>

#include <cxxabi.h>
#include <nlohmann/json.hpp>

namespace gloss::sdk {
namespace {

std::string Demangle(const char* mangled) {
  int status = 0;
  std::unique_ptr<char, decltype(&std::free)> name(
      abi::__cxa_demangle(mangled, nullptr, nullptr, &status), &std::free);
  return status == 0 && name != nullptr ? std::string(name.get()) : std::string(mangled);
}

std::string Get(const EnvLookup& lookup, const char* name) {
  const char* value = lookup ? lookup(name) : std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

// One line per failed invocation on stderr, so the function's log says why.
void LogError(std::string_view request_id, const HandlerError& error) {
  std::fprintf(stderr, "%.*s\tERROR\t%s: %s\n", static_cast<int>(request_id.size()),
               request_id.data(), error.type().c_str(), error.message().c_str());
}

}  // namespace

Context FunctionContextFromEnvironment(const EnvLookup& lookup) {
  Context context;
  context.function_name = Get(lookup, "AWS_LAMBDA_FUNCTION_NAME");
  context.function_version = Get(lookup, "AWS_LAMBDA_FUNCTION_VERSION");
  context.memory_limit_mb = std::atoi(Get(lookup, "AWS_LAMBDA_FUNCTION_MEMORY_SIZE").c_str());
  context.log_group_name = Get(lookup, "AWS_LAMBDA_LOG_GROUP_NAME");
  context.log_stream_name = Get(lookup, "AWS_LAMBDA_LOG_STREAM_NAME");
  return context;
}

RawHandler AdaptJsonHandler(JsonHandler handler) {
  return
      [handler = std::move(handler)](std::string_view event, const Context& context) -> RawResult {
        nlohmann::json parsed = nlohmann::json::parse(event, nullptr, false);
        if (parsed.is_discarded()) {
          return HandlerError("Runtime.UnmarshalError", "the event is not valid JSON");
        }
        JsonResult result = handler(parsed, context);
        if (!result.ok()) {
          return result.error();
        }
        try {
          return result.payload().dump();
        } catch (const nlohmann::json::type_error& error) {
          return HandlerError("Runtime.MarshalError",
                              std::string("the response cannot be serialised: ") + error.what());
        }
      };
}

HandlerError CurrentExceptionAsError() {
  try {
    throw;
  } catch (const HandlerError& error) {
    return error;
  } catch (const std::exception& error) {
    return HandlerError(Demangle(typeid(error).name()), error.what());
  } catch (...) {
    const std::type_info* type = abi::__cxa_current_exception_type();
    return HandlerError(type != nullptr ? Demangle(type->name()) : "UnknownException",
                        "a non-standard exception was thrown");
  }
}

RuntimeLoop::RuntimeLoop(RuntimeApiClient& api, Context function_context, RawHandler handler)
    : api_(api), function_context_(std::move(function_context)), handler_(std::move(handler)) {}

Status RuntimeLoop::Init(const InitFunction& init) {
  if (!init) {
    return Status::Ok();
  }
  std::optional<HandlerError> failure;
  try {
    failure = init();
  } catch (...) {
    failure = CurrentExceptionAsError();
  }
  if (!failure) {
    return Status::Ok();
  }
  LogError("init", *failure);
  const Status posted = api_.PostInitError(*failure);
  if (posted.code() == StatusCode::kUnavailable) {
    return posted;
  }
  return Status::FailedPrecondition("init failed: " + failure->type() + ": " + failure->message());
}

Status RuntimeLoop::RunOnce() {
  ASSIGN_OR_RETURN(Invocation invocation, api_.Next());
  Context context = function_context_;
  context.request_id = std::move(invocation.context.request_id);
  context.invoked_function_arn = std::move(invocation.context.invoked_function_arn);
  context.trace_id = std::move(invocation.context.trace_id);
  context.client_context = std::move(invocation.context.client_context);
  context.cognito_identity = std::move(invocation.context.cognito_identity);
  context.deadline = invocation.context.deadline;
  // Tracing libraries read the trace header from here, as on AWS Lambda.
  if (context.trace_id.empty()) {
    unsetenv("_X_AMZN_TRACE_ID");
  } else {
    setenv("_X_AMZN_TRACE_ID", context.trace_id.c_str(), 1);
  }

  std::optional<RawResult> result;
  try {
    result.emplace(handler_(invocation.event, context));
  } catch (...) {
    result.emplace(CurrentExceptionAsError());
  }
  // What the handler printed with stdio must reach the log before the
  // response ends the invocation.
  std::fflush(stdout);

  Status posted;
  if (result->ok()) {
    posted = api_.PostResponse(context.request_id, std::move(result->payload()));
  } else {
    LogError(context.request_id, result->error());
    posted = api_.PostError(context.request_id, result->error());
  }
  if (posted.code() == StatusCode::kFailedPrecondition) {
    std::fprintf(stderr, "%s\tERROR\t%s\n", context.request_id.c_str(),
                 std::string(posted.message()).c_str());
    return Status::Ok();
  }
  return posted;
}

}  // namespace gloss::sdk
