// Prints a GraphQL AST (ast.h) back to canonical text, for executable and SDL
// documents alike: two-space indentation, definitions separated by a blank
// line, no trailing newline, close to graphql-js print(). Used to print the
// generated schema and for round-trip tests.
//
// For any Document the parser accepted, parsing the printed text succeeds and
// prints the same text again. Hand-built ASTs must hold valid names; strings
// may hold anything (they are escaped).
//
// Thread safety: pure functions over a const AST.

#pragma once

#include <string>
#include <string_view>

#include "data/graphql/ast.h"

namespace gloss::graphql {

// The whole document.
std::string Print(const Document& document);

// One value, e.g. `{a: [1, "x", $v]}`.
std::string PrintValue(const Value& value);

// One type reference, e.g. `[String!]!`.
std::string PrintType(const Type& type);

// A GraphQL string literal for `value`: quotes, escapes for '"', '\\' and
// control characters; other characters as UTF-8.
std::string PrintString(std::string_view value);

}  // namespace gloss::graphql
