// Event source mappings (docs/design/queues.md, "Event source mappings"):
// each `triggers = [{ queue = "...", batchSize = N }]` of a function becomes
// a poller thread that receives batches from the queue, hands them to the
// function as Lambda's SQS event, and deletes what succeeded. Failures are
// left to the visibility timeout, and after maxReceiveCount to the DLQ.
//
// The queue service does not know functions: the sandbox gives each mapping
// a DeliverBatch that invokes the function synchronously.
//
// Thread safety: Apply() and Stop() from one thread (the sandbox's start,
// reload and shutdown); pollers run on their own threads.

#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/logger.h"
#include "core/result.h"
#include "queue/queue_store.h"

namespace gloss::queue {

// Invokes the mapping's function with `event` (the SQS event JSON) and
// returns its response payload; an error for a function error, timeout or
// crash.
using DeliverBatch = std::function<Result<std::string>(const std::string& event)>;

struct EventSourceMapping {
  std::string function;  // For logs and identity.
  std::string queue;     // The queue name.
  uint32_t batch_size = 10;
  std::chrono::seconds max_batching_window{0};
  DeliverBatch deliver;
};

// Lambda's SQS event for `messages` of `config`'s queue.
nlohmann::json SqsEvent(const QueueConfig& config, std::string_view region,
                        const std::vector<ReceivedMessage>& messages);

// The message ids a function's response reports as failed
// ({"batchItemFailures":[{"itemIdentifier":"id"}]}), or nullopt when the
// response is not a valid partial batch response: then the whole batch
// failed, as Lambda treats it. An empty or non-JSON response is success.
std::optional<std::vector<std::string>> FailedItems(const std::string& response,
                                                    const std::vector<ReceivedMessage>& batch);

class EventSourceMappings {
 public:
  EventSourceMappings(QueueStore& store, Logger& logger);
  ~EventSourceMappings();

  EventSourceMappings(const EventSourceMappings&) = delete;
  EventSourceMappings& operator=(const EventSourceMappings&) = delete;

  // Runs exactly `mappings` (by function, queue, batch size and window):
  // starts the new ones, stops the ones no longer listed.
  void Apply(std::vector<EventSourceMapping> mappings);

  // Stops every poller (an in-flight delivery finishes first).
  void Stop();

 private:
  class Poller;

  QueueStore& store_;
  Logger& logger_;
  std::map<std::string, std::unique_ptr<Poller>> pollers_;  // By mapping key.
};

}  // namespace gloss::queue
