#include "db/internal/sqlite_status.h"

#include <string>

#include <sqlite3.h>

namespace gloss::db::internal {

Status StatusFromSqliteCode(int extended_code, std::string_view message) {
  switch (extended_code) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
    case SQLITE_CONSTRAINT_ROWID: return Status::AlreadyExists(message);
    default: break;
  }
  switch (extended_code & 0xff) {  // The primary code.
    case SQLITE_CONSTRAINT: return Status::FailedPrecondition(message);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_PROTOCOL:
    case SQLITE_NOMEM:
    case SQLITE_INTERRUPT:
    case SQLITE_ABORT: return Status::Unavailable(message);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return Status::Corruption(message);
    case SQLITE_TOOBIG: return Status::PayloadTooLarge(message);
    case SQLITE_READONLY:
      // Plain SQLITE_READONLY is a write on a query_only connection, i.e. in
      // a read transaction: our bug. The extended codes are about the file
      // (moved, unlockable, directory read-only): the environment's problem.
      return extended_code == SQLITE_READONLY ? Status::Internal(message)
                                              : Status::Unavailable(message);
    default:
      // SQLITE_ERROR (syntax, no such table), MISUSE, RANGE, MISMATCH, ...
      return Status::Internal(message);
  }
}

Status SqliteStatus(sqlite3* db, int rc, std::string_view sql) {
  // Connections are opened with extended result codes on, so `rc` is one.
  const int extended_code = rc;
  std::string message = "sqlite: ";
  message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  message += " (";
  message += sqlite3_errstr(extended_code);
  message += ")";
  Status status = StatusFromSqliteCode(extended_code, message);
  if (status.code() == StatusCode::kInternal && !sql.empty()) {
    status = status.WithContext("in `" + std::string(sql) + "`");
  }
  return status;
}

}  // namespace gloss::db::internal
