#include "auth/cognito_request.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test/support/status_matchers.h"

namespace gloss::auth {
namespace {

using ::gloss::testing::StatusIs;
using ::testing::HasSubstr;

TEST(CognitoRequestTest, ReadsTheMembersTheSdkSends) {
  ASSERT_OK_AND_ASSIGN(
      const CognitoRequest request,
      CognitoRequest::Parse(R"({"ClientId":"c1","Username":"u@example.com","Password":"pw",
        "UserAttributes":[{"Name":"email","Value":"u@example.com"}],
        "AuthParameters":{"USERNAME":"u@example.com","PASSWORD":"pw"}})"));
  ASSERT_OK_AND_ASSIGN(const std::string client_id, request.RequiredString("ClientId", 1, 128));
  EXPECT_EQ(client_id, "c1");
  ASSERT_OK_AND_ASSIGN(const auto attributes, request.Attributes("UserAttributes"));
  ASSERT_EQ(attributes.size(), 1u);
  EXPECT_EQ(attributes[0].name, "email");
  EXPECT_EQ(attributes[0].value, "u@example.com");
  ASSERT_OK_AND_ASSIGN(const auto parameters, request.StringMap("AuthParameters"));
  EXPECT_EQ(parameters.at("USERNAME"), "u@example.com");
}

TEST(CognitoRequestTest, EmptyBodyIsAnEmptyObject) {
  ASSERT_OK_AND_ASSIGN(const CognitoRequest request, CognitoRequest::Parse(""));
  ASSERT_OK_AND_ASSIGN(const auto secret, request.OptionalString("SecretHash", 1, 128));
  EXPECT_FALSE(secret.has_value());
  ASSERT_OK_AND_ASSIGN(const auto metadata, request.StringMap("ClientMetadata"));
  EXPECT_TRUE(metadata.empty());
}

TEST(CognitoRequestTest, MissingRequiredMemberHasCognitosValidationMessage) {
  ASSERT_OK_AND_ASSIGN(const CognitoRequest request, CognitoRequest::Parse(R"({"ClientId":"c"})"));
  const Status status = request.RequiredString("Username", 1, 128).status();
  EXPECT_THAT(status, StatusIs(StatusCode::kInvalidArgument));
  EXPECT_EQ(status.message(),
            "1 validation error detected: Value null at 'username' failed to satisfy "
            "constraint: Member must not be null");
}

TEST(CognitoRequestTest, LengthLimitsCountCharactersNotBytes) {
  ASSERT_OK_AND_ASSIGN(const CognitoRequest request,
                       CognitoRequest::Parse(R"({"Username":"\u00e9\u00e9\u00e9"})"));
  EXPECT_OK(request.RequiredString("Username", 1, 3));
  EXPECT_THAT(request.RequiredString("Username", 1, 2).status().message(),
              HasSubstr("Member must have length less than or equal to 2"));
  EXPECT_THAT(request.RequiredString("Username", 4, 10).status().message(),
              HasSubstr("Member must have length greater than or equal to 4"));
}

TEST(CognitoRequestTest, WrongTypesAreSerializationErrors) {
  ASSERT_OK_AND_ASSIGN(
      const CognitoRequest request,
      CognitoRequest::Parse(R"({"Username":7,"AuthParameters":{"A":1},"UserAttributes":{}})"));
  EXPECT_THAT(request.RequiredString("Username", 1, 128).status().message(),
              HasSubstr("SerializationException"));
  EXPECT_THAT(request.StringMap("AuthParameters").status().message(),
              HasSubstr("SerializationException"));
  EXPECT_THAT(request.Attributes("UserAttributes").status().message(),
              HasSubstr("SerializationException"));
}

TEST(CognitoRequestTest, IntegersBooleansAndStringListsAreCheckedLikeCognito) {
  ASSERT_OK_AND_ASSIGN(
      const CognitoRequest request,
      CognitoRequest::Parse(
          R"({"Limit":61,"Permanent":true,"AttributesToGet":["email","sub"],"Bad":"7"})"));
  EXPECT_EQ(request.OptionalInteger("Limit", 0, 61).value(), std::optional<int64_t>(61));
  EXPECT_EQ(request.OptionalInteger("Limit", 0, 60).status().message(),
            "1 validation error detected: Value '61' at 'limit' failed to satisfy constraint: "
            "Member must have value less than or equal to 60");
  EXPECT_THAT(request.OptionalInteger("Bad", 0, 60).status().message(),
              HasSubstr("SerializationException"));
  EXPECT_FALSE(request.OptionalInteger("Absent", 0, 60).value().has_value());
  EXPECT_EQ(request.OptionalBool("Permanent").value(), std::optional<bool>(true));
  EXPECT_THAT(request.OptionalBool("Limit").status().message(),
              HasSubstr("SerializationException"));
  EXPECT_THAT(request.StringList("AttributesToGet").value(),
              ::testing::ElementsAre("email", "sub"));
  EXPECT_THAT(request.StringList("Limit").status().message(), HasSubstr("SerializationException"));
}

TEST(CognitoRequestTest, AttributeWithoutNameIsAValidationError) {
  ASSERT_OK_AND_ASSIGN(const CognitoRequest request,
                       CognitoRequest::Parse(R"({"UserAttributes":[{"Value":"x"}]})"));
  EXPECT_THAT(request.Attributes("UserAttributes").status().message(),
              HasSubstr("Member must not be null"));
}

TEST(CognitoRequestTest, RejectsNonObjectsOversizedAndDeepBodies) {
  for (const char* body : {"[]", "\"x\"", "{", "{\"a\":}", "null"}) {
    EXPECT_THAT(CognitoRequest::Parse(body), StatusIs(StatusCode::kInvalidArgument)) << body;
  }
  EXPECT_THAT(CognitoRequest::Parse(std::string(kMaxRequestBytes + 1, ' ')),
              StatusIs(StatusCode::kInvalidArgument));
  std::string deep = "{\"a\":";
  for (int level = 0; level < 40; ++level) {
    deep += "[";
  }
  for (int level = 0; level < 40; ++level) {
    deep += "]";
  }
  deep += "}";
  EXPECT_THAT(CognitoRequest::Parse(deep).status().message(), HasSubstr("nested too deeply"));
}

}  // namespace
}  // namespace gloss::auth
