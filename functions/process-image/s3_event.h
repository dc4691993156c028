// The objects an S3 event notification (Lambda's S3 event, as gloss storage
// and AWS send it) names: bucket and decoded key. (The processor asks
// storage for the ETag: the object may have been replaced since.)
//
// Keys arrive form-encoded ("my+photo%C3%A9.jpg" for "my photoé.jpg").
// Records that are not ObjectCreated:* or lack a bucket or key are skipped;
// an event without a Records array is kInvalidArgument.
//
// Thread safety: pure functions.

#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace gloss::process_image {

struct CreatedObject {
  std::string bucket;
  std::string key;
};

Result<std::vector<CreatedObject>> CreatedObjects(const nlohmann::json& event);

// Undoes S3's form encoding of keys in events; nullopt for a malformed escape.
std::optional<std::string> DecodeEventKey(std::string_view encoded);

}  // namespace gloss::process_image
