// What an annotation says about an image, in the reference schema's shapes
// (the AWSJSON fields of Annotation): labels, objects with boxes or
// polygons normalised to 0..1 of the image (origin top left), text with
// boxes, and a caption.
//
//   labels  [{"name": "cat", "confidence": 0.93}]
//   objects [{"label": "face", "confidence": 0.8, "box": {"x": 0.1, "y": 0.2, "w": 0.3, "h": 0.3}}]
//           or with "polygon": [[x, y], ...]
//   text    [{"text": "STOP", "confidence": 0.9, "box": {...}}]
//
// FromJson is the one gate every provider's output and every stored
// annotation goes through: it checks the shape and normalises what is safe
// to normalise (names trimmed and lower-cased, confidences clamped to 0..1,
// boxes clipped to the image, pixel boxes scaled when the image size is
// known, duplicates merged); what it cannot read is kInvalidArgument naming
// the field ("objects[2].box.w is not a number").
//
// Thread safety: values and pure functions.

#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace gloss::annotate {

struct Box {
  double x = 0;  // Left edge, 0..1 of the image width.
  double y = 0;  // Top edge, 0..1 of the image height.
  double w = 0;
  double h = 0;

  double Area() const { return w * h; }
  friend bool operator==(const Box&, const Box&) = default;
};

// Intersection over union of two boxes (0 when either is empty).
double IntersectionOverUnion(const Box& a, const Box& b);

struct Label {
  std::string name;
  double confidence = 1;
};

struct DetectedObject {
  std::string label;
  double confidence = 1;
  std::optional<Box> box;                      // Set for every object FromJson returns
  std::vector<std::array<double, 2>> polygon;  // (the polygon's bounds when only it was given).
};

struct TextItem {
  std::string text;
  double confidence = 1;
  std::optional<Box> box;
};

struct Annotation {
  std::vector<Label> labels;
  std::vector<DetectedObject> objects;
  std::vector<TextItem> text;
  std::string caption;
};

// The image's size in pixels, when known: boxes given in pixels (any
// coordinate above 1) are scaled by it.
struct ImageSize {
  int width = 0;
  int height = 0;
};

// Reads {"labels", "objects", "text", "caption"} (each optional).
Result<Annotation> FromJson(const nlohmann::json& document,
                            std::optional<ImageSize> size = std::nullopt);

// The four fields as the schema stores them.
nlohmann::json LabelsJson(const Annotation& annotation);
nlohmann::json ObjectsJson(const Annotation& annotation);
nlohmann::json TextJson(const Annotation& annotation);
// {"labels", "objects", "text", "caption"} together.
nlohmann::json ToJson(const Annotation& annotation);

}  // namespace gloss::annotate
