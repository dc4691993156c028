// Any byte string given as a function schedule must yield a Schedule or a
// Status, never a crash or a hang; for a Schedule, NextAfter must terminate,
// move strictly forward and agree with the schedule parsed from its canonical
// form.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>

#include "config/schedule.h"
#include "core/assert.h"

namespace {

using gloss::config::Schedule;
using TimePoint = Schedule::TimePoint;

// Up to 8 bytes of `data` from `offset` as a time point (zero-filled).
TimePoint TimeAt(const uint8_t* data, size_t size, size_t offset) {
  int64_t ticks = 0;
  if (offset < size) {
    std::memcpy(&ticks, data + offset, std::min<size_t>(sizeof(ticks), size - offset));
  }
  return TimePoint(TimePoint::duration(ticks));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  gloss::Result<Schedule> schedule = Schedule::Parse(text);
  if (!schedule.ok()) {
    return 0;
  }
  gloss::Result<Schedule> again = Schedule::Parse(schedule->canonical());
  GLOSS_CHECK(again.ok());  // canonical() is a valid expression.

  // Times from the input's own bytes reach odd corners (before 1970, after
  // 2199, the clock's limits); a fixed recent time exercises the usual case.
  const TimePoint anchor = TimeAt(data, size, 0);
  const TimePoint starts[] = {TimeAt(data, size, 8),
                              TimePoint(std::chrono::sys_days(std::chrono::year{2026} / 3 / 14)),
                              TimePoint::min(), TimePoint::max()};
  for (TimePoint time : starts) {
    for (int step = 0; step < 8; ++step) {
      const std::optional<TimePoint> next = schedule->NextAfter(time, anchor);
      GLOSS_CHECK(next == again->NextAfter(time, anchor));
      if (!next) {
        break;
      }
      GLOSS_CHECK(*next > time);  // Strictly after.
      time = *next;
    }
  }
  return 0;
}
