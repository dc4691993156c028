// The S3 event notification document for StorageEvents, as S3 sends it to
// Lambda, SQS and SNS (eventVersion 2.1):
//
//   {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":...,
//     "eventTime":"1970-01-01T00:00:00.000Z","eventName":"ObjectCreated:Put",
//     "userIdentity":{"principalId":...},
//     "requestParameters":{"sourceIPAddress":...},
//     "responseElements":{"x-amz-request-id":...,"x-amz-id-2":...},
//     "s3":{"s3SchemaVersion":"1.0","configurationId":...,
//       "bucket":{"name":...,"ownerIdentity":{"principalId":...},"arn":"arn:aws:s3:::NAME"},
//       "object":{"key":"form+encoded","size":N,"eTag":"hex","sequencer":"HEX"}}}]}
//
// Removal events carry no size or eTag, as on S3.
//
// Thread safety: pure functions.

#pragma once

#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "storage/events.h"

namespace gloss::storage {

// What the document says that the event itself does not know.
struct NotificationContext {
  std::string aws_region = "us-east-1";
  std::string configuration_id{};  // The subscription's name, usually.
  std::string bucket_owner_id{};   // ownerIdentity.principalId.
};

// One element of "Records".
nlohmann::json S3EventRecord(const StorageEvent& event, const NotificationContext& context);

// {"Records":[...]} for `events`, serialised.
std::string S3EventNotificationJson(std::span<const StorageEvent> events,
                                    const NotificationContext& context);

// The key as S3 writes it in notifications: form encoding (letters, digits
// and ".-*_" kept; space as '+'; every other byte %XX upper-case).
std::string FormEncodeKey(std::string_view key);

// ISO 8601 with milliseconds in UTC: "2026-11-25T09:41:02.123Z".
std::string FormatEventTime(TimePoint time);

}  // namespace gloss::storage
