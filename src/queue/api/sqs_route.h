// The SQS API on the gloss port (docs/design/queues.md, "Wire"): requests
// with `X-Amz-Target: AmazonSQS.*` (AWS JSON 1.0, current SDKs) and query
// protocol requests (`Action=...` forms, older SDKs and tools), SigV4 service
// `sqs`. The admin key pair may do anything; a function only what its IAM
// policy allows (`sqs:<Action>` on the queue's ARN); anyone else gets
// AccessDenied.
//
// ReceiveMessage long-polls without holding a thread: an empty receive waits
// on an Asio timer that the queue's Notifier cancels when a send commits, or
// that fires when the earliest hidden message becomes visible.
//
// Thread safety: the route is immutable; everything in the context must
// outlive it.

#pragma once

#include <string>

#include "auth/principal_resolver.h"
#include "aws/iam_policy.h"
#include "core/blocking_pool.h"
#include "http/router.h"
#include "queue/queue_store.h"

namespace gloss::queue::api {

struct SqsRouteContext {
  QueueStore* store = nullptr;
  const auth::PrincipalResolver* resolver = nullptr;
  BlockingPool* pool = nullptr;
  aws::IamPolicyLookup policies;  // For function callers.
  std::string endpoint;           // Base URL of queue URLs.
};

// Largest request body: a SendMessageBatch of ten 256 KiB messages, with
// room for JSON escaping.
inline constexpr size_t kSqsBodyLimit = 4 << 20;

http::Route SqsRoute(const SqsRouteContext& context);

}  // namespace gloss::queue::api
