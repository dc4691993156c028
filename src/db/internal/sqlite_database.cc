#include "db/internal/sqlite_database.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <utility>

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include "db/internal/sqlite_transaction.h"

namespace gloss::db::internal {
namespace {

// Creates the database file with mode 0600 unless it exists, because SQLite
// would create it 0644 (less the umask) and it holds users' data. SQLite gives
// the -wal and -shm files the database file's mode.
Status CreateFileIfMissing(const std::string& path) {
  std::filesystem::path directory = std::filesystem::path(path).parent_path();
  if (directory.empty()) {
    directory = ".";
  }
  std::error_code error;
  if (!std::filesystem::is_directory(directory, error)) {
    return Status::NotFound("directory '" + directory.string() +
                            "' for the database does not exist");
  }
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Status::Unavailable("cannot open database file '" + path + "': " + std::strerror(errno));
  }
  ::close(fd);
  return Status::Ok();
}

// Reports when an autocommit statement left a transaction open (a stray
// BEGIN): returning the lease rolls it back, so its writes would vanish.
Status CheckNoTransactionLeftOpen(const SqliteConnection& connection, std::string_view sql) {
  if (connection.InTransaction()) {
    return Status::Internal("statement began a transaction; use Database::Begin(): `" +
                            std::string(sql) + "`");
  }
  return Status::Ok();
}

}  // namespace

SqliteDatabase::SqliteDatabase(std::unique_ptr<SqliteConnectionPool> writer,
                               std::unique_ptr<SqliteConnectionPool> readers)
    : writer_(std::move(writer)), readers_(std::move(readers)) {}

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::Open(const DatabaseUrl& url,
                                                             const DatabaseOptions& options) {
  if (sqlite3_threadsafe() == 0) {
    return Status::Internal("libsqlite3 was built without thread support");
  }
  const bool in_memory = url.engine == DatabaseUrl::Engine::kSqliteMemory;
  SqliteConnection::Options connection_options{
      .path = in_memory ? ":memory:" : url.location,
      .role = SqliteConnection::Role::kWriter,
      .durability = options.durability,
      .busy_timeout = options.busy_timeout,
  };
  if (!in_memory) {
    RETURN_IF_ERROR(CreateFileIfMissing(connection_options.path));
  }
  auto writer = std::make_unique<SqliteConnectionPool>(connection_options, 1, options.busy_timeout);
  // Opens the write connection now, which switches the file to WAL before any
  // reader connects and reports a bad file at open rather than at first use.
  RETURN_IF_ERROR(writer->Acquire().status());

  std::unique_ptr<SqliteConnectionPool> readers;
  if (!in_memory) {
    connection_options.role = SqliteConnection::Role::kReader;
    readers = std::make_unique<SqliteConnectionPool>(
        connection_options, static_cast<size_t>(options.max_readers), options.busy_timeout);
  }
  return std::unique_ptr<SqliteDatabase>(new SqliteDatabase(std::move(writer), std::move(readers)));
}

Result<ExecResult> SqliteDatabase::DoExecute(std::string_view sql, const Params& params) {
  ASSIGN_OR_RETURN(SqliteConnectionPool::Lease writer, writer_->Acquire());
  ASSIGN_OR_RETURN(ExecResult result, writer->Execute(sql, params));
  RETURN_IF_ERROR(CheckNoTransactionLeftOpen(*writer, sql));
  return result;
}

Result<Rows> SqliteDatabase::DoQuery(std::string_view sql, const Params& params) {
  if (readers_ != nullptr) {
    ASSIGN_OR_RETURN(SqliteConnectionPool::Lease reader, readers_->Acquire());
    ASSIGN_OR_RETURN(const bool read_only, reader->IsReadOnly(sql));
    if (read_only) {
      return reader->Query(sql, params);
    }
    // `INSERT ... RETURNING` and the like: on to the writer.
  }
  ASSIGN_OR_RETURN(SqliteConnectionPool::Lease writer, writer_->Acquire());
  ASSIGN_OR_RETURN(Rows rows, writer->Query(sql, params));
  RETURN_IF_ERROR(CheckNoTransactionLeftOpen(*writer, sql));
  return rows;
}

Status SqliteDatabase::DoExecuteScript(std::string_view sql) {
  ASSIGN_OR_RETURN(SqliteConnectionPool::Lease writer, writer_->Acquire());
  RETURN_IF_ERROR(writer->ExecuteScript(sql));
  return CheckNoTransactionLeftOpen(*writer, sql);
}

Result<TransactionPtr> SqliteDatabase::DoBegin(TransactionKind kind) {
  SqliteConnectionPool& pool = kind == TransactionKind::kWrite ? *writer_ : ReaderPool();
  ASSIGN_OR_RETURN(SqliteConnectionPool::Lease lease, pool.Acquire());
  RETURN_IF_ERROR(lease->Begin(kind));
  return TransactionPtr(std::make_unique<SqliteTransaction>(kind, std::move(lease)));
}

}  // namespace gloss::db::internal
