// Scheduler fires functions' `schedule`s (backend.toml; config/schedule.h)
// as asynchronous invocations carrying EventBridge's "Scheduled Event" JSON,
// the event a scheduled Lambda receives.
//
// Rates count from when a schedule was applied (EventBridge starts a rate
// when its rule is created); a reload keeps the anchor of an unchanged
// schedule. A firing missed while gloss was down is not made up, as
// EventBridge Scheduler with no flexible window.
//
// Thread safety: all methods may be called concurrently; Start/Stop by the
// owner. `fire` runs on the scheduler's thread.

#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "config/schedule.h"
#include "core/backend_spec.h"

namespace gloss::functions {

class Scheduler {
 public:
  using TimePoint = std::chrono::system_clock::time_point;
  // Called with the function's name and the event to invoke it with.
  using Fire = std::function<void(const std::string& function, const std::string& event)>;

  explicit Scheduler(Fire fire) : fire_(std::move(fire)) {}
  ~Scheduler() { Stop(); }

  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Makes `spec`'s schedules the ones that fire; `now` anchors new rates.
  void Apply(const BackendSpec& spec, TimePoint now);
  // Fires every schedule due at `now` (the thread's step; tests call it with
  // chosen times) and returns when the next one is due.
  std::optional<TimePoint> FireDue(TimePoint now);

  void Start();
  void Stop();

  // The event of one firing (EventBridge's Scheduled Event).
  static std::string EventJson(const std::string& region, const std::string& rule, TimePoint time);

 private:
  struct Entry {
    std::string function;
    std::string rule;  // "NAME-schedule-INDEX", EventBridge's rule name.
    std::string expression;
    config::Schedule schedule;
    TimePoint anchor;
    std::optional<TimePoint> next;
  };
  void Run();

  const Fire fire_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Entry> entries_;  // Guarded by mutex_.
  std::string region_;          // Guarded by mutex_.
  bool stopping_ = false;       // Guarded by mutex_.
  std::thread thread_;
};

}  // namespace gloss::functions
