// OverlappingFieldsCanBeMerged: fields with the same response key must be
// mergeable (same field and arguments unless their parents are mutually
// exclusive object types, compatible result shapes, mergeable subfields).

#include <algorithm>
#include <string>
#include <unordered_set>
#include <variant>

#include "data/graphql/print.h"
#include "data/graphql/validate_internal.h"

namespace gloss::graphql::internal {
namespace {

// Fields are compared this many levels below a selection set at most; fragment
// spreads can otherwise make the nesting unbounded.
constexpr int kMaxCompareDepth = 32;

std::string Quote(std::string_view text) { return "\"" + std::string(text) + "\""; }

// Structural equality of two literals (what print() comparison gives in
// graphql-js, without allocating). Recursion is bounded by the parser's depth.
bool SameValue(const Value& first, const Value& second) {
  if (first.kind != second.kind || first.text != second.text ||
      first.list.size() != second.list.size() || first.fields.size() != second.fields.size()) {
    return false;
  }
  for (size_t i = 0; i < first.list.size(); ++i) {
    if (!SameValue(first.list[i], second.list[i])) {
      return false;
    }
  }
  for (size_t i = 0; i < first.fields.size(); ++i) {
    if (first.fields[i].name != second.fields[i].name ||
        !SameValue(first.fields[i].value, second.fields[i].value)) {
      return false;
    }
  }
  return true;
}

bool SameArguments(const Field& first, const Field& second) {
  if (first.arguments.size() != second.arguments.size()) {
    return false;
  }
  // Sorted by name, so that many arguments cost n log n, not n^2.
  auto sorted = [](const Field& field) {
    std::vector<const Argument*> out;
    out.reserve(field.arguments.size());
    for (const Argument& argument : field.arguments) {
      out.push_back(&argument);
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const Argument* a, const Argument* b) { return a->name < b->name; });
    return out;
  };
  const std::vector<const Argument*> first_sorted = sorted(first);
  const std::vector<const Argument*> second_sorted = sorted(second);
  for (size_t i = 0; i < first_sorted.size(); ++i) {
    if (first_sorted[i]->name != second_sorted[i]->name ||
        !SameValue(first_sorted[i]->value, second_sorted[i]->value)) {
      return false;
    }
  }
  return true;
}

// graphql-js doTypesConflict, over flat types (outermost wrapper last).
bool TypesConflict(const Schema& schema, const Type& first, const Type& second) {
  size_t first_index = first.wrappers.size();
  size_t second_index = second.wrappers.size();
  while (first_index > 0 || second_index > 0) {
    const auto first_wrapper =
        first_index > 0 ? std::optional(first.wrappers[first_index - 1]) : std::nullopt;
    const auto second_wrapper =
        second_index > 0 ? std::optional(second.wrappers[second_index - 1]) : std::nullopt;
    const bool first_list = first_wrapper == Type::Wrapper::kList;
    const bool second_list = second_wrapper == Type::Wrapper::kList;
    if (first_list || second_list) {
      if (first_list != second_list) {
        return true;
      }
    } else if (first_wrapper != second_wrapper) {  // Non-null vs nullable.
      return true;
    }
    --first_index;
    --second_index;
  }
  const TypeDefinition* first_type = schema.FindType(first.name);
  const TypeDefinition* second_type = schema.FindType(second.name);
  if ((first_type != nullptr && IsLeafKind(first_type->kind)) ||
      (second_type != nullptr && IsLeafKind(second_type->kind))) {
    return first.name != second.name;
  }
  return false;
}

// Keeps the first occurrence of each name, in order.
void Dedupe(std::vector<std::string_view>& names) {
  std::unordered_set<std::string_view> seen;
  names.erase(std::remove_if(names.begin(), names.end(),
                             [&](std::string_view name) { return !seen.insert(name).second; }),
              names.end());
}

}  // namespace

void OverlapChecker::FieldMap::Add(const FieldEntry& entry) {
  const std::string_view key = entry.node->response_key();
  auto [it, inserted] = index.emplace(key, groups.size());
  if (inserted) {
    groups.emplace_back(key, std::vector<FieldEntry>{});
  }
  groups[it->second].second.push_back(entry);
}

OverlapChecker::OverlapChecker(ValidationContext& context)
    : context_(context), budget_(context.options().max_overlap_comparisons) {}

bool OverlapChecker::Spend(size_t amount) {
  if (budget_ < amount) {
    budget_ = 0;
    return false;
  }
  budget_ -= amount;
  return true;
}

void OverlapChecker::CollectOwn(const SelectionSet& selection_set, const TypeDefinition* parent,
                                FieldMap& map, std::vector<std::string_view>& spreads) {
  for (const Selection& selection : selection_set.selections) {
    if (!Spend(1)) {
      return;
    }
    if (const auto* field = std::get_if<Field>(&selection.node)) {
      const FieldDefinition* definition =
          parent != nullptr ? context_.schema().FindField(*parent, field->name) : nullptr;
      map.Add({field, parent, definition});
    } else if (const auto* inline_fragment = std::get_if<InlineFragment>(&selection.node)) {
      const TypeDefinition* type = parent;
      if (!inline_fragment->type_condition.empty()) {
        type = context_.schema().FindType(inline_fragment->type_condition);
      }
      CollectOwn(inline_fragment->selection_set, type, map, spreads);
    } else if (const auto* spread = std::get_if<FragmentSpread>(&selection.node)) {
      spreads.push_back(spread->name);  // Deduplicated by the callers.
    }
  }
}

// Adds the fields of `fragment` and of all fragments it spreads (transitively,
// each once) to `map`.
void OverlapChecker::AddFragmentFields(std::string_view fragment, FieldMap& map) {
  std::vector<std::string_view> pending = {fragment};
  std::unordered_set<std::string_view> seen = {fragment};
  while (!pending.empty()) {
    const FragmentDefinition* definition = context_.FindFragment(pending.back());
    pending.pop_back();
    if (definition == nullptr) {
      continue;
    }
    std::vector<std::string_view> spreads;
    CollectOwn(definition->selection_set, context_.schema().FindType(definition->type_condition),
               map, spreads);
    for (std::string_view name : spreads) {
      if (seen.insert(name).second) {
        pending.push_back(name);
      }
    }
  }
}

const OverlapChecker::FieldMap* OverlapChecker::FragmentFields(std::string_view fragment) {
  auto it = fragment_fields_.find(fragment);
  if (it == fragment_fields_.end()) {
    it = fragment_fields_.emplace(fragment, FieldMap{}).first;
    AddFragmentFields(fragment, it->second);
  }
  return &it->second;
}

const OverlapChecker::FieldMap* OverlapChecker::SubFields(const FieldEntry& entry) {
  const auto key = std::make_pair(entry.node, entry.parent);
  auto it = sub_fields_.find(key);
  if (it != sub_fields_.end()) {
    return &it->second;
  }
  const TypeDefinition* type = entry.definition != nullptr
                                   ? context_.schema().FindType(entry.definition->type.name)
                                   : nullptr;
  FieldMap map;
  std::vector<std::string_view> spreads;
  CollectOwn(entry.node->selection_set, type, map, spreads);
  Dedupe(spreads);
  for (std::string_view name : spreads) {
    AddFragmentFields(name, map);
  }
  return &sub_fields_.emplace(key, std::move(map)).first->second;
}

void OverlapChecker::CheckSelectionSet(const SelectionSet& selection_set,
                                       const TypeDefinition* parent) {
  if (budget_ == 0 || context_.aborted()) {
    return;
  }
  FieldMap own;
  std::vector<std::string_view> spreads;
  CollectOwn(selection_set, parent, own, spreads);
  Dedupe(spreads);
  std::vector<Conflict> conflicts;
  Within(own, conflicts, 0);
  for (size_t i = 0; i < spreads.size(); ++i) {
    Between(own, *FragmentFields(spreads[i]), false, conflicts, 0);
    for (size_t j = i + 1; j < spreads.size(); ++j) {
      if (!Spend(1)) {
        break;
      }
      const auto key = std::make_tuple(std::min(spreads[i], spreads[j]),
                                       std::max(spreads[i], spreads[j]), false);
      if (compared_fragments_.insert(key).second) {
        Between(*FragmentFields(spreads[i]), *FragmentFields(spreads[j]), false, conflicts, 0);
      }
    }
  }
  ReportAll(conflicts);
}

void OverlapChecker::Within(const FieldMap& map, std::vector<Conflict>& out, int depth) {
  for (const auto& [key, fields] : map.groups) {
    for (size_t i = 0; i < fields.size(); ++i) {
      for (size_t j = i + 1; j < fields.size(); ++j) {
        if (!Spend(1)) {
          return;
        }
        if (auto conflict = FindConflict(key, fields[i], fields[j], false, depth)) {
          out.push_back(std::move(*conflict));
        }
      }
    }
  }
}

void OverlapChecker::Between(const FieldMap& first, const FieldMap& second, bool exclusive,
                             std::vector<Conflict>& out, int depth) {
  for (const auto& [key, fields] : first.groups) {
    auto it = second.index.find(key);
    if (it == second.index.end()) {
      continue;
    }
    for (const FieldEntry& a : fields) {
      for (const FieldEntry& b : second.groups[it->second].second) {
        if (!Spend(1)) {
          return;
        }
        if (auto conflict = FindConflict(key, a, b, exclusive, depth)) {
          out.push_back(std::move(*conflict));
        }
      }
    }
  }
}

std::optional<OverlapChecker::Conflict> OverlapChecker::FindConflict(std::string_view key,
                                                                     const FieldEntry& first,
                                                                     const FieldEntry& second,
                                                                     bool exclusive, int depth) {
  if (first.node == second.node) {
    return std::nullopt;  // The same selection reached twice (e.g. one fragment spread twice).
  }
  const bool mutually_exclusive =
      exclusive ||
      (first.parent != second.parent && first.parent != nullptr && second.parent != nullptr &&
       first.parent->kind == TypeKind::kObject && second.parent->kind == TypeKind::kObject);
  const std::vector<SourceLocation> locations = {first.node->loc, second.node->loc};
  if (!mutually_exclusive) {
    if (first.node->name != second.node->name) {
      return Conflict{
          key,
          Quote(first.node->name) + " and " + Quote(second.node->name) + " are different fields",
          locations};
    }
    if (!Spend(first.node->arguments.size())) {
      return std::nullopt;  // Out of budget: stop looking, report nothing.
    }
    if (!SameArguments(*first.node, *second.node)) {
      return Conflict{key, "they have differing arguments", locations};
    }
  }
  if (first.definition != nullptr && second.definition != nullptr &&
      TypesConflict(context_.schema(), first.definition->type, second.definition->type)) {
    return Conflict{key,
                    "they return conflicting types " + Quote(PrintType(first.definition->type)) +
                        " and " + Quote(PrintType(second.definition->type)),
                    locations};
  }
  if (first.node->selection_set.empty() || second.node->selection_set.empty() ||
      depth >= kMaxCompareDepth) {
    return std::nullopt;
  }
  const FieldMap* first_map = SubFields(first);
  const FieldMap* second_map = SubFields(second);
  std::vector<Conflict> sub;
  Between(*first_map, *second_map, mutually_exclusive, sub, depth + 1);
  if (sub.empty()) {
    return std::nullopt;
  }
  Conflict conflict{key, "", locations};
  for (const Conflict& item : sub) {
    if (!conflict.reason.empty()) {
      conflict.reason += " and ";
    }
    conflict.reason += "subfields " + Quote(item.response_key) + " conflict because " + item.reason;
    conflict.locations.insert(conflict.locations.end(), item.locations.begin(),
                              item.locations.end());
  }
  return conflict;
}

void OverlapChecker::ReportAll(const std::vector<Conflict>& conflicts) {
  for (const Conflict& conflict : conflicts) {
    context_.Report("Fields " + Quote(conflict.response_key) + " conflict because " +
                        conflict.reason +
                        ". Use different aliases on the fields to fetch both if this was "
                        "intentional.",
                    conflict.locations);
  }
}

}  // namespace gloss::graphql::internal
