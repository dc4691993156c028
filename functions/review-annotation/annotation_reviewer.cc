#include "review-annotation/annotation_reviewer.h"

#include <iostream>
#include <string>
#include <utility>

#include "annotate/annotation.h"

namespace gloss::review_annotation {
namespace {

using nlohmann::json;

constexpr std::string_view kFields =
    "id imageId source provider model caption labels objects text reviewStatus reviewedBy";

HandlerError Invalid(std::string message) {
  return HandlerError("ReviewAnnotation.InvalidRequest", std::move(message));
}

HandlerError Dependency(std::string_view what, const AwsError& error) {
  return HandlerError("ReviewAnnotation.DependencyError",
                      std::string(what) + ": " + error.ToString());
}

// The caller's name as AppSync's identity gives it (username, else sub).
std::string ReviewerOf(const json& event) {
  const json identity = event.value("identity", json::object());
  if (identity.is_object()) {
    for (const char* key : {"username", "sub"}) {
      if (identity.contains(key) && identity[key].is_string()) {
        return identity[key].get<std::string>();
      }
    }
  }
  return "unknown";
}

}  // namespace

AnnotationReviewer::AnnotationReviewer(DataClient data) : data_(std::move(data)) {}

JsonResult AnnotationReviewer::Handle(const json& event) {
  const json arguments = event.value("arguments", json::object());
  const std::string id = arguments.value("annotationId", "");
  const std::string status = arguments.value("status", "");
  if (id.empty()) {
    return Invalid("annotationId is required");
  }
  if (status != "ACCEPTED" && status != "REJECTED" && status != "FIXED") {
    return Invalid("a review sets status ACCEPTED, REJECTED or FIXED, not " +
                   (status.empty() ? std::string("nothing") : status));
  }
  Outcome<json> found = data_.Execute(
      "query Get($id: ID!) { getAnnotation(id: $id) { " + std::string(kFields) + " } }",
      {{"id", id}});
  if (!found.ok()) {
    return Dependency("getAnnotation", found.error());
  }
  const json& annotation = found.value()["getAnnotation"];
  if (annotation.is_null()) {
    return Invalid("no Annotation with id " + id);
  }
  const std::string reviewer = ReviewerOf(event);
  json correction = nullptr;
  if (status == "FIXED") {
    const json given = arguments.contains("correction") && arguments["correction"].is_string()
                           ? json::parse(arguments["correction"].get<std::string>(), nullptr, false)
                           : json();
    if (!given.is_object()) {
      return Invalid(
          "a FIXED review needs `correction`: the corrected annotation as JSON "
          "{labels, objects, text, caption}");
    }
    Result<annotate::Annotation> fixed = annotate::FromJson(given);
    if (!fixed.ok()) {
      return Invalid("correction: " + std::string(fixed.status().message()));
    }
    const json input = {{"imageId", annotation["imageId"]},
                        {"source", "HUMAN"},
                        {"provider", "human"},
                        {"model", "correction of " + id},
                        {"caption", fixed->caption},
                        {"labels", annotate::LabelsJson(*fixed).dump()},
                        {"objects", annotate::ObjectsJson(*fixed).dump()},
                        {"text", annotate::TextJson(*fixed).dump()},
                        {"reviewStatus", "ACCEPTED"},
                        {"reviewedBy", reviewer}};
    Outcome<json> created = data_.Execute(
        "mutation Create($input: CreateAnnotationInput!) { createAnnotation(input: $input) { " +
            std::string(kFields) + " } }",
        {{"input", input}});
    if (!created.ok()) {
      return Dependency("createAnnotation", created.error());
    }
    correction = created.value()["createAnnotation"];
  }
  Outcome<json> updated = data_.Execute(
      "mutation Update($input: UpdateAnnotationInput!) { updateAnnotation(input: $input) { " +
          std::string(kFields) + " } }",
      {{"input", {{"id", id}, {"reviewStatus", status}, {"reviewedBy", reviewer}}}});
  if (!updated.ok()) {
    return Dependency("updateAnnotation", updated.error());
  }
  std::cout << reviewer << " reviewed annotation " << id << ": " << status << "\n";
  return json{{"annotation", updated.value()["updateAnnotation"]}, {"correction", correction}};
}

}  // namespace gloss::review_annotation
