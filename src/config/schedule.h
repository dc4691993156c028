// Schedule is a parsed `schedule` expression of a function, as Amplify's
// defineFunction accepts it and as EventBridge runs it, and computes when it
// fires next. It is not a timer: the functions service asks NextAfter() and
// sleeps on its own clock. All times are UTC (Amplify's default time zone;
// gloss has no per-schedule time zone).
//
// Accepted forms (docs/design/config.md has the full reference):
//   every 5m | every 2h | every day | every week | every month | every year
//       Amplify's natural rates. Amplify deploys them as crons, aligned to the
//       clock rather than to the deploy time (schedule_parser.ts in
//       @aws-amplify/backend-function): "every Nm" is cron(*/N * * * ? *)
//       (N 1-59), "every Nh" is cron(0 */N * * ? *) (N 1-23), "every day"
//       cron(0 0 * * ? *), "every week" cron(0 0 ? * 1 *) (Sundays),
//       "every month" cron(0 0 1 * ? *), "every year" cron(0 0 1 1 ? *).
//   0 12 * * ?  |  0 12 * * ? 2030
//       Amplify's cron: EventBridge's fields `minutes hours day-of-month month
//       day-of-week [year]`; a missing year is "*".
//   rate(5 minutes)  |  cron(0 12 * * ? *)
//       Raw EventBridge expressions (a gloss extension; Amplify takes only the
//       two forms above). cron() needs all six fields.
//
// Cron fields follow EventBridge: minutes 0-59, hours 0-23, day-of-month 1-31,
// month 1-12 or JAN-DEC, day-of-week 1-7 or SUN-SAT (1 = Sunday), year
// 1970-2199; `*`, lists `a,b`, ranges `a-b` (a <= b), steps `*/n`, `a/n`,
// `a-b/n`; exactly one of day-of-month and day-of-week is `?`; day-of-month
// also `L` (last day), `LW` (last weekday), `nW` (weekday nearest day n, in
// the same month); day-of-week also `L` (every Saturday), `nL` (last weekday n of
// the month) and `n#k` (k-th weekday n, k 1-5). L, W and # stand alone in
// their field. Names and letters are case-insensitive.
//
// Thread safety: a Schedule is an immutable value; any thread may read it.

#pragma once

#include <bitset>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/backend_spec.h"
#include "core/result.h"

namespace gloss::config {

namespace schedule_internal {

// How a cron chooses its days. Day-of-month and day-of-week each have one;
// exactly one of the two is kAny (`?`).
enum class DayRule {
  kAny,             // `?`: the other field decides.
  kSet,             // Plain values: days_of_month (1-31) or days_of_week (1-7).
  kLastDay,         // Day-of-month `L`.
  kLastWeekday,     // Day-of-month `LW`.
  kNearestWeekday,  // Day-of-month `nW`: day_number = n.
  kLastOfWeekday,   // Day-of-week `nL`: weekday = n.
  kNthWeekday,      // Day-of-week `n#k`: weekday = n, day_number = k.
};

inline constexpr int kFirstYear = 1970;  // EventBridge's year range.
inline constexpr int kLastYear = 2199;

// The six fields of a cron as sets of values. Part of Schedule's value; only
// schedule.cc reads it.
struct CronFields {
  uint64_t minutes = 0;                           // Bit m for minute m.
  uint32_t hours = 0;                             // Bit h for hour h.
  uint16_t months = 0;                            // Bit m for month m (1-12).
  std::bitset<kLastYear - kFirstYear + 1> years;  // Bit y - kFirstYear.
  DayRule day_of_month = DayRule::kAny;
  DayRule day_of_week = DayRule::kAny;
  uint32_t days_of_month = 0;  // kSet: bit d for day d.
  uint8_t days_of_week = 0;    // kSet: bit w for weekday w (1 = Sunday ... 7 = Saturday).
  int weekday = 0;             // kLastOfWeekday, kNthWeekday: 1 ... 7.
  int day_number = 0;          // kNearestWeekday: the day (1-31); kNthWeekday: k (1-5).

  bool operator==(const CronFields& other) const = default;
};

}  // namespace schedule_internal

class Schedule {
 public:
  using TimePoint = std::chrono::system_clock::time_point;

  // How the expression was written.
  enum class Syntax {
    kAmplifyRate,      // "every 5m": a cron underneath.
    kAmplifyCron,      // "0 12 * * ?" (5 or 6 fields).
    kEventBridgeRate,  // "rate(5 minutes)".
    kEventBridgeCron,  // "cron(0 12 * * ? *)".
  };

  // Parses `text` (no surrounding white space). Errors: kInvalidArgument whose
  // message names what is wrong and quotes the expression ("day-of-month '32'
  // is not between 1 and 31 in '0 0 32 * ?'"); it never names a file or field.
  // A cron that cannot fire in any year from 1970 to 2199 ("0 0 30 2 ?") is an
  // error too.
  static Result<Schedule> Parse(std::string_view text);

  Syntax syntax() const { return syntax_; }

  // The expression as written.
  const std::string& text() const { return text_; }

  // The EventBridge expression this schedule runs as, for logs and listings:
  // "cron(*/5 * * * ? *)" for "every 5m", "cron(0 12 * * ? *)" for
  // "0 12 * * ?", "rate(5 minutes)". Fields are separated by one space and
  // letters are upper case; Parse(canonical()) fires at the same times.
  const std::string& canonical() const { return canonical_; }

  // N minutes or hours of "every Nm|Nh" and the period of rate(); nullopt for
  // "every day|week|month|year" and for crons. The loader checks it against
  // the function's timeout, as Amplify does.
  std::optional<std::chrono::minutes> interval() const { return interval_; }

  // Returns the first time this schedule fires strictly after `after`, or
  // nullopt when it never fires again: a cron whose years are all past, and
  // any firing at or after 2200-01-01T00:00Z (EventBridge's years end with
  // 2199). Crons fire at whole UTC minutes and ignore `anchor`. A rate fires
  // at anchor + k * period for k >= 1, never at `anchor` itself: EventBridge
  // starts a rate when the rule is created, so the functions service passes
  // the time it created the schedule (sandbox start or reload).
  //
  // Bounded work: at most one pass over the months from `after` to 2199,
  // with constant work per month.
  std::optional<TimePoint> NextAfter(TimePoint after, TimePoint anchor) const;

  bool operator==(const Schedule& other) const = default;

 private:
  Schedule() = default;

  Syntax syntax_ = Syntax::kAmplifyCron;
  std::string text_;
  std::string canonical_;
  std::optional<std::chrono::minutes> interval_;  // Always set for kEventBridgeRate.
  schedule_internal::CronFields cron_;            // All but kEventBridgeRate.
};

// Returns the parsed form of a `schedule` of a loaded BackendSpec. The loader
// parsed it already, so this cannot fail (it aborts on a hand-made spec with
// an invalid expression).
Schedule ParsedSchedule(const FunctionSchedule& schedule);

}  // namespace gloss::config
