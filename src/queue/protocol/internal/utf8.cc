#include "queue/protocol/internal/utf8.h"

namespace gloss::queue::protocol::internal {

int32_t DecodeUtf8(std::string_view text, size_t& pos) {
  const auto lead = static_cast<uint8_t>(text[pos]);
  if (lead < 0x80) {
    ++pos;
    return lead;
  }
  size_t length = 0;
  int32_t code_point = 0;
  int32_t minimum = 0;
  if ((lead & 0xe0) == 0xc0) {
    length = 2;
    code_point = lead & 0x1f;
    minimum = 0x80;
  } else if ((lead & 0xf0) == 0xe0) {
    length = 3;
    code_point = lead & 0x0f;
    minimum = 0x800;
  } else if ((lead & 0xf8) == 0xf0) {
    length = 4;
    code_point = lead & 0x07;
    minimum = 0x10000;
  } else {
    return -1;  // A continuation byte or 0xf8..0xff where a sequence must start.
  }
  if (text.size() - pos < length) {
    return -1;
  }
  for (size_t idx = 1; idx < length; ++idx) {
    const auto byte = static_cast<uint8_t>(text[pos + idx]);
    if ((byte & 0xc0) != 0x80) {
      return -1;
    }
    code_point = code_point << 6 | (byte & 0x3f);
  }
  if (code_point < minimum || code_point > 0x10ffff ||
      (code_point >= 0xd800 && code_point <= 0xdfff)) {
    return -1;
  }
  pos += length;
  return code_point;
}

bool IsValidUtf8(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    if (DecodeUtf8(text, pos) < 0) {
      return false;
    }
  }
  return true;
}

}  // namespace gloss::queue::protocol::internal
