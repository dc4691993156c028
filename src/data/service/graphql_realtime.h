// The real-time endpoint for subscriptions: GET /graphql/realtime upgraded to
// a WebSocket, speaking either
//   - `graphql-ws`, AppSync's real-time protocol as amplify-js uses it
//     (connection_init/connection_ack with connectionTimeoutMs, ka every
//     minute, start/start_ack, data, error, stop/complete; auth from the
//     `header` query parameter or a `header-<base64url>` subprotocol entry,
//     and per subscription from payload.extensions.authorization), or
//   - `graphql-transport-ws`, the protocol of the npm `graphql-ws` client
//     (connection_init with the auth headers as payload, subscribe/next/
//     error/complete, ping/pong).
// Auth headers are the ones the HTTP endpoint takes (Authorization with a
// user-pool token, x-api-key). A connection that presents nothing valid gets
// connection_error (AppSync) or close code 4401 (graphql-transport-ws).
//
// Thread safety: each connection lives on its I/O thread; subscription
// events arrive from mutation threads and are queued to it. `service`,
// `resolver` and `blocking` must outlive the route.

#pragma once

#include "auth/principal_resolver.h"
#include "core/blocking_pool.h"
#include "data/service/data_service.h"
#include "http/router.h"

namespace gloss::data {

http::Route GraphqlRealtimeRoute(DataService& service, const auth::PrincipalResolver& resolver,
                                 BlockingPool& blocking);

}  // namespace gloss::data
