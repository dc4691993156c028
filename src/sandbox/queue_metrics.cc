#include "sandbox/queue_metrics.h"

#include <utility>

namespace gloss::sandbox {

std::string RenderQueueMetrics(const queue::QueueStore& queues) {
  constexpr std::pair<const char*, const char*> kStates[] = {
      {"visible", "ApproximateNumberOfMessages"},
      {"in_flight", "ApproximateNumberOfMessagesNotVisible"},
      {"delayed", "ApproximateNumberOfMessagesDelayed"},
  };
  std::string text =
      "# HELP gloss_queue_messages Messages in each queue by state (SQS's "
      "ApproximateNumberOfMessages*).\n"
      "# TYPE gloss_queue_messages gauge\n";
  for (const std::string& name : queues.ListQueues("")) {
    const Result<queue::AttributeMap> attributes = queues.GetAttributes(name);
    if (!attributes.ok()) {
      continue;  // Deleted since it was listed.
    }
    for (const auto& [state, attribute] : kStates) {
      const auto found = attributes->find(attribute);
      text += "gloss_queue_messages{queue=\"" + name + "\",state=\"" + state + "\"} " +
              (found == attributes->end() ? "0" : found->second) + "\n";
    }
  }
  return text;
}

}  // namespace gloss::sandbox
