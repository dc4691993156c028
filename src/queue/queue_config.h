// A queue's configuration: its name, kind and the attributes SQS lets
// CreateQueue and SetQueueAttributes set, validated and parsed. The store
// keeps one immutable QueueConfig per queue and swaps it on every change.
//
// Errors use SQS's codes (protocol/sqs_errors.h): InvalidParameterValue for
// a bad name, InvalidAttributeName for an unknown attribute,
// InvalidAttributeValue for a value out of range.
//
// Thread safety: plain values and pure functions.

#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/backend_spec.h"
#include "core/result.h"

namespace gloss::queue {

using AttributeMap = std::map<std::string, std::string>;

struct RedrivePolicy {
  std::string dead_letter_target_arn;
  std::string dead_letter_queue;  // The queue name the ARN names.
  int64_t max_receive_count = 0;  // 1 ... 1000.
};

struct QueueConfig {
  std::string name;
  std::string arn;
  bool fifo = false;
  std::chrono::seconds visibility_timeout{30};
  std::chrono::seconds retention_period{4 * 24 * 3600};
  std::chrono::seconds delay{0};
  std::chrono::seconds receive_wait_time{0};
  int64_t max_message_size = 262144;
  bool content_based_deduplication = false;
  std::optional<RedrivePolicy> redrive;
  // Every settable attribute as GetQueueAttributes returns it (defaults
  // included), by SQS name.
  AttributeMap attributes;
  AttributeMap tags;
  int64_t created_ms = 0;
  int64_t modified_ms = 0;
};

// SQS's limits on the names it accepts.
inline constexpr size_t kMaxQueueNameLength = 80;
inline constexpr std::string_view kFifoSuffix = ".fifo";

// Checks a queue name: 1 ... 80 of [A-Za-z0-9_-], and for FIFO queues the
// ".fifo" suffix (counted in the 80).
Status ValidateQueueName(std::string_view name);

// The configuration of a new queue `name` in `region` with `attributes` set
// over SQS's defaults. FifoQueue must agree with the name's suffix.
Result<QueueConfig> NewQueueConfig(std::string_view region, std::string_view name,
                                   const AttributeMap& attributes);

// `config` with `changes` applied (SetQueueAttributes). FifoQueue cannot
// change.
Result<QueueConfig> ApplyAttributes(QueueConfig config, const AttributeMap& changes);

// The attributes backend.toml gives `spec` (the DLQ named by its ARN).
AttributeMap AttributesOf(const QueueSpec& spec, const std::map<std::string, QueueSpec>& queues,
                          std::string_view region);

// The queue name an SQS ARN "arn:aws:sqs:REGION:ACCOUNT:NAME" names, or
// nullopt when it is not one.
std::optional<std::string> QueueNameOfArn(std::string_view arn);

}  // namespace gloss::queue
