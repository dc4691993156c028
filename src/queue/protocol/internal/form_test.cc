#include "queue/protocol/internal/form.h"

#include <string>

#include <gtest/gtest.h>

#include "queue/protocol/sqs_errors.h"
#include "test/support/status_matchers.h"

namespace gloss::queue::protocol::internal {
namespace {

TEST(FormTest, DecodesNamesAndValues) {
  ASSERT_OK_AND_ASSIGN(const FormParameters parameters,
                       ParseForm("Action=SendMessage&MessageBody=a+b%2Bc%26d%3D&Empty=&Flag&&"));
  EXPECT_EQ(parameters.size(), 4u);
  EXPECT_EQ(parameters.at("Action"), "SendMessage");
  EXPECT_EQ(parameters.at("MessageBody"), "a b+c&d=");
  EXPECT_EQ(parameters.at("Empty"), "");
  EXPECT_EQ(parameters.at("Flag"), "");
}

TEST(FormTest, DecodesEscapedNames) {
  ASSERT_OK_AND_ASSIGN(const FormParameters parameters, ParseForm("Attribute%2E1%2EName=x"));
  EXPECT_EQ(parameters.at("Attribute.1.Name"), "x");
}

TEST(FormTest, EmptyFormHasNoParameters) {
  ASSERT_OK_AND_ASSIGN(const FormParameters parameters, ParseForm(""));
  EXPECT_TRUE(parameters.empty());
}

TEST(FormTest, RefusesBadEscapes) {
  for (const char* form : {"a=%", "a=%4", "a=%zz", "%g1=b"}) {
    const Result<FormParameters> parsed = ParseForm(form);
    EXPECT_EQ(SqsErrorCodeOf(parsed.status()), SqsErrorCode::kInvalidParameterValue) << form;
  }
}

TEST(FormTest, RefusesRepeatedNames) {
  EXPECT_EQ(SqsErrorCodeOf(ParseForm("a=1&b=2&a=1").status()),
            SqsErrorCode::kInvalidParameterValue);
}

TEST(FormTest, LimitsTheNumberOfParameters) {
  std::string form;
  for (size_t idx = 0; idx < kMaxFormParameters; ++idx) {
    form += "p" + std::to_string(idx) + "=&";
  }
  ASSERT_OK(ParseForm(form).status());
  form += "one=more";
  EXPECT_EQ(SqsErrorCodeOf(ParseForm(form).status()), SqsErrorCode::kInvalidParameterValue);
}

}  // namespace
}  // namespace gloss::queue::protocol::internal
