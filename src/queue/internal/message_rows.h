// The SQL of queue_messages and queue_dedup (docs/design/queues.md, "Data
// model"), kept apart from the semantics in message_operations.cc.
//
// Thread safety: functions over a Connection, used by one thread at a time.

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "db/database.h"

namespace gloss::queue::internal {

struct MessageRow {
  int64_t id = 0;
  std::string queue;
  std::string message_id;
  std::string body;
  std::string message_attributes;  // Wire JSON; empty without attributes.
  std::string md5_body;
  std::string md5_attributes;
  std::string sender_id;
  int64_t sent_ms = 0;
  int64_t visible_at_ms = 0;
  int64_t expires_at_ms = 0;
  int64_t receive_count = 0;
  int64_t first_receive_ms = 0;  // 0: never received.
  std::string group_id;
  std::string dedup_id;
  std::string sequence_number;
  std::string dead_letter_source_arn;
};

struct MessageCounts {
  int64_t visible = 0;
  int64_t in_flight = 0;
  int64_t delayed = 0;
};

Result<MessageCounts> CountMessages(db::Connection& connection, std::string_view queue,
                                    int64_t now_ms);

Status InsertMessage(db::Connection& connection, const MessageRow& row);

// Visible messages of `queue` in the order a standard queue hands them out
// (by visibility time, then send order).
Result<std::vector<MessageRow>> SelectVisible(db::Connection& connection, std::string_view queue,
                                              int64_t now_ms, int64_t limit);

// Visible messages of a FIFO `queue` in send order.
Result<std::vector<MessageRow>> SelectVisibleInOrder(db::Connection& connection,
                                                     std::string_view queue, int64_t now_ms,
                                                     int64_t limit);

// The message groups of a FIFO queue that have a message in flight.
Result<std::vector<std::string>> GroupsInFlight(db::Connection& connection, std::string_view queue,
                                                int64_t now_ms);

// When the earliest invisible message of `queue` becomes visible.
Result<std::optional<int64_t>> NextVisibleAt(db::Connection& connection, std::string_view queue,
                                             int64_t now_ms);

Status MarkReceived(db::Connection& connection, int64_t id, int64_t visible_at_ms,
                    int64_t first_receive_ms);

// Moves a message to `queue` (a dead-letter queue, or back to its source),
// visible at `visible_at_ms`, kept until `expires_at_ms`.
// `dead_letter_source_arn` empty clears it.
// `reset_receive_count` starts the count over.
Status MoveMessage(db::Connection& connection, int64_t id, std::string_view queue,
                   int64_t visible_at_ms, int64_t expires_at_ms,
                   std::string_view dead_letter_source_arn, bool reset_receive_count);

// Deletes message `id` of `queue` if it is still at `receive_count`.
Status DeleteReceived(db::Connection& connection, std::string_view queue, int64_t id,
                      int64_t receive_count);

// Sets the visibility of message `id` of `queue` at `receive_count` if it is
// in flight. Returns false when it is not (gone, re-received, or visible);
// then `exists_visible` tells whether it is there and visible.
Result<bool> ChangeInFlightVisibility(db::Connection& connection, std::string_view queue,
                                      int64_t id, int64_t receive_count, int64_t now_ms,
                                      int64_t visible_at_ms, bool& exists_visible);

Status DeleteMessage(db::Connection& connection, int64_t id);

// Deletes expired messages and deduplication records (at most a bounded
// number per call).
Status DeleteExpired(db::Connection& connection, int64_t now_ms);

struct DedupRecord {
  std::string message_id;
  std::string sequence_number;
};

Result<std::optional<DedupRecord>> FindDedup(db::Connection& connection, std::string_view queue,
                                             std::string_view dedup_id, int64_t now_ms);
Status PutDedup(db::Connection& connection, std::string_view queue, std::string_view dedup_id,
                const DedupRecord& record, int64_t expires_ms);

// The next FIFO sequence number of `queue` (and advances it).
Result<int64_t> TakeSequenceNumber(db::Connection& connection, std::string_view queue);

}  // namespace gloss::queue::internal
