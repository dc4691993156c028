// GET /_gloss/logs?function=NAME: functions' log lines as a
// Server-Sent-Events stream for the web UI (docs/design/functions.md,
// "Logs"). Each line is one event:
//
//   id: 42
//   event: log
//   data: {"function":"process-image","time":"2026-12-04T23:45:55.735Z","line":"START ..."}
//
// It starts with the recent backlog (after Last-Event-ID when the browser
// reconnects), then follows live. `function` may be omitted (every
// function). Who may read logs: the admin key pair (SigV4) or a signed-in
// member of ADMINS; EventSource cannot send headers, so a user's ID or
// access token may also come as `?token=`.
//
// Thread safety: the route is immutable; its context must outlive it.

#pragma once

#include "auth/principal_resolver.h"
#include "core/blocking_pool.h"
#include "functions/functions_service.h"
#include "http/router.h"

namespace gloss::functions {

struct LogsRouteContext {
  FunctionsService* functions = nullptr;
  const auth::PrincipalResolver* resolver = nullptr;
  BlockingPool* pool = nullptr;
};

http::Route LogsRoute(const LogsRouteContext& context);

}  // namespace gloss::functions
