#include "data/store/appsync_scalars.h"

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>

#include "core/result.h"
#include "core/status.h"

namespace gloss::data::store {
namespace {

constexpr size_t kMaxValueInMessage = 64;
constexpr int kMaxOffsetSeconds = 18 * 3600;  // java.time.ZoneOffset's range.
constexpr size_t kMaxEmailLength = 254;
constexpr size_t kMaxLocalPartLength = 64;
constexpr size_t kMaxLabelLength = 63;
constexpr int kMinNationalDigits = 7;
constexpr int kMaxE164Digits = 15;
constexpr int kNanpDigits = 10;

constexpr std::pair<std::string_view, AppSyncScalar> kNames[] = {
    {"AWSDate", AppSyncScalar::kAwsDate},
    {"AWSTime", AppSyncScalar::kAwsTime},
    {"AWSDateTime", AppSyncScalar::kAwsDateTime},
    {"AWSTimestamp", AppSyncScalar::kAwsTimestamp},
    {"AWSEmail", AppSyncScalar::kAwsEmail},
    {"AWSJSON", AppSyncScalar::kAwsJson},
    {"AWSURL", AppSyncScalar::kAwsUrl},
    {"AWSPhone", AppSyncScalar::kAwsPhone},
    {"AWSIPAddress", AppSyncScalar::kAwsIpAddress},
};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// A cursor over the text being validated.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  bool AtEnd() const { return pos_ == text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }
  bool Consume(char c) {
    if (!AtEnd() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  // Reads exactly `count` digits as a number.
  bool Digits(int count, int& value) {
    value = 0;
    for (int index = 0; index < count; ++index) {
      if (AtEnd() || !IsDigit(text_[pos_])) {
        return false;
      }
      value = value * 10 + (text_[pos_++] - '0');
    }
    return true;
  }
  // Reads 1 to `max` digits.
  bool SomeDigits(int max) {
    int count = 0;
    while (!AtEnd() && IsDigit(text_[pos_]) && count < max) {
      ++pos_;
      ++count;
    }
    return count > 0 && (AtEnd() || !IsDigit(text_[pos_]));
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

// [-]YYYY-MM-DD
bool ScanDate(Scanner& scanner) {
  const bool negative = scanner.Consume('-');
  int year = 0;
  int month = 0;
  int day = 0;
  if (!scanner.Digits(4, year) || !scanner.Consume('-') || !scanner.Digits(2, month) ||
      !scanner.Consume('-') || !scanner.Digits(2, day)) {
    return false;
  }
  if (negative) {
    year = -year;
  }
  return month >= 1 && month <= 12 && day >= 1 && day <= DaysInMonth(year, month);
}

// hh:mm[:ss[.f{1,9}]]
bool ScanTime(Scanner& scanner) {
  int hour = 0;
  int minute = 0;
  if (!scanner.Digits(2, hour) || !scanner.Consume(':') || !scanner.Digits(2, minute)) {
    return false;
  }
  if (hour > 23 || minute > 59) {
    return false;
  }
  if (!scanner.Consume(':')) {
    return true;
  }
  int second = 0;
  if (!scanner.Digits(2, second) || second > 59) {
    return false;
  }
  if (scanner.Consume('.')) {
    return scanner.SomeDigits(9);
  }
  return true;
}

// Z | ±hh:mm[:ss], at most ±18:00.
bool ScanOffset(Scanner& scanner) {
  if (scanner.Consume('Z')) {
    return true;
  }
  if (!scanner.Consume('+') && !scanner.Consume('-')) {
    return false;
  }
  int hours = 0;
  int minutes = 0;
  int seconds = 0;
  if (!scanner.Digits(2, hours) || !scanner.Consume(':') || !scanner.Digits(2, minutes)) {
    return false;
  }
  if (scanner.Consume(':') && !scanner.Digits(2, seconds)) {
    return false;
  }
  return minutes <= 59 && seconds <= 59 &&
         hours * 3600 + minutes * 60 + seconds <= kMaxOffsetSeconds;
}

bool IsDate(std::string_view text) {
  Scanner scanner(text);
  return ScanDate(scanner) && (scanner.AtEnd() || (ScanOffset(scanner) && scanner.AtEnd()));
}

bool IsTime(std::string_view text) {
  Scanner scanner(text);
  return ScanTime(scanner) && (scanner.AtEnd() || (ScanOffset(scanner) && scanner.AtEnd()));
}

bool IsDateTime(std::string_view text) {
  Scanner scanner(text);
  return ScanDate(scanner) && scanner.Consume('T') && ScanTime(scanner) && ScanOffset(scanner) &&
         scanner.AtEnd();
}

bool IsAtext(char c) {
  return IsAlpha(c) || IsDigit(c) ||
         std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

// dot-atom: atext runs separated by single dots.
bool IsDotAtom(std::string_view text) {
  if (text.empty() || text.front() == '.' || text.back() == '.') {
    return false;
  }
  for (size_t index = 0; index < text.size(); ++index) {
    const char c = text[index];
    if (c == '.') {
      if (text[index - 1] == '.') {
        return false;
      }
    } else if (!IsAtext(c)) {
      return false;
    }
  }
  return true;
}

// "..." with printable ASCII; backslash escapes one printable character.
bool IsQuotedString(std::string_view text) {
  if (text.size() < 2 || text.front() != '"' || text.back() != '"') {
    return false;
  }
  for (size_t index = 1; index + 1 < text.size(); ++index) {
    const char c = text[index];
    if (c < 0x20 || c > 0x7e) {
      return false;
    }
    if (c == '\\') {
      if (index + 2 >= text.size()) {
        return false;  // The escape would swallow the closing quote.
      }
      ++index;
      if (text[index] < 0x20 || text[index] > 0x7e) {
        return false;
      }
    } else if (c == '"') {
      return false;
    }
  }
  return true;
}

bool IsHostname(std::string_view host) {
  if (host.empty() || host.back() == '.') {
    return false;
  }
  size_t start = 0;
  while (start <= host.size()) {
    size_t end = host.find('.', start);
    if (end == std::string_view::npos) {
      end = host.size();
    }
    const std::string_view label = host.substr(start, end - start);
    if (label.empty() || label.size() > kMaxLabelLength || label.front() == '-' ||
        label.back() == '-') {
      return false;
    }
    for (const char c : label) {
      if (!IsAlpha(c) && !IsDigit(c) && c != '-') {
        return false;
      }
    }
    start = end + 1;
  }
  return true;
}

bool IsEmail(std::string_view text) {
  if (text.size() > kMaxEmailLength) {
    return false;
  }
  const size_t at = text.rfind('@');
  if (at == std::string_view::npos) {
    return false;
  }
  const std::string_view local = text.substr(0, at);
  const std::string_view domain = text.substr(at + 1);
  if (local.size() > kMaxLocalPartLength || !(IsDotAtom(local) || IsQuotedString(local))) {
    return false;
  }
  if (domain.size() >= 2 && domain.front() == '[' && domain.back() == ']') {
    for (const char c : domain.substr(1, domain.size() - 2)) {
      if (c < 0x21 || c > 0x7e || c == '[' || c == ']' || c == '\\') {
        return false;
      }
    }
    return domain.size() > 2;
  }
  return IsHostname(domain);
}

bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

bool IsUrl(std::string_view text) {
  const size_t colon = text.find("://");
  if (colon == std::string_view::npos || colon == 0 || !IsAlpha(text.front())) {
    return false;
  }
  for (const char c : text.substr(0, colon)) {
    if (!IsAlpha(c) && !IsDigit(c) && c != '+' && c != '-' && c != '.') {
      return false;
    }
  }
  for (size_t index = 0; index < text.size(); ++index) {
    const char c = text[index];
    if (c <= 0x20 || c >= 0x7f ||
        std::string_view("<>\"{}|\\^`").find(c) != std::string_view::npos) {
      return false;
    }
    if (c == '%' &&
        (index + 2 >= text.size() || !IsHex(text[index + 1]) || !IsHex(text[index + 2]))) {
      return false;
    }
  }
  const std::string_view rest = text.substr(colon + 3);
  const size_t authority_end = rest.find_first_of("/?#");
  const std::string_view authority = rest.substr(0, authority_end);
  if (authority.empty()) {
    return false;
  }
  if (authority_end == std::string_view::npos) {
    return true;
  }
  const std::string_view after = rest.substr(authority_end);
  const std::string_view path = after.substr(0, after.find_first_of("?#"));
  return path.find("//") == std::string_view::npos;
}

bool IsPhone(std::string_view text) {
  Scanner scanner(text);
  const bool plus = scanner.Consume('+');
  int digits = 0;
  bool in_parens = false;
  bool parens_seen = false;
  char previous = plus ? '+' : ' ';  // A separator may not come first.
  for (size_t index = plus ? 1 : 0; index < text.size(); ++index) {
    const char c = text[index];
    if (IsDigit(c)) {
      ++digits;
    } else if (c == ' ' || c == '-' || c == '.') {
      if (in_parens || !(IsDigit(previous) || previous == ')')) {
        return false;
      }
    } else if (c == '(') {
      if (in_parens || parens_seen || IsDigit(previous) || previous == ')') {
        return false;
      }
      in_parens = true;
      parens_seen = true;
    } else if (c == ')') {
      if (!in_parens || !IsDigit(previous)) {
        return false;
      }
      in_parens = false;
    } else {
      return false;
    }
    previous = c;
  }
  if (in_parens || !(IsDigit(previous) || previous == ')')) {
    return false;
  }
  if (plus) {
    return digits >= kMinNationalDigits && digits <= kMaxE164Digits;
  }
  // Without a country code: a NANP number, optionally with its leading 1.
  return digits == kNanpDigits ||
         (digits == kNanpDigits + 1 && text.find_first_of("0123456789") != std::string_view::npos &&
          text[text.find_first_of("0123456789")] == '1');
}

bool IsIpAddress(std::string_view text) {
  if (text.find('\0') != std::string_view::npos) {
    return false;
  }
  const size_t slash = text.find('/');
  const std::string address(text.substr(0, slash));
  in6_addr buffer{};
  const bool v4 = inet_pton(AF_INET, address.c_str(), &buffer) == 1;
  const bool v6 = !v4 && inet_pton(AF_INET6, address.c_str(), &buffer) == 1;
  if (!v4 && !v6) {
    return false;
  }
  if (slash == std::string_view::npos) {
    return true;
  }
  const std::string_view prefix = text.substr(slash + 1);
  if (prefix.empty() || prefix.size() > 3) {
    return false;
  }
  int bits = 0;
  for (const char c : prefix) {
    if (!IsDigit(c)) {
      return false;
    }
    bits = bits * 10 + (c - '0');
  }
  return bits <= (v4 ? 32 : 128);
}

bool IsJson(std::string_view text) {
  return !nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false).is_discarded();
}

Status InvalidValue(AppSyncScalar kind, const nlohmann::json& value) {
  std::string shown = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (shown.size() > kMaxValueInMessage) {
    shown = shown.substr(0, kMaxValueInMessage) + "...";
  }
  return Status::InvalidArgument("Invalid " + std::string(ScalarName(kind)) + " value: " + shown);
}

}  // namespace

Result<AppSyncScalar> ParseScalarName(std::string_view name) {
  for (const auto& [scalar_name, kind] : kNames) {
    if (scalar_name == name) {
      return kind;
    }
  }
  const std::string_view shown = name.substr(0, kMaxValueInMessage);
  return Status::InvalidArgument("Not an AppSync scalar: '" + std::string(shown) + "'");
}

std::string_view ScalarName(AppSyncScalar kind) {
  for (const auto& [scalar_name, scalar_kind] : kNames) {
    if (scalar_kind == kind) {
      return scalar_name;
    }
  }
  return "AWSUnknown";
}

Status ValidateScalar(AppSyncScalar kind, const nlohmann::json& value) {
  if (kind == AppSyncScalar::kAwsTimestamp) {
    const bool in_range =
        value.is_number_integer() &&
        (!value.is_number_unsigned() ||
         value.get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max()));
    return in_range ? Status::Ok() : InvalidValue(kind, value);
  }
  if (!value.is_string()) {
    return InvalidValue(kind, value);
  }
  const std::string& text = value.get_ref<const std::string&>();
  bool valid = false;
  switch (kind) {
    case AppSyncScalar::kAwsDate: valid = IsDate(text); break;
    case AppSyncScalar::kAwsTime: valid = IsTime(text); break;
    case AppSyncScalar::kAwsDateTime: valid = IsDateTime(text); break;
    case AppSyncScalar::kAwsEmail: valid = IsEmail(text); break;
    case AppSyncScalar::kAwsJson: valid = IsJson(text); break;
    case AppSyncScalar::kAwsUrl: valid = IsUrl(text); break;
    case AppSyncScalar::kAwsPhone: valid = IsPhone(text); break;
    case AppSyncScalar::kAwsIpAddress: valid = IsIpAddress(text); break;
    case AppSyncScalar::kAwsTimestamp: break;  // Handled above.
  }
  return valid ? Status::Ok() : InvalidValue(kind, value);
}

}  // namespace gloss::data::store
