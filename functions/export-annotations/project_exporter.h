// builtin:export-annotations, the handler of the query
// exportAnnotations(projectId, format) (and so of `gloss export`): a
// project's images (imagesByProject, those with a size: processed) with the
// objects of their ACCEPTED annotations (AI predictions a person accepted,
// and HUMAN annotations, corrections included) in a format CVAT and Label
// Studio import (annotate/export.h):
//
//   coco  {"annotations.json": ...}
//   yolo  {"classes.txt": ..., "<image>.txt": ...}
//   voc   {"<image>.xml": ...}
//
// Answers {"projectId", "format", "images", "objects", "files": {name: text}}.
//
// Thread safety: one exporter per thread.

#pragma once

#include <nlohmann/json.hpp>

#include "gloss/data_client.h"
#include "gloss/runtime.h"

namespace gloss::export_annotations {

class ProjectExporter {
 public:
  explicit ProjectExporter(DataClient data);

  JsonResult Handle(const nlohmann::json& event);

 private:
  DataClient data_;
};

}  // namespace gloss::export_annotations
