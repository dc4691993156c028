#include "storage/names.h"

#include <cstdint>
#include <initializer_list>
#include <string>

#include "core/result.h"
#include "storage/s3/names.h"
#include "storage/s3/s3_errors.h"

namespace gloss::storage {

Status ValidateObjectKey(std::string_view key) {
  RETURN_IF_ERROR(s3::ValidateObjectKey(key));
  if (!IsValidUtf8(key)) {
    return s3::S3ErrorStatus(s3::S3ErrorCode::kInvalidArgument,
                             "the object key is not valid UTF-8");
  }
  return Status::Ok();
}

Status ValidateObjectAttributes(const ObjectAttributes& attributes) {
  for (const std::string* header :
       {&attributes.content_type, &attributes.content_encoding, &attributes.content_disposition,
        &attributes.cache_control, &attributes.content_language, &attributes.expires}) {
    if (!IsValidUtf8(*header)) {
      return s3::S3ErrorStatus(s3::S3ErrorCode::kInvalidArgument,
                               "a content header is not valid UTF-8");
    }
  }
  size_t metadata_bytes = 0;
  for (const auto& [name, value] : attributes.user_metadata) {
    if (!IsValidUtf8(name) || !IsValidUtf8(value)) {
      return s3::S3ErrorStatus(s3::S3ErrorCode::kInvalidArgument,
                               "user metadata is not valid UTF-8");
    }
    metadata_bytes += name.size() + value.size();
  }
  if (metadata_bytes > kMaxUserMetadataBytes) {
    return s3::S3ErrorStatus(
        s3::S3ErrorCode::kMetadataTooLarge,
        "user metadata is " + std::to_string(metadata_bytes) + " bytes; the limit is 2048");
  }
  return Status::Ok();
}

Status ValidateChecksums(const Checksums& checksums) {
  for (const auto& [algorithm, value] : checksums) {
    if (!IsValidUtf8(algorithm) || !IsValidUtf8(value)) {
      return s3::S3ErrorStatus(s3::S3ErrorCode::kInvalidArgument, "a checksum is not valid UTF-8");
    }
  }
  return Status::Ok();
}

bool IsValidUtf8(std::string_view text) {
  size_t index = 0;
  while (index < text.size()) {
    const auto lead = static_cast<unsigned char>(text[index]);
    if (lead < 0x80) {
      ++index;
      continue;
    }
    size_t length = 0;
    uint32_t code_point = 0;
    uint32_t min_code_point = 0;
    if ((lead & 0xE0) == 0xC0) {
      length = 2;
      code_point = lead & 0x1F;
      min_code_point = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3;
      code_point = lead & 0x0F;
      min_code_point = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4;
      code_point = lead & 0x07;
      min_code_point = 0x10000;
    } else {
      return false;  // A continuation byte or 0xF8..0xFF as a lead byte.
    }
    if (index + length > text.size()) {
      return false;
    }
    for (size_t offset = 1; offset < length; ++offset) {
      const auto next = static_cast<unsigned char>(text[index + offset]);
      if ((next & 0xC0) != 0x80) {
        return false;
      }
      code_point = (code_point << 6) | (next & 0x3F);
    }
    if (code_point < min_code_point || code_point > 0x10FFFF ||
        (code_point >= 0xD800 && code_point <= 0xDFFF)) {
      return false;  // Overlong form, beyond Unicode, or a UTF-16 surrogate.
    }
    index += length;
  }
  return true;
}

}  // namespace gloss::storage
