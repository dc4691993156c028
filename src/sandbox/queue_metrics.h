// The queues' depths for GET /_gloss/metrics: a Prometheus gauge per queue
// and state, from the same counts GetQueueAttributes answers, so a growing
// dead-letter queue shows on a dashboard.
//
//   # TYPE gloss_queue_messages gauge
//   gloss_queue_messages{queue="evaluation-dlq",state="visible"} 3
//
// States: visible (ApproximateNumberOfMessages), in_flight
// (…NotVisible), delayed (…Delayed).
//
// Thread safety: blocks on the database; call it on the BlockingPool.

#pragma once

#include <string>

#include "queue/queue_store.h"

namespace gloss::sandbox {

std::string RenderQueueMetrics(const queue::QueueStore& queues);

}  // namespace gloss::sandbox
