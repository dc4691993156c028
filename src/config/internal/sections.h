// The loaders of the sections of backend.toml, and what they share while one
// file is loaded. backend_loader.cc calls them in this order: auth (it
// declares the groups), names (name_resolution.h), data, storage, queues,
// functions, outputs.
//
// Each loader records every problem it finds in `context.diagnostics` and
// returns what it could read; the result is only used when no problem was
// recorded anywhere.
//
// Internal to config/. Thread safety: none.

#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include "config/internal/diagnostics.h"
#include "config/internal/table_reader.h"
#include "config/references.h"
#include "core/backend_spec.h"

namespace gloss::config {

// Resource names after ${...name} references in them were resolved, by kind
// and key. A key whose name did not resolve (an error was recorded) is absent.
struct ResolvedNames {
  std::map<std::string, std::string> storage;
  std::map<std::string, std::string> queues;
  std::map<std::string, std::string> functions;
};

struct LoadContext {
  Diagnostics& diagnostics;
  std::filesystem::path app_dir;  // Absolute.
  ResourceKeys keys;              // Every key declared under [storage], [queues], [functions].
  ResolvedNames names;
  std::set<std::string> groups;  // Declared in [auth].
};

// Records a problem for every error in the Template `text` held by `node`,
// prefixed with `field_path`, at the offending `${`.
void CheckTemplateAt(LoadContext& context, const toml::node& node, std::string_view field_path,
                     std::string_view text);

// Reads a string field as a Template (checked with CheckTemplateAt).
std::optional<Template> ReadTemplate(LoadContext& context, TableReader& reader,
                                     std::string_view key);

// Returns the entries of [KIND] whose value is a table; reports the others.
std::map<std::string, const toml::table*> ResourceTables(const toml::table* section,
                                                         std::string_view kind,
                                                         Diagnostics& diagnostics);

AuthSpec LoadAuth(const toml::table& auth, LoadContext& context);
DataSpec LoadData(const toml::table& data, bool has_auth, LoadContext& context);
std::map<std::string, StorageSpec> LoadStorage(
    const std::map<std::string, const toml::table*>& tables, LoadContext& context);
std::map<std::string, QueueSpec> LoadQueues(const std::map<std::string, const toml::table*>& tables,
                                            LoadContext& context);
std::map<std::string, FunctionSpec> LoadFunctions(
    const std::map<std::string, const toml::table*>& tables, LoadContext& context);
// Parts of LoadFunctions: `triggers` and `policy` of one [functions.KEY].
std::vector<FunctionTrigger> LoadTriggers(TableReader& function, LoadContext& context);
std::vector<PolicyStatement> LoadPolicy(TableReader& function, LoadContext& context);

// [outputs]: returns the [outputs.custom] object (string leaves are Templates).
nlohmann::json LoadOutputs(const toml::table& outputs, LoadContext& context);

}  // namespace gloss::config
