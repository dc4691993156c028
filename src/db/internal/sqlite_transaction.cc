#include "db/internal/sqlite_transaction.h"

#include <string>
#include <utility>

#include "core/assert.h"
#include "core/thread_role.h"

namespace gloss::db::internal {

SqliteTransaction::SqliteTransaction(TransactionKind kind, SqliteConnectionPool::Lease lease)
    : Transaction(kind), lease_(std::move(lease)) {}

SqliteTransaction::~SqliteTransaction() {
  GLOSS_DCHECK(!OnIoThread());  // The rollback blocks.
}

Status SqliteTransaction::CheckUsable() const {
  if (!lease_.has_value()) {
    return Status::Internal("the transaction has already ended");
  }
  if (!abort_reason_.ok()) {
    return Status::Internal("the transaction was aborted by a failed statement: " +
                            abort_reason_.ToString());
  }
  return Status::Ok();
}

Status SqliteTransaction::Observe(Status status) {
  if (!status.ok()) {
    abort_reason_ = status;
    return status;
  }
  if (!(*lease_)->InTransaction()) {
    abort_reason_ = Status::Internal("a statement ended the transaction; use Commit()");
    return abort_reason_;
  }
  return Status::Ok();
}

Result<ExecResult> SqliteTransaction::DoExecute(std::string_view sql, const Params& params) {
  RETURN_IF_ERROR(CheckUsable());
  Result<ExecResult> result = (*lease_)->Execute(sql, params);
  RETURN_IF_ERROR(Observe(result.status()));
  return result;
}

Result<Rows> SqliteTransaction::DoQuery(std::string_view sql, const Params& params) {
  RETURN_IF_ERROR(CheckUsable());
  Result<Rows> rows = (*lease_)->Query(sql, params);
  RETURN_IF_ERROR(Observe(rows.status()));
  return rows;
}

Status SqliteTransaction::DoExecuteScript(std::string_view sql) {
  RETURN_IF_ERROR(CheckUsable());
  return Observe((*lease_)->ExecuteScript(sql));
}

Status SqliteTransaction::DoCommit() {
  RETURN_IF_ERROR(CheckUsable());
  const Status status = (*lease_)->Commit();
  // Ends the transaction either way; after a failed COMMIT, returning the
  // lease rolls back what is left.
  lease_.reset();
  return status;
}

}  // namespace gloss::db::internal
