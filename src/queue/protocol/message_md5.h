// The MD5 digests SQS returns so clients can check what was stored:
// MD5OfMessageBody / MD5OfBody and MD5OfMessageAttributes. The AWS SDKs verify
// both, so these must match SQS bit for bit.
//
// Not a general-purpose hash API; nothing here is for security.
//
// Thread safety: pure functions.

#pragma once

#include <string>
#include <string_view>

#include "queue/message.h"

namespace gloss::queue::protocol {

// Lower-case hex MD5 of the body's bytes (the UTF-8 text as sent).
std::string Md5OfBody(std::string_view body);

// Lower-case hex MD5 of SQS's encoding of `attributes`: for each attribute in
// byte order of its name, u32be(len) name, u32be(len) data type, then the
// transport byte 1 and u32be(len) string value for String/Number types, or 2
// and u32be(len) bytes for Binary types. Empty string for no attributes (SQS
// then omits MD5OfMessageAttributes).
std::string Md5OfMessageAttributes(const MessageAttributes& attributes);

}  // namespace gloss::queue::protocol
