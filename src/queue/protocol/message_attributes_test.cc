#include "queue/protocol/message_attributes.h"

#include <string>

#include <gtest/gtest.h>

#include "queue/protocol/sqs_errors.h"
#include "test/support/status_matchers.h"

namespace gloss::queue::protocol {
namespace {

using Json = nlohmann::json;

Json StringAttribute(std::string_view data_type, std::string_view value) {
  return {{"DataType", data_type}, {"StringValue", value}};
}

// The SqsErrorCode of parsing {name: value}, nullopt when it parses.
std::optional<SqsErrorCode> ErrorOf(const Json& attributes) {
  const Result<MessageAttributes> parsed = ParseMessageAttributes(attributes);
  if (parsed.ok()) {
    return std::nullopt;
  }
  return SqsErrorCodeOf(parsed.status());
}

bool ParsesAsName(const std::string& name) {
  return ParseMessageAttributes(Json{{name, StringAttribute("String", "x")}}).ok();
}

bool ParsesAsNumber(const std::string& value) {
  return ParseMessageAttributes(Json{{"n", StringAttribute("Number", value)}}).ok();
}

TEST(MessageAttributesTest, ParsesEveryType) {
  const Json json = Json::parse(R"({
      "a": {"DataType": "String", "StringValue": "x"},
      "b": {"DataType": "Binary", "BinaryValue": "AQID"},
      "n": {"DataType": "Number", "StringValue": "42"},
      "c": {"DataType": "Number.int", "StringValue": "-1.5e3"},
      "p": {"DataType": "Binary.png", "BinaryValue": "iVBO"}})");
  ASSERT_OK_AND_ASSIGN(const MessageAttributes attributes, ParseMessageAttributes(json));
  ASSERT_EQ(attributes.size(), 5u);
  EXPECT_EQ(attributes.at("a"), (MessageAttributeValue{"String", "x", ""}));
  EXPECT_EQ(attributes.at("b"), (MessageAttributeValue{"Binary", "", "\x01\x02\x03"}));
  EXPECT_EQ(attributes.at("n"), (MessageAttributeValue{"Number", "42", ""}));
  EXPECT_EQ(attributes.at("c").data_type, "Number.int");
  EXPECT_TRUE(attributes.at("p").is_binary());
}

TEST(MessageAttributesTest, NullOrEmptyIsNoAttributes) {
  ASSERT_OK_AND_ASSIGN(const MessageAttributes from_null, ParseMessageAttributes(Json()));
  EXPECT_TRUE(from_null.empty());
  ASSERT_OK_AND_ASSIGN(const MessageAttributes from_empty, ParseMessageAttributes(Json::object()));
  EXPECT_TRUE(from_empty.empty());
}

TEST(MessageAttributesTest, AtMostTenAttributes) {
  Json json = Json::object();
  for (int idx = 0; idx < 10; ++idx) {
    json["a" + std::to_string(idx)] = StringAttribute("String", "x");
  }
  EXPECT_EQ(ErrorOf(json), std::nullopt);
  json["one_more"] = StringAttribute("String", "x");
  EXPECT_EQ(ErrorOf(json), SqsErrorCode::kInvalidParameterValue);
}

TEST(MessageAttributesTest, NamesFollowSqsRules) {
  EXPECT_TRUE(ParsesAsName("a"));
  EXPECT_TRUE(ParsesAsName("Order_Id-2.v1"));
  EXPECT_TRUE(ParsesAsName(std::string(256, 'n')));
  EXPECT_TRUE(ParsesAsName("AWSome"));       // Only "AWS." is reserved.
  EXPECT_TRUE(ParsesAsName("Amazonian.x"));  // Only "Amazon." is reserved.
  EXPECT_FALSE(ParsesAsName(""));
  EXPECT_FALSE(ParsesAsName(std::string(257, 'n')));
  EXPECT_FALSE(ParsesAsName("has space"));
  EXPECT_FALSE(ParsesAsName("slash/"));
  EXPECT_FALSE(ParsesAsName("caf\xc3\xa9"));
  EXPECT_FALSE(ParsesAsName("AWS.trace"));
  EXPECT_FALSE(ParsesAsName("aws.trace"));
  EXPECT_FALSE(ParsesAsName("Amazon.x"));
  EXPECT_FALSE(ParsesAsName("AMAZON.x"));
  EXPECT_FALSE(ParsesAsName(".lead"));
  EXPECT_FALSE(ParsesAsName("trail."));
  EXPECT_FALSE(ParsesAsName("two..dots"));
}

TEST(MessageAttributesTest, DataTypesFollowSqsRules) {
  for (const char* ok : {"String", "Number", "Binary", "String.json", "Number.float", "String.a.b",
                         "Binary.image/png"}) {
    const bool binary = std::string_view(ok).starts_with("Binary");
    const Json value =
        binary ? Json{{"DataType", ok}, {"BinaryValue", "AQID"}} : StringAttribute(ok, "1");
    EXPECT_EQ(ErrorOf(Json{{"a", value}}), std::nullopt) << ok;
  }
  for (const char* bad : {"", "string", "Text", "Strings", "String.", "Number.", ".String"}) {
    EXPECT_EQ(ErrorOf(Json{{"a", StringAttribute(bad, "1")}}), SqsErrorCode::kInvalidParameterValue)
        << bad;
  }
  EXPECT_EQ(ErrorOf(Json{{"a", StringAttribute("String." + std::string(249, 'x'), "1")}}),
            std::nullopt);  // 256 characters.
  EXPECT_EQ(ErrorOf(Json{{"a", StringAttribute("String." + std::string(250, 'x'), "1")}}),
            SqsErrorCode::kInvalidParameterValue);
  EXPECT_EQ(ErrorOf(Json{{"a", Json{{"StringValue", "x"}}}}),
            SqsErrorCode::kInvalidParameterValue);  // No DataType.
}

TEST(MessageAttributesTest, ValuesMustMatchTheirType) {
  const std::vector<Json> bad = {
      Json{{"DataType", "String"}},                           // No value.
      StringAttribute("String", ""),                          // Empty value.
      Json{{"DataType", "String"}, {"BinaryValue", "AQID"}},  // Wrong field.
      Json{{"DataType", "String"}, {"StringValue", "x"}, {"BinaryValue", "AQID"}},
      Json{{"DataType", "Binary"}, {"StringValue", "x"}},
      Json{{"DataType", "Binary"}, {"BinaryValue", ""}},
      Json{{"DataType", "Binary"}, {"BinaryValue", "not base64"}},
      Json{{"DataType", "Binary"}, {"BinaryValue", "AQI"}},
      Json{{"DataType", 7}, {"StringValue", "x"}},
      Json{{"DataType", "String"}, {"StringValue", 7}},
      Json("String"),
      Json::array(),
  };
  for (const Json& value : bad) {
    EXPECT_EQ(ErrorOf(Json{{"a", value}}), SqsErrorCode::kInvalidParameterValue) << value.dump();
  }
  EXPECT_EQ(ErrorOf(Json::array()), SqsErrorCode::kInvalidParameterValue);
  EXPECT_EQ(ErrorOf(Json("a")), SqsErrorCode::kInvalidParameterValue);
}

TEST(MessageAttributesTest, ReservedListValuesAreIgnored) {
  const Json value = {{"DataType", "String"},
                      {"StringValue", "x"},
                      {"StringListValues", Json::array()},
                      {"BinaryListValues", Json::array()}};
  EXPECT_EQ(ErrorOf(Json{{"a", value}}), std::nullopt);
}

TEST(MessageAttributesTest, NumbersFollowSqsRules) {
  for (const char* ok : {"0", "42", "-42", "+7", "3.14", ".5", "5.", "1e10", "1E-10", "-0.0e999",
                         "12345678901234567890123456789012345678",  // 38 digits.
                         "1000000000000000000000000000000000000000000000000000",
                         "0.00000000000000000000000000000000000000012345678901234567890123456",
                         "9.99e125", "1e-128", "1493147359900"}) {
    EXPECT_TRUE(ParsesAsNumber(ok)) << ok;
  }
  for (const char* bad : {"",
                          "abc",
                          "1a",
                          "--1",
                          "1-",
                          ".",
                          "e5",
                          "1e",
                          "1e+",
                          " 1",
                          "1 ",
                          "0x10",
                          "NaN",
                          "Infinity",
                          "1,5",
                          "123456789012345678901234567890123456789",  // 39 digits.
                          "1e126",
                          "10e125",
                          "1e-129",
                          "0.1e-128",
                          "1e99999999999999999999"}) {
    EXPECT_FALSE(ParsesAsNumber(bad)) << bad;
  }
}

TEST(MessageAttributesTest, StringValuesMustBeAllowedCharacters) {
  EXPECT_EQ(ErrorOf(Json{{"a", StringAttribute("String", "tab\tline\ncr\r\xc3\xa9")}}),
            std::nullopt);
  EXPECT_EQ(ErrorOf(Json{{"a", StringAttribute("String", "bell\x07")}}),
            SqsErrorCode::kInvalidParameterValue);
  EXPECT_EQ(ErrorOf(Json{{"a", StringAttribute("String", "\xef\xbf\xbf")}}),  // U+FFFF
            SqsErrorCode::kInvalidParameterValue);
}

TEST(MessageAttributesTest, ToJsonIsTheInverseOfParse) {
  const Json json = Json::parse(R"({
      "a": {"DataType": "String", "StringValue": "x"},
      "b": {"DataType": "Binary", "BinaryValue": "AQID"},
      "n": {"DataType": "Number.int", "StringValue": "42"}})");
  ASSERT_OK_AND_ASSIGN(const MessageAttributes attributes, ParseMessageAttributes(json));
  EXPECT_EQ(MessageAttributesToJson(attributes), json);
  EXPECT_EQ(MessageAttributesToJson({}), Json::object());
}

TEST(MessageAttributesTest, BodiesMayHoldOnlyTheAllowedCharacters) {
  EXPECT_TRUE(IsValidMessageBody(""));
  EXPECT_TRUE(IsValidMessageBody("hello \t\r\n{\"json\": true}"));
  EXPECT_TRUE(IsValidMessageBody("\xed\x9f\xbf"));      // U+D7FF
  EXPECT_TRUE(IsValidMessageBody("\xee\x80\x80"));      // U+E000
  EXPECT_TRUE(IsValidMessageBody("\xef\xbf\xbd"));      // U+FFFD
  EXPECT_TRUE(IsValidMessageBody("\xf0\x9f\x98\x80"));  // U+1F600
  EXPECT_TRUE(IsValidMessageBody("\xf4\x8f\xbf\xbf"));  // U+10FFFF
  EXPECT_FALSE(IsValidMessageBody(std::string("nul\0", 4)));
  EXPECT_FALSE(IsValidMessageBody("\x1f"));
  EXPECT_FALSE(IsValidMessageBody("\xef\xbf\xbe"));  // U+FFFE
  EXPECT_FALSE(IsValidMessageBody("\xed\xa0\x80"));  // A surrogate.
  EXPECT_FALSE(IsValidMessageBody("\xc0\xaf"));      // Overlong.
  EXPECT_FALSE(IsValidMessageBody("\xff"));
  EXPECT_FALSE(IsValidMessageBody("caf\xc3"));  // Truncated.
}

TEST(MessageAttributesTest, SizeCountsNamesTypesAndRawValues) {
  const MessageAttributes attributes = {
      {"ab", MessageAttributeValue{"String", "xyz", ""}},
      {"b", MessageAttributeValue{"Binary", "", "\x01\x02"}},
  };
  EXPECT_EQ(MessageAttributesSize(attributes), (2u + 6 + 3) + (1u + 6 + 2));
  EXPECT_EQ(MessageAttributesSize({}), 0u);
}

}  // namespace
}  // namespace gloss::queue::protocol
