// The parts of an SQS message that the store, the wire codecs and the event
// source mappings share: message attributes as SQS defines them.
//
// Thread safety: plain values.

#pragma once

#include <map>
#include <string>

namespace gloss::queue {

// One message attribute. `data_type` is "String", "Number" or "Binary",
// optionally with a custom suffix ("Number.int", "Binary.png"). String and
// Number values are in `string_value`; Binary ones are raw bytes in
// `binary_value`.
struct MessageAttributeValue {
  std::string data_type;
  std::string string_value;
  std::string binary_value;

  bool is_binary() const { return data_type.starts_with("Binary"); }
  friend bool operator==(const MessageAttributeValue&, const MessageAttributeValue&) = default;
};

// By name; names sort as SQS sorts them for MD5OfMessageAttributes (bytes).
using MessageAttributes = std::map<std::string, MessageAttributeValue>;

}  // namespace gloss::queue
