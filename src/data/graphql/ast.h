// The GraphQL abstract syntax tree (October 2021 spec) for both executable
// documents (operations, fragments) and type-system documents (SDL).
//
// One Document owns everything: its source text, the strings decoded from
// escapes and block strings, and the tree. Nodes are plain structs held by
// value; all text in them is a std::string_view into storage the Document
// owns, valid for the Document's lifetime (also after moving it). The data
// model is described in docs/design/graphql.md.
//
// This is syntax only: nothing here checks that names resolve or types match.
//
// Thread safety: a Document may be read from any number of threads; mutating
// it (including Intern) needs external synchronisation.

#pragma once

#include <cstdint>
#include <forward_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace gloss::graphql {

// 1-based line and column (in Unicode code points). 0:0 means synthesized.
struct SourceLocation {
  int line = 0;
  int column = 0;

  friend bool operator==(const SourceLocation&, const SourceLocation&) = default;
};

enum class OperationType : uint8_t { kQuery, kMutation, kSubscription };

// "query", "mutation" or "subscription".
std::string_view OperationTypeName(OperationType operation);

// A type reference: a named type plus wrappers, innermost first. `[String!]!`
// is name "String" with wrappers {kNonNull, kList, kNonNull}.
struct Type {
  enum class Wrapper : uint8_t { kList, kNonNull };

  std::string_view name;
  std::vector<Wrapper> wrappers;
  SourceLocation loc;

  // True if the outermost wrapper is kNonNull.
  bool non_null() const { return !wrappers.empty() && wrappers.back() == Wrapper::kNonNull; }
};

enum class ValueKind : uint8_t {
  kVariable,
  kInt,
  kFloat,
  kString,
  kBoolean,
  kNull,
  kEnum,
  kList,
  kObject,
};

struct ObjectField;

// A literal or variable. `text` holds: the variable name without '$'; the
// int/float literal as written; the decoded string; "true"/"false"; "null";
// the enum value name. `list` and `fields` are used by kList and kObject only.
struct Value {
  ValueKind kind = ValueKind::kNull;
  std::string_view text;
  bool block = false;  // kString written as a """block string""".
  std::vector<Value> list;
  std::vector<ObjectField> fields;
  SourceLocation loc;

  bool boolean() const { return kind == ValueKind::kBoolean && text == "true"; }
};

struct ObjectField {
  std::string_view name;
  Value value;
  SourceLocation loc;
};

struct Argument {
  std::string_view name;
  Value value;
  SourceLocation loc;
};

struct Directive {
  std::string_view name;  // Without '@'.
  std::vector<Argument> arguments;
  SourceLocation loc;
};

struct Selection;

struct SelectionSet {
  std::vector<Selection> selections;  // Empty iff absent (a parsed set is never empty).
  SourceLocation loc;

  bool empty() const { return selections.empty(); }
};

struct Field {
  std::string_view alias;  // Empty if none.
  std::string_view name;
  std::vector<Argument> arguments;
  std::vector<Directive> directives;
  SelectionSet selection_set;
  SourceLocation loc;

  // The key in the response: the alias if present, else the name.
  std::string_view response_key() const { return alias.empty() ? name : alias; }
};

struct FragmentSpread {
  std::string_view name;
  std::vector<Directive> directives;
  SourceLocation loc;
};

struct InlineFragment {
  std::string_view type_condition;  // Empty if none.
  std::vector<Directive> directives;
  SelectionSet selection_set;
  SourceLocation loc;
};

struct Selection {
  std::variant<Field, FragmentSpread, InlineFragment> node;
};

struct VariableDefinition {
  std::string_view name;  // Without '$'.
  Type type;
  std::optional<Value> default_value;
  std::vector<Directive> directives;
  SourceLocation loc;
};

struct OperationDefinition {
  OperationType operation = OperationType::kQuery;
  std::string_view name;  // Empty if anonymous.
  std::vector<VariableDefinition> variable_definitions;
  std::vector<Directive> directives;
  SelectionSet selection_set;
  SourceLocation loc;
};

struct FragmentDefinition {
  std::string_view name;
  std::string_view type_condition;
  std::vector<Directive> directives;
  SelectionSet selection_set;
  SourceLocation loc;
};

// ---- Type system (SDL) ----

struct Description {
  std::string_view value;  // Decoded.
  bool block = false;      // Written as a block string.
};

// An argument definition or an input object field.
struct InputValueDefinition {
  std::optional<Description> description;
  std::string_view name;
  Type type;
  std::optional<Value> default_value;
  std::vector<Directive> directives;
  SourceLocation loc;
};

struct FieldDefinition {
  std::optional<Description> description;
  std::string_view name;
  std::vector<InputValueDefinition> arguments;
  Type type;
  std::vector<Directive> directives;
  SourceLocation loc;
};

struct EnumValueDefinition {
  std::optional<Description> description;
  std::string_view name;
  std::vector<Directive> directives;
  SourceLocation loc;
};

enum class TypeKind : uint8_t { kScalar, kObject, kInterface, kUnion, kEnum, kInputObject };

// "scalar", "type", "interface", "union", "enum" or "input".
std::string_view TypeKindKeyword(TypeKind kind);
// "SCALAR", "OBJECT", "INTERFACE", "UNION", "ENUM" or "INPUT_OBJECT": the
// introspection __TypeKind and the SDL directive location of the kind.
std::string_view TypeKindName(TypeKind kind);

// A named type definition or (`extension`) an `extend ...` of one. Which
// member lists are used depends on `kind`; the others stay empty.
struct TypeDefinition {
  TypeKind kind = TypeKind::kObject;
  bool extension = false;
  std::optional<Description> description;  // Never set on extensions.
  std::string_view name;
  std::vector<std::string_view> interfaces;  // kObject, kInterface.
  std::vector<Directive> directives;
  std::vector<FieldDefinition> fields;             // kObject, kInterface.
  std::vector<std::string_view> union_members;     // kUnion.
  std::vector<EnumValueDefinition> enum_values;    // kEnum.
  std::vector<InputValueDefinition> input_fields;  // kInputObject.
  SourceLocation loc;
};

struct RootOperationType {
  OperationType operation = OperationType::kQuery;
  std::string_view type;
  SourceLocation loc;
};

// `schema { ... }` or (`extension`) `extend schema ...`.
struct SchemaDefinition {
  bool extension = false;
  std::optional<Description> description;
  std::vector<Directive> directives;
  std::vector<RootOperationType> operation_types;
  SourceLocation loc;
};

struct DirectiveDefinition {
  std::optional<Description> description;
  std::string_view name;  // Without '@'.
  std::vector<InputValueDefinition> arguments;
  bool repeatable = false;
  std::vector<std::string_view> locations;  // "QUERY", "FIELD_DEFINITION", ...
  SourceLocation loc;
};

struct Definition {
  std::variant<OperationDefinition, FragmentDefinition, SchemaDefinition, TypeDefinition,
               DirectiveDefinition>
      node;
};

// Owns the source, the decoded strings and the tree. Move-only.
class Document {
 public:
  // An empty document with no source, for building an AST by hand.
  Document() : source_(std::make_unique<const std::string>()) {}
  // Takes ownership of `source`; the parser's views point into it.
  explicit Document(std::string source)
      : source_(std::make_unique<const std::string>(std::move(source))) {}

  Document(Document&&) = default;
  Document& operator=(Document&&) = default;
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;

  std::string_view source() const { return *source_; }

  // Stores `value` and returns a view of it that lives as long as this
  // Document (also across moves).
  std::string_view Intern(std::string value);

  std::vector<Definition>& definitions() { return definitions_; }
  const std::vector<Definition>& definitions() const { return definitions_; }

 private:
  std::unique_ptr<const std::string> source_;  // Never null; on the heap so views survive moves.
  // List nodes never move (also when the list is moved), so views into
  // these strings stay valid.
  std::forward_list<std::string> strings_;
  std::vector<Definition> definitions_;
};

}  // namespace gloss::graphql
