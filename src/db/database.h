// The storage-engine seam. Services keep their state in a Database and write
// their SQL against this header only; the engine behind it is SQLite (embedded,
// db/internal/) or, later, PostgreSQL (scale-out). docs/design/db.md lists the
// portable SQL subset services must stay within and the dialect hooks.
//
// What it is not: an ORM or query builder. Statements are SQL text with `?`
// placeholders bound to Values; rows come back as Values with typed accessors.
//
// Every call blocks on the database. Call it from the BlockingPool
// (core/blocking_pool.h), never from an I/O thread; debug builds check this.
//
// Thread safety: a Database may be used from any number of threads at once.
// A Transaction is used by one thread at a time (it may move between threads
// between calls). Value and Row are plain values, like std::string.

#pragma once

#include <chrono>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "core/result.h"
#include "core/status.h"

namespace gloss::db {

enum class Dialect { kSqlite, kPostgres };

// Bytes, kept apart from text so a BLOB/BYTEA column is never read as TEXT.
// Embedded NULs are fine.
struct Blob {
  std::string bytes;
  friend bool operator==(const Blob&, const Blob&) = default;
};

// The C++ types a column can be read as: the four scalar types, or
// std::optional of one of them when the column may be NULL.
template <typename T>
concept ColumnScalar = std::same_as<T, int64_t> || std::same_as<T, double> ||
    std::same_as<T, std::string> || std::same_as<T, Blob>;
template <typename T>
struct IsOptionalColumn : std::false_type {};
template <ColumnScalar T>
struct IsOptionalColumn<std::optional<T>> : std::true_type {};
template <typename T>
concept ColumnType = ColumnScalar<T> || IsOptionalColumn<T>::value;

// Integers a Value holds as int64_t: signed types, and unsigned ones narrower
// than 64 bits. A uint64_t could silently wrap, so it does not convert.
template <typename T>
concept Int64Compatible = std::integral<T> &&
    (std::signed_integral<T> || sizeof(T) < sizeof(int64_t));
template <typename T>
concept WideUnsigned = std::unsigned_integral<T> && sizeof(T) >= sizeof(int64_t);

// One SQL value: NULL, a 64-bit integer, a double, UTF-8 text or a blob.
// Booleans are stored as the integers 0 and 1 (portable subset, db.md).
class Value {
 public:
  enum class Type : uint8_t { kNull, kInt64, kDouble, kText, kBlob };
  using Rep = std::variant<std::monostate, int64_t, double, std::string, Blob>;

  Value() = default;        // NULL.
  Value(std::nullptr_t) {}  // NOLINT(google-explicit-constructor)
  // Any integer that fits in int64_t; see Int64Compatible.
  template <Int64Compatible T>
  Value(T value) : rep_(static_cast<int64_t>(value)) {}  // NOLINT(google-explicit-constructor)
  // Deleted rather than silently converted to double: cast to int64_t.
  template <WideUnsigned T>
  Value(T value) = delete;
  Value(double value) : rep_(value) {}                       // NOLINT(google-explicit-constructor)
  Value(std::string text) : rep_(std::move(text)) {}         // NOLINT(google-explicit-constructor)
  Value(std::string_view text) : rep_(std::string(text)) {}  // NOLINT(google-explicit-constructor)
  Value(const char* text) : rep_(std::string(text)) {}       // NOLINT(google-explicit-constructor)
  Value(Blob blob) : rep_(std::move(blob)) {}                // NOLINT(google-explicit-constructor)
  // NULL when empty.
  template <typename T>
  Value(std::optional<T> value)  // NOLINT(google-explicit-constructor)
      : Value(value ? Value(std::move(*value)) : Value()) {}

  Type type() const { return static_cast<Type>(rep_.index()); }
  bool is_null() const { return type() == Type::kNull; }
  const Rep& rep() const { return rep_; }

  // Returns the value as T. Errors: kInternal if it holds another type, or
  // NULL where T is not std::optional: the code disagrees with the schema.
  // No conversions: an INTEGER is not read as a double, TEXT not as a Blob.
  template <ColumnType T>
  Result<T> As() const;

  friend bool operator==(const Value&, const Value&) = default;

 private:
  static Status WrongType(Type actual, Type wanted);

  Rep rep_;
};

// The parameters bound to the `?` placeholders of one statement, in order.
using Params = std::vector<Value>;

// One result row. Columns are found by position or by name (the name SQL gives
// the result column: the column name, or its `AS` alias).
class Row {
 public:
  // `column_names` is shared by all rows of one result: they are immutable,
  // and a result of many rows should not copy its header into every row.
  Row(std::shared_ptr<const std::vector<std::string>> column_names, std::vector<Value> values);

  size_t size() const { return values_.size(); }
  const std::vector<std::string>& column_names() const { return *column_names_; }

  // Errors: kInternal if the column does not exist.
  Result<Value> Get(size_t index) const;
  Result<Value> Get(std::string_view name) const;

  // Errors: kInternal if the column does not exist or holds another type (see
  // Value::As).
  template <ColumnType T>
  Result<T> Get(size_t index) const;
  template <ColumnType T>
  Result<T> Get(std::string_view name) const;

 private:
  Result<size_t> IndexOf(std::string_view name) const;

  std::shared_ptr<const std::vector<std::string>> column_names_;
  std::vector<Value> values_;
};

using Rows = std::vector<Row>;

struct ExecResult {
  int64_t rows_affected = 0;
  // The id of the row an INSERT created, where the engine knows it cheaply
  // (SQLite: the rowid). Empty after other statements and on PostgreSQL:
  // portable code writes `INSERT ... RETURNING id` and uses Query().
  std::optional<int64_t> last_insert_id;
};

// Something statements run on: the Database itself (each statement in its own
// implicit transaction) or a Transaction. Helpers that only run statements
// take a Connection& so they work inside and outside transactions.
//
// Errors of every method (docs/design/db.md, "Error mapping"):
//   kAlreadyExists      a UNIQUE or PRIMARY KEY constraint failed;
//   kFailedPrecondition another constraint failed (NOT NULL, CHECK, FOREIGN KEY);
//   kUnavailable        busy beyond the busy timeout, disk full, I/O error: retryable;
//   kCorruption         the database file is damaged;
//   kPayloadTooLarge    a value exceeds the engine's size limit;
//   kInternal           a bug: bad SQL, wrong parameter count, a write in a
//                       read transaction, a statement after a failed one in
//                       the same transaction.
class Connection {
 public:
  virtual ~Connection() = default;

  // Runs one statement to completion and discards any rows it yields.
  Result<ExecResult> Execute(std::string_view sql, const Params& params = {});

  // Runs one statement and returns all its rows.
  Result<Rows> Query(std::string_view sql, const Params& params = {});

  // Runs one statement that yields at most one row: a lookup by key, or
  // `LIMIT 1`. Returns nullopt when there is no row; kInternal if there are two.
  Result<std::optional<Row>> QueryOne(std::string_view sql, const Params& params = {});

  // Runs several `;`-separated statements without parameters, in order,
  // stopping at the first error: schema migrations and test fixtures.
  Status ExecuteScript(std::string_view sql);

 protected:
  virtual Result<ExecResult> DoExecute(std::string_view sql, const Params& params) = 0;
  virtual Result<Rows> DoQuery(std::string_view sql, const Params& params) = 0;
  virtual Status DoExecuteScript(std::string_view sql) = 0;
};

enum class TransactionKind {
  // Sees one consistent snapshot, taken at its first statement, and may not
  // write. Runs beside writers (SQLite WAL; PostgreSQL MVCC).
  kRead,
  // Takes the write lock when it begins (SQLite `BEGIN IMMEDIATE`), so two
  // writers queue instead of deadlocking on a lock upgrade. Write
  // transactions run one at a time on SQLite.
  kWrite,
};

// A transaction on one pooled connection. Destroying it without a successful
// Commit() rolls it back. Any failed statement aborts the transaction (as on
// PostgreSQL): later statements and Commit() return kInternal, so services
// must not catch a constraint error and carry on; use `ON CONFLICT` instead.
//
// A Transaction must be destroyed before the Database that began it.
class Transaction : public Connection {
 public:
  explicit Transaction(TransactionKind kind) : kind_(kind) {}

  TransactionKind kind() const { return kind_; }

  // Makes the transaction's writes durable as far as the Database's Durability
  // promises, then ends it. After a failed Commit the transaction is rolled
  // back. Errors: kUnavailable (retryable), kInternal if the transaction has
  // already ended or was aborted by a failed statement.
  Status Commit();

 protected:
  virtual Status DoCommit() = 0;

 private:
  TransactionKind kind_;
};

using TransactionPtr = std::unique_ptr<Transaction>;

template <typename T>
struct IsResult : std::false_type {};
template <typename T>
struct IsResult<Result<T>> : std::true_type {};

// What a WithTransaction body may return: Status or Result<T>.
template <typename Fn>
concept TransactionBody = std::invocable<Fn&, Transaction&> &&
    (std::same_as<std::invoke_result_t<Fn&, Transaction&>, Status> ||
     IsResult<std::invoke_result_t<Fn&, Transaction&>>::value);

// A database: a pool of connections to one SQLite file or PostgreSQL server.
// As a Connection it runs each statement on some pooled connection in its own
// implicit transaction.
class Database : public Connection {
 public:
  // How often WithTransaction tries a body whose attempt was kUnavailable.
  static constexpr int kTransactionAttempts = 3;

  virtual Dialect dialect() const = 0;

  // Begins a transaction, waiting up to the busy timeout for a connection
  // (and for kWrite, the write lock). Errors: kUnavailable on timeout.
  Result<TransactionPtr> Begin(TransactionKind kind);

  // Runs `body` in a fresh transaction and commits if it succeeds; rolls back
  // and returns its error if not. When Begin, `body` or Commit fail with
  // kUnavailable (busy, a serialization failure on PostgreSQL), the whole
  // attempt is rolled back and run again, up to kTransactionAttempts times.
  // So `body` must have no effects outside the transaction.
  // Returns what `body` returns: Status, or Result<T> with its value.
  template <TransactionBody Fn>
  std::invoke_result_t<Fn&, Transaction&> WithTransaction(TransactionKind kind, Fn&& body);

 protected:
  virtual Result<TransactionPtr> DoBegin(TransactionKind kind) = 0;

 private:
  Status RunTransaction(TransactionKind kind, const std::function<Status(Transaction&)>& body);
};

using DatabasePtr = std::unique_ptr<Database>;

enum class Durability {
  // synchronous=FULL: a committed transaction survives a power loss.
  kFull,
  // synchronous=NORMAL: a committed transaction survives a crash of the
  // process, but the last ones may be lost on power loss or an OS crash.
  kNormal,
};

struct DatabaseOptions {
  // `sqlite:///abs/path/file.db`, a plain file path, `sqlite::memory:` (one
  // connection, for tests), or `postgres://...` (not implemented yet).
  std::string url;
  Durability durability = Durability::kFull;
  // Connections for reads, beside the one write connection (SQLite files).
  int max_readers = 4;
  // How long a call waits for a lock or a free connection before kUnavailable.
  std::chrono::milliseconds busy_timeout{5000};
};

// Opens (creating if needed, with mode 0600) the database named by
// `options.url`. Errors: kInvalidArgument for a malformed URL or options;
// kNotFound if the file's directory does not exist; kUnimplemented for
// postgres://; kCorruption if the file is not a database; kUnavailable if it
// cannot be opened or is read-only.
Result<DatabasePtr> OpenDatabase(const DatabaseOptions& options);

// ---- Template definitions. ----

namespace internal {
template <typename T>
constexpr Value::Type TypeOf() {
  if constexpr (std::same_as<T, int64_t>) {
    return Value::Type::kInt64;
  } else if constexpr (std::same_as<T, double>) {
    return Value::Type::kDouble;
  } else if constexpr (std::same_as<T, std::string>) {
    return Value::Type::kText;
  } else {
    return Value::Type::kBlob;
  }
}
}  // namespace internal

template <ColumnType T>
Result<T> Value::As() const {
  if constexpr (IsOptionalColumn<T>::value) {
    if (is_null()) {
      return T(std::nullopt);
    }
    ASSIGN_OR_RETURN(auto value, As<typename T::value_type>());
    return T(std::move(value));
  } else {
    if (const T* value = std::get_if<T>(&rep_)) {
      return *value;
    }
    return WrongType(type(), internal::TypeOf<T>());
  }
}

template <ColumnType T>
Result<T> Row::Get(size_t index) const {
  ASSIGN_OR_RETURN(const Value value, Get(index));
  return value.As<T>();
}

template <ColumnType T>
Result<T> Row::Get(std::string_view name) const {
  ASSIGN_OR_RETURN(const size_t index, IndexOf(name));
  Result<T> value = values_[index].As<T>();
  if (!value.ok()) {
    return value.status().WithContext("column '" + std::string(name) + "'");
  }
  return value;
}

template <TransactionBody Fn>
std::invoke_result_t<Fn&, Transaction&> Database::WithTransaction(TransactionKind kind, Fn&& body) {
  using Returned = std::invoke_result_t<Fn&, Transaction&>;
  if constexpr (std::same_as<Returned, Status>) {
    return RunTransaction(kind, std::ref(body));
  } else {
    // Each attempt overwrites `value`; only the committed attempt's survives.
    std::optional<std::remove_reference_t<decltype(*std::declval<Returned&>())>> value;
    RETURN_IF_ERROR(RunTransaction(kind, [&](Transaction& transaction) -> Status {
      Returned result = body(transaction);
      if (!result.ok()) {
        return result.status();
      }
      value = std::move(*result);
      return Status::Ok();
    }));
    return std::move(*value);
  }
}

}  // namespace gloss::db
