// `gloss export --project ID --format coco|yolo|voc --out DIR`: asks the
// running sandbox of APP (its gloss_outputs.json, signed with the admin key
// pair of its state folder) for exportAnnotations(projectId, format) and
// writes the files it answers into DIR, created if missing.
//
// File names come from the export (already reduced to [A-Za-z0-9._-]); any
// name with a path separator or a leading dot is refused, so nothing is
// written outside DIR.
//
// Exit codes: 0; 1 when the sandbox cannot be reached or refuses (the
// message says which); 2 for usage errors.

#pragma once

#include <filesystem>
#include <string>

namespace gloss::sandbox {

struct ExportCommand {
  std::filesystem::path app_dir;
  std::filesystem::path state_dir;
  std::string project_id;
  std::string format;
  std::filesystem::path out_dir;
};

int RunExportCommand(const ExportCommand& command);

}  // namespace gloss::sandbox
