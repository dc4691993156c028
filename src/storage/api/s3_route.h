// The S3 REST API route (docs/design/storage-service.md): path-style
// /{bucket}/{key} requests, SigV4 (header, presigned, aws-chunked bodies) or
// Bearer-token or anonymous, answered from the ObjectStore with S3's XML,
// headers and error codes, so @aws-sdk/client-s3 works unchanged.
//
// Thread safety: the route's handler runs on any I/O thread; every blocking
// call (database, disk) goes through the BlockingPool.

#pragma once

#include <memory>
#include <string>

#include "auth/principal_resolver.h"
#include "core/blocking_pool.h"
#include "core/logger.h"
#include "http/router.h"
#include "storage/api/storage_access.h"
#include "storage/object_store.h"

namespace gloss::storage {

struct S3RouteContext {
  ObjectStore* store = nullptr;
  const auth::PrincipalResolver* resolver = nullptr;
  BlockingPool* pool = nullptr;
  Logger* logger = nullptr;
  std::shared_ptr<const StorageAccess> access;
  std::string region = "us-east-1";
};

// The route; the pointers in `context` must outlive it.
http::Route S3Route(S3RouteContext context);

}  // namespace gloss::storage
