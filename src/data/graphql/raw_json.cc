#include "data/graphql/raw_json.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <system_error>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/hex.h"
#include "data/graphql/utf8.h"

namespace gloss::graphql {
namespace {

// Marks a binary value as RawObjectValue's ("rawj").
constexpr std::uint64_t kRawObjectSubtype = 0x7261776a;

// Members reserved up front: model items have about a dozen.
constexpr size_t kExpectedMembers = 16;

// The longest integer whose canonical text we vouch for: 18 digits always
// fit in int64_t.
constexpr size_t kMaxIntegerDigits = 18;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Bytes a string may hold as they are without further checks: ASCII from
// 0x20 up, except the quote and the backslash.
constexpr std::array<bool, 256> kPlainStringBytes = [] {
  std::array<bool, 256> plain{};
  for (int byte = 0x20; byte < 0x80; ++byte) {
    plain[byte] = byte != '"' && byte != '\\';
  }
  return plain;
}();

// A cursor over JSON text that validates what it passes over, with
// nlohmann::json's lexer grammar (RFC 8259, strict UTF-8 in strings).
class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}

  bool AtEnd() const { return pos_ == text_.size(); }
  size_t pos() const { return pos_; }

  void SkipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }

  bool Consume(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  char Peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }

  // One value at `depth` (nesting of its container); fills `member`'s kind and
  // flags. False if the text is not a value or Scan declines it.
  bool Value(int depth, RawObject::Member& member) {
    switch (Peek()) {
      case '"': member.kind = RawKind::kString; return String(member.canonical, member.escaped);
      case '{': member.kind = RawKind::kObject; return Container(depth + 1, '}');
      case '[': member.kind = RawKind::kArray; return Container(depth + 1, ']');
      case 't': member.kind = RawKind::kTrue; return member.canonical = Literal("true");
      case 'f': member.kind = RawKind::kFalse; return member.canonical = Literal("false");
      case 'n': member.kind = RawKind::kNull; return member.canonical = Literal("null");
      default: member.kind = RawKind::kNumber; return Number(member.canonical);
    }
  }

  // A string starting at the quote. `canonical`: only escapes
  // nlohmann::json::dump writes; `escaped`: any escapes.
  bool String(bool& canonical, bool& escaped) {
    ++pos_;  // The opening quote.
    canonical = true;
    escaped = false;
    while (pos_ < text_.size()) {
      auto byte = static_cast<unsigned char>(text_[pos_]);
      while (kPlainStringBytes[byte] && ++pos_ < text_.size()) {
        byte = static_cast<unsigned char>(text_[pos_]);
      }
      if (pos_ == text_.size()) {
        break;
      }
      if (byte == '"') {
        ++pos_;
        return true;
      }
      if (byte < 0x20) {
        return false;  // Control characters must be escaped.
      }
      if (byte == '\\') {
        escaped = true;
        if (!Escape(canonical)) {
          return false;
        }
        continue;
      }
      const Utf8Char decoded = DecodeUtf8(text_, pos_);
      if (decoded.length == 0) {
        return false;
      }
      pos_ += decoded.length;
    }
    return false;  // Unterminated.
  }

 private:
  // An escape starting at the backslash.
  bool Escape(bool& canonical) {
    if (pos_ + 1 >= text_.size()) {
      return false;
    }
    const char kind = text_[pos_ + 1];
    pos_ += 2;
    switch (kind) {
      case '"':
      case '\\':
      case 'b':
      case 'f':
      case 'n':
      case 'r':
      case 't': return true;
      case '/': canonical = false; return true;
      case 'u': break;
      default: return false;
    }
    if (pos_ + 4 > text_.size()) {
      return false;
    }
    uint32_t code_unit = 0;
    bool lower_case = true;
    for (size_t idx = 0; idx < 4; ++idx) {
      const char c = text_[pos_ + idx];
      const int digit = HexDigitValue(c);
      if (digit < 0) {
        return false;
      }
      lower_case = lower_case && !(c >= 'A' && c <= 'F');
      code_unit = (code_unit << 4) | static_cast<uint32_t>(digit);
    }
    pos_ += 4;
    if (code_unit >= 0xD800 && code_unit <= 0xDFFF) {
      return false;  // Surrogate pairs: declined, the DOM parse handles them.
    }
    // dump writes \u00xx only for control characters without a short escape.
    const bool short_escape = code_unit == 0x08 || code_unit == 0x09 || code_unit == 0x0A ||
                              code_unit == 0x0C || code_unit == 0x0D;
    if (code_unit >= 0x20 || short_escape || !lower_case) {
      canonical = false;
    }
    return true;
  }

  bool Literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) {
      return false;
    }
    pos_ += word.size();
    return true;
  }

  bool Digits() {
    const size_t start = pos_;
    while (pos_ < text_.size() && IsDigit(text_[pos_])) {
      ++pos_;
    }
    return pos_ > start;
  }

  bool Number(bool& canonical) {
    const size_t start = pos_;
    const bool negative = Consume('-');
    const size_t digits_start = pos_;
    if (Consume('0')) {
      if (IsDigit(Peek())) {
        return false;  // Leading zeros.
      }
    } else if (!Digits()) {
      return false;
    }
    const size_t digits = pos_ - digits_start;
    bool integer = true;
    if (Consume('.')) {
      integer = false;
      if (!Digits()) {
        return false;
      }
    }
    if (Consume('e') || Consume('E')) {
      integer = false;
      if (!Consume('+')) {
        Consume('-');
      }
      if (!Digits()) {
        return false;
      }
    }
    // "-0" parses to 0, which dump writes as "0".
    const bool negative_zero = negative && text_.substr(start, pos_ - start) == "-0";
    canonical = integer && digits <= kMaxIntegerDigits && !negative_zero;
    if (canonical) {
      return true;
    }
    // parse rejects numbers that overflow a double. Declines underflows too,
    // which from_chars may report where parse takes them as 0.
    double value = 0;
    const auto [end, error] = std::from_chars(text_.data() + start, text_.data() + pos_, value);
    return error == std::errc() && end == text_.data() + pos_ && std::isfinite(value);
  }

  // An object or array starting at its bracket, validated (not indexed).
  bool Container(int depth, char close) {
    if (depth > RawObject::kMaxDepth) {
      return false;
    }
    ++pos_;
    SkipSpace();
    if (Consume(close)) {
      return true;
    }
    RawObject::Member ignored;
    while (true) {
      if (close == '}') {
        bool canonical = false;
        bool escaped = false;
        if (Peek() != '"' || !String(canonical, escaped)) {
          return false;
        }
        SkipSpace();
        if (!Consume(':')) {
          return false;
        }
        SkipSpace();
      }
      if (!Value(depth, ignored)) {
        return false;
      }
      SkipSpace();
      if (Consume(close)) {
        return true;
      }
      if (!Consume(',')) {
        return false;
      }
      SkipSpace();
    }
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

nlohmann::json RawObjectValue(std::string_view text) {
  return nlohmann::json::binary(std::vector<std::uint8_t>(text.begin(), text.end()),
                                kRawObjectSubtype);
}

std::optional<std::string_view> RawObjectText(const nlohmann::json& value) {
  if (!value.is_binary()) {
    return std::nullopt;
  }
  const nlohmann::json::binary_t& binary = value.get_binary();
  if (!binary.has_subtype() || binary.subtype() != kRawObjectSubtype) {
    return std::nullopt;
  }
  return std::string_view(reinterpret_cast<const char*>(binary.data()), binary.size());
}

int64_t RawObject::Member::integer() const {
  // Canonical numbers are -?[0-9]{1,18}: no overflow.
  int64_t magnitude = 0;
  const bool negative = !value.empty() && value.front() == '-';
  for (size_t idx = negative ? 1 : 0; idx < value.size(); ++idx) {
    magnitude = magnitude * 10 + (value[idx] - '0');
  }
  return negative ? -magnitude : magnitude;
}

std::optional<RawObject> RawObject::Scan(std::string_view text) {
  RawObject object;
  object.text_ = text;
  object.members_.reserve(kExpectedMembers);
  Cursor cursor(text);
  cursor.SkipSpace();
  if (!cursor.Consume('{')) {
    return std::nullopt;
  }
  cursor.SkipSpace();
  if (!cursor.Consume('}')) {
    while (true) {
      Member member;
      if (cursor.Peek() != '"') {
        return std::nullopt;
      }
      const size_t name_start = cursor.pos() + 1;
      bool canonical = false;
      bool escaped = false;
      if (!cursor.String(canonical, escaped) || escaped) {
        return std::nullopt;
      }
      member.name = text.substr(name_start, cursor.pos() - 1 - name_start);
      cursor.SkipSpace();
      if (!cursor.Consume(':')) {
        return std::nullopt;
      }
      cursor.SkipSpace();
      const size_t value_start = cursor.pos();
      if (!cursor.Value(1, member)) {
        return std::nullopt;
      }
      member.value = text.substr(value_start, cursor.pos() - value_start);
      object.members_.push_back(member);
      cursor.SkipSpace();
      if (cursor.Consume('}')) {
        break;
      }
      if (!cursor.Consume(',')) {
        return std::nullopt;
      }
      cursor.SkipSpace();
    }
  }
  cursor.SkipSpace();
  if (!cursor.AtEnd()) {
    return std::nullopt;
  }
  return object;
}

const RawObject::Member* RawObject::Find(std::string_view name) const {
  for (auto member = members_.rbegin(); member != members_.rend(); ++member) {
    if (member->name == name) {
      return &*member;
    }
  }
  return nullptr;
}

}  // namespace gloss::graphql
