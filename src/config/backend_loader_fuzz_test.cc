// Any byte string given as backend.toml must yield a BackendSpec or a Status,
// never a crash, a hang or an uncaught exception.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string_view>

#include <stdlib.h>

#include "config/backend_loader.h"
#include "config/outputs.h"

namespace {

// An app folder with a schema and a node handler, so inputs can reach the
// code paths that check files.
const std::filesystem::path& AppDir() {
  static const std::filesystem::path dir = [] {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "gloss-fuzz-app-XXXXXX").string();
    const std::filesystem::path path(::mkdtemp(pattern.data()));
    std::filesystem::create_directories(path / "data");
    std::filesystem::create_directories(path / "functions/hello");
    std::ofstream(path / "data/schema.graphql") << "type Query { a: Int }\n";
    std::ofstream(path / "functions/hello/handler.ts") << "export const handler = 1;\n";
    return path;
  }();
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  gloss::Result<gloss::BackendSpec> spec =
      gloss::config::ParseBackend(text, "backend.toml", AppDir());
  if (spec.ok()) {
    // Rendering resolves every Template of a loaded spec: it must not fail either.
    (void)gloss::config::RenderOutputs(*spec, gloss::config::Endpoint{"http://127.0.0.1:4000"})
        .dump();
  }
  return 0;
}
