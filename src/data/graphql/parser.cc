#include "data/graphql/parser.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "core/status.h"
#include "data/graphql/ast.h"
#include "data/graphql/lexer.h"
#include "data/graphql/parser_internal.h"

namespace gloss::graphql {

Result<Document> Parse(std::string source, DocumentKind kind, const ParseOptions& options) {
  if (source.size() > options.max_source_bytes) {
    return SyntaxError(SourceLocation{1, 1}, "Document is larger than " +
                                                 std::to_string(options.max_source_bytes) +
                                                 " bytes. Parsing aborted.");
  }
  Document document(std::move(source));
  internal::Parser parser(document, kind, options);
  RETURN_IF_ERROR(parser.ParseDocument());
  return document;
}

Result<Document> ParseExecutable(std::string source, const ParseOptions& options) {
  return Parse(std::move(source), DocumentKind::kExecutable, options);
}

Result<Document> ParseSchema(std::string source, const ParseOptions& options) {
  return Parse(std::move(source), DocumentKind::kSchema, options);
}

namespace internal {

Parser::Parser(Document& document, DocumentKind kind, const ParseOptions& options)
    : document_(document), kind_(kind), options_(options), lexer_(document.source(), document) {}

// ---- Tokens ----

void Parser::Advance() {
  if (token_.kind == TokenKind::kError) {
    return;  // Sticky: the error is reported by the next check.
  }
  if (ahead_.has_value()) {
    token_ = *ahead_;
    ahead_.reset();
  } else {
    token_ = lexer_.Next();
  }
  if (token_.kind != TokenKind::kEof && token_.kind != TokenKind::kError &&
      ++token_count_ > options_.max_tokens) {
    limit_error_ = SyntaxError(token_.loc, "Document contains more than " +
                                               std::to_string(options_.max_tokens) +
                                               " tokens. Parsing aborted.");
    token_.kind = TokenKind::kError;
  }
}

const Token& Parser::Lookahead() {
  if (!ahead_.has_value()) {
    ahead_ = token_.kind == TokenKind::kError ? token_ : lexer_.Next();
  }
  return *ahead_;
}

bool Parser::Skip(TokenKind kind) {
  if (token_.kind != kind) {
    return false;
  }
  Advance();
  return true;
}

bool Parser::SkipKeyword(std::string_view keyword) {
  if (!IsKeyword(keyword)) {
    return false;
  }
  Advance();
  return true;
}

Status Parser::TokenError() const { return limit_error_.ok() ? lexer_.error() : limit_error_; }

Status Parser::Expect(TokenKind kind) {
  if (token_.kind == kind) {
    Advance();
    return Status::Ok();
  }
  if (token_.kind == TokenKind::kError) {
    return TokenError();
  }
  return SyntaxError(token_.loc, "Expected " + std::string(TokenKindDescription(kind)) +
                                     ", found " + TokenDescription(token_) + ".");
}

Status Parser::ExpectKeyword(std::string_view keyword) {
  if (IsKeyword(keyword)) {
    Advance();
    return Status::Ok();
  }
  if (token_.kind == TokenKind::kError) {
    return TokenError();
  }
  return SyntaxError(token_.loc, "Expected \"" + std::string(keyword) + "\", found " +
                                     TokenDescription(token_) + ".");
}

Result<std::string_view> Parser::ExpectName() {
  const std::string_view name = token_.value;
  RETURN_IF_ERROR(Expect(TokenKind::kName));
  return name;
}

Status Parser::Unexpected(const Token& token) {
  if (token.kind == TokenKind::kError) {
    return TokenError();
  }
  return SyntaxError(token.loc, "Unexpected " + TokenDescription(token) + ".");
}

Status Parser::EnterNesting() {
  if (++depth_ > options_.max_depth) {
    if (token_.kind == TokenKind::kError) {
      return TokenError();
    }
    return SyntaxError(token_.loc, "Document nesting exceeds " +
                                       std::to_string(options_.max_depth) +
                                       " levels. Parsing aborted.");
  }
  return Status::Ok();
}

// ---- Documents ----

Status Parser::ParseDocument() {
  Advance();
  do {
    RETURN_IF_ERROR(ParseDefinition());
  } while (!Is(TokenKind::kEof));
  return Status::Ok();
}

Status Parser::ParseDefinition() {
  if (Is(TokenKind::kBraceL)) {
    if (kind_ != DocumentKind::kExecutable) {
      return Unexpected(token_);
    }
    ASSIGN_OR_RETURN(OperationDefinition operation, ParseOperationDefinition());
    document_.definitions().push_back(Definition{std::move(operation)});
    return Status::Ok();
  }
  const bool has_description = Is(TokenKind::kString) || Is(TokenKind::kBlockString);
  const Token keyword = has_description ? Lookahead() : token_;
  if (keyword.kind == TokenKind::kName) {
    const std::string_view word = keyword.value;
    if (word == "schema" || word == "scalar" || word == "type" || word == "interface" ||
        word == "union" || word == "enum" || word == "input" || word == "directive") {
      if (kind_ != DocumentKind::kSchema) {
        return Unexpected(token_);
      }
      return ParseTypeSystemDefinition();
    }
    if (has_description) {
      return SyntaxError(token_.loc,
                         "Unexpected description, descriptions are supported only on type "
                         "definitions.");
    }
    if (word == "query" || word == "mutation" || word == "subscription") {
      if (kind_ != DocumentKind::kExecutable) {
        return Unexpected(token_);
      }
      ASSIGN_OR_RETURN(OperationDefinition operation, ParseOperationDefinition());
      document_.definitions().push_back(Definition{std::move(operation)});
      return Status::Ok();
    }
    if (word == "fragment") {
      if (kind_ != DocumentKind::kExecutable) {
        return Unexpected(token_);
      }
      ASSIGN_OR_RETURN(FragmentDefinition fragment, ParseFragmentDefinition());
      document_.definitions().push_back(Definition{std::move(fragment)});
      return Status::Ok();
    }
    if (word == "extend") {
      if (kind_ != DocumentKind::kSchema) {
        return Unexpected(token_);
      }
      return ParseTypeSystemExtension();
    }
  }
  return Unexpected(has_description ? token_ : keyword);
}

// ---- Executable definitions ----

Result<OperationDefinition> Parser::ParseOperationDefinition() {
  OperationDefinition operation;
  operation.loc = token_.loc;
  if (Is(TokenKind::kBraceL)) {
    ASSIGN_OR_RETURN(operation.selection_set, ParseSelectionSet());
    return operation;
  }
  ASSIGN_OR_RETURN(operation.operation, ParseOperationType());
  if (Is(TokenKind::kName)) {
    operation.name = token_.value;
    Advance();
  }
  ASSIGN_OR_RETURN(operation.variable_definitions, ParseVariableDefinitions());
  ASSIGN_OR_RETURN(operation.directives, ParseDirectives(/*is_const=*/false));
  ASSIGN_OR_RETURN(operation.selection_set, ParseSelectionSet());
  return operation;
}

Result<OperationType> Parser::ParseOperationType() {
  OperationType operation = OperationType::kQuery;
  if (IsKeyword("query")) {
    operation = OperationType::kQuery;
  } else if (IsKeyword("mutation")) {
    operation = OperationType::kMutation;
  } else if (IsKeyword("subscription")) {
    operation = OperationType::kSubscription;
  } else {
    return Unexpected(token_);
  }
  Advance();
  return operation;
}

Result<std::vector<VariableDefinition>> Parser::ParseVariableDefinitions() {
  std::vector<VariableDefinition> definitions;
  if (!Skip(TokenKind::kParenL)) {
    return definitions;
  }
  do {
    VariableDefinition definition;
    definition.loc = token_.loc;
    RETURN_IF_ERROR(Expect(TokenKind::kDollar));
    ASSIGN_OR_RETURN(definition.name, ExpectName());
    RETURN_IF_ERROR(Expect(TokenKind::kColon));
    ASSIGN_OR_RETURN(definition.type, ParseType());
    if (Skip(TokenKind::kEquals)) {
      ASSIGN_OR_RETURN(definition.default_value, ParseValue(/*is_const=*/true));
    }
    ASSIGN_OR_RETURN(definition.directives, ParseDirectives(/*is_const=*/true));
    definitions.push_back(std::move(definition));
  } while (!Skip(TokenKind::kParenR));
  return definitions;
}

Result<SelectionSet> Parser::ParseSelectionSet() {
  RETURN_IF_ERROR(EnterNesting());
  SelectionSet set;
  set.loc = token_.loc;
  RETURN_IF_ERROR(Expect(TokenKind::kBraceL));
  do {
    ASSIGN_OR_RETURN(Selection selection, ParseSelection());
    set.selections.push_back(std::move(selection));
  } while (!Skip(TokenKind::kBraceR));
  LeaveNesting();
  return set;
}

Result<Selection> Parser::ParseSelection() {
  if (Is(TokenKind::kSpread)) {
    return ParseFragment();
  }
  ASSIGN_OR_RETURN(Field field, ParseField());
  return Selection{std::move(field)};
}

Result<Field> Parser::ParseField() {
  Field field;
  field.loc = token_.loc;
  ASSIGN_OR_RETURN(const std::string_view name_or_alias, ExpectName());
  if (Skip(TokenKind::kColon)) {
    field.alias = name_or_alias;
    ASSIGN_OR_RETURN(field.name, ExpectName());
  } else {
    field.name = name_or_alias;
  }
  ASSIGN_OR_RETURN(field.arguments, ParseArguments(/*is_const=*/false));
  ASSIGN_OR_RETURN(field.directives, ParseDirectives(/*is_const=*/false));
  if (Is(TokenKind::kBraceL)) {
    ASSIGN_OR_RETURN(field.selection_set, ParseSelectionSet());
  }
  return field;
}

Result<Selection> Parser::ParseFragment() {
  const SourceLocation loc = token_.loc;
  RETURN_IF_ERROR(Expect(TokenKind::kSpread));
  const bool has_type_condition = SkipKeyword("on");
  if (!has_type_condition && Is(TokenKind::kName)) {
    FragmentSpread spread;
    spread.loc = loc;
    spread.name = token_.value;
    Advance();
    ASSIGN_OR_RETURN(spread.directives, ParseDirectives(/*is_const=*/false));
    return Selection{std::move(spread)};
  }
  InlineFragment fragment;
  fragment.loc = loc;
  if (has_type_condition) {
    ASSIGN_OR_RETURN(fragment.type_condition, ExpectName());
  }
  ASSIGN_OR_RETURN(fragment.directives, ParseDirectives(/*is_const=*/false));
  ASSIGN_OR_RETURN(fragment.selection_set, ParseSelectionSet());
  return Selection{std::move(fragment)};
}

Result<FragmentDefinition> Parser::ParseFragmentDefinition() {
  FragmentDefinition fragment;
  fragment.loc = token_.loc;
  RETURN_IF_ERROR(ExpectKeyword("fragment"));
  if (IsKeyword("on")) {
    return Unexpected(token_);
  }
  ASSIGN_OR_RETURN(fragment.name, ExpectName());
  RETURN_IF_ERROR(ExpectKeyword("on"));
  ASSIGN_OR_RETURN(fragment.type_condition, ExpectName());
  ASSIGN_OR_RETURN(fragment.directives, ParseDirectives(/*is_const=*/false));
  ASSIGN_OR_RETURN(fragment.selection_set, ParseSelectionSet());
  return fragment;
}

Result<std::vector<Argument>> Parser::ParseArguments(bool is_const) {
  std::vector<Argument> arguments;
  if (!Skip(TokenKind::kParenL)) {
    return arguments;
  }
  do {
    Argument argument;
    argument.loc = token_.loc;
    ASSIGN_OR_RETURN(argument.name, ExpectName());
    RETURN_IF_ERROR(Expect(TokenKind::kColon));
    ASSIGN_OR_RETURN(argument.value, ParseValue(is_const));
    arguments.push_back(std::move(argument));
  } while (!Skip(TokenKind::kParenR));
  return arguments;
}

Result<std::vector<Directive>> Parser::ParseDirectives(bool is_const) {
  std::vector<Directive> directives;
  while (Is(TokenKind::kAt)) {
    Directive directive;
    directive.loc = token_.loc;
    Advance();
    ASSIGN_OR_RETURN(directive.name, ExpectName());
    ASSIGN_OR_RETURN(directive.arguments, ParseArguments(is_const));
    directives.push_back(std::move(directive));
  }
  return directives;
}

// ---- Values and types ----

Result<Value> Parser::ParseValue(bool is_const) {
  Value value;
  value.loc = token_.loc;
  value.text = token_.value;
  switch (token_.kind) {
    case TokenKind::kBracketL:
      RETURN_IF_ERROR(EnterNesting());
      value.kind = ValueKind::kList;
      value.text = {};
      Advance();
      while (!Skip(TokenKind::kBracketR)) {
        ASSIGN_OR_RETURN(Value item, ParseValue(is_const));
        value.list.push_back(std::move(item));
      }
      LeaveNesting();
      return value;
    case TokenKind::kBraceL:
      RETURN_IF_ERROR(EnterNesting());
      value.kind = ValueKind::kObject;
      value.text = {};
      Advance();
      while (!Skip(TokenKind::kBraceR)) {
        ObjectField field;
        field.loc = token_.loc;
        ASSIGN_OR_RETURN(field.name, ExpectName());
        RETURN_IF_ERROR(Expect(TokenKind::kColon));
        ASSIGN_OR_RETURN(field.value, ParseValue(is_const));
        value.fields.push_back(std::move(field));
      }
      LeaveNesting();
      return value;
    case TokenKind::kInt: value.kind = ValueKind::kInt; break;
    case TokenKind::kFloat: value.kind = ValueKind::kFloat; break;
    case TokenKind::kString: value.kind = ValueKind::kString; break;
    case TokenKind::kBlockString:
      value.kind = ValueKind::kString;
      value.block = true;
      break;
    case TokenKind::kName:
      if (token_.value == "true" || token_.value == "false") {
        value.kind = ValueKind::kBoolean;
      } else if (token_.value == "null") {
        value.kind = ValueKind::kNull;
      } else {
        value.kind = ValueKind::kEnum;
      }
      break;
    case TokenKind::kDollar: {
      const Token dollar = token_;
      Advance();
      if (is_const) {
        if (Is(TokenKind::kName)) {
          return SyntaxError(dollar.loc, "Unexpected variable \"$" + std::string(token_.value) +
                                             "\" in constant value.");
        }
        return Unexpected(dollar);
      }
      value.kind = ValueKind::kVariable;
      ASSIGN_OR_RETURN(value.text, ExpectName());
      return value;
    }
    default: return Unexpected(token_);
  }
  Advance();
  return value;
}

Result<Type> Parser::ParseType() {
  Type type;
  type.loc = token_.loc;
  int lists = 0;
  while (Skip(TokenKind::kBracketL)) {
    RETURN_IF_ERROR(EnterNesting());
    ++lists;
  }
  ASSIGN_OR_RETURN(type.name, ExpectName());
  if (Skip(TokenKind::kBang)) {
    type.wrappers.push_back(Type::Wrapper::kNonNull);
  }
  for (; lists > 0; --lists) {
    RETURN_IF_ERROR(Expect(TokenKind::kBracketR));
    LeaveNesting();
    type.wrappers.push_back(Type::Wrapper::kList);
    if (Skip(TokenKind::kBang)) {
      type.wrappers.push_back(Type::Wrapper::kNonNull);
    }
  }
  return type;
}

}  // namespace internal
}  // namespace gloss::graphql
