// DecodeQueryRequest (query_codec.h): form parameters -> the JSON input.

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "queue/protocol/internal/form.h"
#include "queue/protocol/internal/utf8.h"
#include "queue/protocol/query_codec.h"
#include "queue/protocol/sqs_errors.h"
#include "queue/protocol/sqs_model.h"

namespace gloss::queue::protocol {
namespace {

using Json = nlohmann::json;
using internal::FormParameters;

// How much of a client-supplied value an error message repeats.
constexpr size_t kMaxQuotedLength = 64;
// Digits of the largest index, kMaxQueryListIndex.
constexpr size_t kMaxIndexDigits = 3;

std::string Truncated(std::string_view text) {
  if (text.size() <= kMaxQuotedLength) {
    return std::string(text);
  }
  return std::string(text.substr(0, kMaxQuotedLength)) + "...";
}

Status InvalidValue(std::string_view name, std::string_view value, std::string_view reason) {
  return SqsErrorStatus(SqsErrorCode::kInvalidParameterValue,
                        "Value " + Truncated(value) + " for parameter " + Truncated(name) +
                            " is invalid. Reason: " + std::string(reason) + ".");
}

Result<int64_t> ParseInteger(std::string_view name, std::string_view text, ShapeKind kind) {
  int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    return InvalidValue(name, text, "must be an integer");
  }
  if (kind == ShapeKind::kInteger && (value < std::numeric_limits<int32_t>::min() ||
                                      value > std::numeric_limits<int32_t>::max())) {
    return InvalidValue(name, text, "must be a 32-bit integer");
  }
  return value;
}

Result<Json> DecodeScalar(std::string_view name, const std::string& text, ShapeKind kind) {
  switch (kind) {
    case ShapeKind::kInteger:
    case ShapeKind::kLong: {
      ASSIGN_OR_RETURN(const int64_t value, ParseInteger(name, text, kind));
      return Json(value);
    }
    case ShapeKind::kBoolean:
      if (text == "true" || text == "false") {
        return Json(text == "true");
      }
      return InvalidValue(name, text, "must be true or false");
    default:
      // Strings and base64 blobs. Both protocols carry UTF-8 only (the JSON
      // parser refuses anything else), so the operations see the same text.
      if (!internal::IsValidUtf8(text)) {
        return SqsErrorStatus(SqsErrorCode::kInvalidParameterValue,
                              "The value of parameter " + Truncated(name) + " is not valid UTF-8.");
      }
      return Json(text);
  }
}

// The distinct indexes N of the parameters named "<prefix>N" or
// "<prefix>N.<anything>", ascending.
Result<std::vector<size_t>> IndexesUnder(const FormParameters& parameters,
                                         std::string_view prefix) {
  std::vector<size_t> indexes;
  for (auto it = parameters.lower_bound(prefix);
       it != parameters.end() && it->first.starts_with(prefix); ++it) {
    const std::string_view rest = std::string_view(it->first).substr(prefix.size());
    const std::string_view segment = rest.substr(0, rest.find('.'));
    size_t index = 0;
    const auto [end, error] =
        std::from_chars(segment.data(), segment.data() + segment.size(), index);
    if (segment.empty() || segment.size() > kMaxIndexDigits || segment.front() == '0' ||
        error != std::errc() || end != segment.data() + segment.size() || index < 1 ||
        index > kMaxQueryListIndex) {
      return SqsErrorStatus(SqsErrorCode::kInvalidParameterValue,
                            "The parameter " + Truncated(it->first) +
                                " has an invalid index: indexes run from 1 to " +
                                std::to_string(kMaxQueryListIndex) + ".");
    }
    indexes.push_back(index);
  }
  std::sort(indexes.begin(), indexes.end());
  indexes.erase(std::unique(indexes.begin(), indexes.end()), indexes.end());
  return indexes;
}

bool HasParameterUnder(const FormParameters& parameters, std::string_view prefix) {
  const auto it = parameters.lower_bound(prefix);
  return it != parameters.end() && it->first.starts_with(prefix);
}

Result<Json> DecodeStructure(const FormParameters& parameters, const std::string& prefix,
                             const Shape& shape);

// The value of the parameter(s) named `name` in `shape`, or nullopt when the
// form has none.
Result<std::optional<Json>> DecodeValue(const FormParameters& parameters, const std::string& name,
                                        const Shape& shape) {
  switch (shape.kind) {
    case ShapeKind::kList: {
      ASSIGN_OR_RETURN(const std::vector<size_t> indexes, IndexesUnder(parameters, name + "."));
      if (indexes.empty()) {
        return std::optional<Json>();
      }
      Json list = Json::array();
      for (const size_t index : indexes) {
        ASSIGN_OR_RETURN(
            std::optional<Json> element,
            DecodeValue(parameters, name + "." + std::to_string(index), *shape.element));
        if (element) {
          list.push_back(std::move(*element));
        }
      }
      return std::optional<Json>(std::move(list));
    }
    case ShapeKind::kMap: {
      ASSIGN_OR_RETURN(const std::vector<size_t> indexes, IndexesUnder(parameters, name + "."));
      if (indexes.empty()) {
        return std::optional<Json>();
      }
      Json map = Json::object();
      for (const size_t index : indexes) {
        const std::string entry = name + "." + std::to_string(index) + ".";
        const std::string key_name = entry + std::string(shape.key_name);
        const auto key = parameters.find(key_name);
        if (key == parameters.end()) {
          return SqsErrorStatus(SqsErrorCode::kMissingParameter,
                                "The request must contain the parameter " + key_name + ".");
        }
        ASSIGN_OR_RETURN(const Json key_json,
                         DecodeScalar(key_name, key->second, ShapeKind::kString));
        const std::string& key_text = key_json.get_ref<const std::string&>();
        if (map.contains(key_text)) {
          return SqsErrorStatus(SqsErrorCode::kInvalidParameterValue,
                                "The " + std::string(shape.key_name) + " " + Truncated(key_text) +
                                    " is given more than once in " + Truncated(name) + ".");
        }
        ASSIGN_OR_RETURN(
            std::optional<Json> value,
            DecodeValue(parameters, entry + std::string(shape.value_name), *shape.element));
        if (!value) {
          value = shape.element->kind == ShapeKind::kStructure ? Json::object() : Json("");
        }
        map[key_text] = std::move(*value);
      }
      return std::optional<Json>(std::move(map));
    }
    case ShapeKind::kStructure: {
      const std::string prefix = name + ".";
      if (!HasParameterUnder(parameters, prefix) && !parameters.contains(name)) {
        return std::optional<Json>();
      }
      ASSIGN_OR_RETURN(Json structure, DecodeStructure(parameters, prefix, shape));
      return std::optional<Json>(std::move(structure));
    }
    default: {
      const auto found = parameters.find(name);
      if (found == parameters.end()) {
        return std::optional<Json>();
      }
      ASSIGN_OR_RETURN(Json scalar, DecodeScalar(name, found->second, shape.kind));
      return std::optional<Json>(std::move(scalar));
    }
  }
}

Result<Json> DecodeStructure(const FormParameters& parameters, const std::string& prefix,
                             const Shape& shape) {
  Json structure = Json::object();
  for (const Member& member : shape.members) {
    ASSIGN_OR_RETURN(
        std::optional<Json> value,
        DecodeValue(parameters, prefix + std::string(member.wire_name), *member.shape));
    if (value) {
      structure[std::string(member.name)] = std::move(*value);
    }
  }
  return structure;
}

}  // namespace

Result<SqsCall> DecodeQueryRequest(std::string_view form) {
  ASSIGN_OR_RETURN(const FormParameters parameters, internal::ParseForm(form));
  const auto action = parameters.find("Action");
  if (action == parameters.end() || action->second.empty()) {
    return SqsErrorStatus(SqsErrorCode::kMissingParameter,
                          "The request must contain the parameter Action.");
  }
  const Operation* operation = FindOperation(action->second);
  if (operation == nullptr) {
    return SqsErrorStatus(SqsErrorCode::kInvalidAction, "The action " + Truncated(action->second) +
                                                            " is not valid for this endpoint.");
  }
  ASSIGN_OR_RETURN(Json input, DecodeStructure(parameters, "", *operation->input));
  return SqsCall{.operation = std::string(operation->name), .input = std::move(input)};
}

}  // namespace gloss::queue::protocol
