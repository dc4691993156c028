#include "storage/s3/dates.h"

#include <gtest/gtest.h>

#include "test/support/status_matchers.h"

namespace gloss::storage::s3 {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// Sun, 06 Nov 1994 08:49:37 GMT, the RFC's example.
const TimePoint kRfcExample = TimePoint(seconds(784111777));

TEST(HttpDateTest, FormatsImfFixdate) {
  EXPECT_EQ(FormatHttpDate(kRfcExample), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(FormatHttpDate(kRfcExample + milliseconds(999)), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(FormatHttpDate(TimePoint()), "Thu, 01 Jan 1970 00:00:00 GMT");
  EXPECT_EQ(FormatHttpDate(TimePoint(seconds(-1))), "Wed, 31 Dec 1969 23:59:59 GMT");
}

TEST(HttpDateTest, ParsesAllThreeForms) {
  for (const std::string_view text :
       {"Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT",
        "Sun Nov  6 08:49:37 1994"}) {
    ASSERT_OK_AND_ASSIGN(const TimePoint parsed, ParseHttpDate(text));
    EXPECT_EQ(parsed, kRfcExample) << text;
  }
  ASSERT_OK_AND_ASSIGN(const TimePoint asctime_two_digit_day,
                       ParseHttpDate("Thu Nov 24 08:49:37 1994"));
  EXPECT_EQ(FormatHttpDate(asctime_two_digit_day), "Thu, 24 Nov 1994 08:49:37 GMT");
  ASSERT_OK_AND_ASSIGN(const TimePoint rfc850_2000s,
                       ParseHttpDate("Monday, 01-Jan-24 00:00:00 GMT"));
  EXPECT_EQ(FormatHttpDate(rfc850_2000s), "Mon, 01 Jan 2024 00:00:00 GMT");
}

TEST(HttpDateTest, LeapSecondIsReadAsTheSecondBefore) {
  ASSERT_OK_AND_ASSIGN(const TimePoint leap, ParseHttpDate("Sat, 31 Dec 2016 23:59:60 GMT"));
  EXPECT_EQ(FormatHttpDate(leap), "Sat, 31 Dec 2016 23:59:59 GMT");
}

TEST(HttpDateTest, RoundTrips) {
  const TimePoint time = TimePoint(seconds(1704067200 + 86399));
  ASSERT_OK_AND_ASSIGN(const TimePoint parsed, ParseHttpDate(FormatHttpDate(time)));
  EXPECT_EQ(parsed, time);
}

TEST(HttpDateTest, RejectsMalformedDates) {
  for (const std::string_view text :
       {"", "Sun, 06 Nov 1994 08:49:37", "Sun, 06 Nov 1994 08:49:37 UTC",
        "Sun, 6 Nov 1994 08:49:37 GMT", "Foo, 06 Nov 1994 08:49:37 GMT",
        "Sun, 31 Feb 1994 08:49:37 GMT", "Sun, 06 Nov 1994 24:00:00 GMT",
        "Sun, 06 Nov 1994 08:60:00 GMT", "Sun, 06 Nov 1994 08:49:37 GMT ",
        "Sun, 06 Nov 1800 08:49:37 GMT", "Sun, 06 Nov 9999 08:49:37 GMT", "Sun Nov 06 08:49:37 94",
        "2024-01-01T00:00:00Z"}) {
    EXPECT_FALSE(ParseHttpDate(text).ok()) << text;
  }
}

TEST(Iso8601Test, FormatsMilliseconds) {
  EXPECT_EQ(FormatIso8601(TimePoint(seconds(1704067200))), "2024-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatIso8601(kRfcExample + milliseconds(123) + std::chrono::microseconds(999)),
            "1994-11-06T08:49:37.123Z");
}

TEST(Iso8601Test, ParsesWithAndWithoutFraction) {
  ASSERT_OK_AND_ASSIGN(const TimePoint millis, ParseIso8601("2024-01-01T00:00:00.250Z"));
  EXPECT_EQ(millis, TimePoint(seconds(1704067200)) + milliseconds(250));
  ASSERT_OK_AND_ASSIGN(const TimePoint whole, ParseIso8601("2024-01-01T00:00:00Z"));
  EXPECT_EQ(whole, TimePoint(seconds(1704067200)));
  ASSERT_OK_AND_ASSIGN(const TimePoint nanos, ParseIso8601("2024-01-01T00:00:00.000000001Z"));
  EXPECT_EQ(nanos - whole, std::chrono::nanoseconds(1));

  for (const std::string_view text :
       {"2024-01-01T00:00:00", "2024-01-01T00:00:00.Z", "2024-01-01 00:00:00Z",
        "2024-13-01T00:00:00Z", "2024-01-01T00:00:00.0000000001Z", "2024-01-01T00:00:00+01:00"}) {
    EXPECT_FALSE(ParseIso8601(text).ok()) << text;
  }
}

}  // namespace
}  // namespace gloss::storage::s3
