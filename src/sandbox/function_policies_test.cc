#include "sandbox/function_policies.h"

#include <gtest/gtest.h>

#include "config/testing/temp_app.h"
#include "test/support/status_matchers.h"

namespace gloss {
namespace {

TEST(FunctionPoliciesTest, ResolvesReferencesAndKeysPoliciesByFunctionName) {
  const config::testing::TempApp app;
  ASSERT_OK_AND_ASSIGN(const BackendSpec spec, app.Parse(R"(
[storage.images]
[queues.evaluation]
[functions.annotate]
name = "generate-annotation"
entry = "builtin:generate-annotation"
policy = [
  { actions = ["sqs:SendMessage"], resources = ["${queues.evaluation.arn}"] },
  { actions = ["s3:GetObject"], resources = ["${storage.images.arn}/images/compressed/*"] },
  { effect = "Deny", actions = ["s3:GetObject"], resources = ["arn:aws:s3:::images/images/compressed/secret/*"] },
]
[functions.idle]
entry = "builtin:process-image"
)"));
  const FunctionPolicies policies(spec, config::Endpoint{"http://127.0.0.1:4000"});

  const auto annotate = policies.Find("generate-annotation");
  ASSERT_NE(annotate, nullptr);
  EXPECT_TRUE(annotate->Allows("sqs:SendMessage", "arn:aws:sqs:us-east-1:000000000000:evaluation"));
  EXPECT_TRUE(annotate->Allows("s3:GetObject", "arn:aws:s3:::images/images/compressed/a.jpg"));
  EXPECT_FALSE(annotate->Allows("s3:GetObject", "arn:aws:s3:::images/images/compressed/secret/a"));
  EXPECT_FALSE(annotate->Allows("s3:GetObject", "arn:aws:s3:::images/images/original/a.jpg"));

  EXPECT_EQ(policies.Find("annotate"), nullptr);  // By name, not by key.
  const auto idle = policies.Find("idle");
  ASSERT_NE(idle, nullptr);
  EXPECT_FALSE(idle->Allows("s3:GetObject", "arn:aws:s3:::images/x"));
}

}  // namespace
}  // namespace gloss
