// Checks literal values against input types: the spec's "Values of Correct
// Type" and "Input Object Field Uniqueness" rules with graphql-js 16's texts.
// Used by the validator (arguments, variable defaults) and by Schema::Build
// (SDL directive arguments and default values). Not an API outside
// src/data/graphql/.
//
// Not variable coercion: variables met inside a value are handed to a
// callback with their expected type, not checked here.
//
// Thread safety: one ValueChecker per thread; the Schema must outlive it.

#pragma once

#include <functional>
#include <string>
#include <vector>

#include "data/graphql/ast.h"
#include "data/graphql/schema.h"

namespace gloss::graphql::internal {

// Non-null without a default value.
bool IsRequiredInput(const InputValueDefinition& definition);

class ValueChecker {
 public:
  using ReportFn = std::function<void(std::string message, std::vector<SourceLocation> locations)>;
  // A variable at a position of `type` (null if unknown); `has_default`: the
  // position (argument or input field) has a default value.
  using VariableFn = std::function<void(const Value& variable, const Type* type, bool has_default)>;

  // `on_variable` may be empty (constant values).
  ValueChecker(const Schema& schema, ReportFn report, VariableFn on_variable);

  // Checks `value` at a position of `type`, the full location type (null if
  // unknown: then only uniqueness is checked and variables are reported).
  void Check(const Value& value, const Type* type, bool has_default);

 private:
  void CheckChildren(const Value& value);
  void CheckUniqueInputFields(const Value& object);
  void CheckInputObject(const Value& value, const Type& type, const TypeDefinition& named);
  void CheckEnum(const Value& value, const TypeDefinition& named);
  void CheckScalar(const Value& value, const TypeDefinition& named);

  const Schema& schema_;
  ReportFn report_;
  VariableFn on_variable_;
};

}  // namespace gloss::graphql::internal
