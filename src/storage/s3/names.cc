#include "storage/s3/names.h"

#include <array>
#include <string>

#include "storage/s3/s3_errors.h"

namespace gloss::storage::s3 {
namespace {

constexpr size_t kMaxAddressableBucketLength = 255;
constexpr size_t kMinBucketLength = 3;
constexpr size_t kMaxBucketLength = 63;

constexpr std::array<std::string_view, 3> kReservedPrefixes = {"xn--", "sthree-", "amzn-s3-demo-"};
constexpr std::array<std::string_view, 5> kReservedSuffixes = {"-s3alias", "--ol-s3", ".mrap",
                                                               "--x-s3", "--table-s3"};

bool IsLowerOrDigit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlnum(char c) { return IsLowerOrDigit(c) || (c >= 'A' && c <= 'Z'); }

// Four dot-separated runs of 1..3 digits.
bool LooksLikeIpv4(std::string_view name) {
  int groups = 0;
  size_t digits = 0;
  for (const char c : name) {
    if (IsDigit(c)) {
      if (++digits > 3) {
        return false;
      }
    } else if (c == '.' && digits > 0) {
      ++groups;
      digits = 0;
    } else {
      return false;
    }
  }
  return digits > 0 && groups == 3;
}

Status Invalid(std::string_view name, std::string_view why) {
  return S3ErrorStatus(
      S3ErrorCode::kInvalidBucketName,
      "The specified bucket is not valid: '" + std::string(name) + "' " + std::string(why));
}

}  // namespace

bool IsAddressableBucketName(std::string_view name) {
  if (name.empty() || name.size() > kMaxAddressableBucketLength || !IsAlnum(name.front())) {
    return false;
  }
  for (const char c : name) {
    if (!IsAlnum(c) && c != '.' && c != '-' && c != '_') {
      return false;
    }
  }
  return true;
}

Status ValidateBucketName(std::string_view name) {
  if (name.size() < kMinBucketLength || name.size() > kMaxBucketLength) {
    return Invalid(name, "must be 3 to 63 characters long");
  }
  for (const char c : name) {
    if (!IsLowerOrDigit(c) && c != '.' && c != '-') {
      return Invalid(name, "may contain only lower-case letters, digits, '.' and '-'");
    }
  }
  if (!IsLowerOrDigit(name.front()) || !IsLowerOrDigit(name.back())) {
    return Invalid(name, "must begin and end with a letter or digit");
  }
  if (name.find("..") != std::string_view::npos) {
    return Invalid(name, "must not contain two adjacent periods");
  }
  if (LooksLikeIpv4(name)) {
    return Invalid(name, "must not be formatted as an IP address");
  }
  for (const std::string_view prefix : kReservedPrefixes) {
    if (name.starts_with(prefix)) {
      return Invalid(name, "uses a reserved prefix");
    }
  }
  for (const std::string_view suffix : kReservedSuffixes) {
    if (name.ends_with(suffix)) {
      return Invalid(name, "uses a reserved suffix");
    }
  }
  return Status::Ok();
}

Status ValidateObjectKey(std::string_view key) {
  if (key.empty()) {
    return S3ErrorStatus(S3ErrorCode::kInvalidArgument, "The object key must not be empty.");
  }
  if (key.size() > kMaxKeyBytes) {
    return S3ErrorStatus(S3ErrorCode::kKeyTooLongError);
  }
  return Status::Ok();
}

}  // namespace gloss::storage::s3
