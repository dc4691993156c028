#include "auth/password_policy.h"

#include <string>

#include <gtest/gtest.h>

#include "test/support/status_matchers.h"

namespace gloss::auth {
namespace {

using ::gloss::testing::StatusIs;

std::string MessageOf(const Status& status) { return std::string(status.message()); }

TEST(PasswordPolicyTest, AcceptsPasswordMeetingDefaultPolicy) {
  EXPECT_OK(CheckPassword("Correct-Horse-9", PasswordPolicy{}));
  EXPECT_OK(CheckPassword("Inner space 9", PasswordPolicy{}));  // Space counts as a symbol.
}

TEST(PasswordPolicyTest, ReportsCognitoMessageForEachMissingClass) {
  const PasswordPolicy policy;
  EXPECT_EQ(MessageOf(CheckPassword("Sh0rt!", policy)),
            "Password did not conform with policy: Password not long enough");
  EXPECT_EQ(MessageOf(CheckPassword("NOLOWER-9", policy)),
            "Password did not conform with policy: Password must have lowercase characters");
  EXPECT_EQ(MessageOf(CheckPassword("noupper-9", policy)),
            "Password did not conform with policy: Password must have uppercase characters");
  EXPECT_EQ(MessageOf(CheckPassword("NoDigits-x", policy)),
            "Password did not conform with policy: Password must have numeric characters");
  EXPECT_EQ(MessageOf(CheckPassword("NoSymbol9x", policy)),
            "Password did not conform with policy: Password must have symbol characters");
  EXPECT_THAT(CheckPassword("NoSymbol9x", policy), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_TRUE(IsPasswordPolicyViolation(CheckPassword("NoSymbol9x", policy)));
}

TEST(PasswordPolicyTest, EverySymbolInCognitoSetCounts) {
  const std::string symbols = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+-";
  for (char symbol : symbols) {
    const std::string password = std::string("Abcdef1") + symbol + "x";
    EXPECT_OK(CheckPassword(password, PasswordPolicy{})) << password;
  }
  EXPECT_THAT(CheckPassword("Abcdef1\xC2\xA7x", PasswordPolicy{}),  // U+00A7 is not a symbol.
              StatusIs(StatusCode::kInvalidArgument));
}

TEST(PasswordPolicyTest, RelaxedPolicySkipsDisabledClasses) {
  PasswordPolicy policy;
  policy.min_length = 6;
  policy.require_numbers = false;
  policy.require_lowercase = false;
  policy.require_uppercase = false;
  policy.require_symbols = false;
  EXPECT_OK(CheckPassword("aaaaaa", policy));
  EXPECT_THAT(CheckPassword("aaaaa", policy), StatusIs(StatusCode::kInvalidArgument));
}

TEST(PasswordPolicyTest, LengthCountsCharactersNotBytes) {
  PasswordPolicy policy;
  policy.min_length = 8;
  policy.require_symbols = false;
  // 7 characters, 9 bytes.
  EXPECT_THAT(CheckPassword("Ab1\xC3\xA9\xC3\xA9xy", policy),
              StatusIs(StatusCode::kInvalidArgument));
  EXPECT_OK(CheckPassword("Ab1\xC3\xA9\xC3\xA9xyz", policy));
}

TEST(PasswordPolicyTest, RejectsLeadingTrailingWhitespaceAndLineBreaks) {
  for (const char* password :
       {" Correct-Horse-9", "Correct-Horse-9 ", "\tCorrect-Horse-9", "Correct\nHorse-9", ""}) {
    const Status status = CheckPassword(password, PasswordPolicy{});
    EXPECT_THAT(status, StatusIs(StatusCode::kInvalidArgument)) << password;
    EXPECT_FALSE(IsPasswordPolicyViolation(status)) << password;
  }
}

TEST(PasswordPolicyTest, RejectsMoreThan256Characters) {
  EXPECT_OK(CheckPassword("Aa1-" + std::string(252, 'x'), PasswordPolicy{}));
  EXPECT_THAT(CheckPassword("Aa1-" + std::string(253, 'x'), PasswordPolicy{}),
              StatusIs(StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace gloss::auth
