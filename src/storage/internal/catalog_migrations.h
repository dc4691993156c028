// The schema of storage/'s tables (migrations component "storage"), in the
// portable SQL subset of docs/design/db.md. Append new migrations; never edit
// an applied one. Meaning of the tables: docs/design/storage.md ("Data model").
//
// Thread safety: the list is immutable; MigrateCatalog may run concurrently.

#pragma once

#include <span>
#include <string_view>

#include "core/status.h"
#include "db/migrations.h"

namespace gloss::db {
class Database;
}  // namespace gloss::db

namespace gloss::storage::internal {

inline constexpr std::string_view kStorageMigrationComponent = "storage";

std::span<const db::Migration> StorageMigrations();

// Migrate(database, "storage", StorageMigrations()).
Status MigrateCatalog(db::Database& database);

}  // namespace gloss::storage::internal
