#include "db/internal/sqlite_statement_cache.h"

#include <utility>

#include <sqlite3.h>

#include "core/assert.h"

namespace gloss::db::internal {

void StatementFinalizer::operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }

SqliteStatementCache::SqliteStatementCache(size_t capacity) : capacity_(capacity) {
  GLOSS_CHECK(capacity_ > 0);
}

sqlite3_stmt* SqliteStatementCache::Find(std::string_view sql) {
  const auto found = index_.find(sql);
  if (found == index_.end()) {
    return nullptr;
  }
  entries_.splice(entries_.begin(), entries_, found->second);
  return found->second->statement.get();
}

sqlite3_stmt* SqliteStatementCache::Insert(std::string_view sql, StatementPtr statement) {
  GLOSS_DCHECK(!index_.contains(sql));  // Callers Find() first.
  if (entries_.size() == capacity_) {
    index_.erase(entries_.back().sql);
    entries_.pop_back();
  }
  entries_.push_front(Entry{.sql = std::string(sql), .statement = std::move(statement)});
  index_.emplace(entries_.front().sql, entries_.begin());
  return entries_.front().statement.get();
}

}  // namespace gloss::db::internal
