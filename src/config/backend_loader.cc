#include "config/backend_loader.h"

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <system_error>
#include <utility>

#include <toml++/toml.h>

#include "config/internal/diagnostics.h"
#include "config/internal/name_resolution.h"
#include "config/internal/naming_rules.h"
#include "config/internal/sections.h"
#include "config/internal/table_reader.h"

namespace gloss::config {
namespace {

constexpr std::string_view kBackendFileName = "backend.toml";

std::filesystem::path Absolute(const std::filesystem::path& path) {
  std::error_code error;
  std::filesystem::path absolute = std::filesystem::absolute(path, error);
  return (error ? path : absolute).lexically_normal();
}

std::set<std::string> KeysOf(const std::map<std::string, const toml::table*>& tables) {
  std::set<std::string> keys;
  for (const auto& entry : tables) {
    keys.insert(entry.first);
  }
  return keys;
}

// Validates the parsed document; `root` is the whole file.
Result<BackendSpec> LoadDocument(const toml::table& root, const std::filesystem::path& app_dir,
                                 Diagnostics& diagnostics) {
  TableReader reader(root, "",
                     {"region", "auth", "data", "storage", "queues", "functions", "outputs"},
                     diagnostics);
  LoadContext context{diagnostics, app_dir, {}, {}, {}};
  BackendSpec spec;
  if (const std::optional<StringItem> region = reader.StringWithNode("region")) {
    if (auto reason = CheckRegion(region->value)) {
      reader.ErrorAt("region", *region->node, "'" + region->value + "' " + *reason);
    } else {
      spec.region = region->value;
    }
  }

  if (const toml::table* auth = reader.Table("auth")) {
    spec.auth = LoadAuth(*auth, context);
  }
  const auto storage = ResourceTables(reader.Table("storage"), "storage", diagnostics);
  const auto queues = ResourceTables(reader.Table("queues"), "queues", diagnostics);
  const auto functions = ResourceTables(reader.Table("functions"), "functions", diagnostics);
  context.keys = ResourceKeys{KeysOf(storage), KeysOf(queues), KeysOf(functions)};
  ResolveNames(storage, queues, functions, context);

  if (const toml::table* data = reader.Table("data")) {
    spec.data = LoadData(*data, spec.auth.has_value(), context);
  }
  spec.storage = LoadStorage(storage, context);
  spec.queues = LoadQueues(queues, context);
  spec.functions = LoadFunctions(functions, context);
  if (const toml::table* outputs = reader.Table("outputs")) {
    spec.custom_outputs = LoadOutputs(*outputs, context);
  }
  RETURN_IF_ERROR(diagnostics.ToStatus());
  spec.app_dir = app_dir;
  return spec;
}

}  // namespace

Result<BackendSpec> ParseBackend(std::string_view toml_text,
                                 const std::filesystem::path& backend_file,
                                 const std::filesystem::path& app_dir) {
  const std::string file = backend_file.string();
  Diagnostics diagnostics(file, toml_text);
  toml::table root;
  try {
    root = toml::parse(toml_text, std::string_view(file));
  } catch (const toml::parse_error& error) {
    diagnostics.Add(diagnostics.Where(error.source()), std::string(error.description()));
    return diagnostics.ToStatus();
  }
  ASSIGN_OR_RETURN(BackendSpec spec, LoadDocument(root, Absolute(app_dir), diagnostics));
  spec.backend_file = Absolute(backend_file);
  return spec;
}

Result<BackendSpec> LoadBackend(const std::filesystem::path& app_dir) {
  const std::filesystem::path backend_file = Absolute(app_dir / kBackendFileName);
  std::error_code error;
  if (!std::filesystem::exists(backend_file, error)) {
    return Status::NotFound(backend_file.string() + ": no such file");
  }
  std::ifstream in(backend_file, std::ios::binary);
  if (!in || !std::filesystem::is_regular_file(backend_file, error)) {
    return Status::Unavailable(backend_file.string() + ": cannot be read");
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    return Status::Unavailable(backend_file.string() + ": read failed");
  }
  return ParseBackend(text.str(), backend_file, app_dir);
}

}  // namespace gloss::config
