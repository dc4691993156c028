#include "annotate/export.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <set>
#include <sstream>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

namespace gloss::annotate {
namespace {

using nlohmann::json;
using Point = std::array<double, 2>;

constexpr size_t kMaxStemLength = 200;
constexpr std::string_view kClassesStem = "classes";

Status CheckSizes(const std::vector<ExportImage>& images) {
  for (const ExportImage& image : images) {
    if (image.width <= 0 || image.height <= 0) {
      return Status::InvalidArgument("image " + image.id + " has no width and height");
    }
  }
  return Status::Ok();
}

// Every object label, sorted: a label's index is its class id.
std::vector<std::string> ClassNames(const std::vector<ExportImage>& images) {
  std::set<std::string> names;
  for (const ExportImage& image : images) {
    for (const DetectedObject& object : image.objects) {
      if (object.box) {
        names.insert(object.label);
      }
    }
  }
  return {names.begin(), names.end()};
}

size_t ClassId(const std::vector<std::string>& classes, const std::string& label) {
  return static_cast<size_t>(std::lower_bound(classes.begin(), classes.end(), label) -
                             classes.begin());
}

// Control characters would end a YOLO line or make the XML ill-formed.
std::string Printable(std::string text) {
  std::replace_if(
      text.begin(), text.end(), [](unsigned char c) { return std::iscntrl(c) != 0; }, ' ');
  return text;
}

std::string SafeStem(std::string_view file_name) {
  const size_t separator = file_name.find_last_of("/\\");
  if (separator != std::string_view::npos) {
    file_name.remove_prefix(separator + 1);  // A path: its last segment.
  }
  const size_t dot = file_name.rfind('.');
  std::string stem(file_name.substr(0, dot == 0 ? std::string_view::npos : dot));
  std::replace_if(
      stem.begin(), stem.end(),
      [](unsigned char c) { return std::isalnum(c) == 0 && c != '.' && c != '_' && c != '-'; },
      '_');
  stem.resize(std::min(stem.size(), kMaxStemLength));
  if (stem.find_first_not_of('.') == std::string::npos) {
    return "image";  // Empty, ".", ".." and the like.
  }
  return stem;
}

std::string LowerCase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

double RoundToHundredths(double value) { return std::round(value * 100) / 100; }

// The object's polygon in pixels, or empty.
std::vector<Point> PixelPolygon(const DetectedObject& object, const ExportImage& image) {
  std::vector<Point> points;
  for (const Point& point : object.polygon) {
    points.push_back(
        {RoundToHundredths(point[0] * image.width), RoundToHundredths(point[1] * image.height)});
  }
  return points;
}

// Shoelace formula.
double PolygonArea(const std::vector<Point>& points) {
  double twice_area = 0;
  for (size_t point_idx = 0; point_idx < points.size(); ++point_idx) {
    const Point& a = points[point_idx];
    const Point& b = points[(point_idx + 1) % points.size()];
    twice_area += a[0] * b[1] - b[0] * a[1];
  }
  return std::abs(twice_area) / 2;
}

json CocoAnnotation(const DetectedObject& object, const ExportImage& image) {
  const Box& box = *object.box;
  const double width = RoundToHundredths(box.w * image.width);
  const double height = RoundToHundredths(box.h * image.height);
  const std::vector<Point> polygon = PixelPolygon(object, image);
  json segmentation = json::array();
  if (!polygon.empty()) {
    json flat = json::array();
    for (const Point& point : polygon) {
      flat.push_back(point[0]);
      flat.push_back(point[1]);
    }
    segmentation.push_back(std::move(flat));
  }
  return {{"bbox",
           {RoundToHundredths(box.x * image.width), RoundToHundredths(box.y * image.height), width,
            height}},
          {"area", RoundToHundredths(polygon.empty() ? width * height : PolygonArea(polygon))},
          {"iscrowd", 0},
          {"segmentation", std::move(segmentation)}};
}

void AppendNumber(std::string& line, double value) {
  std::array<char, 32> buffer{};
  std::snprintf(buffer.data(), buffer.size(), " %.6f", value);
  line += buffer.data();
}

std::vector<Point> Corners(const Box& box) {
  return {{box.x, box.y},
          {box.x + box.w, box.y},
          {box.x + box.w, box.y + box.h},
          {box.x, box.y + box.h}};
}

std::string YoloLine(size_t class_id, const DetectedObject& object, bool as_polygon) {
  std::string line = std::to_string(class_id);
  const Box& box = *object.box;
  if (!as_polygon) {
    for (const double value : {box.x + box.w / 2, box.y + box.h / 2, box.w, box.h}) {
      AppendNumber(line, value);
    }
    return line + "\n";
  }
  for (const Point& point : object.polygon.empty() ? Corners(box) : object.polygon) {
    AppendNumber(line, point[0]);
    AppendNumber(line, point[1]);
  }
  return line + "\n";
}

// VOC's 1-based inclusive pixel range [min, max] of the span start..start+size
// (0..1) of an image `pixels` wide.
std::pair<int, int> VocRange(double start, double size, int pixels) {
  const int low = std::clamp(static_cast<int>(std::lround(start * pixels)) + 1, 1, pixels);
  const int high = std::clamp(static_cast<int>(std::lround((start + size) * pixels)), low, pixels);
  return {low, high};
}

void AppendText(pugi::xml_node parent, const char* name, const std::string& text) {
  parent.append_child(name).text().set(Printable(text).c_str());
}

std::string VocDocument(const ExportImage& image) {
  pugi::xml_document document;
  pugi::xml_node root = document.append_child("annotation");
  root.append_child("folder");
  AppendText(root, "filename", image.file_name);
  pugi::xml_node size = root.append_child("size");
  size.append_child("width").text().set(image.width);
  size.append_child("height").text().set(image.height);
  size.append_child("depth").text().set(3);
  for (const DetectedObject& object : image.objects) {
    if (!object.box) {
      continue;
    }
    pugi::xml_node node = root.append_child("object");
    AppendText(node, "name", object.label);
    node.append_child("pose").text().set("Unspecified");
    node.append_child("truncated").text().set(0);
    node.append_child("difficult").text().set(0);
    const auto [xmin, xmax] = VocRange(object.box->x, object.box->w, image.width);
    const auto [ymin, ymax] = VocRange(object.box->y, object.box->h, image.height);
    pugi::xml_node box = node.append_child("bndbox");
    box.append_child("xmin").text().set(xmin);
    box.append_child("ymin").text().set(ymin);
    box.append_child("xmax").text().set(xmax);
    box.append_child("ymax").text().set(ymax);
  }
  std::ostringstream out;
  document.save(out, "  ");
  return out.str();
}

}  // namespace

std::vector<std::string> ExportStems(const std::vector<ExportImage>& images) {
  std::set<std::string> taken = {std::string(kClassesStem)};  // Lower case.
  std::vector<std::string> stems;
  for (const ExportImage& image : images) {
    const std::string base = SafeStem(image.file_name);
    std::string stem = base;
    for (int suffix = 2; taken.contains(LowerCase(stem)); ++suffix) {
      stem = base + "-" + std::to_string(suffix);
    }
    taken.insert(LowerCase(stem));
    stems.push_back(std::move(stem));
  }
  return stems;
}

Result<std::string> ExportCoco(const std::vector<ExportImage>& images) {
  RETURN_IF_ERROR(CheckSizes(images));
  const std::vector<std::string> classes = ClassNames(images);
  json coco_images = json::array();
  json annotations = json::array();
  for (size_t image_idx = 0; image_idx < images.size(); ++image_idx) {
    const ExportImage& image = images[image_idx];
    coco_images.push_back({{"id", image_idx + 1},
                           {"file_name", image.file_name},
                           {"width", image.width},
                           {"height", image.height}});
    for (const DetectedObject& object : image.objects) {
      if (!object.box) {
        continue;
      }
      json annotation = CocoAnnotation(object, image);
      annotation["id"] = annotations.size() + 1;
      annotation["image_id"] = image_idx + 1;
      annotation["category_id"] = ClassId(classes, object.label) + 1;
      annotations.push_back(std::move(annotation));
    }
  }
  json categories = json::array();
  for (size_t class_idx = 0; class_idx < classes.size(); ++class_idx) {
    categories.push_back(
        {{"id", class_idx + 1}, {"name", classes[class_idx]}, {"supercategory", ""}});
  }
  const json document = {{"info", {{"description", "Exported by Gloss"}}},
                         {"images", std::move(coco_images)},
                         {"annotations", std::move(annotations)},
                         {"categories", std::move(categories)}};
  // Names are caller data: invalid UTF-8 is replaced rather than thrown on.
  return document.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<std::map<std::string, std::string>> ExportYolo(const std::vector<ExportImage>& images) {
  RETURN_IF_ERROR(CheckSizes(images));
  const std::vector<std::string> classes = ClassNames(images);
  const std::vector<std::string> stems = ExportStems(images);
  std::map<std::string, std::string> files;
  std::string& class_list = files[std::string(kClassesStem) + ".txt"];
  for (const std::string& name : classes) {
    class_list += Printable(name) + "\n";
  }
  for (size_t image_idx = 0; image_idx < images.size(); ++image_idx) {
    const std::vector<DetectedObject>& objects = images[image_idx].objects;
    const bool polygons =
        std::any_of(objects.begin(), objects.end(),
                    [](const DetectedObject& object) { return !object.polygon.empty(); });
    std::string& content = files[stems[image_idx] + ".txt"];
    for (const DetectedObject& object : objects) {
      if (object.box) {
        content += YoloLine(ClassId(classes, object.label), object, polygons);
      }
    }
  }
  return files;
}

Result<std::map<std::string, std::string>> ExportPascalVoc(const std::vector<ExportImage>& images) {
  RETURN_IF_ERROR(CheckSizes(images));
  const std::vector<std::string> stems = ExportStems(images);
  std::map<std::string, std::string> files;
  for (size_t image_idx = 0; image_idx < images.size(); ++image_idx) {
    files[stems[image_idx] + ".xml"] = VocDocument(images[image_idx]);
  }
  return files;
}

}  // namespace gloss::annotate
