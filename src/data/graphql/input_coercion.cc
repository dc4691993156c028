#include "data/graphql/input_coercion.h"

#include <cmath>
#include <limits>

#include "data/graphql/print.h"

namespace gloss::graphql {
namespace {

constexpr int kMaxInputDepth = 32;

Status Invalid(std::string message) { return Status::InvalidArgument(std::move(message)); }

// JSON for messages, like graphql-js's inspect(): strings quoted.
std::string Show(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

class Coercer {
 public:
  Coercer(const Schema& schema, ScalarCoercerRef coerce_scalar)
      : schema_(schema), coerce_scalar_(coerce_scalar) {}

  // A JSON input value (variables) for `type`. `where` names the position
  // for messages ("" at the top, else ` at "input.count"`).
  Result<nlohmann::json> FromJson(TypeView type, const nlohmann::json& value,
                                  const std::string& path, int depth) {
    if (depth > kMaxInputDepth) {
      return Invalid("input value nested too deeply" + At(path));
    }
    if (value.is_null()) {
      if (type.non_null()) {
        return Invalid("Expected non-nullable type \"" + type.ToString() + "\" not to be null" +
                       At(path) + ".");
      }
      return nlohmann::json(nullptr);
    }
    if (type.non_null()) {
      type = type.Inner();
    }
    if (type.list()) {
      nlohmann::json out = nlohmann::json::array();
      if (value.is_array()) {
        for (size_t i = 0; i < value.size(); ++i) {
          ASSIGN_OR_RETURN(nlohmann::json item, FromJson(type.Inner(), value[i],
                                                         Join(path, std::to_string(i)), depth + 1));
          out.push_back(std::move(item));
        }
      } else {
        ASSIGN_OR_RETURN(nlohmann::json item, FromJson(type.Inner(), value, path, depth + 1));
        out.push_back(std::move(item));
      }
      return out;
    }
    const TypeDefinition* named = schema_.FindType(type.name());
    if (named == nullptr) {
      return Invalid("Unknown type \"" + std::string(type.name()) + "\".");
    }
    switch (named->kind) {
      case TypeKind::kInputObject: {
        if (!value.is_object()) {
          return Invalid("Expected type \"" + std::string(named->name) + "\" to be an object" +
                         At(path) + ".");
        }
        for (const auto& [key, item] : value.items()) {
          if (schema_.FindInputField(*named, key) == nullptr) {
            return Invalid("Field \"" + key + "\" is not defined by type \"" +
                           std::string(named->name) + "\"" + At(path) + ".");
          }
          (void)item;
        }
        nlohmann::json out = nlohmann::json::object();
        for (const InputValueDefinition& field : named->input_fields) {
          const std::string name(field.name);
          const auto given = value.find(name);
          if (given == value.end()) {
            RETURN_IF_ERROR(Omitted(field, name, path, depth, out));
            continue;
          }
          ASSIGN_OR_RETURN(out[name],
                           FromJson(Whole(field.type), *given, Join(path, name), depth + 1));
        }
        return out;
      }
      case TypeKind::kEnum: {
        if (!value.is_string() ||
            schema_.FindEnumValue(*named, value.get_ref<const std::string&>()) == nullptr) {
          return Invalid("Value " + Show(value) + " does not exist in \"" +
                         std::string(named->name) + "\" enum" + At(path) + ".");
        }
        return value;
      }
      case TypeKind::kScalar: return Scalar(named->name, value, path);
      default: return Invalid("\"" + std::string(named->name) + "\" is not an input type.");
    }
  }

  // An AST literal for `type`; variables come from `variables` (null while
  // coercing defaults, where none may appear).
  Result<nlohmann::json> FromLiteral(TypeView type, const Value& literal,
                                     const nlohmann::json* variables, const std::string& path,
                                     int depth) {
    if (depth > kMaxInputDepth) {
      return Invalid("input value nested too deeply" + At(path));
    }
    if (literal.kind == ValueKind::kVariable) {
      if (variables == nullptr) {
        return Invalid("Variables are not allowed here" + At(path) + ".");
      }
      const auto found = variables->find(std::string(literal.text));
      if (found == variables->end() || found->is_null()) {
        if (type.non_null()) {
          return Invalid("Argument value for variable \"$" + std::string(literal.text) +
                         "\" must not be null" + At(path) + ".");
        }
        return nlohmann::json(nullptr);
      }
      return *found;  // Already coerced for its (compatible) variable type.
    }
    if (literal.kind == ValueKind::kNull) {
      if (type.non_null()) {
        return Invalid("Expected value of type \"" + type.ToString() + "\", found null" + At(path) +
                       ".");
      }
      return nlohmann::json(nullptr);
    }
    if (type.non_null()) {
      type = type.Inner();
    }
    if (type.list()) {
      nlohmann::json out = nlohmann::json::array();
      if (literal.kind == ValueKind::kList) {
        for (size_t i = 0; i < literal.list.size(); ++i) {
          ASSIGN_OR_RETURN(nlohmann::json item,
                           FromLiteral(type.Inner(), literal.list[i], variables,
                                       Join(path, std::to_string(i)), depth + 1));
          out.push_back(std::move(item));
        }
      } else {
        ASSIGN_OR_RETURN(nlohmann::json item,
                         FromLiteral(type.Inner(), literal, variables, path, depth + 1));
        out.push_back(std::move(item));
      }
      return out;
    }
    const TypeDefinition* named = schema_.FindType(type.name());
    if (named == nullptr) {
      return Invalid("Unknown type \"" + std::string(type.name()) + "\".");
    }
    switch (named->kind) {
      case TypeKind::kInputObject: {
        if (literal.kind != ValueKind::kObject) {
          return Invalid("Expected value of type \"" + std::string(named->name) + "\", found " +
                         PrintValue(literal) + At(path) + ".");
        }
        nlohmann::json out = nlohmann::json::object();
        for (const InputValueDefinition& field : named->input_fields) {
          const std::string name(field.name);
          const Value* given = nullptr;
          for (const ObjectField& object_field : literal.fields) {
            if (object_field.name == field.name) {
              given = &object_field.value;
            }
          }
          const bool absent_variable =
              given != nullptr && given->kind == ValueKind::kVariable &&
              (variables == nullptr || !variables->contains(std::string(given->text)));
          if (given == nullptr || absent_variable) {
            RETURN_IF_ERROR(
                Omitted(field, std::string(named->name) + "." + name, path, depth, out));
            continue;
          }
          ASSIGN_OR_RETURN(out[name], FromLiteral(Whole(field.type), *given, variables,
                                                  Join(path, name), depth + 1));
        }
        return out;
      }
      case TypeKind::kEnum:
        if (literal.kind != ValueKind::kEnum ||
            schema_.FindEnumValue(*named, literal.text) == nullptr) {
          return Invalid("Value \"" + PrintValue(literal) + "\" does not exist in \"" +
                         std::string(named->name) + "\" enum" + At(path) + ".");
        }
        return nlohmann::json(std::string(literal.text));
      case TypeKind::kScalar: return Scalar(named->name, LiteralJson(literal), path);
      default: return Invalid("\"" + std::string(named->name) + "\" is not an input type.");
    }
  }

 private:
  // An input field left out: its default, or an error if it is required.
  // `shown` names it in the message ("count" for variables, "Type.count" for
  // literals, as graphql-js words them).
  Status Omitted(const InputValueDefinition& field, const std::string& shown,
                 const std::string& path, int depth, nlohmann::json& out) {
    const std::string name(field.name);
    if (field.default_value) {
      ASSIGN_OR_RETURN(out[name], FromLiteral(Whole(field.type), *field.default_value, nullptr,
                                              Join(path, name), depth + 1));
    } else if (field.type.non_null()) {
      return Invalid("Field \"" + shown + "\" of required type \"" + Whole(field.type).ToString() +
                     "\" was not provided" + At(path) + ".");
    }
    return Status::Ok();
  }

  static std::string At(const std::string& path) {
    return path.empty() ? "" : " at \"" + path + "\"";
  }
  static std::string Join(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
  }

  // A scalar literal as JSON, for the scalar checks shared with variables.
  static nlohmann::json LiteralJson(const Value& literal) {
    switch (literal.kind) {
      case ValueKind::kInt: {
        nlohmann::json parsed = nlohmann::json::parse(literal.text, nullptr, false);
        return parsed.is_discarded() ? nlohmann::json(std::string(literal.text)) : parsed;
      }
      case ValueKind::kFloat: {
        nlohmann::json parsed = nlohmann::json::parse(literal.text, nullptr, false);
        return parsed.is_discarded() ? nlohmann::json(std::string(literal.text)) : parsed;
      }
      case ValueKind::kString: return std::string(literal.text);
      case ValueKind::kBoolean: return literal.boolean();
      case ValueKind::kEnum:
        return nlohmann::json{{"$enum", std::string(literal.text)}};  // Never a valid scalar.
      case ValueKind::kList:
      case ValueKind::kObject: {
        // Custom scalars (AWSJSON) may take structured literals.
        nlohmann::json out =
            literal.kind == ValueKind::kList ? nlohmann::json::array() : nlohmann::json::object();
        if (literal.kind == ValueKind::kList) {
          for (const Value& item : literal.list) {
            out.push_back(LiteralJson(item));
          }
        } else {
          for (const ObjectField& field : literal.fields) {
            out[std::string(field.name)] = LiteralJson(field.value);
          }
        }
        return out;
      }
      case ValueKind::kNull:
      case ValueKind::kVariable: return nullptr;
    }
    return nullptr;
  }

  Result<nlohmann::json> Scalar(std::string_view name, const nlohmann::json& value,
                                const std::string& path) {
    if (name == "Int") {
      if (value.is_number_integer()) {
        const int64_t number = value.get<int64_t>();
        if (number >= std::numeric_limits<int32_t>::min() &&
            number <= std::numeric_limits<int32_t>::max()) {
          return value;
        }
        return Invalid("Int cannot represent non 32-bit signed integer value: " + Show(value) +
                       At(path));
      }
      if (value.is_number_float()) {
        const double number = value.get<double>();
        if (std::floor(number) == number && std::abs(number) <= 2147483647.0) {
          return nlohmann::json(static_cast<int64_t>(number));
        }
      }
      return Invalid("Int cannot represent non-integer value: " + Show(value) + At(path));
    }
    if (name == "Float") {
      if (value.is_number()) {
        return nlohmann::json(value.get<double>());
      }
      return Invalid("Float cannot represent non numeric value: " + Show(value) + At(path));
    }
    if (name == "String") {
      if (value.is_string()) {
        return value;
      }
      return Invalid("String cannot represent a non string value: " + Show(value) + At(path));
    }
    if (name == "Boolean") {
      if (value.is_boolean()) {
        return value;
      }
      return Invalid("Boolean cannot represent a non boolean value: " + Show(value) + At(path));
    }
    if (name == "ID") {
      if (value.is_string()) {
        return value;
      }
      if (value.is_number_integer()) {
        return nlohmann::json(std::to_string(value.get<int64_t>()));
      }
      return Invalid("ID cannot represent value: " + Show(value) + At(path));
    }
    if (value.is_object() && value.contains("$enum")) {
      return Invalid("Expected value of type \"" + std::string(name) + "\"" + At(path) + ".");
    }
    if (coerce_scalar_) {
      Result<nlohmann::json> coerced = coerce_scalar_(name, value);
      if (!coerced.ok()) {
        return Invalid(std::string(coerced.status().message()) + At(path));
      }
      return coerced;
    }
    return value;
  }

  const Schema& schema_;
  ScalarCoercerRef coerce_scalar_;
};

}  // namespace

std::string TypeView::ToString() const {
  std::string out(type->name);
  for (size_t i = 0; i < depth; ++i) {
    out = type->wrappers[i] == Type::Wrapper::kList ? "[" + out + "]" : out + "!";
  }
  return out;
}

Result<nlohmann::json> CoerceVariables(const Schema& schema, const OperationDefinition& operation,
                                       const nlohmann::json& values,
                                       ScalarCoercerRef coerce_scalar) {
  Coercer coercer(schema, coerce_scalar);
  nlohmann::json out = nlohmann::json::object();
  const bool has_values = values.is_object();
  for (const VariableDefinition& variable : operation.variable_definitions) {
    const std::string name(variable.name);
    const auto given = has_values ? values.find(name) : values.end();
    if (!has_values || given == values.end()) {
      if (variable.default_value) {
        Result<nlohmann::json> value =
            coercer.FromLiteral(Whole(variable.type), *variable.default_value, nullptr, "", 0);
        if (!value.ok()) {
          return Invalid("Variable \"$" + name +
                         "\" has invalid default value: " + std::string(value.status().message()));
        }
        out[name] = *std::move(value);
      } else if (variable.type.non_null()) {
        return Invalid("Variable \"$" + name + "\" of required type \"" +
                       Whole(variable.type).ToString() + "\" was not provided.");
      }
      continue;
    }
    Result<nlohmann::json> value = coercer.FromJson(Whole(variable.type), *given, "", 0);
    if (!value.ok()) {
      return Invalid("Variable \"$" + name + "\" got invalid value " + Show(*given) + "; " +
                     std::string(value.status().message()));
    }
    out[name] = *std::move(value);
  }
  return out;
}

Result<nlohmann::json> CoerceArguments(const Schema& schema, const FieldDefinition& definition,
                                       const std::vector<Argument>& arguments,
                                       const nlohmann::json& variables,
                                       ScalarCoercerRef coerce_scalar) {
  Coercer coercer(schema, coerce_scalar);
  nlohmann::json out = nlohmann::json::object();
  for (const InputValueDefinition& argument : definition.arguments) {
    const std::string name(argument.name);
    const Argument* given = nullptr;
    for (const Argument& candidate : arguments) {
      if (candidate.name == argument.name) {
        given = &candidate;
      }
    }
    const bool absent_variable = given != nullptr && given->value.kind == ValueKind::kVariable &&
                                 !variables.contains(std::string(given->value.text));
    if (given == nullptr || absent_variable) {
      if (argument.default_value) {
        ASSIGN_OR_RETURN(out[name], coercer.FromLiteral(Whole(argument.type),
                                                        *argument.default_value, nullptr, name, 0));
      } else if (argument.type.non_null()) {
        return Invalid("Argument \"" + name + "\" of required type \"" +
                       Whole(argument.type).ToString() + "\" was not provided.");
      }
      continue;
    }
    Result<nlohmann::json> value =
        coercer.FromLiteral(Whole(argument.type), given->value, &variables, name, 0);
    if (!value.ok()) {
      return Invalid("Argument \"" + name + "\" has invalid value " + PrintValue(given->value) +
                     ": " + std::string(value.status().message()));
    }
    out[name] = *std::move(value);
  }
  return out;
}

bool DirectiveCondition(const Directive& directive, const nlohmann::json& variables) {
  for (const Argument& argument : directive.arguments) {
    if (argument.name != "if") {
      continue;
    }
    if (argument.value.kind == ValueKind::kVariable) {
      const auto found = variables.find(std::string(argument.value.text));
      return found != variables.end() && found->is_boolean() && found->get<bool>();
    }
    return argument.value.boolean();
  }
  return false;
}

}  // namespace gloss::graphql
