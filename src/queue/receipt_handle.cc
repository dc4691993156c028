#include "queue/receipt_handle.h"

#include <charconv>

#include "core/hex.h"
#include "queue/protocol/sqs_errors.h"

namespace gloss::queue {
namespace {

constexpr std::string_view kVersion = "g1";
constexpr size_t kMaxHandleLength = 1024;

Status Invalid(std::string_view text) {
  return protocol::SqsErrorStatus(
      protocol::SqsErrorCode::kReceiptHandleIsInvalid,
      "The input receipt handle \"" + std::string(text.substr(0, 64)) + "\" is not a valid one.");
}

bool ParseInt(std::string_view text, int64_t& value) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() && value >= 0;
}

}  // namespace

std::string EncodeReceiptHandle(const ReceiptHandle& handle) {
  // Hex keeps the handle URL- and form-safe without escaping.
  return HexEncode(std::string(kVersion) + ":" + std::to_string(handle.row) + ":" +
                   std::to_string(handle.receive_count) + ":" + handle.queue);
}

Result<ReceiptHandle> DecodeReceiptHandle(std::string_view text, std::string_view queue) {
  if (text.empty() || text.size() > kMaxHandleLength) {
    return Invalid(text);
  }
  Result<std::string> decoded = HexDecode(text);
  if (!decoded.ok()) {
    return Invalid(text);
  }
  const std::string_view plain = *decoded;
  const size_t first = plain.find(':');
  const size_t second = first == std::string_view::npos ? first : plain.find(':', first + 1);
  const size_t third = second == std::string_view::npos ? second : plain.find(':', second + 1);
  if (third == std::string_view::npos || plain.substr(0, first) != kVersion) {
    return Invalid(text);
  }
  ReceiptHandle handle;
  handle.queue = std::string(plain.substr(third + 1));
  if (!ParseInt(plain.substr(first + 1, second - first - 1), handle.row) ||
      !ParseInt(plain.substr(second + 1, third - second - 1), handle.receive_count) ||
      handle.queue != queue) {
    return Invalid(text);
  }
  return handle;
}

}  // namespace gloss::queue
