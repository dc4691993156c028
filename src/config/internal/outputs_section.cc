// Loader for [outputs]: the free-form [outputs.custom] table.

#include <cmath>

#include "config/internal/sections.h"

namespace gloss::config {
namespace {

// Converts a custom output value to JSON; string leaves are checked as Templates.
nlohmann::json CustomValue(const toml::node& node, const std::string& path, LoadContext& context) {
  switch (node.type()) {
    case toml::node_type::table: {
      nlohmann::json object = nlohmann::json::object();
      for (const auto& [key, value] : *node.as_table()) {
        object[std::string(key.str())] = CustomValue(value, JoinPath(path, key.str()), context);
      }
      return object;
    }
    case toml::node_type::array: {
      nlohmann::json array = nlohmann::json::array();
      const toml::array& elements = *node.as_array();
      for (size_t element_idx = 0; element_idx < elements.size(); ++element_idx) {
        array.push_back(CustomValue(*elements.get(element_idx),
                                    path + "[" + std::to_string(element_idx) + "]", context));
      }
      return array;
    }
    case toml::node_type::string: {
      const std::string& text = node.as_string()->get();
      CheckTemplateAt(context, node, path, text);
      return text;
    }
    case toml::node_type::integer: return node.as_integer()->get();
    case toml::node_type::floating_point: {
      const double value = node.as_floating_point()->get();
      if (!std::isfinite(value)) {
        context.diagnostics.Add(context.diagnostics.Where(node), path + ": JSON has no inf or nan");
        return nullptr;
      }
      return value;
    }
    case toml::node_type::boolean: return node.as_boolean()->get();
    case toml::node_type::date:
    case toml::node_type::time:
    case toml::node_type::date_time:
    case toml::node_type::none: break;
  }
  context.diagnostics.Add(context.diagnostics.Where(node),
                          path + ": expected a string, number, boolean, array or table, got " +
                              std::string(DescribeType(node)));
  return nullptr;
}

}  // namespace

nlohmann::json LoadOutputs(const toml::table& outputs, LoadContext& context) {
  TableReader reader(outputs, "outputs", {"custom"}, context.diagnostics);
  const toml::table* custom = reader.Table("custom");
  if (custom == nullptr) {
    return nlohmann::json::object();
  }
  return CustomValue(*custom, reader.FieldPath("custom"), context);
}

}  // namespace gloss::config
