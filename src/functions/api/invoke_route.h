// The HTTP ways to invoke a function (docs/design/functions.md, "Invocation"):
//
//   POST /2015-03-31/functions/{name}/invocations   Lambda's Invoke, so
//       @aws-sdk/client-lambda works: SigV4 (service `lambda`) by the admin
//       key pair, or by a function whose policy allows lambda:InvokeFunction
//       on the target's ARN. X-Amz-Invocation-Type RequestResponse (default),
//       Event (202, durable) or DryRun (204); X-Amz-Log-Type: Tail returns
//       the log tail base64 in X-Amz-Log-Result; a function error is a 200
//       with X-Amz-Function-Error: Unhandled and the error JSON as body.
//   POST /_gloss/functions/{name}/invoke             the same for tools and
//       the web UI, admin only; answers {"requestId", "payload",
//       "functionError", "logTail"} as JSON.
//
// Errors are Lambda's REST-JSON errors: X-Amzn-ErrorType and
// {"Type", "message"}: ResourceNotFoundException 404,
// RequestTooLargeException 413, TooManyRequestsException 429,
// AccessDeniedException 403, InvalidRequestContentException 400,
// ServiceException 500/503.
//
// Thread safety: the routes are immutable; everything in the context must
// outlive them.

#pragma once

#include <string>

#include "auth/principal_resolver.h"
#include "aws/iam_policy.h"
#include "core/blocking_pool.h"
#include "functions/functions_service.h"
#include "http/router.h"

namespace gloss::functions {

struct InvokeRouteContext {
  FunctionsService* functions = nullptr;
  const auth::PrincipalResolver* resolver = nullptr;
  BlockingPool* pool = nullptr;
  aws::IamPolicyLookup policies;  // For function callers.
  std::string region = "us-east-1";
};

// Serves both paths (SigV4 requests of service `lambda` reach it whatever
// their path).
http::Route InvokeRoute(const InvokeRouteContext& context);

}  // namespace gloss::functions
