// The SQS operations against a QueueStore, each written once against the
// JSON protocol's input and output shapes (the query codec translates to
// and from them). ReceiveMessage is split in parse and render so the route
// can long-poll between the two.
//
// Errors carry SQS's codes (protocol/sqs_errors.h): MissingParameter,
// InvalidParameterValue, EmptyBatchRequest, TooManyEntriesInBatchRequest,
// BatchEntryIdsNotDistinct, InvalidBatchEntryId, BatchRequestTooLong,
// InvalidAction, and the store's.
//
// Thread safety: pure functions over the store (which is thread-safe); they
// block on the database, so run them on the BlockingPool.

#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "queue/protocol/sqs_call.h"
#include "queue/queue_store.h"

namespace gloss::queue::api {

struct CallContext {
  QueueStore* store = nullptr;
  std::string endpoint;   // Base URL of queue URLs: "http://127.0.0.1:4000".
  std::string sender_id;  // The caller, as SenderId.
};

// What IAM must allow for a call: "sqs:SendMessage" on the queue's ARN.
// Batch operations need their single action, as in IAM.
struct CallTarget {
  std::string action;
  std::string resource;
};

Result<CallTarget> TargetOf(const protocol::SqsCall& call, std::string_view region);

// Runs any operation but ReceiveMessage; returns its JSON output.
Result<nlohmann::json> RunOperation(const CallContext& context, const protocol::SqsCall& call);

struct ReceiveCall {
  std::string queue;
  ReceiveOptions options;
  std::optional<int> wait_seconds;              // Unset: the queue's ReceiveMessageWaitTimeSeconds.
  std::set<std::string> system_attributes;      // Names, or "All".
  std::vector<std::string> message_attributes;  // Names, "All", ".*" or "prefix.*".
};

Result<ReceiveCall> ParseReceive(const nlohmann::json& input);

// The output of ReceiveMessage: the requested attributes only, and the MD5
// of the message attributes returned (what SQS and the SDKs check).
nlohmann::json RenderReceived(const ReceiveCall& call,
                              const std::vector<ReceivedMessage>& messages);

// The queue a QueueUrl names: its last path segment. Errors:
// MissingParameter when absent, QueueDoesNotExist when it names nothing.
Result<std::string> QueueOf(const nlohmann::json& input);

}  // namespace gloss::queue::api
