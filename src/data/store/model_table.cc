#include "data/store/model_table.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <openssl/evp.h>

#include "core/assert.h"
#include "core/result.h"
#include "core/status.h"
#include "data/store/filter_sql.h"
#include "data/store/model_table_sql.h"
#include "db/database.h"

namespace gloss::data::store {
namespace {

using Json = nlohmann::json;
using table_sql::KeyPlan;
using table_sql::TablePlan;

// Hex digits of the SHA-256 prefix a page token's fingerprint keeps.
constexpr size_t kFingerprintBytes = 16;

Status ConditionFailed() { return Status::FailedPrecondition("The conditional request failed"); }
Status InvalidToken() { return Status::InvalidArgument("Invalid pagination token"); }

Status CheckLimit(int limit) {
  if (limit < 1 || limit > table_sql::kMaxLimit) {
    return Status::InvalidArgument("limit must be between 1 and " +
                                   std::to_string(table_sql::kMaxLimit));
  }
  return Status::Ok();
}

// Null and {} are both "no filter/condition"; they fingerprint alike.
Json Normalized(const Json& value) {
  if (value.is_object() && value.empty()) {
    return nullptr;
  }
  return value;
}

bool IsEmpty(const Json& value) { return Normalized(value).is_null(); }

// The item's JSON text for storage. Errors: kInvalidArgument for invalid
// UTF-8 or an item over DynamoDB's 400 KB limit.
Result<std::string> DumpItem(const Json& item) {
  std::string text;
  try {
    text = item.dump();
  } catch (const Json::exception&) {
    return Status::InvalidArgument("Item is not valid UTF-8");
  }
  if (text.size() > table_sql::kMaxItemBytes) {
    return Status::InvalidArgument("Item size has exceeded the maximum allowed size");
  }
  return text;
}

Result<Json> ParseStored(const Result<std::string>& text) {
  if (!text.ok()) {
    return text.status();
  }
  Json item = Json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (item.is_discarded() || !item.is_object()) {
    return Status::Corruption("A stored item is not a JSON object");
  }
  return item;
}

Json ToJson(const db::Value& value) {
  if (const auto* integer = std::get_if<int64_t>(&value.rep())) {
    return *integer;
  }
  if (const auto* number = std::get_if<double>(&value.rep())) {
    return *number;
  }
  if (const auto* text = std::get_if<std::string>(&value.rep())) {
    return *text;
  }
  return nullptr;
}

// A token's key value back as a bound value: strings and numbers only.
std::optional<db::Value> FromJson(const Json& value) {
  if (value.is_string()) {
    return db::Value(value.get<std::string>());
  }
  if (value.is_number_integer() && !value.is_number_unsigned()) {
    return db::Value(value.get<int64_t>());
  }
  if (value.is_number_unsigned() &&
      value.get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    return db::Value(static_cast<int64_t>(value.get<uint64_t>()));
  }
  if (value.is_number_float()) {
    return db::Value(value.get<double>());
  }
  return std::nullopt;
}

// Identifies a partition value as SQL compares it: 3 and 3.0 alike.
std::string GroupKey(const db::Value& value) {
  if (const auto* integer = std::get_if<int64_t>(&value.rep())) {
    return "n" + std::to_string(*integer);
  }
  if (const auto* number = std::get_if<double>(&value.rep())) {
    constexpr double kTwo63 = 9223372036854775808.0;
    if (std::trunc(*number) == *number && *number >= -kTwo63 && *number < kTwo63) {
      return "n" + std::to_string(static_cast<int64_t>(*number));
    }
    return "d" + Json(*number).dump();
  }
  if (const auto* text = std::get_if<std::string>(&value.rep())) {
    return "s" + *text;
  }
  return "-";
}

std::string Sha256Hex(std::string_view data, size_t bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  const int ok = EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr);
  GLOSS_CHECK(ok == 1);  // SHA-256 of memory cannot fail but for OOM.
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (size_t index = 0; index < bytes && index < size; ++index) {
    hex += kHex[digest[index] >> 4];
    hex += kHex[digest[index] & 0xF];
  }
  return hex;
}

// The bound partition value of `key`: the encoded pk when the key is the
// one-field primary key, else the field's value.
Result<db::Value> PartitionValue(const TablePlan& plan, const KeyPlan& key, const Json& value) {
  if (key.partition_is_pk) {
    ASSIGN_OR_RETURN(std::string pk,
                     table_sql::EncodePrimaryKey(plan.primary, Json{{key.partition.field, value}}));
    return db::Value(std::move(pk));
  }
  return table_sql::KeyValue(key.partition, value);
}

Result<const KeyPlan*> FindKey(const TablePlan& plan, const std::string& index) {
  if (index.empty()) {
    return &plan.primary;
  }
  for (const KeyPlan& key : plan.indexes) {
    if (key.index == index) {
      return &key;
    }
  }
  return Status::InvalidArgument("Unknown index '" + index.substr(0, 64) + "'");
}

// Creates the table, then makes the `data_<Model>__*` indexes match `plan`:
// missing ones are created, changed ones rebuilt, stale ones dropped.
Status SyncSchema(db::Transaction& txn, const TablePlan& plan) {
  RETURN_IF_ERROR(txn.Execute("CREATE TABLE IF NOT EXISTS " + plan.table +
                              " (pk TEXT PRIMARY KEY, item TEXT NOT NULL, version INTEGER NOT "
                              "NULL) STRICT")
                      .status());
  std::map<std::string, std::string> wanted;
  if (!plan.primary.sql_index.empty()) {
    wanted[plan.primary.sql_index] = table_sql::CreateIndexSql(plan.table, plan.primary);
  }
  for (const KeyPlan& key : plan.indexes) {
    wanted[key.sql_index] = table_sql::CreateIndexSql(plan.table, key);
  }
  ASSIGN_OR_RETURN(const db::Rows rows,
                   txn.Query("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND "
                             "tbl_name = ?",
                             {plan.table}));
  const std::string prefix = plan.table + "__";
  for (const db::Row& row : rows) {
    ASSIGN_OR_RETURN(const std::string name, row.Get<std::string>(0));
    ASSIGN_OR_RETURN(const std::optional<std::string> sql, row.Get<std::optional<std::string>>(1));
    // Only our own indexes, whose names are identifier characters (the
    // suffix is a GraphQL name or "0primary") and so safe unquoted.
    if (name.compare(0, prefix.size(), prefix) != 0) {
      continue;
    }
    const std::string suffix = name.substr(prefix.size());
    if (!IsGraphQlName(suffix) && suffix != "0primary") {
      continue;
    }
    const auto want = wanted.find(name);
    if (want != wanted.end() && sql.has_value() && *sql == want->second) {
      wanted.erase(want);  // Up to date.
      continue;
    }
    RETURN_IF_ERROR(txn.Execute("DROP INDEX " + name).status());
  }
  for (const auto& [name, sql] : wanted) {
    RETURN_IF_ERROR(txn.Execute(sql).status());
  }
  return Status::Ok();
}

// `filter` as SQL over the table's fields; {} and null are "always true".
Result<SqlFragment> FilterFragment(const Json& filter, const FieldTypes& fields) {
  return FilterToSql(IsEmpty(filter) ? Json(nullptr) : filter, fields, db::Dialect::kSqlite);
}

}  // namespace

ModelTable::ModelTable(db::Database& database, ModelTableSpec spec, const PageTokenCodec& tokens,
                       std::unique_ptr<const table_sql::TablePlan> plan)
    : db_(database), spec_(std::move(spec)), tokens_(tokens), plan_(std::move(plan)) {}

ModelTable::~ModelTable() = default;

Result<std::unique_ptr<ModelTable>> ModelTable::Open(db::Database& database, ModelTableSpec spec,
                                                     const PageTokenCodec& tokens) {
  if (database.dialect() != db::Dialect::kSqlite) {
    // TODO(gloss): PostgreSQL needs jsonb expressions and pg_indexes here.
    return Status::Unimplemented("ModelTable supports SQLite only");
  }
  ASSIGN_OR_RETURN(TablePlan plan, table_sql::PlanTable(spec));
  RETURN_IF_ERROR(database.WithTransaction(
      db::TransactionKind::kWrite, [&](db::Transaction& txn) { return SyncSchema(txn, plan); }));
  return std::unique_ptr<ModelTable>(new ModelTable(
      database, std::move(spec), tokens, std::make_unique<const TablePlan>(std::move(plan))));
}

Result<std::optional<Json>> ModelTable::Get(const Json& key) const {
  ASSIGN_OR_RETURN(const std::string pk, table_sql::EncodePrimaryKey(plan_->primary, key));
  ASSIGN_OR_RETURN(const std::optional<db::Row> row,
                   db_.QueryOne("SELECT item FROM " + plan_->table + " WHERE pk = ?", {pk}));
  if (!row.has_value()) {
    return std::optional<Json>();
  }
  ASSIGN_OR_RETURN(Json item, ParseStored(row->Get<std::string>(0)));
  return std::optional<Json>(std::move(item));
}

Result<std::vector<std::optional<Json>>> ModelTable::BatchGet(const std::vector<Json>& keys) const {
  std::vector<std::string> pks;
  pks.reserve(keys.size());
  for (const Json& key : keys) {
    ASSIGN_OR_RETURN(std::string pk, table_sql::EncodePrimaryKey(plan_->primary, key));
    pks.push_back(std::move(pk));
  }
  std::map<std::string, Json, std::less<>> found;
  const std::set<std::string> distinct(pks.begin(), pks.end());
  auto next = distinct.begin();
  while (next != distinct.end()) {
    std::string sql = "SELECT pk, item FROM " + plan_->table + " WHERE pk IN (";
    db::Params params;
    for (; next != distinct.end() && params.size() < table_sql::kMaxInParams; ++next) {
      sql += params.empty() ? "?" : ", ?";
      params.emplace_back(*next);
    }
    ASSIGN_OR_RETURN(const db::Rows rows, db_.Query(sql + ")", params));
    for (const db::Row& row : rows) {
      ASSIGN_OR_RETURN(std::string pk, row.Get<std::string>(0));
      ASSIGN_OR_RETURN(Json item, ParseStored(row.Get<std::string>(1)));
      found.emplace(std::move(pk), std::move(item));
    }
  }
  std::vector<std::optional<Json>> items;
  items.reserve(pks.size());
  for (const std::string& pk : pks) {
    const auto item = found.find(pk);
    items.push_back(item == found.end() ? std::nullopt : std::optional<Json>(item->second));
  }
  return items;
}

Result<Json> ModelTable::Create(const Json& item, const Json& condition) {
  if (!item.is_object()) {
    return Status::InvalidArgument("An item must be a JSON object");
  }
  ASSIGN_OR_RETURN(const std::string pk, table_sql::EncodePrimaryKey(plan_->primary, item));
  ASSIGN_OR_RETURN(const std::string text, DumpItem(item));
  if (!IsEmpty(condition)) {
    // DynamoDB evaluates a put's condition against the existing item; a
    // create only succeeds when there is none, so evaluate it against {}.
    ASSIGN_OR_RETURN(const SqlFragment sql, FilterFragment(condition, spec_.fields));
    ASSIGN_OR_RETURN(
        const std::optional<db::Row> holds,
        db_.QueryOne("SELECT 1 FROM (SELECT '{}' AS item) AS absent WHERE " + sql.sql, sql.params));
    if (!holds.has_value()) {
      return ConditionFailed();
    }
  }
  // One statement: the existence check and the insert are atomic.
  ASSIGN_OR_RETURN(const db::ExecResult inserted,
                   db_.Execute("INSERT INTO " + plan_->table +
                                   " (pk, item, version) VALUES (?, ?, 1) ON CONFLICT (pk) DO "
                                   "NOTHING",
                               {pk, text}));
  if (inserted.rows_affected == 0) {
    return ConditionFailed();
  }
  return item;
}

Result<Json> ModelTable::Update(const Json& key, const Json& changes, const Json& condition,
                                const Json& guard) {
  ASSIGN_OR_RETURN(const std::string pk, table_sql::EncodePrimaryKey(plan_->primary, key));
  if (!changes.is_object()) {
    return Status::InvalidArgument("Changes must be a JSON object");
  }
  std::vector<const table_sql::KeyColumn*> key_columns = {&plan_->primary.partition};
  for (const table_sql::KeyColumn& column : plan_->primary.sort) {
    key_columns.push_back(&column);
  }
  for (const table_sql::KeyColumn* column : key_columns) {
    const auto change = changes.find(column->field);
    if (change == changes.end()) {
      continue;
    }
    // EncodePrimaryKey checked that `key` holds the field with a valid type.
    Result<db::Value> changed = table_sql::KeyValue(*column, *change);
    if (!changed.ok() || *changed != *table_sql::KeyValue(*column, key[column->field])) {
      return Status::InvalidArgument("Cannot update key field '" + column->field + "'");
    }
  }
  ASSIGN_OR_RETURN(const SqlFragment condition_sql, FilterFragment(condition, spec_.fields));
  ASSIGN_OR_RETURN(const SqlFragment guard_sql, FilterFragment(guard, spec_.fields));
  const std::string select = "SELECT item FROM " + plan_->table + " WHERE pk = ? AND (" +
                             condition_sql.sql + ") AND (" + guard_sql.sql + ")";
  db::Params params = {pk};
  params.insert(params.end(), condition_sql.params.begin(), condition_sql.params.end());
  params.insert(params.end(), guard_sql.params.begin(), guard_sql.params.end());
  const std::string update =
      "UPDATE " + plan_->table + " SET item = ?, version = version + 1 WHERE pk = ?";
  return db_.WithTransaction(
      db::TransactionKind::kWrite, [&](db::Transaction& txn) -> Result<Json> {
        ASSIGN_OR_RETURN(const std::optional<db::Row> row, txn.QueryOne(select, params));
        if (!row.has_value()) {
          return ConditionFailed();  // Missing, or a condition failed.
        }
        ASSIGN_OR_RETURN(Json item, ParseStored(row->Get<std::string>(0)));
        for (const auto& [name, value] : changes.items()) {
          if (value.is_null()) {
            item.erase(name);
          } else {
            item[name] = value;
          }
        }
        ASSIGN_OR_RETURN(const std::string text, DumpItem(item));
        RETURN_IF_ERROR(txn.Execute(update, {text, pk}).status());
        return item;
      });
}

Result<Json> ModelTable::Delete(const Json& key, const Json& condition, const Json& guard) {
  ASSIGN_OR_RETURN(const std::string pk, table_sql::EncodePrimaryKey(plan_->primary, key));
  ASSIGN_OR_RETURN(const SqlFragment condition_sql, FilterFragment(condition, spec_.fields));
  ASSIGN_OR_RETURN(const SqlFragment guard_sql, FilterFragment(guard, spec_.fields));
  db::Params params = {pk};
  params.insert(params.end(), condition_sql.params.begin(), condition_sql.params.end());
  params.insert(params.end(), guard_sql.params.begin(), guard_sql.params.end());
  // One statement: the check and the delete are atomic.
  ASSIGN_OR_RETURN(
      const std::optional<db::Row> row,
      db_.QueryOne("DELETE FROM " + plan_->table + " WHERE pk = ? AND (" + condition_sql.sql +
                       ") AND (" + guard_sql.sql + ") RETURNING item",
                   params));
  if (!row.has_value()) {
    return ConditionFailed();
  }
  return ParseStored(row->Get<std::string>(0));
}

std::string ModelTable::Fingerprint(const std::string& index, const Json& partition_value,
                                    const Json& sort_condition, const Json& filter,
                                    bool descending) const {
  const Json position = {spec_.model,        index,     partition_value, Normalized(sort_condition),
                         Normalized(filter), descending};
  return Sha256Hex(position.dump(-1, ' ', false, Json::error_handler_t::replace),
                   kFingerprintBytes);
}

Result<Page> ModelTable::Query(const QueryRequest& request) const {
  RETURN_IF_ERROR(CheckLimit(request.limit));
  table_sql::PageQuery query;
  query.descending = request.descending;
  query.fetch = int64_t{request.limit} + 1;
  if (request.partition_value.is_null()) {
    if (!request.index.empty()) {
      return Status::InvalidArgument("A query on an index needs a partition key value");
    }
    if (!IsEmpty(request.sort_condition)) {
      return Status::InvalidArgument("A sort key condition needs a partition key value");
    }
  } else {
    ASSIGN_OR_RETURN(query.key, FindKey(*plan_, request.index));
    ASSIGN_OR_RETURN(query.partition, PartitionValue(*plan_, *query.key, request.partition_value));
    ASSIGN_OR_RETURN(query.sort_condition,
                     table_sql::SortConditionSql(*query.key, request.sort_condition));
  }
  ASSIGN_OR_RETURN(query.filter, FilterFragment(request.filter, spec_.fields));
  if (query.key == nullptr) {
    table_sql::ScanHint hint =
        table_sql::PlanScanHint(*plan_, ImpliedEqualities(request.filter, spec_.fields));
    query.scan_hint = std::move(hint.sql);
    if (!hint.exact.empty()) {
      // The index tests these conditions: the rest of the filter may need no
      // item parsed at all.
      ASSIGN_OR_RETURN(query.filter,
                       FilterFragment(WithoutEqualities(request.filter, spec_.fields, hint.exact),
                                      spec_.fields));
    }
  }
  const size_t sort_count = query.key != nullptr ? query.key->sort.size() : 0;
  const std::string fingerprint =
      Fingerprint(request.index, request.partition_value, request.sort_condition, request.filter,
                  request.descending);
  if (!request.next_token.empty()) {
    ASSIGN_OR_RETURN(const Json position, tokens_.Decode(request.next_token));
    if (!position.is_object() || position.value("f", Json()) != fingerprint) {
      return InvalidToken();
    }
    const Json& after = position.value("k", Json());
    if (!after.is_array() || after.size() != sort_count + 1 || !after.back().is_string()) {
      return InvalidToken();
    }
    for (const Json& value : after) {
      std::optional<db::Value> bound = FromJson(value);
      if (!bound.has_value()) {
        return InvalidToken();
      }
      query.after.push_back(std::move(*bound));
    }
  }
  const SqlFragment sql = table_sql::BuildPageSql(plan_->table, query);
  ASSIGN_OR_RETURN(const db::Rows rows, db_.Query(sql.sql, sql.params));
  Page page;
  for (size_t row_idx = 0; row_idx < rows.size() && row_idx < size_t(request.limit); ++row_idx) {
    ASSIGN_OR_RETURN(std::string item, rows[row_idx].Get<std::string>(1));
    page.items.push_back(std::move(item));
  }
  if (rows.size() > size_t(request.limit)) {
    const db::Row& last = rows[request.limit - 1];
    Json after = Json::array();
    for (size_t column_idx = 0; column_idx < sort_count; ++column_idx) {
      ASSIGN_OR_RETURN(const db::Value value, last.Get(2 + column_idx));
      after.push_back(ToJson(value));
    }
    ASSIGN_OR_RETURN(const std::string pk, last.Get<std::string>(0));
    after.push_back(pk);
    page.next_token = tokens_.Encode(Json{{"f", fingerprint}, {"k", std::move(after)}});
  }
  return page;
}

Result<std::vector<Page>> ModelTable::QueryMany(const std::string& index,
                                                const std::vector<Json>& partition_values,
                                                const Json& filter, int limit,
                                                bool descending) const {
  RETURN_IF_ERROR(CheckLimit(limit));
  ASSIGN_OR_RETURN(const KeyPlan* key, FindKey(*plan_, index));
  ASSIGN_OR_RETURN(const SqlFragment filter_sql, FilterFragment(filter, spec_.fields));
  std::vector<Page> pages(partition_values.size());
  // Group key -> the positions asking for it (a value may repeat).
  std::map<std::string, std::vector<size_t>> positions;
  std::vector<db::Value> distinct;
  for (size_t position = 0; position < partition_values.size(); ++position) {
    ASSIGN_OR_RETURN(db::Value value, PartitionValue(*plan_, *key, partition_values[position]));
    std::vector<size_t>& at = positions[GroupKey(value)];
    if (at.empty()) {
      distinct.push_back(std::move(value));
    }
    at.push_back(position);
  }
  const size_t sort_count = key->sort.size();
  for (size_t begin = 0; begin < distinct.size(); begin += table_sql::kMaxInParams) {
    const size_t end = std::min(distinct.size(), begin + table_sql::kMaxInParams);
    const std::vector<db::Value> chunk(distinct.begin() + static_cast<ptrdiff_t>(begin),
                                       distinct.begin() + static_cast<ptrdiff_t>(end));
    const SqlFragment sql = table_sql::BuildGroupedSql(plan_->table, *key, chunk, filter_sql,
                                                       descending, int64_t{limit} + 1);
    ASSIGN_OR_RETURN(const db::Rows rows, db_.Query(sql.sql, sql.params));
    std::map<std::string, size_t> counts;
    for (size_t row_idx = 0; row_idx < rows.size(); ++row_idx) {
      const db::Row& row = rows[row_idx];
      ASSIGN_OR_RETURN(const db::Value group, row.Get(2 + sort_count));
      const std::string group_key = GroupKey(group);
      const auto at = positions.find(group_key);
      if (at == positions.end()) {
        return Status::Internal("QueryMany: a row of an unrequested partition");
      }
      if (++counts[group_key] <= size_t(limit)) {
        ASSIGN_OR_RETURN(const std::string item, row.Get<std::string>(1));
        for (size_t position : at->second) {
          pages[position].items.push_back(item);
        }
        continue;
      }
      // The (limit+1)th row: more follow the previous row, same group (rows
      // are ordered by group, then position).
      const db::Row& last = rows[row_idx - 1];
      Json after = Json::array();
      for (size_t column_idx = 0; column_idx < sort_count; ++column_idx) {
        ASSIGN_OR_RETURN(const db::Value value, last.Get(2 + column_idx));
        after.push_back(ToJson(value));
      }
      ASSIGN_OR_RETURN(const std::string pk, last.Get<std::string>(0));
      after.push_back(pk);
      for (size_t position : at->second) {
        const std::string fingerprint =
            Fingerprint(index, partition_values[position], nullptr, filter, descending);
        pages[position].next_token = tokens_.Encode(Json{{"f", fingerprint}, {"k", after}});
      }
    }
  }
  return pages;
}

}  // namespace gloss::data::store
