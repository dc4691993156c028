#include "storage/events.h"

#include <array>
#include <cstdio>

namespace gloss::storage {
namespace {

struct EventTypeSpec {
  EventType type;
  std::string_view name;
};

constexpr std::array<EventTypeSpec, 4> kEventTypes = {{
    {EventType::kObjectCreatedPut, "ObjectCreated:Put"},
    {EventType::kObjectCreatedCopy, "ObjectCreated:Copy"},
    {EventType::kObjectCreatedCompleteMultipartUpload, "ObjectCreated:CompleteMultipartUpload"},
    {EventType::kObjectRemovedDelete, "ObjectRemoved:Delete"},
}};

}  // namespace

std::string_view EventTypeName(EventType type) {
  for (const EventTypeSpec& spec : kEventTypes) {
    if (spec.type == type) {
      return spec.name;
    }
  }
  return "";  // Unreachable: kEventTypes lists every EventType.
}

std::optional<EventType> ParseEventType(std::string_view name) {
  for (const EventTypeSpec& spec : kEventTypes) {
    if (spec.name == name) {
      return spec.type;
    }
  }
  return std::nullopt;
}

std::string FormatSequencer(int64_t sequencer) {
  std::array<char, 17> text{};
  std::snprintf(text.data(), text.size(), "%016llX", static_cast<unsigned long long>(sequencer));
  return std::string(text.data(), 16);
}

bool EventFilter::Matches(const StorageEvent& event) const {
  // Accept S3's configuration spelling too: "s3:ObjectCreated:*".
  std::string_view wanted = event_prefix;
  if (wanted.starts_with("s3:")) {
    wanted.remove_prefix(3);
  }
  if (wanted.ends_with('*')) {
    wanted.remove_suffix(1);
  }
  return (bucket.empty() || bucket == event.bucket) &&
         EventTypeName(event.type).starts_with(wanted) && event.key.starts_with(key_prefix) &&
         event.key.ends_with(key_suffix);
}

}  // namespace gloss::storage
