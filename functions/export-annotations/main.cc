// builtin:export-annotations (project_exporter.h).

#include <optional>

#include "export-annotations/project_exporter.h"
#include "gloss/runtime.h"

int main() {
  std::optional<gloss::export_annotations::ProjectExporter> exporter;
  auto init = [&]() -> std::optional<gloss::HandlerError> {
    gloss::Outcome<gloss::DataClient> data = gloss::DataClient::FromEnvironment();
    if (!data.ok()) {
      return gloss::HandlerError("ExportAnnotations.InitError", data.error().ToString());
    }
    exporter.emplace(std::move(data.value()));
    return std::nullopt;
  };
  return gloss::run(
      [&](const nlohmann::json& event, const gloss::Context&) { return exporter->Handle(event); },
      {.init = init});
}
