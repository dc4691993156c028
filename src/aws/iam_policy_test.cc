#include "aws/iam_policy.h"

#include <gtest/gtest.h>

namespace gloss::aws {
namespace {

TEST(WildcardMatchTest, StarAndQuestionMark) {
  EXPECT_TRUE(WildcardMatch("*", "", false));
  EXPECT_TRUE(WildcardMatch("*", "anything:at/all", false));
  EXPECT_TRUE(WildcardMatch("s3:Get*", "s3:GetObject", false));
  EXPECT_TRUE(WildcardMatch("s3:Get*", "s3:Get", false));
  EXPECT_FALSE(WildcardMatch("s3:Get*", "s3:PutObject", false));
  EXPECT_TRUE(WildcardMatch("a?c", "abc", false));
  EXPECT_FALSE(WildcardMatch("a?c", "ac", false));
  EXPECT_TRUE(WildcardMatch("*a*b*c*", "xxaxxbxxcxx", false));
  EXPECT_FALSE(WildcardMatch("*a*b*c", "xxaxxbxxcxx", false));
  EXPECT_TRUE(WildcardMatch("a**b", "ab", false));
  EXPECT_FALSE(WildcardMatch("", "a", false));
  EXPECT_TRUE(WildcardMatch("", "", false));
}

TEST(WildcardMatchTest, CaseFolding) {
  EXPECT_TRUE(WildcardMatch("DynamoDB:putitem", "dynamodb:PutItem", true));
  EXPECT_FALSE(WildcardMatch("DynamoDB:putitem", "dynamodb:PutItem", false));
}

TEST(WildcardMatchTest, BacktrackingStaysCorrectOnPathologicalInput) {
  const std::string text(2000, 'a');
  EXPECT_FALSE(WildcardMatch("*a*a*a*a*a*b", text, false));
  EXPECT_TRUE(WildcardMatch("*a*a*a*a*a*", text, false));
}

// The seed's process-image and generate-annotation statements, resolved.
IamPolicy SeedPolicy() {
  return IamPolicy({
      {PolicyEffect::kAllow, {"s3:GetObject", "s3:PutObject"}, {"arn:aws:s3:::images/*"}},
      {PolicyEffect::kAllow,
       {"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query"},
       {"arn:aws:dynamodb:*:*:table/Image-*"}},
      {PolicyEffect::kAllow,
       {"sqs:SendMessage"},
       {"arn:aws:sqs:us-east-1:000000000000:evaluation"}},
  });
}

TEST(IamPolicyTest, AllowsWhatAStatementGrants) {
  const IamPolicy policy = SeedPolicy();
  EXPECT_TRUE(policy.Allows("s3:GetObject", "arn:aws:s3:::images/images/original/a.jpg"));
  EXPECT_TRUE(policy.Allows("dynamodb:PutItem",
                            "arn:aws:dynamodb:us-east-1:000000000000:table/Image-gloss-NONE"));
  EXPECT_TRUE(policy.Allows("dynamodb:Query",
                            "arn:aws:dynamodb:us-east-1:000000000000:table/Image-gloss-NONE/"
                            "index/byOriginalKey"));
  EXPECT_TRUE(policy.Allows("sqs:sendmessage", "arn:aws:sqs:us-east-1:000000000000:evaluation"));
}

TEST(IamPolicyTest, DeniesByDefault) {
  const IamPolicy policy = SeedPolicy();
  EXPECT_EQ(policy.Evaluate("s3:DeleteObject", "arn:aws:s3:::images/x"),
            IamDecision::kImplicitDeny);
  EXPECT_FALSE(policy.Allows("dynamodb:GetItem",
                             "arn:aws:dynamodb:us-east-1:000000000000:table/Image-gloss-NONE"));
  EXPECT_FALSE(policy.Allows(
      "dynamodb:PutItem", "arn:aws:dynamodb:us-east-1:000000000000:table/Annotation-gloss-NONE"));
  EXPECT_FALSE(policy.Allows("s3:GetObject", "arn:aws:s3:::other/images/x"));
  EXPECT_FALSE(policy.Allows("sqs:SendMessage", "arn:aws:sqs:us-east-1:000000000000:evaluation2"));
  EXPECT_FALSE(IamPolicy().Allows("s3:GetObject", "arn:aws:s3:::images/x"));
}

TEST(IamPolicyTest, ResourcesAreCaseSensitive) {
  EXPECT_FALSE(SeedPolicy().Allows("s3:GetObject", "arn:aws:s3:::Images/x"));
}

TEST(IamPolicyTest, ExplicitDenyWinsInAnyOrder) {
  const IamStatement allow_all{PolicyEffect::kAllow, {"s3:*"}, {"*"}};
  const IamStatement deny_secret{
      PolicyEffect::kDeny, {"s3:GetObject"}, {"arn:aws:s3:::b/secret/*"}};
  for (const IamPolicy& policy :
       {IamPolicy({allow_all, deny_secret}), IamPolicy({deny_secret, allow_all})}) {
    EXPECT_EQ(policy.Evaluate("s3:GetObject", "arn:aws:s3:::b/secret/k"),
              IamDecision::kExplicitDeny);
    EXPECT_TRUE(policy.Allows("s3:GetObject", "arn:aws:s3:::b/public/k"));
    EXPECT_TRUE(policy.Allows("s3:PutObject", "arn:aws:s3:::b/secret/k"));
  }
}

}  // namespace
}  // namespace gloss::aws
