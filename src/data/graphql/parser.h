// The GraphQL parser (October 2021 spec): recursive descent from source text
// to a Document (ast.h). ParseExecutable reads requests (operations and
// fragments); ParseSchema reads SDL (type-system definitions and extensions).
//
// Syntax only, no validation: unknown types, duplicate names or unused
// variables are the validator's business (later).
//
// Never throws and never aborts on input; recursion is bounded by
// ParseOptions::max_depth. Errors are kInvalidArgument with the message
// "<line>:<column>: Syntax Error: <graphql-js text>" (see SplitSyntaxError in
// lexer.h and docs/design/graphql.md).
//
// Thread safety: stateless functions, safe from any thread.

#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "core/result.h"
#include "data/graphql/ast.h"

namespace gloss::graphql {

struct ParseOptions {
  // Larger sources are rejected before lexing.
  size_t max_source_bytes = size_t{1} << 20;
  // Tokens (not counting ignored ones such as commas and comments).
  size_t max_tokens = 100'000;
  // Nesting of selection sets, list/object values and list types, together.
  int max_depth = 64;
};

enum class DocumentKind : uint8_t {
  kExecutable,  // Operations and fragments only.
  kSchema,      // Type-system definitions and extensions only.
};

// Parses `source` (taken over by the returned Document).
// Errors: kInvalidArgument for syntax errors and exceeded limits.
Result<Document> Parse(std::string source, DocumentKind kind, const ParseOptions& options = {});

// Parse(source, DocumentKind::kExecutable, options).
Result<Document> ParseExecutable(std::string source, const ParseOptions& options = {});

// Parse(source, DocumentKind::kSchema, options).
Result<Document> ParseSchema(std::string source, const ParseOptions& options = {});

}  // namespace gloss::graphql
