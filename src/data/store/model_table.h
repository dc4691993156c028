// ModelTable stores the items of one @model type in the database seam
// (db/database.h): one table per model, `data_<Model>`, holding each item as a
// JSON object keyed by its primary key, with expression indexes for the
// secondary indexes (@index) and for the fields relationships look up. It
// does what AppSync's DynamoDB resolvers do for a model: get, batch get,
// conditional put/update/delete, scans with a filter, and key-condition
// queries on the primary key or an index, paged with opaque tokens.
//
// Differences from DynamoDB, on purpose: a filtered list fills its page (the
// filter runs before the limit), and a scan is ordered by primary key, so
// pages are stable.
//
// What it is not: authorization, GraphQL, or id/timestamp generation (the
// resolvers do those and hand over complete items).
//
// Errors:
//   kInvalidArgument    bad filter or key condition (filter_sql.h messages),
//                       bad or foreign page token ("Invalid pagination token"),
//                       an item without its key fields, limit outside 1..1000
//   kFailedPrecondition "The conditional request failed": a condition did not
//                       hold, Update/Delete of a missing item, Put of an
//                       existing key
//   the database seam's codes otherwise (kUnavailable is retryable).
//
// Thread safety: all methods may be called concurrently; they block on the
// database (call them on the BlockingPool). Writes are atomic: the condition
// is checked and the write done in one transaction.

#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "data/store/filter_sql.h"
#include "data/store/page_token.h"
#include "db/database.h"

namespace gloss::data::store {

namespace table_sql {
struct TablePlan;
}  // namespace table_sql

// A key that items are found by: the primary key or a secondary index. The
// partition key is matched exactly; sort keys order the results and take key
// conditions. Several sort keys act as one composite sort key.
struct KeySpec {
  std::string name;  // Index name ("byProject"); empty for the primary key.
  std::string partition_key;
  std::vector<std::string> sort_keys;
};

struct ModelTableSpec {
  std::string model;  // A GraphQL name: the table is data_<model>.
  KeySpec primary_key;
  std::vector<KeySpec> indexes;  // Secondary indexes, and relationship lookups.
  FieldTypes fields;             // Every filterable field (and the key fields).
};

// A key condition on the sort key(s) of a KeySpec: one of eq, le, lt, ge, gt,
// between [a, b], beginsWith, as in Model<T>KeyConditionInput; for a composite
// sort key the operand is an object with the sort key fields
// (Model<M><Index>CompositeKeyInput), compared field by field in order and
// beginsWith applying to the last given field.
struct QueryRequest {
  std::string index;               // Empty: the primary key.
  nlohmann::json partition_value;  // Null: a scan of the whole table (index must be empty).
  nlohmann::json sort_condition;   // Null or an object with one operator.
  nlohmann::json filter;           // Null or a Model<M>FilterInput object.
  int limit = 100;                 // 1..1000.
  std::string next_token;          // Empty for the first page.
  bool descending = false;         // sortDirection: DESC.
};

struct Page {
  // Each item's JSON text as stored: a JSON object unless the database was
  // damaged, which is not checked here (callers parse or scan the text).
  std::vector<std::string> items;
  std::optional<std::string> next_token;  // Set when more items may follow.
};

class ModelTable {
 public:
  // Creates the table and its indexes when missing and returns a handle.
  // Idempotent, so a schema reload calls it again: new indexes are created,
  // indexes no longer in the spec are dropped, stored items are never
  // touched (fields that disappear stay in the JSON). `database` and `tokens`
  // must outlive the table.
  static Result<std::unique_ptr<ModelTable>> Open(db::Database& database, ModelTableSpec spec,
                                                  const PageTokenCodec& tokens);

  ~ModelTable();

  const ModelTableSpec& spec() const { return spec_; }

  // The item with primary key `key` (an object holding the key fields), or nullopt.
  Result<std::optional<nlohmann::json>> Get(const nlohmann::json& key) const;

  // One result per key, in order; nullopt for missing items. One query for
  // the whole batch (belongsTo / hasOne fields of a page of items).
  Result<std::vector<std::optional<nlohmann::json>>> BatchGet(
      const std::vector<nlohmann::json>& keys) const;

  // Stores a new item (it holds its key fields). kFailedPrecondition if an
  // item with that key exists or `condition` (a Model<M>ConditionInput,
  // evaluated against the existing item, i.e. against nothing) fails.
  Result<nlohmann::json> Create(const nlohmann::json& item, const nlohmann::json& condition);

  // Merges `changes` into the item with primary key `key` (a member set to
  // null is removed) if it exists and `condition` holds for it; returns the
  // updated item. `guard` is a second filter that must hold too (the caller's
  // authorization, e.g. the owner); its failure is kFailedPrecondition as well.
  Result<nlohmann::json> Update(const nlohmann::json& key, const nlohmann::json& changes,
                                const nlohmann::json& condition, const nlohmann::json& guard);

  // Deletes the item with primary key `key` if it exists and `condition` and
  // `guard` hold; returns the deleted item.
  Result<nlohmann::json> Delete(const nlohmann::json& key, const nlohmann::json& condition,
                                const nlohmann::json& guard);

  // A scan (no partition value) or a key-condition query, filtered, one page.
  Result<Page> Query(const QueryRequest& request) const;

  // The items whose `index` partition key equals each of `partition_values`:
  // one page per value (limit each, ordered by the index's sort keys), in one
  // round of queries rather than one per parent (hasMany fields of a page).
  Result<std::vector<Page>> QueryMany(const std::string& index,
                                      const std::vector<nlohmann::json>& partition_values,
                                      const nlohmann::json& filter, int limit,
                                      bool descending) const;

 private:
  ModelTable(db::Database& database, ModelTableSpec spec, const PageTokenCodec& tokens,
             std::unique_ptr<const table_sql::TablePlan> plan);

  // The fingerprint a page token carries (model_table.cc).
  std::string Fingerprint(const std::string& index, const nlohmann::json& partition_value,
                          const nlohmann::json& sort_condition, const nlohmann::json& filter,
                          bool descending) const;

  db::Database& db_;
  const ModelTableSpec spec_;
  const PageTokenCodec& tokens_;
  // The spec resolved to SQL names and expressions (model_table_sql.h).
  const std::unique_ptr<const table_sql::TablePlan> plan_;
};

}  // namespace gloss::data::store
