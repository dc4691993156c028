#include "data/graphql/validate.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <variant>

#include "data/graphql/print.h"
#include "data/graphql/suggest.h"
#include "data/graphql/validate_internal.h"
#include "data/graphql/validate_values.h"

namespace gloss::graphql {
namespace internal {

ValidationContext::ValidationContext(const Schema& schema, const Document& document,
                                     const ValidationOptions& options)
    : schema_(schema), document_(document), options_(options) {
  for (const Definition& definition : document.definitions()) {
    if (const auto* fragment = std::get_if<FragmentDefinition>(&definition.node)) {
      fragments_.emplace(fragment->name, fragment);
    }
  }
}

const FragmentDefinition* ValidationContext::FindFragment(std::string_view name) const {
  auto it = fragments_.find(name);
  return it == fragments_.end() ? nullptr : it->second;
}

void ValidationContext::Report(std::string message, std::vector<SourceLocation> locations) {
  if (aborted_) {
    return;
  }
  if (errors_.size() >= options_.max_errors) {
    errors_.push_back({"Too many validation errors, error limit reached. Validation aborted.", {}});
    aborted_ = true;
    return;
  }
  errors_.push_back({std::move(message), std::move(locations)});
}

namespace {

constexpr size_t kCheckpointBytes = 4096;

// Advances a 1-based position over one source byte (graphql-js line
// terminators; columns count code points, i.e. non-continuation bytes).
void Advance(SourceLocation& position, char byte, char previous) {
  if (byte == '\n') {
    if (previous != '\r') {
      ++position.line;
      position.column = 1;
    }
  } else if (byte == '\r') {
    ++position.line;
    position.column = 1;
  } else if ((static_cast<unsigned char>(byte) & 0xC0) != 0x80) {
    ++position.column;
  }
}

}  // namespace

SourceLocation ValidationContext::LocationOf(std::string_view name, SourceLocation fallback) const {
  const std::string_view source = document_.source();
  if (name.empty() || name.data() < source.data() ||
      name.data() + name.size() > source.data() + source.size()) {
    return fallback;
  }
  if (checkpoints_.empty()) {
    // checkpoints_[k] is the position of byte k * kCheckpointBytes.
    SourceLocation position{1, 1};
    for (size_t i = 0; i < source.size(); ++i) {
      if (i % kCheckpointBytes == 0) {
        checkpoints_.push_back(position);
      }
      Advance(position, source[i], i > 0 ? source[i - 1] : '\0');
    }
    checkpoints_.push_back(position);
  }
  const auto offset = static_cast<size_t>(name.data() - source.data());
  const size_t checkpoint = offset / kCheckpointBytes;
  SourceLocation position = checkpoints_[checkpoint];
  for (size_t i = checkpoint * kCheckpointBytes; i < offset; ++i) {
    Advance(position, source[i], i > 0 ? source[i - 1] : '\0');
  }
  return position;
}

}  // namespace internal

namespace {

using internal::ValidationContext;

constexpr size_t kSaturated = std::numeric_limits<size_t>::max() / 2;

std::string Quote(std::string_view text) { return "\"" + std::string(text) + "\""; }

size_t SatAdd(size_t a, size_t b) { return std::min(a + b, kSaturated); }

Type NullableOf(const Type& type) {
  Type out = type;
  if (out.non_null()) {
    out.wrappers.pop_back();
  }
  return out;
}

std::string_view DirectiveLocationOf(OperationType operation) {
  switch (operation) {
    case OperationType::kQuery: return "QUERY";
    case OperationType::kMutation: return "MUTATION";
    case OperationType::kSubscription: return "SUBSCRIPTION";
  }
  return "";
}

struct VariableUsage {
  std::string_view name;
  SourceLocation loc;
  std::optional<Type> type;  // Expected type; nullopt if unknown.
  bool location_has_default = false;
};

// What one operation or fragment uses, collected while walking it.
struct DefinitionFacts {
  std::vector<VariableUsage> usages;
  std::vector<std::string_view> spreads;              // Each name once, in order.
  std::unordered_set<std::string_view> spread_names;  // The same, for lookups.
  std::vector<const FragmentSpread*> spread_nodes;    // All, in order (NoFragmentCycles).
};

struct Cost {
  size_t depth = 0;
  size_t fields = 0;
  size_t aliases = 0;
};

class Validator {
 public:
  Validator(const Schema& schema, const Document& document, const ValidationOptions& options)
      : context_(schema, document, options),
        schema_(schema),
        overlap_(context_),
        values_(
            schema,
            [this](std::string message, std::vector<SourceLocation> locations) {
              Report(std::move(message), std::move(locations));
            },
            [this](const Value& variable, const Type* type, bool has_default) {
              current_->usages.push_back(
                  {variable.text, variable.loc,
                   type != nullptr ? std::optional<Type>(*type) : std::nullopt, has_default});
            }) {}

  std::vector<ValidationError> Run() {
    CheckDefinitions();
    for (const Definition& definition : context_.document().definitions()) {
      if (context_.aborted()) {
        break;
      }
      if (const auto* operation = std::get_if<OperationDefinition>(&definition.node)) {
        VisitOperation(*operation);
      } else if (const auto* fragment = std::get_if<FragmentDefinition>(&definition.node)) {
        VisitFragment(*fragment);
      }
    }
    CheckFragmentCycles();
    // With fragment cycles the merge check would only chase the cycles until
    // its budget runs out; the document is invalid anyway.
    if (!has_fragment_cycle_) {
      for (const auto& [selection_set, parent] : overlap_sets_) {
        overlap_.CheckSelectionSet(*selection_set, parent);
      }
    }
    CheckOperationUsages();
    CheckCosts();
    return context_.TakeErrors();
  }

 private:
  void Report(std::string message, std::vector<SourceLocation> locations) {
    context_.Report(std::move(message), std::move(locations));
  }

  // ExecutableDefinitions, UniqueOperationNames, LoneAnonymousOperation,
  // UniqueFragmentNames.
  void CheckDefinitions() {
    size_t operation_count = 0;
    for (const Definition& definition : context_.document().definitions()) {
      if (std::holds_alternative<OperationDefinition>(definition.node)) {
        ++operation_count;
      }
    }
    std::unordered_map<std::string_view, const OperationDefinition*> operations;
    std::unordered_map<std::string_view, const FragmentDefinition*> fragments;
    for (const Definition& definition : context_.document().definitions()) {
      if (const auto* operation = std::get_if<OperationDefinition>(&definition.node)) {
        operations_.push_back(operation);
        if (operation->name.empty()) {
          if (operation_count > 1) {
            Report("This anonymous operation must be the only defined operation.",
                   {operation->loc});
          }
          continue;
        }
        auto [it, inserted] = operations.emplace(operation->name, operation);
        if (!inserted) {
          Report("There can be only one operation named " + Quote(operation->name) + ".",
                 {context_.LocationOf(it->first, it->second->loc),
                  context_.LocationOf(operation->name, operation->loc)});
        }
      } else if (const auto* fragment = std::get_if<FragmentDefinition>(&definition.node)) {
        auto [it, inserted] = fragments.emplace(fragment->name, fragment);
        if (!inserted) {
          Report("There can be only one fragment named " + Quote(fragment->name) + ".",
                 {context_.LocationOf(it->first, it->second->loc),
                  context_.LocationOf(fragment->name, fragment->loc)});
        }
      } else if (const auto* type = std::get_if<TypeDefinition>(&definition.node)) {
        Report("The " + Quote(type->name) + " definition is not executable.", {type->loc});
      } else if (const auto* directive = std::get_if<DirectiveDefinition>(&definition.node)) {
        Report("The " + Quote(directive->name) + " definition is not executable.",
               {directive->loc});
      } else if (const auto* schema = std::get_if<SchemaDefinition>(&definition.node)) {
        Report("The schema definition is not executable.", {schema->loc});
      }
    }
  }

  // ---- Walking operations and fragments ----

  void VisitOperation(const OperationDefinition& operation) {
    current_ = &facts_[&operation];
    std::unordered_map<std::string_view, const VariableDefinition*> seen;
    for (const VariableDefinition& variable : operation.variable_definitions) {
      auto [it, inserted] = seen.emplace(variable.name, &variable);
      if (!inserted) {
        Report("There can be only one variable named \"$" + std::string(variable.name) + "\".",
               {context_.LocationOf(it->first, it->second->loc),
                context_.LocationOf(variable.name, variable.loc)});
      }
      const TypeDefinition* type = schema_.FindType(variable.type.name);
      if (type == nullptr) {
        ReportUnknownType(variable.type.name, variable.type.loc);
      } else if (!schema_.IsInputType(variable.type)) {
        Report("Variable \"$" + std::string(variable.name) + "\" cannot be non-input type " +
                   Quote(PrintType(variable.type)) + ".",
               {variable.type.loc});
      } else if (variable.default_value) {
        CheckValue(*variable.default_value, &variable.type, false);
      }
      VisitDirectives(variable.directives, "VARIABLE_DEFINITION");
    }
    VisitDirectives(operation.directives, DirectiveLocationOf(operation.operation));
    const TypeDefinition* root = schema_.RootType(operation.operation);
    if (root == nullptr) {
      Report("Schema is not configured to execute " +
                 std::string(OperationTypeName(operation.operation)) + " operation.",
             {operation.loc});
    }
    VisitSelectionSet(operation.selection_set, root);
    if (operation.operation == OperationType::kSubscription) {
      CheckSingleField(operation);
    }
  }

  void VisitFragment(const FragmentDefinition& fragment) {
    current_ = &facts_[&fragment];
    const TypeDefinition* type = schema_.FindType(fragment.type_condition);
    if (type == nullptr) {
      ReportUnknownType(fragment.type_condition,
                        context_.LocationOf(fragment.type_condition, fragment.loc));
    } else if (!IsCompositeKind(type->kind)) {
      Report("Fragment " + Quote(fragment.name) + " cannot condition on non composite type " +
                 Quote(fragment.type_condition) + ".",
             {context_.LocationOf(fragment.type_condition, fragment.loc)});
      type = nullptr;
    }
    VisitDirectives(fragment.directives, "FRAGMENT_DEFINITION");
    VisitSelectionSet(fragment.selection_set, type);
  }

  void VisitSelectionSet(const SelectionSet& selection_set, const TypeDefinition* parent) {
    for (const Selection& selection : selection_set.selections) {
      if (context_.aborted()) {
        return;
      }
      if (const auto* field = std::get_if<Field>(&selection.node)) {
        VisitField(*field, parent);
      } else if (const auto* spread = std::get_if<FragmentSpread>(&selection.node)) {
        VisitSpread(*spread, parent);
      } else if (const auto* inline_fragment = std::get_if<InlineFragment>(&selection.node)) {
        VisitInlineFragment(*inline_fragment, parent);
      }
    }
    overlap_sets_.emplace_back(&selection_set, parent);
  }

  void VisitField(const Field& field, const TypeDefinition* parent) {
    const FieldDefinition* definition = nullptr;
    if (parent != nullptr) {
      definition = schema_.FindField(*parent, field.name);
      if (definition == nullptr) {
        ReportUnknownField(field, *parent);
      }
    }
    CheckUniqueArguments(field.arguments);
    if (definition != nullptr) {
      for (const Argument& argument : field.arguments) {
        const InputValueDefinition* argument_definition =
            Schema::FindArgument(*definition, argument.name);
        if (argument_definition == nullptr) {
          std::vector<std::string_view> names;
          for (const InputValueDefinition& known : definition->arguments) {
            names.push_back(known.name);
          }
          Report("Unknown argument " + Quote(argument.name) + " on field \"" +
                     std::string(parent->name) + "." + std::string(field.name) + "\"." +
                     DidYouMean(SuggestionList(argument.name, names)),
                 {argument.loc});
          CheckValue(argument.value, nullptr, false);
        } else {
          CheckValue(argument.value, &argument_definition->type,
                     argument_definition->default_value.has_value());
        }
      }
      for (const InputValueDefinition& argument_definition : definition->arguments) {
        if (IsRequired(argument_definition) &&
            !HasArgument(field.arguments, argument_definition.name)) {
          Report("Field " + Quote(field.name) + " argument " + Quote(argument_definition.name) +
                     " of type " + Quote(PrintType(argument_definition.type)) +
                     " is required, but it was not provided.",
                 {field.loc});
        }
      }
    } else {
      for (const Argument& argument : field.arguments) {
        CheckValue(argument.value, nullptr, false);
      }
    }
    VisitDirectives(field.directives, "FIELD");

    const TypeDefinition* type =
        definition != nullptr ? schema_.FindType(definition->type.name) : nullptr;
    if (type != nullptr) {
      if (IsLeafKind(type->kind) && !field.selection_set.empty()) {
        Report("Field " + Quote(field.name) + " must not have a selection since type " +
                   Quote(PrintType(definition->type)) + " has no subfields.",
               {field.selection_set.loc});
      } else if (!IsLeafKind(type->kind) && field.selection_set.empty()) {
        Report("Field " + Quote(field.name) + " of type " + Quote(PrintType(definition->type)) +
                   " must have a selection of subfields. Did you mean \"" +
                   std::string(field.name) + " { ... }\"?",
               {field.loc});
      }
    }
    if (!field.selection_set.empty()) {
      VisitSelectionSet(field.selection_set,
                        type != nullptr && IsCompositeKind(type->kind) ? type : nullptr);
    }
  }

  void VisitSpread(const FragmentSpread& spread, const TypeDefinition* parent) {
    if (current_->spread_names.insert(spread.name).second) {
      current_->spreads.push_back(spread.name);
    }
    current_->spread_nodes.push_back(&spread);
    VisitDirectives(spread.directives, "FRAGMENT_SPREAD");
    const FragmentDefinition* fragment = context_.FindFragment(spread.name);
    if (fragment == nullptr) {
      Report("Unknown fragment " + Quote(spread.name) + ".",
             {context_.LocationOf(spread.name, spread.loc)});
      return;
    }
    const TypeDefinition* type = schema_.FindType(fragment->type_condition);
    if (type != nullptr && parent != nullptr && IsCompositeKind(type->kind) &&
        !TypesOverlap(*parent, *type)) {
      Report("Fragment " + Quote(spread.name) + " cannot be spread here as objects of type " +
                 Quote(parent->name) + " can never be of type " + Quote(type->name) + ".",
             {spread.loc});
    }
  }

  void VisitInlineFragment(const InlineFragment& fragment, const TypeDefinition* parent) {
    const TypeDefinition* type = parent;
    if (!fragment.type_condition.empty()) {
      type = schema_.FindType(fragment.type_condition);
      if (type == nullptr) {
        ReportUnknownType(fragment.type_condition,
                          context_.LocationOf(fragment.type_condition, fragment.loc));
      } else if (!IsCompositeKind(type->kind)) {
        Report("Fragment cannot condition on non composite type " + Quote(fragment.type_condition) +
                   ".",
               {context_.LocationOf(fragment.type_condition, fragment.loc)});
        type = nullptr;
      } else if (parent != nullptr && !TypesOverlap(*parent, *type)) {
        Report("Fragment cannot be spread here as objects of type " + Quote(parent->name) +
                   " can never be of type " + Quote(type->name) + ".",
               {fragment.loc});
      }
    }
    VisitDirectives(fragment.directives, "INLINE_FRAGMENT");
    VisitSelectionSet(fragment.selection_set, type);
  }

  void VisitDirectives(const std::vector<Directive>& directives, std::string_view location) {
    std::unordered_map<std::string_view, const Directive*> seen;
    for (const Directive& directive : directives) {
      const DirectiveDefinition* definition = schema_.FindDirective(directive.name);
      CheckUniqueArguments(directive.arguments);
      if (definition == nullptr) {
        Report("Unknown directive \"@" + std::string(directive.name) + "\".", {directive.loc});
        for (const Argument& argument : directive.arguments) {
          CheckValue(argument.value, nullptr, false);
        }
        continue;
      }
      if (std::find(definition->locations.begin(), definition->locations.end(), location) ==
          definition->locations.end()) {
        Report("Directive \"@" + std::string(directive.name) + "\" may not be used on " +
                   std::string(location) + ".",
               {directive.loc});
      }
      auto [it, inserted] = seen.emplace(directive.name, &directive);
      if (!inserted && !definition->repeatable) {
        Report("The directive \"@" + std::string(directive.name) +
                   "\" can only be used once at this location.",
               {it->second->loc, directive.loc});
      }
      for (const Argument& argument : directive.arguments) {
        const InputValueDefinition* argument_definition = nullptr;
        for (const InputValueDefinition& candidate : definition->arguments) {
          if (candidate.name == argument.name) {
            argument_definition = &candidate;
          }
        }
        if (argument_definition == nullptr) {
          std::vector<std::string_view> names;
          for (const InputValueDefinition& known : definition->arguments) {
            names.push_back(known.name);
          }
          Report("Unknown argument " + Quote(argument.name) + " on directive \"@" +
                     std::string(directive.name) + "\"." +
                     DidYouMean(SuggestionList(argument.name, names)),
                 {argument.loc});
          CheckValue(argument.value, nullptr, false);
        } else {
          CheckValue(argument.value, &argument_definition->type,
                     argument_definition->default_value.has_value());
        }
      }
      for (const InputValueDefinition& argument_definition : definition->arguments) {
        if (IsRequired(argument_definition) &&
            !HasArgument(directive.arguments, argument_definition.name)) {
          Report("Directive \"@" + std::string(directive.name) + "\" argument " +
                     Quote(argument_definition.name) + " of type " +
                     Quote(PrintType(argument_definition.type)) +
                     " is required, but it was not provided.",
                 {directive.loc});
        }
      }
    }
  }

  // ValuesOfCorrectType and UniqueInputFieldNames; records variable usages.
  void CheckValue(const Value& value, const Type* type, bool has_default) {
    values_.Check(value, type, has_default);
  }

  // ---- Helpers ----

  static bool IsRequired(const InputValueDefinition& definition) {
    return internal::IsRequiredInput(definition);
  }

  static bool HasArgument(const std::vector<Argument>& arguments, std::string_view name) {
    return std::any_of(arguments.begin(), arguments.end(),
                       [&](const Argument& argument) { return argument.name == name; });
  }

  void CheckUniqueArguments(const std::vector<Argument>& arguments) {
    if (arguments.size() < 2) {
      return;
    }
    std::unordered_map<std::string_view, const Argument*> seen;
    for (const Argument& argument : arguments) {
      auto [it, inserted] = seen.emplace(argument.name, &argument);
      if (!inserted) {
        Report("There can be only one argument named " + Quote(argument.name) + ".",
               {it->second->loc, argument.loc});
      }
    }
  }

  bool TypesOverlap(const TypeDefinition& first, const TypeDefinition& second) const {
    if (&first == &second) {
      return true;
    }
    if (IsAbstractKind(first.kind)) {
      if (IsAbstractKind(second.kind)) {
        const auto& possible = schema_.PossibleTypes(first);
        return std::any_of(possible.begin(), possible.end(), [&](const TypeDefinition* type) {
          return schema_.IsPossibleType(second, *type);
        });
      }
      return schema_.IsPossibleType(first, second);
    }
    if (IsAbstractKind(second.kind)) {
      return schema_.IsPossibleType(second, first);
    }
    return false;
  }

  void ReportUnknownType(std::string_view name, SourceLocation loc) {
    std::vector<std::string_view> names;
    for (const TypeDefinition* type : schema_.types()) {
      names.push_back(type->name);
    }
    Report("Unknown type " + Quote(name) + "." + DidYouMean(SuggestionList(name, names)), {loc});
  }

  // FieldsOnCorrectType, with graphql-js's suggestions.
  void ReportUnknownField(const Field& field, const TypeDefinition& parent) {
    std::string suggestion;
    if (IsAbstractKind(parent.kind)) {
      std::vector<const TypeDefinition*> suggested;
      std::unordered_map<const TypeDefinition*, int> usage;
      for (const TypeDefinition* possible : schema_.PossibleTypes(parent)) {
        if (schema_.FindField(*possible, field.name) == nullptr) {
          continue;
        }
        suggested.push_back(possible);
        usage[possible] = 1;
        for (std::string_view iface_name : possible->interfaces) {
          const TypeDefinition* iface = schema_.FindType(iface_name);
          if (iface == nullptr || schema_.FindField(*iface, field.name) == nullptr) {
            continue;
          }
          if (usage[iface]++ == 0) {
            suggested.push_back(iface);
          }
        }
      }
      std::stable_sort(suggested.begin(), suggested.end(),
                       [&](const TypeDefinition* a, const TypeDefinition* b) {
                         if (usage[a] != usage[b]) {
                           return usage[a] > usage[b];
                         }
                         if (a->kind == TypeKind::kInterface && schema_.IsSubType(*a, *b)) {
                           return true;
                         }
                         if (b->kind == TypeKind::kInterface && schema_.IsSubType(*b, *a)) {
                           return false;
                         }
                         return a->name < b->name;
                       });
      std::vector<std::string_view> names;
      for (const TypeDefinition* type : suggested) {
        names.push_back(type->name);
      }
      suggestion = DidYouMean(names, "to use an inline fragment on");
    }
    if (suggestion.empty() &&
        (parent.kind == TypeKind::kObject || parent.kind == TypeKind::kInterface)) {
      std::vector<std::string_view> names;
      for (const FieldDefinition& known : parent.fields) {
        names.push_back(known.name);
      }
      suggestion = DidYouMean(SuggestionList(field.name, names));
    }
    Report("Cannot query field " + Quote(field.name) + " on type " + Quote(parent.name) + "." +
               suggestion,
           {field.loc});
  }

  // SingleFieldSubscriptions: top-level response keys after fragment
  // expansion (each fragment once), honouring literal @skip/@include.
  void CheckSingleField(const OperationDefinition& operation) {
    std::vector<const Field*> fields;
    std::unordered_set<std::string_view> keys;
    std::unordered_set<std::string_view> visited;
    std::vector<const SelectionSet*> pending = {&operation.selection_set};
    while (!pending.empty()) {
      const SelectionSet* set = pending.back();
      pending.pop_back();
      // Reverse so that selections are visited in order.
      for (auto it = set->selections.rbegin(); it != set->selections.rend(); ++it) {
        if (const auto* field = std::get_if<Field>(&it->node)) {
          if (Included(field->directives)) {
            fields.push_back(field);
          }
        } else if (const auto* inline_fragment = std::get_if<InlineFragment>(&it->node)) {
          if (Included(inline_fragment->directives)) {
            pending.push_back(&inline_fragment->selection_set);
          }
        } else if (const auto* spread = std::get_if<FragmentSpread>(&it->node)) {
          const FragmentDefinition* fragment = context_.FindFragment(spread->name);
          if (fragment != nullptr && Included(spread->directives) &&
              visited.insert(spread->name).second) {
            pending.push_back(&fragment->selection_set);
          }
        }
      }
    }
    // `fields` was filled last-first per set; restore source order roughly.
    std::stable_sort(fields.begin(), fields.end(), [](const Field* a, const Field* b) {
      return a->loc.line != b->loc.line ? a->loc.line < b->loc.line : a->loc.column < b->loc.column;
    });
    const std::string subject = operation.name.empty() ? std::string("Anonymous Subscription")
                                                       : "Subscription " + Quote(operation.name);
    std::vector<SourceLocation> extra;
    std::string_view first_key;
    for (const Field* field : fields) {
      if (first_key.empty()) {
        first_key = field->response_key();
      } else if (field->response_key() != first_key) {
        extra.push_back(field->loc);
      }
    }
    if (!extra.empty()) {
      Report(subject + " must select only one top level field.", extra);
    }
    for (const Field* field : fields) {
      if (field->name.substr(0, 2) == "__") {
        Report(subject + " must not select an introspection top level field.", {field->loc});
      }
    }
  }

  static bool Included(const std::vector<Directive>& directives) {
    for (const Directive& directive : directives) {
      if (directive.arguments.size() != 1 || directive.arguments[0].name != "if" ||
          directive.arguments[0].value.kind != ValueKind::kBoolean) {
        continue;
      }
      const bool condition = directive.arguments[0].value.boolean();
      if ((directive.name == "skip" && condition) || (directive.name == "include" && !condition)) {
        return false;
      }
    }
    return true;
  }

  // ---- Whole-document rules ----

  // NoFragmentCycles (graphql-js detectCycleRecursive, iteratively).
  void CheckFragmentCycles() {
    std::unordered_set<std::string_view> visited;
    std::unordered_map<std::string_view, size_t> path_index;
    std::vector<const FragmentSpread*> path;
    struct Frame {
      const FragmentDefinition* fragment;
      const DefinitionFacts* facts;
      size_t next = 0;
    };
    for (const Definition& definition : context_.document().definitions()) {
      const auto* root = std::get_if<FragmentDefinition>(&definition.node);
      if (root == nullptr || !visited.insert(root->name).second) {
        continue;
      }
      std::vector<Frame> stack;
      auto enter = [&](const FragmentDefinition* fragment) {
        const DefinitionFacts* facts = &facts_[fragment];
        if (!facts->spread_nodes.empty()) {
          path_index[fragment->name] = path.size();
          stack.push_back({fragment, facts});
        }
      };
      enter(root);
      while (!stack.empty() && !context_.aborted()) {
        Frame& frame = stack.back();
        if (frame.next >= frame.facts->spread_nodes.size()) {
          path_index.erase(frame.fragment->name);
          stack.pop_back();
          if (!path.empty() && !stack.empty()) {
            path.pop_back();
          }
          continue;
        }
        const FragmentSpread* spread = frame.facts->spread_nodes[frame.next++];
        auto cycle = path_index.find(spread->name);
        path.push_back(spread);
        if (cycle == path_index.end()) {
          const FragmentDefinition* target = context_.FindFragment(spread->name);
          if (target != nullptr && visited.insert(spread->name).second &&
              !facts_[target].spread_nodes.empty()) {
            enter(target);
            continue;  // path keeps `spread` until the target's frame pops.
          }
        } else {
          has_fragment_cycle_ = true;
          std::string via;
          std::vector<SourceLocation> locations;
          for (size_t i = cycle->second; i < path.size(); ++i) {
            locations.push_back(path[i]->loc);
            if (i + 1 < path.size()) {
              via += (via.empty() ? "" : ", ") + Quote(path[i]->name);
            }
          }
          Report("Cannot spread fragment " + Quote(spread->name) + " within itself" +
                     (via.empty() ? "." : " via " + via + "."),
                 locations);
        }
        path.pop_back();
      }
      path.clear();
    }
  }

  // The fragments an operation uses, transitively, each once.
  std::vector<const FragmentDefinition*> UsedFragments(const OperationDefinition& operation) {
    std::vector<const FragmentDefinition*> used;
    std::unordered_set<std::string_view> seen;
    std::vector<std::string_view> pending = facts_[&operation].spreads;
    std::reverse(pending.begin(), pending.end());
    while (!pending.empty()) {
      const std::string_view name = pending.back();
      pending.pop_back();
      const FragmentDefinition* fragment = context_.FindFragment(name);
      if (fragment == nullptr || !seen.insert(name).second) {
        continue;
      }
      used.push_back(fragment);
      const auto& spreads = facts_[fragment].spreads;
      pending.insert(pending.end(), spreads.rbegin(), spreads.rend());
    }
    return used;
  }

  // NoUndefinedVariables, NoUnusedVariables, VariablesInAllowedPosition,
  // NoUnusedFragments.
  void CheckOperationUsages() {
    std::unordered_set<const FragmentDefinition*> used_anywhere;
    for (const OperationDefinition* operation : operations_) {
      if (context_.aborted()) {
        return;
      }
      std::vector<const FragmentDefinition*> fragments = UsedFragments(*operation);
      used_anywhere.insert(fragments.begin(), fragments.end());
      std::vector<const VariableUsage*> usages;
      for (const VariableUsage& usage : facts_[operation].usages) {
        usages.push_back(&usage);
      }
      for (const FragmentDefinition* fragment : fragments) {
        for (const VariableUsage& usage : facts_[fragment].usages) {
          usages.push_back(&usage);
        }
      }
      std::unordered_map<std::string_view, const VariableDefinition*> defined;
      for (const VariableDefinition& variable : operation->variable_definitions) {
        defined.emplace(variable.name, &variable);
      }
      std::unordered_set<std::string_view> used;
      for (const VariableUsage* usage : usages) {
        used.insert(usage->name);
        auto it = defined.find(usage->name);
        if (it == defined.end()) {
          Report("Variable \"$" + std::string(usage->name) + "\" is not defined" +
                     (operation->name.empty() ? "" : " by operation " + Quote(operation->name)) +
                     ".",
                 {usage->loc, operation->loc});
          continue;
        }
        CheckAllowedPosition(*it->second, *usage);
      }
      for (const VariableDefinition& variable : operation->variable_definitions) {
        if (!used.contains(variable.name)) {
          Report("Variable \"$" + std::string(variable.name) + "\" is never used" +
                     (operation->name.empty() ? "" : " in operation " + Quote(operation->name)) +
                     ".",
                 {variable.loc});
        }
      }
    }
    for (const Definition& definition : context_.document().definitions()) {
      const auto* fragment = std::get_if<FragmentDefinition>(&definition.node);
      if (fragment != nullptr && context_.FindFragment(fragment->name) == fragment &&
          !used_anywhere.contains(fragment)) {
        Report("Fragment " + Quote(fragment->name) + " is never used.", {fragment->loc});
      }
    }
  }

  void CheckAllowedPosition(const VariableDefinition& variable, const VariableUsage& usage) {
    if (!usage.type || schema_.FindType(variable.type.name) == nullptr ||
        schema_.FindType(usage.type->name) == nullptr) {
      return;
    }
    const Type& location_type = *usage.type;
    bool allowed;
    if (location_type.non_null() && !variable.type.non_null()) {
      const bool non_null_default =
          variable.default_value && variable.default_value->kind != ValueKind::kNull;
      allowed = (non_null_default || usage.location_has_default) &&
                schema_.IsTypeSubTypeOf(variable.type, NullableOf(location_type));
    } else {
      allowed = schema_.IsTypeSubTypeOf(variable.type, location_type);
    }
    if (!allowed) {
      Report("Variable \"$" + std::string(variable.name) + "\" of type " +
                 Quote(PrintType(variable.type)) + " used in position expecting type " +
                 Quote(PrintType(location_type)) + ".",
             {variable.loc, usage.loc});
    }
  }

  // ---- Cost limits (after fragment expansion, memoized per fragment) ----

  Cost CostOf(const SelectionSet& selection_set,
              const std::unordered_map<const FragmentDefinition*, Cost>& memo) {
    Cost cost;
    for (const Selection& selection : selection_set.selections) {
      Cost part;
      if (const auto* field = std::get_if<Field>(&selection.node)) {
        const Cost sub = CostOf(field->selection_set, memo);
        part.depth = SatAdd(sub.depth, 1);
        part.fields = SatAdd(sub.fields, 1);
        part.aliases = SatAdd(sub.aliases, field->alias.empty() ? 0 : 1);
      } else if (const auto* inline_fragment = std::get_if<InlineFragment>(&selection.node)) {
        part = CostOf(inline_fragment->selection_set, memo);
      } else if (const auto* spread = std::get_if<FragmentSpread>(&selection.node)) {
        const FragmentDefinition* fragment = context_.FindFragment(spread->name);
        auto it = fragment != nullptr ? memo.find(fragment) : memo.end();
        if (it != memo.end()) {
          part = it->second;
        }
      }
      cost.depth = std::max(cost.depth, part.depth);
      cost.fields = SatAdd(cost.fields, part.fields);
      cost.aliases = SatAdd(cost.aliases, part.aliases);
    }
    return cost;
  }

  void CheckCosts() {
    const ValidationOptions& options = context_.options();
    if (options.max_depth <= 0 && options.max_fields == 0 && options.max_aliases == 0) {
      return;
    }
    // Fragments in post-order of the spread graph; cycle edges count as 0.
    std::unordered_map<const FragmentDefinition*, Cost> memo;
    std::unordered_set<const FragmentDefinition*> started;
    for (const Definition& definition : context_.document().definitions()) {
      const auto* root = std::get_if<FragmentDefinition>(&definition.node);
      if (root == nullptr || !started.insert(root).second) {
        continue;
      }
      std::vector<std::pair<const FragmentDefinition*, size_t>> stack = {{root, 0}};
      while (!stack.empty()) {
        auto& [fragment, next] = stack.back();
        const auto& spreads = facts_[fragment].spreads;
        if (next < spreads.size()) {
          const FragmentDefinition* target = context_.FindFragment(spreads[next++]);
          if (target != nullptr && started.insert(target).second) {
            stack.emplace_back(target, 0);
          }
          continue;
        }
        memo[fragment] = CostOf(fragment->selection_set, memo);
        stack.pop_back();
      }
    }
    for (const OperationDefinition* operation : operations_) {
      const Cost cost = CostOf(operation->selection_set, memo);
      if (options.max_depth > 0 && cost.depth > static_cast<size_t>(options.max_depth)) {
        Report("Query depth limit of " + std::to_string(options.max_depth) + " exceeded, found " +
                   std::to_string(cost.depth) + ".",
               {operation->loc});
      }
      if (options.max_fields > 0 && cost.fields > options.max_fields) {
        Report("Query field limit of " + std::to_string(options.max_fields) + " exceeded, found " +
                   std::to_string(cost.fields) + ".",
               {operation->loc});
      }
      if (options.max_aliases > 0 && cost.aliases > options.max_aliases) {
        Report("Query alias limit of " + std::to_string(options.max_aliases) + " exceeded, found " +
                   std::to_string(cost.aliases) + ".",
               {operation->loc});
      }
    }
  }

  ValidationContext context_;
  const Schema& schema_;
  internal::OverlapChecker overlap_;
  internal::ValueChecker values_;
  // Every selection set walked, with its parent type, for OverlapChecker.
  std::vector<std::pair<const SelectionSet*, const TypeDefinition*>> overlap_sets_;
  bool has_fragment_cycle_ = false;
  std::vector<const OperationDefinition*> operations_;
  std::unordered_map<const void*, DefinitionFacts> facts_;
  DefinitionFacts* current_ = nullptr;
};

}  // namespace

std::vector<ValidationError> ValidateDocument(const Schema& schema, const Document& document,
                                              const ValidationOptions& options) {
  Validator validator(schema, document, options);
  return validator.Run();
}

std::string FormatValidationErrors(const std::vector<ValidationError>& errors) {
  std::string out;
  for (const ValidationError& error : errors) {
    if (!out.empty()) {
      out += '\n';
    }
    if (!error.locations.empty() && error.locations[0].line > 0) {
      out += std::to_string(error.locations[0].line) + ":" +
             std::to_string(error.locations[0].column) + ": ";
    }
    out += error.message;
  }
  return out;
}

Status Validate(const Schema& schema, const Document& document, const ValidationOptions& options) {
  const std::vector<ValidationError> errors = ValidateDocument(schema, document, options);
  if (errors.empty()) {
    return Status::Ok();
  }
  return Status::InvalidArgument(FormatValidationErrors(errors));
}

}  // namespace gloss::graphql
