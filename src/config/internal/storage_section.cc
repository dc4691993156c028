// Loader for [storage.KEY] tables: buckets and their access rules.

#include <algorithm>
#include <set>
#include <utility>

#include "config/internal/sections.h"

namespace gloss::config {
namespace {

constexpr std::string_view kEntityToken = "{entity_id}";

std::optional<StorageAction> ParseAction(std::string_view text) {
  if (text == "read") {
    return StorageAction::kRead;
  }
  if (text == "get") {
    return StorageAction::kGet;
  }
  if (text == "list") {
    return StorageAction::kList;
  }
  if (text == "write") {
    return StorageAction::kWrite;
  }
  if (text == "delete") {
    return StorageAction::kDelete;
  }
  return std::nullopt;
}

// Amplify's path rules: "prefix/*", no leading '/', {entity_id} only as the
// whole segment right before the final "/*".
std::optional<std::string> CheckAccessPath(std::string_view path) {
  if (path.empty()) {
    return std::string("must not be empty");
  }
  if (path.front() == '/') {
    return std::string("must not start with '/'");
  }
  if (path.size() < 3 || path.substr(path.size() - 2) != "/*") {
    return std::string("must end with '/*'");
  }
  const std::string_view prefix = path.substr(0, path.size() - 2);
  size_t index = 0;
  while (index <= prefix.size()) {
    const size_t slash = std::min(prefix.find('/', index), prefix.size());
    const std::string_view segment = prefix.substr(index, slash - index);
    const bool last = slash == prefix.size();
    if (segment.empty()) {
      return std::string("must not contain an empty segment ('//')");
    }
    if (segment.find('*') != std::string_view::npos) {
      return std::string("may hold '*' only as its final '/*'");
    }
    if (segment == kEntityToken && !last) {
      return std::string("may hold {entity_id} only right before the final '/*'");
    }
    if (segment != kEntityToken && segment.find_first_of("{}") != std::string_view::npos) {
      return std::string("may hold braces only as a whole '{entity_id}' segment");
    }
    index = slash + 1;
  }
  return std::nullopt;
}

// Reads the actions list of one principal of an access rule at `field_path`.
std::vector<StorageAction> ReadActions(Diagnostics& diagnostics, const std::string& field_path,
                                       const toml::node& node) {
  const auto error = [&](const toml::node& at, const std::string& message) {
    diagnostics.Add(diagnostics.Where(at), field_path + ": " + message);
  };
  std::vector<StorageAction> actions;
  const toml::array* array = node.as_array();
  if (array == nullptr) {
    error(node, "expected an array of actions, got " + std::string(DescribeType(node)));
    return actions;
  }
  for (const toml::node& element : *array) {
    const auto* text = element.as_string();
    if (text == nullptr) {
      error(element, "expected an action string, got " + std::string(DescribeType(element)));
      continue;
    }
    const std::optional<StorageAction> action = ParseAction(text->get());
    if (!action) {
      error(element,
            "unknown action '" + text->get() + "' (expected read, get, list, write or delete)");
    } else if (std::find(actions.begin(), actions.end(), *action) != actions.end()) {
      error(element, "'" + text->get() + "' is listed twice");
    } else {
      actions.push_back(*action);
    }
  }
  const auto has = [&](StorageAction action) {
    return std::find(actions.begin(), actions.end(), action) != actions.end();
  };
  if (has(StorageAction::kRead) && (has(StorageAction::kGet) || has(StorageAction::kList))) {
    error(node, "'read' already means get and list; do not combine them");
  }
  return actions;
}

std::optional<StorageAccessRule> LoadAccessRule(const toml::table& table, std::string path,
                                                LoadContext& context) {
  TableReader reader(table, std::move(path), {"path", "entity", "authenticated", "guest", "groups"},
                     context.diagnostics);
  StorageAccessRule rule;
  rule.where = reader.where();
  if (!reader.Require("path")) {
    return std::nullopt;
  }
  const std::optional<StringItem> rule_path = reader.StringWithNode("path");
  if (!rule_path) {
    return std::nullopt;
  }
  rule.path = rule_path->value;
  if (auto reason = CheckAccessPath(rule.path)) {
    reader.ErrorAt("path", *rule_path->node, "'" + rule.path + "' " + *reason);
  }
  const std::pair<std::string_view, std::vector<StorageAction>*> principals[] = {
      {"entity", &rule.entity}, {"authenticated", &rule.authenticated}, {"guest", &rule.guest}};
  for (const auto& [key, actions] : principals) {
    if (const toml::node* node = reader.Find(key)) {
      *actions = ReadActions(context.diagnostics, reader.FieldPath(key), *node);
    }
  }
  if (const toml::node* entity = reader.Find("entity");
      entity != nullptr && rule.path.find(kEntityToken) == std::string::npos) {
    reader.ErrorAt("entity", *entity, "entity access needs {entity_id} in the path");
  }
  if (const toml::table* groups = reader.Table("groups")) {
    for (const auto& [group, actions] : *groups) {
      const std::string group_name(group.str());
      const std::string field_path = JoinPath(reader.FieldPath("groups"), group_name);
      if (context.groups.count(group_name) == 0) {
        context.diagnostics.Add(
            context.diagnostics.Where(group),
            field_path + ": group '" + group_name + "' is not declared in [auth] groups");
      }
      rule.groups[group_name] = ReadActions(context.diagnostics, field_path, actions);
    }
  }
  return rule;
}

}  // namespace

std::map<std::string, StorageSpec> LoadStorage(
    const std::map<std::string, const toml::table*>& tables, LoadContext& context) {
  std::map<std::string, StorageSpec> buckets;
  const StorageSpec* explicit_default = nullptr;
  for (const auto& [key, table] : tables) {
    TableReader reader(*table, JoinPath("storage", key), {"name", "isDefault", "access"},
                       context.diagnostics);
    StorageSpec bucket;
    bucket.key = key;
    bucket.where = reader.where();
    bucket.name = context.names.storage.count(key) ? context.names.storage.at(key) : key;
    bucket.is_default = reader.Bool("isDefault").value_or(false);
    if (bucket.is_default && explicit_default != nullptr) {
      reader.ErrorAt("isDefault", *reader.Find("isDefault"),
                     "only one bucket may be the default, and " +
                         JoinPath("storage", explicit_default->key) + " already is");
      bucket.is_default = false;
    }
    if (const toml::array* access = reader.Array("access")) {
      std::set<std::string> paths;
      for (size_t rule_idx = 0; rule_idx < access->size(); ++rule_idx) {
        const toml::node& element = *access->get(rule_idx);
        const std::string rule_path =
            reader.FieldPath("access") + "[" + std::to_string(rule_idx) + "]";
        if (!element.is_table()) {
          context.diagnostics.Add(
              context.diagnostics.Where(element),
              rule_path + ": expected a table, got " + std::string(DescribeType(element)));
          continue;
        }
        std::optional<StorageAccessRule> rule =
            LoadAccessRule(*element.as_table(), rule_path, context);
        if (!rule) {
          continue;
        }
        if (!paths.insert(rule->path).second) {
          context.diagnostics.Add(
              rule->where, rule_path + ": path '" + rule->path + "' already has an access rule");
          continue;
        }
        bucket.access.push_back(std::move(*rule));
      }
    }
    const auto inserted = buckets.emplace(key, std::move(bucket)).first;
    if (inserted->second.is_default) {
      explicit_default = &inserted->second;
    }
  }
  if (explicit_default == nullptr && !buckets.empty()) {
    buckets.begin()->second.is_default = true;  // The first by key, as documented.
  }
  return buckets;
}

}  // namespace gloss::config
