// Coercion of input values (October 2021 spec 3.5, 5.6, 6.1.2, 6.4.1):
// variable values from the request's JSON, argument literals from the AST
// with variables substituted, defaults applied, lists wrapped, input objects
// checked field by field, enums and built-in scalars checked, custom scalars
// handed to a ScalarCoercer. Results are plain JSON the resolvers read.
//
// Errors: kInvalidArgument with graphql-js style messages, e.g.
//   Variable "$input" got invalid value "x" at "input.count"; Int cannot represent non-integer
//   value: "x"
//
// Thread safety: pure functions.

#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "data/graphql/ast.h"
#include "data/graphql/schema.h"

namespace gloss::graphql {

using ScalarCoercerRef = const std::function<Result<nlohmann::json>(std::string_view scalar,
                                                                    const nlohmann::json& value)>&;

// A view of `type` with only its `depth` innermost wrappers (depth ==
// wrappers.size() is the whole type).
struct TypeView {
  const Type* type;
  size_t depth;

  bool non_null() const {
    return depth > 0 && type->wrappers[depth - 1] == Type::Wrapper::kNonNull;
  }
  bool list() const { return depth > 0 && type->wrappers[depth - 1] == Type::Wrapper::kList; }
  TypeView Inner() const { return {type, depth - 1}; }
  std::string_view name() const { return type->name; }
  // "[Int!]" for printing in messages.
  std::string ToString() const;
};

inline TypeView Whole(const Type& type) { return {&type, type.wrappers.size()}; }

// Coerces the request's variables for `operation`. Errors name the variable.
Result<nlohmann::json> CoerceVariables(const Schema& schema, const OperationDefinition& operation,
                                       const nlohmann::json& values,
                                       ScalarCoercerRef coerce_scalar);

// The arguments of `field` (AST) for `definition`, coerced, as an object with
// a member per argument that has a value (given, or a default).
Result<nlohmann::json> CoerceArguments(const Schema& schema, const FieldDefinition& definition,
                                       const std::vector<Argument>& arguments,
                                       const nlohmann::json& variables,
                                       ScalarCoercerRef coerce_scalar);

// The value of a directive's `if` argument for @skip/@include.
bool DirectiveCondition(const Directive& directive, const nlohmann::json& variables);

}  // namespace gloss::graphql
