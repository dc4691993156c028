// Statement building for ModelTable (model_table.h), internal to
// src/data/store/: table and index DDL, primary key encoding, key conditions
// and the paged SELECTs (docs/design/data-store.md, "ModelTable"). Split out
// so tests can EXPLAIN the exact statements ModelTable runs.
//
// Only validated GraphQL names (model, index and key field names) become SQL
// text; every value is a bound parameter.
//
// Thread safety: plain values and stateless functions.

#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "data/store/filter_sql.h"
#include "data/store/model_table.h"
#include "db/database.h"

namespace gloss::data::store::table_sql {

// DynamoDB's item size limit, applied to the item's JSON text.
constexpr size_t kMaxItemBytes = 400 * 1024;
constexpr int kMaxLimit = 1000;
// Bound parameters per `IN (...)` list.
constexpr size_t kMaxInParams = 500;

// One key field resolved against the spec's FieldTypes.
struct KeyColumn {
  std::string field;
  FieldKind kind = FieldKind::kString;
  std::string expr;  // `json_extract(item, '$.<field>')`, exactly as in the index.
};

// A KeySpec resolved to SQL. Invariant: field names are GraphQL names whose
// kinds are kString, kInt or kFloat.
struct KeyPlan {
  std::string index;  // KeySpec::name; empty for the primary key.
  KeyColumn partition;
  std::vector<KeyColumn> sort;
  // The SQL index serving the key (`data_<Model>__<name>`, `data_<Model>__0primary`
  // for a primary key with sort keys), or empty: a primary key without sort
  // keys is served by the `pk` column itself.
  std::string sql_index;
  // True when the partition is matched through `pk` (primary key, no sort keys).
  bool partition_is_pk = false;
};

struct TablePlan {
  std::string table;  // data_<Model>
  KeyPlan primary;
  std::vector<KeyPlan> indexes;
};

// Validates `spec` (names, key fields present in `fields` with a key kind,
// unique index names) and resolves it. Errors: kInvalidArgument.
Result<TablePlan> PlanTable(const ModelTableSpec& spec);

// `CREATE INDEX <sql_index> ON <table>(<partition>, <sort>..., pk)`, the text
// SQLite keeps in sqlite_master (compared on Open to detect changed specs).
std::string CreateIndexSql(const std::string& table, const KeyPlan& key);

// The bound value of a key field: text, or an int64/double for numbers.
// Errors: kInvalidArgument when `value`'s JSON type does not fit `column`.
Result<db::Value> KeyValue(const KeyColumn& column, const nlohmann::json& value);

// The `pk` text of the item or key object `object`: the canonical JSON of the
// one key field's value, or the JSON array of several. Errors:
// kInvalidArgument for a missing or ill-typed key field.
Result<std::string> EncodePrimaryKey(const KeyPlan& primary, const nlohmann::json& object);

// The SQL condition for a key condition on `key`'s sort keys (model_table.h,
// QueryRequest). Errors: kInvalidArgument for a malformed condition.
Result<SqlFragment> SortConditionSql(const KeyPlan& key, const nlohmann::json& condition);

// For a scan filtered with `equalities` (ImpliedEqualities of its filter):
// `<partition expr> = ?` for each on the partition key of an index without
// sort keys, ANDed; empty sql if none. Implied by the filter, but SQLite then
// reads only the matching rows through the index, which yields them in pk
// order (the scan's) so the LIMIT still ends the read early. Indexes with sort
// keys are left out: their order is not the scan's, and a large partition
// would be read and sorted whole.
struct ScanHint {
  SqlFragment sql;
  // The exact equalities among those tested: their conditions can leave the
  // filter (WithoutEqualities), so SQLite need not parse items to test them.
  std::vector<FieldEquality> exact;
};
ScanHint PlanScanHint(const TablePlan& plan, const std::vector<FieldEquality>& equalities);

// One page's SELECT: columns pk, item, then one per sort key.
struct PageQuery {
  const KeyPlan* key = nullptr;  // Null: a scan.
  std::optional<db::Value> partition;
  SqlFragment sort_condition;  // Empty sql: none.
  SqlFragment filter;          // From FilterToSql.
  SqlFragment scan_hint;       // ScanHint::sql; empty sql: none.
  // Sort values then pk of the last row of the previous page; empty on page 1.
  std::vector<db::Value> after;
  bool descending = false;
  int64_t fetch = 0;  // limit + 1.
};
SqlFragment BuildPageSql(const std::string& table, const PageQuery& query);

// QueryMany's SELECT for several partition values of `key`: columns pk, item,
// sort values, grp (the partition value), at most `fetch` rows per group,
// ordered by group then position.
SqlFragment BuildGroupedSql(const std::string& table, const KeyPlan& key,
                            const std::vector<db::Value>& partitions, const SqlFragment& filter,
                            bool descending, int64_t fetch);

}  // namespace gloss::data::store::table_sql
