// The backend loader turns an app's backend.toml into a validated
// BackendSpec (core/backend_spec.h). It is the only code that reads TOML.
//
// It checks everything a BackendSpec promises — types, ranges, naming rules,
// unknown keys, references between sections, ${...} templates, files the
// definition names — and reports every problem it finds at once (up to
// Diagnostics::kMaxListedErrors), never just the first. It does not read the
// GraphQL schema itself (data/ does) and does not touch secrets' values.
//
// Thread safety: the functions are reentrant; they share no state.

#pragma once

#include <filesystem>
#include <string_view>

#include "core/backend_spec.h"
#include "core/result.h"

namespace gloss::config {

// Reads and validates APP_DIR/backend.toml.
//
// Errors:
//   NotFound         backend.toml does not exist.
//   Unavailable      it exists but cannot be read.
//   InvalidArgument  TOML syntax or validation errors: one line per error,
//                    "FILE:LINE:COL: message" with FILE the absolute path,
//                    sorted by position.
Result<BackendSpec> LoadBackend(const std::filesystem::path& app_dir);

// Validates `toml_text` as if it had been read from `backend_file` (used in
// messages exactly as given). Files it names (data schema, function entries)
// are looked up under `app_dir`. Errors: InvalidArgument as above.
Result<BackendSpec> ParseBackend(std::string_view toml_text,
                                 const std::filesystem::path& backend_file,
                                 const std::filesystem::path& app_dir);

}  // namespace gloss::config
