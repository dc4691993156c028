// builtin:process-image's work for one S3 event: every object created under
// images/original/ gets a compressed copy (images/compressed/, for AI) and a
// thumbnail (images/thumbnail/, for the gallery) from media/'s pipeline, and
// its Image record (found by originalKey, created if missing) goes
// PROCESSING, then READY with what the pipeline learnt, or FAILED with why.
//
// Idempotent: an Image already READY or FAILED for the object's current ETag
// is left alone. Never re-triggers itself: its outputs are outside
// images/original/, and it skips keys outside that prefix whatever its
// trigger says.
//
// Failures of the image itself (not an image, truncated, over a limit) end
// in FAILED and a successful invocation: retrying cannot help. Failures of
// storage or the data API are the invocation's error, so Lambda's retry
// policy runs it again.
//
// Thread safety: one processor per thread (it owns its SDK clients).

#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "gloss/data_client.h"
#include "gloss/runtime.h"
#include "gloss/storage_client.h"
#include "media/pipeline_options.h"
#include "process-image/s3_event.h"

namespace gloss::process_image {

inline constexpr std::string_view kOriginalPrefix = "images/original/";
inline constexpr std::string_view kCompressedPrefix = "images/compressed/";
inline constexpr std::string_view kThumbnailPrefix = "images/thumbnail/";

// Originals larger than this are FAILED without being read.
inline constexpr uint64_t kMaxSourceBytes = uint64_t{256} << 20;

// Where an output of `original_key` goes: `prefix` + the path under
// images/original/, with `extension` appended unless it already ends so
// ("a/b.png" -> "a/b.png.jpg", "a/b.JPG" -> "a/b.JPG").
std::string OutputKey(std::string_view original_key, std::string_view prefix,
                      std::string_view extension);

class ImageProcessor {
 public:
  ImageProcessor(StorageClient storage, DataClient data, media::PipelineOptions options);

  // One entry per created object: {"key", "result": "READY" | "FAILED" |
  // "SKIPPED", "reason"?}.
  JsonResult Handle(const nlohmann::json& event);

 private:
  // The object's entry; throws HandlerError for storage and data failures.
  nlohmann::json Process(const CreatedObject& object);
  // The Image whose originalKey is `key` ({"id","status","metadata"}), or null.
  nlohmann::json FindImage(const std::string& key);
  // Whether the app's schema has the imagesByOriginalKey index query; asked
  // once (introspection), on the first lookup.
  bool HasOriginalKeyIndex();
  std::string CreateImage(const CreatedObject& object);
  void UpdateImage(nlohmann::json input);

  StorageClient storage_;
  DataClient data_;
  media::PipelineOptions options_;
  std::optional<bool> has_original_key_index_;
};

}  // namespace gloss::process_image
