#include "config/durations.h"

#include <array>
#include <cstdint>
#include <limits>

namespace gloss::config {
namespace {

struct Unit {
  char symbol;
  int64_t seconds;
};

constexpr std::array<Unit, 4> kUnits = {{{'d', 86400}, {'h', 3600}, {'m', 60}, {'s', 1}}};

// Longer than any sensible duration in a config file; keeps the arithmetic
// below far from overflow.
constexpr int64_t kMaxSeconds = int64_t{100} * 365 * 86400;

}  // namespace

Result<std::chrono::seconds> ParseDuration(std::string_view text) {
  if (text.empty()) {
    return Status::InvalidArgument("empty duration");
  }
  int64_t total = 0;
  size_t next_unit_idx = 0;  // Units must appear in kUnits order, each once.
  size_t index = 0;
  while (index < text.size()) {
    const size_t digits_begin = index;
    int64_t number = 0;
    while (index < text.size() && text[index] >= '0' && text[index] <= '9') {
      number = number * 10 + (text[index] - '0');
      if (number > kMaxSeconds) {
        return Status::InvalidArgument("duration '" + std::string(text) + "' is too long");
      }
      ++index;
    }
    if (index == digits_begin) {
      return Status::InvalidArgument("invalid duration '" + std::string(text) +
                                     "': expected a number like \"90s\", \"15m\", \"1h30m\"");
    }
    if (index == text.size()) {
      return Status::InvalidArgument("duration '" + std::string(text) +
                                     "' has no unit (use d, h, m or s)");
    }
    const char symbol = text[index++];
    size_t unit_idx = 0;
    while (unit_idx < kUnits.size() && kUnits[unit_idx].symbol != symbol) {
      ++unit_idx;
    }
    const bool is_letter = (symbol >= 'a' && symbol <= 'z') || (symbol >= 'A' && symbol <= 'Z');
    if (unit_idx == kUnits.size() && !is_letter) {
      return Status::InvalidArgument("invalid duration '" + std::string(text) +
                                     "': expected a number like \"90s\", \"15m\", \"1h30m\"");
    }
    if (unit_idx == kUnits.size()) {
      return Status::InvalidArgument("unknown unit '" + std::string(1, symbol) + "' in duration '" +
                                     std::string(text) + "' (use d, h, m or s)");
    }
    if (unit_idx < next_unit_idx) {
      return Status::InvalidArgument("invalid duration '" + std::string(text) +
                                     "': units must appear once each, in the order d, h, m, s");
    }
    next_unit_idx = unit_idx + 1;
    total += number * kUnits[unit_idx].seconds;
    if (total > kMaxSeconds) {
      return Status::InvalidArgument("duration '" + std::string(text) + "' is too long");
    }
  }
  return std::chrono::seconds(total);
}

std::string FormatDuration(std::chrono::seconds duration) {
  int64_t remaining = duration.count();
  std::string text;
  if (remaining < 0) {
    if (remaining == std::numeric_limits<int64_t>::min()) {
      return "-" + std::to_string(static_cast<uint64_t>(remaining)) + "s";
    }
    text = "-";
    remaining = -remaining;
  }
  if (remaining == 0) {
    return "0s";
  }
  for (const Unit& unit : kUnits) {
    if (remaining >= unit.seconds) {
      text += std::to_string(remaining / unit.seconds) + unit.symbol;
      remaining %= unit.seconds;
    }
  }
  return text;
}

}  // namespace gloss::config
