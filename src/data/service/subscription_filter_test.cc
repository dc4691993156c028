#include "data/service/subscription_filter.h"

#include <gtest/gtest.h>

#include "test/support/status_matchers.h"

namespace gloss::data {
namespace {

using ::gloss::testing::StatusIs;

bool Matches(const char* filter, const char* item) {
  const nlohmann::json parsed = nlohmann::json::parse(filter);
  EXPECT_OK(CheckSubscriptionFilter(parsed)) << filter;
  return MatchesSubscriptionFilter(parsed, nlohmann::json::parse(item));
}

TEST(DataSubscriptionFilterTest, OperatorsCompareTypeStrictly) {
  const char* item =
      R"({"status": "READY", "width": 640, "tags": ["cat", "dog"], "name": "kitty"})";
  EXPECT_TRUE(Matches(R"({"status": {"eq": "READY"}})", item));
  EXPECT_FALSE(Matches(R"({"status": {"eq": "FAILED"}})", item));
  EXPECT_FALSE(Matches(R"({"width": {"eq": "640"}})", item));  // A string is not a number.
  EXPECT_TRUE(Matches(R"({"width": {"gt": 600, "le": 640}})", item));
  EXPECT_TRUE(Matches(R"({"width": {"between": [100, 640]}})", item));
  EXPECT_FALSE(Matches(R"({"width": {"between": [641, 900]}})", item));
  EXPECT_TRUE(Matches(R"({"tags": {"contains": "dog"}})", item));
  EXPECT_TRUE(Matches(R"({"name": {"contains": "itt", "beginsWith": "ki"}})", item));
  EXPECT_TRUE(Matches(R"({"status": {"in": ["READY", "FAILED"]}})", item));
  EXPECT_TRUE(Matches(R"({"status": {"notIn": ["FAILED"]}})", item));
}

TEST(DataSubscriptionFilterTest, MissingAttributesPassOnlyNegations) {
  const char* item = R"({"status": "READY"})";
  EXPECT_FALSE(Matches(R"({"owner": {"eq": "ann"}})", item));
  EXPECT_FALSE(Matches(R"({"owner": {"beginsWith": "a"}})", item));
  EXPECT_TRUE(Matches(R"({"owner": {"ne": "ann"}})", item));
  EXPECT_TRUE(Matches(R"({"owner": {"notContains": "a"}})", item));
  EXPECT_TRUE(Matches(R"({"owner": {"attributeExists": false}})", item));
  EXPECT_FALSE(Matches(R"({"status": {"attributeExists": false}})", item));
}

TEST(DataSubscriptionFilterTest, CombinatorsNest) {
  const char* item = R"({"status": "READY", "width": 10})";
  EXPECT_TRUE(Matches(R"({"or": [{"status": {"eq": "FAILED"}}, {"width": {"lt": 20}}]})", item));
  EXPECT_FALSE(Matches(R"({"and": [{"status": {"eq": "READY"}}, {"width": {"gt": 20}}]})", item));
  EXPECT_FALSE(Matches(R"({"not": {"status": {"eq": "READY"}}})", item));
  EXPECT_TRUE(Matches("{}", item));
  EXPECT_TRUE(MatchesSubscriptionFilter(nullptr, nlohmann::json::parse(item)));
}

TEST(DataSubscriptionFilterTest, BadFiltersAreRejectedUpFront) {
  EXPECT_THAT(CheckSubscriptionFilter(nlohmann::json::parse(R"({"a": {"like": "x"}})")),
              StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(CheckSubscriptionFilter(nlohmann::json::parse(R"({"a": {"between": [1]}})")),
              StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(CheckSubscriptionFilter(nlohmann::json::parse(R"({"or": {}})")),
              StatusIs(StatusCode::kInvalidArgument));
  nlohmann::json deep = {{"a", {{"eq", 1}}}};
  for (int i = 0; i < 12; ++i) {
    deep = {{"not", deep}};
  }
  EXPECT_THAT(CheckSubscriptionFilter(deep), StatusIs(StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace gloss::data
