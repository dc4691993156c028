// The recursive-descent parser behind parser.h, shared by parser.cc
// (documents, executable definitions, values, types) and parser_sdl.cc (the
// type system). Not for use outside this folder.
//
// Error handling: a lexical error or the token limit turns the current token
// into kError; Expect/Unexpected then return the stored Status, so every
// parse path fails at its next check. Nesting is counted by EnterNesting /
// LeaveNesting around the only recursive productions.
//
// Thread safety: one Parser per parse, used by one thread.

#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/status.h"
#include "data/graphql/ast.h"
#include "data/graphql/lexer.h"
#include "data/graphql/parser.h"

namespace gloss::graphql::internal {

class Parser {
 public:
  // `document` must outlive the Parser; its source is what is parsed.
  Parser(Document& document, DocumentKind kind, const ParseOptions& options);

  // Parses the whole source into document.definitions().
  Status ParseDocument();

 private:
  // ---- Tokens (parser.cc) ----
  void Advance();
  const Token& Lookahead();
  bool Is(TokenKind kind) const { return token_.kind == kind; }
  bool IsKeyword(std::string_view keyword) const {
    return token_.kind == TokenKind::kName && token_.value == keyword;
  }
  // Consumes the token if it is of `kind` / the keyword.
  bool Skip(TokenKind kind);
  bool SkipKeyword(std::string_view keyword);
  Status Expect(TokenKind kind);
  Status ExpectKeyword(std::string_view keyword);
  Result<std::string_view> ExpectName();
  Status Unexpected(const Token& token);
  Status TokenError() const;
  Status EnterNesting();
  void LeaveNesting() { --depth_; }

  // ---- Executable definitions, values, types (parser.cc) ----
  Status ParseDefinition();
  Result<OperationDefinition> ParseOperationDefinition();
  Result<OperationType> ParseOperationType();
  Result<std::vector<VariableDefinition>> ParseVariableDefinitions();
  Result<SelectionSet> ParseSelectionSet();
  Result<Selection> ParseSelection();
  Result<Field> ParseField();
  Result<Selection> ParseFragment();
  Result<FragmentDefinition> ParseFragmentDefinition();
  Result<std::vector<Argument>> ParseArguments(bool is_const);
  Result<std::vector<Directive>> ParseDirectives(bool is_const);
  Result<Value> ParseValue(bool is_const);
  Result<Type> ParseType();

  // ---- Type system (parser_sdl.cc) ----
  Status ParseTypeSystemDefinition();
  Status ParseTypeSystemExtension();
  std::optional<Description> ParseDescription();
  Result<SchemaDefinition> ParseSchemaDefinition(SourceLocation loc, bool extension);
  Result<TypeDefinition> ParseTypeDefinition(SourceLocation loc, bool extension);
  Result<DirectiveDefinition> ParseDirectiveDefinition(SourceLocation loc);
  Result<std::vector<std::string_view>> ParseImplementsInterfaces();
  Result<std::vector<FieldDefinition>> ParseFieldsDefinition();
  Result<std::vector<InputValueDefinition>> ParseArgumentDefs();
  Result<InputValueDefinition> ParseInputValueDefinition();
  Result<std::vector<std::string_view>> ParseUnionMembers();
  Result<std::vector<EnumValueDefinition>> ParseEnumValues();
  Result<std::vector<InputValueDefinition>> ParseInputFields();

  Document& document_;
  const DocumentKind kind_;
  const ParseOptions& options_;
  Lexer lexer_;
  Token token_;                 // The current token.
  std::optional<Token> ahead_;  // The one after it, once Lookahead() read it.
  size_t token_count_ = 0;
  Status limit_error_;  // Set when max_tokens was exceeded.
  int depth_ = 0;
};

}  // namespace gloss::graphql::internal
