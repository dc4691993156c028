// Raw JSON objects: a resolver may hand the executor a JSON object as its
// text (a stored model item) instead of a DOM. The executor then scans the
// text once (RawObject::Scan), finds the selected members by name and writes
// their text into the response as it is, so a page of items costs no DOM
// building, copying or re-serializing.
//
// Resolvers return such an object as RawObjectValue(text): resolver results
// are nlohmann::json, which has no user-defined node type, so the text rides
// in a binary value with a subtype of our own. Binary values never come from
// JSON text, so nothing else produces them.
//
// RawObject::Scan is conservative: it accepts only what nlohmann::json::parse
// accepts as an object (same grammar, strict UTF-8, no trailing text), and
// also declines valid text it does not index (member names with escapes,
// \u escapes of surrogates, nesting deeper than kMaxDepth); callers then
// parse the text into a DOM, which gives the same result, more slowly.
//
// Thread safety: plain values and pure functions. A RawObject views the text
// it scanned, which must outlive it.

#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace gloss::graphql {

// A resolver value carrying the text of a JSON object (for the executor;
// other code sees an opaque binary value). The text is not checked here.
nlohmann::json RawObjectValue(std::string_view text);

// The text `value` carries if it is a RawObjectValue, else nullopt. Views
// `value`'s storage.
std::optional<std::string_view> RawObjectText(const nlohmann::json& value);

// The JSON type of a value, from its text.
enum class RawKind : uint8_t { kNull, kFalse, kTrue, kNumber, kString, kArray, kObject };

class RawObject {
 public:
  // Nesting RawObject::Scan follows (the top-level object is depth 1).
  static constexpr int kMaxDepth = 64;

  struct Member {
    std::string_view name;   // Without quotes; names with escapes are not indexed.
    std::string_view value;  // The value's JSON text, without surrounding whitespace.
    RawKind kind = RawKind::kNull;
    // True when `value` is exactly what nlohmann::json::dump (with
    // ensure_ascii off) writes for the value it parses to, so copying the text
    // equals re-serializing the value: literals; strings with only the escapes
    // dump writes (\" \\ \b \f \n \r \t and lower-case \u00xx for other
    // control characters); integers of at most 18 digits other than -0.
    bool canonical = false;
    bool escaped = false;  // kString: the text contains escapes.

    // kString, not escaped: the characters between the quotes.
    std::string_view unquoted() const { return value.substr(1, value.size() - 2); }
    // kNumber, canonical: the integer.
    int64_t integer() const;
  };

  // Scans `text`, which must hold exactly one JSON object (whitespace around
  // it allowed). Returns nullopt when it is not one, or when it is but Scan
  // declines it (see the header comment).
  static std::optional<RawObject> Scan(std::string_view text);

  // The member named `name`, or null. With duplicate names the last one, as
  // nlohmann::json::parse keeps.
  const Member* Find(std::string_view name) const;

  std::string_view text() const { return text_; }
  const std::vector<Member>& members() const { return members_; }

 private:
  std::string_view text_;
  std::vector<Member> members_;  // In text order.
};

}  // namespace gloss::graphql
