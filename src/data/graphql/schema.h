// A validated GraphQL type system (October 2021 spec) built from SDL: the
// user's types with `extend` definitions merged, the built-in scalars (Int,
// Float, String, Boolean, ID), the built-in directives (@skip, @include,
// @deprecated, @specifiedBy) and the introspection types (__Schema, __Type,
// ...), with hash-map lookups for the validator and the executor.
//
// Not the Amplify transformer: directives such as @model are not interpreted
// here (see SchemaOptions::allow_unknown_directives), and not the executor.
// Checks the spec's "Type Validation" rules that matter, plus SDL directive
// arguments and default values (the list is in docs/design/graphql.md).
//
// All definitions returned by lookups live as long as the Schema; their
// string_views point into Documents the Schema owns.
//
// Thread safety: a built Schema is immutable and may be read from any number
// of threads. It is shared as std::shared_ptr<const Schema> because one
// schema snapshot is used by many concurrent requests and replaced atomically
// on redeploy (CONVENTIONS "Concurrency").

#pragma once

#include <cstddef>
#include <deque>
#include <memory>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/result.h"
#include "data/graphql/ast.h"

namespace gloss::graphql {

struct SchemaOptions {
  // Accept (and ignore) directives used in the SDL that it does not define,
  // e.g. Amplify's @model/@auth consumed by the transformer.
  bool allow_unknown_directives = false;
  // Predefine AppSync's scalars (AWSDate, AWSTime, AWSDateTime, AWSTimestamp,
  // AWSEmail, AWSJSON, AWSURL, AWSPhone, AWSIPAddress) as custom scalars.
  bool appsync_scalars = false;
  // Problems listed in the error message at most.
  size_t max_errors = 20;
};

class Schema {
 public:
  // Builds and validates the schema described by `sdl` (a DocumentKind::kSchema
  // document; executable definitions in it are errors). Takes ownership so the
  // views stay valid. Errors: kInvalidArgument whose message lists up to
  // options.max_errors problems, one per line, as "LINE:COL: message".
  static Result<std::shared_ptr<const Schema>> Build(Document sdl,
                                                     const SchemaOptions& options = {});

  Schema(const Schema&) = delete;
  Schema& operator=(const Schema&) = delete;
  ~Schema();

  // The named type (user, built-in or introspection), or null.
  const TypeDefinition* FindType(std::string_view name) const;

  // A field of an object or interface type of this schema, or null. Also
  // resolves the meta-fields: __typename on every object, interface and union
  // type, and __schema/__type on the query root type. Null for other kinds.
  const FieldDefinition* FindField(const TypeDefinition& type, std::string_view name) const;

  // An input field of an input object type of this schema, or null.
  const InputValueDefinition* FindInputField(const TypeDefinition& type,
                                             std::string_view name) const;

  // A value of an enum type of this schema, or null.
  const EnumValueDefinition* FindEnumValue(const TypeDefinition& type, std::string_view name) const;

  // An argument of `field` (from this schema), or null. Linear: fields have few arguments.
  static const InputValueDefinition* FindArgument(const FieldDefinition& field,
                                                  std::string_view name);

  // A directive definition (built-in or from the SDL), or null.
  const DirectiveDefinition* FindDirective(std::string_view name) const;

  // The root operation types; null if the schema has none for that operation.
  const TypeDefinition* query_type() const { return query_type_; }
  const TypeDefinition* mutation_type() const { return mutation_type_; }
  const TypeDefinition* subscription_type() const { return subscription_type_; }
  const TypeDefinition* RootType(OperationType operation) const;

  // The object types an abstract type (interface or union) may resolve to, in
  // definition order; for an object type, the type itself; else empty.
  const std::vector<const TypeDefinition*>& PossibleTypes(const TypeDefinition& type) const;

  // True if `object` is one of PossibleTypes(abstract_type) (O(1)).
  bool IsPossibleType(const TypeDefinition& abstract_type, const TypeDefinition& object) const;

  // Whether a type reference names an existing input (scalar, enum, input
  // object) or output (scalar, enum, object, interface, union) type.
  bool IsInputType(const Type& type) const;
  bool IsOutputType(const Type& type) const;

  // True if `maybe_sub` is a possible type of the union `abstract_type`, or
  // implements the interface `abstract_type` (objects and interfaces).
  bool IsSubType(const TypeDefinition& abstract_type, const TypeDefinition& maybe_sub) const;

  // The spec's covariance check: a value of type `sub` may be used where
  // `super` is expected (same wrappers, or stricter non-null, or an
  // implementation/member of an abstract named type).
  bool IsTypeSubTypeOf(const Type& sub, const Type& super) const;

  // All named types (user types in SDL order, then built-ins and
  // introspection types) and all directives (built-ins first).
  const std::vector<const TypeDefinition*>& types() const { return types_; }
  const std::vector<const DirectiveDefinition*>& directives() const { return directives_; }

  // The `schema { ... }` description, if any.
  std::string_view description() const { return description_; }

  // The meta-field definitions (also returned by FindField).
  const FieldDefinition& typename_field() const { return *typename_field_; }
  const FieldDefinition& schema_field() const { return *schema_field_; }
  const FieldDefinition& type_field() const { return *type_field_; }

 private:
  friend class SchemaBuilder;

  struct TypeInfo {
    TypeDefinition definition;  // Extensions merged in.
    std::unordered_map<std::string_view, const FieldDefinition*> fields;
    std::unordered_map<std::string_view, const InputValueDefinition*> input_fields;
    std::unordered_map<std::string_view, const EnumValueDefinition*> enum_values;
    std::vector<const TypeDefinition*> possible_types;
    std::unordered_set<const TypeDefinition*> possible_set;
  };

  Schema() = default;
  const TypeInfo* InfoOf(const TypeDefinition& type) const;

  Document sdl_;
  Document builtins_;
  std::deque<TypeInfo> infos_;  // Deque: stable addresses.
  std::unordered_map<std::string_view, TypeInfo*> by_name_;
  std::unordered_map<const TypeDefinition*, const TypeInfo*> by_definition_;
  std::unordered_map<std::string_view, const DirectiveDefinition*> directive_by_name_;
  std::vector<const TypeDefinition*> types_;
  const std::vector<const TypeDefinition*> no_types_{};  // PossibleTypes of non-composite types.
  std::vector<const DirectiveDefinition*> directives_;
  const TypeDefinition* query_type_ = nullptr;
  const TypeDefinition* mutation_type_ = nullptr;
  const TypeDefinition* subscription_type_ = nullptr;
  const FieldDefinition* typename_field_ = nullptr;
  const FieldDefinition* schema_field_ = nullptr;
  const FieldDefinition* type_field_ = nullptr;
  std::string_view description_;
};

// True for the five built-in scalar names.
bool IsBuiltinScalar(std::string_view name);

// True for scalar and enum types (results are leaves of the response tree).
inline bool IsLeafKind(TypeKind kind) {
  return kind == TypeKind::kScalar || kind == TypeKind::kEnum;
}

// True for object, interface and union types (they have selection sets).
inline bool IsCompositeKind(TypeKind kind) {
  return kind == TypeKind::kObject || kind == TypeKind::kInterface || kind == TypeKind::kUnion;
}

// True for interface and union types.
inline bool IsAbstractKind(TypeKind kind) {
  return kind == TypeKind::kInterface || kind == TypeKind::kUnion;
}

}  // namespace gloss::graphql
