#include "config/internal/app_files.h"

#include <string>
#include <system_error>

namespace gloss::config {

Result<std::filesystem::path> ResolveAppFile(const std::filesystem::path& app_dir,
                                             std::string_view relative) {
  const std::string quoted = "'" + std::string(relative) + "'";
  if (relative.empty()) {
    return Status::InvalidArgument("must not be empty");
  }
  const std::filesystem::path path(relative);
  if (path.is_absolute() || relative.front() == '/') {
    return Status::InvalidArgument(quoted + " must be relative to the app folder");
  }
  for (const std::filesystem::path& part : path) {
    if (part == "..") {
      return Status::InvalidArgument(quoted + " must not contain '..'");
    }
  }
  const std::filesystem::path full = (app_dir / path).lexically_normal();
  std::error_code error;
  if (!std::filesystem::is_regular_file(full, error)) {
    return Status::InvalidArgument(quoted + " is not a file in " + app_dir.string());
  }
  // A symlink may still point outside the app folder.
  std::error_code app_error;
  const std::filesystem::path real_file = std::filesystem::canonical(full, error);
  const std::filesystem::path real_app = std::filesystem::canonical(app_dir, app_error);
  if (error || app_error) {
    return Status::InvalidArgument(quoted +
                                   " cannot be resolved: " + (error ? error : app_error).message());
  }
  const std::filesystem::path inside = real_file.lexically_relative(real_app);
  if (inside.empty() || *inside.begin() == "..") {
    return Status::InvalidArgument(quoted + " leads outside the app folder");
  }
  return full;
}

bool IsExecutable(const std::filesystem::path& path) {
  std::error_code error;
  const std::filesystem::perms permissions = std::filesystem::status(path, error).permissions();
  if (error) {
    return false;
  }
  using std::filesystem::perms;
  return (permissions & (perms::owner_exec | perms::group_exec | perms::others_exec)) !=
         perms::none;
}

}  // namespace gloss::config
