#include "annotate/annotation.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <string_view>
#include <utility>

namespace gloss::annotate {
namespace {

using nlohmann::json;

// Above this many entries a list is cut (highest confidence first).
constexpr size_t kMaxItems = 1000;
constexpr size_t kMaxTextLength = 2000;
// A coordinate this far above 1 cannot be a rounding slip: the box is in pixels.
constexpr double kPixelThreshold = 1.5;

std::string Trimmed(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())) != 0) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())) != 0) {
    text.remove_suffix(1);
  }
  if (text.size() > kMaxTextLength) {
    // Cut at a character boundary: never inside a UTF-8 sequence.
    size_t end = kMaxTextLength;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
      --end;
    }
    text = text.substr(0, end);
  }
  return std::string(text);
}

std::string LowerCase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

Status NotA(const std::string& path, std::string_view what) {
  return Status::InvalidArgument(path + " is not " + std::string(what));
}

// A confidence: 0..1; 1 < c <= 100 read as a percentage; absent: 1.
Result<double> ReadConfidence(const json& item, const std::string& path) {
  if (!item.contains("confidence") || item["confidence"].is_null()) {
    return 1.0;
  }
  const json& value = item["confidence"];
  if (!value.is_number() || !std::isfinite(value.get<double>())) {
    return NotA(path + ".confidence", "a number");
  }
  double confidence = value.get<double>();
  if (confidence > 1 && confidence <= 100) {
    confidence /= 100;
  }
  return std::clamp(confidence, 0.0, 1.0);
}

Result<double> ReadNumber(const json& object, const char* name, const std::string& path) {
  if (!object.contains(name) || !object[name].is_number() ||
      !std::isfinite(object[name].get<double>())) {
    return NotA(path + "." + name, "a number");
  }
  return object[name].get<double>();
}

// Scales pixel coordinates to 0..1 when any is clearly in pixels.
Status Normalise(std::vector<double*> xs, std::vector<double*> ys,
                 const std::optional<ImageSize>& size, const std::string& path) {
  bool pixels = false;
  for (const std::vector<double*>* axis : {&xs, &ys}) {
    for (const double* value : *axis) {
      pixels = pixels || *value > kPixelThreshold;
    }
  }
  if (!pixels) {
    return Status::Ok();
  }
  if (!size || size->width <= 0 || size->height <= 0) {
    return Status::InvalidArgument(path + " is in pixels but the image size is unknown");
  }
  for (double* x : xs) {
    *x /= size->width;
  }
  for (double* y : ys) {
    *y /= size->height;
  }
  return Status::Ok();
}

// A box {x, y, w|width, h|height} clipped to the image; nullopt when nothing
// of it is inside.
Result<std::optional<Box>> ReadBox(const json& value, const std::optional<ImageSize>& size,
                                   const std::string& path) {
  if (!value.is_object()) {
    return NotA(path, "an object {x, y, w, h}");
  }
  const char* width_name = value.contains("w") ? "w" : "width";
  const char* height_name = value.contains("h") ? "h" : "height";
  ASSIGN_OR_RETURN(double x, ReadNumber(value, "x", path));
  ASSIGN_OR_RETURN(double y, ReadNumber(value, "y", path));
  ASSIGN_OR_RETURN(double w, ReadNumber(value, width_name, path));
  ASSIGN_OR_RETURN(double h, ReadNumber(value, height_name, path));
  if (w < 0 || h < 0) {
    return Status::InvalidArgument(path + " has a negative size");
  }
  RETURN_IF_ERROR(Normalise({&x, &w}, {&y, &h}, size, path));
  // Inside the image (allowing for rounding): kept exactly as given, so a
  // box read back from what ToJson wrote is the same box.
  constexpr double kSlack = 1e-9;
  if (x >= 0 && y >= 0 && x + w <= 1 + kSlack && y + h <= 1 + kSlack && w > 0 && h > 0) {
    return std::optional<Box>(Box{.x = x, .y = y, .w = w, .h = h});
  }
  const double left = std::clamp(x, 0.0, 1.0);
  const double top = std::clamp(y, 0.0, 1.0);
  const double right = std::clamp(x + w, 0.0, 1.0);
  const double bottom = std::clamp(y + h, 0.0, 1.0);
  if (right <= left || bottom <= top) {
    return std::optional<Box>();
  }
  return std::optional<Box>(Box{.x = left, .y = top, .w = right - left, .h = bottom - top});
}

Result<std::vector<std::array<double, 2>>> ReadPolygon(const json& value,
                                                       const std::optional<ImageSize>& size,
                                                       const std::string& path) {
  if (!value.is_array() || value.size() < 3 || value.size() > kMaxItems) {
    return NotA(path, "an array of 3 to 1000 [x, y] points");
  }
  std::vector<std::array<double, 2>> points;
  for (size_t i = 0; i < value.size(); ++i) {
    const json& point = value[i];
    if (!point.is_array() || point.size() != 2 || !point[0].is_number() || !point[1].is_number() ||
        !std::isfinite(point[0].get<double>()) || !std::isfinite(point[1].get<double>())) {
      return NotA(path + "[" + std::to_string(i) + "]", "an [x, y] point");
    }
    points.push_back({point[0].get<double>(), point[1].get<double>()});
  }
  std::vector<double*> xs;
  std::vector<double*> ys;
  for (std::array<double, 2>& point : points) {
    xs.push_back(&point[0]);
    ys.push_back(&point[1]);
  }
  RETURN_IF_ERROR(Normalise(xs, ys, size, path));
  for (std::array<double, 2>& point : points) {
    point[0] = std::clamp(point[0], 0.0, 1.0);
    point[1] = std::clamp(point[1], 0.0, 1.0);
  }
  return points;
}

std::optional<Box> BoundsOf(const std::vector<std::array<double, 2>>& points) {
  double left = 1;
  double top = 1;
  double right = 0;
  double bottom = 0;
  for (const std::array<double, 2>& point : points) {
    left = std::min(left, point[0]);
    right = std::max(right, point[0]);
    top = std::min(top, point[1]);
    bottom = std::max(bottom, point[1]);
  }
  if (right <= left || bottom <= top) {
    return std::nullopt;
  }
  return Box{.x = left, .y = top, .w = right - left, .h = bottom - top};
}

// The array at `name`, or empty when absent or null.
Result<const json*> ListOf(const json& document, const char* name) {
  static const json empty_list = json::array();  // Immutable, shared by every call.
  if (!document.contains(name) || document[name].is_null()) {
    return &empty_list;
  }
  if (!document[name].is_array()) {
    return NotA(name, "an array");
  }
  return &document[name];
}

Result<std::vector<Label>> ReadLabels(const json& document) {
  ASSIGN_OR_RETURN(const json* list, ListOf(document, "labels"));
  std::map<std::string, double> best;
  for (size_t i = 0; i < list->size(); ++i) {
    const json& item = (*list)[i];
    const std::string path = "labels[" + std::to_string(i) + "]";
    std::string name;
    double confidence = 1;
    if (item.is_string()) {
      name = item.get<std::string>();
    } else if (item.is_object() && item.contains("name") && item["name"].is_string()) {
      name = item["name"].get<std::string>();
      ASSIGN_OR_RETURN(confidence, ReadConfidence(item, path));
    } else {
      return NotA(path, "a label {name, confidence}");
    }
    name = LowerCase(Trimmed(name));
    if (name.empty()) {
      continue;
    }
    const auto [at, inserted] = best.emplace(name, confidence);
    if (!inserted) {
      at->second = std::max(at->second, confidence);
    }
  }
  std::vector<Label> labels;
  for (auto& [name, confidence] : best) {
    labels.push_back({.name = name, .confidence = confidence});
  }
  std::stable_sort(labels.begin(), labels.end(),
                   [](const Label& a, const Label& b) { return a.confidence > b.confidence; });
  if (labels.size() > kMaxItems) {
    labels.resize(kMaxItems);
  }
  return labels;
}

Result<std::vector<DetectedObject>> ReadObjects(const json& document,
                                                const std::optional<ImageSize>& size) {
  ASSIGN_OR_RETURN(const json* list, ListOf(document, "objects"));
  std::vector<DetectedObject> objects;
  for (size_t i = 0; i < list->size(); ++i) {
    const json& item = (*list)[i];
    const std::string path = "objects[" + std::to_string(i) + "]";
    if (!item.is_object()) {
      return NotA(path, "an object {label, confidence, box | polygon}");
    }
    const char* label_name = item.contains("label") ? "label" : "name";
    if (!item.contains(label_name) || !item[label_name].is_string()) {
      return NotA(path + ".label", "a string");
    }
    DetectedObject object;
    object.label = LowerCase(Trimmed(item[label_name].get<std::string>()));
    ASSIGN_OR_RETURN(object.confidence, ReadConfidence(item, path));
    if (item.contains("polygon") && !item["polygon"].is_null()) {
      ASSIGN_OR_RETURN(object.polygon, ReadPolygon(item["polygon"], size, path + ".polygon"));
      object.box = BoundsOf(object.polygon);
    } else if (item.contains("box")) {
      ASSIGN_OR_RETURN(object.box, ReadBox(item["box"], size, path + ".box"));
    } else {
      return Status::InvalidArgument(path + " has neither a box nor a polygon");
    }
    if (object.label.empty() || !object.box) {
      continue;  // Nothing of it inside the image, or no name: nothing to keep.
    }
    objects.push_back(std::move(object));
  }
  std::stable_sort(objects.begin(), objects.end(),
                   [](const auto& a, const auto& b) { return a.confidence > b.confidence; });
  if (objects.size() > kMaxItems) {
    objects.resize(kMaxItems);
  }
  return objects;
}

Result<std::vector<TextItem>> ReadText(const json& document, const std::optional<ImageSize>& size) {
  ASSIGN_OR_RETURN(const json* list, ListOf(document, "text"));
  std::vector<TextItem> items;
  for (size_t i = 0; i < list->size(); ++i) {
    const json& item = (*list)[i];
    const std::string path = "text[" + std::to_string(i) + "]";
    TextItem text;
    if (item.is_string()) {
      text.text = Trimmed(item.get<std::string>());
    } else if (item.is_object() && item.contains("text") && item["text"].is_string()) {
      text.text = Trimmed(item["text"].get<std::string>());
      ASSIGN_OR_RETURN(text.confidence, ReadConfidence(item, path));
      if (item.contains("box") && !item["box"].is_null()) {
        ASSIGN_OR_RETURN(text.box, ReadBox(item["box"], size, path + ".box"));
      }
    } else {
      return NotA(path, "a text item {text, confidence, box}");
    }
    if (!text.text.empty()) {
      items.push_back(std::move(text));
    }
  }
  if (items.size() > kMaxItems) {
    items.resize(kMaxItems);
  }
  return items;
}

json BoxJson(const Box& box) { return {{"x", box.x}, {"y", box.y}, {"w", box.w}, {"h", box.h}}; }

}  // namespace

double IntersectionOverUnion(const Box& a, const Box& b) {
  const double left = std::max(a.x, b.x);
  const double top = std::max(a.y, b.y);
  const double right = std::min(a.x + a.w, b.x + b.w);
  const double bottom = std::min(a.y + a.h, b.y + b.h);
  if (right <= left || bottom <= top) {
    return 0;
  }
  const double intersection = (right - left) * (bottom - top);
  const double union_area = a.Area() + b.Area() - intersection;
  return union_area <= 0 ? 0 : intersection / union_area;
}

Result<Annotation> FromJson(const json& document, std::optional<ImageSize> size) {
  if (!document.is_object()) {
    return Status::InvalidArgument("the annotation is not a JSON object");
  }
  Annotation annotation;
  ASSIGN_OR_RETURN(annotation.labels, ReadLabels(document));
  ASSIGN_OR_RETURN(annotation.objects, ReadObjects(document, size));
  ASSIGN_OR_RETURN(annotation.text, ReadText(document, size));
  if (document.contains("caption") && !document["caption"].is_null()) {
    if (!document["caption"].is_string()) {
      return NotA("caption", "a string");
    }
    annotation.caption = Trimmed(document["caption"].get<std::string>());
  }
  return annotation;
}

json LabelsJson(const Annotation& annotation) {
  json labels = json::array();
  for (const Label& label : annotation.labels) {
    labels.push_back({{"name", label.name}, {"confidence", label.confidence}});
  }
  return labels;
}

json ObjectsJson(const Annotation& annotation) {
  json objects = json::array();
  for (const DetectedObject& object : annotation.objects) {
    json item = {{"label", object.label}, {"confidence", object.confidence}};
    if (object.box) {
      item["box"] = BoxJson(*object.box);
    }
    if (!object.polygon.empty()) {
      item["polygon"] = object.polygon;
    }
    objects.push_back(std::move(item));
  }
  return objects;
}

json TextJson(const Annotation& annotation) {
  json items = json::array();
  for (const TextItem& text : annotation.text) {
    json item = {{"text", text.text}, {"confidence", text.confidence}};
    if (text.box) {
      item["box"] = BoxJson(*text.box);
    }
    items.push_back(std::move(item));
  }
  return items;
}

json ToJson(const Annotation& annotation) {
  return {{"labels", LabelsJson(annotation)},
          {"objects", ObjectsJson(annotation)},
          {"text", TextJson(annotation)},
          {"caption", annotation.caption}};
}

}  // namespace gloss::annotate
