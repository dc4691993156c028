#include "annotate/model_output.h"

#include <string>

namespace gloss::annotate {
namespace {

// Replies larger than this are not annotations.
constexpr size_t kMaxReply = 4 << 20;

// Walks JSON text one character at a time, knowing whether the character is
// inside a string literal (escapes included): both repairs below must leave
// string contents alone.
class StringTracker {
 public:
  // True when `c` (the next character) is part of a string literal,
  // including the quotes that open and close it.
  bool InString(char c) {
    if (in_string_) {
      if (escaped_) {
        escaped_ = false;
      } else if (c == '\\') {
        escaped_ = true;
      } else if (c == '"') {
        in_string_ = false;
      }
      return true;
    }
    in_string_ = c == '"';
    return in_string_;
  }

 private:
  bool in_string_ = false;
  bool escaped_ = false;
};

// The first balanced {...} of `text`, skipping braces inside strings; empty
// when there is none.
std::string_view FirstObject(std::string_view text) {
  const size_t start = text.find('{');
  if (start == std::string_view::npos) {
    return {};
  }
  int depth = 0;
  StringTracker strings;
  for (size_t i = start; i < text.size(); ++i) {
    const char c = text[i];
    if (strings.InString(c)) {
      continue;
    }
    if (c == '{') {
      ++depth;
    } else if (c == '}' && --depth == 0) {
      return text.substr(start, i - start + 1);
    }
  }
  return {};
}

// `text` without commas that only precede a closing bracket ("[1, 2,]").
std::string WithoutTrailingCommas(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  StringTracker strings;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (!strings.InString(c) && c == ',') {
      const size_t next = text.find_first_not_of(" \t\r\n", i + 1);
      if (next != std::string_view::npos && (text[next] == '}' || text[next] == ']')) {
        continue;
      }
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace

Result<nlohmann::json> ExtractJsonObject(std::string_view reply) {
  if (reply.size() > kMaxReply) {
    return Status::InvalidArgument("the model's reply is larger than 4 MiB");
  }
  const std::string_view object = FirstObject(reply);
  if (object.empty()) {
    return Status::InvalidArgument("the model's reply has no JSON object");
  }
  nlohmann::json parsed = nlohmann::json::parse(object, nullptr, false);
  if (parsed.is_discarded()) {
    parsed = nlohmann::json::parse(WithoutTrailingCommas(object), nullptr, false);
  }
  if (parsed.is_discarded()) {
    try {
      const nlohmann::json reparsed = nlohmann::json::parse(object);  // Only for its message.
    } catch (const nlohmann::json::parse_error& error) {
      return Status::InvalidArgument(std::string("the model's reply is not valid JSON: ") +
                                     error.what());
    }
    return Status::InvalidArgument("the model's reply is not valid JSON");
  }
  return parsed;
}

}  // namespace gloss::annotate
