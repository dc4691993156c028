// AsyncEvents runs asynchronous invocations (Lambda's `Event` invocation
// type, storage triggers, schedules) durably and with Lambda's retry policy:
//   - Enqueue() commits the event to the `function_events` table before it
//     returns, so an accepted event survives a crash (it is run again after a
//     restart: delivery is at least once, as on Lambda);
//   - a failed invocation (function error, timeout, crash, throttle) is
//     retried retry_attempts times (Lambda's MaximumRetryAttempts, default
//     2), after retry_delay and then twice that (Lambda: 1 min, 2 min);
//   - an event that fails every attempt goes to the on-failure destination:
//     one JSON line in FAILURES/NAME.jsonl, in Lambda's destination record
//     shape (requestContext.condition "RetriesExhausted").
//
// Thread safety: all methods may be called concurrently; Start/Stop by the
// owner. The invoke callback runs on the dispatcher's threads.

#pragma once

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/logger.h"
#include "core/result.h"
#include "db/database.h"
#include "functions/function_pool.h"

namespace gloss::functions {

struct AsyncOptions {
  std::filesystem::path failures_dir;  // STATE/functions/failures.
  size_t threads = 4;                  // Asynchronous invocations run at once.
  std::chrono::milliseconds retry_delay{std::chrono::minutes(1)};
  std::chrono::milliseconds poll_interval{std::chrono::seconds(1)};
};

// What the dispatcher needs to know about a function at delivery time.
struct AsyncTarget {
  std::string function_arn;
  uint32_t retry_attempts = 2;
};

class AsyncEvents {
 public:
  using Invoke =
      std::function<Result<InvocationResult>(std::string_view function, InvocationRequest request)>;
  // The target of a function name; nullopt when it no longer exists (its
  // events are then dropped with a log line).
  using Lookup = std::function<std::optional<AsyncTarget>(std::string_view function)>;

  // Applies the `functions` migrations. `database` and `logger` must outlive
  // the dispatcher.
  static Result<std::unique_ptr<AsyncEvents>> Open(db::Database& database, AsyncOptions options,
                                                   Invoke invoke, Lookup lookup, Logger& logger);
  ~AsyncEvents();

  // Commits an event for `function`. Errors: database errors.
  Status Enqueue(std::string_view function, std::string payload);

  // Starts the dispatcher threads (idempotent). Events claimed by a previous
  // run that died are due again.
  Status Start();
  // Stops taking events and joins the threads (an invocation in progress
  // finishes first). Idempotent.
  void Stop();

  // Runs due events on the caller's thread until none is due (tests).
  void DrainDue();

 private:
  struct Event {
    int64_t id = 0;
    std::string function;
    std::string payload;
    int64_t attempts = 0;
  };
  AsyncEvents(db::Database& database, AsyncOptions options, Invoke invoke, Lookup lookup,
              Logger& logger);
  Result<std::optional<Event>> ClaimDue();
  void Run(const Event& event);
  Status RecordFailure(const Event& event, const AsyncTarget& target,
                       const Result<InvocationResult>& outcome);
  void Loop();

  db::Database& database_;
  const AsyncOptions options_;
  const Invoke invoke_;
  const Lookup lookup_;
  Logger& logger_;

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // Guarded by mutex_.
  bool woken_ = false;     // Guarded by mutex_.
  std::vector<std::thread> threads_;
  std::mutex failures_mutex_;  // Serialises appends to the failure files.
};

}  // namespace gloss::functions
