#include "data/graphql/lexer.h"

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/hex.h"
#include "data/graphql/ast.h"
#include "data/graphql/utf8.h"

namespace gloss::graphql {
namespace {

constexpr std::string_view kSyntaxErrorPrefix = "Syntax Error: ";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsNameStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsNameContinue(char c) { return IsNameStart(c) || IsDigit(c); }
bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

bool IsLeadingSurrogate(uint32_t cp) { return cp >= 0xD800 && cp <= 0xDBFF; }
bool IsTrailingSurrogate(uint32_t cp) { return cp >= 0xDC00 && cp <= 0xDFFF; }
bool IsScalarValue(uint32_t cp) { return cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF); }

// Reads four hex digits at `at`; returns -1 if any is missing or not hex.
int64_t ReadHex4(std::string_view s, size_t at) {
  if (at + 4 > s.size()) {
    return -1;
  }
  int64_t value = 0;
  for (size_t idx = at; idx < at + 4; ++idx) {
    const int digit = HexDigitValue(s[idx]);
    if (digit < 0) {
      return -1;
    }
    value = value * 16 + digit;
  }
  return value;
}

// The spec's BlockStringValue() on `raw`, whose lines are separated by '\n'.
std::string DedentBlockString(std::string_view raw) {
  size_t common_indent = std::string_view::npos;
  size_t first_non_blank = std::string_view::npos;
  size_t last_non_blank = 0;
  size_t line_idx = 0;
  for (size_t start = 0; start <= raw.size(); ++line_idx) {
    size_t end = raw.find('\n', start);
    if (end == std::string_view::npos) {
      end = raw.size();
    }
    const std::string_view line = raw.substr(start, end - start);
    const size_t indent = std::min(line.find_first_not_of(" \t"), line.size());
    if (indent < line.size()) {
      if (first_non_blank == std::string_view::npos) {
        first_non_blank = line_idx;
      }
      last_non_blank = line_idx;
      if (line_idx != 0 && indent < common_indent) {
        common_indent = indent;
      }
    }
    start = end + 1;
  }
  std::string out;
  if (first_non_blank == std::string_view::npos) {
    return out;
  }
  out.reserve(raw.size());
  line_idx = 0;
  for (size_t start = 0; start <= raw.size() && line_idx <= last_non_blank; ++line_idx) {
    size_t end = raw.find('\n', start);
    if (end == std::string_view::npos) {
      end = raw.size();
    }
    std::string_view line = raw.substr(start, end - start);
    start = end + 1;
    if (line_idx < first_non_blank) {
      continue;
    }
    if (line_idx != 0 && common_indent != std::string_view::npos) {
      line.remove_prefix(std::min(common_indent, line.size()));
    }
    if (line_idx != first_non_blank) {
      out.push_back('\n');
    }
    out.append(line);
  }
  return out;
}

}  // namespace

std::string_view TokenKindDescription(TokenKind kind) {
  switch (kind) {
    case TokenKind::kEof: return "<EOF>";
    case TokenKind::kBang: return "\"!\"";
    case TokenKind::kDollar: return "\"$\"";
    case TokenKind::kAmp: return "\"&\"";
    case TokenKind::kParenL: return "\"(\"";
    case TokenKind::kParenR: return "\")\"";
    case TokenKind::kSpread: return "\"...\"";
    case TokenKind::kColon: return "\":\"";
    case TokenKind::kEquals: return "\"=\"";
    case TokenKind::kAt: return "\"@\"";
    case TokenKind::kBracketL: return "\"[\"";
    case TokenKind::kBracketR: return "\"]\"";
    case TokenKind::kBraceL: return "\"{\"";
    case TokenKind::kPipe: return "\"|\"";
    case TokenKind::kBraceR: return "\"}\"";
    case TokenKind::kName: return "Name";
    case TokenKind::kInt: return "Int";
    case TokenKind::kFloat: return "Float";
    case TokenKind::kString: return "String";
    case TokenKind::kBlockString: return "BlockString";
    case TokenKind::kError: return "<error>";
  }
  return "<error>";
}

std::string TokenDescription(const Token& token) {
  std::string out(TokenKindDescription(token.kind));
  switch (token.kind) {
    case TokenKind::kName:
    case TokenKind::kInt:
    case TokenKind::kFloat:
    case TokenKind::kString:
    case TokenKind::kBlockString: out.append(" \"").append(token.value).append("\""); break;
    default: break;
  }
  return out;
}

Status SyntaxError(SourceLocation loc, std::string_view description) {
  std::string message = std::to_string(loc.line);
  message.push_back(':');
  message.append(std::to_string(loc.column)).append(": ");
  message.append(kSyntaxErrorPrefix).append(description);
  return Status::InvalidArgument(message);
}

std::optional<SplitError> SplitSyntaxError(std::string_view status_message) {
  SplitError out;
  const char* const begin = status_message.data();
  const char* const end = begin + status_message.size();
  auto [after_line, line_ec] = std::from_chars(begin, end, out.loc.line);
  if (line_ec != std::errc() || after_line == end || *after_line != ':') {
    return std::nullopt;
  }
  auto [after_column, column_ec] = std::from_chars(after_line + 1, end, out.loc.column);
  if (column_ec != std::errc()) {
    return std::nullopt;
  }
  std::string_view rest(after_column, static_cast<size_t>(end - after_column));
  if (rest.substr(0, 2) != ": " ||
      rest.substr(2, kSyntaxErrorPrefix.size()) != kSyntaxErrorPrefix) {
    return std::nullopt;
  }
  out.message = rest.substr(2);
  return out;
}

Lexer::Lexer(std::string_view source, Document& document) : source_(source), document_(document) {}

void Lexer::NewLine(size_t next_line_start) {
  ++line_;
  line_start_ = next_line_start;
  line_continuations_ = 0;
}

SourceLocation Lexer::LocationAt(size_t offset) const {
  // Continuation bytes between the scanned prefix and `offset` (error paths
  // may point past it) are counted here.
  size_t continuations = 0;
  for (size_t idx = line_start_; idx < offset && idx < source_.size(); ++idx) {
    continuations += IsContinuationByte(source_[idx]) ? 1 : 0;
  }
  return SourceLocation{line_, static_cast<int>(offset - line_start_ - continuations + 1)};
}

Token Lexer::Fail(size_t offset, std::string_view description) {
  if (error_.ok()) {
    error_ = SyntaxError(LocationAt(offset), description);
  }
  pos_ = source_.size();
  return Token{TokenKind::kError, {}, LocationAt(offset)};
}

std::string Lexer::DescribeCodePointAt(size_t offset) const {
  if (offset >= source_.size()) {
    return "<EOF>";
  }
  const char c = source_[offset];
  if (c >= 0x20 && c <= 0x7E) {
    return c == '"' ? std::string("'\"'") : std::string("\"") + c + "\"";
  }
  const Utf8Char decoded = DecodeUtf8(source_, offset);
  if (decoded.length == 0) {
    return "byte 0x" + FormatHex(static_cast<unsigned char>(c), 2);
  }
  return "U+" + FormatHex(decoded.code_point, 4);
}

void Lexer::SkipIgnored() {
  const size_t size = source_.size();
  while (pos_ < size) {
    const char c = source_[pos_];
    if (c == ' ' || c == '\t' || c == ',') {
      ++pos_;
    } else if (c == '\n') {
      ++pos_;
      NewLine(pos_);
    } else if (c == '\r') {
      ++pos_;
      if (pos_ < size && source_[pos_] == '\n') {
        ++pos_;
      }
      NewLine(pos_);
    } else if (c == '#') {
      ++pos_;
      while (pos_ < size && source_[pos_] != '\n' && source_[pos_] != '\r') {
        line_continuations_ += IsContinuationByte(source_[pos_]) ? 1 : 0;
        ++pos_;
      }
    } else if (c == '\xEF' && source_.substr(pos_, 3) == "\xEF\xBB\xBF") {
      pos_ += 3;  // U+FEFF, the byte order mark, is ignored anywhere.
      line_continuations_ += 2;
    } else {
      return;
    }
  }
}

Token Lexer::Punctuator(TokenKind kind, size_t length) {
  Token token{kind, source_.substr(pos_, length), token_loc_};
  pos_ += length;
  return token;
}

Token Lexer::Next() {
  if (!error_.ok()) {
    return Token{TokenKind::kError, {}, {}};
  }
  SkipIgnored();
  token_loc_ =
      SourceLocation{line_, static_cast<int>(pos_ - line_start_ - line_continuations_ + 1)};
  if (pos_ >= source_.size()) {
    return Token{TokenKind::kEof, {}, token_loc_};
  }
  const char c = source_[pos_];
  switch (c) {
    case '!': return Punctuator(TokenKind::kBang, 1);
    case '$': return Punctuator(TokenKind::kDollar, 1);
    case '&': return Punctuator(TokenKind::kAmp, 1);
    case '(': return Punctuator(TokenKind::kParenL, 1);
    case ')': return Punctuator(TokenKind::kParenR, 1);
    case ':': return Punctuator(TokenKind::kColon, 1);
    case '=': return Punctuator(TokenKind::kEquals, 1);
    case '@': return Punctuator(TokenKind::kAt, 1);
    case '[': return Punctuator(TokenKind::kBracketL, 1);
    case ']': return Punctuator(TokenKind::kBracketR, 1);
    case '{': return Punctuator(TokenKind::kBraceL, 1);
    case '|': return Punctuator(TokenKind::kPipe, 1);
    case '}': return Punctuator(TokenKind::kBraceR, 1);
    case '.':
      if (source_.substr(pos_, 3) == "...") {
        return Punctuator(TokenKind::kSpread, 3);
      }
      break;
    case '"':
      if (source_.substr(pos_, 3) == "\"\"\"") {
        return ReadBlockString();
      }
      return ReadString();
    case '\'':
      return Fail(pos_,
                  "Unexpected single quote character ('), did you mean to use a double quote "
                  "(\")?");
    default:
      if (c == '-' || IsDigit(c)) {
        return ReadNumber();
      }
      if (IsNameStart(c)) {
        return ReadName();
      }
      break;
  }
  if (static_cast<unsigned char>(c) >= 0x80 && DecodeUtf8(source_, pos_).length == 0) {
    return Fail(pos_, "Invalid character: " + DescribeCodePointAt(pos_) + ".");
  }
  return Fail(pos_, "Unexpected character: " + DescribeCodePointAt(pos_) + ".");
}

Token Lexer::ReadName() {
  const size_t start = pos_;
  ++pos_;
  while (pos_ < source_.size() && IsNameContinue(source_[pos_])) {
    ++pos_;
  }
  return Token{TokenKind::kName, source_.substr(start, pos_ - start), token_loc_};
}

Token Lexer::ReadNumber() {
  const size_t start = pos_;
  const size_t size = source_.size();
  bool is_float = false;
  // Reads one or more digits, or fails.
  auto read_digits = [&]() -> bool {
    if (pos_ >= size || !IsDigit(source_[pos_])) {
      return false;
    }
    while (pos_ < size && IsDigit(source_[pos_])) {
      ++pos_;
    }
    return true;
  };
  auto expected_digit = [&]() {
    return Fail(pos_, "Invalid number, expected digit but got: " + DescribeCodePointAt(pos_) + ".");
  };
  if (source_[pos_] == '-') {
    ++pos_;
  }
  if (pos_ < size && source_[pos_] == '0') {
    ++pos_;
    if (pos_ < size && IsDigit(source_[pos_])) {
      return Fail(pos_,
                  "Invalid number, unexpected digit after 0: " + DescribeCodePointAt(pos_) + ".");
    }
  } else if (!read_digits()) {
    return expected_digit();
  }
  if (pos_ < size && source_[pos_] == '.') {
    is_float = true;
    ++pos_;
    if (!read_digits()) {
      return expected_digit();
    }
  }
  if (pos_ < size && (source_[pos_] == 'e' || source_[pos_] == 'E')) {
    is_float = true;
    ++pos_;
    if (pos_ < size && (source_[pos_] == '+' || source_[pos_] == '-')) {
      ++pos_;
    }
    if (!read_digits()) {
      return expected_digit();
    }
  }
  if (pos_ < size && (source_[pos_] == '.' || IsNameStart(source_[pos_]))) {
    return expected_digit();
  }
  return Token{is_float ? TokenKind::kFloat : TokenKind::kInt, source_.substr(start, pos_ - start),
               token_loc_};
}

bool Lexer::ReadEscape(std::string& out) {
  const size_t start = pos_;  // The backslash.
  const size_t size = source_.size();
  if (pos_ + 1 >= size) {
    Fail(start, "Invalid character escape sequence: \"\\\".");
    return false;
  }
  const char c = source_[pos_ + 1];
  char simple = 0;
  switch (c) {
    case '"': simple = '"'; break;
    case '\\': simple = '\\'; break;
    case '/': simple = '/'; break;
    case 'b': simple = '\b'; break;
    case 'f': simple = '\f'; break;
    case 'n': simple = '\n'; break;
    case 'r': simple = '\r'; break;
    case 't': simple = '\t'; break;
    case 'u': break;
    default: {
      const Utf8Char decoded = DecodeUtf8(source_, pos_ + 1);
      const size_t length = decoded.length == 0 ? 1 : decoded.length;
      Fail(start, "Invalid character escape sequence: \"" +
                      std::string(source_.substr(start, 1 + length)) + "\".");
      return false;
    }
  }
  if (simple != 0) {
    out.push_back(simple);
    pos_ += 2;
    return true;
  }
  auto invalid_unicode = [&](size_t length) {
    Fail(start, "Invalid Unicode escape sequence: \"" + std::string(source_.substr(start, length)) +
                    "\".");
    return false;
  };
  if (pos_ + 2 < size && source_[pos_ + 2] == '{') {
    // \u{X...}, graphql-js's readVariableWidthUnicodeEscape: at most 12
    // characters including "\u{" and "}".
    size_t length = 3;
    uint64_t code_point = 0;
    while (length < 12) {
      const size_t at = start + length;
      ++length;
      if (at >= size) {
        break;
      }
      if (source_[at] == '}') {
        if (length < 5 || code_point > 0x10FFFF ||
            !IsScalarValue(static_cast<uint32_t>(code_point))) {
          break;
        }
        AppendUtf8(static_cast<uint32_t>(code_point), out);
        pos_ = at + 1;
        return true;
      }
      const int digit = HexDigitValue(source_[at]);
      if (digit < 0) {
        break;
      }
      code_point = (code_point << 4) | static_cast<uint64_t>(digit);
    }
    return invalid_unicode(length);
  }
  const int64_t code_unit = ReadHex4(source_, pos_ + 2);
  if (code_unit < 0) {
    return invalid_unicode(6);
  }
  auto cp = static_cast<uint32_t>(code_unit);
  if (IsLeadingSurrogate(cp) && source_.substr(pos_ + 6, 2) == "\\u") {
    const int64_t trailing = ReadHex4(source_, pos_ + 8);
    if (trailing >= 0 && IsTrailingSurrogate(static_cast<uint32_t>(trailing))) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (static_cast<uint32_t>(trailing) - 0xDC00);
      AppendUtf8(cp, out);
      pos_ += 12;
      return true;
    }
  }
  if (!IsScalarValue(cp)) {
    return invalid_unicode(6);
  }
  AppendUtf8(cp, out);
  pos_ += 6;
  return true;
}

Token Lexer::ReadString() {
  const size_t size = source_.size();
  ++pos_;
  size_t chunk_start = pos_;
  std::string decoded;  // Used only once an escape is seen.
  bool escaped = false;
  while (pos_ < size) {
    const char c = source_[pos_];
    if (c == '"') {
      std::string_view value;
      if (escaped) {
        decoded.append(source_.substr(chunk_start, pos_ - chunk_start));
        value = document_.Intern(std::move(decoded));
      } else {
        value = source_.substr(chunk_start, pos_ - chunk_start);
      }
      ++pos_;
      return Token{TokenKind::kString, value, token_loc_};
    }
    if (c == '\n' || c == '\r') {
      break;
    }
    if (c == '\\') {
      escaped = true;
      decoded.append(source_.substr(chunk_start, pos_ - chunk_start));
      if (!ReadEscape(decoded)) {
        return Token{TokenKind::kError, {}, {}};
      }
      chunk_start = pos_;
      continue;
    }
    if (static_cast<unsigned char>(c) < 0x80) {
      ++pos_;
      continue;
    }
    const Utf8Char decoded_char = DecodeUtf8(source_, pos_);
    if (decoded_char.length == 0) {
      return Fail(pos_, "Invalid character within String: " + DescribeCodePointAt(pos_) + ".");
    }
    pos_ += decoded_char.length;
    line_continuations_ += decoded_char.length - 1;
  }
  return Fail(pos_, "Unterminated string.");
}

Token Lexer::ReadBlockString() {
  const SourceLocation loc = token_loc_;
  const size_t size = source_.size();
  pos_ += 3;
  std::string raw;  // Lines separated by '\n', \""" unescaped.
  size_t chunk_start = pos_;
  while (pos_ < size) {
    const char c = source_[pos_];
    if (c == '"' && source_.substr(pos_, 3) == "\"\"\"") {
      raw.append(source_.substr(chunk_start, pos_ - chunk_start));
      pos_ += 3;
      return Token{TokenKind::kBlockString, document_.Intern(DedentBlockString(raw)), loc};
    }
    if (c == '\\' && source_.substr(pos_, 4) == "\\\"\"\"") {
      raw.append(source_.substr(chunk_start, pos_ - chunk_start)).append("\"\"\"");
      pos_ += 4;
      chunk_start = pos_;
      continue;
    }
    if (c == '\n' || c == '\r') {
      raw.append(source_.substr(chunk_start, pos_ - chunk_start)).push_back('\n');
      pos_ += (c == '\r' && pos_ + 1 < size && source_[pos_ + 1] == '\n') ? 2 : 1;
      NewLine(pos_);
      chunk_start = pos_;
      continue;
    }
    if (static_cast<unsigned char>(c) < 0x80) {
      ++pos_;
      continue;
    }
    const Utf8Char decoded_char = DecodeUtf8(source_, pos_);
    if (decoded_char.length == 0) {
      return Fail(pos_, "Invalid character within String: " + DescribeCodePointAt(pos_) + ".");
    }
    pos_ += decoded_char.length;
    line_continuations_ += decoded_char.length - 1;
  }
  return Fail(pos_, "Unterminated string.");
}

}  // namespace gloss::graphql
