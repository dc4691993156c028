#include "queue/queue_config.h"

#include <charconv>
#include <utility>

#include <nlohmann/json.hpp>

#include "config/references.h"
#include "queue/protocol/sqs_errors.h"

namespace gloss::queue {
namespace {

using protocol::SqsErrorCode;
using protocol::SqsErrorStatus;

Status InvalidValue(std::string_view attribute, std::string_view why) {
  return SqsErrorStatus(
      SqsErrorCode::kInvalidAttributeValue,
      "Invalid value for the parameter " + std::string(attribute) + ". " + std::string(why));
}

Result<int64_t> ParseInteger(std::string_view attribute, std::string_view text, int64_t min,
                             int64_t max) {
  int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return InvalidValue(attribute, "Reason: must be an integer from " + std::to_string(min) +
                                       " to " + std::to_string(max) + ".");
  }
  return value;
}

Result<bool> ParseBool(std::string_view attribute, std::string_view text) {
  if (text == "true") {
    return true;
  }
  if (text == "false") {
    return false;
  }
  return InvalidValue(attribute, "Reason: must be true or false.");
}

Status CheckJsonObject(std::string_view attribute, std::string_view text) {
  const nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return InvalidValue(attribute, "Reason: must be a JSON object.");
  }
  return Status::Ok();
}

Result<RedrivePolicy> ParseRedrivePolicy(std::string_view text) {
  const nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object() || !parsed.contains("deadLetterTargetArn") ||
      !parsed["deadLetterTargetArn"].is_string() || !parsed.contains("maxReceiveCount")) {
    return InvalidValue("RedrivePolicy",
                        "Reason: Redrive policy is not a dead letter queue policy: "
                        "deadLetterTargetArn and maxReceiveCount are required.");
  }
  RedrivePolicy policy;
  policy.dead_letter_target_arn = parsed["deadLetterTargetArn"].get<std::string>();
  const nlohmann::json& count = parsed["maxReceiveCount"];
  if (count.is_number_integer()) {
    policy.max_receive_count = count.get<int64_t>();
  } else if (count.is_string()) {
    ASSIGN_OR_RETURN(policy.max_receive_count,
                     ParseInteger("RedrivePolicy", count.get<std::string>(), 1, 1000));
  }
  if (policy.max_receive_count < 1 || policy.max_receive_count > 1000) {
    return InvalidValue("RedrivePolicy",
                        "Reason: maxReceiveCount must be an integer from 1 to 1000.");
  }
  std::optional<std::string> queue = QueueNameOfArn(policy.dead_letter_target_arn);
  if (!queue) {
    return InvalidValue("RedrivePolicy", "Reason: invalid deadLetterTargetArn.");
  }
  policy.dead_letter_queue = *std::move(queue);
  return policy;
}

// Applies one attribute to `config`. `creating` allows FifoQueue.
Status ApplyOne(QueueConfig& config, const std::string& name, const std::string& value,
                bool creating) {
  std::chrono::seconds* seconds = nullptr;
  int64_t min = 0;
  int64_t max = 0;
  if (name == "DelaySeconds") {
    seconds = &config.delay, max = 900;
  } else if (name == "MessageRetentionPeriod") {
    seconds = &config.retention_period, min = 60, max = 1209600;
  } else if (name == "ReceiveMessageWaitTimeSeconds") {
    seconds = &config.receive_wait_time, max = 20;
  } else if (name == "VisibilityTimeout") {
    seconds = &config.visibility_timeout, max = 43200;
  }
  if (seconds != nullptr) {
    ASSIGN_OR_RETURN(const int64_t parsed, ParseInteger(name, value, min, max));
    *seconds = std::chrono::seconds(parsed);
    config.attributes[name] = std::to_string(parsed);
    return Status::Ok();
  }
  if (name == "MaximumMessageSize") {
    ASSIGN_OR_RETURN(config.max_message_size, ParseInteger(name, value, 1024, 262144));
    config.attributes[name] = std::to_string(config.max_message_size);
  } else if (name == "RedrivePolicy") {
    if (value.empty()) {
      config.redrive.reset();
      config.attributes.erase(name);
      return Status::Ok();
    }
    ASSIGN_OR_RETURN(RedrivePolicy policy, ParseRedrivePolicy(value));
    if (policy.dead_letter_queue == config.name) {
      return InvalidValue(name, "Reason: a queue cannot be its own dead-letter queue.");
    }
    config.attributes[name] = nlohmann::json{{"deadLetterTargetArn", policy.dead_letter_target_arn},
                                             {"maxReceiveCount", policy.max_receive_count}}
                                  .dump();
    config.redrive = std::move(policy);
  } else if (name == "Policy" || name == "RedriveAllowPolicy") {
    if (!value.empty()) {
      RETURN_IF_ERROR(CheckJsonObject(name, value));
    }
    config.attributes[name] = value;
  } else if (name == "FifoQueue") {
    ASSIGN_OR_RETURN(const bool fifo, ParseBool(name, value));
    if (!creating) {
      return InvalidValue(name, "Reason: FifoQueue can only be set when the queue is created.");
    }
    if (fifo != config.fifo) {
      return SqsErrorStatus(SqsErrorCode::kInvalidParameterValue,
                            "The name of a FIFO queue must end with the .fifo suffix, and only "
                            "FIFO queues may have it.");
    }
  } else if (name == "ContentBasedDeduplication") {
    if (!config.fifo) {
      return SqsErrorStatus(SqsErrorCode::kInvalidAttributeName,
                            "Unknown Attribute ContentBasedDeduplication.");
    }
    ASSIGN_OR_RETURN(config.content_based_deduplication, ParseBool(name, value));
    config.attributes[name] = value;
  } else if (name == "DeduplicationScope" || name == "FifoThroughputLimit") {
    if (!config.fifo) {
      return SqsErrorStatus(SqsErrorCode::kInvalidAttributeName, "Unknown Attribute " + name + ".");
    }
    const bool valid = name == "DeduplicationScope"
                           ? (value == "messageGroup" || value == "queue")
                           : (value == "perQueue" || value == "perMessageGroupId");
    if (!valid) {
      return InvalidValue(name, "Reason: unknown value " + value + ".");
    }
    config.attributes[name] = value;
  } else if (name == "KmsMasterKeyId") {
    config.attributes[name] = value;
  } else if (name == "KmsDataKeyReusePeriodSeconds") {
    ASSIGN_OR_RETURN(const int64_t parsed, ParseInteger(name, value, 60, 86400));
    config.attributes[name] = std::to_string(parsed);
  } else if (name == "SqsManagedSseEnabled") {
    ASSIGN_OR_RETURN(const bool enabled, ParseBool(name, value));
    config.attributes[name] = enabled ? "true" : "false";
  } else {
    return SqsErrorStatus(SqsErrorCode::kInvalidAttributeName, "Unknown Attribute " + name + ".");
  }
  return Status::Ok();
}

bool IsNameCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

}  // namespace

Status ValidateQueueName(std::string_view name) {
  std::string_view stem = name;
  if (stem.ends_with(kFifoSuffix)) {
    stem.remove_suffix(kFifoSuffix.size());
  }
  bool valid = !stem.empty() && name.size() <= kMaxQueueNameLength;
  for (const char c : stem) {
    valid = valid && IsNameCharacter(c);
  }
  if (!valid) {
    return SqsErrorStatus(SqsErrorCode::kInvalidParameterValue,
                          "Can only include alphanumeric characters, hyphens, or underscores. 1 "
                          "to 80 in length (FIFO queue names end with .fifo).");
  }
  return Status::Ok();
}

Result<QueueConfig> NewQueueConfig(std::string_view region, std::string_view name,
                                   const AttributeMap& attributes) {
  RETURN_IF_ERROR(ValidateQueueName(name));
  QueueConfig config;
  config.name = std::string(name);
  config.arn = config::QueueArn(region, name);
  config.fifo = name.ends_with(kFifoSuffix);
  if (config.fifo && !attributes.contains("FifoQueue")) {
    return SqsErrorStatus(
        SqsErrorCode::kInvalidParameterValue,
        "A queue named with the .fifo suffix needs the attribute FifoQueue=true.");
  }
  config.attributes = {
      {"DelaySeconds", "0"},
      {"MaximumMessageSize", "262144"},
      {"MessageRetentionPeriod", "345600"},
      {"ReceiveMessageWaitTimeSeconds", "0"},
      {"VisibilityTimeout", "30"},
      {"SqsManagedSseEnabled", "true"},
  };
  if (config.fifo) {
    config.attributes["FifoQueue"] = "true";
    config.attributes["ContentBasedDeduplication"] = "false";
    config.attributes["DeduplicationScope"] = "queue";
    config.attributes["FifoThroughputLimit"] = "perQueue";
  }
  for (const auto& [attribute, value] : attributes) {
    RETURN_IF_ERROR(ApplyOne(config, attribute, value, /*creating=*/true));
  }
  return config;
}

Result<QueueConfig> ApplyAttributes(QueueConfig config, const AttributeMap& changes) {
  for (const auto& [attribute, value] : changes) {
    RETURN_IF_ERROR(ApplyOne(config, attribute, value, /*creating=*/false));
  }
  return config;
}

AttributeMap AttributesOf(const QueueSpec& spec, const std::map<std::string, QueueSpec>& queues,
                          std::string_view region) {
  AttributeMap attributes = {
      {"VisibilityTimeout", std::to_string(spec.visibility_timeout.count())},
      {"MessageRetentionPeriod", std::to_string(spec.retention_period.count())},
      {"DelaySeconds", std::to_string(spec.delay.count())},
      {"ReceiveMessageWaitTimeSeconds", std::to_string(spec.receive_wait_time.count())},
      {"MaximumMessageSize", std::to_string(spec.max_message_size)},
      {"RedrivePolicy", ""},
  };
  if (spec.fifo) {
    attributes["FifoQueue"] = "true";
    attributes["ContentBasedDeduplication"] = spec.content_based_deduplication ? "true" : "false";
  }
  if (spec.dead_letter) {
    const auto target = queues.find(spec.dead_letter->queue_key);
    if (target != queues.end()) {
      attributes["RedrivePolicy"] =
          nlohmann::json{{"deadLetterTargetArn", config::QueueArn(region, target->second.name)},
                         {"maxReceiveCount", spec.dead_letter->max_receive_count}}
              .dump();
    }
  }
  return attributes;
}

std::optional<std::string> QueueNameOfArn(std::string_view arn) {
  constexpr std::string_view kPrefix = "arn:aws:sqs:";
  if (!arn.starts_with(kPrefix)) {
    return std::nullopt;
  }
  arn.remove_prefix(kPrefix.size());
  const size_t region_end = arn.find(':');
  if (region_end == std::string_view::npos) {
    return std::nullopt;
  }
  const std::string_view rest = arn.substr(region_end + 1);
  const size_t account_end = rest.find(':');
  if (account_end == std::string_view::npos) {
    return std::nullopt;
  }
  std::string name(rest.substr(account_end + 1));
  if (!ValidateQueueName(name).ok()) {
    return std::nullopt;
  }
  return name;
}

}  // namespace gloss::queue
