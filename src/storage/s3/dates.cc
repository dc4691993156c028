#include "storage/s3/dates.h"

#include <array>
#include <cstdint>
#include <cstdio>
#include <optional>

namespace gloss::storage::s3 {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr int kMinYear = 1900;
constexpr int kMaxYear = 2199;
// RFC 850's two-digit years: 70..99 are 19yy, 00..69 are 20yy.
constexpr int kTwoDigitYearPivot = 70;

constexpr std::array<std::string_view, 7> kShortWeekdays = {"Sun", "Mon", "Tue", "Wed",
                                                            "Thu", "Fri", "Sat"};
constexpr std::array<std::string_view, 7> kLongWeekdays = {
    "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

struct CivilTime {
  int year = 0;
  unsigned month = 0;  // 1..12
  unsigned day = 0;    // 1..31
  int hour = 0;
  int minute = 0;
  int second = 0;  // 0..60; a leap second is read as :59.
};

// A cursor over the text being parsed; every Read* consumes on success only.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : rest_(text) {}

  bool done() const { return rest_.empty(); }

  bool Literal(std::string_view literal) {
    if (!rest_.starts_with(literal)) {
      return false;
    }
    rest_.remove_prefix(literal.size());
    return true;
  }

  // Exactly `count` digits.
  std::optional<int> Digits(size_t count) {
    if (rest_.size() < count) {
      return std::nullopt;
    }
    int value = 0;
    for (size_t idx = 0; idx < count; ++idx) {
      const char c = rest_[idx];
      if (c < '0' || c > '9') {
        return std::nullopt;
      }
      value = value * 10 + (c - '0');
    }
    rest_.remove_prefix(count);
    return value;
  }

  // The index of the first entry of `names` that the text starts with.
  template <size_t N>
  std::optional<unsigned> OneOf(const std::array<std::string_view, N>& names) {
    for (size_t idx = 0; idx < N; ++idx) {
      if (Literal(names[idx])) {
        return static_cast<unsigned>(idx);
      }
    }
    return std::nullopt;
  }

  // "hh:mm:ss"
  bool Clock(CivilTime& civil) {
    const std::optional<int> hour = Digits(2);
    if (!hour || !Literal(":")) {
      return false;
    }
    const std::optional<int> minute = Digits(2);
    if (!minute || !Literal(":")) {
      return false;
    }
    const std::optional<int> second = Digits(2);
    if (!second) {
      return false;
    }
    civil.hour = *hour;
    civil.minute = *minute;
    civil.second = *second;
    return true;
  }

  // Consumes 1..max_count digits and returns them as text.
  std::string_view DigitRun(size_t max_count) {
    size_t count = 0;
    while (count < rest_.size() && count < max_count && rest_[count] >= '0' &&
           rest_[count] <= '9') {
      ++count;
    }
    const std::string_view run = rest_.substr(0, count);
    rest_.remove_prefix(count);
    return run;
  }

 private:
  std::string_view rest_;
};

Result<TimePoint> ToTimePoint(const CivilTime& civil, std::chrono::nanoseconds fraction = {}) {
  const std::chrono::year_month_day date{
      std::chrono::year(civil.year), std::chrono::month(civil.month), std::chrono::day(civil.day)};
  if (civil.year < kMinYear || civil.year > kMaxYear || !date.ok() || civil.hour > 23 ||
      civil.minute > 59 || civil.second > 60) {
    return Status::InvalidArgument("date out of range");
  }
  // Reading :60 as :59 keeps a leap second inside its day (and inside kMaxYear).
  const int second = civil.second == 60 ? 59 : civil.second;
  const std::chrono::sys_days day_point(date);
  return TimePoint(day_point) + hours(civil.hour) + minutes(civil.minute) + seconds(second) +
         std::chrono::duration_cast<TimePoint::duration>(fraction);
}

Status BadDate() { return Status::InvalidArgument("not an HTTP date"); }

// "Sun, 06 Nov 1994 08:49:37 GMT" after the weekday.
Result<TimePoint> ParseImfFixdateRest(Scanner& scan) {
  CivilTime civil;
  if (!scan.Literal(", ")) {
    return BadDate();
  }
  const std::optional<int> day = scan.Digits(2);
  if (!day || !scan.Literal(" ")) {
    return BadDate();
  }
  const std::optional<unsigned> month = scan.OneOf(kMonths);
  if (!month || !scan.Literal(" ")) {
    return BadDate();
  }
  const std::optional<int> year = scan.Digits(4);
  if (!year || !scan.Literal(" ") || !scan.Clock(civil) || !scan.Literal(" GMT") || !scan.done()) {
    return BadDate();
  }
  civil.year = *year;
  civil.month = *month + 1;
  civil.day = static_cast<unsigned>(*day);
  return ToTimePoint(civil);
}

// "Sunday, 06-Nov-94 08:49:37 GMT" after the weekday.
Result<TimePoint> ParseRfc850Rest(Scanner& scan) {
  CivilTime civil;
  if (!scan.Literal(", ")) {
    return BadDate();
  }
  const std::optional<int> day = scan.Digits(2);
  if (!day || !scan.Literal("-")) {
    return BadDate();
  }
  const std::optional<unsigned> month = scan.OneOf(kMonths);
  if (!month || !scan.Literal("-")) {
    return BadDate();
  }
  const std::optional<int> year = scan.Digits(2);
  if (!year || !scan.Literal(" ") || !scan.Clock(civil) || !scan.Literal(" GMT") || !scan.done()) {
    return BadDate();
  }
  civil.year = *year < kTwoDigitYearPivot ? 2000 + *year : 1900 + *year;
  civil.month = *month + 1;
  civil.day = static_cast<unsigned>(*day);
  return ToTimePoint(civil);
}

// "Sun Nov  6 08:49:37 1994" after the weekday.
Result<TimePoint> ParseAsctimeRest(Scanner& scan) {
  CivilTime civil;
  if (!scan.Literal(" ")) {
    return BadDate();
  }
  const std::optional<unsigned> month = scan.OneOf(kMonths);
  if (!month || !scan.Literal(" ")) {
    return BadDate();
  }
  std::optional<int> day = scan.Literal(" ") ? scan.Digits(1) : scan.Digits(2);
  if (!day || !scan.Literal(" ") || !scan.Clock(civil) || !scan.Literal(" ")) {
    return BadDate();
  }
  const std::optional<int> year = scan.Digits(4);
  if (!year || !scan.done()) {
    return BadDate();
  }
  civil.year = *year;
  civil.month = *month + 1;
  civil.day = static_cast<unsigned>(*day);
  return ToTimePoint(civil);
}

}  // namespace

std::string FormatHttpDate(TimePoint time) {
  const auto second_point = std::chrono::floor<seconds>(time);
  const auto day_point = std::chrono::floor<days>(second_point);
  const std::chrono::year_month_day date(day_point);
  const std::chrono::hh_mm_ss clock(second_point - day_point);
  const std::chrono::weekday weekday(day_point);
  char buffer[40];
  std::snprintf(buffer, sizeof(buffer), "%s, %02u %s %04d %02d:%02d:%02d GMT",
                kShortWeekdays[weekday.c_encoding()].data(), static_cast<unsigned>(date.day()),
                kMonths[static_cast<unsigned>(date.month()) - 1].data(),
                static_cast<int>(date.year()), static_cast<int>(clock.hours().count()),
                static_cast<int>(clock.minutes().count()),
                static_cast<int>(clock.seconds().count()));
  return buffer;
}

Result<TimePoint> ParseHttpDate(std::string_view text) {
  // Long names first: "Sun" is a prefix of "Sunday".
  {
    Scanner scan(text);
    if (scan.OneOf(kLongWeekdays)) {
      return ParseRfc850Rest(scan);
    }
  }
  Scanner scan(text);
  if (!scan.OneOf(kShortWeekdays)) {
    return BadDate();
  }
  Scanner asctime = scan;
  if (Result<TimePoint> parsed = ParseImfFixdateRest(scan); parsed.ok()) {
    return parsed;
  }
  return ParseAsctimeRest(asctime);
}

std::string FormatIso8601(TimePoint time) {
  const auto milli_point = std::chrono::floor<milliseconds>(time);
  const auto day_point = std::chrono::floor<days>(milli_point);
  const std::chrono::year_month_day date(day_point);
  const std::chrono::hh_mm_ss clock(milli_point - day_point);
  char buffer[40];
  std::snprintf(
      buffer, sizeof(buffer), "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(date.year()),
      static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
      static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
      static_cast<int>(clock.seconds().count()), static_cast<int>(clock.subseconds().count()));
  return buffer;
}

Result<TimePoint> ParseIso8601(std::string_view text) {
  constexpr size_t kMaxFractionDigits = 9;
  Scanner scan(text);
  CivilTime civil;
  const std::optional<int> year = scan.Digits(4);
  if (!year || !scan.Literal("-")) {
    return Status::InvalidArgument("not an ISO 8601 time");
  }
  const std::optional<int> month = scan.Digits(2);
  if (!month || !scan.Literal("-")) {
    return Status::InvalidArgument("not an ISO 8601 time");
  }
  const std::optional<int> day = scan.Digits(2);
  if (!day || !scan.Literal("T") || !scan.Clock(civil)) {
    return Status::InvalidArgument("not an ISO 8601 time");
  }
  std::chrono::nanoseconds fraction{0};
  if (scan.Literal(".")) {
    const std::string_view digits = scan.DigitRun(kMaxFractionDigits);
    if (digits.empty()) {
      return Status::InvalidArgument("not an ISO 8601 time");
    }
    int64_t nanos = 0;
    for (size_t idx = 0; idx < kMaxFractionDigits; ++idx) {
      nanos = nanos * 10 + (idx < digits.size() ? digits[idx] - '0' : 0);
    }
    fraction = std::chrono::nanoseconds(nanos);
  }
  if (!scan.Literal("Z") || !scan.done()) {
    return Status::InvalidArgument("not an ISO 8601 time");
  }
  civil.year = *year;
  civil.month = static_cast<unsigned>(*month);
  civil.day = static_cast<unsigned>(*day);
  return ToTimePoint(civil, fraction);
}

}  // namespace gloss::storage::s3
