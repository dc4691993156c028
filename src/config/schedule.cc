#include "config/schedule.h"

#include <array>
#include <bit>
#include <cctype>
#include <span>
#include <utility>
#include <vector>

#include "core/assert.h"

namespace gloss::config {
namespace {

using schedule_internal::CronFields;
using schedule_internal::DayRule;
using schedule_internal::kFirstYear;
using schedule_internal::kLastYear;
using std::chrono::days;
using std::chrono::sys_days;
using TimePoint = Schedule::TimePoint;

enum class Field { kMinutes, kHours, kDayOfMonth, kMonth, kDayOfWeek, kYear };

struct FieldInfo {
  std::string_view name;
  int min;
  int max;
  // Larger steps are refused, as Quartz (whose cron syntax EventBridge's
  // shares) refuses "*/90" minutes; for years the span is the natural limit.
  int max_step;
};

constexpr std::array<FieldInfo, 6> kFields = {{
    {"minutes", 0, 59, 59},
    {"hours", 0, 23, 23},
    {"day-of-month", 1, 31, 31},
    {"month", 1, 12, 12},
    {"day-of-week", 1, 7, 7},
    {"year", kFirstYear, kLastYear, kLastYear - kFirstYear},
}};

constexpr std::array<std::string_view, 12> kMonthNames = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                          "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr std::array<std::string_view, 7> kWeekdayNames = {"SUN", "MON", "TUE", "WED",
                                                           "THU", "FRI", "SAT"};
constexpr int kSunday = 1;
constexpr int kSaturday = 7;
constexpr int kMaxWeekOfMonth = 5;  // n#k: a weekday occurs at most 5 times in a month.

// The longest rate gloss accepts; keeps the arithmetic of NextAfter far from
// overflow. EventBridge documents no limit.
constexpr std::chrono::minutes kMaxRate = std::chrono::days(365);

// EventBridge's years end with 2199; nothing fires at or after this instant.
constexpr sys_days kEndOfTime{std::chrono::year{kLastYear + 1} / 1 / 1};
constexpr sys_days kStartOfTime{std::chrono::year{kFirstYear} / 1 / 1};

const FieldInfo& Info(Field field) { return kFields[static_cast<size_t>(field)]; }

bool IsDigits(std::string_view text) {
  if (text.empty()) {
    return false;
  }
  for (const char c : text) {
    if (c < '0' || c > '9') {
      return false;
    }
  }
  return true;
}

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

std::string Upper(std::string_view text) {
  std::string upper(text);
  for (char& c : upper) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return upper;
}

// Splits on runs of spaces and tabs; no empty parts.
std::vector<std::string_view> SplitWords(std::string_view text) {
  std::vector<std::string_view> words;
  size_t index = 0;
  while (index < text.size()) {
    while (index < text.size() && IsSpace(text[index])) {
      ++index;
    }
    const size_t begin = index;
    while (index < text.size() && !IsSpace(text[index])) {
      ++index;
    }
    if (index > begin) {
      words.push_back(text.substr(begin, index - begin));
    }
  }
  return words;
}

// Splits on every `separator`, keeping empty parts.
std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t begin = 0;
  while (true) {
    const size_t end = text.find(separator, begin);
    if (end == std::string_view::npos) {
      parts.push_back(text.substr(begin));
      return parts;
    }
    parts.push_back(text.substr(begin, end - begin));
    begin = end + 1;
  }
}

// A small non-negative decimal; nullopt for anything else or above `limit`.
std::optional<int64_t> SmallNumber(std::string_view digits, int64_t limit) {
  if (!IsDigits(digits)) {
    return std::nullopt;
  }
  int64_t value = 0;
  for (const char c : digits) {
    value = value * 10 + (c - '0');
    if (value > limit) {
      return std::nullopt;
    }
  }
  return value;
}

// Parses the cron fields of one expression. Messages quote the expression.
class CronParser {
 public:
  explicit CronParser(std::string_view expression) : expression_(expression) {}

  // `fields` are the six fields (the year added for 5-field Amplify crons),
  // upper-cased.
  Result<CronFields> Parse(const std::array<std::string, 6>& fields) const {
    CronFields cron;
    ASSIGN_OR_RETURN(const Values minutes, ParseValues(Field::kMinutes, fields[0]));
    ASSIGN_OR_RETURN(const Values hours, ParseValues(Field::kHours, fields[1]));
    ASSIGN_OR_RETURN(const Values months, ParseValues(Field::kMonth, fields[3]));
    ASSIGN_OR_RETURN(const Values years, ParseValues(Field::kYear, fields[5]));
    for (int value = 0; value <= Info(Field::kMinutes).max; ++value) {
      cron.minutes |= minutes[static_cast<size_t>(value)] ? uint64_t{1} << value : 0;
    }
    for (int value = 0; value <= Info(Field::kHours).max; ++value) {
      cron.hours |= hours[static_cast<size_t>(value)] ? uint32_t{1} << value : 0;
    }
    for (int value = 1; value <= Info(Field::kMonth).max; ++value) {
      cron.months |= months[static_cast<size_t>(value - 1)] ? uint16_t(1u << value) : 0;
    }
    for (size_t year_idx = 0; year_idx < cron.years.size(); ++year_idx) {
      cron.years[year_idx] = years[year_idx];
    }
    RETURN_IF_ERROR(ParseDayOfMonth(fields[2], cron));
    RETURN_IF_ERROR(ParseDayOfWeek(fields[4], cron));
    if (cron.day_of_month == DayRule::kAny && cron.day_of_week == DayRule::kAny) {
      return Error("day-of-month and day-of-week cannot both be '?'");
    }
    if (cron.day_of_month != DayRule::kAny && cron.day_of_week != DayRule::kAny) {
      return Error(
          "one of day-of-month and day-of-week must be '?' (EventBridge cannot combine them)");
    }
    return cron;
  }

 private:
  // Bit (value - field min) for each value of a field.
  using Values = std::bitset<kLastYear - kFirstYear + 1>;

  Status Error(std::string_view message) const {
    return Status::InvalidArgument(std::string(message) + " in '" + std::string(expression_) + "'");
  }

  // A number in range or, for month and day-of-week, a name.
  Result<int> ParseValue(Field field, std::string_view token) const {
    const FieldInfo& info = Info(field);
    if (field == Field::kMonth || field == Field::kDayOfWeek) {
      const std::span<const std::string_view> names =
          field == Field::kMonth ? std::span<const std::string_view>(kMonthNames)
                                 : std::span<const std::string_view>(kWeekdayNames);
      for (size_t name_idx = 0; name_idx < names.size(); ++name_idx) {
        if (token == names[name_idx]) {
          return static_cast<int>(name_idx) + 1;
        }
      }
    }
    if (!IsDigits(token)) {
      std::string expected = "a number";
      if (field == Field::kMonth) {
        expected += " or JAN-DEC";
      } else if (field == Field::kDayOfWeek) {
        expected += " or SUN-SAT";
      }
      return Error(std::string(info.name) + " '" + std::string(token) + "' is not " + expected);
    }
    const std::optional<int64_t> value = SmallNumber(token, info.max);
    if (!value || *value < info.min) {
      return Error(std::string(info.name) + " '" + std::string(token) + "' is not between " +
                   std::to_string(info.min) + " and " + std::to_string(info.max));
    }
    return static_cast<int>(*value);
  }

  // `*`, lists, ranges and steps (no `?`, L, W or #).
  Result<Values> ParseValues(Field field, std::string_view text) const {
    const FieldInfo& info = Info(field);
    const bool day_field = field == Field::kDayOfMonth || field == Field::kDayOfWeek;
    if (text.find('?') != std::string_view::npos) {
      return Error(day_field ? "'?' must be the whole " + std::string(info.name) + " field"
                             : "'?' is only for day-of-month and day-of-week");
    }
    if (text.find('#') != std::string_view::npos) {
      return Error("'#' is only for day-of-week (like 3#2, the second Tuesday)");
    }
    // Letters are names in month and day-of-week (JUL, WED).
    if (field != Field::kMonth && field != Field::kDayOfWeek) {
      if (text.find('L') != std::string_view::npos) {
        return Error("'L' is only for day-of-month and day-of-week");
      }
      if (text.find('W') != std::string_view::npos) {
        return Error("'W' is only for day-of-month");
      }
    }
    Values values;
    for (const std::string_view item : Split(text, ',')) {
      if (item.empty()) {
        return Error("empty list item in " + std::string(info.name) + " '" + std::string(text) +
                     "'");
      }
      const std::vector<std::string_view> step_parts = Split(item, '/');
      if (step_parts.size() > 2) {
        return Error(std::string(info.name) + " '" + std::string(item) + "' has more than one '/'");
      }
      int step = 1;
      if (step_parts.size() == 2) {
        const std::optional<int64_t> parsed = SmallNumber(step_parts[1], info.max_step);
        if (!parsed || *parsed < 1) {
          return Error("step '" + std::string(step_parts[1]) + "' in " + std::string(info.name) +
                       " is not a whole number between 1 and " + std::to_string(info.max_step));
        }
        step = static_cast<int>(*parsed);
      }
      const std::string_view base = step_parts[0];
      int low = info.min;
      int high = info.max;
      if (base != "*") {
        const std::vector<std::string_view> range = Split(base, '-');
        if (range.size() > 2) {
          return Error(std::string(info.name) + " '" + std::string(item) +
                       "' is not a value, range or step");
        }
        ASSIGN_OR_RETURN(low, ParseValue(field, range[0]));
        if (range.size() == 2) {
          ASSIGN_OR_RETURN(high, ParseValue(field, range[1]));
          if (low > high) {
            // Amplify rejects these too; Quartz would wrap around.
            return Error(std::string(info.name) + " range '" + std::string(base) +
                         "' must go from low to high");
          }
        } else if (step_parts.size() == 1) {
          high = low;  // A single value; "a/n" runs from a to the field's end.
        }
      }
      for (int value = low; value <= high; value += step) {
        values[static_cast<size_t>(value - info.min)] = true;
      }
    }
    return values;
  }

  Status ParseDayOfMonth(std::string_view text, CronFields& cron) const {
    if (text == "?") {
      cron.day_of_month = DayRule::kAny;
      return Status::Ok();
    }
    if (text == "L") {
      cron.day_of_month = DayRule::kLastDay;
      return Status::Ok();
    }
    if (text == "LW") {
      cron.day_of_month = DayRule::kLastWeekday;
      return Status::Ok();
    }
    if (text.size() > 1 && text.back() == 'W' && IsDigits(text.substr(0, text.size() - 1))) {
      ASSIGN_OR_RETURN(cron.day_number,
                       ParseValue(Field::kDayOfMonth, text.substr(0, text.size() - 1)));
      cron.day_of_month = DayRule::kNearestWeekday;
      return Status::Ok();
    }
    if (text.find_first_of("LW") != std::string_view::npos) {
      return Error("day-of-month '" + std::string(text) +
                   "': L and W stand alone (L, LW or a day followed by W)");
    }
    ASSIGN_OR_RETURN(const Values values, ParseValues(Field::kDayOfMonth, text));
    for (int day = 1; day <= 31; ++day) {
      cron.days_of_month |= values[static_cast<size_t>(day - 1)] ? uint32_t{1} << day : 0;
    }
    cron.day_of_month = DayRule::kSet;
    return Status::Ok();
  }

  Status ParseDayOfWeek(std::string_view text, CronFields& cron) const {
    if (text == "?") {
      cron.day_of_week = DayRule::kAny;
      return Status::Ok();
    }
    if (text == "L") {
      // "The last day of the week": every Saturday (Quartz reads a lone L as
      // 7), unlike nL, the last weekday n of the month.
      cron.day_of_week = DayRule::kSet;
      cron.days_of_week = uint8_t(1u << kSaturday);
      return Status::Ok();
    }
    const size_t hash = text.find('#');
    if (hash != std::string_view::npos) {
      const std::string_view day = text.substr(0, hash);
      const std::string_view nth = text.substr(hash + 1);
      if (text.find_first_of(",-/*") != std::string_view::npos) {
        return Error("day-of-week '" + std::string(text) +
                     "': '#' takes one weekday (EventBridge allows one n#k expression)");
      }
      ASSIGN_OR_RETURN(cron.weekday, ParseValue(Field::kDayOfWeek, day));
      const std::optional<int64_t> k = SmallNumber(nth, kMaxWeekOfMonth);
      if (!k || *k < 1) {
        return Error("day-of-week '" + std::string(text) + "': the number after '#' must be 1-" +
                     std::to_string(kMaxWeekOfMonth));
      }
      cron.day_number = static_cast<int>(*k);
      cron.day_of_week = DayRule::kNthWeekday;
      return Status::Ok();
    }
    if (text.size() > 1 && text.back() == 'L' &&
        text.find_first_of(",-/*") == std::string_view::npos) {
      ASSIGN_OR_RETURN(cron.weekday,
                       ParseValue(Field::kDayOfWeek, text.substr(0, text.size() - 1)));
      cron.day_of_week = DayRule::kLastOfWeekday;
      return Status::Ok();
    }
    if (text.find('L') != std::string_view::npos) {  // No name SUN-SAT has an L.
      return Error("day-of-week '" + std::string(text) +
                   "': L stands alone (L, or a weekday followed by L)");
    }
    ASSIGN_OR_RETURN(const Values values, ParseValues(Field::kDayOfWeek, text));
    for (int weekday = kSunday; weekday <= kSaturday; ++weekday) {
      cron.days_of_week |= values[static_cast<size_t>(weekday - 1)] ? uint8_t(1u << weekday) : 0;
    }
    cron.day_of_week = DayRule::kSet;
    return Status::Ok();
  }

  std::string_view expression_;
};

// 1 (Sunday) ... 7 (Saturday) for a day of a month whose first day is `first`.
int WeekdayOf(int first, unsigned day) { return (first - 1 + static_cast<int>(day) - 1) % 7 + 1; }

// Bit d set for each day d of `year_value`-`month_value` on which `cron` fires.
uint32_t MatchingDays(const CronFields& cron, int year_value, unsigned month_value) {
  const std::chrono::year year{year_value};
  const std::chrono::month month{month_value};
  const unsigned last = static_cast<unsigned>(
      std::chrono::year_month_day_last(year, month / std::chrono::last).day());
  const int first =
      static_cast<int>(std::chrono::weekday(sys_days(year / month / 1)).c_encoding()) + 1;
  const auto bit = [](unsigned day) { return uint32_t{1} << day; };
  switch (cron.day_of_month) {
    case DayRule::kSet: return cron.days_of_month & ((bit(last) << 1) - 2);  // Days 1 ... last.
    case DayRule::kLastDay: return bit(last);
    case DayRule::kLastWeekday: {
      const int weekday = WeekdayOf(first, last);
      return bit(weekday == kSaturday ? last - 1 : weekday == kSunday ? last - 2 : last);
    }
    case DayRule::kNearestWeekday: {
      // The weekday nearest day n without leaving the month (Quartz's rule):
      // Saturday the 1st moves to Monday the 3rd, Sunday the last to Friday.
      const unsigned day = static_cast<unsigned>(cron.day_number);
      if (day > last) {
        return 0;  // "31W" does not fire in 30-day months.
      }
      const int weekday = WeekdayOf(first, day);
      if (weekday == kSaturday) {
        return bit(day == 1 ? 3 : day - 1);
      }
      if (weekday == kSunday) {
        return bit(day == last ? day - 2 : day + 1);
      }
      return bit(day);
    }
    case DayRule::kAny: break;  // Day-of-week decides.
    case DayRule::kLastOfWeekday:
    case DayRule::kNthWeekday: GLOSS_BUG("day-of-week rule in day-of-month"); return 0;
  }
  switch (cron.day_of_week) {
    case DayRule::kSet: {
      uint32_t mask = 0;
      for (unsigned day = 1; day <= last; ++day) {
        if ((cron.days_of_week >> WeekdayOf(first, day)) & 1u) {
          mask |= bit(day);
        }
      }
      return mask;
    }
    case DayRule::kLastOfWeekday:
      return bit(last - static_cast<unsigned>((WeekdayOf(first, last) - cron.weekday + 7) % 7));
    case DayRule::kNthWeekday: {
      const unsigned day = 1 + static_cast<unsigned>((cron.weekday - first + 7) % 7) +
                           7 * static_cast<unsigned>(cron.day_number - 1);
      return day <= last ? bit(day) : 0;
    }
    case DayRule::kAny:
    case DayRule::kLastDay:
    case DayRule::kLastWeekday:
    case DayRule::kNearestWeekday:
      // Parse() guarantees exactly one `?` and day-of-month rules only there.
      GLOSS_BUG("no day rule");
      return 0;
  }
  return 0;
}

// The lowest set bit of `mask` at or above `from`, if any.
std::optional<int> NextBit(uint64_t mask, int from) {
  if (from >= 64) {
    return std::nullopt;
  }
  const uint64_t rest = mask >> from;
  if (rest == 0) {
    return std::nullopt;
  }
  return from + std::countr_zero(rest);
}

std::optional<TimePoint> NextCronAfter(const CronFields& cron, TimePoint after) {
  if (after >= kEndOfTime) {
    return std::nullopt;
  }
  std::chrono::sys_time<std::chrono::minutes> start =
      std::chrono::floor<std::chrono::minutes>(after) + std::chrono::minutes(1);
  if (start < kStartOfTime) {
    start = kStartOfTime;
  }
  const sys_days start_day = std::chrono::floor<days>(start);
  const std::chrono::year_month_day date(start_day);
  const int minute_of_day = static_cast<int>((start - start_day).count());

  // The earliest allowed year, month, day, hour and minute: `start` at
  // first; moving to a later year or month resets the finer ones (the
  // assignments after ++ in the for loops).
  int year = static_cast<int>(date.year());
  unsigned month = static_cast<unsigned>(date.month());
  unsigned day = static_cast<unsigned>(date.day());
  int hour = minute_of_day / 60;
  int minute = minute_of_day % 60;
  for (; year <= kLastYear; ++year, month = 1, day = 1, hour = 0, minute = 0) {
    if (!cron.years[static_cast<size_t>(year - kFirstYear)]) {
      continue;
    }
    for (; month <= 12; ++month, day = 1, hour = 0, minute = 0) {
      if (((cron.months >> month) & 1u) == 0) {
        continue;
      }
      const uint32_t days_mask = MatchingDays(cron, year, month);
      for (std::optional<int> match = NextBit(days_mask, static_cast<int>(day)); match;
           match = NextBit(days_mask, *match + 1)) {
        // Hours and minutes before `start` are out only on the start day.
        const bool on_start_day = static_cast<unsigned>(*match) == day;
        for (std::optional<int> hour_match = NextBit(cron.hours, on_start_day ? hour : 0);
             hour_match; hour_match = NextBit(cron.hours, *hour_match + 1)) {
          const int from_minute = on_start_day && *hour_match == hour ? minute : 0;
          if (const std::optional<int> minute_match = NextBit(cron.minutes, from_minute)) {
            const sys_days firing_day(std::chrono::year{year} / std::chrono::month{month} /
                                      std::chrono::day{static_cast<unsigned>(*match)});
            return TimePoint(firing_day + std::chrono::hours(*hour_match) +
                             std::chrono::minutes(*minute_match));
          }
        }
      }
    }
  }
  return std::nullopt;
}

std::optional<TimePoint> NextRateAfter(std::chrono::minutes period, TimePoint after,
                                       TimePoint anchor) {
  const TimePoint end(kEndOfTime);
  if (after >= end || anchor >= end) {
    return std::nullopt;
  }
  const TimePoint::duration step = std::chrono::duration_cast<TimePoint::duration>(period);
  if (after < anchor) {
    return anchor + step < end ? std::optional<TimePoint>(anchor + step) : std::nullopt;
  }
  // anchor <= after < end, so after - anchor fits in 64 unsigned bits even
  // for an anchor near the clock's minimum, and so does the sum below
  // (period <= kMaxRate). Two's complement wrap-around makes the final
  // addition exact because the true result lies in (after, after + period].
  const uint64_t elapsed = static_cast<uint64_t>(after.time_since_epoch().count()) -
                           static_cast<uint64_t>(anchor.time_since_epoch().count());
  const uint64_t step_count = static_cast<uint64_t>(step.count());
  const uint64_t offset = (elapsed / step_count + 1) * step_count;
  const auto ticks = static_cast<TimePoint::rep>(
      static_cast<uint64_t>(anchor.time_since_epoch().count()) + offset);
  const TimePoint next{TimePoint::duration(ticks)};
  return next < end ? std::optional<TimePoint>(next) : std::nullopt;
}

struct AmplifyRate {
  std::string cron;                              // Six fields.
  std::optional<std::chrono::minutes> interval;  // "every Nm|Nh" only.
};

// "every 5m" and friends as the cron Amplify deploys, or an error.
Result<AmplifyRate> ParseAmplifyRate(std::string_view text) {
  constexpr std::string_view kUsage =
      "expected 'every Nm' (1-59), 'every Nh' (1-23), 'every day', 'every week', 'every month' "
      "or 'every year'";
  const std::string quoted = "'" + std::string(text) + "'";
  if (text.substr(0, 6) != "every ") {
    return Status::InvalidArgument(quoted + ": " + std::string(kUsage));
  }
  const std::string_view rate = text.substr(6);
  if (rate == "day") {
    return AmplifyRate{"0 0 * * ? *", std::nullopt};
  }
  if (rate == "week") {
    return AmplifyRate{"0 0 ? * 1 *", std::nullopt};  // Sundays: Amplify's weekDay '1'.
  }
  if (rate == "month") {
    return AmplifyRate{"0 0 1 * ? *", std::nullopt};
  }
  if (rate == "year") {
    return AmplifyRate{"0 0 1 1 ? *", std::nullopt};
  }
  if (rate.size() < 2 || (rate.back() != 'm' && rate.back() != 'h') ||
      rate.find_first_of(" \t") != std::string_view::npos) {
    return Status::InvalidArgument(quoted + ": " + std::string(kUsage));
  }
  const bool minutes = rate.back() == 'm';
  const std::string_view number = rate.substr(0, rate.size() - 1);
  const int64_t max = minutes ? 59 : 23;
  const std::optional<int64_t> value = SmallNumber(number, 1'000'000);
  if (!value || *value < 1) {
    return Status::InvalidArgument(quoted + ": the rate must be a positive whole number");
  }
  if (*value > max) {
    // Amplify would deploy "every 90m" as cron(*/90 ...): a step beyond the
    // field (Quartz refuses it) that could fire hourly at best.
    return Status::InvalidArgument(
        quoted + ": Amplify runs it as a cron step, which allows at most " + std::to_string(max) +
        (minutes ? " minutes" : " hours") + "; use rate(" + std::to_string(*value) +
        (minutes ? " minutes)" : " hours)") + " for a longer period");
  }
  const std::string step = "*/" + std::to_string(*value);
  if (minutes) {
    return AmplifyRate{step + " * * * ? *", std::chrono::minutes(*value)};
  }
  return AmplifyRate{"0 " + step + " * * ? *", std::chrono::hours(*value)};
}

}  // namespace

Result<Schedule> Schedule::Parse(std::string_view text) {
  const std::string quoted = "'" + std::string(text) + "'";
  if (text.empty()) {
    return Status::InvalidArgument("empty schedule");
  }
  if (IsSpace(text.front()) || IsSpace(text.back())) {
    return Status::InvalidArgument(quoted + " has white space at its start or end");
  }
  Schedule schedule;
  schedule.text_ = std::string(text);

  if (text.substr(0, 5) == "rate(") {
    schedule.syntax_ = Syntax::kEventBridgeRate;
    if (text.back() != ')') {
      return Status::InvalidArgument(quoted + " does not end with ')'");
    }
    const std::vector<std::string_view> words = SplitWords(text.substr(5, text.size() - 6));
    if (words.size() != 2) {
      return Status::InvalidArgument(quoted + ": expected rate(VALUE UNIT), e.g. rate(5 minutes)");
    }
    const std::optional<int64_t> value = SmallNumber(words[0], 1'000'000'000);
    if (!value || *value < 1) {
      return Status::InvalidArgument(quoted + ": the value must be a positive whole number");
    }
    struct Unit {
      std::string_view singular;
      std::chrono::minutes length;
    };
    constexpr std::array<Unit, 3> kUnits = {{{"minute", std::chrono::minutes(1)},
                                             {"hour", std::chrono::hours(1)},
                                             {"day", std::chrono::days(1)}}};
    const std::string_view unit = words[1];
    for (const Unit& known : kUnits) {
      const std::string plural = std::string(known.singular) + "s";
      if (unit != known.singular && unit != plural) {
        continue;
      }
      if ((*value == 1) != (unit == known.singular)) {
        return Status::InvalidArgument(quoted + ": use '" + std::string(known.singular) +
                                       "' with 1 and '" + plural + "' with other values");
      }
      if (*value > kMaxRate / known.length) {
        return Status::InvalidArgument(quoted + ": gloss accepts rates up to 365 days");
      }
      schedule.interval_ = *value * known.length;
      schedule.canonical_ = "rate(" + std::to_string(*value) + " " + std::string(unit) + ")";
      return schedule;
    }
    return Status::InvalidArgument(quoted + ": unknown unit '" + std::string(unit) +
                                   "' (minute(s), hour(s) or day(s))");
  }

  std::string cron_text;
  if (text.substr(0, 5) == "every") {
    schedule.syntax_ = Syntax::kAmplifyRate;
    ASSIGN_OR_RETURN(AmplifyRate rate, ParseAmplifyRate(text));
    cron_text = std::move(rate.cron);
    schedule.interval_ = rate.interval;
  } else if (text.substr(0, 5) == "cron(") {
    schedule.syntax_ = Syntax::kEventBridgeCron;
    if (text.back() != ')') {
      return Status::InvalidArgument(quoted + " does not end with ')'");
    }
    cron_text = text.substr(5, text.size() - 6);
  } else {
    schedule.syntax_ = Syntax::kAmplifyCron;
    cron_text = text;
  }

  const std::vector<std::string_view> words = SplitWords(cron_text);
  const bool six_only = schedule.syntax_ == Syntax::kEventBridgeCron;
  if (words.size() != 6 && (six_only || words.size() != 5)) {
    return Status::InvalidArgument(
        quoted + ": expected " +
        (six_only ? std::string("6 fields in cron(...)") : std::string("5 or 6 cron fields")) +
        " (minutes hours day-of-month month day-of-week" + (six_only ? " year)" : " [year])") +
        ", 'every ...', rate(...) or cron(...); got " + std::to_string(words.size()) + " fields");
  }
  std::array<std::string, 6> fields;
  for (size_t field_idx = 0; field_idx < fields.size(); ++field_idx) {
    fields[field_idx] = field_idx < words.size() ? Upper(words[field_idx]) : "*";
  }
  ASSIGN_OR_RETURN(schedule.cron_, CronParser(text).Parse(fields));
  if (!NextCronAfter(schedule.cron_, TimePoint(kStartOfTime) - std::chrono::minutes(1))) {
    return Status::InvalidArgument(quoted + " never fires: no date from " +
                                   std::to_string(kFirstYear) + " to " + std::to_string(kLastYear) +
                                   " matches it");
  }
  schedule.canonical_ = "cron(";
  for (size_t field_idx = 0; field_idx < fields.size(); ++field_idx) {
    schedule.canonical_ += (field_idx == 0 ? "" : " ") + fields[field_idx];
  }
  schedule.canonical_ += ")";
  return schedule;
}

std::optional<Schedule::TimePoint> Schedule::NextAfter(TimePoint after, TimePoint anchor) const {
  if (syntax_ == Syntax::kEventBridgeRate) {
    GLOSS_DCHECK(interval_.has_value());  // Parse() sets it for every rate.
    return NextRateAfter(*interval_, after, anchor);
  }
  return NextCronAfter(cron_, after);
}

Schedule ParsedSchedule(const FunctionSchedule& schedule) {
  Result<Schedule> parsed = Schedule::Parse(schedule.expression);
  GLOSS_CHECK(parsed.ok());  // The loader accepted this expression.
  return std::move(parsed).value();
}

}  // namespace gloss::config
