// Clock is where services read the wall time: object Last-Modified, event
// times, the outbox's retry schedule, message visibility and retention.
// Injected so tests control time; SystemClock is the production one.
//
// Thread safety: Now() may be called from any thread; ManualClock's setters
// too (the time is an atomic).

#pragma once

#include <atomic>
#include <chrono>

namespace gloss {

using TimePoint = std::chrono::system_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint Now() const override { return std::chrono::system_clock::now(); }
};

// A clock that only moves when told to; for tests.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint start) : now_(start) {}

  TimePoint Now() const override { return now_.load(); }
  void Set(TimePoint now) { now_.store(now); }
  void Advance(std::chrono::milliseconds by) { now_.store(now_.load() + by); }

 private:
  std::atomic<TimePoint> now_;
};

// Unix milliseconds, the stored form of every time (docs/design/db.md).
inline int64_t ToUnixMillis(TimePoint time) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}
inline TimePoint FromUnixMillis(int64_t millis) {
  return TimePoint(std::chrono::milliseconds(millis));
}

}  // namespace gloss
