// Diagnostics collects the validation errors found while loading one
// backend.toml and renders them as a single InvalidArgument Status whose
// message has one `FILE:LINE:COL: message` line per error, sorted by position.
//
// It also maps positions inside TOML string literals, so an error in a
// ${...} reference can point at the `${` rather than at the opening quote.
//
// Internal to config/. Thread safety: none; one loader owns one instance.

#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "core/backend_spec.h"
#include "core/status.h"

namespace gloss::config {

class Diagnostics {
 public:
  // At most this many errors are listed; one more line says how many were left out.
  static constexpr size_t kMaxListedErrors = 20;

  // `file` prefixes every line; `document` is the TOML text positions refer to
  // and must outlive this object.
  Diagnostics(std::string file, std::string_view document);

  const std::string& file() const { return file_; }

  SourceLocation Where(const toml::source_region& region) const;
  SourceLocation Where(const toml::node& node) const { return Where(node.source()); }
  SourceLocation Where(const toml::key& key) const { return Where(key.source()); }

  // Returns the position of byte `offset` of the decoded value of the string
  // literal that starts at `literal`. Falls back to `literal` itself when the
  // position cannot be mapped exactly (multi-line strings).
  SourceLocation WhereInString(const SourceLocation& literal, size_t offset) const;

  void Add(const SourceLocation& where, std::string message);

  bool has_errors() const { return !errors_.empty(); }

  // OK when nothing was added, otherwise InvalidArgument as described above.
  Status ToStatus() const;

 private:
  struct Error {
    SourceLocation where;
    std::string message;
  };

  std::string file_;
  std::string_view document_;
  std::vector<Error> errors_;
};

}  // namespace gloss::config
