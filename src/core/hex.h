// Hexadecimal text for bytes, the one implementation shared by every module
// (digests at rest, SRP numbers, percent-escapes).
//
// Thread safety: pure functions.

#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace gloss {

// Lower-case hex, two digits a byte.
std::string HexEncode(std::string_view bytes);

// The value of one hex digit (either case), or -1 if `c` is not one.
int HexDigitValue(char c);

// The bytes of an even-length hex string (either case).
// Errors: kInvalidArgument on odd length or a non-hex character.
Result<std::string> HexDecode(std::string_view hex);

// The first 16 of `bytes` (at least 16) as a version-4 UUID text
// ("8f1c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b"): version and variant bits forced.
std::string FormatUuidV4(std::string_view bytes);

}  // namespace gloss
