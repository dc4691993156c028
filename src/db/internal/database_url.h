// Parses the database URL of DatabaseOptions (db/database.h) into the engine
// and its location. Paths are taken literally: no percent-decoding, no query
// parameters.
//
// Thread safety: a pure function.

#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace gloss::db::internal {

struct DatabaseUrl {
  enum class Engine { kSqliteFile, kSqliteMemory, kPostgres };

  Engine engine = Engine::kSqliteFile;
  // kSqliteFile: the file path; kPostgres: the whole URL; kSqliteMemory: empty.
  std::string location;
};

// Accepts `sqlite:///abs/path`, `sqlite::memory:`, `postgres://...`,
// `postgresql://...`, and a plain path without a scheme.
// Errors: kInvalidArgument for an empty URL, another scheme, or `sqlite:`
// followed by anything but `///path` or `:memory:`.
Result<DatabaseUrl> ParseDatabaseUrl(std::string_view url);

}  // namespace gloss::db::internal
