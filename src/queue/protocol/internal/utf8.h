// UTF-8 decoding as strict as RFC 3629: no overlong forms, no surrogates,
// nothing past U+10FFFF. The JSON parser refuses the same inputs, so strings
// that pass here are strings both wire protocols can carry.
//
// Thread safety: pure functions.

#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace gloss::queue::protocol::internal {

// Decodes the sequence at `text[pos]` (pos < text.size()): returns its code
// point and advances `pos` past it, or returns -1 and leaves `pos` alone.
int32_t DecodeUtf8(std::string_view text, size_t& pos);

bool IsValidUtf8(std::string_view text);

}  // namespace gloss::queue::protocol::internal
