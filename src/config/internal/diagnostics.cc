#include "config/internal/diagnostics.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <utility>

namespace gloss::config {
namespace {

bool IsUtf8Continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Returns the byte index where 1-based (line, column) starts in `document`;
// toml++ counts columns in code points.
std::optional<size_t> ByteIndexOf(std::string_view document, uint32_t line, uint32_t column) {
  size_t index = 0;
  for (uint32_t current_line = 1; current_line < line; ++current_line) {
    index = document.find('\n', index);
    if (index == std::string_view::npos) {
      return std::nullopt;
    }
    ++index;
  }
  for (uint32_t current_column = 1; current_column < column; ++current_column) {
    if (index >= document.size()) {
      return std::nullopt;
    }
    ++index;
    while (index < document.size() && IsUtf8Continuation(document[index])) {
      ++index;
    }
  }
  return index;
}

size_t Utf8Length(uint32_t code_point) {
  if (code_point < 0x80) {
    return 1;
  }
  if (code_point < 0x800) {
    return 2;
  }
  return code_point < 0x10000 ? 3 : 4;
}

// For the escape sequence starting at document[index] (a backslash), returns
// {raw code points, decoded bytes}.
std::pair<uint32_t, size_t> MeasureEscape(std::string_view document, size_t index) {
  if (index + 1 >= document.size()) {
    return {1, 0};
  }
  const char kind = document[index + 1];
  if (kind != 'u' && kind != 'U') {
    return {2, 1};
  }
  const size_t digits = kind == 'u' ? 4 : 8;
  uint32_t code_point = 0;
  for (size_t digit_idx = 0; digit_idx < digits && index + 2 + digit_idx < document.size();
       ++digit_idx) {
    const char c = document[index + 2 + digit_idx];
    const uint32_t value = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
    code_point = code_point * 16 + value;
  }
  return {static_cast<uint32_t>(2 + digits), Utf8Length(code_point)};
}

}  // namespace

Diagnostics::Diagnostics(std::string file, std::string_view document)
    : file_(std::move(file)), document_(document) {}

SourceLocation Diagnostics::Where(const toml::source_region& region) const {
  return SourceLocation{file_, region.begin.line, region.begin.column};
}

SourceLocation Diagnostics::WhereInString(const SourceLocation& literal, size_t offset) const {
  const std::optional<size_t> start = ByteIndexOf(document_, literal.line, literal.column);
  if (!start || *start >= document_.size()) {
    return literal;
  }
  const char quote = document_[*start];
  if ((quote != '"' && quote != '\'') || document_.substr(*start, 3) == std::string(3, quote)) {
    return literal;  // Not a single-line string literal.
  }
  size_t index = *start + 1;
  uint32_t column = literal.column + 1;
  size_t decoded = 0;
  while (decoded < offset) {
    if (index >= document_.size() || document_[index] == quote || document_[index] == '\n') {
      return literal;
    }
    if (quote == '"' && document_[index] == '\\') {
      const auto [raw_code_points, decoded_bytes] = MeasureEscape(document_, index);
      index += raw_code_points;  // Escapes are ASCII: one byte per code point.
      column += raw_code_points;
      decoded += decoded_bytes;
      continue;
    }
    size_t code_point_bytes = 1;
    while (index + code_point_bytes < document_.size() &&
           IsUtf8Continuation(document_[index + code_point_bytes])) {
      ++code_point_bytes;
    }
    index += code_point_bytes;
    decoded += code_point_bytes;
    ++column;
  }
  return SourceLocation{file_, literal.line, column};
}

void Diagnostics::Add(const SourceLocation& where, std::string message) {
  errors_.push_back(Error{where, std::move(message)});
}

Status Diagnostics::ToStatus() const {
  if (errors_.empty()) {
    return Status::Ok();
  }
  std::vector<const Error*> sorted;
  sorted.reserve(errors_.size());
  for (const Error& error : errors_) {
    sorted.push_back(&error);
  }
  std::stable_sort(sorted.begin(), sorted.end(), [](const Error* a, const Error* b) {
    return std::pair(a->where.line, a->where.column) < std::pair(b->where.line, b->where.column);
  });
  std::string message;
  const auto append_line = [&](const SourceLocation& where, std::string_view text) {
    if (!message.empty()) {
      message += '\n';
    }
    message +=
        where.file + ":" + std::to_string(where.line) + ":" + std::to_string(where.column) + ": ";
    message += text;
  };
  for (size_t error_idx = 0; error_idx < sorted.size(); ++error_idx) {
    if (error_idx == kMaxListedErrors) {
      append_line(
          sorted[error_idx]->where,
          "too many errors, " + std::to_string(sorted.size() - error_idx) + " more not shown");
      break;
    }
    append_line(sorted[error_idx]->where, sorted[error_idx]->message);
  }
  return Status::InvalidArgument(message);
}

}  // namespace gloss::config
