// The type-system half of internal::Parser (see parser_internal.h).

#include <array>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "core/status.h"
#include "data/graphql/ast.h"
#include "data/graphql/lexer.h"
#include "data/graphql/parser_internal.h"

namespace gloss::graphql::internal {
namespace {

constexpr std::array<std::string_view, 19> kDirectiveLocations = {
    "QUERY",
    "MUTATION",
    "SUBSCRIPTION",
    "FIELD",
    "FRAGMENT_DEFINITION",
    "FRAGMENT_SPREAD",
    "INLINE_FRAGMENT",
    "VARIABLE_DEFINITION",
    "SCHEMA",
    "SCALAR",
    "OBJECT",
    "FIELD_DEFINITION",
    "ARGUMENT_DEFINITION",
    "INTERFACE",
    "UNION",
    "ENUM",
    "ENUM_VALUE",
    "INPUT_OBJECT",
    "INPUT_FIELD_DEFINITION",
};

bool IsDirectiveLocation(std::string_view name) {
  for (const std::string_view location : kDirectiveLocations) {
    if (location == name) {
      return true;
    }
  }
  return false;
}

std::optional<TypeKind> TypeKindForKeyword(std::string_view keyword) {
  if (keyword == "scalar") {
    return TypeKind::kScalar;
  }
  if (keyword == "type") {
    return TypeKind::kObject;
  }
  if (keyword == "interface") {
    return TypeKind::kInterface;
  }
  if (keyword == "union") {
    return TypeKind::kUnion;
  }
  if (keyword == "enum") {
    return TypeKind::kEnum;
  }
  if (keyword == "input") {
    return TypeKind::kInputObject;
  }
  return std::nullopt;
}

}  // namespace

std::optional<Description> Parser::ParseDescription() {
  if (!Is(TokenKind::kString) && !Is(TokenKind::kBlockString)) {
    return std::nullopt;
  }
  Description description{token_.value, Is(TokenKind::kBlockString)};
  Advance();
  return description;
}

Status Parser::ParseTypeSystemDefinition() {
  const SourceLocation loc = token_.loc;
  std::optional<Description> description = ParseDescription();
  if (IsKeyword("schema")) {
    ASSIGN_OR_RETURN(SchemaDefinition schema, ParseSchemaDefinition(loc, /*extension=*/false));
    schema.description = description;
    document_.definitions().push_back(Definition{std::move(schema)});
  } else if (IsKeyword("directive")) {
    ASSIGN_OR_RETURN(DirectiveDefinition directive, ParseDirectiveDefinition(loc));
    directive.description = description;
    document_.definitions().push_back(Definition{std::move(directive)});
  } else {
    ASSIGN_OR_RETURN(TypeDefinition type, ParseTypeDefinition(loc, /*extension=*/false));
    type.description = description;
    document_.definitions().push_back(Definition{std::move(type)});
  }
  return Status::Ok();
}

Status Parser::ParseTypeSystemExtension() {
  const SourceLocation loc = token_.loc;
  RETURN_IF_ERROR(ExpectKeyword("extend"));
  if (IsKeyword("schema")) {
    ASSIGN_OR_RETURN(SchemaDefinition schema, ParseSchemaDefinition(loc, /*extension=*/true));
    document_.definitions().push_back(Definition{std::move(schema)});
    return Status::Ok();
  }
  if (token_.kind != TokenKind::kName || !TypeKindForKeyword(token_.value).has_value()) {
    return Unexpected(token_);
  }
  ASSIGN_OR_RETURN(TypeDefinition type, ParseTypeDefinition(loc, /*extension=*/true));
  document_.definitions().push_back(Definition{std::move(type)});
  return Status::Ok();
}

Result<SchemaDefinition> Parser::ParseSchemaDefinition(SourceLocation loc, bool extension) {
  SchemaDefinition schema;
  schema.loc = loc;
  schema.extension = extension;
  RETURN_IF_ERROR(ExpectKeyword("schema"));
  ASSIGN_OR_RETURN(schema.directives, ParseDirectives(/*is_const=*/true));
  if (extension && !Is(TokenKind::kBraceL)) {
    if (schema.directives.empty()) {
      return Unexpected(token_);
    }
    return schema;
  }
  RETURN_IF_ERROR(Expect(TokenKind::kBraceL));
  do {
    RootOperationType root;
    root.loc = token_.loc;
    ASSIGN_OR_RETURN(root.operation, ParseOperationType());
    RETURN_IF_ERROR(Expect(TokenKind::kColon));
    ASSIGN_OR_RETURN(root.type, ExpectName());
    schema.operation_types.push_back(root);
  } while (!Skip(TokenKind::kBraceR));
  return schema;
}

Result<TypeDefinition> Parser::ParseTypeDefinition(SourceLocation loc, bool extension) {
  TypeDefinition type;
  type.loc = loc;
  type.extension = extension;
  const std::optional<TypeKind> kind =
      token_.kind == TokenKind::kName ? TypeKindForKeyword(token_.value) : std::nullopt;
  if (!kind.has_value()) {
    return Unexpected(token_);
  }
  type.kind = *kind;
  Advance();
  ASSIGN_OR_RETURN(type.name, ExpectName());
  bool has_body = false;
  switch (type.kind) {
    case TypeKind::kScalar: {
      ASSIGN_OR_RETURN(type.directives, ParseDirectives(/*is_const=*/true));
      break;
    }
    case TypeKind::kObject:
    case TypeKind::kInterface: {
      ASSIGN_OR_RETURN(type.interfaces, ParseImplementsInterfaces());
      ASSIGN_OR_RETURN(type.directives, ParseDirectives(/*is_const=*/true));
      ASSIGN_OR_RETURN(type.fields, ParseFieldsDefinition());
      has_body = !type.interfaces.empty() || !type.fields.empty();
      break;
    }
    case TypeKind::kUnion: {
      ASSIGN_OR_RETURN(type.directives, ParseDirectives(/*is_const=*/true));
      ASSIGN_OR_RETURN(type.union_members, ParseUnionMembers());
      has_body = !type.union_members.empty();
      break;
    }
    case TypeKind::kEnum: {
      ASSIGN_OR_RETURN(type.directives, ParseDirectives(/*is_const=*/true));
      ASSIGN_OR_RETURN(type.enum_values, ParseEnumValues());
      has_body = !type.enum_values.empty();
      break;
    }
    case TypeKind::kInputObject: {
      ASSIGN_OR_RETURN(type.directives, ParseDirectives(/*is_const=*/true));
      ASSIGN_OR_RETURN(type.input_fields, ParseInputFields());
      has_body = !type.input_fields.empty();
      break;
    }
  }
  if (extension && !has_body && type.directives.empty()) {
    return Unexpected(token_);
  }
  return type;
}

Result<DirectiveDefinition> Parser::ParseDirectiveDefinition(SourceLocation loc) {
  DirectiveDefinition directive;
  directive.loc = loc;
  RETURN_IF_ERROR(ExpectKeyword("directive"));
  RETURN_IF_ERROR(Expect(TokenKind::kAt));
  ASSIGN_OR_RETURN(directive.name, ExpectName());
  ASSIGN_OR_RETURN(directive.arguments, ParseArgumentDefs());
  directive.repeatable = SkipKeyword("repeatable");
  RETURN_IF_ERROR(ExpectKeyword("on"));
  Skip(TokenKind::kPipe);
  do {
    if (token_.kind != TokenKind::kName || !IsDirectiveLocation(token_.value)) {
      return Unexpected(token_);
    }
    directive.locations.push_back(token_.value);
    Advance();
  } while (Skip(TokenKind::kPipe));
  return directive;
}

Result<std::vector<std::string_view>> Parser::ParseImplementsInterfaces() {
  std::vector<std::string_view> interfaces;
  if (!SkipKeyword("implements")) {
    return interfaces;
  }
  Skip(TokenKind::kAmp);
  do {
    ASSIGN_OR_RETURN(const std::string_view name, ExpectName());
    interfaces.push_back(name);
  } while (Skip(TokenKind::kAmp));
  return interfaces;
}

Result<std::vector<FieldDefinition>> Parser::ParseFieldsDefinition() {
  std::vector<FieldDefinition> fields;
  if (!Skip(TokenKind::kBraceL)) {
    return fields;
  }
  do {
    FieldDefinition field;
    field.loc = token_.loc;
    field.description = ParseDescription();
    ASSIGN_OR_RETURN(field.name, ExpectName());
    ASSIGN_OR_RETURN(field.arguments, ParseArgumentDefs());
    RETURN_IF_ERROR(Expect(TokenKind::kColon));
    ASSIGN_OR_RETURN(field.type, ParseType());
    ASSIGN_OR_RETURN(field.directives, ParseDirectives(/*is_const=*/true));
    fields.push_back(std::move(field));
  } while (!Skip(TokenKind::kBraceR));
  return fields;
}

Result<std::vector<InputValueDefinition>> Parser::ParseArgumentDefs() {
  std::vector<InputValueDefinition> arguments;
  if (!Skip(TokenKind::kParenL)) {
    return arguments;
  }
  do {
    ASSIGN_OR_RETURN(InputValueDefinition argument, ParseInputValueDefinition());
    arguments.push_back(std::move(argument));
  } while (!Skip(TokenKind::kParenR));
  return arguments;
}

Result<InputValueDefinition> Parser::ParseInputValueDefinition() {
  InputValueDefinition input;
  input.loc = token_.loc;
  input.description = ParseDescription();
  ASSIGN_OR_RETURN(input.name, ExpectName());
  RETURN_IF_ERROR(Expect(TokenKind::kColon));
  ASSIGN_OR_RETURN(input.type, ParseType());
  if (Skip(TokenKind::kEquals)) {
    ASSIGN_OR_RETURN(input.default_value, ParseValue(/*is_const=*/true));
  }
  ASSIGN_OR_RETURN(input.directives, ParseDirectives(/*is_const=*/true));
  return input;
}

Result<std::vector<std::string_view>> Parser::ParseUnionMembers() {
  std::vector<std::string_view> members;
  if (!Skip(TokenKind::kEquals)) {
    return members;
  }
  Skip(TokenKind::kPipe);
  do {
    ASSIGN_OR_RETURN(const std::string_view name, ExpectName());
    members.push_back(name);
  } while (Skip(TokenKind::kPipe));
  return members;
}

Result<std::vector<EnumValueDefinition>> Parser::ParseEnumValues() {
  std::vector<EnumValueDefinition> values;
  if (!Skip(TokenKind::kBraceL)) {
    return values;
  }
  do {
    EnumValueDefinition value;
    value.loc = token_.loc;
    value.description = ParseDescription();
    if (IsKeyword("true") || IsKeyword("false") || IsKeyword("null")) {
      return SyntaxError(token_.loc, TokenDescription(token_) +
                                         " is reserved and cannot be used for an enum value.");
    }
    ASSIGN_OR_RETURN(value.name, ExpectName());
    ASSIGN_OR_RETURN(value.directives, ParseDirectives(/*is_const=*/true));
    values.push_back(std::move(value));
  } while (!Skip(TokenKind::kBraceR));
  return values;
}

Result<std::vector<InputValueDefinition>> Parser::ParseInputFields() {
  std::vector<InputValueDefinition> fields;
  if (!Skip(TokenKind::kBraceL)) {
    return fields;
  }
  do {
    ASSIGN_OR_RETURN(InputValueDefinition field, ParseInputValueDefinition());
    fields.push_back(std::move(field));
  } while (!Skip(TokenKind::kBraceR));
  return fields;
}

}  // namespace gloss::graphql::internal
