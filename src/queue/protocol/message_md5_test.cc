#include "queue/protocol/message_md5.h"

#include <string>

#include <gtest/gtest.h>

namespace gloss::queue::protocol {
namespace {

MessageAttributeValue StringValue(std::string data_type, std::string value) {
  return MessageAttributeValue{std::move(data_type), std::move(value), ""};
}

TEST(MessageMd5Test, BodyIsHexMd5OfTheBytes) {
  EXPECT_EQ(Md5OfBody(""), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(Md5OfBody("hello"), "5d41402abc4b2a76b9719d911017c592");
  EXPECT_EQ(Md5OfBody("h\xc3\xa9llo"), Md5OfBody("h\xc3\xa9llo"));
}

// The check value of AWS-WIRE-PROTOCOLS.md (and of SQS's documentation).
TEST(MessageMd5Test, AttributesMatchTheDocumentedCheckValue) {
  const MessageAttributes attributes = {{"timestamp", StringValue("Number", "1493147359900")}};
  EXPECT_EQ(Md5OfMessageAttributes(attributes), "235c5c510d26fb653d073faed50ae77c");
}

// Values that SDKs which verify MD5OfMessageAttributes accept.
TEST(MessageMd5Test, AttributesMatchPublishedValues) {
  EXPECT_EQ(Md5OfMessageAttributes({{"SellerName", StringValue("String", "Example Store")}}),
            "cd28f3b68aeee4b2eac9c66f2f694b58");
  EXPECT_EQ(Md5OfMessageAttributes({{"ordinal", StringValue("Number", "1")},
                                    {"category", StringValue("String", "test")}}),
            "d21ae90c49061e927f57df5f5d72be1f");
}

TEST(MessageMd5Test, NoAttributesIsEmpty) { EXPECT_EQ(Md5OfMessageAttributes({}), ""); }

TEST(MessageMd5Test, BinaryAttributesUseTheirBytesAndTransportTwo) {
  MessageAttributeValue binary{"Binary", "", "\x01\x02\x03"};
  const std::string digest = Md5OfMessageAttributes({{"b", binary}});
  EXPECT_EQ(digest.size(), 32u);
  binary.data_type = "Binary.raw";
  EXPECT_NE(Md5OfMessageAttributes({{"b", binary}}), digest);
  // The encoding, written out: u32be name, u32be type, transport, u32be value.
  const std::string encoded = std::string(
      "\0\0\0\x01"
      "b"
      "\0\0\0\x06"
      "Binary"
      "\x02"
      "\0\0\0\x03"
      "\x01\x02\x03",
      23);
  EXPECT_EQ(digest, Md5OfBody(encoded));
}

}  // namespace
}  // namespace gloss::queue::protocol
