#include "config/internal/table_reader.h"

#include <algorithm>
#include <utility>

#include "config/durations.h"

namespace gloss::config {
namespace {

bool IsBareKey(std::string_view key) {
  return !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Levenshtein distance, ignoring case.
size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> previous(b.size() + 1);
  std::vector<size_t> current(b.size() + 1);
  for (size_t b_idx = 0; b_idx <= b.size(); ++b_idx) {
    previous[b_idx] = b_idx;
  }
  for (size_t a_idx = 1; a_idx <= a.size(); ++a_idx) {
    current[0] = a_idx;
    for (size_t b_idx = 1; b_idx <= b.size(); ++b_idx) {
      const size_t substitution =
          previous[b_idx - 1] + (Lower(a[a_idx - 1]) == Lower(b[b_idx - 1]) ? 0 : 1);
      current[b_idx] = std::min({previous[b_idx] + 1, current[b_idx - 1] + 1, substitution});
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}

std::string RangeMessage(const std::string& min, const std::string& max, const std::string& got,
                         std::string_view unit) {
  std::string message = "must be between " + min + " and " + max;
  if (!unit.empty()) {
    message += " " + std::string(unit);
  }
  return message + ", got " + got;
}

}  // namespace

std::string_view DescribeType(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a float";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    case toml::node_type::none: break;
  }
  return "nothing";
}

std::string JoinPath(std::string_view path, std::string_view key) {
  std::string joined(path);
  if (!joined.empty()) {
    joined += '.';
  }
  if (IsBareKey(key)) {
    joined += key;
  } else {
    joined += '"';
    for (const char c : key) {
      if (c == '"' || c == '\\') {
        joined += '\\';
      }
      joined += c;
    }
    joined += '"';
  }
  return joined;
}

std::optional<std::string_view> NearestKey(std::string_view key,
                                           const std::vector<std::string_view>& known_keys) {
  std::optional<std::string_view> best;
  size_t best_distance = std::max<size_t>(2, key.size() / 3) + 1;
  for (const std::string_view candidate : known_keys) {
    const size_t distance = EditDistance(key, candidate);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

TableReader::TableReader(const toml::table& table, std::string path,
                         std::initializer_list<std::string_view> known_keys,
                         Diagnostics& diagnostics)
    : table_(table), path_(std::move(path)), diagnostics_(diagnostics) {
  const std::vector<std::string_view> known(known_keys);
  for (const auto& [key, value] : table_) {
    if (std::find(known.begin(), known.end(), key.str()) != known.end()) {
      continue;
    }
    std::string message = "unknown key '" + std::string(key.str()) + "'";
    message += path_.empty() ? " at the top level" : " in [" + path_ + "]";
    if (const auto nearest = NearestKey(key.str(), known)) {
      message += ", did you mean '" + std::string(*nearest) + "'?";
    }
    diagnostics_.Add(diagnostics_.Where(key), std::move(message));
  }
}

bool TableReader::Require(std::string_view key) {
  if (Find(key) != nullptr) {
    return true;
  }
  diagnostics_.Add(where(), FieldPath(key) + ": missing required key");
  return false;
}

void TableReader::ErrorAt(std::string_view key, const toml::node& node, std::string_view message) {
  diagnostics_.Add(diagnostics_.Where(node), FieldPath(key) + ": " + std::string(message));
}

bool TableReader::ExpectType(std::string_view key, const toml::node& node, toml::node_type type,
                             std::string_view expected) {
  if (node.type() == type) {
    return true;
  }
  ErrorAt(key, node,
          "expected " + std::string(expected) + ", got " + std::string(DescribeType(node)));
  return false;
}

std::optional<std::string> TableReader::String(std::string_view key) {
  std::optional<StringItem> item = StringWithNode(key);
  if (!item) {
    return std::nullopt;
  }
  return std::move(item->value);
}

std::optional<StringItem> TableReader::StringWithNode(std::string_view key) {
  const toml::node* node = Find(key);
  if (node == nullptr || !ExpectType(key, *node, toml::node_type::string, "a string")) {
    return std::nullopt;
  }
  return StringItem{node->as_string()->get(), node};
}

std::optional<bool> TableReader::Bool(std::string_view key) {
  const toml::node* node = Find(key);
  if (node == nullptr || !ExpectType(key, *node, toml::node_type::boolean, "a boolean")) {
    return std::nullopt;
  }
  return node->as_boolean()->get();
}

std::optional<int64_t> TableReader::Integer(std::string_view key, int64_t min, int64_t max,
                                            std::string_view unit) {
  const toml::node* node = Find(key);
  if (node == nullptr || !ExpectType(key, *node, toml::node_type::integer, "an integer")) {
    return std::nullopt;
  }
  const int64_t value = node->as_integer()->get();
  if (value < min || value > max) {
    ErrorAt(key, *node,
            RangeMessage(std::to_string(min), std::to_string(max), std::to_string(value), unit));
    return std::nullopt;
  }
  return value;
}

std::optional<std::chrono::seconds> TableReader::Duration(std::string_view key,
                                                          std::chrono::seconds min,
                                                          std::chrono::seconds max) {
  const toml::node* node = Find(key);
  if (node == nullptr) {
    return std::nullopt;
  }
  std::chrono::seconds value;
  if (const auto* integer = node->as_integer()) {
    value = std::chrono::seconds(integer->get());
  } else if (const auto* text = node->as_string()) {
    Result<std::chrono::seconds> parsed = ParseDuration(text->get());
    if (!parsed.ok()) {
      ErrorAt(key, *node, parsed.status().message());
      return std::nullopt;
    }
    value = *parsed;
  } else {
    ErrorAt(key, *node,
            "expected a duration (seconds, or a string like \"15m\"), got " +
                std::string(DescribeType(*node)));
    return std::nullopt;
  }
  if (value < min || value > max) {
    ErrorAt(key, *node,
            RangeMessage(FormatDuration(min), FormatDuration(max), FormatDuration(value), ""));
    return std::nullopt;
  }
  return value;
}

const toml::table* TableReader::Table(std::string_view key) {
  const toml::node* node = Find(key);
  if (node == nullptr || !ExpectType(key, *node, toml::node_type::table, "a table")) {
    return nullptr;
  }
  return node->as_table();
}

const toml::array* TableReader::Array(std::string_view key) {
  const toml::node* node = Find(key);
  if (node == nullptr || !ExpectType(key, *node, toml::node_type::array, "an array")) {
    return nullptr;
  }
  return node->as_array();
}

std::optional<std::vector<StringItem>> TableReader::Strings(std::string_view key) {
  const toml::array* array = Array(key);
  if (array == nullptr) {
    return std::nullopt;
  }
  std::vector<StringItem> items;
  for (size_t element_idx = 0; element_idx < array->size(); ++element_idx) {
    const toml::node& element = *array->get(element_idx);
    if (const auto* text = element.as_string()) {
      items.push_back(StringItem{text->get(), &element});
    } else {
      diagnostics_.Add(diagnostics_.Where(element),
                       FieldPath(key) + "[" + std::to_string(element_idx) +
                           "]: expected a string, got " + std::string(DescribeType(element)));
    }
  }
  return items;
}

}  // namespace gloss::config
