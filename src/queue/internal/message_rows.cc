#include "queue/internal/message_rows.h"

#include <utility>

namespace gloss::queue::internal {
namespace {

constexpr std::string_view kColumns =
    "id, queue, message_id, body, message_attributes, md5_body, md5_attributes, sender_id,"
    " sent_ms, visible_at_ms, expires_at_ms, receive_count, first_receive_ms, group_id,"
    " dedup_id, sequence_number, dead_letter_source_arn";

// How many expired rows one maintenance tick deletes: bounds the tick's
// transaction so it never holds the writer for long.
constexpr int64_t kExpiredPerTick = 2000;

Result<MessageRow> ReadRow(const db::Row& row) {
  MessageRow message;
  ASSIGN_OR_RETURN(message.id, row.Get<int64_t>(0));
  ASSIGN_OR_RETURN(message.queue, row.Get<std::string>(1));
  ASSIGN_OR_RETURN(message.message_id, row.Get<std::string>(2));
  ASSIGN_OR_RETURN(message.body, row.Get<std::string>(3));
  ASSIGN_OR_RETURN(message.message_attributes, row.Get<std::string>(4));
  ASSIGN_OR_RETURN(message.md5_body, row.Get<std::string>(5));
  ASSIGN_OR_RETURN(message.md5_attributes, row.Get<std::string>(6));
  ASSIGN_OR_RETURN(message.sender_id, row.Get<std::string>(7));
  ASSIGN_OR_RETURN(message.sent_ms, row.Get<int64_t>(8));
  ASSIGN_OR_RETURN(message.visible_at_ms, row.Get<int64_t>(9));
  ASSIGN_OR_RETURN(message.expires_at_ms, row.Get<int64_t>(10));
  ASSIGN_OR_RETURN(message.receive_count, row.Get<int64_t>(11));
  ASSIGN_OR_RETURN(message.first_receive_ms, row.Get<int64_t>(12));
  ASSIGN_OR_RETURN(message.group_id, row.Get<std::string>(13));
  ASSIGN_OR_RETURN(message.dedup_id, row.Get<std::string>(14));
  ASSIGN_OR_RETURN(message.sequence_number, row.Get<std::string>(15));
  ASSIGN_OR_RETURN(message.dead_letter_source_arn, row.Get<std::string>(16));
  return message;
}

Result<std::vector<MessageRow>> ReadRows(const db::Rows& rows) {
  std::vector<MessageRow> messages;
  messages.reserve(rows.size());
  for (const db::Row& row : rows) {
    ASSIGN_OR_RETURN(MessageRow message, ReadRow(row));
    messages.push_back(std::move(message));
  }
  return messages;
}

Result<int64_t> CountWhere(db::Connection& connection, std::string_view condition,
                           const db::Params& params) {
  ASSIGN_OR_RETURN(
      const std::optional<db::Row> row,
      connection.QueryOne("SELECT count(*) FROM queue_messages WHERE " + std::string(condition),
                          params));
  return row ? row->Get<int64_t>(0) : Result<int64_t>(0);
}

}  // namespace

Result<MessageCounts> CountMessages(db::Connection& connection, std::string_view queue,
                                    int64_t now_ms) {
  const std::string name(queue);
  MessageCounts counts;
  ASSIGN_OR_RETURN(counts.visible,
                   CountWhere(connection, "queue = ? AND visible_at_ms <= ? AND expires_at_ms > ?",
                              {name, now_ms, now_ms}));
  ASSIGN_OR_RETURN(counts.in_flight,
                   CountWhere(connection,
                              "queue = ? AND visible_at_ms > ? AND receive_count > 0"
                              " AND expires_at_ms > ?",
                              {name, now_ms, now_ms}));
  ASSIGN_OR_RETURN(counts.delayed,
                   CountWhere(connection,
                              "queue = ? AND visible_at_ms > ? AND receive_count = 0"
                              " AND expires_at_ms > ?",
                              {name, now_ms, now_ms}));
  return counts;
}

Status InsertMessage(db::Connection& connection, const MessageRow& row) {
  return connection
      .Execute(
          "INSERT INTO queue_messages (queue, message_id, body, message_attributes, md5_body,"
          " md5_attributes, sender_id, sent_ms, visible_at_ms, expires_at_ms, receive_count,"
          " first_receive_ms, group_id, dedup_id, sequence_number, dead_letter_source_arn)"
          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {row.queue, row.message_id, row.body, row.message_attributes, row.md5_body,
           row.md5_attributes, row.sender_id, row.sent_ms, row.visible_at_ms, row.expires_at_ms,
           row.receive_count, row.first_receive_ms, row.group_id, row.dedup_id, row.sequence_number,
           row.dead_letter_source_arn})
      .status();
}

Result<std::vector<MessageRow>> SelectVisible(db::Connection& connection, std::string_view queue,
                                              int64_t now_ms, int64_t limit) {
  ASSIGN_OR_RETURN(const db::Rows rows,
                   connection.Query("SELECT " + std::string(kColumns) +
                                        " FROM queue_messages WHERE queue = ? AND"
                                        " visible_at_ms <= ? ORDER BY visible_at_ms, id LIMIT ?",
                                    {std::string(queue), now_ms, limit}));
  return ReadRows(rows);
}

Result<std::vector<MessageRow>> SelectVisibleInOrder(db::Connection& connection,
                                                     std::string_view queue, int64_t now_ms,
                                                     int64_t limit) {
  ASSIGN_OR_RETURN(const db::Rows rows,
                   connection.Query("SELECT " + std::string(kColumns) +
                                        " FROM queue_messages WHERE queue = ? AND"
                                        " visible_at_ms <= ? ORDER BY id LIMIT ?",
                                    {std::string(queue), now_ms, limit}));
  return ReadRows(rows);
}

Result<std::vector<std::string>> GroupsInFlight(db::Connection& connection, std::string_view queue,
                                                int64_t now_ms) {
  ASSIGN_OR_RETURN(const db::Rows rows,
                   connection.Query("SELECT DISTINCT group_id FROM queue_messages WHERE queue = ?"
                                    " AND visible_at_ms > ? AND receive_count > 0",
                                    {std::string(queue), now_ms}));
  std::vector<std::string> groups;
  for (const db::Row& row : rows) {
    ASSIGN_OR_RETURN(std::string group, row.Get<std::string>(0));
    groups.push_back(std::move(group));
  }
  return groups;
}

Result<std::optional<int64_t>> NextVisibleAt(db::Connection& connection, std::string_view queue,
                                             int64_t now_ms) {
  ASSIGN_OR_RETURN(const std::optional<db::Row> row,
                   connection.QueryOne("SELECT min(visible_at_ms) FROM queue_messages"
                                       " WHERE queue = ? AND visible_at_ms > ?",
                                       {std::string(queue), now_ms}));
  if (!row) {
    return std::optional<int64_t>();
  }
  return row->Get<std::optional<int64_t>>(0);
}

Status MarkReceived(db::Connection& connection, int64_t id, int64_t visible_at_ms,
                    int64_t first_receive_ms) {
  return connection
      .Execute(
          "UPDATE queue_messages SET visible_at_ms = ?, receive_count = receive_count + 1,"
          " first_receive_ms = ? WHERE id = ?",
          {visible_at_ms, first_receive_ms, id})
      .status();
}

Status MoveMessage(db::Connection& connection, int64_t id, std::string_view queue,
                   int64_t visible_at_ms, int64_t expires_at_ms,
                   std::string_view dead_letter_source_arn, bool reset_receive_count) {
  return connection
      .Execute(
          "UPDATE queue_messages SET queue = ?, visible_at_ms = ?, expires_at_ms = ?,"
          " dead_letter_source_arn = ?,"
          " receive_count = CASE WHEN ? = 1 THEN 0 ELSE receive_count END,"
          " first_receive_ms = CASE WHEN ? = 1 THEN 0 ELSE first_receive_ms END WHERE id = ?",
          {std::string(queue), visible_at_ms, expires_at_ms, std::string(dead_letter_source_arn),
           reset_receive_count ? 1 : 0, reset_receive_count ? 1 : 0, id})
      .status();
}

Status DeleteReceived(db::Connection& connection, std::string_view queue, int64_t id,
                      int64_t receive_count) {
  return connection
      .Execute("DELETE FROM queue_messages WHERE id = ? AND queue = ? AND receive_count = ?",
               {id, std::string(queue), receive_count})
      .status();
}

Result<bool> ChangeInFlightVisibility(db::Connection& connection, std::string_view queue,
                                      int64_t id, int64_t receive_count, int64_t now_ms,
                                      int64_t visible_at_ms, bool& exists_visible) {
  exists_visible = false;
  ASSIGN_OR_RETURN(
      const db::ExecResult changed,
      connection.Execute("UPDATE queue_messages SET visible_at_ms = ? WHERE id = ?"
                         " AND queue = ? AND receive_count = ? AND visible_at_ms > ?",
                         {visible_at_ms, id, std::string(queue), receive_count, now_ms}));
  if (changed.rows_affected > 0) {
    return true;
  }
  ASSIGN_OR_RETURN(const std::optional<db::Row> row,
                   connection.QueryOne("SELECT visible_at_ms FROM queue_messages WHERE id = ?"
                                       " AND queue = ? AND receive_count = ?",
                                       {id, std::string(queue), receive_count}));
  exists_visible = row.has_value();
  return false;
}

Status DeleteMessage(db::Connection& connection, int64_t id) {
  return connection.Execute("DELETE FROM queue_messages WHERE id = ?", {id}).status();
}

Status DeleteExpired(db::Connection& connection, int64_t now_ms) {
  RETURN_IF_ERROR(connection
                      .Execute("DELETE FROM queue_messages WHERE id IN (SELECT id FROM"
                               " queue_messages WHERE expires_at_ms <= ? LIMIT ?)",
                               {now_ms, kExpiredPerTick})
                      .status());
  return connection.Execute("DELETE FROM queue_dedup WHERE expires_ms <= ?", {now_ms}).status();
}

Result<std::optional<DedupRecord>> FindDedup(db::Connection& connection, std::string_view queue,
                                             std::string_view dedup_id, int64_t now_ms) {
  ASSIGN_OR_RETURN(const std::optional<db::Row> row,
                   connection.QueryOne("SELECT message_id, sequence_number FROM queue_dedup"
                                       " WHERE queue = ? AND dedup_id = ? AND expires_ms > ?",
                                       {std::string(queue), std::string(dedup_id), now_ms}));
  if (!row) {
    return std::optional<DedupRecord>();
  }
  DedupRecord record;
  ASSIGN_OR_RETURN(record.message_id, row->Get<std::string>(0));
  ASSIGN_OR_RETURN(record.sequence_number, row->Get<std::string>(1));
  return std::optional<DedupRecord>(std::move(record));
}

Status PutDedup(db::Connection& connection, std::string_view queue, std::string_view dedup_id,
                const DedupRecord& record, int64_t expires_ms) {
  return connection
      .Execute(
          "INSERT INTO queue_dedup (queue, dedup_id, message_id, sequence_number, expires_ms)"
          " VALUES (?, ?, ?, ?, ?) ON CONFLICT (queue, dedup_id) DO UPDATE SET"
          " message_id = excluded.message_id, sequence_number = excluded.sequence_number,"
          " expires_ms = excluded.expires_ms",
          {std::string(queue), std::string(dedup_id), record.message_id, record.sequence_number,
           expires_ms})
      .status();
}

Result<int64_t> TakeSequenceNumber(db::Connection& connection, std::string_view queue) {
  ASSIGN_OR_RETURN(const std::optional<db::Row> row,
                   connection.QueryOne("UPDATE queues SET next_sequence = next_sequence + 1"
                                       " WHERE name = ? RETURNING next_sequence - 1",
                                       {std::string(queue)}));
  if (!row) {
    return Status::Internal("queue row missing for " + std::string(queue));
  }
  return row->Get<int64_t>(0);
}

}  // namespace gloss::queue::internal
