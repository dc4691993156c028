#include "data/graphql/schema.h"

#include <algorithm>
#include <string>
#include <utility>

#include "core/assert.h"
#include "data/graphql/parser.h"
#include "data/graphql/print.h"
#include "data/graphql/schema_builtins.h"
#include "data/graphql/suggest.h"
#include "data/graphql/validate_values.h"

namespace gloss::graphql {
namespace {

constexpr std::string_view kBuiltinScalars[] = {"Int", "Float", "String", "Boolean", "ID"};

struct Problem {
  SourceLocation loc;
  std::string message;
};

std::string Quote(std::string_view text) {
  std::string out = "\"";
  out += text;
  out += '"';
  return out;
}

bool HasReservedPrefix(std::string_view name) {
  return name.size() >= 2 && name[0] == '_' && name[1] == '_';
}

// "object", "input object", ... as graphql-js names kinds in extension errors.
std::string_view KindWord(TypeKind kind) {
  switch (kind) {
    case TypeKind::kScalar: return "scalar";
    case TypeKind::kObject: return "object";
    case TypeKind::kInterface: return "interface";
    case TypeKind::kUnion: return "union";
    case TypeKind::kEnum: return "enum";
    case TypeKind::kInputObject: return "input object";
  }
  return "unknown";
}

template <typename T>
void Append(std::vector<T>& to, const std::vector<T>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

}  // namespace

bool IsBuiltinScalar(std::string_view name) {
  return std::find(std::begin(kBuiltinScalars), std::end(kBuiltinScalars), name) !=
         std::end(kBuiltinScalars);
}

// Builds a Schema in steps; collects problems instead of stopping at the first.
class SchemaBuilder {
 public:
  SchemaBuilder(Schema& schema, const SchemaOptions& options)
      : schema_(schema),
        options_(options),
        values_(schema,
                [this](std::string message, std::vector<SourceLocation> locations) {
                  Report(locations.empty() ? SourceLocation{} : locations[0], std::move(message));
                },
                {}) {}

  Status Run() {
    std::string builtin_text(internal::kBuiltinSdl);
    if (options_.appsync_scalars) {
      builtin_text += internal::kAppSyncScalarsSdl;
    }
    auto builtins = ParseSchema(std::move(builtin_text));
    GLOSS_CHECK(builtins.ok());  // Constant text, covered by tests.
    schema_.builtins_ = std::move(builtins).value();

    CollectDefinitions();
    AddBuiltins();
    MergeExtensions();
    IndexMembers();
    ResolveRoots();
    ComputePossibleTypes();
    ValidateTypes();
    ValidateInputCycles();
    ValidateDirectiveDefinitions();
    ValidateDirectiveUses();
    return Finish();
  }

 private:
  void Report(SourceLocation loc, std::string message) {
    problems_.push_back({loc, std::move(message)});
  }

  Schema::TypeInfo* Info(std::string_view name) {
    auto it = schema_.by_name_.find(name);
    return it == schema_.by_name_.end() ? nullptr : it->second;
  }

  Schema::TypeInfo& AddType(const TypeDefinition& definition, bool user) {
    Schema::TypeInfo& info = schema_.infos_.emplace_back();
    info.definition = definition;
    schema_.by_name_[definition.name] = &info;
    schema_.by_definition_[&info.definition] = &info;
    schema_.types_.push_back(&info.definition);
    if (user) {
      user_types_.push_back(&info);
    }
    return info;
  }

  void CollectDefinitions() {
    bool have_schema = false;
    for (const Definition& definition : schema_.sdl_.definitions()) {
      if (const auto* type = std::get_if<TypeDefinition>(&definition.node)) {
        if (type->extension) {
          extensions_.push_back(type);
          continue;
        }
        if (Info(type->name) != nullptr) {
          Report(type->loc, "There can be only one type named " + Quote(type->name) + ".");
          continue;
        }
        AddType(*type, true);
      } else if (const auto* directive = std::get_if<DirectiveDefinition>(&definition.node)) {
        if (schema_.directive_by_name_.contains(directive->name)) {
          Report(directive->loc, "There can be only one directive named \"@" +
                                     std::string(directive->name) + "\".");
          continue;
        }
        schema_.directive_by_name_[directive->name] = directive;
        user_directives_.push_back(directive);
      } else if (const auto* schema_def = std::get_if<SchemaDefinition>(&definition.node)) {
        if (!schema_def->extension) {
          if (have_schema) {
            Report(schema_def->loc, "Must provide only one schema definition.");
            continue;
          }
          have_schema = true;
          if (schema_def->description) {
            schema_.description_ = schema_def->description->value;
          }
        }
        schema_defs_.push_back(schema_def);
      } else if (const auto* op = std::get_if<OperationDefinition>(&definition.node)) {
        Report(op->loc, "The " + Quote(op->name.empty() ? "anonymous" : op->name) +
                            " definition is not a type-system definition.");
      } else if (const auto* fragment = std::get_if<FragmentDefinition>(&definition.node)) {
        Report(fragment->loc,
               "The " + Quote(fragment->name) + " definition is not a type-system definition.");
      }
    }
  }

  void AddBuiltins() {
    for (Definition& definition : schema_.builtins_.definitions()) {
      if (auto* type = std::get_if<TypeDefinition>(&definition.node)) {
        if (type->name == "__Meta") {
          meta_ = type;
          continue;
        }
        if (const Schema::TypeInfo* existing = Info(type->name)) {
          // A user `scalar String` (or `scalar AWSJSON`) is the built-in one.
          if (existing->definition.kind != TypeKind::kScalar || type->kind != TypeKind::kScalar) {
            Report(existing->definition.loc,
                   "Type " + Quote(type->name) +
                       " already exists in the schema. It cannot also be defined in this type "
                       "definition.");
          }
          continue;
        }
        AddType(*type, false);
      } else if (auto* directive = std::get_if<DirectiveDefinition>(&definition.node)) {
        auto it = schema_.directive_by_name_.find(directive->name);
        if (it != schema_.directive_by_name_.end()) {
          Report(it->second->loc, "Directive \"@" + std::string(directive->name) +
                                      "\" already exists in the schema. It cannot be redefined.");
        }
        schema_.directive_by_name_[directive->name] = directive;
        schema_.directives_.push_back(directive);
      }
    }
    for (const DirectiveDefinition* directive : user_directives_) {
      if (schema_.directive_by_name_[directive->name] == directive) {
        schema_.directives_.push_back(directive);
      }
    }
    GLOSS_CHECK(meta_ != nullptr && meta_->fields.size() == 3);  // Constant text.
    schema_.typename_field_ = &meta_->fields[0];
    schema_.schema_field_ = &meta_->fields[1];
    schema_.type_field_ = &meta_->fields[2];
  }

  void MergeExtensions() {
    for (const TypeDefinition* extension : extensions_) {
      Schema::TypeInfo* info = Info(extension->name);
      if (info == nullptr) {
        Report(extension->loc,
               "Cannot extend type " + Quote(extension->name) + " because it is not defined.");
        continue;
      }
      TypeDefinition& target = info->definition;
      if (target.kind != extension->kind) {
        Report(extension->loc, "Cannot extend non-" + std::string(KindWord(extension->kind)) +
                                   " type " + Quote(extension->name) + ".");
        continue;
      }
      Append(target.interfaces, extension->interfaces);
      Append(target.directives, extension->directives);
      Append(target.fields, extension->fields);
      Append(target.union_members, extension->union_members);
      Append(target.enum_values, extension->enum_values);
      Append(target.input_fields, extension->input_fields);
    }
  }

  void IndexMembers() {
    for (Schema::TypeInfo& info : schema_.infos_) {
      const TypeDefinition& type = info.definition;
      for (const FieldDefinition& field : type.fields) {
        if (!info.fields.emplace(field.name, &field).second) {
          Report(field.loc, "Field \"" + std::string(type.name) + "." + std::string(field.name) +
                                "\" can only be defined once.");
        }
      }
      for (const InputValueDefinition& field : type.input_fields) {
        if (!info.input_fields.emplace(field.name, &field).second) {
          Report(field.loc, "Field \"" + std::string(type.name) + "." + std::string(field.name) +
                                "\" can only be defined once.");
        }
      }
      for (const EnumValueDefinition& value : type.enum_values) {
        if (!info.enum_values.emplace(value.name, &value).second) {
          Report(value.loc, "Enum value \"" + std::string(type.name) + "." +
                                std::string(value.name) + "\" can only be defined once.");
        }
      }
    }
  }

  void SetRoot(OperationType operation, std::string_view name, SourceLocation loc,
               bool explicit_root) {
    const TypeDefinition** slot = operation == OperationType::kQuery ? &schema_.query_type_
                                  : operation == OperationType::kMutation
                                      ? &schema_.mutation_type_
                                      : &schema_.subscription_type_;
    if (explicit_root && *slot != nullptr) {
      Report(loc, "Type for " + std::string(OperationTypeName(operation)) +
                      " already defined in the schema. It cannot be redefined.");
      return;
    }
    const Schema::TypeInfo* info = Info(name);
    if (info == nullptr) {
      if (explicit_root) {
        Report(loc, "Unknown type " + Quote(name) + ".");
      }
      return;
    }
    if (info->definition.kind != TypeKind::kObject) {
      std::string word(OperationTypeName(operation));
      word[0] = static_cast<char>(word[0] - 'a' + 'A');
      Report(explicit_root ? loc : info->definition.loc,
             word + " root type must be Object type" + (explicit_root ? "" : " if provided") +
                 ", it cannot be " + std::string(name) + ".");
      return;
    }
    *slot = &info->definition;
  }

  void ResolveRoots() {
    if (schema_defs_.empty()) {
      SetRoot(OperationType::kQuery, "Query", {}, false);
      SetRoot(OperationType::kMutation, "Mutation", {}, false);
      SetRoot(OperationType::kSubscription, "Subscription", {}, false);
      return;
    }
    for (const SchemaDefinition* definition : schema_defs_) {
      for (const RootOperationType& root : definition->operation_types) {
        SetRoot(root.operation, root.type, root.loc, true);
      }
    }
  }

  void ComputePossibleTypes() {
    for (Schema::TypeInfo& info : schema_.infos_) {
      const TypeDefinition& type = info.definition;
      if (type.kind == TypeKind::kObject) {
        info.possible_types.push_back(&type);
        info.possible_set.insert(&type);
        for (std::string_view name : type.interfaces) {
          Schema::TypeInfo* iface = Info(name);
          if (iface != nullptr && iface->definition.kind == TypeKind::kInterface &&
              iface->possible_set.insert(&type).second) {
            iface->possible_types.push_back(&type);
          }
        }
      } else if (type.kind == TypeKind::kUnion) {
        for (std::string_view name : type.union_members) {
          Schema::TypeInfo* member = Info(name);
          if (member != nullptr && member->definition.kind == TypeKind::kObject &&
              info.possible_set.insert(&member->definition).second) {
            info.possible_types.push_back(&member->definition);
          }
        }
      }
    }
  }

  void CheckName(std::string_view name, SourceLocation loc) {
    if (HasReservedPrefix(name)) {
      Report(loc, "Name " + Quote(name) +
                      " must not begin with \"__\", which is reserved by GraphQL introspection.");
    }
  }

  // Reports an unknown named type; returns its definition or null.
  const TypeDefinition* CheckTypeRef(const Type& type) {
    const TypeDefinition* found = schema_.FindType(type.name);
    if (found == nullptr) {
      Report(type.loc, "Unknown type " + Quote(type.name) + ".");
    }
    return found;
  }

  void CheckArguments(const std::vector<InputValueDefinition>& arguments,
                      const std::string& owner) {
    std::unordered_set<std::string_view> seen;
    for (const InputValueDefinition& argument : arguments) {
      CheckName(argument.name, argument.loc);
      if (!seen.insert(argument.name).second) {
        Report(argument.loc, "Argument \"" + owner + "(" + std::string(argument.name) +
                                 ":)\" can only be defined once.");
      }
      if (CheckTypeRef(argument.type) != nullptr && !schema_.IsInputType(argument.type)) {
        Report(argument.type.loc, "The type of " + owner + "(" + std::string(argument.name) +
                                      ":) must be Input Type but got: " + PrintType(argument.type) +
                                      ".");
      } else {
        CheckDefault(argument);
      }
    }
  }

  // A default value must fit its (existing, input) type.
  void CheckDefault(const InputValueDefinition& definition) {
    if (definition.default_value && schema_.IsInputType(definition.type)) {
      values_.Check(*definition.default_value, &definition.type, false);
    }
  }

  // Arguments of a known directive used in the SDL: unique, known, required
  // ones provided, values of the right types.
  void CheckDirectiveArguments(const Directive& directive, const DirectiveDefinition& definition) {
    const std::string name(directive.name);
    std::unordered_set<std::string_view> seen;
    for (const Argument& argument : directive.arguments) {
      if (!seen.insert(argument.name).second) {
        Report(argument.loc, "There can be only one argument named " + Quote(argument.name) + ".");
        continue;
      }
      const InputValueDefinition* argument_definition = nullptr;
      std::vector<std::string_view> names;
      for (const InputValueDefinition& candidate : definition.arguments) {
        names.push_back(candidate.name);
        if (candidate.name == argument.name) {
          argument_definition = &candidate;
        }
      }
      if (argument_definition == nullptr) {
        Report(argument.loc, "Unknown argument " + Quote(argument.name) + " on directive \"@" +
                                 name + "\"." + DidYouMean(SuggestionList(argument.name, names)));
        continue;
      }
      if (schema_.IsInputType(argument_definition->type)) {
        values_.Check(argument.value, &argument_definition->type,
                      argument_definition->default_value.has_value());
      }
    }
    for (const InputValueDefinition& argument_definition : definition.arguments) {
      if (internal::IsRequiredInput(argument_definition) &&
          !seen.contains(argument_definition.name)) {
        Report(directive.loc, "Directive \"@" + name + "\" argument " +
                                  Quote(argument_definition.name) + " of type " +
                                  Quote(PrintType(argument_definition.type)) +
                                  " is required, but it was not provided.");
      }
    }
  }

  void ValidateTypes() {
    for (Schema::TypeInfo* info : user_types_) {
      const TypeDefinition& type = info->definition;
      const std::string type_name(type.name);
      CheckName(type.name, type.loc);
      switch (type.kind) {
        case TypeKind::kScalar: break;
        case TypeKind::kObject:
        case TypeKind::kInterface:
          if (type.fields.empty()) {
            Report(type.loc, "Type " + type_name + " must define one or more fields.");
          }
          for (const FieldDefinition& field : type.fields) {
            CheckName(field.name, field.loc);
            const std::string owner = type_name + "." + std::string(field.name);
            if (CheckTypeRef(field.type) != nullptr && !schema_.IsOutputType(field.type)) {
              Report(field.type.loc, "The type of " + owner + " must be Output Type but got: " +
                                         PrintType(field.type) + ".");
            }
            CheckArguments(field.arguments, owner);
          }
          ValidateInterfaces(*info);
          break;
        case TypeKind::kUnion: ValidateUnion(type); break;
        case TypeKind::kEnum:
          if (type.enum_values.empty()) {
            Report(type.loc, "Enum type " + type_name + " must define one or more values.");
          }
          for (const EnumValueDefinition& value : type.enum_values) {
            CheckName(value.name, value.loc);
            if (value.name == "true" || value.name == "false" || value.name == "null") {
              Report(value.loc, "Enum type " + type_name +
                                    " cannot include value: " + std::string(value.name) + ".");
            }
          }
          break;
        case TypeKind::kInputObject:
          if (type.input_fields.empty()) {
            Report(type.loc, "Input Object type " + type_name + " must define one or more fields.");
          }
          for (const InputValueDefinition& field : type.input_fields) {
            CheckName(field.name, field.loc);
            if (CheckTypeRef(field.type) != nullptr && !schema_.IsInputType(field.type)) {
              Report(field.type.loc, "The type of " + type_name + "." + std::string(field.name) +
                                         " must be Input Type but got: " + PrintType(field.type) +
                                         ".");
            } else {
              CheckDefault(field);
            }
          }
          break;
      }
    }
  }

  void ValidateUnion(const TypeDefinition& type) {
    const std::string type_name(type.name);
    if (type.union_members.empty()) {
      Report(type.loc, "Union type " + type_name + " must define one or more member types.");
    }
    std::unordered_set<std::string_view> seen;
    for (std::string_view member : type.union_members) {
      if (!seen.insert(member).second) {
        Report(type.loc, "Union type " + type_name + " can only include type " +
                             std::string(member) + " once.");
        continue;
      }
      const TypeDefinition* member_type = schema_.FindType(member);
      if (member_type == nullptr) {
        Report(type.loc, "Unknown type " + Quote(member) + ".");
      } else if (member_type->kind != TypeKind::kObject) {
        Report(type.loc, "Union type " + type_name +
                             " can only include Object types, it cannot include " +
                             std::string(member) + ".");
      }
    }
  }

  void ValidateInterfaces(const Schema::TypeInfo& info) {
    const TypeDefinition& type = info.definition;
    const std::string type_name(type.name);
    std::unordered_set<std::string_view> seen;
    for (std::string_view iface_name : type.interfaces) {
      const TypeDefinition* iface = schema_.FindType(iface_name);
      if (iface == nullptr) {
        Report(type.loc, "Unknown type " + Quote(iface_name) + ".");
        continue;
      }
      if (iface->kind != TypeKind::kInterface) {
        Report(type.loc, "Type " + type_name +
                             " must only implement Interface types, it cannot implement " +
                             std::string(iface_name) + ".");
        continue;
      }
      if (iface == &type) {
        Report(type.loc, "Type " + type_name +
                             " cannot implement itself because it would create a circular "
                             "reference.");
        continue;
      }
      if (!seen.insert(iface_name).second) {
        Report(type.loc,
               "Type " + type_name + " can only implement " + std::string(iface_name) + " once.");
        continue;
      }
      for (std::string_view transitive : iface->interfaces) {
        if (transitive != type.name && std::find(type.interfaces.begin(), type.interfaces.end(),
                                                 transitive) == type.interfaces.end()) {
          Report(type.loc, "Type " + type_name + " must implement " + std::string(transitive) +
                               " because it is implemented by " + std::string(iface_name) + ".");
        }
      }
      ValidateImplementation(info, *iface);
    }
  }

  void ValidateImplementation(const Schema::TypeInfo& info, const TypeDefinition& iface) {
    const TypeDefinition& type = info.definition;
    const std::string type_name(type.name);
    const std::string iface_name(iface.name);
    for (const FieldDefinition& iface_field : iface.fields) {
      const std::string field_name(iface_field.name);
      auto it = info.fields.find(iface_field.name);
      if (it == info.fields.end()) {
        Report(type.loc, "Interface field " + iface_name + "." + field_name + " expected but " +
                             type_name + " does not provide it.");
        continue;
      }
      const FieldDefinition& field = *it->second;
      if (!schema_.IsTypeSubTypeOf(field.type, iface_field.type)) {
        Report(field.type.loc, "Interface field " + iface_name + "." + field_name +
                                   " expects type " + PrintType(iface_field.type) + " but " +
                                   type_name + "." + field_name + " is type " +
                                   PrintType(field.type) + ".");
      }
      for (const InputValueDefinition& iface_arg : iface_field.arguments) {
        const InputValueDefinition* arg = Schema::FindArgument(field, iface_arg.name);
        const std::string arg_name(iface_arg.name);
        if (arg == nullptr) {
          Report(field.loc, "Interface field argument " + iface_name + "." + field_name + "(" +
                                arg_name + ":) expected but " + type_name + "." + field_name +
                                " does not provide it.");
          continue;
        }
        if (PrintType(arg->type) != PrintType(iface_arg.type)) {
          Report(arg->type.loc, "Interface field argument " + iface_name + "." + field_name + "(" +
                                    arg_name + ":) expects type " + PrintType(iface_arg.type) +
                                    " but " + type_name + "." + field_name + "(" + arg_name +
                                    ":) is type " + PrintType(arg->type) + ".");
        }
      }
      for (const InputValueDefinition& arg : field.arguments) {
        if (arg.type.non_null() && !arg.default_value &&
            Schema::FindArgument(iface_field, arg.name) == nullptr) {
          Report(arg.loc, "Object field " + type_name + "." + field_name +
                              " includes required argument " + std::string(arg.name) +
                              " that is missing from the Interface field " + iface_name + "." +
                              field_name + ".");
        }
      }
    }
  }

  // graphql-js validateInputObjectCircularRefs.
  void ValidateInputCycles() {
    for (Schema::TypeInfo* info : user_types_) {
      if (info->definition.kind == TypeKind::kInputObject) {
        DetectCycle(info->definition);
      }
    }
  }

  void DetectCycle(const TypeDefinition& input) {
    if (!cycle_visited_.insert(&input).second) {
      return;
    }
    cycle_index_[input.name] = cycle_path_.size();
    for (const InputValueDefinition& field : input.input_fields) {
      if (field.type.wrappers.size() != 1 || !field.type.non_null()) {
        continue;
      }
      const TypeDefinition* field_type = schema_.FindType(field.type.name);
      if (field_type == nullptr || field_type->kind != TypeKind::kInputObject) {
        continue;
      }
      cycle_path_.push_back(&field);
      auto it = cycle_index_.find(field_type->name);
      if (it == cycle_index_.end()) {
        DetectCycle(*field_type);
      } else {
        std::string path;
        for (size_t i = it->second; i < cycle_path_.size(); ++i) {
          if (!path.empty()) {
            path += '.';
          }
          path += cycle_path_[i]->name;
        }
        Report(cycle_path_[it->second]->loc,
               "Cannot reference Input Object " + Quote(field_type->name) +
                   " within itself through a series of non-null fields: " + Quote(path) + ".");
      }
      cycle_path_.pop_back();
    }
    cycle_index_.erase(input.name);
  }

  void ValidateDirectiveDefinitions() {
    for (const DirectiveDefinition* directive : user_directives_) {
      CheckName(directive->name, directive->loc);
      CheckArguments(directive->arguments, "@" + std::string(directive->name));
    }
  }

  void CheckDirectives(const std::vector<Directive>& directives, std::string_view location) {
    std::unordered_set<std::string_view> seen;
    for (const Directive& directive : directives) {
      const DirectiveDefinition* definition = schema_.FindDirective(directive.name);
      if (definition == nullptr) {
        if (!options_.allow_unknown_directives) {
          Report(directive.loc, "Unknown directive \"@" + std::string(directive.name) + "\".");
        }
        continue;
      }
      if (std::find(definition->locations.begin(), definition->locations.end(), location) ==
          definition->locations.end()) {
        Report(directive.loc, "Directive \"@" + std::string(directive.name) +
                                  "\" may not be used on " + std::string(location) + ".");
      }
      if (!definition->repeatable && !seen.insert(directive.name).second) {
        Report(directive.loc, "The directive \"@" + std::string(directive.name) +
                                  "\" can only be used once at this location.");
      }
      CheckDirectiveArguments(directive, *definition);
    }
  }

  void CheckArgumentDirectives(const std::vector<InputValueDefinition>& arguments,
                               std::string_view location) {
    for (const InputValueDefinition& argument : arguments) {
      CheckDirectives(argument.directives, location);
    }
  }

  void ValidateDirectiveUses() {
    for (const SchemaDefinition* definition : schema_defs_) {
      CheckDirectives(definition->directives, "SCHEMA");
    }
    for (const DirectiveDefinition* directive : user_directives_) {
      CheckArgumentDirectives(directive->arguments, "ARGUMENT_DEFINITION");
    }
    for (Schema::TypeInfo* info : user_types_) {
      const TypeDefinition& type = info->definition;
      CheckDirectives(type.directives, TypeKindName(type.kind));
      for (const FieldDefinition& field : type.fields) {
        CheckDirectives(field.directives, "FIELD_DEFINITION");
        CheckArgumentDirectives(field.arguments, "ARGUMENT_DEFINITION");
      }
      CheckArgumentDirectives(type.input_fields, "INPUT_FIELD_DEFINITION");
      for (const EnumValueDefinition& value : type.enum_values) {
        CheckDirectives(value.directives, "ENUM_VALUE");
      }
    }
  }

  Status Finish() {
    if (problems_.empty()) {
      return Status::Ok();
    }
    std::stable_sort(problems_.begin(), problems_.end(), [](const Problem& a, const Problem& b) {
      return a.loc.line != b.loc.line ? a.loc.line < b.loc.line : a.loc.column < b.loc.column;
    });
    std::string message;
    const size_t shown = std::min(problems_.size(), options_.max_errors);
    for (size_t i = 0; i < shown; ++i) {
      if (i > 0) {
        message += '\n';
      }
      message += std::to_string(problems_[i].loc.line) + ":" +
                 std::to_string(problems_[i].loc.column) + ": " + problems_[i].message;
    }
    if (shown < problems_.size()) {
      message += "\n(" + std::to_string(problems_.size() - shown) + " more problems)";
    }
    return Status::InvalidArgument(message);
  }

  Schema& schema_;
  const SchemaOptions& options_;
  internal::ValueChecker values_;  // For SDL directive arguments and default values.
  std::vector<Problem> problems_;
  std::vector<Schema::TypeInfo*> user_types_;
  std::vector<const TypeDefinition*> extensions_;
  std::vector<const DirectiveDefinition*> user_directives_;
  std::vector<const SchemaDefinition*> schema_defs_;
  const TypeDefinition* meta_ = nullptr;
  std::unordered_set<const TypeDefinition*> cycle_visited_;
  std::unordered_map<std::string_view, size_t> cycle_index_;
  std::vector<const InputValueDefinition*> cycle_path_;
};

Schema::~Schema() = default;

Result<std::shared_ptr<const Schema>> Schema::Build(Document sdl, const SchemaOptions& options) {
  std::shared_ptr<Schema> schema(new Schema());  // Private constructor: no make_shared.
  schema->sdl_ = std::move(sdl);
  SchemaBuilder builder(*schema, options);
  RETURN_IF_ERROR(builder.Run());
  return std::shared_ptr<const Schema>(std::move(schema));
}

const Schema::TypeInfo* Schema::InfoOf(const TypeDefinition& type) const {
  auto it = by_definition_.find(&type);
  return it == by_definition_.end() ? nullptr : it->second;
}

const TypeDefinition* Schema::FindType(std::string_view name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : &it->second->definition;
}

const FieldDefinition* Schema::FindField(const TypeDefinition& type, std::string_view name) const {
  if (HasReservedPrefix(name) && IsCompositeKind(type.kind)) {
    if (name == "__typename") {
      return typename_field_;
    }
    if (&type == query_type_) {
      if (name == "__schema") {
        return schema_field_;
      }
      if (name == "__type") {
        return type_field_;
      }
    }
  }
  const TypeInfo* info = InfoOf(type);
  if (info == nullptr) {
    return nullptr;
  }
  auto it = info->fields.find(name);
  return it == info->fields.end() ? nullptr : it->second;
}

const InputValueDefinition* Schema::FindInputField(const TypeDefinition& type,
                                                   std::string_view name) const {
  const TypeInfo* info = InfoOf(type);
  if (info == nullptr) {
    return nullptr;
  }
  auto it = info->input_fields.find(name);
  return it == info->input_fields.end() ? nullptr : it->second;
}

const EnumValueDefinition* Schema::FindEnumValue(const TypeDefinition& type,
                                                 std::string_view name) const {
  const TypeInfo* info = InfoOf(type);
  if (info == nullptr) {
    return nullptr;
  }
  auto it = info->enum_values.find(name);
  return it == info->enum_values.end() ? nullptr : it->second;
}

const InputValueDefinition* Schema::FindArgument(const FieldDefinition& field,
                                                 std::string_view name) {
  for (const InputValueDefinition& argument : field.arguments) {
    if (argument.name == name) {
      return &argument;
    }
  }
  return nullptr;
}

const DirectiveDefinition* Schema::FindDirective(std::string_view name) const {
  auto it = directive_by_name_.find(name);
  return it == directive_by_name_.end() ? nullptr : it->second;
}

const TypeDefinition* Schema::RootType(OperationType operation) const {
  switch (operation) {
    case OperationType::kQuery: return query_type_;
    case OperationType::kMutation: return mutation_type_;
    case OperationType::kSubscription: return subscription_type_;
  }
  return nullptr;
}

const std::vector<const TypeDefinition*>& Schema::PossibleTypes(const TypeDefinition& type) const {
  const TypeInfo* info = InfoOf(type);
  return info == nullptr ? no_types_ : info->possible_types;
}

bool Schema::IsPossibleType(const TypeDefinition& abstract_type,
                            const TypeDefinition& object) const {
  const TypeInfo* info = InfoOf(abstract_type);
  return info != nullptr && info->possible_set.contains(&object);
}

bool Schema::IsInputType(const Type& type) const {
  const TypeDefinition* named = FindType(type.name);
  return named != nullptr && (IsLeafKind(named->kind) || named->kind == TypeKind::kInputObject);
}

bool Schema::IsOutputType(const Type& type) const {
  const TypeDefinition* named = FindType(type.name);
  return named != nullptr && named->kind != TypeKind::kInputObject;
}

bool Schema::IsSubType(const TypeDefinition& abstract_type, const TypeDefinition& maybe_sub) const {
  if (abstract_type.kind == TypeKind::kUnion) {
    return IsPossibleType(abstract_type, maybe_sub);
  }
  if (abstract_type.kind != TypeKind::kInterface) {
    return false;
  }
  return std::find(maybe_sub.interfaces.begin(), maybe_sub.interfaces.end(), abstract_type.name) !=
         maybe_sub.interfaces.end();
}

bool Schema::IsTypeSubTypeOf(const Type& sub, const Type& super) const {
  // Walk the wrappers from the outside in.
  size_t sub_index = sub.wrappers.size();
  size_t super_index = super.wrappers.size();
  while (true) {
    const bool sub_non_null =
        sub_index > 0 && sub.wrappers[sub_index - 1] == Type::Wrapper::kNonNull;
    const bool super_non_null =
        super_index > 0 && super.wrappers[super_index - 1] == Type::Wrapper::kNonNull;
    if (super_non_null) {
      if (!sub_non_null) {
        return false;
      }
      --sub_index;
      --super_index;
      continue;
    }
    if (sub_non_null) {
      --sub_index;
      continue;
    }
    const bool sub_list = sub_index > 0;  // Not non-null, so a list.
    const bool super_list = super_index > 0;
    if (super_list) {
      if (!sub_list) {
        return false;
      }
      --sub_index;
      --super_index;
      continue;
    }
    if (sub_list) {
      return false;
    }
    break;
  }
  if (sub.name == super.name) {
    return true;
  }
  const TypeDefinition* sub_type = FindType(sub.name);
  const TypeDefinition* super_type = FindType(super.name);
  return sub_type != nullptr && super_type != nullptr && IsAbstractKind(super_type->kind) &&
         (sub_type->kind == TypeKind::kObject || sub_type->kind == TypeKind::kInterface) &&
         IsSubType(*super_type, *sub_type);
}

}  // namespace gloss::graphql
