// The AppSync endpoint on the gloss port: POST /graphql (and SigV4 service
// "appsync") with a JSON body {query, variables, operationName}, answered as
// AppSync answers. The caller is resolved from Authorization (a user-pool
// JWT, or SigV4 for IAM) or x-api-key; a request that presents nothing, or
// something invalid, is rejected before execution with 401 and
// {"errors": [{"errorType": "UnauthorizedException", "message": ...}]}.
//
// Thread safety: handlers run on I/O threads and move execution to the
// BlockingPool. `service`, `resolver` and `blocking` must outlive the route.

#pragma once

#include "auth/principal_resolver.h"
#include "core/blocking_pool.h"
#include "data/service/data_service.h"
#include "http/router.h"

namespace gloss::data {

inline constexpr size_t kMaxGraphqlBodyBytes = 1 << 20;

http::Route GraphqlRoute(const DataService& service, const auth::PrincipalResolver& resolver,
                         BlockingPool& blocking);

}  // namespace gloss::data
