#include "data/graphql/lexer.h"

#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "data/graphql/ast.h"

namespace gloss::graphql {
namespace {

// Lexes the first token of `source`.
struct Lexed {
  Token token;
  std::string error;  // The Status message if the token is kError.
};

class GraphqlLexerTest : public ::testing::Test {
 protected:
  Lexed LexOne(std::string source) {
    sources_.push_back(std::move(source));
    Lexer lexer(sources_.back(), document_);
    Lexed lexed{lexer.Next(), ""};
    if (lexed.token.kind == TokenKind::kError) {
      lexed.error = std::string(lexer.error().message());
    }
    return lexed;
  }

  // The message of the first error in `source`, or "" if it lexes cleanly.
  std::string LexError(std::string source) {
    sources_.push_back(std::move(source));
    Lexer lexer(sources_.back(), document_);
    for (Token token = lexer.Next(); token.kind != TokenKind::kEof; token = lexer.Next()) {
      if (token.kind == TokenKind::kError) {
        return std::string(lexer.error().message());
      }
    }
    return "";
  }

  std::string StringValue(std::string source) {
    const Lexed lexed = LexOne(std::move(source));
    EXPECT_TRUE(lexed.token.kind == TokenKind::kString ||
                lexed.token.kind == TokenKind::kBlockString)
        << lexed.error;
    return std::string(lexed.token.value);
  }

  Document document_;
  // Sources stay alive (and in place: a deque never moves its elements on
  // push_back) because tokens point into them.
  std::deque<std::string> sources_;
};

TEST_F(GraphqlLexerTest, PunctuatorsAndNames) {
  const std::string source = "! $ & ( ) ... : = @ [ ] { | } name _x a1_B";
  Lexer lexer(source, document_);
  const std::vector<TokenKind> expected = {
      TokenKind::kBang,   TokenKind::kDollar,   TokenKind::kAmp,      TokenKind::kParenL,
      TokenKind::kParenR, TokenKind::kSpread,   TokenKind::kColon,    TokenKind::kEquals,
      TokenKind::kAt,     TokenKind::kBracketL, TokenKind::kBracketR, TokenKind::kBraceL,
      TokenKind::kPipe,   TokenKind::kBraceR,   TokenKind::kName,     TokenKind::kName,
      TokenKind::kName,   TokenKind::kEof};
  std::vector<TokenKind> kinds;
  std::vector<std::string> names;
  for (Token token = lexer.Next();; token = lexer.Next()) {
    kinds.push_back(token.kind);
    if (token.kind == TokenKind::kName) {
      names.emplace_back(token.value);
    }
    if (token.kind == TokenKind::kEof || token.kind == TokenKind::kError) {
      break;
    }
  }
  EXPECT_EQ(kinds, expected);
  EXPECT_THAT(names, ::testing::ElementsAre("name", "_x", "a1_B"));
}

TEST_F(GraphqlLexerTest, NumbersFollowTheSpec) {
  const std::vector<std::pair<std::string, TokenKind>> cases = {
      {"4", TokenKind::kInt},
      {"-4", TokenKind::kInt},
      {"9", TokenKind::kInt},
      {"0", TokenKind::kInt},
      {"-0", TokenKind::kInt},
      {"4.123", TokenKind::kFloat},
      {"-4.123", TokenKind::kFloat},
      {"0.123", TokenKind::kFloat},
      {"123e4", TokenKind::kFloat},
      {"123E4", TokenKind::kFloat},
      {"123e-4", TokenKind::kFloat},
      {"123e+4", TokenKind::kFloat},
      {"-1.123e4", TokenKind::kFloat},
      {"-1.123E4", TokenKind::kFloat},
      {"-1.123e-4", TokenKind::kFloat},
      {"-1.123e+4", TokenKind::kFloat},
      {"-1.123e4567", TokenKind::kFloat},
  };
  for (const auto& [text, kind] : cases) {
    const Lexed lexed = LexOne(text);
    EXPECT_EQ(lexed.token.kind, kind) << text << " " << lexed.error;
    EXPECT_EQ(lexed.token.value, text);
  }
}

TEST_F(GraphqlLexerTest, BadNumbersReportTheOffendingCharacter) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"00", "1:2: Syntax Error: Invalid number, unexpected digit after 0: \"0\"."},
      {"01", "1:2: Syntax Error: Invalid number, unexpected digit after 0: \"1\"."},
      {"01.23", "1:2: Syntax Error: Invalid number, unexpected digit after 0: \"1\"."},
      {"+1", "1:1: Syntax Error: Unexpected character: \"+\"."},
      {"1.", "1:3: Syntax Error: Invalid number, expected digit but got: <EOF>."},
      {"1e", "1:3: Syntax Error: Invalid number, expected digit but got: <EOF>."},
      {"1E", "1:3: Syntax Error: Invalid number, expected digit but got: <EOF>."},
      {"1.e1", "1:3: Syntax Error: Invalid number, expected digit but got: \"e\"."},
      {".123", "1:1: Syntax Error: Unexpected character: \".\"."},
      {"1.A", "1:3: Syntax Error: Invalid number, expected digit but got: \"A\"."},
      {"-A", "1:2: Syntax Error: Invalid number, expected digit but got: \"A\"."},
      {"1.0e", "1:5: Syntax Error: Invalid number, expected digit but got: <EOF>."},
      {"1.0eA", "1:5: Syntax Error: Invalid number, expected digit but got: \"A\"."},
      {"1.2e3e", "1:6: Syntax Error: Invalid number, expected digit but got: \"e\"."},
      {"1.2e3.4", "1:6: Syntax Error: Invalid number, expected digit but got: \".\"."},
      {"1.23.4", "1:5: Syntax Error: Invalid number, expected digit but got: \".\"."},
      {"0xF1", "1:2: Syntax Error: Invalid number, expected digit but got: \"x\"."},
      {"0b10", "1:2: Syntax Error: Invalid number, expected digit but got: \"b\"."},
      {"123abc", "1:4: Syntax Error: Invalid number, expected digit but got: \"a\"."},
      {"1_234", "1:2: Syntax Error: Invalid number, expected digit but got: \"_\"."},
      {"1\xC3\x9F", "1:2: Syntax Error: Unexpected character: U+00DF."},
      {"1.23f", "1:5: Syntax Error: Invalid number, expected digit but got: \"f\"."},
  };
  for (const auto& [source, message] : cases) {
    EXPECT_EQ(LexError(source), message) << source;
  }
}

TEST_F(GraphqlLexerTest, StringsDecodeEscapes) {
  EXPECT_EQ(StringValue("\"simple\""), "simple");
  EXPECT_EQ(StringValue("\" white space \""), " white space ");
  EXPECT_EQ(StringValue("\"quote \\\"\""), "quote \"");
  EXPECT_EQ(StringValue("\"escaped \\n\\r\\b\\t\\f\""), "escaped \n\r\b\t\f");
  EXPECT_EQ(StringValue("\"slashes \\\\ \\/\""), "slashes \\ /");
  EXPECT_EQ(StringValue("\"unicode \\u1234\\u5678\\u90AB\\uCDEF\""),
            "unicode \u1234\u5678\u90AB\uCDEF");
  EXPECT_EQ(StringValue("\"\\u{1234}\\u{0}x\""), std::string("\u1234") + '\0' + "x");
  EXPECT_EQ(StringValue("\"\\uD83D\\uDE00\""), "\xF0\x9F\x98\x80");
  EXPECT_EQ(StringValue("\"\\u{1F600}\""), "\xF0\x9F\x98\x80");
  EXPECT_EQ(StringValue("\"raw \xF0\x9F\x98\x80 \xC3\xA9\""), "raw \xF0\x9F\x98\x80 \xC3\xA9");
  EXPECT_EQ(StringValue("\"\""), "");
}

TEST_F(GraphqlLexerTest, StringWithoutEscapesPointsIntoTheSource) {
  const Lexed lexed = LexOne("\"plain\"");
  ASSERT_EQ(lexed.token.kind, TokenKind::kString);
  EXPECT_EQ(lexed.token.value.data(), sources_.back().data() + 1);
}

TEST_F(GraphqlLexerTest, BadStringsReportPositions) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"\"", "1:2: Syntax Error: Unterminated string."},
      {"\"no end quote", "1:14: Syntax Error: Unterminated string."},
      {"\"multi\nline\"", "1:7: Syntax Error: Unterminated string."},
      {"'single quotes'",
       "1:1: Syntax Error: Unexpected single quote character ('), did you mean to use a double "
       "quote (\")?"},
      {"\"bad \\z esc\"", "1:6: Syntax Error: Invalid character escape sequence: \"\\z\"."},
      {"\"bad \\x esc\"", "1:6: Syntax Error: Invalid character escape sequence: \"\\x\"."},
      {"\"bad \\u1 esc\"", "1:6: Syntax Error: Invalid Unicode escape sequence: \"\\u1 es\"."},
      {"\"bad \\u0XX1 esc\"", "1:6: Syntax Error: Invalid Unicode escape sequence: \"\\u0XX1\"."},
      {"\"bad \\uD83D esc\"", "1:6: Syntax Error: Invalid Unicode escape sequence: \"\\uD83D\"."},
      {"\"bad \\uDE00 esc\"", "1:6: Syntax Error: Invalid Unicode escape sequence: \"\\uDE00\"."},
      {"\"\\u{110000}\"", "1:2: Syntax Error: Invalid Unicode escape sequence: \"\\u{110000}\"."},
      {"\"\\u{}\"", "1:2: Syntax Error: Invalid Unicode escape sequence: \"\\u{}\"."},
      {"\"\\u{D800}\"", "1:2: Syntax Error: Invalid Unicode escape sequence: \"\\u{D800}\"."},
      {"\"bad \xFF\"", "1:6: Syntax Error: Invalid character within String: byte 0xFF."},
      {"\"\\", "1:2: Syntax Error: Invalid character escape sequence: \"\\\"."},
  };
  for (const auto& [source, message] : cases) {
    EXPECT_EQ(LexError(source), message) << source;
  }
}

TEST_F(GraphqlLexerTest, BlockStringsRemoveCommonIndentation) {
  EXPECT_EQ(StringValue("\"\"\"simple\"\"\""), "simple");
  EXPECT_EQ(StringValue("\"\"\" white space \"\"\""), " white space ");
  EXPECT_EQ(StringValue("\"\"\"contains \" quote\"\"\""), "contains \" quote");
  EXPECT_EQ(StringValue("\"\"\"contains \\\"\"\" triple quote\"\"\""),
            "contains \"\"\" triple quote");
  EXPECT_EQ(StringValue("\"\"\"multi\nline\"\"\""), "multi\nline");
  EXPECT_EQ(StringValue("\"\"\"multi\rline\r\nnormalized\"\"\""), "multi\nline\nnormalized");
  EXPECT_EQ(StringValue("\"\"\"unescaped \\n\\r\\b\\t\\f\\u1234\"\"\""),
            "unescaped \\n\\r\\b\\t\\f\\u1234");
  EXPECT_EQ(StringValue("\"\"\"slashes \\\\ \\/\"\"\""), "slashes \\\\ \\/");
  EXPECT_EQ(StringValue("\"\"\"\n\n        spans\n          multiple\n            lines\n\n"
                        "        \"\"\""),
            "spans\n  multiple\n    lines");
  EXPECT_EQ(StringValue("\"\"\"  first\n    second\n  third\"\"\""), "  first\n  second\nthird");
  EXPECT_EQ(StringValue("\"\"\"  \n\t\n\"\"\""), "");
  EXPECT_EQ(StringValue("\"\"\"\"\"\""), "");
}

TEST_F(GraphqlLexerTest, BlockStringErrorsAndPositions) {
  EXPECT_EQ(LexError("\"\"\"no end"), "1:10: Syntax Error: Unterminated string.");
  EXPECT_EQ(LexError("\"\"\"a\nb\"\"\" ?"), "2:6: Syntax Error: Unexpected character: \"?\".");
}

TEST_F(GraphqlLexerTest, PositionsAreOneBasedLinesAndCodePointColumns) {
  EXPECT_EQ(LexError("\n\n    ?\n"), "3:5: Syntax Error: Unexpected character: \"?\".");
  EXPECT_EQ(LexError("\r\n\r?"), "3:1: Syntax Error: Unexpected character: \"?\".");
  EXPECT_EQ(LexError("\"\xC3\xA9\" ?"), "1:5: Syntax Error: Unexpected character: \"?\".");
  EXPECT_EQ(LexError("# \xC3\xA9\xC3\xA9\n  # x\n \xE2\x80\x8B"),
            "3:2: Syntax Error: Unexpected character: U+200B.");
  EXPECT_EQ(LexError("a\xFF"), "1:2: Syntax Error: Invalid character: byte 0xFF.");
  EXPECT_EQ(LexError(std::string("a\0", 2)), "1:2: Syntax Error: Unexpected character: U+0000.");
}

TEST_F(GraphqlLexerTest, IgnoresCommasCommentsAndByteOrderMarks) {
  const Lexed lexed = LexOne("\xEF\xBB\xBF #comment\n,,foo,#c");
  ASSERT_EQ(lexed.token.kind, TokenKind::kName) << lexed.error;
  EXPECT_EQ(lexed.token.value, "foo");
  EXPECT_EQ(lexed.token.loc, (SourceLocation{2, 3}));
  const Lexed bom = LexOne("\xEF\xBB\xBF foo");
  EXPECT_EQ(bom.token.loc, (SourceLocation{1, 3}));
}

TEST_F(GraphqlLexerTest, EofRepeatsAndErrorsAreSticky) {
  const std::string source = " ? a";
  Lexer lexer(source, document_);
  EXPECT_EQ(lexer.Next().kind, TokenKind::kError);
  EXPECT_EQ(lexer.Next().kind, TokenKind::kError);
  const std::string empty;
  Lexer empty_lexer(empty, document_);
  EXPECT_EQ(empty_lexer.Next().kind, TokenKind::kEof);
  EXPECT_EQ(empty_lexer.Next().kind, TokenKind::kEof);
}

TEST(GraphqlSyntaxErrorTest, SplitRecoversLocationAndMessage) {
  const Status status = SyntaxError(SourceLocation{12, 34}, "Unexpected <EOF>.");
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "12:34: Syntax Error: Unexpected <EOF>.");
  const auto split = SplitSyntaxError(status.message());
  ASSERT_TRUE(split.has_value());
  EXPECT_EQ(split->loc, (SourceLocation{12, 34}));
  EXPECT_EQ(split->message, "Syntax Error: Unexpected <EOF>.");
  EXPECT_FALSE(SplitSyntaxError("not a syntax error").has_value());
  EXPECT_FALSE(SplitSyntaxError("1:2: something else").has_value());
}

}  // namespace
}  // namespace gloss::graphql
