// The GraphQL lexer (October 2021 spec, section 2.1): turns source text into
// tokens, skipping ignored tokens (whitespace, line terminators, commas,
// comments, byte order marks). Strings are decoded (escapes, \uXXXX,
// \u{...}, surrogate pairs -> UTF-8; block strings get the spec's
// BlockStringValue indentation removal).
//
// Not a parser: it knows nothing about which token may follow which. Errors
// use the graphql-js wording and the "<line>:<column>: Syntax Error: ..."
// message format (docs/design/graphql.md).
//
// Thread safety: a Lexer is used by one thread at a time; distinct Lexers are
// independent.

#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "data/graphql/ast.h"

namespace gloss::graphql {

enum class TokenKind : uint8_t {
  kEof,
  kBang,      // !
  kDollar,    // $
  kAmp,       // &
  kParenL,    // (
  kParenR,    // )
  kSpread,    // ...
  kColon,     // :
  kEquals,    // =
  kAt,        // @
  kBracketL,  // [
  kBracketR,  // ]
  kBraceL,    // {
  kPipe,      // |
  kBraceR,    // }
  kName,
  kInt,
  kFloat,
  kString,
  kBlockString,
  kError,  // Lexing failed; Lexer::error() says why.
};

// graphql-js's description of a token kind: "<EOF>", "\"{\"", "Name", "Int",
// "String", "BlockString", ...
std::string_view TokenKindDescription(TokenKind kind);

struct Token {
  TokenKind kind = TokenKind::kEof;
  // Punctuators, names, numbers: the source text. Strings: the decoded value
  // (a view into the source if there was nothing to decode, else into the
  // Document's string pool).
  std::string_view value;
  SourceLocation loc;
};

// graphql-js's description of a token: `Name "foo"`, `"{"`, `<EOF>`.
std::string TokenDescription(const Token& token);

// Returns InvalidArgument "<line>:<column>: Syntax Error: <description>".
Status SyntaxError(SourceLocation loc, std::string_view description);

// Splits a message made by SyntaxError into its location and the text from
// "Syntax Error:" on. Returns nullopt for any other message.
struct SplitError {
  SourceLocation loc;
  std::string_view message;
};
std::optional<SplitError> SplitSyntaxError(std::string_view status_message);

class Lexer {
 public:
  // `source` and `document` must outlive the Lexer and the tokens it returns;
  // decoded strings are interned in `document`.
  Lexer(std::string_view source, Document& document);

  // Returns the next token, kEof at the end (repeatedly). On a lexical error
  // returns kError (from then on, always) and error() holds the Status.
  Token Next();

  // OK until Next() returned kError.
  const Status& error() const { return error_; }

 private:
  void SkipIgnored();
  void NewLine(size_t next_line_start);
  SourceLocation LocationAt(size_t offset) const;
  Token Fail(size_t offset, std::string_view description);
  Token Punctuator(TokenKind kind, size_t length);
  Token ReadName();
  Token ReadNumber();
  Token ReadString();
  Token ReadBlockString();
  // Appends the escape at pos_ (a backslash) to `out` and advances, or fails.
  bool ReadEscape(std::string& out);
  // Describes the code point at `offset` the way graphql-js does: "\"a\"",
  // "U+00E9", "<EOF>".
  std::string DescribeCodePointAt(size_t offset) const;

  std::string_view source_;
  Document& document_;
  size_t pos_ = 0;
  SourceLocation token_loc_;  // Of the token being read.
  // Invariant: pos_ >= line_start_, and line_continuations_ counts the UTF-8
  // continuation bytes in [line_start_, position scanned so far), so a
  // token's column is its offset minus line_start_ minus that count, plus one.
  int line_ = 1;
  size_t line_start_ = 0;
  size_t line_continuations_ = 0;
  Status error_;
};

}  // namespace gloss::graphql
