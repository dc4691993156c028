// The schema of the user pool's tables (migrations component "auth"), in the
// portable SQL subset of docs/design/db.md. Append new migrations; never edit
// an applied one. Meaning of the tables: docs/design/auth.md ("Tables").
//
// Thread safety: the list is immutable.

#pragma once

#include <span>
#include <string_view>

#include "db/migrations.h"

namespace gloss::auth {

inline constexpr std::string_view kAuthMigrationComponent = "auth";

std::span<const db::Migration> UserStoreMigrations();

}  // namespace gloss::auth
