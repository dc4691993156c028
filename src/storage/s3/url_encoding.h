// S3's "url" encoding of names in listing responses (encoding-type=url):
// what lets a key holding bytes XML 1.0 cannot carry (0x01..0x1F) survive
// the XML body.
//
// Kept as is: A-Z a-z 0-9 - . _ ~ and '/'. A space becomes '+' (as real S3
// answers, and botocore decodes with unquote_plus); every other byte, '+'
// included, becomes %XX with upper-case hex. So "a b+c/ü" -> "a+b%2Bc/%C3%BC".
//
// Thread safety: pure function.

#pragma once

#include <string>
#include <string_view>

namespace gloss::storage::s3 {

std::string S3UrlEncode(std::string_view text);

}  // namespace gloss::storage::s3
