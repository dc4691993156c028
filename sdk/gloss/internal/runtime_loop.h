// RuntimeLoop serves invocations one at a time: `next`, the handler, then
// `response` or `error`. Handler failures (a returned HandlerError, any
// exception) become invocation errors; only a runtime API that cannot be
// reached or answers `next` wrongly ends the loop.
//
// Thread safety: not thread-safe; the thread that calls run().

#pragma once

#include <string>

#include "core/status.h"
#include "gloss/client_config.h"
#include "gloss/internal/runtime_api_client.h"
#include "gloss/runtime.h"

namespace gloss::sdk {

// The function's fields of a Context, read once from the environment.
Context FunctionContextFromEnvironment(const EnvLookup& lookup = {});

// A RawHandler that parses the event as JSON, calls `handler` and serialises
// its answer (Runtime.UnmarshalError / Runtime.MarshalError on failure).
RawHandler AdaptJsonHandler(JsonHandler handler);

// The HandlerError for the exception being handled (call inside a catch):
// a HandlerError as it is; a std::exception as {demangled type name, what()};
// anything else as {demangled type name or "UnknownException", ...}.
HandlerError CurrentExceptionAsError();

class RuntimeLoop {
 public:
  // `api` must outlive the loop. `function_context` supplies the function's
  // fields of every Context.
  RuntimeLoop(RuntimeApiClient& api, Context function_context, RawHandler handler);

  // Runs `init` once and reports its failure to /runtime/init/error. Returns
  // the failure (kFailedPrecondition with the error text) or OK. A failure to
  // reach the runtime API while reporting is returned instead.
  Status Init(const InitFunction& init);

  // Serves one invocation. Errors: those of RuntimeApiClient::Next, and
  // kUnavailable when a response or error cannot be delivered. A refused post
  // (400/413) is logged to stderr, not returned: gloss has failed that
  // invocation already.
  Status RunOnce();

 private:
  RuntimeApiClient& api_;
  Context function_context_;
  RawHandler handler_;
};

}  // namespace gloss::sdk
