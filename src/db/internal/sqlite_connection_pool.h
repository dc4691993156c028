// SqliteConnectionPool lends out up to `capacity` SqliteConnections to one
// database, opening them on demand. A SqliteDatabase has two: one of capacity
// 1 for the writer (so write transactions queue here, in FIFO-ish order,
// instead of spinning in SQLite's busy handler) and one for readers.
//
// A returned connection is Reset(): an open transaction is rolled back. A
// connection that cannot be reset is closed, and a fresh one is opened when
// next needed.
//
// Thread safety: Acquire() may be called from any thread. Each Lease is used
// by one thread at a time. The pool must outlive its leases.

#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

#include "core/result.h"
#include "db/internal/sqlite_connection.h"

namespace gloss::db::internal {

class SqliteConnectionPool {
 public:
  // Exclusive use of one connection until destroyed.
  class Lease {
   public:
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&& other) = delete;
    ~Lease();

    SqliteConnection& operator*() const { return *connection_; }
    SqliteConnection* operator->() const { return connection_.get(); }

   private:
    friend class SqliteConnectionPool;
    Lease(SqliteConnectionPool& pool, std::unique_ptr<SqliteConnection> connection)
        : pool_(&pool), connection_(std::move(connection)) {}

    SqliteConnectionPool* pool_;
    std::unique_ptr<SqliteConnection> connection_;  // Null once moved from.
  };

  // Connections are opened with `options`; Acquire waits up to `wait` for one.
  SqliteConnectionPool(SqliteConnection::Options options, size_t capacity,
                       std::chrono::milliseconds wait);
  // Every lease must have been returned.
  ~SqliteConnectionPool();

  SqliteConnectionPool(const SqliteConnectionPool&) = delete;
  SqliteConnectionPool& operator=(const SqliteConnectionPool&) = delete;

  // Lends an idle connection, or opens one if fewer than `capacity` are open.
  // Errors: kUnavailable if none frees up within `wait`; Open()'s errors.
  Result<Lease> Acquire();

 private:
  void Release(std::unique_ptr<SqliteConnection> connection);

  const SqliteConnection::Options options_;
  const size_t capacity_;
  const std::chrono::milliseconds wait_;

  std::mutex mutex_;
  std::condition_variable released_;
  // Invariants: idle_.size() <= open_ <= capacity_; open_ - idle_.size()
  // connections are leased out or being opened.
  std::vector<std::unique_ptr<SqliteConnection>> idle_;  // Guarded by mutex_.
  size_t open_ = 0;                                      // Guarded by mutex_.
};

}  // namespace gloss::db::internal
