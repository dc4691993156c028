// QueueStore's message operations: send, receive, delete, change visibility
// and purge (docs/design/queues.md, "Semantics").

#include <set>
#include <utility>

#include <nlohmann/json.hpp>

#include "aws/sigv4.h"
#include "core/random.h"
#include "queue/internal/message_rows.h"
#include "queue/protocol/message_attributes.h"
#include "queue/protocol/message_md5.h"
#include "queue/protocol/sqs_errors.h"
#include "queue/queue_store.h"
#include "queue/receipt_handle.h"

namespace gloss::queue {
namespace {

using protocol::SqsErrorCode;
using protocol::SqsErrorStatus;

constexpr int64_t kDeduplicationWindowMs = 5 * 60 * 1000;
constexpr int64_t kPurgeIntervalMs = 60 * 1000;
constexpr int64_t kMaxVisibilitySeconds = 43200;
// How many visible rows a FIFO receive looks at to find messages of groups
// that are not blocked by a message in flight.
constexpr int64_t kFifoScanLimit = 1000;

// Checks what depends on the queue; returns the message's row, not yet
// numbered (FIFO sequence) or deduplicated.
Result<internal::MessageRow> Prepare(const QueueConfig& config, OutgoingMessage& message,
                                     int64_t now_ms) {
  const size_t size = message.body.size() + protocol::MessageAttributesSize(message.attributes);
  if (size > static_cast<size_t>(config.max_message_size)) {
    return SqsErrorStatus(SqsErrorCode::kInvalidParameterValue,
                          "One or more parameters are invalid. Reason: Message must be shorter "
                          "than " +
                              std::to_string(config.max_message_size) + " bytes.");
  }
  internal::MessageRow row;
  std::chrono::seconds delay = config.delay;
  if (config.fifo) {
    if (message.group_id.empty()) {
      return SqsErrorStatus(SqsErrorCode::kMissingParameter,
                            "The request must contain the parameter MessageGroupId.");
    }
    if (message.delay) {
      return SqsErrorStatus(SqsErrorCode::kInvalidParameterValue,
                            "Value " + std::to_string(message.delay->count()) +
                                " for parameter DelaySeconds is invalid. Reason: The request "
                                "include parameter that is not valid for this queue type.");
    }
    if (message.deduplication_id.empty()) {
      if (!config.content_based_deduplication) {
        return SqsErrorStatus(SqsErrorCode::kInvalidParameterValue,
                              "The queue should either have ContentBasedDeduplication enabled or "
                              "MessageDeduplicationId provided explicitly");
      }
      message.deduplication_id = aws::Sha256Hex(message.body);
    }
  } else {
    if (!message.deduplication_id.empty()) {
      return SqsErrorStatus(SqsErrorCode::kInvalidParameterValue,
                            "The request include parameter MessageDeduplicationId that is not "
                            "valid for this queue type.");
    }
    if (message.delay) {
      delay = *message.delay;
    }
  }
  row.queue = config.name;
  row.message_id = RandomUuid();
  row.md5_body = protocol::Md5OfBody(message.body);
  row.md5_attributes = protocol::Md5OfMessageAttributes(message.attributes);
  if (!message.attributes.empty()) {
    row.message_attributes = protocol::MessageAttributesToJson(message.attributes).dump();
  }
  row.body = std::move(message.body);
  row.sender_id = std::move(message.sender_id);
  row.sent_ms = now_ms;
  row.visible_at_ms = now_ms + std::chrono::milliseconds(delay).count();
  row.expires_at_ms = now_ms + std::chrono::milliseconds(config.retention_period).count();
  row.group_id = std::move(message.group_id);
  row.dedup_id = std::move(message.deduplication_id);
  return row;
}

std::string FormatSequenceNumber(int64_t sequence) {
  std::string digits = std::to_string(sequence);
  return std::string(20 - std::min<size_t>(20, digits.size()), '0') + digits;
}

Result<ReceivedMessage> ToReceived(const internal::MessageRow& row) {
  ReceivedMessage message;
  message.message_id = row.message_id;
  message.receipt_handle = EncodeReceiptHandle({row.queue, row.id, row.receive_count});
  message.body = row.body;
  message.md5_of_body = row.md5_body;
  message.md5_of_attributes = row.md5_attributes;
  if (!row.message_attributes.empty()) {
    const nlohmann::json stored = nlohmann::json::parse(row.message_attributes, nullptr, false);
    Result<MessageAttributes> attributes = protocol::ParseMessageAttributes(stored);
    if (!attributes.ok()) {
      return Status::Corruption("stored attributes of message " + row.message_id + ": " +
                                std::string(attributes.status().message()));
    }
    message.attributes = *std::move(attributes);
  }
  auto& system = message.system_attributes;
  system["SenderId"] = row.sender_id;
  system["SentTimestamp"] = std::to_string(row.sent_ms);
  system["ApproximateReceiveCount"] = std::to_string(row.receive_count);
  system["ApproximateFirstReceiveTimestamp"] = std::to_string(row.first_receive_ms);
  if (!row.group_id.empty()) {
    system["MessageGroupId"] = row.group_id;
  }
  if (!row.dedup_id.empty()) {
    system["MessageDeduplicationId"] = row.dedup_id;
  }
  if (!row.sequence_number.empty()) {
    system["SequenceNumber"] = row.sequence_number;
  }
  if (!row.dead_letter_source_arn.empty()) {
    system["DeadLetterQueueSourceArn"] = row.dead_letter_source_arn;
  }
  return message;
}

}  // namespace

std::chrono::steady_clock::time_point NextLook(const ReceiveResult& result, const Clock& clock,
                                               std::chrono::steady_clock::time_point now,
                                               std::chrono::steady_clock::time_point until) {
  if (!result.next_visible) {
    return until;
  }
  const auto in = std::max(*result.next_visible - clock.Now(), TimePoint::duration::zero());
  return std::min(until, now + std::chrono::duration_cast<std::chrono::steady_clock::duration>(in));
}

Result<std::vector<Result<SentMessage>>> QueueStore::Send(std::string_view queue,
                                                          std::vector<OutgoingMessage> messages) {
  ASSIGN_OR_RETURN(const std::shared_ptr<const QueueConfig> config, Config(queue));
  const int64_t now = ToUnixMillis(clock_.Now());
  std::vector<Result<internal::MessageRow>> rows;
  rows.reserve(messages.size());
  for (OutgoingMessage& message : messages) {
    rows.push_back(Prepare(*config, message, now));
  }
  std::vector<Result<SentMessage>> results;
  bool inserted = false;
  const Status committed = pipeline_.Run([&](db::Transaction& transaction) -> Status {
    results.clear();
    inserted = false;
    for (Result<internal::MessageRow>& prepared : rows) {
      if (!prepared.ok()) {
        results.emplace_back(prepared.status());
        continue;
      }
      internal::MessageRow row = *prepared;  // A rerun starts from the prepared row.
      if (config->fifo) {
        ASSIGN_OR_RETURN(const std::optional<internal::DedupRecord> duplicate,
                         internal::FindDedup(transaction, row.queue, row.dedup_id, now));
        if (duplicate) {
          results.emplace_back(SentMessage{duplicate->message_id, row.md5_body, row.md5_attributes,
                                           duplicate->sequence_number});
          continue;
        }
        ASSIGN_OR_RETURN(const int64_t sequence,
                         internal::TakeSequenceNumber(transaction, row.queue));
        row.sequence_number = FormatSequenceNumber(sequence);
        RETURN_IF_ERROR(internal::PutDedup(transaction, row.queue, row.dedup_id,
                                           {row.message_id, row.sequence_number},
                                           now + kDeduplicationWindowMs));
      }
      RETURN_IF_ERROR(internal::InsertMessage(transaction, row));
      inserted = true;
      results.emplace_back(
          SentMessage{row.message_id, row.md5_body, row.md5_attributes, row.sequence_number});
    }
    return Status::Ok();
  });
  RETURN_IF_ERROR(committed);
  if (inserted) {
    notifier_.Notify(queue);
  }
  return results;
}

Result<ReceiveResult> QueueStore::Receive(std::string_view queue, const ReceiveOptions& options) {
  ASSIGN_OR_RETURN(const std::shared_ptr<const QueueConfig> config, Config(queue));
  std::shared_ptr<const QueueConfig> dead_letter;
  if (config->redrive) {
    // A redrive policy naming a queue that is gone leaves messages where they are.
    if (Result<std::shared_ptr<const QueueConfig>> target =
            Config(config->redrive->dead_letter_queue);
        target.ok()) {
      dead_letter = *std::move(target);
    }
  }
  const int64_t max = std::clamp(options.max_messages, 1, 10);
  const int64_t visibility_ms =
      std::chrono::milliseconds(options.visibility_timeout.value_or(config->visibility_timeout))
          .count();
  ReceiveResult result;
  bool dead_lettered = false;
  const Status committed = pipeline_.Run([&](db::Transaction& transaction) -> Status {
    result = ReceiveResult();
    dead_lettered = false;
    const int64_t now = ToUnixMillis(clock_.Now());
    std::set<std::string> blocked_groups;
    // Takes `row` unless it expired or belongs in the dead-letter queue.
    auto take = [&](internal::MessageRow& row) -> Status {
      if (row.expires_at_ms <= now) {
        return internal::DeleteMessage(transaction, row.id);
      }
      if (dead_letter && row.receive_count >= config->redrive->max_receive_count) {
        dead_lettered = true;
        const int64_t expires =
            row.sent_ms + std::chrono::milliseconds(dead_letter->retention_period).count();
        return internal::MoveMessage(transaction, row.id, dead_letter->name, now, expires,
                                     config->arn, /*reset_receive_count=*/false);
      }
      row.first_receive_ms = row.first_receive_ms == 0 ? now : row.first_receive_ms;
      RETURN_IF_ERROR(
          internal::MarkReceived(transaction, row.id, now + visibility_ms, row.first_receive_ms));
      ++row.receive_count;
      ASSIGN_OR_RETURN(ReceivedMessage message, ToReceived(row));
      result.messages.push_back(std::move(message));
      return Status::Ok();
    };
    if (config->fifo) {
      ASSIGN_OR_RETURN(const std::vector<std::string> in_flight,
                       internal::GroupsInFlight(transaction, config->name, now));
      blocked_groups.insert(in_flight.begin(), in_flight.end());
      ASSIGN_OR_RETURN(
          std::vector<internal::MessageRow> rows,
          internal::SelectVisibleInOrder(transaction, config->name, now, kFifoScanLimit));
      for (internal::MessageRow& row : rows) {
        if (static_cast<int64_t>(result.messages.size()) >= max) {
          break;
        }
        if (!blocked_groups.contains(row.group_id)) {
          RETURN_IF_ERROR(take(row));
        }
      }
    } else {
      // Rows that expire or move to the DLQ leave the visible range, so each
      // round sees new ones; a few rounds fill the batch.
      for (int round = 0; round < 4; ++round) {
        const int64_t wanted = max - static_cast<int64_t>(result.messages.size());
        if (wanted <= 0) {
          break;
        }
        ASSIGN_OR_RETURN(std::vector<internal::MessageRow> rows,
                         internal::SelectVisible(transaction, config->name, now, wanted));
        for (internal::MessageRow& row : rows) {
          RETURN_IF_ERROR(take(row));
        }
        if (static_cast<int64_t>(rows.size()) < wanted) {
          break;
        }
      }
    }
    if (result.messages.empty()) {
      ASSIGN_OR_RETURN(const std::optional<int64_t> next,
                       internal::NextVisibleAt(transaction, config->name, now));
      if (next) {
        result.next_visible = FromUnixMillis(*next);
      }
    }
    return Status::Ok();
  });
  RETURN_IF_ERROR(committed);
  if (dead_lettered) {
    notifier_.Notify(dead_letter->name);
  }
  return result;
}

Result<std::vector<Status>> QueueStore::Delete(std::string_view queue,
                                               const std::vector<std::string>& receipt_handles) {
  RETURN_IF_ERROR(Config(queue).status());
  std::vector<Result<ReceiptHandle>> handles;
  handles.reserve(receipt_handles.size());
  for (const std::string& text : receipt_handles) {
    handles.push_back(DecodeReceiptHandle(text, queue));
  }
  std::vector<Status> results;
  const Status committed = pipeline_.Run([&](db::Transaction& transaction) -> Status {
    results.clear();
    for (const Result<ReceiptHandle>& handle : handles) {
      if (!handle.ok()) {
        results.push_back(handle.status());
        continue;
      }
      RETURN_IF_ERROR(
          internal::DeleteReceived(transaction, handle->queue, handle->row, handle->receive_count));
      results.push_back(Status::Ok());
    }
    return Status::Ok();
  });
  RETURN_IF_ERROR(committed);
  return results;
}

Result<std::vector<Status>> QueueStore::ChangeVisibility(
    std::string_view queue, const std::vector<VisibilityChange>& changes) {
  RETURN_IF_ERROR(Config(queue).status());
  std::vector<Result<ReceiptHandle>> handles;
  handles.reserve(changes.size());
  for (const VisibilityChange& change : changes) {
    if (change.timeout.count() < 0 || change.timeout.count() > kMaxVisibilitySeconds) {
      handles.emplace_back(SqsErrorStatus(
          SqsErrorCode::kInvalidParameterValue,
          "Value " + std::to_string(change.timeout.count()) +
              " for parameter VisibilityTimeout is invalid. Reason: Must be between 0 and "
              "43200, if provided."));
      continue;
    }
    handles.push_back(DecodeReceiptHandle(change.receipt_handle, queue));
  }
  std::vector<Status> results;
  const Status committed = pipeline_.Run([&](db::Transaction& transaction) -> Status {
    results.clear();
    const int64_t now = ToUnixMillis(clock_.Now());
    for (size_t i = 0; i < handles.size(); ++i) {
      if (!handles[i].ok()) {
        results.push_back(handles[i].status());
        continue;
      }
      const ReceiptHandle& handle = *handles[i];
      bool exists_visible = false;
      ASSIGN_OR_RETURN(
          const bool changed,
          internal::ChangeInFlightVisibility(
              transaction, handle.queue, handle.row, handle.receive_count, now,
              now + std::chrono::milliseconds(changes[i].timeout).count(), exists_visible));
      if (changed) {
        results.push_back(Status::Ok());
      } else if (exists_visible) {
        results.push_back(SqsErrorStatus(SqsErrorCode::kMessageNotInflight,
                                         "The message referred to isn't in flight."));
      } else {
        results.push_back(SqsErrorStatus(
            SqsErrorCode::kInvalidParameterValue,
            "Value " + changes[i].receipt_handle.substr(0, 64) +
                " for parameter ReceiptHandle is invalid. Reason: Message does not exist or is "
                "not available for visibility timeout change."));
      }
    }
    return Status::Ok();
  });
  RETURN_IF_ERROR(committed);
  notifier_.Notify(queue);  // A timeout of 0 makes a message visible now.
  return results;
}

Status QueueStore::Purge(std::string_view queue) {
  ASSIGN_OR_RETURN(const std::shared_ptr<const QueueConfig> config, Config(queue));
  return pipeline_.Run([&](db::Transaction& transaction) -> Status {
    const int64_t now = ToUnixMillis(clock_.Now());
    ASSIGN_OR_RETURN(
        const std::optional<db::Row> row,
        transaction.QueryOne("SELECT purged_ms FROM queues WHERE name = ?", {config->name}));
    if (!row) {
      return SqsErrorStatus(SqsErrorCode::kQueueDoesNotExist,
                            "The specified queue does not exist.");
    }
    ASSIGN_OR_RETURN(const int64_t purged, row->Get<int64_t>(0));
    if (purged != 0 && now - purged < kPurgeIntervalMs) {
      return SqsErrorStatus(
          SqsErrorCode::kPurgeQueueInProgress,
          "Only one PurgeQueue operation on " + config->name + " is allowed every 60 seconds.");
    }
    RETURN_IF_ERROR(
        transaction.Execute("DELETE FROM queue_messages WHERE queue = ?", {config->name}).status());
    return transaction
        .Execute("UPDATE queues SET purged_ms = ? WHERE name = ?", {now, config->name})
        .status();
  });
}

}  // namespace gloss::queue
