#include "queue/api/sqs_operations.h"

#include <algorithm>
#include <functional>
#include <utility>

#include "config/references.h"
#include "queue/protocol/message_attributes.h"
#include "queue/protocol/message_md5.h"
#include "queue/protocol/sqs_errors.h"

namespace gloss::queue::api {
namespace {

using nlohmann::json;
using protocol::SqsErrorCode;
using protocol::SqsErrorStatus;

constexpr size_t kMaxBatchEntries = 10;
constexpr size_t kMaxBatchBytes = 262144;
constexpr size_t kMaxBatchIdLength = 80;
// Attributes GetQueueAttributes may name although a queue has no value.
constexpr std::string_view kOptionalAttributes[] = {"Policy",
                                                    "RedrivePolicy",
                                                    "RedriveAllowPolicy",
                                                    "KmsMasterKeyId",
                                                    "KmsDataKeyReusePeriodSeconds",
                                                    "ContentBasedDeduplication",
                                                    "DeduplicationScope",
                                                    "FifoThroughputLimit",
                                                    "FifoQueue",
                                                    "SqsManagedSseEnabled"};

Status Missing(std::string_view name) {
  return SqsErrorStatus(SqsErrorCode::kMissingParameter,
                        "The request must contain the parameter " + std::string(name) + ".");
}

Status InvalidValue(std::string_view name, std::string_view why) {
  return SqsErrorStatus(
      SqsErrorCode::kInvalidParameterValue,
      "Value for parameter " + std::string(name) + " is invalid. Reason: " + std::string(why));
}

Result<std::string> RequiredString(const json& input, std::string_view name) {
  const auto found = input.find(name);
  if (found == input.end() || found->is_null()) {
    return Missing(name);
  }
  if (!found->is_string()) {
    return InvalidValue(name, "must be a string.");
  }
  return found->get<std::string>();
}

Result<std::string> OptionalString(const json& input, std::string_view name) {
  const auto found = input.find(name);
  if (found == input.end() || found->is_null()) {
    return std::string();
  }
  if (!found->is_string()) {
    return InvalidValue(name, "must be a string.");
  }
  return found->get<std::string>();
}

Result<std::optional<int64_t>> OptionalInt(const json& input, std::string_view name, int64_t min,
                                           int64_t max) {
  const auto found = input.find(name);
  if (found == input.end() || found->is_null()) {
    return std::optional<int64_t>();
  }
  if (!found->is_number_integer() || found->get<int64_t>() < min || found->get<int64_t>() > max) {
    return InvalidValue(name, "must be an integer from " + std::to_string(min) + " to " +
                                  std::to_string(max) + ".");
  }
  return std::optional<int64_t>(found->get<int64_t>());
}

Result<AttributeMap> StringMap(const json& input, std::string_view name) {
  AttributeMap map;
  const auto found = input.find(name);
  if (found == input.end() || found->is_null()) {
    return map;
  }
  if (!found->is_object()) {
    return InvalidValue(name, "must be a map of strings.");
  }
  for (const auto& [key, value] : found->items()) {
    if (!value.is_string()) {
      return InvalidValue(name, "must be a map of strings.");
    }
    map[key] = value.get<std::string>();
  }
  return map;
}

Result<std::vector<std::string>> StringList(const json& input, std::string_view name) {
  std::vector<std::string> list;
  const auto found = input.find(name);
  if (found == input.end() || found->is_null()) {
    return list;
  }
  if (!found->is_array()) {
    return InvalidValue(name, "must be a list of strings.");
  }
  for (const json& item : *found) {
    if (!item.is_string()) {
      return InvalidValue(name, "must be a list of strings.");
    }
    list.push_back(item.get<std::string>());
  }
  return list;
}

// The entries of a batch request, checked as SQS checks them.
Result<std::vector<json>> BatchEntries(const json& input) {
  const auto found = input.find("Entries");
  if (found == input.end() || found->is_null()) {
    return Missing("Entries");
  }
  if (!found->is_array()) {
    return InvalidValue("Entries", "must be a list.");
  }
  if (found->empty()) {
    return SqsErrorStatus(SqsErrorCode::kEmptyBatchRequest,
                          "There should be at least one SendMessageBatchRequestEntry in the "
                          "request.");
  }
  if (found->size() > kMaxBatchEntries) {
    return SqsErrorStatus(SqsErrorCode::kTooManyEntriesInBatchRequest,
                          "Maximum number of entries per request are 10. You have sent " +
                              std::to_string(found->size()) + ".");
  }
  std::set<std::string> ids;
  std::vector<json> entries;
  for (const json& entry : *found) {
    if (!entry.is_object()) {
      return InvalidValue("Entries", "every entry must be an object.");
    }
    ASSIGN_OR_RETURN(const std::string id, RequiredString(entry, "Id"));
    const bool valid = !id.empty() && id.size() <= kMaxBatchIdLength &&
                       std::all_of(id.begin(), id.end(), [](char c) {
                         return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
                       });
    if (!valid) {
      return SqsErrorStatus(SqsErrorCode::kInvalidBatchEntryId,
                            "A batch entry id can only contain alphanumeric characters, hyphens "
                            "and underscores. It can be at most 80 letters long.");
    }
    if (!ids.insert(id).second) {
      return SqsErrorStatus(SqsErrorCode::kBatchEntryIdsNotDistinct, "Id " + id + " repeated.");
    }
    entries.push_back(entry);
  }
  return entries;
}

json FailedEntry(const std::string& id, const Status& status) {
  const protocol::SqsError error = protocol::SqsErrorOf(status);
  return {{"Id", id},
          {"SenderFault", error.fault == protocol::SqsFault::kSender},
          {"Code", error.name},
          {"Message", error.message}};
}

// The entries of a batch as parsed: the valid ones with their ids, and the
// Failed list of those that did not parse.
template <typename T>
struct ParsedBatch {
  std::vector<std::string> ids;
  std::vector<T> values;
  json failed = json::array();
};

template <typename T>
ParsedBatch<T> ParseBatch(const std::vector<json>& entries,
                          const std::function<Result<T>(const json&)>& parse) {
  ParsedBatch<T> batch;
  for (const json& entry : entries) {
    std::string id = entry["Id"].get<std::string>();
    Result<T> value = parse(entry);
    if (!value.ok()) {
      batch.failed.push_back(FailedEntry(id, value.status()));
      continue;
    }
    batch.ids.push_back(std::move(id));
    batch.values.push_back(*std::move(value));
  }
  return batch;
}

// The output of a batch whose valid entries the store answered with
// `results`, in order.
template <typename T>
json BatchOutput(ParsedBatch<T>& batch, const std::vector<Status>& results) {
  json successful = json::array();
  for (size_t i = 0; i < results.size(); ++i) {
    if (results[i].ok()) {
      successful.push_back({{"Id", batch.ids[i]}});
    } else {
      batch.failed.push_back(FailedEntry(batch.ids[i], results[i]));
    }
  }
  return json{{"Successful", std::move(successful)}, {"Failed", std::move(batch.failed)}};
}

std::string QueueUrl(const CallContext& context, std::string_view name) {
  return config::QueueUrl(config::Endpoint{context.endpoint}, name);
}

// One message of SendMessage or a SendMessageBatch entry.
Result<OutgoingMessage> ParseOutgoing(const CallContext& context, const json& input) {
  OutgoingMessage message;
  ASSIGN_OR_RETURN(message.body, RequiredString(input, "MessageBody"));
  if (message.body.empty()) {
    return Missing("MessageBody");
  }
  if (!protocol::IsValidMessageBody(message.body)) {
    return SqsErrorStatus(SqsErrorCode::kInvalidMessageContents,
                          "Invalid binary character in the message body.");
  }
  ASSIGN_OR_RETURN(const std::optional<int64_t> delay, OptionalInt(input, "DelaySeconds", 0, 900));
  if (delay) {
    message.delay = std::chrono::seconds(*delay);
  }
  if (const auto attributes = input.find("MessageAttributes");
      attributes != input.end() && !attributes->is_null()) {
    ASSIGN_OR_RETURN(message.attributes, protocol::ParseMessageAttributes(*attributes));
  }
  ASSIGN_OR_RETURN(message.group_id, OptionalString(input, "MessageGroupId"));
  ASSIGN_OR_RETURN(message.deduplication_id, OptionalString(input, "MessageDeduplicationId"));
  message.sender_id = context.sender_id;
  return message;
}

json SentJson(const SentMessage& sent) {
  json out = {{"MessageId", sent.message_id}, {"MD5OfMessageBody", sent.md5_of_body}};
  if (!sent.md5_of_attributes.empty()) {
    out["MD5OfMessageAttributes"] = sent.md5_of_attributes;
  }
  if (!sent.sequence_number.empty()) {
    out["SequenceNumber"] = sent.sequence_number;
  }
  return out;
}

Result<json> SendMessage(const CallContext& context, const json& input) {
  ASSIGN_OR_RETURN(const std::string queue, QueueOf(input));
  ASSIGN_OR_RETURN(OutgoingMessage message, ParseOutgoing(context, input));
  std::vector<OutgoingMessage> batch;
  batch.push_back(std::move(message));
  ASSIGN_OR_RETURN(std::vector<Result<SentMessage>> sent,
                   context.store->Send(queue, std::move(batch)));
  RETURN_IF_ERROR(sent.at(0).status());
  return SentJson(*sent[0]);
}

Result<json> SendMessageBatch(const CallContext& context, const json& input) {
  ASSIGN_OR_RETURN(const std::string queue, QueueOf(input));
  ASSIGN_OR_RETURN(const std::vector<json> entries, BatchEntries(input));
  ParsedBatch<OutgoingMessage> batch = ParseBatch<OutgoingMessage>(
      entries, [&](const json& entry) { return ParseOutgoing(context, entry); });
  size_t total = 0;
  for (const OutgoingMessage& message : batch.values) {
    total += message.body.size() + protocol::MessageAttributesSize(message.attributes);
  }
  if (total > kMaxBatchBytes) {
    return SqsErrorStatus(SqsErrorCode::kBatchRequestTooLong,
                          "Batch requests cannot be longer than 262144 bytes. You have sent " +
                              std::to_string(total) + " bytes.");
  }
  json successful = json::array();
  if (!batch.values.empty()) {
    ASSIGN_OR_RETURN(std::vector<Result<SentMessage>> sent,
                     context.store->Send(queue, std::move(batch.values)));
    for (size_t i = 0; i < sent.size(); ++i) {
      if (sent[i].ok()) {
        json out = SentJson(*sent[i]);
        out["Id"] = batch.ids[i];
        successful.push_back(std::move(out));
      } else {
        batch.failed.push_back(FailedEntry(batch.ids[i], sent[i].status()));
      }
    }
  }
  return json{{"Successful", std::move(successful)}, {"Failed", std::move(batch.failed)}};
}

Result<json> DeleteMessage(const CallContext& context, const json& input) {
  ASSIGN_OR_RETURN(const std::string queue, QueueOf(input));
  ASSIGN_OR_RETURN(const std::string handle, RequiredString(input, "ReceiptHandle"));
  ASSIGN_OR_RETURN(const std::vector<Status> results, context.store->Delete(queue, {handle}));
  RETURN_IF_ERROR(results.at(0));
  return json::object();
}

Result<json> DeleteMessageBatch(const CallContext& context, const json& input) {
  ASSIGN_OR_RETURN(const std::string queue, QueueOf(input));
  ASSIGN_OR_RETURN(const std::vector<json> entries, BatchEntries(input));
  ParsedBatch<std::string> batch = ParseBatch<std::string>(
      entries, [](const json& entry) { return RequiredString(entry, "ReceiptHandle"); });
  ASSIGN_OR_RETURN(const std::vector<Status> results, context.store->Delete(queue, batch.values));
  return BatchOutput(batch, results);
}

Result<VisibilityChange> ParseVisibilityChange(const json& input) {
  VisibilityChange change;
  ASSIGN_OR_RETURN(change.receipt_handle, RequiredString(input, "ReceiptHandle"));
  const auto timeout = input.find("VisibilityTimeout");
  if (timeout == input.end() || timeout->is_null()) {
    return Missing("VisibilityTimeout");
  }
  if (!timeout->is_number_integer()) {
    return InvalidValue("VisibilityTimeout", "must be an integer.");
  }
  change.timeout = std::chrono::seconds(timeout->get<int64_t>());
  return change;
}

Result<json> ChangeMessageVisibility(const CallContext& context, const json& input) {
  ASSIGN_OR_RETURN(const std::string queue, QueueOf(input));
  ASSIGN_OR_RETURN(const VisibilityChange change, ParseVisibilityChange(input));
  ASSIGN_OR_RETURN(const std::vector<Status> results,
                   context.store->ChangeVisibility(queue, {change}));
  RETURN_IF_ERROR(results.at(0));
  return json::object();
}

Result<json> ChangeMessageVisibilityBatch(const CallContext& context, const json& input) {
  ASSIGN_OR_RETURN(const std::string queue, QueueOf(input));
  ASSIGN_OR_RETURN(const std::vector<json> entries, BatchEntries(input));
  ParsedBatch<VisibilityChange> batch =
      ParseBatch<VisibilityChange>(entries, ParseVisibilityChange);
  ASSIGN_OR_RETURN(const std::vector<Status> results,
                   context.store->ChangeVisibility(queue, batch.values));
  return BatchOutput(batch, results);
}

Result<json> CreateQueue(const CallContext& context, const json& input) {
  ASSIGN_OR_RETURN(const std::string name, RequiredString(input, "QueueName"));
  ASSIGN_OR_RETURN(const AttributeMap attributes, StringMap(input, "Attributes"));
  ASSIGN_OR_RETURN(const AttributeMap tags, StringMap(input, "tags"));
  RETURN_IF_ERROR(context.store->CreateQueue(name, attributes, tags));
  return json{{"QueueUrl", QueueUrl(context, name)}};
}

Result<json> GetQueueUrl(const CallContext& context, const json& input) {
  ASSIGN_OR_RETURN(const std::string name, RequiredString(input, "QueueName"));
  RETURN_IF_ERROR(context.store->Config(name).status());
  return json{{"QueueUrl", QueueUrl(context, name)}};
}

// A page of `names` after `next_token` (the last name of the previous page).
Result<json> Page(const CallContext& context, const json& input, std::vector<std::string> names,
                  std::string_view member) {
  ASSIGN_OR_RETURN(const std::optional<int64_t> max, OptionalInt(input, "MaxResults", 1, 1000));
  ASSIGN_OR_RETURN(const std::string token, OptionalString(input, "NextToken"));
  if (!token.empty()) {
    names.erase(names.begin(), std::upper_bound(names.begin(), names.end(), token));
  }
  json out = json::object();
  json urls = json::array();
  const size_t limit = static_cast<size_t>(max.value_or(1000));
  for (size_t i = 0; i < names.size() && i < limit; ++i) {
    urls.push_back(QueueUrl(context, names[i]));
  }
  if (max && names.size() > limit) {
    out["NextToken"] = names[limit - 1];
  }
  out[std::string(member)] = std::move(urls);
  return out;
}

Result<json> ListQueues(const CallContext& context, const json& input) {
  ASSIGN_OR_RETURN(const std::string prefix, OptionalString(input, "QueueNamePrefix"));
  return Page(context, input, context.store->ListQueues(prefix), "QueueUrls");
}

Result<json> ListDeadLetterSourceQueues(const CallContext& context, const json& input) {
  ASSIGN_OR_RETURN(const std::string queue, QueueOf(input));
  ASSIGN_OR_RETURN(std::vector<std::string> sources, context.store->DeadLetterSourceQueues(queue));
  return Page(context, input, std::move(sources), "queueUrls");
}

Result<json> GetQueueAttributes(const CallContext& context, const json& input) {
  ASSIGN_OR_RETURN(const std::string queue, QueueOf(input));
  ASSIGN_OR_RETURN(const std::vector<std::string> names, StringList(input, "AttributeNames"));
  ASSIGN_OR_RETURN(const AttributeMap all, context.store->GetAttributes(queue));
  const bool every = std::find(names.begin(), names.end(), "All") != names.end();
  json attributes = json::object();
  for (const std::string& name : names) {
    if (name != "All" && !all.contains(name)) {
      // Settable attributes a queue has not set are not errors; others are.
      if (std::find(std::begin(kOptionalAttributes), std::end(kOptionalAttributes), name) ==
          std::end(kOptionalAttributes)) {
        return SqsErrorStatus(SqsErrorCode::kInvalidAttributeName,
                              "Unknown Attribute " + name + ".");
      }
    }
  }
  for (const auto& [name, value] : all) {
    if (every || std::find(names.begin(), names.end(), name) != names.end()) {
      attributes[name] = value;
    }
  }
  json out = json::object();
  if (!attributes.empty()) {
    out["Attributes"] = std::move(attributes);
  }
  return out;
}

Result<json> SetQueueAttributes(const CallContext& context, const json& input) {
  ASSIGN_OR_RETURN(const std::string queue, QueueOf(input));
  ASSIGN_OR_RETURN(const AttributeMap attributes, StringMap(input, "Attributes"));
  RETURN_IF_ERROR(context.store->SetAttributes(queue, attributes));
  return json::object();
}

Result<json> DeleteQueue(const CallContext& context, const json& input) {
  ASSIGN_OR_RETURN(const std::string queue, QueueOf(input));
  RETURN_IF_ERROR(context.store->DeleteQueue(queue));
  return json::object();
}

Result<json> PurgeQueue(const CallContext& context, const json& input) {
  ASSIGN_OR_RETURN(const std::string queue, QueueOf(input));
  RETURN_IF_ERROR(context.store->Purge(queue));
  return json::object();
}

Result<json> TagQueue(const CallContext& context, const json& input) {
  ASSIGN_OR_RETURN(const std::string queue, QueueOf(input));
  ASSIGN_OR_RETURN(const AttributeMap tags, StringMap(input, "Tags"));
  RETURN_IF_ERROR(context.store->TagQueue(queue, tags));
  return json::object();
}

Result<json> UntagQueue(const CallContext& context, const json& input) {
  ASSIGN_OR_RETURN(const std::string queue, QueueOf(input));
  ASSIGN_OR_RETURN(const std::vector<std::string> keys, StringList(input, "TagKeys"));
  RETURN_IF_ERROR(context.store->UntagQueue(queue, keys));
  return json::object();
}

Result<json> ListQueueTags(const CallContext& context, const json& input) {
  ASSIGN_OR_RETURN(const std::string queue, QueueOf(input));
  ASSIGN_OR_RETURN(const std::shared_ptr<const QueueConfig> config, context.store->Config(queue));
  json out = json::object();
  if (!config->tags.empty()) {
    out["Tags"] = config->tags;
  }
  return out;
}

json TaskJson(const MoveTask& task) {
  json out = {{"TaskHandle", task.task_handle},
              {"Status", task.status},
              {"SourceArn", task.source_arn},
              {"ApproximateNumberOfMessagesMoved", task.moved},
              {"ApproximateNumberOfMessagesToMove", task.to_move},
              {"StartedTimestamp", task.started_ms}};
  if (!task.destination_arn.empty()) {
    out["DestinationArn"] = task.destination_arn;
  }
  if (task.max_per_second > 0) {
    out["MaxNumberOfMessagesPerSecond"] = task.max_per_second;
  }
  if (!task.failure_reason.empty()) {
    out["FailureReason"] = task.failure_reason;
  }
  return out;
}

Result<json> StartMessageMoveTask(const CallContext& context, const json& input) {
  ASSIGN_OR_RETURN(const std::string source, RequiredString(input, "SourceArn"));
  ASSIGN_OR_RETURN(const std::string destination, OptionalString(input, "DestinationArn"));
  ASSIGN_OR_RETURN(const std::optional<int64_t> rate,
                   OptionalInt(input, "MaxNumberOfMessagesPerSecond", 1, 500));
  ASSIGN_OR_RETURN(const MoveTask task,
                   context.store->StartMoveTask(source, destination, rate.value_or(0)));
  return json{{"TaskHandle", task.task_handle}};
}

Result<json> ListMessageMoveTasks(const CallContext& context, const json& input) {
  ASSIGN_OR_RETURN(const std::string source, RequiredString(input, "SourceArn"));
  ASSIGN_OR_RETURN(const std::optional<int64_t> max, OptionalInt(input, "MaxResults", 1, 10));
  ASSIGN_OR_RETURN(const std::vector<MoveTask> tasks,
                   context.store->ListMoveTasks(source, static_cast<int>(max.value_or(1))));
  json results = json::array();
  for (const MoveTask& task : tasks) {
    results.push_back(TaskJson(task));
  }
  return json{{"Results", std::move(results)}};
}

Result<json> CancelMessageMoveTask(const CallContext& context, const json& input) {
  ASSIGN_OR_RETURN(const std::string handle, RequiredString(input, "TaskHandle"));
  ASSIGN_OR_RETURN(const MoveTask task, context.store->CancelMoveTask(handle));
  return json{{"ApproximateNumberOfMessagesMoved", task.moved}};
}

// Queue policies (AddPermission, RemovePermission) are not kept: who may use
// a queue is the caller's IAM policy (functions) or the admin key pair.
Result<json> Unsupported(const CallContext&, const json&) {
  return SqsErrorStatus(SqsErrorCode::kUnsupportedOperation,
                        "gloss keeps no queue policies; grant sqs:* actions in the calling "
                        "function's policy instead.");
}

using Operation = Result<json> (*)(const CallContext&, const json&);

struct OperationEntry {
  std::string_view name;
  Operation run;
  std::string_view action;  // IAM action without "sqs:".
};

constexpr OperationEntry kOperations[] = {
    {"AddPermission", Unsupported, "AddPermission"},
    {"CancelMessageMoveTask", CancelMessageMoveTask, "CancelMessageMoveTask"},
    {"ChangeMessageVisibility", ChangeMessageVisibility, "ChangeMessageVisibility"},
    {"ChangeMessageVisibilityBatch", ChangeMessageVisibilityBatch, "ChangeMessageVisibility"},
    {"CreateQueue", CreateQueue, "CreateQueue"},
    {"DeleteMessage", DeleteMessage, "DeleteMessage"},
    {"DeleteMessageBatch", DeleteMessageBatch, "DeleteMessage"},
    {"DeleteQueue", DeleteQueue, "DeleteQueue"},
    {"GetQueueAttributes", GetQueueAttributes, "GetQueueAttributes"},
    {"GetQueueUrl", GetQueueUrl, "GetQueueUrl"},
    {"ListDeadLetterSourceQueues", ListDeadLetterSourceQueues, "ListDeadLetterSourceQueues"},
    {"ListMessageMoveTasks", ListMessageMoveTasks, "ListMessageMoveTasks"},
    {"ListQueueTags", ListQueueTags, "ListQueueTags"},
    {"ListQueues", ListQueues, "ListQueues"},
    {"PurgeQueue", PurgeQueue, "PurgeQueue"},
    {"ReceiveMessage", nullptr, "ReceiveMessage"},
    {"RemovePermission", Unsupported, "RemovePermission"},
    {"SendMessage", SendMessage, "SendMessage"},
    {"SendMessageBatch", SendMessageBatch, "SendMessage"},
    {"SetQueueAttributes", SetQueueAttributes, "SetQueueAttributes"},
    {"StartMessageMoveTask", StartMessageMoveTask, "StartMessageMoveTask"},
    {"TagQueue", TagQueue, "TagQueue"},
    {"UntagQueue", UntagQueue, "UntagQueue"},
};

Result<const OperationEntry*> FindOperation(std::string_view name) {
  for (const OperationEntry& entry : kOperations) {
    if (entry.name == name) {
      return &entry;
    }
  }
  return SqsErrorStatus(SqsErrorCode::kInvalidAction,
                        "The action " + std::string(name) + " is not valid for this endpoint.");
}

bool WantsAttribute(const std::vector<std::string>& requested, const std::string& name) {
  for (const std::string& pattern : requested) {
    if (pattern == "All" || pattern == ".*" || pattern == name) {
      return true;
    }
    if (pattern.size() > 2 && pattern.ends_with(".*") &&
        name.starts_with(std::string_view(pattern).substr(0, pattern.size() - 1))) {
      return true;
    }
  }
  return false;
}

}  // namespace

Result<std::string> QueueOf(const json& input) {
  ASSIGN_OR_RETURN(const std::string url, RequiredString(input, "QueueUrl"));
  const size_t slash = url.find_last_of('/');
  std::string name = slash == std::string::npos ? url : url.substr(slash + 1);
  if (!ValidateQueueName(name).ok()) {
    return SqsErrorStatus(SqsErrorCode::kQueueDoesNotExist, "The specified queue does not exist.");
  }
  return name;
}

Result<CallTarget> TargetOf(const protocol::SqsCall& call, std::string_view region) {
  ASSIGN_OR_RETURN(const OperationEntry* entry, FindOperation(call.operation));
  CallTarget target;
  target.action = "sqs:" + std::string(entry->action);
  if (call.operation == "ListQueues") {
    target.resource = "*";
  } else if (call.operation == "CreateQueue" || call.operation == "GetQueueUrl") {
    ASSIGN_OR_RETURN(const std::string name, RequiredString(call.input, "QueueName"));
    target.resource = config::QueueArn(region, name);
  } else if (call.operation == "StartMessageMoveTask" || call.operation == "ListMessageMoveTasks") {
    ASSIGN_OR_RETURN(target.resource, RequiredString(call.input, "SourceArn"));
  } else if (call.operation == "CancelMessageMoveTask") {
    target.resource = "*";  // The task names its queue only once looked up.
  } else {
    ASSIGN_OR_RETURN(const std::string name, QueueOf(call.input));
    target.resource = config::QueueArn(region, name);
  }
  return target;
}

Result<json> RunOperation(const CallContext& context, const protocol::SqsCall& call) {
  ASSIGN_OR_RETURN(const OperationEntry* entry, FindOperation(call.operation));
  if (entry->run == nullptr) {
    return Status::Internal("ReceiveMessage runs through ParseReceive");
  }
  return entry->run(context, call.input);
}

Result<ReceiveCall> ParseReceive(const json& input) {
  ReceiveCall call;
  ASSIGN_OR_RETURN(call.queue, QueueOf(input));
  ASSIGN_OR_RETURN(const std::optional<int64_t> max,
                   OptionalInt(input, "MaxNumberOfMessages", 1, 10));
  call.options.max_messages = static_cast<int>(max.value_or(1));
  ASSIGN_OR_RETURN(const std::optional<int64_t> visibility,
                   OptionalInt(input, "VisibilityTimeout", 0, 43200));
  if (visibility) {
    call.options.visibility_timeout = std::chrono::seconds(*visibility);
  }
  ASSIGN_OR_RETURN(const std::optional<int64_t> wait, OptionalInt(input, "WaitTimeSeconds", 0, 20));
  if (wait) {
    call.wait_seconds = static_cast<int>(*wait);
  }
  // Older clients send AttributeNames, current ones MessageSystemAttributeNames.
  for (const std::string_view member : {"AttributeNames", "MessageSystemAttributeNames"}) {
    ASSIGN_OR_RETURN(const std::vector<std::string> names, StringList(input, member));
    call.system_attributes.insert(names.begin(), names.end());
  }
  ASSIGN_OR_RETURN(call.message_attributes, StringList(input, "MessageAttributeNames"));
  return call;
}

json RenderReceived(const ReceiveCall& call, const std::vector<ReceivedMessage>& messages) {
  json out = json::object();
  if (messages.empty()) {
    return out;
  }
  const bool all_system = call.system_attributes.contains("All");
  json list = json::array();
  for (const ReceivedMessage& message : messages) {
    json item = {{"MessageId", message.message_id},
                 {"ReceiptHandle", message.receipt_handle},
                 {"MD5OfBody", message.md5_of_body},
                 {"Body", message.body}};
    json system = json::object();
    for (const auto& [name, value] : message.system_attributes) {
      if (all_system || call.system_attributes.contains(name)) {
        system[name] = value;
      }
    }
    if (!system.empty()) {
      item["Attributes"] = std::move(system);
    }
    MessageAttributes returned;
    for (const auto& [name, value] : message.attributes) {
      if (WantsAttribute(call.message_attributes, name)) {
        returned.emplace(name, value);
      }
    }
    if (!returned.empty()) {
      // The send computed the MD5 of all of them; only a subset needs its own.
      item["MD5OfMessageAttributes"] = returned.size() == message.attributes.size()
                                           ? message.md5_of_attributes
                                           : protocol::Md5OfMessageAttributes(returned);
      item["MessageAttributes"] = protocol::MessageAttributesToJson(returned);
    }
    list.push_back(std::move(item));
  }
  out["Messages"] = std::move(list);
  return out;
}

}  // namespace gloss::queue::api
