// TableReader reads the fields of one TOML table of backend.toml with type
// and range checks, recording every problem in a Diagnostics instead of
// stopping at the first. It reports keys the table may not hold when it is
// constructed ("unknown key 'foo' in [queues.evaluation], did you mean
// 'queueName'?").
//
// Getters return nullopt/null both when the key is absent and when its value
// is invalid (then an error has been recorded); callers keep the default.
//
// Internal to config/. Thread safety: none; borrows the table and the
// Diagnostics, which must outlive it.

#pragma once

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "config/internal/diagnostics.h"
#include "core/backend_spec.h"

namespace gloss::config {

// "a string", "an integer", "a table", ... for "expected X, got Y".
std::string_view DescribeType(const toml::node& node);

// Appends `key` to a dotted path, quoting it when it is not a bare TOML key.
std::string JoinPath(std::string_view path, std::string_view key);

// Returns the known key closest to `key` when it is a plausible typo.
std::optional<std::string_view> NearestKey(std::string_view key,
                                           const std::vector<std::string_view>& known_keys);

// A string in a TOML array or table, with its node for positions.
struct StringItem {
  std::string value;
  const toml::node* node = nullptr;
};

class TableReader {
 public:
  // `path` names the table in messages ("queues.evaluation"; "" for the root).
  TableReader(const toml::table& table, std::string path,
              std::initializer_list<std::string_view> known_keys, Diagnostics& diagnostics);

  const toml::table& table() const { return table_; }
  const std::string& path() const { return path_; }
  SourceLocation where() const { return diagnostics_.Where(table_); }
  Diagnostics& diagnostics() { return diagnostics_; }
  std::string FieldPath(std::string_view key) const { return JoinPath(path_, key); }

  // Returns the node under `key`, or null when it is absent.
  const toml::node* Find(std::string_view key) const { return table_.get(key); }

  // Records "missing required key" at the table when `key` is absent.
  bool Require(std::string_view key);

  // Records `message` as "PATH.KEY: message" at the value of `key`.
  void ErrorAt(std::string_view key, const toml::node& node, std::string_view message);

  std::optional<std::string> String(std::string_view key);
  std::optional<StringItem> StringWithNode(std::string_view key);
  std::optional<bool> Bool(std::string_view key);
  // `unit` is appended to the range in messages ("between 1 and 900 seconds").
  std::optional<int64_t> Integer(std::string_view key, int64_t min, int64_t max,
                                 std::string_view unit = "");
  // An integer number of seconds or a duration string (config/durations.h).
  std::optional<std::chrono::seconds> Duration(std::string_view key, std::chrono::seconds min,
                                               std::chrono::seconds max);
  const toml::table* Table(std::string_view key);
  const toml::array* Array(std::string_view key);
  // An array of strings; elements of another type are reported and skipped.
  std::optional<std::vector<StringItem>> Strings(std::string_view key);

 private:
  // Records "expected EXPECTED, got TYPE" unless `node` has `type`.
  bool ExpectType(std::string_view key, const toml::node& node, toml::node_type type,
                  std::string_view expected);

  const toml::table& table_;
  std::string path_;
  Diagnostics& diagnostics_;
};

}  // namespace gloss::config
