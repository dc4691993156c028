// SqliteTransaction is a db::Transaction on a leased SqliteConnection. It
// makes SQLite behave like PostgreSQL where services could notice: after any
// failed statement the transaction is aborted, and only rolling back is left.
//
// Thread safety: like db::Transaction, one thread at a time.

#pragma once

#include <optional>

#include "db/database.h"
#include "db/internal/sqlite_connection_pool.h"

namespace gloss::db::internal {

class SqliteTransaction final : public Transaction {
 public:
  // `lease` holds a connection on which Begin(kind) has succeeded.
  SqliteTransaction(TransactionKind kind, SqliteConnectionPool::Lease lease);
  // Rolls back unless committed (returning the lease resets the connection).
  ~SqliteTransaction() override;

 protected:
  Result<ExecResult> DoExecute(std::string_view sql, const Params& params) override;
  Result<Rows> DoQuery(std::string_view sql, const Params& params) override;
  Status DoExecuteScript(std::string_view sql) override;
  Status DoCommit() override;

 private:
  // kInternal if the transaction has ended or been aborted.
  Status CheckUsable() const;
  // Records a failed statement, or one that ended the transaction itself
  // (a stray COMMIT), as the abort reason. Returns `status` or that reason.
  Status Observe(Status status);

  std::optional<SqliteConnectionPool::Lease> lease_;  // Empty once ended.
  Status abort_reason_;                               // OK unless a statement failed.
};

}  // namespace gloss::db::internal
