#include "storage/event_json.h"

#include <gtest/gtest.h>

namespace gloss::storage {
namespace {

StorageEvent PutEvent() {
  return StorageEvent{.type = EventType::kObjectCreatedPut,
                      .bucket = "photos",
                      .key = "dir/a b+c\xC3\xA9.jpg",
                      .size = 1024,
                      .etag = "d41d8cd98f00b204e9800998ecf8427e",
                      .sequencer = 0x2A,
                      .event_time = FromUnixMillis(1'700'000'000'123),
                      .principal_id = "user:42",
                      .source_ip = "10.0.0.7",
                      .request_id = "REQ1"};
}

TEST(EventJsonTest, RecordHasS3sShape) {
  const NotificationContext context{
      .aws_region = "eu-west-1", .configuration_id = "thumbnails", .bucket_owner_id = "gloss"};
  const nlohmann::json expected = nlohmann::json::parse(R"({
    "eventVersion": "2.1",
    "eventSource": "aws:s3",
    "awsRegion": "eu-west-1",
    "eventTime": "2023-11-14T22:13:20.123Z",
    "eventName": "ObjectCreated:Put",
    "userIdentity": {"principalId": "user:42"},
    "requestParameters": {"sourceIPAddress": "10.0.0.7"},
    "responseElements": {"x-amz-request-id": "REQ1", "x-amz-id-2": "REQ1"},
    "s3": {
      "s3SchemaVersion": "1.0",
      "configurationId": "thumbnails",
      "bucket": {"name": "photos", "ownerIdentity": {"principalId": "gloss"},
                 "arn": "arn:aws:s3:::photos"},
      "object": {"key": "dir%2Fa+b%2Bc%C3%A9.jpg", "size": 1024,
                 "eTag": "d41d8cd98f00b204e9800998ecf8427e", "sequencer": "000000000000002A"}
    }
  })");
  EXPECT_EQ(S3EventRecord(PutEvent(), context), expected);
}

TEST(EventJsonTest, RemovalsHaveNoSizeOrEtag) {
  StorageEvent event = PutEvent();
  event.type = EventType::kObjectRemovedDelete;
  event.request_id.clear();
  const nlohmann::json record = S3EventRecord(event, {});
  const nlohmann::json& object = record["s3"]["object"];
  EXPECT_FALSE(object.contains("size"));
  EXPECT_FALSE(object.contains("eTag"));
  EXPECT_EQ(record["eventName"], "ObjectRemoved:Delete");
  EXPECT_EQ(record["awsRegion"], "us-east-1");
  // Without a request id the sequencer stands in.
  EXPECT_EQ(record["responseElements"]["x-amz-request-id"], "000000000000002A");
}

TEST(EventJsonTest, NotificationWrapsRecords) {
  const std::vector<StorageEvent> events = {PutEvent(), PutEvent()};
  const nlohmann::json document = nlohmann::json::parse(S3EventNotificationJson(events, {}));
  ASSERT_TRUE(document["Records"].is_array());
  EXPECT_EQ(document["Records"].size(), 2u);
}

TEST(EventJsonTest, FormEncodingAndSequencer) {
  EXPECT_EQ(FormEncodeKey("red flower.jpg"), "red+flower.jpg");
  EXPECT_EQ(FormEncodeKey("a*b_c-d~e/f"), "a*b_c-d%7Ee%2Ff");
  EXPECT_EQ(FormatSequencer(0), "0000000000000000");
  EXPECT_EQ(FormatSequencer(0x55AED6DCD90281E5), "55AED6DCD90281E5");
  EXPECT_LT(FormatSequencer(9), FormatSequencer(10));
}

TEST(EventJsonTest, EventFilterMatchesBucketKindPrefixAndSuffix) {
  const StorageEvent event = PutEvent();
  EXPECT_TRUE(EventFilter{}.Matches(event));
  EXPECT_TRUE(EventFilter{.bucket = "photos"}.Matches(event));
  EXPECT_FALSE(EventFilter{.bucket = "other"}.Matches(event));
  EXPECT_TRUE(EventFilter{.event_prefix = "ObjectCreated"}.Matches(event));
  EXPECT_TRUE(EventFilter{.event_prefix = "s3:ObjectCreated:*"}.Matches(event));
  EXPECT_TRUE(EventFilter{.event_prefix = "ObjectCreated:Put"}.Matches(event));
  EXPECT_FALSE(EventFilter{.event_prefix = "ObjectRemoved"}.Matches(event));
  EXPECT_TRUE((EventFilter{.key_prefix = "dir/", .key_suffix = ".jpg"}.Matches(event)));
  EXPECT_FALSE(EventFilter{.key_suffix = ".png"}.Matches(event));
  EXPECT_FALSE(EventFilter{.key_prefix = "other/"}.Matches(event));
}

}  // namespace
}  // namespace gloss::storage
