#include "storage/names.h"

#include <array>
#include <cstdint>
#include <initializer_list>
#include <string>

#include "storage/s3/s3_errors.h"

namespace gloss::storage {
namespace {

constexpr std::array<std::string_view, 3> kReservedPrefixes = {"xn--", "sthree-", "amzn-s3-demo-"};
constexpr std::array<std::string_view, 5> kReservedSuffixes = {"-s3alias", "--ol-s3", ".mrap",
                                                               "--x-s3", "--table-s3"};

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// "192.168.5.4": four dot-separated groups of 1-3 digits (S3 rejects these
// whatever the numbers' values).
bool LooksLikeIpv4(std::string_view name) {
  int groups = 0;
  size_t start = 0;
  while (start <= name.size()) {
    size_t end = name.find('.', start);
    if (end == std::string_view::npos) {
      end = name.size();
    }
    const std::string_view group = name.substr(start, end - start);
    if (group.empty() || group.size() > 3) {
      return false;
    }
    for (const char c : group) {
      if (c < '0' || c > '9') {
        return false;
      }
    }
    ++groups;
    start = end + 1;
  }
  return groups == 4;
}

Status InvalidBucketName(std::string_view name, std::string_view why) {
  return s3::S3ErrorStatus(s3::S3ErrorCode::kInvalidBucketName,
                           "the bucket name '" + std::string(name) + "' " + std::string(why));
}

}  // namespace

Status ValidateBucketName(std::string_view name) {
  if (name.size() < kMinBucketNameLength || name.size() > kMaxBucketNameLength) {
    return InvalidBucketName(name, "must be 3 to 63 characters long");
  }
  for (const char c : name) {
    if (!IsLowerAlnum(c) && c != '.' && c != '-') {
      return InvalidBucketName(name, "may contain only a-z, 0-9, '.' and '-'");
    }
  }
  if (!IsLowerAlnum(name.front()) || !IsLowerAlnum(name.back())) {
    return InvalidBucketName(name, "must begin and end with a letter or digit");
  }
  if (name.find("..") != std::string_view::npos) {
    return InvalidBucketName(name, "must not contain two adjacent periods");
  }
  if (LooksLikeIpv4(name)) {
    return InvalidBucketName(name, "must not be formatted as an IP address");
  }
  for (const std::string_view prefix : kReservedPrefixes) {
    if (name.starts_with(prefix)) {
      return InvalidBucketName(name, "uses a reserved prefix");
    }
  }
  for (const std::string_view suffix : kReservedSuffixes) {
    if (name.ends_with(suffix)) {
      return InvalidBucketName(name, "uses a reserved suffix");
    }
  }
  return Status::Ok();
}

Status ValidateObjectKey(std::string_view key) {
  if (key.empty()) {
    return s3::S3ErrorStatus(s3::S3ErrorCode::kInvalidArgument, "the object key must not be empty");
  }
  if (key.size() > kMaxKeyLength) {
    return s3::S3ErrorStatus(
        s3::S3ErrorCode::kKeyTooLongError,
        "the object key is " + std::to_string(key.size()) + " bytes long; the limit is 1024");
  }
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
