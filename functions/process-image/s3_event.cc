#include "process-image/s3_event.h"

#include "core/hex.h"

namespace gloss::process_image {
namespace {

std::string StringAt(const nlohmann::json& object, const nlohmann::json::json_pointer& pointer) {
  if (!object.contains(pointer) || !object.at(pointer).is_string()) {
    return "";
  }
  return object.at(pointer).get<std::string>();
}

}  // namespace

std::optional<std::string> DecodeEventKey(std::string_view encoded) {
  std::string key;
  key.reserve(encoded.size());
  for (size_t i = 0; i < encoded.size(); ++i) {
    const char c = encoded[i];
    if (c == '+') {
      key.push_back(' ');
    } else if (c == '%') {
      if (i + 2 >= encoded.size()) {
        return std::nullopt;
      }
      const int high = HexDigitValue(encoded[i + 1]);
      const int low = HexDigitValue(encoded[i + 2]);
      if (high < 0 || low < 0) {
        return std::nullopt;
      }
      key.push_back(static_cast<char>(high * 16 + low));
      i += 2;
    } else {
      key.push_back(c);
    }
  }
  return key;
}

Result<std::vector<CreatedObject>> CreatedObjects(const nlohmann::json& event) {
  if (!event.is_object() || !event.contains("Records") || !event["Records"].is_array()) {
    return Status::InvalidArgument("not an S3 event: no Records array");
  }
  std::vector<CreatedObject> objects;
  for (const nlohmann::json& record : event["Records"]) {
    if (!record.is_object() || !StringAt(record, nlohmann::json::json_pointer("/eventName"))
                                    .starts_with("ObjectCreated:")) {
      continue;
    }
    CreatedObject object;
    object.bucket = StringAt(record, nlohmann::json::json_pointer("/s3/bucket/name"));
    const std::optional<std::string> key =
        DecodeEventKey(StringAt(record, nlohmann::json::json_pointer("/s3/object/key")));
    if (object.bucket.empty() || !key || key->empty()) {
      continue;
    }
    object.key = *key;
    objects.push_back(std::move(object));
  }
  return objects;
}

}  // namespace gloss::process_image
