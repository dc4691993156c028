#include "storage/event_json.h"

#include <array>
#include <chrono>
#include <cstdio>

#include <time.h>

namespace gloss::storage {

nlohmann::json S3EventRecord(const StorageEvent& event, const NotificationContext& context) {
  nlohmann::json object = {{"key", FormEncodeKey(event.key)}};
  if (event.type != EventType::kObjectRemovedDelete) {
    object["size"] = event.size;
    object["eTag"] = event.etag;
  }
  object["sequencer"] = FormatSequencer(event.sequencer);
  // Without a request id from the caller, the sequencer identifies the change.
  const std::string request_id =
      event.request_id.empty() ? FormatSequencer(event.sequencer) : event.request_id;
  return {
      {"eventVersion", "2.1"},
      {"eventSource", "aws:s3"},
      {"awsRegion", context.aws_region},
      {"eventTime", FormatEventTime(event.event_time)},
      {"eventName", EventTypeName(event.type)},
      {"userIdentity", {{"principalId", event.principal_id}}},
      {"requestParameters", {{"sourceIPAddress", event.source_ip}}},
      {"responseElements", {{"x-amz-request-id", request_id}, {"x-amz-id-2", request_id}}},
      {"s3",
       {{"s3SchemaVersion", "1.0"},
        {"configurationId", context.configuration_id},
        {"bucket",
         {{"name", event.bucket},
          {"ownerIdentity", {{"principalId", context.bucket_owner_id}}},
          {"arn", "arn:aws:s3:::" + event.bucket}}},
        {"object", std::move(object)}}},
  };
}

std::string S3EventNotificationJson(std::span<const StorageEvent> events,
                                    const NotificationContext& context) {
  nlohmann::json records = nlohmann::json::array();
  for (const StorageEvent& event : events) {
    records.push_back(S3EventRecord(event, context));
  }
  // Keys are form-encoded ASCII; `replace` only guards the other strings.
  return nlohmann::json{{"Records", std::move(records)}}.dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string FormEncodeKey(std::string_view key) {
  constexpr std::string_view kHex = "0123456789ABCDEF";
  std::string encoded;
  encoded.reserve(key.size());
  for (const char c : key) {
    const auto byte = static_cast<unsigned char>(c);
    const bool keep = (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') ||
                      (byte >= '0' && byte <= '9') || c == '.' || c == '-' || c == '*' || c == '_';
    if (keep) {
      encoded += c;
    } else if (c == ' ') {
      encoded += '+';
    } else {
      encoded += '%';
      encoded += kHex[byte >> 4];
      encoded += kHex[byte & 0xF];
    }
  }
  return encoded;
}

std::string FormatEventTime(TimePoint time) {
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
  const time_t seconds = static_cast<time_t>(millis / 1000);
  struct tm utc {};
  gmtime_r(&seconds, &utc);
  std::array<char, 32> text{};
  const int length = std::snprintf(text.data(), text.size(), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                                   utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour,
                                   utc.tm_min, utc.tm_sec, static_cast<int>(millis % 1000));
  return std::string(text.data(), static_cast<size_t>(length));
}

}  // namespace gloss::storage
