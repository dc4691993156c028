#include "config/internal/sections.h"

#include <utility>

#include "config/internal/naming_rules.h"

namespace gloss::config {

void CheckTemplateAt(LoadContext& context, const toml::node& node, std::string_view field_path,
                     std::string_view text) {
  const SourceLocation literal = context.diagnostics.Where(node);
  for (const TemplateProblem& problem : CheckTemplate(text, context.keys)) {
    context.diagnostics.Add(context.diagnostics.WhereInString(literal, problem.offset),
                            std::string(field_path) + ": " + problem.message);
  }
}

std::optional<Template> ReadTemplate(LoadContext& context, TableReader& reader,
                                     std::string_view key) {
  std::optional<StringItem> item = reader.StringWithNode(key);
  if (!item) {
    return std::nullopt;
  }
  CheckTemplateAt(context, *item->node, reader.FieldPath(key), item->value);
  return Template{std::move(item->value), context.diagnostics.Where(*item->node)};
}

std::map<std::string, const toml::table*> ResourceTables(const toml::table* section,
                                                         std::string_view kind,
                                                         Diagnostics& diagnostics) {
  std::map<std::string, const toml::table*> tables;
  if (section == nullptr) {
    return tables;
  }
  for (const auto& [key, value] : *section) {
    const std::string path = JoinPath(kind, key.str());
    if (!value.is_table()) {
      diagnostics.Add(diagnostics.Where(value), path + ": expected a table ([" + path + "]), got " +
                                                    std::string(DescribeType(value)));
      continue;
    }
    if (auto reason = CheckResourceKey(key.str())) {
      diagnostics.Add(diagnostics.Where(key), path + ": the key " + *reason);
      continue;
    }
    tables.emplace(std::string(key.str()), value.as_table());
  }
  return tables;
}

}  // namespace gloss::config
