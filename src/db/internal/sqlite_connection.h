// SqliteConnection is one sqlite3 handle set up the Gloss way: WAL journal,
// the promised `synchronous` level, foreign keys on, a busy timeout, extended
// result codes, and a cache of prepared statements. It runs statements with
// Values bound to their `?` placeholders and maps failures to Status.
//
// It is not the public Connection: SqliteDatabase and SqliteTransaction adapt
// it. Pool connections are leased whole; nothing here knows about pooling.
//
// Thread safety: none. The handle is opened SQLITE_OPEN_NOMUTEX, so one thread
// at a time may use it; SqliteConnectionPool guarantees that by leasing it out.

#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "db/database.h"
#include "db/internal/sqlite_statement_cache.h"

struct sqlite3;

namespace gloss::db::internal {

class SqliteConnection {
 public:
  enum class Role {
    // Takes part in write transactions; on a file, also switches it to WAL.
    kWriter,
    // Opened `query_only`: any write fails, which catches writes in read
    // transactions.
    kReader,
  };

  struct Options {
    std::string path;  // ":memory:" for a private in-memory database.
    Role role = Role::kWriter;
    Durability durability = Durability::kFull;
    std::chrono::milliseconds busy_timeout{5000};
  };

  // Opens the database file, which must already exist (SqliteDatabase creates
  // it with the right mode). Errors: kCorruption if it is not a database;
  // kUnavailable if it cannot be opened, is read-only, or WAL cannot be set.
  static Result<std::unique_ptr<SqliteConnection>> Open(const Options& options);

  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  // Run one statement (prepared once, then cached) or several (not cached);
  // see db::Connection for behaviour and errors.
  Result<ExecResult> Execute(std::string_view sql, const Params& params);
  Result<Rows> Query(std::string_view sql, const Params& params);
  Status ExecuteScript(std::string_view sql);

  // Whether `sql` (one statement) only reads. Prepares and caches it.
  Result<bool> IsReadOnly(std::string_view sql);

  // Transaction control for SqliteTransaction: kWrite is BEGIN IMMEDIATE;
  // kRead is BEGIN DEFERRED, made query_only for its duration on a kWriter
  // connection (the only connection of an in-memory database).
  Status Begin(TransactionKind kind);
  Status Commit();
  bool InTransaction() const;

  // Rolls back an open transaction and undoes Begin's settings, so the next
  // user gets the connection as it was opened. On error the connection is in
  // an unknown state and must be closed.
  Status Reset();

 private:
  struct Closer {
    void operator()(sqlite3* db) const;
  };

  SqliteConnection(std::unique_ptr<sqlite3, Closer> db, Role role);

  Status Configure(const Options& options);
  // Returns the cached or newly prepared statement for `sql`, which must hold
  // exactly one statement.
  Result<sqlite3_stmt*> Prepare(std::string_view sql);
  Status Bind(sqlite3_stmt* statement, std::string_view sql, const Params& params);
  Status EndReadOnlyTransactionMode();

  // Declared before cache_ so the statements are finalized before the close.
  std::unique_ptr<sqlite3, Closer> db_;
  SqliteStatementCache cache_;
  Role role_;
  // True while a kRead transaction has switched a kWriter to query_only.
  bool query_only_for_transaction_ = false;
};

}  // namespace gloss::db::internal
