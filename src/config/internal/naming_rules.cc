#include "config/internal/naming_rules.h"

#include <algorithm>
#include <cstddef>
#include <vector>

namespace gloss::config {
namespace {

constexpr std::string_view kFifoSuffix = ".fifo";

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return IsLower(c) || (c >= 'A' && c <= 'Z'); }
bool IsAlnum(char c) { return IsAlpha(c) || IsDigit(c); }
bool IsWordChar(char c) { return IsAlnum(c) || c == '_' || c == '-'; }

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

bool AllWordChars(std::string_view text) {
  return std::all_of(text.begin(), text.end(), IsWordChar);
}

// [A-Za-z0-9_-]{1,max_length}.
std::optional<std::string> CheckWordName(std::string_view name, size_t max_length) {
  if (name.empty() || name.size() > max_length) {
    return "must be 1 to " + std::to_string(max_length) + " characters long";
  }
  if (!AllWordChars(name)) {
    return std::string("may contain only letters, digits, '_' and '-'");
  }
  return std::nullopt;
}

bool IsIpv4Address(std::string_view name) {
  int parts = 0;
  size_t index = 0;
  while (index <= name.size()) {
    const size_t dot = std::min(name.find('.', index), name.size());
    const std::string_view part = name.substr(index, dot - index);
    if (part.empty() || part.size() > 3) {
      return false;
    }
    for (const char c : part) {
      if (!IsDigit(c)) {
        return false;
      }
    }
    ++parts;
    index = dot + 1;
  }
  return parts == 4;
}

}  // namespace

std::optional<std::string> CheckResourceKey(std::string_view key) {
  if (key.empty() || key.size() > 128) {
    return std::string("must be 1 to 128 characters long");
  }
  if (!std::all_of(key.begin(), key.end(), [](char c) { return IsWordChar(c) || c == '.'; })) {
    return std::string("may contain only letters, digits, '_', '-' and '.'");
  }
  return std::nullopt;
}

std::optional<std::string> CheckBucketName(std::string_view name) {
  if (name.size() < 3 || name.size() > 63) {
    return std::string("must be 3 to 63 characters long");
  }
  for (const char c : name) {
    if (!IsLower(c) && !IsDigit(c) && c != '.' && c != '-') {
      return std::string("may contain only lowercase letters, digits, '.' and '-'");
    }
  }
  if (!IsLower(name.front()) && !IsDigit(name.front())) {
    return std::string("must start with a lowercase letter or a digit");
  }
  if (!IsLower(name.back()) && !IsDigit(name.back())) {
    return std::string("must end with a lowercase letter or a digit");
  }
  if (name.find("..") != std::string_view::npos) {
    return std::string("must not contain '..'");
  }
  if (IsIpv4Address(name)) {
    return std::string("must not be formatted as an IP address");
  }
  return std::nullopt;
}

std::optional<std::string> CheckQueueName(std::string_view name) {
  if (name.empty() || name.size() > 80) {
    return std::string("must be 1 to 80 characters long");
  }
  const std::string_view base =
      IsFifoQueueName(name) ? name.substr(0, name.size() - kFifoSuffix.size()) : name;
  if (base.empty()) {
    return std::string("needs a name before '.fifo'");
  }
  if (!AllWordChars(base)) {
    return std::string("may contain only letters, digits, '_' and '-' (plus a '.fifo' suffix)");
  }
  return std::nullopt;
}

std::optional<std::string> CheckFunctionName(std::string_view name) {
  return CheckWordName(name, 64);
}

std::optional<std::string> CheckGroupName(std::string_view name) {
  return CheckWordName(name, 128);
}

std::optional<std::string> CheckEnvironmentVariableName(std::string_view name) {
  if (name.empty() || IsDigit(name.front())) {
    return std::string("must start with a letter or '_'");
  }
  for (const char c : name) {
    if (!IsAlnum(c) && c != '_') {
      return std::string("may contain only letters, digits and '_'");
    }
  }
  if (StartsWith(name, "AWS_") || StartsWith(name, "LAMBDA_") || name == "_HANDLER" ||
      name == "_X_AMZN_TRACE_ID") {
    return std::string("is reserved by the Lambda runtime");
  }
  return std::nullopt;
}

std::optional<std::string> CheckSecretName(std::string_view name) {
  if (name.empty() || name.size() > 512) {
    return std::string("must be 1 to 512 characters long");
  }
  for (const char c : name) {
    if (!IsWordChar(c) && c != '.' && c != '/') {
      return std::string("may contain only letters, digits, '_', '.', '-' and '/'");
    }
  }
  return std::nullopt;
}

std::optional<std::string> CheckModuleName(std::string_view name) {
  // npm's limit; the name becomes an esbuild external and a folder name.
  constexpr size_t kMaxModuleName = 214;
  const std::string message =
      "must look like 'sharp' or '@scope/name' (letters, digits, '.', '_', '~', '-'; "
      "no leading '.' or '_')";
  if (name.empty() || name.size() > kMaxModuleName) {
    return std::string("must be 1 to 214 characters long");
  }
  std::string_view rest = name;
  if (rest.front() == '@') {
    const size_t slash = rest.find('/');
    if (slash == std::string_view::npos) {
      return message;
    }
    const std::string_view scope = rest.substr(1, slash - 1);
    rest = rest.substr(slash + 1);
    if (scope.empty() || rest.empty()) {
      return message;
    }
    for (const char c : scope) {
      if (!IsWordChar(c) && c != '.' && c != '~') {
        return message;
      }
    }
  }
  if (rest.empty() || rest.front() == '.' || rest.front() == '_') {
    return message;
  }
  for (const char c : rest) {
    if (!IsWordChar(c) && c != '.' && c != '~') {
      return message;
    }
  }
  return std::nullopt;
}

std::optional<std::string> CheckRegion(std::string_view region) {
  // Parts separated by '-': two letters, one or more words, then a number.
  const std::string message = "must look like 'us-east-1'";
  std::vector<std::string_view> parts;
  size_t index = 0;
  while (index <= region.size()) {
    const size_t dash = std::min(region.find('-', index), region.size());
    parts.push_back(region.substr(index, dash - index));
    index = dash + 1;
  }
  if (parts.size() < 3 || parts.front().size() != 2) {
    return message;
  }
  for (size_t part_idx = 0; part_idx + 1 < parts.size(); ++part_idx) {
    if (parts[part_idx].empty()) {
      return message;
    }
    for (const char c : parts[part_idx]) {
      if (!IsLower(c)) {
        return message;
      }
    }
  }
  if (parts.back().empty() || parts.back().size() > 2) {
    return message;
  }
  for (const char c : parts.back()) {
    if (!IsDigit(c)) {
      return message;
    }
  }
  return std::nullopt;
}

bool IsFifoQueueName(std::string_view name) {
  return name.size() >= kFifoSuffix.size() &&
         name.substr(name.size() - kFifoSuffix.size()) == kFifoSuffix;
}

}  // namespace gloss::config
