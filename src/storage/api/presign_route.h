// POST /_gloss/storage/presign: a presigned S3 URL for a browser that holds a
// user-pool token (or for a guest), for one object and one method, issued only
// when the caller's access rules allow that action (storage_access.h). The URL
// is signed with the sandbox's admin key pair, so it works for exactly that
// method and key until it expires, whoever fetches it — what presigning with
// a service role gives on AWS.
//
//   request   {"bucket": "images", "key": "images/original/ID/a.jpg",
//              "method": "PUT" | "GET", "expiresIn": 300}     (default 900 s, max 7 days)
//   response  {"url": "http://HOST/images/images/original/ID/a.jpg?X-Amz-...",
//              "method": "PUT", "expiresIn": 300}
//   errors    {"error": {"code": "AccessDenied" | "InvalidArgument" | ..., "message": ...}}
//             with 403 / 400 / 401.
//
// Thread safety: as every route; the resolver runs on the BlockingPool.

#pragma once

#include <memory>
#include <string>

#include "auth/principal_resolver.h"
#include "core/blocking_pool.h"
#include "http/router.h"
#include "storage/api/storage_access.h"

namespace gloss::storage {

struct PresignRouteContext {
  const auth::PrincipalResolver* resolver = nullptr;
  BlockingPool* pool = nullptr;
  std::shared_ptr<const StorageAccess> access;
  std::string access_key_id;  // The admin key pair that signs the URLs.
  std::string secret_access_key;
  std::string region = "us-east-1";
};

// The pointers in `context` must outlive the route.
http::Route PresignRoute(PresignRouteContext context);

}  // namespace gloss::storage
