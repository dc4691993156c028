// A bounded cache of prepared statements for one SQLite connection, keyed by
// SQL text, evicting the least recently used. Services run a small, fixed set
// of statements over and over; preparing each once saves the parse.
//
// Thread safety: none; it belongs to one SqliteConnection.

#pragma once

#include <cstddef>
#include <list>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3_stmt;

namespace gloss::db::internal {

struct StatementFinalizer {
  void operator()(sqlite3_stmt* statement) const;
};
using StatementPtr = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

class SqliteStatementCache {
 public:
  explicit SqliteStatementCache(size_t capacity);

  // Returns the statement prepared for `sql`, or null. The pointer stays valid
  // until the next Insert().
  sqlite3_stmt* Find(std::string_view sql);

  // Caches `statement` for `sql` (not already cached), finalizing the least
  // recently used statement if the cache is full. Returns `statement`.
  sqlite3_stmt* Insert(std::string_view sql, StatementPtr statement);

 private:
  struct Entry {
    std::string sql;
    StatementPtr statement;
  };

  size_t capacity_;
  // Most recently used first.
  std::list<Entry> entries_;
  // Keys view Entry::sql; list nodes never move, so the views stay valid.
  std::unordered_map<std::string_view, std::list<Entry>::iterator> index_;
};

}  // namespace gloss::db::internal
