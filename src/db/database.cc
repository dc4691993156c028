// The non-virtual half of the Database interface: the checks every engine
// shares (no I/O thread, one statement per QueryOne row), the transaction
// retry loop, and OpenDatabase's choice of engine.

#include "db/database.h"

#include <thread>

#include "core/assert.h"
#include "core/thread_role.h"
#include "db/internal/database_url.h"
#include "db/internal/sqlite_database.h"

namespace gloss::db {

Result<ExecResult> Connection::Execute(std::string_view sql, const Params& params) {
  GLOSS_DCHECK(!OnIoThread());  // Blocking call; see the header comment.
  return DoExecute(sql, params);
}

Result<Rows> Connection::Query(std::string_view sql, const Params& params) {
  GLOSS_DCHECK(!OnIoThread());  // Blocking call; see the header comment.
  return DoQuery(sql, params);
}

Result<std::optional<Row>> Connection::QueryOne(std::string_view sql, const Params& params) {
  ASSIGN_OR_RETURN(Rows rows, Query(sql, params));
  if (rows.empty()) {
    return std::optional<Row>();
  }
  if (rows.size() > 1) {
    return Status::Internal("QueryOne got " + std::to_string(rows.size()) +
                            " rows from: " + std::string(sql));
  }
  return std::optional<Row>(std::move(rows.front()));
}

Status Connection::ExecuteScript(std::string_view sql) {
  GLOSS_DCHECK(!OnIoThread());  // Blocking call; see the header comment.
  return DoExecuteScript(sql);
}

Status Transaction::Commit() {
  GLOSS_DCHECK(!OnIoThread());  // Blocking call; see the header comment.
  return DoCommit();
}

Result<TransactionPtr> Database::Begin(TransactionKind kind) {
  GLOSS_DCHECK(!OnIoThread());  // Blocking call; see the header comment.
  return DoBegin(kind);
}

Status Database::RunTransaction(TransactionKind kind,
                                const std::function<Status(Transaction&)>& body) {
  // Short pause before a retry so contenders do not collide again at once;
  // waiting for the lock itself is the busy timeout's job.
  constexpr std::chrono::milliseconds kRetryPause{5};
  Status status;
  for (int attempt = 1; attempt <= kTransactionAttempts; ++attempt) {
    if (attempt > 1) {
      std::this_thread::sleep_for(kRetryPause * (attempt - 1));
    }
    Result<TransactionPtr> transaction = Begin(kind);
    if (!transaction.ok()) {
      status = transaction.status();
    } else {
      status = body(**transaction);
      if (status.ok()) {
        status = (*transaction)->Commit();
      }
    }
    // The failed attempt rolls back here, when `transaction` goes out of scope.
    if (status.code() != StatusCode::kUnavailable) {
      return status;
    }
  }
  return status.WithContext("transaction failed " + std::to_string(kTransactionAttempts) +
                            " times");
}

Result<DatabasePtr> OpenDatabase(const DatabaseOptions& options) {
  GLOSS_DCHECK(!OnIoThread());  // Blocking call; see the header comment.
  if (options.max_readers < 1 || options.busy_timeout.count() < 0) {
    return Status::InvalidArgument("max_readers must be at least 1 and busy_timeout >= 0");
  }
  ASSIGN_OR_RETURN(const internal::DatabaseUrl url, internal::ParseDatabaseUrl(options.url));
  switch (url.engine) {
    case internal::DatabaseUrl::Engine::kSqliteFile:
    case internal::DatabaseUrl::Engine::kSqliteMemory: {
      ASSIGN_OR_RETURN(auto database, internal::SqliteDatabase::Open(url, options));
      return DatabasePtr(std::move(database));
    }
    case internal::DatabaseUrl::Engine::kPostgres:
      // The libpq engine comes later (docs/design/db.md, "PostgreSQL").
      return Status::Unimplemented("postgres:// databases are not implemented yet");
  }
  return Status::Internal("unhandled database engine");
}

}  // namespace gloss::db
