#include "data/graphql/validate_values.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>

#include "data/graphql/print.h"
#include "data/graphql/suggest.h"

namespace gloss::graphql::internal {
namespace {

std::string Quote(std::string_view text) { return "\"" + std::string(text) + "\""; }

Type NullableOf(const Type& type) {
  Type out = type;
  if (out.non_null()) {
    out.wrappers.pop_back();
  }
  return out;
}

bool FitsInt32(std::string_view text) {
  const bool negative = !text.empty() && text[0] == '-';
  const std::string_view digits = negative ? text.substr(1) : text;
  if (digits.size() > 10) {
    return false;
  }
  int64_t number = 0;
  for (char c : digits) {
    number = number * 10 + (c - '0');
  }
  if (negative) {
    number = -number;
  }
  return number >= std::numeric_limits<int32_t>::min() &&
         number <= std::numeric_limits<int32_t>::max();
}

bool IsListType(const Type& nullable) {
  return !nullable.wrappers.empty() && nullable.wrappers.back() == Type::Wrapper::kList;
}

Type ItemOf(const Type& nullable_list) {
  Type out = nullable_list;
  out.wrappers.pop_back();
  return out;
}

}  // namespace

bool IsRequiredInput(const InputValueDefinition& definition) {
  return definition.type.non_null() && !definition.default_value.has_value();
}

ValueChecker::ValueChecker(const Schema& schema, ReportFn report, VariableFn on_variable)
    : schema_(schema), report_(std::move(report)), on_variable_(std::move(on_variable)) {}

// `type` is the location's full type (null if unknown); `has_default` says
// whether the location (argument or input field) has a default value.
void ValueChecker::Check(const Value& value, const Type* type, bool has_default) {
  if (value.kind == ValueKind::kVariable) {
    if (on_variable_) {
      on_variable_(value, type, has_default);
    }
    return;
  }
  if (value.kind == ValueKind::kObject) {
    CheckUniqueInputFields(value);
  }
  if (type == nullptr) {
    CheckChildren(value);
    return;
  }
  if (type->non_null() && value.kind == ValueKind::kNull) {
    report_("Expected value of type " + Quote(PrintType(*type)) + ", found null.", {value.loc});
    return;
  }
  if (value.kind == ValueKind::kNull) {
    return;
  }
  const Type nullable = NullableOf(*type);
  if (IsListType(nullable)) {
    const Type item = ItemOf(nullable);
    if (value.kind == ValueKind::kList) {
      for (const Value& element : value.list) {
        Check(element, &item, false);
      }
    } else {
      Check(value, &item, false);
    }
    return;
  }
  const TypeDefinition* named = schema_.FindType(type->name);
  if (named == nullptr) {
    CheckChildren(value);
    return;
  }
  if (named->kind == TypeKind::kInputObject) {
    CheckInputObject(value, *type, *named);
    return;
  }
  if (value.kind == ValueKind::kList || value.kind == ValueKind::kObject) {
    CheckChildren(value);  // Records variable usages; the shape error follows.
  }
  if (named->kind == TypeKind::kEnum) {
    CheckEnum(value, *named);
    return;
  }
  CheckScalar(value, *named);
}

// Walks a value whose type is unknown or wrong: variable usages only.
void ValueChecker::CheckChildren(const Value& value) {
  for (const Value& element : value.list) {
    Check(element, nullptr, false);
  }
  for (const ObjectField& field : value.fields) {
    Check(field.value, nullptr, false);
  }
}

void ValueChecker::CheckUniqueInputFields(const Value& object) {
  std::unordered_map<std::string_view, const ObjectField*> seen;
  for (const ObjectField& field : object.fields) {
    auto [it, inserted] = seen.emplace(field.name, &field);
    if (!inserted) {
      report_("There can be only one input field named " + Quote(field.name) + ".",
              {it->second->loc, field.loc});
    }
  }
}

void ValueChecker::CheckInputObject(const Value& value, const Type& type,
                                    const TypeDefinition& named) {
  if (value.kind != ValueKind::kObject) {
    report_(
        "Expected value of type " + Quote(PrintType(type)) + ", found " + PrintValue(value) + ".",
        {value.loc});
    CheckChildren(value);
    return;
  }
  for (const InputValueDefinition& field_definition : named.input_fields) {
    if (!IsRequiredInput(field_definition)) {
      continue;
    }
    const bool present =
        std::any_of(value.fields.begin(), value.fields.end(),
                    [&](const ObjectField& field) { return field.name == field_definition.name; });
    if (!present) {
      report_("Field \"" + std::string(named.name) + "." + std::string(field_definition.name) +
                  "\" of required type " + Quote(PrintType(field_definition.type)) +
                  " was not provided.",
              {value.loc});
    }
  }
  for (const ObjectField& field : value.fields) {
    const InputValueDefinition* field_definition = schema_.FindInputField(named, field.name);
    if (field_definition == nullptr) {
      std::vector<std::string_view> names;
      for (const InputValueDefinition& known : named.input_fields) {
        names.push_back(known.name);
      }
      report_("Field " + Quote(field.name) + " is not defined by type " + Quote(named.name) + "." +
                  DidYouMean(SuggestionList(field.name, names)),
              {field.loc});
      Check(field.value, nullptr, false);
      continue;
    }
    Check(field.value, &field_definition->type, field_definition->default_value.has_value());
  }
}

void ValueChecker::CheckEnum(const Value& value, const TypeDefinition& named) {
  std::vector<std::string_view> names;
  auto all_names = [&]() {
    for (const EnumValueDefinition& known : named.enum_values) {
      names.push_back(known.name);
    }
  };
  if (value.kind != ValueKind::kEnum) {
    const std::string printed = PrintValue(value);
    all_names();
    report_("Enum " + Quote(named.name) + " cannot represent non-enum value: " + printed + "." +
                DidYouMean(SuggestionList(printed, names), "the enum value"),
            {value.loc});
    return;
  }
  if (schema_.FindEnumValue(named, value.text) == nullptr) {
    all_names();
    report_("Value " + Quote(value.text) + " does not exist in " + Quote(named.name) + " enum." +
                DidYouMean(SuggestionList(value.text, names), "the enum value"),
            {value.loc});
  }
}

void ValueChecker::CheckScalar(const Value& value, const TypeDefinition& named) {
  const std::string_view name = named.name;
  std::string error;
  if (name == "Int") {
    if (value.kind != ValueKind::kInt) {
      error = "Int cannot represent non-integer value: " + PrintValue(value);
    } else if (!FitsInt32(value.text)) {
      error = "Int cannot represent non 32-bit signed integer value: " + std::string(value.text);
    }
  } else if (name == "Float") {
    if (value.kind != ValueKind::kInt && value.kind != ValueKind::kFloat) {
      error = "Float cannot represent non numeric value: " + PrintValue(value);
    }
  } else if (name == "String") {
    if (value.kind != ValueKind::kString) {
      error = "String cannot represent a non string value: " + PrintValue(value);
    }
  } else if (name == "Boolean") {
    if (value.kind != ValueKind::kBoolean) {
      error = "Boolean cannot represent a non boolean value: " + PrintValue(value);
    }
  } else if (name == "ID") {
    if (value.kind != ValueKind::kString && value.kind != ValueKind::kInt) {
      error = "ID cannot represent a non-string and non-integer value: " + PrintValue(value);
    }
  }
  // Custom scalars accept any literal; the resolver layer parses them.
  if (!error.empty()) {
    report_(std::move(error), {value.loc});
  }
}

}  // namespace gloss::graphql::internal
