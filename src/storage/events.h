// Storage events: what happened to an object, recorded in the outbox in the
// same transaction as the change (ARCHITECTURE §7) and delivered by the
// OutboxDispatcher (outbox_dispatcher.h) to EventConsumers. The functions
// service registers its triggers as consumers; event_json.h renders an event
// as S3's notification JSON.
//
// Thread safety: StorageEvent and EventFilter are plain values. An
// EventConsumer is called from the dispatcher's thread, one event at a time.

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/status.h"

namespace gloss::storage {

enum class EventType {
  kObjectCreatedPut,
  kObjectCreatedCopy,
  kObjectCreatedCompleteMultipartUpload,
  kObjectRemovedDelete,
};

// S3's event name: "ObjectCreated:Put", "ObjectRemoved:Delete", ...
std::string_view EventTypeName(EventType type);
std::optional<EventType> ParseEventType(std::string_view name);

struct StorageEvent {
  EventType type = EventType::kObjectCreatedPut;
  std::string bucket;
  std::string key;
  uint64_t size = 0;  // 0 for removals.
  std::string etag;   // Unquoted; empty for removals.
  // Increases with every change in the store; orders events for one key.
  int64_t sequencer = 0;
  TimePoint event_time;
  std::string principal_id;  // Empty if unknown.
  std::string source_ip;     // Empty if unknown.
  std::string request_id;    // Empty if unknown.

  friend bool operator==(const StorageEvent&, const StorageEvent&) = default;
};

// The sequencer as S3 writes it: 16 upper-case hex digits, so that string
// order is numeric order.
std::string FormatSequencer(int64_t sequencer);

// Which events a subscription wants. Empty fields match everything.
struct EventFilter {
  std::string bucket{};  // Exact bucket name.
  // "ObjectCreated" matches "ObjectCreated:Put"; S3's "s3:ObjectCreated:*"
  // is accepted too.
  std::string event_prefix{};
  std::string key_prefix{};
  std::string key_suffix{};

  bool Matches(const StorageEvent& event) const;
};

// Receives events. Delivery is at least once: the same event (same
// sequencer) may arrive again after a failure or a crash, so Deliver must be
// idempotent. Events for one key arrive in sequencer order.
class EventConsumer {
 public:
  virtual ~EventConsumer() = default;

  // Handles `event`. Any error makes the dispatcher retry later with backoff
  // (the message is kept as the event's last_error).
  virtual Status Deliver(const StorageEvent& event) = 0;
};

}  // namespace gloss::storage
