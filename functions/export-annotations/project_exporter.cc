#include "export-annotations/project_exporter.h"

#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "annotate/annotation.h"
#include "annotate/export.h"

namespace gloss::export_annotations {
namespace {

using nlohmann::json;

HandlerError Invalid(std::string message) {
  return HandlerError("ExportAnnotations.InvalidRequest", std::move(message));
}

// The objects of one stored annotation (its `objects` AWSJSON string).
std::vector<annotate::DetectedObject> ObjectsOf(const json& annotation) {
  if (!annotation.contains("objects") || !annotation["objects"].is_string()) {
    return {};
  }
  const json objects = json::parse(annotation["objects"].get<std::string>(), nullptr, false);
  Result<annotate::Annotation> read = annotate::FromJson(json{{"objects", objects}});
  return read.ok() ? std::move(read->objects) : std::vector<annotate::DetectedObject>{};
}

std::string FileNameOf(const std::string& key) {
  const size_t slash = key.rfind('/');
  return slash == std::string::npos ? key : key.substr(slash + 1);
}

}  // namespace

ProjectExporter::ProjectExporter(DataClient data) : data_(std::move(data)) {}

JsonResult ProjectExporter::Handle(const json& event) {
  const json arguments = event.value("arguments", json::object());
  const std::string project_id = arguments.value("projectId", "");
  const std::string format = arguments.value("format", "");
  if (project_id.empty()) {
    return Invalid("projectId is required");
  }
  if (format != "coco" && format != "yolo" && format != "voc") {
    return Invalid("format must be coco, yolo or voc, not '" + format + "'");
  }
  Outcome<std::vector<json>> images = data_.AllItems(
      "query Images($projectId: ID!, $nextToken: String) { imagesByProject(projectId: "
      "$projectId, limit: 1000, nextToken: $nextToken) { items { id originalKey width height } "
      "nextToken } }",
      "imagesByProject", {{"projectId", project_id}});
  if (!images.ok()) {
    return HandlerError("ExportAnnotations.DependencyError", images.error().ToString());
  }
  std::vector<annotate::ExportImage> exported;
  size_t object_count = 0;
  for (const json& image : images.value()) {
    if (!image["width"].is_number_integer() || !image["height"].is_number_integer()) {
      continue;  // Not processed (yet): no size to place boxes in.
    }
    Outcome<std::vector<json>> accepted = data_.AllItems(
        "query Accepted($imageId: ID!, $nextToken: String) { annotationsByImage(imageId: "
        "$imageId, filter: {reviewStatus: {eq: ACCEPTED}}, nextToken: $nextToken) { items { "
        "objects } nextToken } }",
        "annotationsByImage", {{"imageId", image["id"]}});
    if (!accepted.ok()) {
      return HandlerError("ExportAnnotations.DependencyError", accepted.error().ToString());
    }
    annotate::ExportImage entry{.id = image["id"].get<std::string>(),
                                .file_name = FileNameOf(image.value("originalKey", "")),
                                .width = image["width"].get<int>(),
                                .height = image["height"].get<int>(),
                                .objects = {}};
    for (const json& annotation : accepted.value()) {
      for (annotate::DetectedObject& object : ObjectsOf(annotation)) {
        entry.objects.push_back(std::move(object));
      }
    }
    object_count += entry.objects.size();
    exported.push_back(std::move(entry));
  }
  json files = json::object();
  if (format == "coco") {
    Result<std::string> coco = annotate::ExportCoco(exported);
    if (!coco.ok()) {
      return Invalid(std::string(coco.status().message()));
    }
    files["annotations.json"] = *coco;
  } else {
    Result<std::map<std::string, std::string>> written =
        format == "yolo" ? annotate::ExportYolo(exported) : annotate::ExportPascalVoc(exported);
    if (!written.ok()) {
      return Invalid(std::string(written.status().message()));
    }
    for (auto& [name, text] : *written) {
      files[name] = std::move(text);
    }
  }
  std::cout << "exported project " << project_id << " as " << format << ": " << exported.size()
            << " images, " << object_count << " objects\n";
  return json{{"projectId", project_id},
              {"format", format},
              {"images", exported.size()},
              {"objects", object_count},
              {"files", std::move(files)}};
}

}  // namespace gloss::export_annotations
