#include "config/internal/app_files.h"

#include <string>
#include <system_error>

namespace gloss::config {
namespace {

enum class EntryKind { kFile, kFolder };

Result<std::filesystem::path> ResolveAppEntry(const std::filesystem::path& app_dir,
                                              std::string_view relative, EntryKind kind) {
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
  std::filesystem::path full = (app_dir / path).lexically_normal();
  if (kind == EntryKind::kFolder && !full.has_filename()) {
    full = full.parent_path();  // "layers/sharp/" names the same folder as "layers/sharp".
  }
  std::error_code error;
  if (kind == EntryKind::kFile && !std::filesystem::is_regular_file(full, error)) {
    return Status::InvalidArgument(quoted + " is not a file in " + app_dir.string());
  }
  if (kind == EntryKind::kFolder && !std::filesystem::is_directory(full, error)) {
    return Status::InvalidArgument(quoted + " is not a folder in " + app_dir.string());
  }
  // A symlink may still point outside the app folder.
  std::error_code app_error;
  const std::filesystem::path real_entry = std::filesystem::canonical(full, error);
  const std::filesystem::path real_app = std::filesystem::canonical(app_dir, app_error);
  if (error || app_error) {
    return Status::InvalidArgument(quoted +
                                   " cannot be resolved: " + (error ? error : app_error).message());
  }
  const std::filesystem::path inside = real_entry.lexically_relative(real_app);
  if (inside.empty() || *inside.begin() == "..") {
    return Status::InvalidArgument(quoted + " leads outside the app folder");
  }
  return full;
}

}  // namespace

Result<std::filesystem::path> ResolveAppFile(const std::filesystem::path& app_dir,
                                             std::string_view relative) {
  return ResolveAppEntry(app_dir, relative, EntryKind::kFile);
}

Result<std::filesystem::path> ResolveAppFolder(const std::filesystem::path& app_dir,
                                               std::string_view relative) {
  return ResolveAppEntry(app_dir, relative, EntryKind::kFolder);
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
