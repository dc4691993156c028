#include "storage/outbox_dispatcher.h"

#include <algorithm>
#include <utility>

#include "core/logger.h"
#include "db/database.h"
#include "storage/internal/catalog_migrations.h"
#include "storage/internal/event_rows.h"

namespace gloss::storage {

OutboxDispatcher::OutboxDispatcher(db::Database& database, const Clock& clock, Logger& logger,
                                   OutboxOptions options)
    : database_(database),
      clock_(clock),
      logger_(logger),
      options_(options),
      subscriptions_(std::make_shared<const Subscriptions>()) {}

OutboxDispatcher::~OutboxDispatcher() { Stop(); }

Result<std::unique_ptr<OutboxDispatcher>> OutboxDispatcher::Create(db::Database& database,
                                                                   const Clock& clock,
                                                                   Logger& logger,
                                                                   OutboxOptions options) {
  if (options.max_attempts < 1 || options.batch_size < 1 || options.initial_backoff.count() < 0 ||
      options.max_backoff < options.initial_backoff || options.poll_interval.count() < 1) {
    return Status::InvalidArgument("invalid outbox options");
  }
  RETURN_IF_ERROR(internal::MigrateCatalog(database));
  return std::unique_ptr<OutboxDispatcher>(new OutboxDispatcher(database, clock, logger, options));
}

Status OutboxDispatcher::Subscribe(Subscription subscription) {
  if (subscription.name.empty() || subscription.consumer == nullptr) {
    return Status::InvalidArgument("a subscription needs a name and a consumer");
  }
  const std::lock_guard lock(subscriptions_mutex_);
  for (const Subscription& existing : *subscriptions_) {
    if (existing.name == subscription.name) {
      return Status::AlreadyExists("subscription '" + subscription.name + "' exists");
    }
  }
  auto next = std::make_shared<Subscriptions>(*subscriptions_);
  next->push_back(std::move(subscription));
  subscriptions_ = std::move(next);
  return Status::Ok();
}

void OutboxDispatcher::Unsubscribe(std::string_view name) {
  const std::lock_guard lock(subscriptions_mutex_);
  auto next = std::make_shared<Subscriptions>(*subscriptions_);
  std::erase_if(*next, [&](const Subscription& subscription) { return subscription.name == name; });
  subscriptions_ = std::move(next);
}

std::shared_ptr<const OutboxDispatcher::Subscriptions> OutboxDispatcher::SnapshotSubscriptions() {
  const std::lock_guard lock(subscriptions_mutex_);
  return subscriptions_;
}

std::chrono::milliseconds OutboxDispatcher::BackoffAfter(int attempts) const {
  // initial × 2^(attempts-1), capped; the shift is bounded so it cannot overflow.
  const int doublings = std::clamp(attempts - 1, 0, 30);
  const auto backoff = options_.initial_backoff * (int64_t{1} << doublings);
  return std::min<std::chrono::milliseconds>(backoff, options_.max_backoff);
}

Result<DispatchStats> OutboxDispatcher::DispatchOnce() {
  const std::lock_guard pass(pass_mutex_);
  const std::shared_ptr<const Subscriptions> subscriptions = SnapshotSubscriptions();
  const TimePoint now = clock_.Now();
  const int64_t now_ms = ToUnixMillis(now);
  ASSIGN_OR_RETURN(std::vector<internal::OutboxEntry> due,
                   internal::DueEvents(database_, now_ms, options_.batch_size));
  DispatchStats stats;
  for (internal::OutboxEntry& entry : due) {
    std::string last_error;
    for (const Subscription& subscription : *subscriptions) {
      if (!subscription.filter.Matches(entry.event) ||
          std::find(entry.delivered_to.begin(), entry.delivered_to.end(), subscription.name) !=
              entry.delivered_to.end()) {
        continue;
      }
      const Status delivered = subscription.consumer->Deliver(entry.event);
      if (delivered.ok()) {
        entry.delivered_to.push_back(subscription.name);
      } else {
        last_error = subscription.name + ": " + delivered.ToString();
      }
    }
    if (last_error.empty()) {
      RETURN_IF_ERROR(internal::MarkDelivered(database_, entry.event.sequencer, now_ms));
      ++stats.delivered;
      continue;
    }
    const int attempts = entry.attempts + 1;
    const bool give_up = attempts >= options_.max_attempts;
    RETURN_IF_ERROR(internal::RecordFailedAttempt(
        database_,
        internal::FailedAttempt{.sequencer = entry.event.sequencer,
                                .attempts = attempts,
                                .delivered_to = std::move(entry.delivered_to),
                                .last_error = last_error,
                                .next_attempt_ms = ToUnixMillis(now + BackoffAfter(attempts)),
                                .give_up = give_up},
        now_ms));
    if (give_up) {
      ++stats.failed;
      logger_.Error("storage", "event delivery failed for the last time",
                    {{"sequencer", entry.event.sequencer},
                     {"bucket", entry.event.bucket},
                     {"attempts", attempts},
                     {"error", last_error}});
    } else {
      ++stats.retried;
    }
  }
  RETURN_IF_ERROR(
      internal::PruneDelivered(database_, ToUnixMillis(now - options_.retention)).status());
  return stats;
}

Result<std::vector<FailedEvent>> OutboxDispatcher::ListFailed(size_t limit) {
  ASSIGN_OR_RETURN(std::vector<internal::OutboxEntry> entries,
                   internal::FailedEvents(database_, limit));
  std::vector<FailedEvent> failed;
  failed.reserve(entries.size());
  for (internal::OutboxEntry& entry : entries) {
    failed.push_back(FailedEvent{.event = std::move(entry.event),
                                 .attempts = entry.attempts,
                                 .last_error = std::move(entry.last_error)});
  }
  return failed;
}

void OutboxDispatcher::Start() {
  const std::lock_guard lock(thread_mutex_);
  if (thread_.joinable()) {
    return;
  }
  stopping_ = false;
  thread_ = std::thread([this] { Run(); });
}

void OutboxDispatcher::Stop() {
  {
    const std::lock_guard lock(thread_mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
}

void OutboxDispatcher::Wake() {
  {
    const std::lock_guard lock(thread_mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

void OutboxDispatcher::Run() {
  std::unique_lock lock(thread_mutex_);
  while (!stopping_) {
    woken_ = false;
    lock.unlock();
    const Result<DispatchStats> stats = DispatchOnce();
    lock.lock();
    if (!stats.ok()) {
      logger_.Warn("storage", "outbox pass failed", {{"error", stats.status().ToString()}});
    }
    // Events that left the pending state may have unblocked later events
    // for their keys: look again at once.
    const bool progressed = stats.ok() && stats->delivered + stats->failed > 0;
    if (!progressed) {
      wake_.wait_for(lock, options_.poll_interval, [this] { return stopping_ || woken_; });
    }
  }
}

}  // namespace gloss::storage
