#include "process-image/image_processor.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <iostream>
#include <span>
#include <utility>

#include "media/image_pipeline.h"

namespace gloss::process_image {
namespace {

using nlohmann::json;

// An Image by its key: through app/'s byOriginalKey index when the schema
// has it (one index lookup), else by scanning listImages (the reference
// schema has no index on originalKey).
constexpr std::string_view kOriginalKeyIndexField = "imagesByOriginalKey";
constexpr std::string_view kFindImageByIndex = R"(
query FindImage($originalKey: String!, $nextToken: String) {
  imagesByOriginalKey(originalKey: $originalKey, nextToken: $nextToken) {
    items { id status metadata }
    nextToken
  }
})";
constexpr std::string_view kFindImageByScan = R"(
query FindImage($filter: ModelImageFilterInput, $nextToken: String) {
  listImages(filter: $filter, limit: 1000, nextToken: $nextToken) {
    items { id status metadata }
    nextToken
  }
})";
constexpr std::string_view kQueryFields = R"(
query QueryFields { __type(name: "Query") { fields { name } } })";

constexpr std::string_view kCreateImage = R"(
mutation CreateImage($input: CreateImageInput!) {
  createImage(input: $input) { id }
})";

constexpr std::string_view kUpdateImage = R"(
mutation UpdateImage($input: UpdateImageInput!) {
  updateImage(input: $input) { id }
})";

[[noreturn]] void Fail(std::string_view what, const AwsError& error) {
  throw HandlerError("ProcessImage.DependencyError", std::string(what) + ": " + error.ToString());
}

bool EndsWithIgnoringCase(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         std::equal(suffix.begin(), suffix.end(), text.end() - static_cast<long>(suffix.size()),
                    [](char a, char b) {
                      return std::tolower(static_cast<unsigned char>(a)) ==
                             std::tolower(static_cast<unsigned char>(b));
                    });
}

std::string Unquoted(std::string etag) {
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') {
    etag = etag.substr(1, etag.size() - 2);
  }
  return etag;
}

// The ETag an Image record was made from ("" if none).
std::string SourceEtagOf(const json& image) {
  if (!image.contains("metadata") || !image["metadata"].is_string()) {
    return "";
  }
  const json metadata = json::parse(image["metadata"].get<std::string>(), nullptr, false);
  if (!metadata.is_object() || !metadata.contains("source") || !metadata["source"].is_object() ||
      !metadata["source"].contains("etag") || !metadata["source"]["etag"].is_string()) {
    return "";
  }
  return metadata["source"]["etag"].get<std::string>();
}

json Entry(const CreatedObject& object, std::string_view result, std::string_view reason = {}) {
  json entry = {{"key", object.key}, {"result", result}};
  if (!reason.empty()) {
    entry["reason"] = reason;
  }
  return entry;
}

json RenditionJson(const media::EncodedImage& image) {
  return {{"width", image.width},
          {"height", image.height},
          {"bytes", image.bytes.size()},
          {"quality", image.quality}};
}

}  // namespace

std::string OutputKey(std::string_view original_key, std::string_view prefix,
                      std::string_view extension) {
  std::string_view path = original_key;
  if (path.starts_with(kOriginalPrefix)) {
    path.remove_prefix(kOriginalPrefix.size());
  }
  std::string key = std::string(prefix) + std::string(path);
  const bool has_extension = EndsWithIgnoringCase(path, extension) ||
                             (extension == ".jpg" && EndsWithIgnoringCase(path, ".jpeg"));
  if (!has_extension) {
    key += extension;
  }
  return key;
}

ImageProcessor::ImageProcessor(StorageClient storage, DataClient data,
                               media::PipelineOptions options)
    : storage_(std::move(storage)), data_(std::move(data)), options_(options) {}

JsonResult ImageProcessor::Handle(const json& event) {
  Result<std::vector<CreatedObject>> objects = CreatedObjects(event);
  if (!objects.ok()) {
    return HandlerError("ProcessImage.InvalidEvent", std::string(objects.status().message()));
  }
  json results = json::array();
  for (const CreatedObject& object : *objects) {
    results.push_back(Process(object));
  }
  return json{{"results", std::move(results)}};
}

json ImageProcessor::Process(const CreatedObject& object) {
  if (!object.key.starts_with(kOriginalPrefix)) {
    std::cout << "skipping " << object.key << ": not under " << kOriginalPrefix << "\n";
    return Entry(object, "SKIPPED", "not under images/original/");
  }
  Outcome<ObjectMetadata> head = storage_.HeadObject(object.bucket, object.key);
  if (!head.ok()) {
    if (head.error().http_status == 404) {
      std::cout << "skipping " << object.key << ": deleted since the event\n";
      return Entry(object, "SKIPPED", "the object no longer exists");
    }
    Fail("HeadObject " + object.key, head.error());
  }
  const std::string etag = Unquoted(head.value().etag);
  json image = FindImage(object.key);
  if (!image.is_null() && SourceEtagOf(image) == etag &&
      (image["status"] == "READY" || image["status"] == "FAILED")) {
    std::cout << "skipping " << object.key << ": already " << image["status"].get<std::string>()
              << " for ETag " << etag << "\n";
    return Entry(object, "SKIPPED", "already processed");
  }
  const std::string id = image.is_null() ? CreateImage(object) : image["id"].get<std::string>();
  if (!image.is_null()) {
    UpdateImage({{"id", id}, {"status", "PROCESSING"}, {"error", nullptr}});
  }
  json metadata = {{"source", {{"etag", etag}}}};
  auto fail = [&](const std::string& reason) {
    std::cout << "FAILED " << object.key << ": " << reason << "\n";
    UpdateImage({{"id", id},
                 {"status", "FAILED"},
                 {"error", reason},
                 {"bytes", head.value().content_length},
                 {"metadata", metadata.dump()}});
    return Entry(object, "FAILED", reason);
  };
  if (head.value().content_length > kMaxSourceBytes) {
    return fail("the original is " + std::to_string(head.value().content_length) +
                " bytes, over the limit of " + std::to_string(kMaxSourceBytes) + " bytes");
  }
  Outcome<GetObjectResult> original = storage_.GetObject(object.bucket, object.key);
  if (!original.ok()) {
    Fail("GetObject " + object.key, original.error());
  }
  const std::string& body = original.value().body;
  const auto started = std::chrono::steady_clock::now();
  Result<media::ProcessedImage> processed = media::ProcessImage(
      std::span(reinterpret_cast<const uint8_t*>(body.data()), body.size()), options_);
  if (!processed.ok()) {
    return fail(std::string(processed.status().message()));
  }
  const auto milliseconds = std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::steady_clock::now() - started)
                                .count();
  const std::string_view extension = media::ExtensionOf(options_.format);
  const std::string content_type(media::ContentTypeOf(options_.format));
  const std::string compressed_key = OutputKey(object.key, kCompressedPrefix, extension);
  const std::string thumbnail_key = OutputKey(object.key, kThumbnailPrefix, extension);
  for (const auto& [key, rendition] : {std::pair{&compressed_key, &processed->compressed},
                                       std::pair{&thumbnail_key, &processed->thumbnail}}) {
    Outcome<PutObjectResult> put =
        storage_.PutObject(object.bucket, *key, rendition->bytes, {.content_type = content_type});
    if (!put.ok()) {
      Fail("PutObject " + *key, put.error());
    }
  }
  const media::SourceInfo& source = processed->source;
  metadata["source"]["format"] = source.format;
  metadata["exif"] = source.exif;
  metadata["compressed"] = RenditionJson(processed->compressed);
  metadata["thumbnail"] = RenditionJson(processed->thumbnail);
  UpdateImage({{"id", id},
               {"status", "READY"},
               {"error", nullptr},
               {"compressedKey", compressed_key},
               {"thumbnailKey", thumbnail_key},
               {"width", source.width},
               {"height", source.height},
               {"bytes", head.value().content_length},
               {"contentType", source.content_type},
               {"takenAt", source.taken_at ? json(*source.taken_at) : json(nullptr)},
               {"metadata", metadata.dump()}});
  std::cout << "READY " << object.key << " (" << source.width << "x" << source.height << " "
            << source.format << ") in " << milliseconds << " ms: " << compressed_key << " "
            << processed->compressed.bytes.size() << " bytes, " << thumbnail_key << " "
            << processed->thumbnail.bytes.size() << " bytes\n";
  return Entry(object, "READY");
}

bool ImageProcessor::HasOriginalKeyIndex() {
  if (!has_original_key_index_) {
    Outcome<json> query_type = data_.Execute(kQueryFields);
    if (!query_type.ok()) {
      Fail("introspecting Query", query_type.error());
    }
    const json fields = query_type.value()["__type"].value("fields", json::array());
    has_original_key_index_ = std::any_of(fields.begin(), fields.end(), [](const json& field) {
      return field.value("name", "") == kOriginalKeyIndexField;
    });
    std::cout << (*has_original_key_index_
                      ? "Images are found by originalKey through imagesByOriginalKey\n"
                      : "Images are found by scanning listImages: the schema has no "
                        "imagesByOriginalKey index query\n");
  }
  return *has_original_key_index_;
}

json ImageProcessor::FindImage(const std::string& key) {
  Outcome<json> image =
      HasOriginalKeyIndex()
          ? data_.FirstItem(kFindImageByIndex, kOriginalKeyIndexField, {{"originalKey", key}})
          : data_.FirstItem(kFindImageByScan, "listImages",
                            {{"filter", {{"originalKey", {{"eq", key}}}}}});
  if (!image.ok()) {
    Fail("finding the Image of " + key, image.error());
  }
  return std::move(image).value();
}

std::string ImageProcessor::CreateImage(const CreatedObject& object) {
  // No owner: Amplify's CreateImageInput has no owner field, so a record the
  // function creates belongs to no user (signed-in users read it; ADMINS and
  // functions change it). Apps that want an owner create the record before
  // uploading, as Amplify apps do; the function then only updates it.
  const json input = {{"originalKey", object.key}, {"status", "PROCESSING"}};
  Outcome<json> created = data_.Execute(kCreateImage, {{"input", input}});
  if (!created.ok()) {
    Fail("createImage", created.error());
  }
  return created.value()["createImage"]["id"].get<std::string>();
}

void ImageProcessor::UpdateImage(json input) {
  Outcome<json> updated = data_.Execute(kUpdateImage, {{"input", std::move(input)}});
  if (!updated.ok()) {
    Fail("updateImage", updated.error());
  }
}

}  // namespace gloss::process_image
