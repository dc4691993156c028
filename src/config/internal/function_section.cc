// Loader for [functions.KEY] tables: entry, limits, environment, secrets,
// schedules and layers. Triggers and policy statements are in
// function_triggers_policy.cc.

#include <algorithm>
#include <array>
#include <set>
#include <span>
#include <utility>

#include "config/internal/app_files.h"
#include "config/internal/naming_rules.h"
#include "config/internal/sections.h"
#include "config/schedule.h"

namespace gloss::config {
namespace {

// Lambda limits.
constexpr int64_t kMaxTimeoutSeconds = 900;
constexpr int64_t kMinMemoryMb = 128;
constexpr int64_t kMaxMemoryMb = 10240;
constexpr size_t kMaxLayers = 5;  // Lambda's limit, which Amplify checks too.

// gloss's own: workers per function, and retries of a failed async event
// (Lambda's MaximumRetryAttempts, 0 ... 2, default 2).
constexpr int64_t kMaxConcurrency = 1000;
constexpr int64_t kMaxRetryAttempts = 2;

// The app's functions, and two small ones built with the SDK's examples
// (sdk/examples): `echo` answers what it is sent, `noop` answers null.
constexpr std::array<std::string_view, 7> kBuiltins = {"process-image",
                                                       "generate-annotation",
                                                       "evaluate-annotation",
                                                       "review-annotation",
                                                       "export-annotations",
                                                       "echo",
                                                       "noop"};
constexpr std::array<std::string_view, 3> kNodeExtensions = {".ts", ".js", ".mjs"};
constexpr std::string_view kBuiltinPrefix = "builtin:";
constexpr std::string_view kNodePrefix = "node:";

std::string Join(std::span<const std::string_view> items) {
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

// `schedule`: one expression or an array of them. Each is parsed here, so the
// functions service never meets an invalid one.
void LoadSchedules(TableReader& reader, FunctionSpec& function, LoadContext& context) {
  const toml::node* node = reader.Find("schedule");
  if (node == nullptr) {
    return;
  }
  struct Item {
    const toml::node* node;
    std::string field_path;
  };
  std::vector<Item> items;
  if (node->is_string()) {
    items.push_back(Item{node, reader.FieldPath("schedule")});
  } else if (const toml::array* array = node->as_array()) {
    if (array->empty()) {
      reader.ErrorAt("schedule", *node, "must list at least one schedule");
      return;
    }
    for (size_t element_idx = 0; element_idx < array->size(); ++element_idx) {
      const toml::node& element = *array->get(element_idx);
      std::string field_path =
          reader.FieldPath("schedule") + "[" + std::to_string(element_idx) + "]";
      if (!element.is_string()) {
        context.diagnostics.Add(
            context.diagnostics.Where(element),
            field_path + ": expected a string, got " + std::string(DescribeType(element)));
        continue;
      }
      items.push_back(Item{&element, std::move(field_path)});
    }
  } else {
    reader.ErrorAt(
        "schedule", *node,
        "expected a string or an array of strings, got " + std::string(DescribeType(*node)));
    return;
  }
  for (const Item& item : items) {
    const std::string& text = item.node->as_string()->get();
    const SourceLocation where = context.diagnostics.Where(*item.node);
    const Result<Schedule> schedule = Schedule::Parse(text);
    if (!schedule.ok()) {
      context.diagnostics.Add(where,
                              item.field_path + ": " + std::string(schedule.status().message()));
      continue;
    }
    // Amplify refuses "every Nm" shorter than the timeout, so one run ends
    // before the next starts; it does not check crons (neither does gloss).
    if (schedule->syntax() == Schedule::Syntax::kAmplifyRate && schedule->interval() &&
        *schedule->interval() < function.timeout) {
      context.diagnostics.Add(
          where, item.field_path + ": '" + text + "' is shorter than the function's timeout of " +
                     std::to_string(function.timeout.count()) +
                     " seconds (Amplify requires the rate to be at least the timeout)");
      continue;
    }
    function.schedules.push_back(FunctionSchedule{text, where});
  }
}

// `layers`: module name -> folder in the app.
void LoadLayers(TableReader& reader, FunctionSpec& function, LoadContext& context) {
  const toml::table* layers = reader.Table("layers");
  if (layers == nullptr) {
    return;
  }
  // Amplify counts distinct layer ARNs; two module names may share a layer.
  std::set<std::filesystem::path> folders;
  for (const auto& [key, value] : *layers) {
    const std::string name(key.str());
    const std::string field_path = JoinPath(reader.FieldPath("layers"), name);
    if (auto reason = CheckModuleName(name)) {
      context.diagnostics.Add(context.diagnostics.Where(key),
                              field_path + ": module name '" + name + "' " + *reason);
      continue;
    }
    const auto* folder = value.as_string();
    if (folder == nullptr) {
      context.diagnostics.Add(
          context.diagnostics.Where(value),
          field_path + ": expected a folder path, got " + std::string(DescribeType(value)));
      continue;
    }
    Result<std::filesystem::path> resolved = ResolveAppFolder(context.app_dir, folder->get());
    if (!resolved.ok()) {
      context.diagnostics.Add(context.diagnostics.Where(value),
                              field_path + ": " + std::string(resolved.status().message()));
      continue;
    }
    folders.insert(*resolved);
    function.layers[name] = std::move(*resolved);
  }
  if (folders.size() > kMaxLayers) {
    reader.ErrorAt("layers", *reader.Find("layers"),
                   "at most " + std::to_string(kMaxLayers) + " layer folders, got " +
                       std::to_string(folders.size()));
  }
}

}  // namespace

std::map<std::string, FunctionSpec> LoadFunctions(
    const std::map<std::string, const toml::table*>& tables, LoadContext& context) {
  std::map<std::string, FunctionSpec> functions;
  for (const auto& [key, table] : tables) {
    TableReader reader(
        *table, JoinPath("functions", key),
        {"name", "entry", "timeoutSeconds", "memoryMB", "environment", "secrets", "triggers",
         "policy", "schedule", "layers", "maxConcurrency", "retryAttempts"},
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
    function.max_concurrency =
        static_cast<uint32_t>(reader.Integer("maxConcurrency", 1, kMaxConcurrency, "workers")
                                  .value_or(function.max_concurrency));
    function.retry_attempts = static_cast<uint32_t>(
        reader.Integer("retryAttempts", 0, kMaxRetryAttempts).value_or(function.retry_attempts));
    LoadEnvironment(reader, function, context);
    LoadSecrets(reader, function, context);
    function.triggers = LoadTriggers(reader, context);
    function.policy = LoadPolicy(reader, context);
    LoadSchedules(reader, function, context);  // After the timeout, which it checks against.
    LoadLayers(reader, function, context);
    functions.emplace(key, std::move(function));
  }
  return functions;
}

}  // namespace gloss::config
