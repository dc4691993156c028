// Message attributes and bodies as clients send them, checked against SQS's
// rules: the JSON protocol's MessageAttributes object (what the query codec
// produces too) to and from queue::MessageAttributes, the character set SQS
// allows in bodies and string values, and the size attributes count towards
// MaximumMessageSize.
//
// Not here: MessageSystemAttributes (AWSTraceHeader) and the per-queue size
// limit itself, which the API layer applies.
//
// Thread safety: pure functions.

#pragma once

#include <cstddef>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "queue/message.h"

namespace gloss::queue::protocol {

inline constexpr size_t kMaxMessageAttributes = 10;
inline constexpr size_t kMaxAttributeNameLength = 256;
inline constexpr size_t kMaxAttributeDataTypeLength = 256;

// Parses `json`, shaped {"name": {"DataType": "String", "StringValue": "x"},
// "b": {"DataType": "Binary", "BinaryValue": "<base64>"}}, and checks it as SQS
// does:
//   - at most kMaxMessageAttributes attributes;
//   - names 1..256 characters of [A-Za-z0-9_.-], not starting with "AWS." or
//     "Amazon." (any case), no leading or trailing '.', no "..";
//   - DataType "String", "Number" or "Binary", optionally followed by
//     ".<custom label>", at most 256 characters;
//   - String and Number types carry a non-empty StringValue (and no
//     BinaryValue); Number values are decimal numbers of at most 38
//     significant digits with magnitude between 10^-128 and 10^126;
//     String values hold only characters IsValidMessageBody() accepts;
//   - Binary types carry a non-empty base64 BinaryValue (and no StringValue).
// StringListValues / BinaryListValues (reserved by SQS) are ignored.
// Errors: an SqsErrorStatus(kInvalidParameterValue) naming the attribute.
Result<MessageAttributes> ParseMessageAttributes(const nlohmann::json& json);

// The JSON protocol's MessageAttributes object for `attributes`; Binary values
// are base64-encoded. The inverse of ParseMessageAttributes().
nlohmann::json MessageAttributesToJson(const MessageAttributes& attributes);

// True when `text` is UTF-8 made only of the characters SQS allows in message
// bodies and string attribute values: #x9 | #xA | #xD | #x20-#xD7FF |
// #xE000-#xFFFD | #x10000-#x10FFFF. Overlong encodings and surrogates are
// refused. The empty string is valid here; whether an empty body is allowed
// is the caller's rule (SQS refuses it).
bool IsValidMessageBody(std::string_view text);

// The bytes `attributes` count towards MaximumMessageSize: every name, data
// type and value (Binary values as raw bytes, not base64).
size_t MessageAttributesSize(const MessageAttributes& attributes);

}  // namespace gloss::queue::protocol
