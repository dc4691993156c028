#include "db/internal/sqlite_connection_pool.h"

#include <string>
#include <utility>

#include "core/assert.h"

namespace gloss::db::internal {

SqliteConnectionPool::Lease::~Lease() {
  if (connection_ != nullptr) {
    pool_->Release(std::move(connection_));
  }
}

SqliteConnectionPool::SqliteConnectionPool(SqliteConnection::Options options, size_t capacity,
                                           std::chrono::milliseconds wait)
    : options_(std::move(options)), capacity_(capacity), wait_(wait) {
  GLOSS_CHECK(capacity_ > 0);
}

SqliteConnectionPool::~SqliteConnectionPool() {
  std::lock_guard lock(mutex_);
  // A lease outliving its pool would return a connection to freed memory:
  // every Transaction must be destroyed before its Database.
  GLOSS_CHECK(idle_.size() == open_);
}

Result<SqliteConnectionPool::Lease> SqliteConnectionPool::Acquire() {
  {
    std::unique_lock lock(mutex_);
    const bool available =
        released_.wait_for(lock, wait_, [this] { return !idle_.empty() || open_ < capacity_; });
    if (!available) {
      return Status::Unavailable("all " + std::to_string(capacity_) +
                                 " database connections stayed busy for " +
                                 std::to_string(wait_.count()) + " ms");
    }
    if (!idle_.empty()) {
      std::unique_ptr<SqliteConnection> connection = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(connection));
    }
    ++open_;  // Reserves the slot while the connection opens unlocked.
  }
  Result<std::unique_ptr<SqliteConnection>> opened = SqliteConnection::Open(options_);
  if (!opened.ok()) {
    {
      std::lock_guard lock(mutex_);
      --open_;
    }
    released_.notify_one();
    return opened.status();
  }
  return Lease(*this, std::move(*opened));
}

void SqliteConnectionPool::Release(std::unique_ptr<SqliteConnection> connection) {
  if (!connection->Reset().ok()) {
    connection.reset();  // Unknown state: close it; the slot reopens on demand.
  }
  {
    std::lock_guard lock(mutex_);
    if (connection != nullptr) {
      idle_.push_back(std::move(connection));
    } else {
      --open_;
    }
  }
  released_.notify_one();
}

}  // namespace gloss::db::internal
