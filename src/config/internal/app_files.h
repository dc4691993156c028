// Files and folders that backend.toml names (the data schema, function
// entries, layers) are relative paths inside the app folder. This resolves and checks them.
//
// Internal to config/. Thread safety: pure functions (they read the file system).

#pragma once

#include <filesystem>
#include <string_view>

#include "core/result.h"

namespace gloss::config {

// Returns the absolute path of `relative` under `app_dir` (absolute) when it
// names an existing regular file that stays inside the app folder (no
// absolute path, no "..", no symlink out). InvalidArgument otherwise, with a
// message that reads after "FIELD: ".
Result<std::filesystem::path> ResolveAppFile(const std::filesystem::path& app_dir,
                                             std::string_view relative);

// Like ResolveAppFile, for an existing folder (the result has no trailing '/').
Result<std::filesystem::path> ResolveAppFolder(const std::filesystem::path& app_dir,
                                               std::string_view relative);

// True when someone may execute the file at `path`.
bool IsExecutable(const std::filesystem::path& path);

}  // namespace gloss::config
