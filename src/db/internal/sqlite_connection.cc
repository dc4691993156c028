#include "db/internal/sqlite_connection.h"

#include <climits>
#include <string>
#include <utility>
#include <vector>

#include <sqlite3.h>

#include "core/assert.h"
#include "db/internal/sqlite_status.h"

namespace gloss::db::internal {
namespace {

// Enough for every statement a service runs in its steady state.
constexpr size_t kStatementCacheCapacity = 128;
// PRAGMA cache_size in KiB when negative: 8 MiB of page cache per connection.
constexpr std::string_view kCacheSizePragma = "PRAGMA cache_size = -8192";

// Resets a statement and drops its bindings when a run ends, however it ends.
// A statement left un-reset would keep its read snapshot open.
class StatementRun {
 public:
  explicit StatementRun(sqlite3_stmt* statement) : statement_(statement) {}
  ~StatementRun() {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
  }
  StatementRun(const StatementRun&) = delete;
  StatementRun& operator=(const StatementRun&) = delete;

 private:
  sqlite3_stmt* statement_;
};

Status BindOne(sqlite3_stmt* statement, int index, const Value& value) {
  // SQLITE_STATIC: the Params outlive the run, and StatementRun clears the
  // bindings before they go away.
  struct Binder {
    sqlite3_stmt* statement;
    int index;
    int operator()(std::monostate) const { return sqlite3_bind_null(statement, index); }
    int operator()(int64_t value) const { return sqlite3_bind_int64(statement, index, value); }
    int operator()(double value) const { return sqlite3_bind_double(statement, index, value); }
    int operator()(const std::string& text) const {
      return sqlite3_bind_text64(statement, index, text.data(), text.size(), SQLITE_STATIC,
                                 SQLITE_UTF8);
    }
    int operator()(const Blob& blob) const {
      // data() is never null, so an empty blob binds as an empty blob, not NULL.
      return sqlite3_bind_blob64(statement, index, blob.bytes.data(), blob.bytes.size(),
                                 SQLITE_STATIC);
    }
  };
  const int rc = std::visit(Binder{statement, index}, value.rep());
  if (rc != SQLITE_OK) {
    return SqliteStatus(sqlite3_db_handle(statement), rc, sqlite3_sql(statement));
  }
  return Status::Ok();
}

Value ReadColumn(sqlite3_stmt* statement, int column) {
  switch (sqlite3_column_type(statement, column)) {
    case SQLITE_INTEGER:
      return Value(static_cast<int64_t>(sqlite3_column_int64(statement, column)));
    case SQLITE_FLOAT: return Value(sqlite3_column_double(statement, column));
    case SQLITE_TEXT: {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
      const int size = sqlite3_column_bytes(statement, column);
      // Null with a size only when SQLite ran out of memory; we crash on OOM.
      GLOSS_CHECK(text != nullptr || size == 0);
      return Value(std::string(text == nullptr ? "" : text, static_cast<size_t>(size)));
    }
    case SQLITE_BLOB: {
      const auto* bytes = static_cast<const char*>(sqlite3_column_blob(statement, column));
      const int size = sqlite3_column_bytes(statement, column);
      GLOSS_CHECK(bytes != nullptr || size == 0);  // As for text.
      return Value(Blob{std::string(bytes == nullptr ? "" : bytes, static_cast<size_t>(size))});
    }
    default: return Value();
  }
}

bool IsBlank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n;") == std::string_view::npos;
}

Status CheckLength(std::string_view sql) {
  if (sql.size() > static_cast<size_t>(INT_MAX)) {
    return Status::Internal("SQL text too long");
  }
  return Status::Ok();
}

}  // namespace

void SqliteConnection::Closer::operator()(sqlite3* db) const { sqlite3_close_v2(db); }

SqliteConnection::SqliteConnection(std::unique_ptr<sqlite3, Closer> db, Role role)
    : db_(std::move(db)), cache_(kStatementCacheCapacity), role_(role) {}

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(const Options& options) {
  constexpr int kFlags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE |
                         SQLITE_OPEN_PRIVATECACHE;
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(options.path.c_str(), &raw, kFlags, nullptr);
  // sqlite3_open_v2 returns a handle even on failure; it carries the message.
  std::unique_ptr<sqlite3, Closer> db(raw);
  if (rc != SQLITE_OK) {
    return SqliteStatus(db.get(), rc, {}).WithContext("open " + options.path);
  }
  sqlite3_extended_result_codes(db.get(), 1);
  std::unique_ptr<SqliteConnection> connection(new SqliteConnection(std::move(db), options.role));
  RETURN_IF_ERROR(connection->Configure(options).WithContext("open " + options.path));
  return connection;
}

Status SqliteConnection::Configure(const Options& options) {
  sqlite3_busy_timeout(db_.get(), static_cast<int>(options.busy_timeout.count()));
  const bool in_memory = options.path == ":memory:";
  if (role_ == Role::kWriter && !in_memory) {
    // Reading the journal mode is also the first read of the file, so a file
    // that is not a database fails here with kCorruption.
    ASSIGN_OR_RETURN(const Rows rows, Query("PRAGMA journal_mode = WAL", {}));
    Result<std::string> mode =
        rows.size() == 1 ? rows[0].Get<std::string>(0) : Status::Internal("no journal_mode row");
    if (!mode.ok() || *mode != "wal") {
      return Status::Unavailable("cannot switch the database to WAL mode");
    }
    if (sqlite3_db_readonly(db_.get(), "main") == 1) {
      return Status::Unavailable("the database file is read-only");
    }
  }
  RETURN_IF_ERROR(ExecuteScript(options.durability == Durability::kFull
                                    ? "PRAGMA synchronous = FULL"
                                    : "PRAGMA synchronous = NORMAL"));
  RETURN_IF_ERROR(ExecuteScript("PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY"));
  RETURN_IF_ERROR(ExecuteScript(kCacheSizePragma));
  if (role_ == Role::kReader) {
    RETURN_IF_ERROR(ExecuteScript("PRAGMA query_only = ON"));
  }
  return Status::Ok();
}

Result<sqlite3_stmt*> SqliteConnection::Prepare(std::string_view sql) {
  if (sqlite3_stmt* cached = cache_.Find(sql)) {
    return cached;
  }
  RETURN_IF_ERROR(CheckLength(sql));
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  const int rc = sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &raw, &tail);
  StatementPtr statement(raw);
  if (rc != SQLITE_OK) {
    return SqliteStatus(db_.get(), rc, sql);
  }
  if (statement == nullptr) {
    return Status::Internal("no SQL statement in `" + std::string(sql) + "`");
  }
  const std::string_view rest = sql.substr(static_cast<size_t>(tail - sql.data()));
  if (!IsBlank(rest)) {
    // Comments are the one harmless remainder; anything SQLite would prepare
    // is a second statement.
    sqlite3_stmt* second = nullptr;
    sqlite3_prepare_v2(db_.get(), rest.data(), static_cast<int>(rest.size()), &second, nullptr);
    const StatementPtr second_statement(second);
    if (second_statement != nullptr) {
      return Status::Internal("more than one statement (use ExecuteScript) in `" +
                              std::string(sql) + "`");
    }
  }
  return cache_.Insert(sql, std::move(statement));
}

Status SqliteConnection::Bind(sqlite3_stmt* statement, std::string_view sql, const Params& params) {
  const int expected = sqlite3_bind_parameter_count(statement);
  if (static_cast<size_t>(expected) != params.size()) {
    return Status::Internal("statement has " + std::to_string(expected) + " placeholders, got " +
                            std::to_string(params.size()) + " parameters: `" + std::string(sql) +
                            "`");
  }
  for (size_t param_idx = 0; param_idx < params.size(); ++param_idx) {
    RETURN_IF_ERROR(BindOne(statement, static_cast<int>(param_idx) + 1, params[param_idx]));
  }
  return Status::Ok();
}

Result<ExecResult> SqliteConnection::Execute(std::string_view sql, const Params& params) {
  ASSIGN_OR_RETURN(sqlite3_stmt * statement, Prepare(sql));
  const StatementRun run(statement);
  RETURN_IF_ERROR(Bind(statement, sql, params));
  // Zeroed so that a non-zero value afterwards is this statement's insert.
  sqlite3_set_last_insert_rowid(db_.get(), 0);
  const int64_t total_changes_before = sqlite3_total_changes64(db_.get());
  int rc = SQLITE_ROW;
  while (rc == SQLITE_ROW) {
    rc = sqlite3_step(statement);
  }
  if (rc != SQLITE_DONE) {
    return SqliteStatus(db_.get(), rc, sql);
  }
  ExecResult result;
  // sqlite3_changes() keeps the count of the last INSERT/UPDATE/DELETE, even
  // after a statement of another kind; the total tells whether this one
  // changed anything.
  if (sqlite3_total_changes64(db_.get()) != total_changes_before) {
    result.rows_affected = sqlite3_changes64(db_.get());
  }
  if (const int64_t rowid = sqlite3_last_insert_rowid(db_.get()); rowid != 0) {
    result.last_insert_id = rowid;
  }
  return result;
}

Result<Rows> SqliteConnection::Query(std::string_view sql, const Params& params) {
  ASSIGN_OR_RETURN(sqlite3_stmt * statement, Prepare(sql));
  const StatementRun run(statement);
  RETURN_IF_ERROR(Bind(statement, sql, params));
  const int column_count = sqlite3_column_count(statement);
  auto names = std::make_shared<std::vector<std::string>>();
  names->reserve(static_cast<size_t>(column_count));
  for (int column_idx = 0; column_idx < column_count; ++column_idx) {
    const char* name = sqlite3_column_name(statement, column_idx);
    GLOSS_CHECK(name != nullptr);  // Null only when out of memory.
    names->emplace_back(name);
  }
  const std::shared_ptr<const std::vector<std::string>> column_names = std::move(names);
  Rows rows;
  int rc = SQLITE_OK;
  while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
    std::vector<Value> values;
    values.reserve(static_cast<size_t>(column_count));
    for (int column_idx = 0; column_idx < column_count; ++column_idx) {
      values.push_back(ReadColumn(statement, column_idx));
    }
    rows.emplace_back(column_names, std::move(values));
  }
  if (rc != SQLITE_DONE) {
    return SqliteStatus(db_.get(), rc, sql);
  }
  return rows;
}

Status SqliteConnection::ExecuteScript(std::string_view sql) {
  RETURN_IF_ERROR(CheckLength(sql));
  std::string_view rest = sql;
  while (!IsBlank(rest)) {
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v2(db_.get(), rest.data(), static_cast<int>(rest.size()), &raw, &tail);
    const StatementPtr statement(raw);
    if (rc != SQLITE_OK) {
      return SqliteStatus(db_.get(), rc, rest);
    }
    const std::string_view current = rest.substr(0, static_cast<size_t>(tail - rest.data()));
    rest.remove_prefix(current.size());
    if (statement == nullptr) {
      break;  // Only comments were left.
    }
    while ((rc = sqlite3_step(statement.get())) == SQLITE_ROW) {
    }
    if (rc != SQLITE_DONE) {
      return SqliteStatus(db_.get(), rc, current);
    }
  }
  return Status::Ok();
}

Result<bool> SqliteConnection::IsReadOnly(std::string_view sql) {
  ASSIGN_OR_RETURN(sqlite3_stmt * statement, Prepare(sql));
  return sqlite3_stmt_readonly(statement) != 0;
}

Status SqliteConnection::Begin(TransactionKind kind) {
  GLOSS_DCHECK(!InTransaction());  // The pool hands out reset connections.
  if (kind == TransactionKind::kWrite) {
    return Execute("BEGIN IMMEDIATE", {}).status();
  }
  if (role_ == Role::kWriter) {
    RETURN_IF_ERROR(Execute("PRAGMA query_only = ON", {}).status());
    query_only_for_transaction_ = true;
  }
  return Execute("BEGIN DEFERRED", {}).status();
}

Status SqliteConnection::Commit() {
  RETURN_IF_ERROR(Execute("COMMIT", {}).status());
  return EndReadOnlyTransactionMode();
}

bool SqliteConnection::InTransaction() const { return sqlite3_get_autocommit(db_.get()) == 0; }

Status SqliteConnection::Reset() {
  if (InTransaction()) {
    RETURN_IF_ERROR(Execute("ROLLBACK", {}).status());
  }
  return EndReadOnlyTransactionMode();
}

Status SqliteConnection::EndReadOnlyTransactionMode() {
  if (!query_only_for_transaction_) {
    return Status::Ok();
  }
  RETURN_IF_ERROR(Execute("PRAGMA query_only = OFF", {}).status());
  query_only_for_transaction_ = false;
  return Status::Ok();
}

}  // namespace gloss::db::internal
