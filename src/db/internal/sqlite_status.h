// Turns SQLite result codes into gloss::Status (docs/design/db.md, "Error
// mapping"). The only place that decides what an SQLite failure means.
//
// Thread safety: SqliteStatus reads the connection's last error, so call it on
// the thread using `db`, right after the failing call.

#pragma once

#include <string_view>

#include "core/status.h"

struct sqlite3;

namespace gloss::db::internal {

// Maps an extended result code; `message` becomes the Status message.
Status StatusFromSqliteCode(int extended_code, std::string_view message);

// The Status for call on `db` that returned `rc`, with SQLite's error message.
// `sql` (may be empty) is added to kInternal messages, which are our bugs.
Status SqliteStatus(sqlite3* db, int rc, std::string_view sql);

}  // namespace gloss::db::internal
