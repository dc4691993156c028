// OutboxDispatcher delivers the storage event outbox (storage_events, written
// by ObjectStore in the transaction of each change) to subscribed
// EventConsumers: at least once, in sequencer order per key, retrying a
// failing delivery with exponential backoff and marking the event failed
// after max_attempts (docs/design/storage.md, "Events and the outbox").
//
// Each event tracks the subscriptions that have acknowledged it, so a retry
// goes only to those that failed. A subscription's name must therefore stay
// the same across restarts.
//
// The dispatcher runs passes on its own thread once Start()ed; DispatchOnce()
// runs one pass on the caller's thread (tests, with a ManualClock). Events
// committed before any subscription exists are marked delivered with nobody
// to deliver to: subscribe before Start().
//
// What it is not: a per-subscription cursor or a queue. It never delivers an
// event to a subscription that was added after the event was delivered.
//
// Thread safety: all methods may be called concurrently, except that
// Start/Stop are for the owner. Passes are serialised. A consumer may call
// Subscribe/Unsubscribe from Deliver (neither waits for a pass), but not
// DispatchOnce or Stop.

#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "core/status.h"
#include "storage/events.h"

namespace gloss {
class Logger;
}  // namespace gloss

namespace gloss::db {
class Database;
}  // namespace gloss::db

namespace gloss::storage {

struct Subscription {
  std::string name;  // Unique; stable across restarts.
  EventFilter filter;
  // Shared because the dispatcher's thread may be inside Deliver when the
  // owner unsubscribes: the consumer then lives until that call returns.
  std::shared_ptr<EventConsumer> consumer;
};

struct OutboxOptions {
  int max_attempts = 8;  // Then the event is failed.
  std::chrono::milliseconds initial_backoff{1000};
  std::chrono::milliseconds max_backoff{std::chrono::minutes(5)};
  size_t batch_size = 100;  // Events per pass.
  // Delivered events are deleted this long after delivery.
  std::chrono::milliseconds retention{std::chrono::hours(1)};
  // How often the background thread looks for due events without a Wake().
  std::chrono::milliseconds poll_interval{1000};
};

struct DispatchStats {
  size_t delivered = 0;  // Events now delivered to every matching subscription.
  size_t retried = 0;    // Events that failed somewhere and will be retried.
  size_t failed = 0;     // Events that failed for the last time.
};

struct FailedEvent {
  StorageEvent event;
  int attempts = 0;
  std::string last_error;
};

class OutboxDispatcher {
 public:
  // Applies the storage migrations. `database`, `clock` and `logger` must
  // outlive the dispatcher. Errors: kInvalidArgument for bad options;
  // database errors.
  static Result<std::unique_ptr<OutboxDispatcher>> Create(db::Database& database,
                                                          const Clock& clock, Logger& logger,
                                                          OutboxOptions options);
  // Stops the background thread.
  ~OutboxDispatcher();

  OutboxDispatcher(const OutboxDispatcher&) = delete;
  OutboxDispatcher& operator=(const OutboxDispatcher&) = delete;

  // Errors: kInvalidArgument for an empty name or no consumer;
  // kAlreadyExists for a name in use.
  Status Subscribe(Subscription subscription);
  // Removes the subscription, if any. A delivery in progress completes.
  void Unsubscribe(std::string_view name);

  // Runs one pass: delivers up to batch_size due events and records each
  // outcome, then prunes old delivered events. Errors: database errors (a
  // consumer's error is an outcome, not an error of the pass).
  Result<DispatchStats> DispatchOnce();

  // Starts the background thread (idempotent), which runs passes while they
  // make progress, then waits for Wake() or poll_interval.
  void Start();
  // Stops and joins the background thread. Idempotent.
  void Stop();
  // Makes the background thread run a pass soon (ObjectStoreOptions::
  // on_events_committed). Cheap; callable from any thread.
  void Wake();

  // Up to `limit` failed events, oldest first.
  Result<std::vector<FailedEvent>> ListFailed(size_t limit);

 private:
  OutboxDispatcher(db::Database& database, const Clock& clock, Logger& logger,
                   OutboxOptions options);

  using Subscriptions = std::vector<Subscription>;
  std::shared_ptr<const Subscriptions> SnapshotSubscriptions();
  std::chrono::milliseconds BackoffAfter(int attempts) const;
  void Run();

  db::Database& database_;
  const Clock& clock_;
  Logger& logger_;
  const OutboxOptions options_;

  std::mutex subscriptions_mutex_;
  // Immutable snapshots, replaced on every change so a pass can use one
  // without holding the mutex. Guarded by subscriptions_mutex_.
  std::shared_ptr<const Subscriptions> subscriptions_;

  std::mutex pass_mutex_;  // Serialises passes (DispatchOnce).

  std::mutex thread_mutex_;
  std::condition_variable wake_;
  bool woken_ = false;     // Guarded by thread_mutex_.
  bool stopping_ = false;  // Guarded by thread_mutex_.
  std::thread thread_;     // Started and joined by the owner (Start/Stop).
};

using OutboxDispatcherPtr = std::unique_ptr<OutboxDispatcher>;

}  // namespace gloss::storage
