#include "storage/internal/event_rows.h"

#include <optional>
#include <utility>

#include <nlohmann/json.hpp>

namespace gloss::storage::internal {
namespace {

constexpr std::string_view kEventColumns =
    "sequencer, event_name, bucket, object_key, size, etag, event_time, principal_id, "
    "source_ip, request_id, attempts, delivered_to, last_error";

std::string EncodeNames(const std::vector<std::string>& names) {
  return nlohmann::json(names).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<std::vector<std::string>> DecodeNames(const std::string& json) {
  const nlohmann::json parsed = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_array()) {
    return Status::Corruption("delivered_to is not a JSON array: " + json);
  }
  std::vector<std::string> names;
  for (const nlohmann::json& name : parsed) {
    if (!name.is_string()) {
      return Status::Corruption("delivered_to holds a non-string: " + json);
    }
    names.push_back(name.get<std::string>());
  }
  return names;
}

Result<OutboxEntry> ReadEntry(const db::Row& row) {
  OutboxEntry entry;
  StorageEvent& event = entry.event;
  ASSIGN_OR_RETURN(event.sequencer, row.Get<int64_t>("sequencer"));
  ASSIGN_OR_RETURN(const std::string name, row.Get<std::string>("event_name"));
  const std::optional<EventType> type = ParseEventType(name);
  if (!type) {
    return Status::Corruption("unknown stored event name '" + name + "'");
  }
  event.type = *type;
  ASSIGN_OR_RETURN(event.bucket, row.Get<std::string>("bucket"));
  ASSIGN_OR_RETURN(db::Blob key, row.Get<db::Blob>("object_key"));
  event.key = std::move(key.bytes);
  ASSIGN_OR_RETURN(const int64_t size, row.Get<int64_t>("size"));
  event.size = static_cast<uint64_t>(size);
  ASSIGN_OR_RETURN(event.etag, row.Get<std::string>("etag"));
  ASSIGN_OR_RETURN(const int64_t event_time, row.Get<int64_t>("event_time"));
  event.event_time = FromUnixMillis(event_time);
  ASSIGN_OR_RETURN(event.principal_id, row.Get<std::string>("principal_id"));
  ASSIGN_OR_RETURN(event.source_ip, row.Get<std::string>("source_ip"));
  ASSIGN_OR_RETURN(event.request_id, row.Get<std::string>("request_id"));
  ASSIGN_OR_RETURN(const int64_t attempts, row.Get<int64_t>("attempts"));
  entry.attempts = static_cast<int>(attempts);
  ASSIGN_OR_RETURN(const std::string delivered_to, row.Get<std::string>("delivered_to"));
  ASSIGN_OR_RETURN(entry.delivered_to, DecodeNames(delivered_to));
  ASSIGN_OR_RETURN(entry.last_error, row.Get<std::string>("last_error"));
  return entry;
}

Result<std::vector<OutboxEntry>> ReadEntries(const db::Rows& rows) {
  std::vector<OutboxEntry> entries;
  entries.reserve(rows.size());
  for (const db::Row& row : rows) {
    ASSIGN_OR_RETURN(OutboxEntry entry, ReadEntry(row));
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace

Status AppendEvent(db::Connection& connection, const StorageEvent& event) {
  const int64_t event_time = ToUnixMillis(event.event_time);
  return connection
      .Execute(
          "INSERT INTO storage_events (sequencer, event_name, bucket, object_key, size, etag,"
          " event_time, principal_id, source_ip, request_id, state, attempts, next_attempt_at,"
          " delivered_to, last_error, updated_at)"
          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, '[]', '', ?)",
          {event.sequencer, EventTypeName(event.type), event.bucket, db::Blob{event.key},
           static_cast<int64_t>(event.size), event.etag, event_time, event.principal_id,
           event.source_ip, event.request_id, event_time, event_time})
      .status();
}

Result<std::vector<OutboxEntry>> DueEvents(db::Connection& connection, int64_t now_ms,
                                           size_t limit) {
  ASSIGN_OR_RETURN(
      const db::Rows rows,
      connection.Query("SELECT " + std::string(kEventColumns) +
                           " FROM storage_events e"
                           " WHERE e.state = 'pending' AND e.next_attempt_at <= ?"
                           " AND NOT EXISTS (SELECT 1 FROM storage_events p"
                           "   WHERE p.state = 'pending' AND p.bucket = e.bucket"
                           "   AND p.object_key = e.object_key AND p.sequencer < e.sequencer)"
                           " ORDER BY e.sequencer LIMIT ?",
                       {now_ms, static_cast<int64_t>(limit)}));
  return ReadEntries(rows);
}

Status MarkDelivered(db::Connection& connection, int64_t sequencer, int64_t now_ms) {
  return connection
      .Execute(
          "UPDATE storage_events SET state = 'delivered', updated_at = ?"
          " WHERE sequencer = ?",
          {now_ms, sequencer})
      .status();
}

Status RecordFailedAttempt(db::Connection& connection, const FailedAttempt& attempt,
                           int64_t now_ms) {
  return connection
      .Execute(
          "UPDATE storage_events SET state = ?, attempts = ?, next_attempt_at = ?,"
          " delivered_to = ?, last_error = ?, updated_at = ? WHERE sequencer = ?",
          {attempt.give_up ? "failed" : "pending", attempt.attempts, attempt.next_attempt_ms,
           EncodeNames(attempt.delivered_to), attempt.last_error, now_ms, attempt.sequencer})
      .status();
}

Result<int64_t> PruneDelivered(db::Connection& connection, int64_t before_ms) {
  ASSIGN_OR_RETURN(const db::ExecResult result,
                   connection.Execute("DELETE FROM storage_events"
                                      " WHERE state = 'delivered' AND updated_at < ?",
                                      {before_ms}));
  return result.rows_affected;
}

Result<std::vector<OutboxEntry>> FailedEvents(db::Connection& connection, size_t limit) {
  ASSIGN_OR_RETURN(const db::Rows rows,
                   connection.Query("SELECT " + std::string(kEventColumns) +
                                        " FROM storage_events WHERE state = 'failed'"
                                        " ORDER BY sequencer LIMIT ?",
                                    {static_cast<int64_t>(limit)}));
  return ReadEntries(rows);
}

}  // namespace gloss::storage::internal
