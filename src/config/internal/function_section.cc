// Loader for [functions.KEY] tables: entry, limits, environment and secrets.
// Triggers and policy statements are in function_triggers_policy.cc.

#include <algorithm>
#include <array>
#include <utility>

#include "config/internal/app_files.h"
#include "config/internal/naming_rules.h"
#include "config/internal/sections.h"

namespace gloss::config {
namespace {

// Lambda limits.
constexpr int64_t kMaxTimeoutSeconds = 900;
constexpr int64_t kMinMemoryMb = 128;
constexpr int64_t kMaxMemoryMb = 10240;

constexpr std::array<std::string_view, 3> kBuiltins = {"process-image", "generate-annotation",
                                                       "evaluate-annotation"};
constexpr std::array<std::string_view, 3> kNodeExtensions = {".ts", ".js", ".mjs"};
constexpr std::string_view kBuiltinPrefix = "builtin:";
constexpr std::string_view kNodePrefix = "node:";

std::string Join(const std::array<std::string_view, 3>& items) {
  std::string joined;
  for (const std::string_view item : items) {
    joined += (joined.empty() ? "" : ", ") + std::string(item);
  }
  return joined;
}

// Parses `entry`; returns the reason it is invalid as an error.
Result<FunctionEntry> ParseEntry(std::string_view entry, const std::filesystem::path& app_dir) {
  FunctionEntry parsed;
  if (entry.substr(0, kBuiltinPrefix.size()) == kBuiltinPrefix) {
    parsed.kind = FunctionEntryKind::kBuiltin;
    parsed.builtin = std::string(entry.substr(kBuiltinPrefix.size()));
    if (std::find(kBuiltins.begin(), kBuiltins.end(), parsed.builtin) == kBuiltins.end()) {
      return Status::InvalidArgument("unknown builtin '" + parsed.builtin +
                                     "' (known: " + Join(kBuiltins) + ")");
    }
    return parsed;
  }
  if (entry.substr(0, kNodePrefix.size()) == kNodePrefix) {
    parsed.kind = FunctionEntryKind::kNode;
    const std::string_view file = entry.substr(kNodePrefix.size());
    const std::string extension = std::filesystem::path(file).extension().string();
    if (std::find(kNodeExtensions.begin(), kNodeExtensions.end(), extension) ==
        kNodeExtensions.end()) {
      return Status::InvalidArgument("a node: handler must be a " + Join(kNodeExtensions) +
                                     " file");
    }
    ASSIGN_OR_RETURN(parsed.path, ResolveAppFile(app_dir, file));
    return parsed;
  }
  parsed.kind = FunctionEntryKind::kExecutable;
  ASSIGN_OR_RETURN(parsed.path, ResolveAppFile(app_dir, entry));
  if (!IsExecutable(parsed.path)) {
    return Status::InvalidArgument("'" + std::string(entry) +
                                   "' is not executable (or use builtin:NAME or node:PATH)");
  }
  return parsed;
}

void LoadEnvironment(TableReader& reader, FunctionSpec& function, LoadContext& context) {
  const toml::table* environment = reader.Table("environment");
  if (environment == nullptr) {
    return;
  }
  for (const auto& [key, value] : *environment) {
    const std::string name(key.str());
    const std::string field_path = JoinPath(reader.FieldPath("environment"), name);
    if (auto reason = CheckEnvironmentVariableName(name)) {
      context.diagnostics.Add(context.diagnostics.Where(key),
                              field_path + ": environment variable name " + *reason);
      continue;
    }
    const auto* text = value.as_string();
    if (text == nullptr) {
      context.diagnostics.Add(
          context.diagnostics.Where(value),
          field_path + ": expected a string, got " + std::string(DescribeType(value)));
      continue;
    }
    CheckTemplateAt(context, value, field_path, text->get());
    function.environment[name] = Template{text->get(), context.diagnostics.Where(value)};
  }
}

void LoadSecrets(TableReader& reader, FunctionSpec& function, LoadContext& context) {
  const toml::table* secrets = reader.Table("secrets");
  if (secrets == nullptr) {
    return;
  }
  const toml::node* environment_node = reader.Find("environment");
  const toml::table* environment =
      environment_node != nullptr ? environment_node->as_table() : nullptr;
  for (const auto& [key, value] : *secrets) {
    const std::string name(key.str());
    const std::string field_path = JoinPath(reader.FieldPath("secrets"), name);
    if (auto reason = CheckEnvironmentVariableName(name)) {
      context.diagnostics.Add(context.diagnostics.Where(key),
                              field_path + ": environment variable name " + *reason);
      continue;
    }
    if (environment != nullptr && environment->contains(name)) {
      context.diagnostics.Add(
          context.diagnostics.Where(key),
          field_path + ": '" + name + "' is set in both environment and secrets");
      continue;
    }
    const auto* secret = value.as_string();
    if (secret == nullptr) {
      context.diagnostics.Add(
          context.diagnostics.Where(value),
          field_path + ": expected a secret name, got " + std::string(DescribeType(value)));
      continue;
    }
    if (auto reason = CheckSecretName(secret->get())) {
      context.diagnostics.Add(context.diagnostics.Where(value),
                              field_path + ": secret name '" + secret->get() + "' " + *reason);
      continue;
    }
    function.secrets[name] = secret->get();
  }
}

}  // namespace

std::map<std::string, FunctionSpec> LoadFunctions(
    const std::map<std::string, const toml::table*>& tables, LoadContext& context) {
  std::map<std::string, FunctionSpec> functions;
  for (const auto& [key, table] : tables) {
    TableReader reader(*table, JoinPath("functions", key),
                       {"name", "entry", "timeoutSeconds", "memoryMB", "environment", "secrets",
                        "triggers", "policy"},
                       context.diagnostics);
    FunctionSpec function;
    function.key = key;
    function.where = reader.where();
    function.name = context.names.functions.count(key) ? context.names.functions.at(key) : key;
    if (reader.Require("entry")) {
      if (const std::optional<StringItem> entry = reader.StringWithNode("entry")) {
        Result<FunctionEntry> parsed = ParseEntry(entry->value, context.app_dir);
        if (parsed.ok()) {
          function.entry = std::move(*parsed);
        } else {
          reader.ErrorAt("entry", *entry->node, parsed.status().message());
        }
      }
    }
    function.timeout =
        std::chrono::seconds(reader.Integer("timeoutSeconds", 1, kMaxTimeoutSeconds, "seconds")
                                 .value_or(function.timeout.count()));
    function.memory_mb = static_cast<uint32_t>(
        reader.Integer("memoryMB", kMinMemoryMb, kMaxMemoryMb, "MB").value_or(function.memory_mb));
    LoadEnvironment(reader, function, context);
    LoadSecrets(reader, function, context);
    function.triggers = LoadTriggers(reader, context);
    function.policy = LoadPolicy(reader, context);
    functions.emplace(key, std::move(function));
  }
  return functions;
}

}  // namespace gloss::config
