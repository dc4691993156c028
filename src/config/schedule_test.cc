#include "config/schedule.h"

#include <cstdio>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test/support/status_matchers.h"

namespace gloss::config {
namespace {

using gloss::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Optional;
using TimePoint = Schedule::TimePoint;

// "2026-03-14T10:07" or "2026-03-14T10:07:30" (UTC) as a TimePoint.
TimePoint Utc(const std::string& text) {
  int year = 0;
  unsigned month = 0;
  unsigned day = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  const int fields =
      std::sscanf(text.c_str(), "%d-%u-%uT%d:%d:%d", &year, &month, &day, &hour, &minute, &second);
  EXPECT_GE(fields, 5) << text;
  return TimePoint(std::chrono::sys_days(std::chrono::year{year} / month / day) +
                   std::chrono::hours(hour) + std::chrono::minutes(minute) +
                   std::chrono::seconds(second));
}

// The inverse of Utc() (seconds only when not zero), or "never".
std::string Format(const std::optional<TimePoint>& time) {
  if (!time) {
    return "never";
  }
  const auto day = std::chrono::floor<std::chrono::days>(*time);
  const std::chrono::year_month_day date(day);
  const std::chrono::hh_mm_ss clock(std::chrono::floor<std::chrono::seconds>(*time - day));
  char text[32];
  std::snprintf(text, sizeof(text), "%04d-%02u-%02uT%02d:%02d", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()));
  std::string formatted(text);
  if (clock.seconds().count() != 0) {
    std::snprintf(text, sizeof(text), ":%02d", static_cast<int>(clock.seconds().count()));
    formatted += text;
  }
  return formatted;
}

Schedule MustParse(std::string_view expression) {
  Result<Schedule> schedule = Schedule::Parse(expression);
  EXPECT_OK(schedule) << expression;
  return schedule.ok() ? std::move(schedule).value() : *Schedule::Parse("every day");
}

// When `expression` (a cron) fires first after `after`, formatted.
std::string Next(std::string_view expression, const std::string& after) {
  return Format(MustParse(expression).NextAfter(Utc(after), TimePoint()));
}

// The message of parsing `expression`, which must fail with InvalidArgument.
std::string ErrorOf(std::string_view expression) {
  const Result<Schedule> schedule = Schedule::Parse(expression);
  EXPECT_THAT(schedule, StatusIs(StatusCode::kInvalidArgument)) << expression;
  return std::string(schedule.status().message());
}

TEST(ScheduleTest, AmplifyRatesAreTheCronsAmplifyDeploys) {
  // packages/backend-function/src/schedule_parser.ts and its tests.
  EXPECT_EQ(MustParse("every 5m").canonical(), "cron(*/5 * * * ? *)");
  EXPECT_EQ(MustParse("every 1h").canonical(), "cron(0 */1 * * ? *)");
  EXPECT_EQ(MustParse("every 2h").canonical(), "cron(0 */2 * * ? *)");
  EXPECT_EQ(MustParse("every day").canonical(), "cron(0 0 * * ? *)");
  EXPECT_EQ(MustParse("every week").canonical(), "cron(0 0 ? * 1 *)");
  EXPECT_EQ(MustParse("every month").canonical(), "cron(0 0 1 * ? *)");
  EXPECT_EQ(MustParse("every year").canonical(), "cron(0 0 1 1 ? *)");
  EXPECT_EQ(MustParse("every 5m").syntax(), Schedule::Syntax::kAmplifyRate);
  EXPECT_EQ(MustParse("every 5m").text(), "every 5m");
}

TEST(ScheduleTest, IntervalIsTheAmplifyRateOrThePeriod) {
  EXPECT_THAT(MustParse("every 5m").interval(), Optional(std::chrono::minutes(5)));
  EXPECT_THAT(MustParse("every 3h").interval(), Optional(std::chrono::minutes(180)));
  EXPECT_EQ(MustParse("every day").interval(), std::nullopt);
  EXPECT_EQ(MustParse("*/5 * * * ?").interval(), std::nullopt);
  EXPECT_THAT(MustParse("rate(2 days)").interval(), Optional(std::chrono::minutes(2880)));
}

TEST(ScheduleTest, AmplifyRatesAreAlignedToTheClockNotToTheStart) {
  EXPECT_EQ(Next("every 5m", "2026-03-14T10:07:30"), "2026-03-14T10:10");
  EXPECT_EQ(Next("every 5m", "2026-03-14T10:10"), "2026-03-14T10:15");  // Strictly after.
  EXPECT_EQ(Next("every 5m", "2026-03-14T10:09:59"), "2026-03-14T10:10");
  // */7 restarts at each hour: ..., 10:49, 10:56, 11:00.
  EXPECT_EQ(Next("every 7m", "2026-03-14T10:56"), "2026-03-14T11:00");
  EXPECT_EQ(Next("every 5h", "2026-03-14T20:00"), "2026-03-15T00:00");
  EXPECT_EQ(Next("every day", "2026-03-14T10:00"), "2026-03-15T00:00");
  EXPECT_EQ(Next("every week", "2026-03-11T10:00"), "2026-03-15T00:00");  // Wed -> Sun.
  EXPECT_EQ(Next("every month", "2026-01-31T12:00"), "2026-02-01T00:00");
  EXPECT_EQ(Next("every year", "2026-03-14T10:00"), "2027-01-01T00:00");
}

TEST(ScheduleTest, FiveFieldCronGetsYearStar) {
  const Schedule schedule = MustParse("0 12 * * ?");
  EXPECT_EQ(schedule.syntax(), Schedule::Syntax::kAmplifyCron);
  EXPECT_EQ(schedule.canonical(), "cron(0 12 * * ? *)");
  EXPECT_EQ(MustParse("0 12 * * ? 2030").canonical(), "cron(0 12 * * ? 2030)");
  EXPECT_EQ(MustParse("0 12 * * ?").NextAfter(Utc("2026-03-14T12:00"), TimePoint()),
            Utc("2026-03-15T12:00"));
  EXPECT_EQ(Next("0 12 * * ?", "2026-03-14T11:59:59"), "2026-03-14T12:00");
}

TEST(ScheduleTest, EventBridgeCronNeedsSixFields) {
  const Schedule schedule = MustParse("cron(0 12 * * ? *)");
  EXPECT_EQ(schedule.syntax(), Schedule::Syntax::kEventBridgeCron);
  EXPECT_EQ(schedule.canonical(), "cron(0 12 * * ? *)");
  EXPECT_THAT(ErrorOf("cron(0 12 * * ?)"), HasSubstr("expected 6 fields in cron(...)"));
}

TEST(ScheduleTest, CanonicalFormIsUpperCaseWithSingleSpaces) {
  EXPECT_EQ(MustParse("cron(0  9 ? jan-mar mon-fri *)").canonical(),
            "cron(0 9 ? JAN-MAR MON-FRI *)");
  EXPECT_EQ(MustParse("0 0 lw * ?").canonical(), "cron(0 0 LW * ? *)");
}

TEST(ScheduleTest, CanonicalFormParsesToTheSameTimes) {
  for (const char* expression :
       {"every 5m", "every week", "0 9 ? * MON-FRI", "15 10 ? * 6L 2002-2005", "rate(5 minutes)",
        "0 0 1W * ?", "*/10 8-17/3 ? * 3#2 *"}) {
    const Schedule schedule = MustParse(expression);
    const Schedule again = MustParse(schedule.canonical());
    TimePoint time = Utc("2026-03-14T10:07:30");
    const TimePoint anchor = Utc("2026-03-14T09:00:10");
    for (int step = 0; step < 20; ++step) {
      const std::optional<TimePoint> next = schedule.NextAfter(time, anchor);
      ASSERT_EQ(Format(next), Format(again.NextAfter(time, anchor))) << expression;
      if (!next) {
        break;
      }
      time = *next;
    }
  }
}

TEST(ScheduleTest, MonthEndsSkipShortMonths) {
  EXPECT_EQ(Next("0 0 31 * ? *", "2026-01-31T00:00"), "2026-03-31T00:00");
  EXPECT_EQ(Next("0 0 31 * ? *", "2026-04-01T00:00"), "2026-05-31T00:00");
  EXPECT_EQ(Next("0 12 30 * ? *", "2026-01-30T12:00"), "2026-03-30T12:00");
  EXPECT_EQ(Next("59 23 31 12 ? *", "2026-12-31T23:58"), "2026-12-31T23:59");
  EXPECT_EQ(Next("59 23 31 12 ? *", "2026-12-31T23:59"), "2027-12-31T23:59");
}

TEST(ScheduleTest, LeapYears) {
  EXPECT_EQ(Next("0 0 29 2 ? *", "2025-01-01T00:00"), "2028-02-29T00:00");
  EXPECT_EQ(Next("0 0 29 2 ? *", "2024-02-29T00:00"), "2028-02-29T00:00");
  // 2100 is not a leap year (divisible by 100, not by 400); 2000 was.
  EXPECT_EQ(Next("0 0 29 2 ? *", "2096-03-01T00:00"), "2104-02-29T00:00");
  EXPECT_EQ(Next("0 0 29 2 ? *", "1999-01-01T00:00"), "2000-02-29T00:00");
}

TEST(ScheduleTest, LastDayOfMonth) {
  EXPECT_EQ(Next("0 0 L * ? *", "2024-02-10T00:00"), "2024-02-29T00:00");
  EXPECT_EQ(Next("0 0 L * ? *", "2023-02-10T00:00"), "2023-02-28T00:00");
  EXPECT_EQ(Next("0 0 L * ? *", "2100-02-01T00:00"), "2100-02-28T00:00");
  EXPECT_EQ(Next("0 0 L * ? *", "2026-04-30T00:00"), "2026-05-31T00:00");
}

TEST(ScheduleTest, LastWeekdayOfMonth) {
  // 2026-05-31 is a Sunday, 2026-01-31 a Saturday, 2026-08-31 a Monday.
  EXPECT_EQ(Next("0 0 LW * ? *", "2026-05-01T00:00"), "2026-05-29T00:00");
  EXPECT_EQ(Next("0 0 LW * ? *", "2026-01-01T00:00"), "2026-01-30T00:00");
  EXPECT_EQ(Next("0 0 LW * ? *", "2026-08-01T00:00"), "2026-08-31T00:00");
}

TEST(ScheduleTest, NearestWeekdayStaysInTheMonth) {
  // 2026-08-01 is a Saturday: not back to Friday July 31 but on to Monday the 3rd.
  EXPECT_EQ(Next("0 0 1W * ? *", "2026-07-15T00:00"), "2026-08-03T00:00");
  // 2026-02-01 is a Sunday: Monday the 2nd.
  EXPECT_EQ(Next("0 0 1W * ? *", "2026-01-15T00:00"), "2026-02-02T00:00");
  // 2026-03-15 is a Sunday: Monday the 16th; 2026-02-28 a Saturday: Friday the 27th.
  EXPECT_EQ(Next("0 0 15W * ? *", "2026-03-01T00:00"), "2026-03-16T00:00");
  EXPECT_EQ(Next("0 0 28W * ? *", "2026-02-01T00:00"), "2026-02-27T00:00");
  // 2026-05-31 is a Sunday and the last day: back to Friday the 29th.
  EXPECT_EQ(Next("0 0 31W * ? *", "2026-05-01T00:00"), "2026-05-29T00:00");
  // No 31st in February: March 31 (a Tuesday).
  EXPECT_EQ(Next("0 0 31W * ? *", "2026-01-31T00:00"), "2026-03-31T00:00");
  // A weekday stays: 2026-03-13 is a Friday.
  EXPECT_EQ(Next("0 0 13W * ? *", "2026-03-01T00:00"), "2026-03-13T00:00");
}

TEST(ScheduleTest, NthWeekdayOfMonth) {
  // March 2026 starts on a Sunday: Tuesdays 3, 10, ...
  EXPECT_EQ(Next("0 0 ? * 3#2 *", "2026-03-01T00:00"), "2026-03-10T00:00");
  EXPECT_EQ(Next("0 0 ? * TUE#1 *", "2026-03-01T00:00"), "2026-03-03T00:00");
  // A fifth Friday: none in March (6..27) or April (3..24) 2026; May 1..29.
  EXPECT_EQ(Next("0 0 ? * 6#5 *", "2026-03-01T00:00"), "2026-05-29T00:00");
}

TEST(ScheduleTest, LastWeekdayNOfMonth) {
  EXPECT_EQ(Next("0 0 ? * 6L *", "2026-03-01T00:00"), "2026-03-27T00:00");
  EXPECT_EQ(Next("0 0 ? * FRIL *", "2026-03-28T00:00"), "2026-04-24T00:00");
  EXPECT_EQ(Next("15 10 ? * 6L 2002-2005", "2026-01-01T00:00"), "never");
  EXPECT_EQ(Next("15 10 ? * 6L 2002-2005", "2005-12-01T00:00"), "2005-12-30T10:15");
}

TEST(ScheduleTest, LoneLInDayOfWeekIsEverySaturday) {
  // 2026-03-14 is a Saturday.
  EXPECT_EQ(Next("0 0 ? * L *", "2026-03-11T00:00"), "2026-03-14T00:00");
  EXPECT_EQ(Next("0 0 ? * L *", "2026-03-14T00:00"), "2026-03-21T00:00");
}

TEST(ScheduleTest, DayOfWeekCountsFromSunday) {
  EXPECT_EQ(Next("0 0 ? * 1 *", "2026-03-11T00:00"), "2026-03-15T00:00");  // Sunday.
  EXPECT_EQ(Next("0 0 ? * 7 *", "2026-03-11T00:00"), "2026-03-14T00:00");  // Saturday.
  EXPECT_EQ(Next("0 9 ? * MON-FRI *", "2026-03-13T10:00"), "2026-03-16T09:00");
  EXPECT_EQ(Next("0 9 ? * 2-6 *", "2026-03-13T10:00"), "2026-03-16T09:00");
}

TEST(ScheduleTest, ListsRangesAndSteps) {
  // 1/10: minutes 1, 11, ..., 51 (EventBridge's own example).
  EXPECT_EQ(Next("1/10 * * * ? *", "2026-03-14T10:51"), "2026-03-14T11:01");
  EXPECT_EQ(Next("1/10 * * * ? *", "2026-03-14T10:02"), "2026-03-14T10:11");
  EXPECT_EQ(Next("10-30/10 * * * ? *", "2026-03-14T10:30"), "2026-03-14T11:10");
  EXPECT_EQ(Next("0,30 8,17 * * ? *", "2026-03-14T08:30"), "2026-03-14T17:00");
  EXPECT_EQ(Next("0,30 8,17 * * ? *", "2026-03-14T17:30"), "2026-03-15T08:00");
  EXPECT_EQ(Next("0 0 1-5,20 * ? *", "2026-03-05T00:00"), "2026-03-20T00:00");
  EXPECT_EQ(Next("0 0 1 JAN,JUL ? *", "2026-03-14T00:00"), "2026-07-01T00:00");
  EXPECT_EQ(Next("0 0 1 */4 ? *", "2026-03-14T00:00"), "2026-05-01T00:00");  // 1, 5, 9.
  EXPECT_EQ(Next("0 0 1 1 ? 2030/5", "2026-03-14T00:00"), "2030-01-01T00:00");
  EXPECT_EQ(Next("0 0 1 1 ? 2030/5", "2030-01-01T00:00"), "2035-01-01T00:00");
}

TEST(ScheduleTest, YearsEndAtEventBridgesRange) {
  EXPECT_EQ(Next("0 0 1 1 ? 2030", "2026-03-14T00:00"), "2030-01-01T00:00");
  EXPECT_EQ(Next("0 0 1 1 ? 2030", "2030-01-01T00:00"), "never");
  EXPECT_EQ(Next("0 0 1 1 ? 2020", "2026-03-14T00:00"), "never");  // Valid, but past.
  EXPECT_EQ(Next("* * * * ? *", "2199-12-31T23:58:30"), "2199-12-31T23:59");
  EXPECT_EQ(Next("* * * * ? *", "2199-12-31T23:59"), "never");
  EXPECT_EQ(Next("* * * * ? *", "2262-01-01T00:00"), "never");
  // Before 1970 the first firing is in 1970.
  EXPECT_EQ(Next("0 0 1 1 ? *", "1960-06-01T00:00"), "1970-01-01T00:00");
  EXPECT_EQ(Format(MustParse("* * * * ? *").NextAfter(TimePoint::min(), TimePoint())),
            "1970-01-01T00:00");
  EXPECT_EQ(Format(MustParse("* * * * ? *").NextAfter(TimePoint::max(), TimePoint())), "never");
}

TEST(ScheduleTest, RatesFireAtTheAnchorPlusMultiplesOfThePeriod) {
  const Schedule schedule = MustParse("rate(5 minutes)");
  EXPECT_EQ(schedule.syntax(), Schedule::Syntax::kEventBridgeRate);
  EXPECT_EQ(schedule.canonical(), "rate(5 minutes)");
  const TimePoint anchor = Utc("2026-03-14T10:00:17");
  EXPECT_EQ(Format(schedule.NextAfter(anchor, anchor)), "2026-03-14T10:05:17");
  EXPECT_EQ(Format(schedule.NextAfter(Utc("2026-03-14T10:03"), anchor)), "2026-03-14T10:05:17");
  EXPECT_EQ(Format(schedule.NextAfter(Utc("2026-03-14T10:05:17"), anchor)), "2026-03-14T10:10:17");
  EXPECT_EQ(Format(schedule.NextAfter(Utc("2026-03-14T09:00"), anchor)), "2026-03-14T10:05:17");
  EXPECT_EQ(Format(schedule.NextAfter(Utc("2026-03-15T10:00:17"), anchor)), "2026-03-15T10:05:17");
  // Sub-second anchors are kept.
  const TimePoint precise = anchor + std::chrono::milliseconds(250);
  EXPECT_EQ(schedule.NextAfter(anchor, precise), precise + std::chrono::minutes(5));
}

TEST(ScheduleTest, RateUnits) {
  const TimePoint anchor = Utc("2026-03-14T10:00");
  EXPECT_EQ(Format(MustParse("rate(1 minute)").NextAfter(Utc("2026-03-14T10:00:30"), anchor)),
            "2026-03-14T10:01");
  EXPECT_EQ(Format(MustParse("rate(1 hour)").NextAfter(anchor, anchor)), "2026-03-14T11:00");
  EXPECT_EQ(Format(MustParse("rate(2 hours)").NextAfter(Utc("2026-03-14T13:00"), anchor)),
            "2026-03-14T14:00");
  EXPECT_EQ(Format(MustParse("rate(1 day)").NextAfter(Utc("2026-03-15T22:00"), anchor)),
            "2026-03-16T10:00");
  EXPECT_EQ(MustParse("rate(005 minutes)").canonical(), "rate(5 minutes)");
  EXPECT_EQ(MustParse("rate(365 days)").canonical(), "rate(365 days)");
}

TEST(ScheduleTest, RatesStopAtTheEndOfEventBridgesYears) {
  const Schedule daily = MustParse("rate(1 day)");
  EXPECT_EQ(Format(daily.NextAfter(Utc("2199-12-30T12:00"), Utc("2026-01-01T00:00"))),
            "2199-12-31T00:00");
  EXPECT_EQ(Format(daily.NextAfter(Utc("2199-12-31T12:00"), Utc("2026-01-01T00:00"))), "never");
  EXPECT_EQ(Format(daily.NextAfter(Utc("2026-01-01T00:00"), Utc("2200-01-01T00:00"))), "never");
  // Extreme anchors do not overflow.
  const TimePoint after = Utc("2026-03-14T10:00");
  const std::optional<TimePoint> next = daily.NextAfter(after, TimePoint::min());
  ASSERT_TRUE(next.has_value());
  EXPECT_GT(*next, after);
  EXPECT_LE(*next, after + std::chrono::days(1));
  EXPECT_EQ(Format(daily.NextAfter(TimePoint::min(), after)), "2026-03-15T10:00");
  EXPECT_EQ(Format(daily.NextAfter(TimePoint::max(), after)), "never");
}

TEST(ScheduleTest, NamesAndLettersAreCaseInsensitive) {
  EXPECT_EQ(Next("0 9 ? * mon-fri *", "2026-03-13T10:00"), "2026-03-16T09:00");
  EXPECT_EQ(Next("0 0 l * ? *", "2024-02-10T00:00"), "2024-02-29T00:00");
  EXPECT_EQ(Next("0 0 1 jul ?", "2026-03-14T00:00"), "2026-07-01T00:00");
}

TEST(ScheduleTest, InvalidAmplifyRates) {
  EXPECT_THAT(ErrorOf("every"), HasSubstr("expected 'every Nm' (1-59)"));
  EXPECT_THAT(ErrorOf("every 5s"), HasSubstr("expected 'every Nm'"));
  EXPECT_THAT(ErrorOf("every 5day"), HasSubstr("expected 'every Nm'"));
  EXPECT_THAT(ErrorOf("every fortnight"), HasSubstr("expected 'every Nm'"));
  EXPECT_THAT(ErrorOf("every  5m"), HasSubstr("expected 'every Nm'"));
  EXPECT_THAT(ErrorOf("everyday"), HasSubstr("expected 'every Nm'"));
  EXPECT_THAT(ErrorOf("every 0m"), HasSubstr("the rate must be a positive whole number"));
  EXPECT_THAT(ErrorOf("every -5m"), HasSubstr("positive whole number"));
  EXPECT_THAT(ErrorOf("every 1.5h"), HasSubstr("positive whole number"));
  EXPECT_THAT(ErrorOf("every 60m"), HasSubstr("at most 59 minutes; use rate(60 minutes)"));
  EXPECT_THAT(ErrorOf("every 24h"), HasSubstr("at most 23 hours; use rate(24 hours)"));
  EXPECT_THAT(ErrorOf("every 99999999999999999999m"), HasSubstr("positive whole number"));
  EXPECT_THAT(ErrorOf("Every 5m"), HasSubstr("cron fields"));
}

TEST(ScheduleTest, InvalidRates) {
  EXPECT_THAT(ErrorOf("rate(1 minutes)"), HasSubstr("use 'minute' with 1 and 'minutes'"));
  EXPECT_THAT(ErrorOf("rate(5 hour)"), HasSubstr("use 'hour' with 1"));
  EXPECT_THAT(ErrorOf("rate(0 minutes)"), HasSubstr("positive whole number"));
  EXPECT_THAT(ErrorOf("rate(-5 minutes)"), HasSubstr("positive whole number"));
  EXPECT_THAT(ErrorOf("rate(5 seconds)"), HasSubstr("unknown unit 'seconds'"));
  EXPECT_THAT(ErrorOf("rate(5 weeks)"), HasSubstr("unknown unit 'weeks'"));
  EXPECT_THAT(ErrorOf("rate(5minutes)"), HasSubstr("expected rate(VALUE UNIT)"));
  EXPECT_THAT(ErrorOf("rate(5 minutes"), HasSubstr("does not end with ')'"));
  EXPECT_THAT(ErrorOf("rate()"), HasSubstr("expected rate(VALUE UNIT)"));
  EXPECT_THAT(ErrorOf("rate(366 days)"), HasSubstr("up to 365 days"));
  EXPECT_THAT(ErrorOf("rate(9999999999 minutes)"), HasSubstr("positive whole number"));
}

TEST(ScheduleTest, InvalidShapes) {
  EXPECT_THAT(ErrorOf(""), HasSubstr("empty schedule"));
  EXPECT_THAT(ErrorOf(" every 5m"), HasSubstr("white space at its start or end"));
  EXPECT_THAT(ErrorOf("0 12 * * ? "), HasSubstr("white space"));
  EXPECT_THAT(ErrorOf("* * * ?"), HasSubstr("expected 5 or 6 cron fields"));
  EXPECT_THAT(ErrorOf("* * * ?"), HasSubstr("got 4 fields"));
  EXPECT_THAT(ErrorOf("0 0 * * ? * *"), HasSubstr("got 7 fields"));
  EXPECT_THAT(ErrorOf("cron(0 12 * * ? *"), HasSubstr("does not end with ')'"));
  EXPECT_THAT(ErrorOf("@daily"), HasSubstr("expected 5 or 6 cron fields"));
}

TEST(ScheduleTest, ExactlyOneDayFieldIsAQuestionMark) {
  EXPECT_THAT(ErrorOf("0 0 * * *"), HasSubstr("one of day-of-month and day-of-week must be '?'"));
  EXPECT_THAT(ErrorOf("0 0 1 * MON"), HasSubstr("must be '?'"));
  EXPECT_THAT(ErrorOf("0 0 ? * ?"), HasSubstr("cannot both be '?'"));
  EXPECT_OK(Schedule::Parse("0 0 ? * *"));
}

TEST(ScheduleTest, ValuesOutOfRange) {
  EXPECT_THAT(ErrorOf("60 * * * ?"), HasSubstr("minutes '60' is not between 0 and 59"));
  EXPECT_THAT(ErrorOf("* 24 * * ?"), HasSubstr("hours '24' is not between 0 and 23"));
  EXPECT_THAT(ErrorOf("* * 0 * ?"), HasSubstr("day-of-month '0' is not between 1 and 31"));
  EXPECT_THAT(ErrorOf("* * 32 * ?"), HasSubstr("day-of-month '32'"));
  EXPECT_THAT(ErrorOf("* * * 13 ?"), HasSubstr("month '13' is not between 1 and 12"));
  EXPECT_THAT(ErrorOf("* * * 0 ?"), HasSubstr("month '0'"));
  // Day-of-week is 1-7 as in EventBridge, not Unix's 0-6.
  EXPECT_THAT(ErrorOf("* * ? * 0"), HasSubstr("day-of-week '0' is not between 1 and 7"));
  EXPECT_THAT(ErrorOf("* * ? * 8"), HasSubstr("day-of-week '8'"));
  EXPECT_THAT(ErrorOf("* * * * ? 1969"), HasSubstr("year '1969' is not between 1970 and 2199"));
  EXPECT_THAT(ErrorOf("* * * * ? 2200"), HasSubstr("year '2200'"));
  EXPECT_THAT(ErrorOf("99999999999999999999 * * * ?"), HasSubstr("minutes '9999"));
}

TEST(ScheduleTest, BadNamesRangesAndSteps) {
  EXPECT_THAT(ErrorOf("* * * FOO ?"), HasSubstr("month 'FOO' is not a number or JAN-DEC"));
  EXPECT_THAT(ErrorOf("* * ? * MON,JAN"),
              HasSubstr("day-of-week 'JAN' is not a number or SUN-SAT"));
  EXPECT_THAT(ErrorOf("* * * MON ?"), HasSubstr("month 'MON'"));
  EXPECT_THAT(ErrorOf("MON * * * ?"), HasSubstr("minutes 'MON' is not a number"));
  EXPECT_THAT(ErrorOf("5-1 * * * ?"), HasSubstr("minutes range '5-1' must go from low to high"));
  EXPECT_THAT(ErrorOf("1-2-3 * * * ?"), HasSubstr("is not a value, range or step"));
  EXPECT_THAT(ErrorOf("*/0 * * * ?"), HasSubstr("step '0' in minutes"));
  EXPECT_THAT(ErrorOf("*/60 * * * ?"), HasSubstr("between 1 and 59"));
  EXPECT_THAT(ErrorOf("0 */24 * * ?"), HasSubstr("step '24' in hours"));
  EXPECT_THAT(ErrorOf("*/ * * * ?"), HasSubstr("step '' in minutes"));
  EXPECT_THAT(ErrorOf("1/2/3 * * * ?"), HasSubstr("more than one '/'"));
  EXPECT_THAT(ErrorOf("1,,2 * * * ?"), HasSubstr("empty list item"));
  EXPECT_THAT(ErrorOf("-5 * * * ?"), HasSubstr("minutes '' is not a number"));
}

TEST(ScheduleTest, SpecialCharactersOnlyWhereEventBridgeAllowsThem) {
  EXPECT_THAT(ErrorOf("? * * * ?"), HasSubstr("'?' is only for day-of-month and day-of-week"));
  EXPECT_THAT(ErrorOf("L * * * ?"), HasSubstr("'L' is only for day-of-month and day-of-week"));
  EXPECT_THAT(ErrorOf("* 5W * * ?"), HasSubstr("'W' is only for day-of-month"));
  EXPECT_THAT(ErrorOf("* * 3#2 * ?"), HasSubstr("'#' is only for day-of-week"));
  EXPECT_THAT(ErrorOf("* * * L ?"), HasSubstr("month 'L' is not a number"));
  EXPECT_THAT(ErrorOf("* * 1,? * ?"), HasSubstr("'?' must be the whole day-of-month field"));
  EXPECT_THAT(ErrorOf("* * ? * 2W"), HasSubstr("day-of-week '2W' is not a number"));
  EXPECT_THAT(ErrorOf("* * L,15 * ?"), HasSubstr("L and W stand alone"));
  EXPECT_THAT(ErrorOf("* * 1W,15 * ?"), HasSubstr("L and W stand alone"));
  EXPECT_THAT(ErrorOf("* * 1-5W * ?"), HasSubstr("L and W stand alone"));
  EXPECT_THAT(ErrorOf("* * 32W * ?"), HasSubstr("day-of-month '32'"));
  EXPECT_THAT(ErrorOf("* * ? * 3#6"), HasSubstr("the number after '#' must be 1-5"));
  EXPECT_THAT(ErrorOf("* * ? * 3#0"), HasSubstr("1-5"));
  EXPECT_THAT(ErrorOf("* * ? * 3#"), HasSubstr("1-5"));
  EXPECT_THAT(ErrorOf("* * ? * 8#1"), HasSubstr("day-of-week '8'"));
  EXPECT_THAT(ErrorOf("* * ? * 3#1,6#3"), HasSubstr("'#' takes one weekday"));
  EXPECT_THAT(ErrorOf("* * ? * 1-5L"), HasSubstr("L stands alone"));
  EXPECT_THAT(ErrorOf("* * ? * 2,L"), HasSubstr("L stands alone"));
}

TEST(ScheduleTest, CronsThatNeverFireAreErrors) {
  EXPECT_THAT(ErrorOf("0 0 30 2 ?"), HasSubstr("never fires"));
  EXPECT_THAT(ErrorOf("0 0 31 4,6,9,11 ?"), HasSubstr("never fires"));
  EXPECT_THAT(ErrorOf("0 0 31W 2 ?"), HasSubstr("never fires"));
  // February 29 on a year that is not a leap year.
  EXPECT_THAT(ErrorOf("0 0 29 2 ? 2100"), HasSubstr("never fires"));
  EXPECT_OK(Schedule::Parse("0 0 29 2 ? 2096"));
}

TEST(ScheduleTest, ParsedScheduleOfALoadedSpec) {
  const Schedule schedule = ParsedSchedule(FunctionSchedule{"every 5m", {}});
  EXPECT_EQ(schedule, MustParse("every 5m"));
  EXPECT_NE(schedule, MustParse("every 10m"));
}

}  // namespace
}  // namespace gloss::config
