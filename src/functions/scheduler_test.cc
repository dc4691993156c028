#include "functions/scheduler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace gloss::functions {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;
using TimePoint = Scheduler::TimePoint;

// 2026-12-04T11:59:30Z.
const TimePoint kStart = std::chrono::sys_days{std::chrono::year{2026} / 12 / 4} +
                         std::chrono::hours(11) + minutes(59) + seconds(30);

BackendSpec SpecWith(std::vector<std::string> expressions) {
  BackendSpec spec;
  spec.region = "eu-west-1";
  FunctionSpec function;
  function.key = function.name = "tick";
  for (std::string& expression : expressions) {
    function.schedules.push_back({std::move(expression), {}});
  }
  spec.functions["tick"] = function;
  return spec;
}

class SchedulerTest : public ::testing::Test {
 protected:
  Scheduler scheduler_{[this](const std::string& function, const std::string& event) {
    fired_.emplace_back(function, nlohmann::json::parse(event));
  }};
  std::vector<std::pair<std::string, nlohmann::json>> fired_;
};

TEST_F(SchedulerTest, RatesCountFromWhenTheyWereApplied) {
  scheduler_.Apply(SpecWith({"rate(1 minute)"}), kStart);
  EXPECT_EQ(scheduler_.FireDue(kStart + seconds(30)), kStart + minutes(1));
  EXPECT_TRUE(fired_.empty());
  EXPECT_EQ(scheduler_.FireDue(kStart + minutes(1)), kStart + minutes(2));
  ASSERT_EQ(fired_.size(), 1u);
  EXPECT_EQ(fired_[0].first, "tick");
}

TEST_F(SchedulerTest, CronsFireAtTheirMinuteWithEventBridgesEvent) {
  scheduler_.Apply(SpecWith({"cron(0 12 * * ? *)"}), kStart);
  EXPECT_EQ(scheduler_.FireDue(kStart + seconds(31)),
            kStart + seconds(30) + std::chrono::hours(24));
  ASSERT_EQ(fired_.size(), 1u);
  const nlohmann::json& event = fired_[0].second;
  EXPECT_EQ(event["detail-type"], "Scheduled Event");
  EXPECT_EQ(event["source"], "aws.events");
  EXPECT_EQ(event["account"], "000000000000");
  EXPECT_EQ(event["time"], "2026-12-04T12:00:00Z");
  EXPECT_EQ(event["region"], "eu-west-1");
  EXPECT_EQ(event["resources"][0], "arn:aws:events:eu-west-1:000000000000:rule/tick-schedule-0");
  EXPECT_EQ(event["detail"], nlohmann::json::object());
}

TEST_F(SchedulerTest, AReloadKeepsTheAnchorOfAnUnchangedRate) {
  scheduler_.Apply(SpecWith({"rate(5 minutes)"}), kStart);
  scheduler_.Apply(SpecWith({"rate(5 minutes)"}), kStart + minutes(3));
  EXPECT_EQ(scheduler_.FireDue(kStart + minutes(4)), kStart + minutes(5));
  scheduler_.Apply(SpecWith({"rate(10 minutes)"}), kStart + minutes(4));
  EXPECT_EQ(scheduler_.FireDue(kStart + minutes(4)), kStart + minutes(14));
  scheduler_.Apply(BackendSpec{}, kStart + minutes(4));
  EXPECT_EQ(scheduler_.FireDue(kStart + minutes(20)), std::nullopt);
  EXPECT_TRUE(fired_.empty());
}

}  // namespace
}  // namespace gloss::functions
