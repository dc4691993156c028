#include "db/internal/database_url.h"

namespace gloss::db::internal {

Result<DatabaseUrl> ParseDatabaseUrl(std::string_view url) {
  if (url.empty()) {
    return Status::InvalidArgument("empty database URL");
  }
  if (url == "sqlite::memory:") {
    return DatabaseUrl{.engine = DatabaseUrl::Engine::kSqliteMemory, .location = {}};
  }
  if (url.starts_with("postgres://") || url.starts_with("postgresql://")) {
    return DatabaseUrl{.engine = DatabaseUrl::Engine::kPostgres, .location = std::string(url)};
  }
  constexpr std::string_view kSqliteFilePrefix = "sqlite://";
  if (url.starts_with(kSqliteFilePrefix)) {
    // `sqlite:///abs/path`: an empty authority, then an absolute path.
    const std::string_view path = url.substr(kSqliteFilePrefix.size());
    if (path.size() < 2 || path.front() != '/') {
      return Status::InvalidArgument("expected sqlite:///absolute/path, got '" + std::string(url) +
                                     "'");
    }
    return DatabaseUrl{.engine = DatabaseUrl::Engine::kSqliteFile, .location = std::string(path)};
  }
  if (url.starts_with("sqlite:") || url.find("://") != std::string_view::npos) {
    return Status::InvalidArgument("unsupported database URL '" + std::string(url) + "'");
  }
  return DatabaseUrl{.engine = DatabaseUrl::Engine::kSqliteFile, .location = std::string(url)};
}

}  // namespace gloss::db::internal
