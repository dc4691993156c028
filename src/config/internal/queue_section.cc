// Loader for [queues.KEY] tables: SQS-style queues and their dead-letter queues.

#include <algorithm>
#include <chrono>
#include <set>
#include <utility>
#include <vector>

#include "config/internal/naming_rules.h"
#include "config/internal/sections.h"

namespace gloss::config {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

// SQS limits.
constexpr int64_t kMinMessageSize = 1024;
constexpr int64_t kMaxMessageSize = 262144;
constexpr int64_t kMaxReceiveCount = 1000;

// Whether the queue with `key` is FIFO, when its name resolved.
std::optional<bool> IsFifo(const LoadContext& context, const std::string& key) {
  const auto name = context.names.queues.find(key);
  if (name == context.names.queues.end()) {
    return std::nullopt;
  }
  return IsFifoQueueName(name->second);
}

std::optional<DeadLetterSpec> LoadDeadLetter(const toml::table& table, std::string path,
                                             const std::string& queue_key, LoadContext& context) {
  TableReader reader(table, std::move(path), {"queue", "maxReceiveCount"}, context.diagnostics);
  const bool has_queue = reader.Require("queue");
  const bool has_count = reader.Require("maxReceiveCount");
  const std::optional<StringItem> target = reader.StringWithNode("queue");
  const std::optional<int64_t> count = reader.Integer("maxReceiveCount", 1, kMaxReceiveCount);
  if (!has_queue || !has_count || !target || !count) {
    return std::nullopt;
  }
  if (target->value == queue_key) {
    reader.ErrorAt("queue", *target->node, "a queue cannot be its own dead-letter queue");
    return std::nullopt;
  }
  if (context.keys.queues.count(target->value) == 0) {
    reader.ErrorAt("queue", *target->node,
                   "'" + target->value + "' is not a queue (no [queues." + target->value + "])");
    return std::nullopt;
  }
  const std::optional<bool> fifo = IsFifo(context, queue_key);
  const std::optional<bool> target_fifo = IsFifo(context, target->value);
  if (fifo && target_fifo && *fifo != *target_fifo) {
    reader.ErrorAt("queue", *target->node,
                   *fifo ? "a FIFO queue needs a FIFO dead-letter queue, and '" + target->value +
                               "' is not FIFO"
                         : "a standard queue needs a standard dead-letter queue, and '" +
                               target->value + "' is FIFO");
  }
  return DeadLetterSpec{target->value, static_cast<uint32_t>(*count)};
}

// Reports each dead-letter chain that loops (a -> b -> a) once, at the
// `deadLetterQueue.queue` of the first queue of the loop by key.
void CheckDeadLetterCycles(const std::map<std::string, QueueSpec>& queues,
                           const std::map<std::string, SourceLocation>& dead_letter_locations,
                           Diagnostics& diagnostics) {
  std::set<std::string> finished;
  for (const auto& entry : queues) {
    std::vector<std::string> chain;
    std::string current = entry.first;
    while (finished.count(current) == 0) {
      const auto loop_start = std::find(chain.begin(), chain.end(), current);
      if (loop_start != chain.end()) {
        std::vector<std::string> loop(loop_start, chain.end());
        std::rotate(loop.begin(), std::min_element(loop.begin(), loop.end()), loop.end());
        std::string path;
        for (const std::string& member : loop) {
          path += JoinPath("queues", member) + " -> ";
        }
        path += JoinPath("queues", loop.front());
        const std::string& first = loop.front();
        diagnostics.Add(dead_letter_locations.at(first),
                        JoinPath(JoinPath(JoinPath("queues", first), "deadLetterQueue"), "queue") +
                            ": dead-letter queues form a cycle: " + path);
        break;
      }
      chain.push_back(current);
      const auto queue = queues.find(current);
      if (queue == queues.end() || !queue->second.dead_letter) {
        break;
      }
      current = queue->second.dead_letter->queue_key;
    }
    finished.insert(chain.begin(), chain.end());
  }
}

}  // namespace

std::map<std::string, QueueSpec> LoadQueues(const std::map<std::string, const toml::table*>& tables,
                                            LoadContext& context) {
  std::map<std::string, QueueSpec> queues;
  std::map<std::string, SourceLocation> dead_letter_locations;
  for (const auto& [key, table] : tables) {
    TableReader reader(
        *table, JoinPath("queues", key),
        {"queueName", "contentBasedDeduplication", "visibilityTimeout", "retentionPeriod",
         "delaySeconds", "receiveWaitTime", "maxMessageSize", "deadLetterQueue"},
        context.diagnostics);
    QueueSpec queue;
    queue.key = key;
    queue.where = reader.where();
    queue.name = context.names.queues.count(key) ? context.names.queues.at(key) : key;
    queue.fifo = IsFifoQueueName(queue.name);
    if (const std::optional<bool> dedup = reader.Bool("contentBasedDeduplication")) {
      queue.content_based_deduplication = *dedup;
      if (*dedup && !queue.fifo) {
        reader.ErrorAt("contentBasedDeduplication", *reader.Find("contentBasedDeduplication"),
                       "only FIFO queues (names ending in '.fifo') deduplicate by content");
      }
    }
    queue.visibility_timeout = reader.Duration("visibilityTimeout", seconds(0), hours(12))
                                   .value_or(queue.visibility_timeout);
    queue.retention_period =
        reader.Duration("retentionPeriod", seconds(60), days(14)).value_or(queue.retention_period);
    queue.delay = reader.Duration("delaySeconds", seconds(0), minutes(15)).value_or(queue.delay);
    queue.receive_wait_time = reader.Duration("receiveWaitTime", seconds(0), seconds(20))
                                  .value_or(queue.receive_wait_time);
    queue.max_message_size = static_cast<uint32_t>(
        reader.Integer("maxMessageSize", kMinMessageSize, kMaxMessageSize, "bytes")
            .value_or(queue.max_message_size));
    if (const toml::table* dead_letter = reader.Table("deadLetterQueue")) {
      queue.dead_letter =
          LoadDeadLetter(*dead_letter, reader.FieldPath("deadLetterQueue"), key, context);
      if (queue.dead_letter) {
        dead_letter_locations[key] = context.diagnostics.Where(*dead_letter->get("queue"));
      }
    }
    queues.emplace(key, std::move(queue));
  }
  CheckDeadLetterCycles(queues, dead_letter_locations, context.diagnostics);
  return queues;
}

}  // namespace gloss::config
