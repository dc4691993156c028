// SqliteDatabase is the embedded engine behind db::Database: one SQLite file
// in WAL mode, one write connection (write transactions and autocommit writes
// queue for it) and up to max_readers query_only connections that read beside
// the writer. An in-memory database has a single connection for everything.
//
// Thread safety: as db::Database, any number of threads.

#pragma once

#include <memory>
#include <string_view>

#include "db/database.h"
#include "db/internal/database_url.h"
#include "db/internal/sqlite_connection_pool.h"

namespace gloss::db::internal {

class SqliteDatabase final : public Database {
 public:
  // `url` is a kSqliteFile or kSqliteMemory URL. Creates the file with mode
  // 0600 if missing. Errors: as db::OpenDatabase.
  static Result<std::unique_ptr<SqliteDatabase>> Open(const DatabaseUrl& url,
                                                      const DatabaseOptions& options);

  Dialect dialect() const override { return Dialect::kSqlite; }

 protected:
  Result<ExecResult> DoExecute(std::string_view sql, const Params& params) override;
  Result<Rows> DoQuery(std::string_view sql, const Params& params) override;
  Status DoExecuteScript(std::string_view sql) override;
  Result<TransactionPtr> DoBegin(TransactionKind kind) override;

 private:
  SqliteDatabase(std::unique_ptr<SqliteConnectionPool> writer,
                 std::unique_ptr<SqliteConnectionPool> readers);

  SqliteConnectionPool& ReaderPool() { return readers_ != nullptr ? *readers_ : *writer_; }

  std::unique_ptr<SqliteConnectionPool> writer_;   // Capacity 1.
  std::unique_ptr<SqliteConnectionPool> readers_;  // Null for in-memory: reads use writer_.
};

}  // namespace gloss::db::internal
