// SQL for the event outbox (storage_events): appending an event in the
// transaction of the change it describes, and the dispatcher's reads and
// state updates. States: 'pending' -> 'delivered' | 'failed'.
//
// Thread safety: pure functions over the Connection, which the caller owns.

#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "db/database.h"
#include "storage/events.h"

namespace gloss::storage::internal {

struct OutboxEntry {
  StorageEvent event;
  int attempts = 0;
  std::vector<std::string> delivered_to;  // Subscription names that have it.
  std::string last_error;
};

// Appends `event` as pending and due at its event time.
Status AppendEvent(db::Connection& connection, const StorageEvent& event);

// Up to `limit` pending events due at `now_ms`, by sequencer, leaving out any
// event with an earlier pending event for the same bucket and key.
Result<std::vector<OutboxEntry>> DueEvents(db::Connection& connection, int64_t now_ms,
                                           size_t limit);

Status MarkDelivered(db::Connection& connection, int64_t sequencer, int64_t now_ms);

// Records a failed attempt: the subscriptions served so far, the error, and
// either the next attempt's time or, with `give_up`, the failed state.
struct FailedAttempt {
  int64_t sequencer = 0;
  int attempts = 0;
  std::vector<std::string> delivered_to;
  std::string last_error;
  int64_t next_attempt_ms = 0;
  bool give_up = false;
};
Status RecordFailedAttempt(db::Connection& connection, const FailedAttempt& attempt,
                           int64_t now_ms);

// Deletes delivered events last updated before `before_ms`; returns how many.
Result<int64_t> PruneDelivered(db::Connection& connection, int64_t before_ms);

// Up to `limit` failed events, oldest first.
Result<std::vector<OutboxEntry>> FailedEvents(db::Connection& connection, size_t limit);

}  // namespace gloss::storage::internal
