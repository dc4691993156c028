#include "queue/protocol/message_attributes.h"

#include <cstdint>
#include <string>

#include "core/base64.h"
#include "queue/protocol/internal/utf8.h"
#include "queue/protocol/sqs_errors.h"

namespace gloss::queue::protocol {
namespace {

using Json = nlohmann::json;

constexpr size_t kMaxNumberDigits = 38;
// A non-zero Number's decimal exponent (value = d.ddd x 10^e) lies in
// [kMinNumberExponent, kMaxNumberExponent]: 10^-128 <= |value| < 10^126.
constexpr int64_t kMinNumberExponent = -128;
constexpr int64_t kMaxNumberExponent = 125;
// Exponents saturate here: far beyond any mantissa length a request can have,
// so a saturated exponent is out of range exactly when the true one is.
constexpr int64_t kExponentSaturation = int64_t{1} << 50;
// How much of a client-supplied name an error message repeats.
constexpr size_t kMaxQuotedLength = 64;

Status Invalid(std::string_view message) {
  return SqsErrorStatus(SqsErrorCode::kInvalidParameterValue, message);
}

std::string Quoted(std::string_view name) {
  std::string out = "'";
  out += name.substr(0, kMaxQuotedLength);
  if (name.size() > kMaxQuotedLength) {
    out += "...";
  }
  out += "'";
  return out;
}

bool StartsWithIgnoreCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) {
    return false;
  }
  for (size_t idx = 0; idx < prefix.size(); ++idx) {
    const char lower =
        text[idx] >= 'A' && text[idx] <= 'Z' ? static_cast<char>(text[idx] + 32) : text[idx];
    if (lower != prefix[idx]) {  // `prefix` is lower case.
      return false;
    }
  }
  return true;
}

bool IsNameCharacter(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.';
}

Status CheckName(std::string_view name) {
  const std::string prefix = "Message attribute name " + Quoted(name);
  if (name.empty()) {
    return Invalid("Message attribute name must not be empty.");
  }
  if (name.size() > kMaxAttributeNameLength) {
    return Invalid(prefix + " is longer than 256 characters.");
  }
  for (const char c : name) {
    if (!IsNameCharacter(c)) {
      return Invalid(prefix + " is invalid: it may contain only A-Z, a-z, 0-9, '_', '-' and '.'.");
    }
  }
  if (StartsWithIgnoreCase(name, "aws.") || StartsWithIgnoreCase(name, "amazon.")) {
    return Invalid(prefix + " is invalid: the prefixes 'AWS.' and 'Amazon.' are reserved.");
  }
  if (name.front() == '.' || name.back() == '.' || name.find("..") != std::string_view::npos) {
    return Invalid(prefix + " is invalid: it must not start or end with '.' nor contain \"..\".");
  }
  return Status::Ok();
}

enum class BaseType : uint8_t { kString, kNumber, kBinary };

Result<BaseType> CheckDataType(std::string_view name, std::string_view data_type) {
  const std::string invalid = "The type of message attribute " + Quoted(name) +
                              " is invalid. You must use only the following supported type "
                              "prefixes: Binary, Number, String.";
  if (data_type.size() > kMaxAttributeDataTypeLength) {
    return Invalid("The type of message attribute " + Quoted(name) +
                   " is longer than 256 characters.");
  }
  const size_t dot = data_type.find('.');
  const std::string_view base = data_type.substr(0, dot);
  if (dot != std::string_view::npos) {
    const std::string_view label = data_type.substr(dot + 1);
    if (label.empty() || !IsValidMessageBody(label)) {
      return Invalid("The custom type label of message attribute " + Quoted(name) + " is invalid.");
    }
  }
  if (base == "String") {
    return BaseType::kString;
  }
  if (base == "Number") {
    return BaseType::kNumber;
  }
  if (base == "Binary") {
    return BaseType::kBinary;
  }
  return Invalid(invalid);
}

// True for a decimal number SQS accepts: [+-] digits [. digits] [(e|E) [+-] digits],
// at least one mantissa digit, at most kMaxNumberDigits significant digits, and
// zero or a magnitude in [10^-128, 10^126).
bool IsValidNumber(std::string_view text) {
  size_t pos = 0;
  if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    ++pos;
  }
  std::string digits;  // Mantissa digits without the point.
  size_t integer_digits = 0;
  while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
    digits += text[pos++];
    ++integer_digits;
  }
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      digits += text[pos++];
    }
  }
  if (digits.empty()) {
    return false;
  }
  int64_t exponent = 0;
  if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E')) {
    ++pos;
    bool negative = false;
    if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
      negative = text[pos] == '-';
      ++pos;
    }
    const size_t start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (exponent < kExponentSaturation) {
        exponent = exponent * 10 + (text[pos] - '0');
      }
      ++pos;
    }
    if (pos == start) {
      return false;
    }
    exponent = negative ? -exponent : exponent;
  }
  if (pos != text.size()) {
    return false;
  }
  const size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) {
    return true;  // Zero, whatever its exponent.
  }
  const size_t last = digits.find_last_not_of('0');
  if (last - first + 1 > kMaxNumberDigits) {
    return false;
  }
  const int64_t magnitude =
      static_cast<int64_t>(integer_digits) - static_cast<int64_t>(first) - 1 + exponent;
  return magnitude >= kMinNumberExponent && magnitude <= kMaxNumberExponent;
}

// The string member `key` of `value`, nullptr when absent or null.
// Errors: when present with another type.
Result<const std::string*> OptionalString(const Json& value, const char* key,
                                          std::string_view name) {
  const auto found = value.find(key);
  if (found == value.end() || found->is_null()) {
    return static_cast<const std::string*>(nullptr);
  }
  if (!found->is_string()) {
    return Invalid(std::string("The ") + key + " of message attribute " + Quoted(name) +
                   " must be a string.");
  }
  return found->get_ptr<const std::string*>();
}

Result<MessageAttributeValue> ParseValue(std::string_view name, const Json& value) {
  if (!value.is_object()) {
    return Invalid("The value of message attribute " + Quoted(name) + " must be an object.");
  }
  ASSIGN_OR_RETURN(const std::string* data_type, OptionalString(value, "DataType", name));
  ASSIGN_OR_RETURN(const std::string* string_value, OptionalString(value, "StringValue", name));
  ASSIGN_OR_RETURN(const std::string* binary_value, OptionalString(value, "BinaryValue", name));
  if (data_type == nullptr || data_type->empty()) {
    return Invalid("The message attribute " + Quoted(name) +
                   " must contain non-empty message attribute type.");
  }
  ASSIGN_OR_RETURN(const BaseType base, CheckDataType(name, *data_type));

  MessageAttributeValue parsed;
  parsed.data_type = *data_type;
  const std::string empty_value = "The message attribute " + Quoted(name) +
                                  " must contain non-empty message attribute value for message "
                                  "attribute type '" +
                                  *data_type + "'.";
  if (base == BaseType::kBinary) {
    if (string_value != nullptr) {
      return Invalid("The message attribute " + Quoted(name) +
                     " with type 'Binary' must use "
                     "field 'Binary'.");
    }
    if (binary_value == nullptr || binary_value->empty()) {
      return Invalid(empty_value);
    }
    Result<std::string> bytes = Base64Decode(*binary_value);
    if (!bytes.ok()) {
      return Invalid("The BinaryValue of message attribute " + Quoted(name) +
                     " is not valid base64.");
    }
    parsed.binary_value = std::move(bytes).value();
    return parsed;
  }

  const std::string_view base_name = base == BaseType::kNumber ? "Number" : "String";
  if (binary_value != nullptr) {
    return Invalid("The message attribute " + Quoted(name) + " with type '" +
                   std::string(base_name) + "' must use field 'String'.");
  }
  if (string_value == nullptr || string_value->empty()) {
    return Invalid(empty_value);
  }
  if (!IsValidMessageBody(*string_value)) {
    return Invalid("The value of message attribute " + Quoted(name) +
                   " contains characters outside the allowed set.");
  }
  if (base == BaseType::kNumber && !IsValidNumber(*string_value)) {
    return Invalid("Can't cast the value of message attribute " + Quoted(name) + " to a number.");
  }
  parsed.string_value = *string_value;
  return parsed;
}

bool IsAllowedCodePoint(int32_t code_point) {
  return code_point == 0x9 || code_point == 0xa || code_point == 0xd ||
         (code_point >= 0x20 && code_point <= 0xd7ff) ||
         (code_point >= 0xe000 && code_point <= 0xfffd) ||
         (code_point >= 0x10000 && code_point <= 0x10ffff);
}

}  // namespace

Result<MessageAttributes> ParseMessageAttributes(const nlohmann::json& json) {
  if (json.is_null()) {
    return MessageAttributes{};
  }
  if (!json.is_object()) {
    return Invalid("MessageAttributes must be a map of attribute names to values.");
  }
  if (json.size() > kMaxMessageAttributes) {
    return Invalid("Number of message attributes [" + std::to_string(json.size()) +
                   "] exceeds the allowed maximum [" + std::to_string(kMaxMessageAttributes) +
                   "].");
  }
  MessageAttributes attributes;
  for (auto it = json.begin(); it != json.end(); ++it) {
    RETURN_IF_ERROR(CheckName(it.key()));
    ASSIGN_OR_RETURN(MessageAttributeValue parsed, ParseValue(it.key(), it.value()));
    attributes.emplace(it.key(), std::move(parsed));
  }
  return attributes;
}

nlohmann::json MessageAttributesToJson(const MessageAttributes& attributes) {
  Json json = Json::object();
  for (const auto& [name, value] : attributes) {
    Json entry = {{"DataType", value.data_type}};
    if (value.is_binary()) {
      entry["BinaryValue"] = Base64Encode(value.binary_value);
    } else {
      entry["StringValue"] = value.string_value;
    }
    json[name] = std::move(entry);
  }
  return json;
}

bool IsValidMessageBody(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    const int32_t code_point = internal::DecodeUtf8(text, pos);
    if (code_point < 0 || !IsAllowedCodePoint(code_point)) {
      return false;
    }
  }
  return true;
}

size_t MessageAttributesSize(const MessageAttributes& attributes) {
  size_t size = 0;
  for (const auto& [name, value] : attributes) {
    size += name.size() + value.data_type.size();
    size += value.is_binary() ? value.binary_value.size() : value.string_value.size();
  }
  return size;
}

}  // namespace gloss::queue::protocol
