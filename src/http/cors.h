// Cross-origin access for browser apps: an Amplify app on a dev server
// (http://localhost:5173) calls the sandbox on another origin, so the browser
// asks first (an OPTIONS preflight) and reads an answer only when it carries
// Access-Control-Allow-Origin.
//
// Every endpoint authenticates each request with a bearer token, an API key
// or a signature, never with cookies, so any origin may call and read the
// answers, as AppSync, Cognito and Amplify's default bucket CORS rules allow:
// the browser's non-credentialed mode, where wildcards hold. Only the
// request headers a preflight names are echoed, because `*` does not cover
// Authorization.
//
// Thread safety: pure functions.

#pragma once

#include <optional>

#include "http/request.h"

namespace gloss::http {

// The answer to a CORS preflight (OPTIONS with Origin and
// Access-Control-Request-Method), or nullopt for any other request.
std::optional<Response> PreflightResponse(const RequestHead& head);

// Adds the headers that let a cross-origin page read `response` (and all its
// headers: ETag for multipart uploads, x-amz-*), when `head` has an Origin.
void AddCorsHeaders(const RequestHead& head, Response& response);

}  // namespace gloss::http
