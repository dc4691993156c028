#include "data/graphql/introspection.h"

#include "data/graphql/print.h"

namespace gloss::graphql {
namespace {

using Results = std::vector<Result<nlohmann::json>>;
using Parents = std::span<const nlohmann::json* const>;

nlohmann::json Description(const std::optional<Description>& description) {
  return description ? nlohmann::json(std::string(description->value)) : nlohmann::json(nullptr);
}

nlohmann::json NamedTypeRef(const Schema& schema, std::string_view name) {
  const TypeDefinition* type = schema.FindType(name);
  return {{"kind", type != nullptr ? TypeKindName(type->kind) : "SCALAR"},
          {"name", std::string(name)}};
}

// A __Type source for a type reference: wrappers become LIST / NON_NULL.
nlohmann::json TypeRef(const Schema& schema, const Type& type) {
  nlohmann::json ref = NamedTypeRef(schema, type.name);
  for (const Type::Wrapper wrapper : type.wrappers) {
    ref = {{"kind", wrapper == Type::Wrapper::kList ? "LIST" : "NON_NULL"},
           {"name", nullptr},
           {"ofType", std::move(ref)}};
  }
  return ref;
}

// @deprecated(reason:) on a field or enum value.
std::pair<bool, nlohmann::json> Deprecation(const std::vector<Directive>& directives) {
  for (const Directive& directive : directives) {
    if (directive.name == "deprecated") {
      for (const Argument& argument : directive.arguments) {
        if (argument.name == "reason" && argument.value.kind == ValueKind::kString) {
          return {true, std::string(argument.value.text)};
        }
      }
      return {true, "No longer supported"};
    }
  }
  return {false, nullptr};
}

nlohmann::json InputValues(const Schema& schema, const std::vector<InputValueDefinition>& values) {
  nlohmann::json out = nlohmann::json::array();
  for (const InputValueDefinition& value : values) {
    out.push_back(
        {{"name", std::string(value.name)},
         {"description", Description(value.description)},
         {"type", TypeRef(schema, value.type)},
         {"defaultValue", value.default_value ? nlohmann::json(PrintValue(*value.default_value))
                                              : nlohmann::json(nullptr)},
         {"isDeprecated", false},
         {"deprecationReason", nullptr}});
  }
  return out;
}

bool IncludeDeprecated(const FieldContext& context) {
  const auto found = context.arguments.find("includeDeprecated");
  return found != context.arguments.end() && found->is_boolean() && found->get<bool>();
}

// Applies `build` to the definition named by each parent __Type source; null
// for wrappers and unknown names.
template <typename Build>
Results PerType(const FieldContext& context, Parents parents, Build build) {
  Results results;
  results.reserve(parents.size());
  for (const nlohmann::json* parent : parents) {
    const auto name = parent->find("name");
    const TypeDefinition* type = name != parent->end() && name->is_string()
                                     ? context.schema.FindType(name->get<std::string>())
                                     : nullptr;
    results.emplace_back(type == nullptr ? nlohmann::json(nullptr) : build(*type));
  }
  return results;
}

Results SchemaField(const FieldContext& context, Parents parents) {
  const Schema& schema = context.schema;
  nlohmann::json types = nlohmann::json::array();
  for (const TypeDefinition* type : schema.types()) {
    types.push_back(NamedTypeRef(schema, type->name));
  }
  auto root = [&](const TypeDefinition* type) {
    return type != nullptr ? NamedTypeRef(schema, type->name) : nlohmann::json(nullptr);
  };
  nlohmann::json directives = nlohmann::json::array();
  for (const DirectiveDefinition* directive : schema.directives()) {
    nlohmann::json locations = nlohmann::json::array();
    for (const std::string_view location : directive->locations) {
      locations.push_back(std::string(location));
    }
    directives.push_back({{"name", std::string(directive->name)},
                          {"description", Description(directive->description)},
                          {"locations", std::move(locations)},
                          {"args", InputValues(schema, directive->arguments)},
                          {"isRepeatable", directive->repeatable}});
  }
  const nlohmann::json value = {
      {"description", schema.description().empty()
                          ? nlohmann::json(nullptr)
                          : nlohmann::json(std::string(schema.description()))},
      {"types", std::move(types)},
      {"queryType", root(schema.query_type())},
      {"mutationType", root(schema.mutation_type())},
      {"subscriptionType", root(schema.subscription_type())},
      {"directives", std::move(directives)}};
  return Results(parents.size(), value);
}

Results TypeField(const FieldContext& context, Parents parents) {
  const auto name = context.arguments.find("name");
  nlohmann::json value = nullptr;
  if (name != context.arguments.end() && name->is_string() &&
      context.schema.FindType(name->get<std::string>()) != nullptr) {
    value = NamedTypeRef(context.schema, name->get<std::string>());
  }
  return Results(parents.size(), value);
}

const ResolverMap& TypeResolvers() {
  static const ResolverMap* const resolvers = [] {
    auto* map = new ResolverMap();
    map->Set("__Type", "description", [](const FieldContext& c, Parents p) {
      return PerType(c, p, [](const TypeDefinition& t) { return Description(t.description); });
    });
    map->Set("__Type", "specifiedByURL", [](const FieldContext& c, Parents p) {
      return PerType(c, p, [](const TypeDefinition&) { return nlohmann::json(nullptr); });
    });
    map->Set("__Type", "fields", [](const FieldContext& c, Parents p) {
      const bool deprecated = IncludeDeprecated(c);
      return PerType(c, p, [&](const TypeDefinition& t) {
        if (t.kind != TypeKind::kObject && t.kind != TypeKind::kInterface) {
          return nlohmann::json(nullptr);
        }
        nlohmann::json fields = nlohmann::json::array();
        for (const FieldDefinition& field : t.fields) {
          auto [is_deprecated, reason] = Deprecation(field.directives);
          if (is_deprecated && !deprecated) {
            continue;
          }
          fields.push_back({{"name", std::string(field.name)},
                            {"description", Description(field.description)},
                            {"args", InputValues(c.schema, field.arguments)},
                            {"type", TypeRef(c.schema, field.type)},
                            {"isDeprecated", is_deprecated},
                            {"deprecationReason", std::move(reason)}});
        }
        return fields;
      });
    });
    map->Set("__Type", "interfaces", [](const FieldContext& c, Parents p) {
      return PerType(c, p, [&](const TypeDefinition& t) {
        if (t.kind != TypeKind::kObject && t.kind != TypeKind::kInterface) {
          return nlohmann::json(nullptr);
        }
        nlohmann::json out = nlohmann::json::array();
        for (const std::string_view name : t.interfaces) {
          out.push_back(NamedTypeRef(c.schema, name));
        }
        return out;
      });
    });
    map->Set("__Type", "possibleTypes", [](const FieldContext& c, Parents p) {
      return PerType(c, p, [&](const TypeDefinition& t) {
        if (t.kind != TypeKind::kInterface && t.kind != TypeKind::kUnion) {
          return nlohmann::json(nullptr);
        }
        nlohmann::json out = nlohmann::json::array();
        for (const TypeDefinition* possible : c.schema.PossibleTypes(t)) {
          out.push_back(NamedTypeRef(c.schema, possible->name));
        }
        return out;
      });
    });
    map->Set("__Type", "enumValues", [](const FieldContext& c, Parents p) {
      const bool deprecated = IncludeDeprecated(c);
      return PerType(c, p, [&](const TypeDefinition& t) {
        if (t.kind != TypeKind::kEnum) {
          return nlohmann::json(nullptr);
        }
        nlohmann::json out = nlohmann::json::array();
        for (const EnumValueDefinition& value : t.enum_values) {
          auto [is_deprecated, reason] = Deprecation(value.directives);
          if (is_deprecated && !deprecated) {
            continue;
          }
          out.push_back({{"name", std::string(value.name)},
                         {"description", Description(value.description)},
                         {"isDeprecated", is_deprecated},
                         {"deprecationReason", std::move(reason)}});
        }
        return out;
      });
    });
    map->Set("__Type", "inputFields", [](const FieldContext& c, Parents p) {
      return PerType(c, p, [&](const TypeDefinition& t) {
        return t.kind == TypeKind::kInputObject ? InputValues(c.schema, t.input_fields)
                                                : nlohmann::json(nullptr);
      });
    });
    return map;
  }();
  return *resolvers;
}

}  // namespace

const FieldResolver* FindIntrospectionResolver(const Schema& schema, const TypeDefinition& type,
                                               std::string_view field) {
  static const FieldResolver schema_resolver = SchemaField;
  static const FieldResolver type_resolver = TypeField;
  if (&type == schema.query_type()) {
    if (field == "__schema") {
      return &schema_resolver;
    }
    if (field == "__type") {
      return &type_resolver;
    }
    return nullptr;
  }
  if (!type.name.starts_with("__")) {
    return nullptr;
  }
  return TypeResolvers().Find(type.name, field);
}

}  // namespace gloss::graphql
