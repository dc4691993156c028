// libFuzzer target for RawObject::Scan, differential against
// nlohmann::json::parse: the executor copies a member's text into responses
// when Scan vouches for it, and falls back to parse when Scan declines.
//
// Properties checked: no crash or sanitizer report; when Scan indexes the
// input, parse accepts it as an object with the same members (the last of
// duplicate names), each member's text parses to the DOM's value, and a
// canonical member's text is what dump writes for that value.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/assert.h"
#include "data/graphql/raw_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using gloss::graphql::RawObject;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::optional<RawObject> raw = RawObject::Scan(text);
  if (!raw.has_value()) {
    return 0;
  }
  const nlohmann::json dom = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  GLOSS_CHECK(!dom.is_discarded() && dom.is_object());  // Scan accepts only what parse does.
  size_t distinct = 0;
  for (const RawObject::Member& member : raw->members()) {
    if (raw->Find(member.name) != &member) {
      continue;  // Shadowed by a later duplicate.
    }
    ++distinct;
    const auto found = dom.find(std::string(member.name));
    GLOSS_CHECK(found != dom.end());
    const nlohmann::json value =
        nlohmann::json::parse(member.value, nullptr, /*allow_exceptions=*/false);
    GLOSS_CHECK(!value.is_discarded() && value == *found);
    GLOSS_CHECK(!member.canonical || value.dump() == member.value);
  }
  GLOSS_CHECK(distinct == dom.size());
  return 0;
}
