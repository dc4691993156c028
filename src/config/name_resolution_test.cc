#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/testing/temp_app.h"
#include "test/support/status_matchers.h"

namespace gloss::config {
namespace {

using testing::ErrorCount;
using testing::HasError;
using testing::TempApp;

class NameResolutionTest : public ::testing::Test {
 protected:
  TempApp app_;
};

TEST_F(NameResolutionTest, NamesMayReferenceOtherNames) {
  ASSERT_OK_AND_ASSIGN(const BackendSpec spec, app_.Parse(R"([queues.evaluation]
queueName = "evaluation-queue"
[queues.dlq]
queueName = "${queues.evaluation.name}-dlq"
[storage.images]
name = "${functions.fn.name}-images"
[functions.fn]
entry = "builtin:process-image"
name = "thumbs"
)"));
  EXPECT_EQ(spec.queues.at("dlq").name, "evaluation-queue-dlq");
  EXPECT_EQ(spec.storage.at("images").name, "thumbs-images");
}

TEST_F(NameResolutionTest, ChainsResolveInAnyOrder) {
  ASSERT_OK_AND_ASSIGN(const BackendSpec spec, app_.Parse(R"([queues.a]
queueName = "${queues.b.name}-a"
[queues.b]
queueName = "${queues.c.name}-b"
[queues.c]
)"));
  EXPECT_EQ(spec.queues.at("a").name, "c-b-a");
}

TEST_F(NameResolutionTest, FifonessFollowsTheResolvedName) {
  ASSERT_OK_AND_ASSIGN(const BackendSpec spec, app_.Parse(R"([queues.jobs]
queueName = "${queues.base.name}.fifo"
[queues.base]
)"));
  EXPECT_TRUE(spec.queues.at("jobs").fifo);
}

TEST_F(NameResolutionTest, ReferenceCycleIsReportedWithItsPath) {
  const Result<BackendSpec> spec = app_.Parse(R"([queues.a]
queueName = "${queues.b.name}-x"
[queues.b]
queueName = "${queues.a.name}-y"
)");
  EXPECT_THAT(spec, HasError("2:13",
                             "queues.a.queueName: reference cycle: queues.a.name -> "
                             "queues.b.name -> queues.a.name"));
  EXPECT_EQ(ErrorCount(spec), 1u);
}

TEST_F(NameResolutionTest, SelfReferenceIsACycle) {
  EXPECT_THAT(
      app_.Parse("[functions.f]\nentry = 'builtin:process-image'\nname = '${functions.f.name}'\n"),
      HasError("3:8", "reference cycle: functions.f.name -> functions.f.name"));
}

TEST_F(NameResolutionTest, CycleAcrossKinds) {
  const Result<BackendSpec> spec = app_.Parse(R"([storage.s]
name = "${queues.q.name}"
[queues.q]
queueName = "${storage.s.name}"
)");
  EXPECT_THAT(spec, HasError("2:8",
                             "storage.s.name: reference cycle: storage.s.name -> "
                             "queues.q.name -> storage.s.name"));
  EXPECT_EQ(ErrorCount(spec), 1u);
}

TEST_F(NameResolutionTest, OnlyNameAttributesMayBeReferenced) {
  EXPECT_THAT(app_.Parse("[queues.a]\n[queues.b]\nqueueName = 'x-${queues.a.arn}'\n"),
              HasError("3:16", "a name may only reference other names"));
}

TEST_F(NameResolutionTest, ReferenceErrorsPointAtTheDollar) {
  EXPECT_THAT(app_.Parse("[queues.b]\nqueueName = 'x-${queues.nope.name}'\n"),
              HasError("2:16",
                       "queues.b.queueName: '${queues.nope.name}' refers to queues.nope, "
                       "which is not defined"));
  EXPECT_THAT(app_.Parse("[queues.b]\nqueueName = \"\\u00e9\\t${queues\"\n"),
              HasError("2:22", "unterminated '${'"));
  EXPECT_THAT(app_.Parse("[queues.b]\nqueueName = 'é${x.y.name}'\n"),
              HasError("2:15", "unknown resource kind 'x'"));
}

TEST_F(NameResolutionTest, NameMustBeAString) {
  EXPECT_THAT(app_.Parse("[queues.b]\nqueueName = 5\n"),
              HasError("2:13", "queues.b.queueName: expected a string, got an integer"));
}

TEST_F(NameResolutionTest, ResolvedNamesAreCheckedForDuplicates) {
  EXPECT_THAT(
      app_.Parse("[queues.a]\nqueueName = 'dup'\n[queues.b]\nqueueName = '${queues.a.name}'\n"),
      HasError("4:13", "queue name 'dup' is already used by queues.a"));
}

TEST_F(NameResolutionTest, ResolvedNamesFollowTheNamingRules) {
  EXPECT_THAT(app_.Parse("[queues.a]\n[storage.s]\nname = '${queues.a.name}_x'\n"),
              HasError("3:8", "bucket name 'a_x' may contain only"));
}

}  // namespace
}  // namespace gloss::config
