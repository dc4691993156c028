// A project's images and their accepted objects in the formats CVAT and
// Label Studio import: COCO JSON, YOLO text files and Pascal VOC XML.
//
// Boxes and polygons both survive: every object keeps its bounding box in
// every format, and a polygon also goes into COCO's segmentation and a YOLO
// segmentation line. Objects without a box are left out. Class ids are the
// label names' sorted order, so the same labels always get the same ids.
//
// This module only renders file contents. Output file names come from
// ExportStems, which makes them safe to join to an output directory; an
// image's file_name is written into COCO and VOC documents as given and
// never becomes a path.
//
// Thread safety: values and pure functions.

#pragma once

#include <map>
#include <string>
#include <vector>

#include "annotate/annotation.h"
#include "core/result.h"

namespace gloss::annotate {

struct ExportImage {
  std::string id;         // Gloss's image id; named in errors.
  std::string file_name;  // The image's key's last path segment, or whatever the caller gives.
  int width = 0;          // Pixels.
  int height = 0;
  std::vector<DetectedObject> objects;
};

// One file name stem per image, in order: the file name's last path segment
// without its extension, every byte outside [A-Za-z0-9._-] replaced by '_',
// at most 200 characters, "image" when empty or only dots, and "-2", "-3", …
// appended to repeat stems (compared case-insensitively, for file systems
// that fold case). "classes" is taken by YOLO's classes.txt. Name the image
// files of an export after these too, so importers pair them.
std::vector<std::string> ExportStems(const std::vector<ExportImage>& images);

// One COCO document: {"info", "images": [{id, file_name, width, height}],
// "annotations": [{id, image_id, category_id, bbox [x, y, w, h], area,
// iscrowd: 0, segmentation: [[x1, y1, x2, y2, ...]] or []}],
// "categories": [{id, name, supercategory: ""}]}. Ids start at 1; pixel
// coordinates are rounded to 0.01; the area is the polygon's when there is one.
// Errors: kInvalidArgument when an image's width or height is not positive.
Result<std::string> ExportCoco(const std::vector<ExportImage>& images);

// File name → content: "classes.txt" (one label per line, line i is class
// i) and "<stem>.txt" per image, one line per object, normalised to 6
// decimals: "class x_center y_center width height", or for a polygon
// "class x1 y1 x2 y2 ...". In an image with any polygon, box-only objects
// are written as 4-corner polygons: Ultralytics reads a whole file as
// polygons once one line is, and would misread a box line.
// Errors: kInvalidArgument when an image's width or height is not positive.
Result<std::map<std::string, std::string>> ExportYolo(const std::vector<ExportImage>& images);

// File name → content: "<stem>.xml" per image, a Pascal VOC <annotation>
// with one <object> (name, pose, truncated, difficult, bndbox) per object.
// Coordinates are VOC's 1-based inclusive pixels: xmin = round(x * width) + 1,
// xmax = round((x + w) * width), clamped so 1 <= xmin <= xmax <= width (a box
// under half a pixel wide becomes one pixel); the same for y and height.
// Errors: kInvalidArgument when an image's width or height is not positive.
Result<std::map<std::string, std::string>> ExportPascalVoc(const std::vector<ExportImage>& images);

}  // namespace gloss::annotate
