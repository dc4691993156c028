#include "config/durations.h"

#include <gtest/gtest.h>

#include "test/support/status_matchers.h"

namespace gloss::config {
namespace {

using gloss::testing::StatusIs;
using std::chrono::seconds;

TEST(DurationsTest, ParsesEachUnit) {
  EXPECT_EQ(*ParseDuration("90s"), seconds(90));
  EXPECT_EQ(*ParseDuration("15m"), seconds(900));
  EXPECT_EQ(*ParseDuration("2h"), seconds(7200));
  EXPECT_EQ(*ParseDuration("7d"), seconds(604800));
  EXPECT_EQ(*ParseDuration("0s"), seconds(0));
}

TEST(DurationsTest, ParsesCompoundDurations) {
  EXPECT_EQ(*ParseDuration("1h30m"), seconds(5400));
  EXPECT_EQ(*ParseDuration("1d2h3m4s"), seconds(93784));
}

TEST(DurationsTest, RejectsMalformedText) {
  for (const char* text :
       {"", "15", "m", "15x", "1.5h", "-5s", " 5s", "5s ", "30m1h", "1h1h", "15 m", "15M"}) {
    EXPECT_THAT(ParseDuration(text), StatusIs(StatusCode::kInvalidArgument)) << text;
  }
}

TEST(DurationsTest, RejectsAbsurdlyLongDurations) {
  EXPECT_THAT(ParseDuration("99999999999999999999999s"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseDuration("36600d"), StatusIs(StatusCode::kInvalidArgument));
}

TEST(DurationsTest, MessageNamesTheUnknownUnit) {
  const Result<seconds> parsed = ParseDuration("3w");
  EXPECT_NE(parsed.status().message().find("unknown unit 'w'"), std::string_view::npos);
}

TEST(DurationsTest, FormatsLargestUnitsFirst) {
  EXPECT_EQ(FormatDuration(seconds(0)), "0s");
  EXPECT_EQ(FormatDuration(seconds(5400)), "1h30m");
  EXPECT_EQ(FormatDuration(seconds(43200)), "12h");
  EXPECT_EQ(FormatDuration(seconds(1209600)), "14d");
  EXPECT_EQ(FormatDuration(seconds(-5)), "-5s");
}

TEST(DurationsTest, FormatThenParseRoundTrips) {
  for (const int64_t value : {1, 59, 61, 3599, 3661, 86401, 1209600}) {
    EXPECT_EQ(*ParseDuration(FormatDuration(seconds(value))), seconds(value));
  }
}

}  // namespace
}  // namespace gloss::config
