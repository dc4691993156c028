#include "auth/password_policy.h"

#include <string>

namespace gloss::auth {
namespace {

constexpr std::string_view kPolicyPrefix = "Password did not conform with policy: ";
constexpr std::string_view kSymbols = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ";
constexpr std::string_view kPatternError =
    "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must "
    "satisfy regular expression pattern: ^[\\S]+.*[\\S]+$";

bool IsAsciiWhitespace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Number of UTF-8 code points (continuation bytes are not counted).
size_t CharacterCount(std::string_view text) {
  size_t count = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++count;
    }
  }
  return count;
}

Status PolicyError(std::string_view what) {
  std::string message(kPolicyPrefix);
  message.append(what);
  return Status::InvalidArgument(message);
}

}  // namespace

Status CheckPassword(std::string_view password, const PasswordPolicy& policy) {
  const size_t length = CharacterCount(password);
  if (length > kMaxPasswordLength) {
    return Status::InvalidArgument(
        "1 validation error detected: Value at 'password' failed to satisfy constraint: Member "
        "must have length less than or equal to 256");
  }
  if (password.empty() || IsAsciiWhitespace(password.front()) ||
      IsAsciiWhitespace(password.back()) ||
      password.find_first_of("\n\r") != std::string_view::npos) {
    return Status::InvalidArgument(kPatternError);
  }
  if (length < policy.min_length) {
    return PolicyError("Password not long enough");
  }
  bool lower = false;
  bool upper = false;
  bool digit = false;
  bool symbol = false;
  for (char c : password) {
    lower = lower || (c >= 'a' && c <= 'z');
    upper = upper || (c >= 'A' && c <= 'Z');
    digit = digit || (c >= '0' && c <= '9');
    symbol = symbol || kSymbols.find(c) != std::string_view::npos;
  }
  if (policy.require_lowercase && !lower) {
    return PolicyError("Password must have lowercase characters");
  }
  if (policy.require_uppercase && !upper) {
    return PolicyError("Password must have uppercase characters");
  }
  if (policy.require_numbers && !digit) {
    return PolicyError("Password must have numeric characters");
  }
  if (policy.require_symbols && !symbol) {
    return PolicyError("Password must have symbol characters");
  }
  return Status::Ok();
}

bool IsPasswordPolicyViolation(const Status& status) {
  return status.code() == StatusCode::kInvalidArgument &&
         status.message().starts_with(kPolicyPrefix);
}

}  // namespace gloss::auth
