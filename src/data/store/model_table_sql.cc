#include "data/store/model_table_sql.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "core/status.h"
#include "db/database.h"

namespace gloss::data::store::table_sql {
namespace {

using Json = nlohmann::json;

Status InvalidSpec(std::string_view what) {
  return Status::InvalidArgument("Invalid model table spec: " + std::string(what));
}

Status InvalidCondition(std::string_view what) {
  return Status::InvalidArgument("Invalid key condition: " + std::string(what));
}

Result<KeyColumn> PlanColumn(const ModelTableSpec& spec, const std::string& field) {
  if (!IsGraphQlName(field)) {
    return InvalidSpec("key field '" + field.substr(0, 64) + "' is not a GraphQL name");
  }
  const auto found = spec.fields.find(field);
  if (found == spec.fields.end()) {
    return InvalidSpec("key field '" + field + "' is not among the fields");
  }
  const FieldType& type = found->second;
  if (type.list || type.kind == FieldKind::kBoolean) {
    return InvalidSpec("key field '" + field + "' must be a string or number");
  }
  // The path is literal text (an index expression cannot have parameters);
  // `field` is a GraphQL name, so it needs no quoting inside '$.<field>'.
  return KeyColumn{
      .field = field, .kind = type.kind, .expr = "json_extract(item, '$." + field + "')"};
}

Result<KeyPlan> PlanKey(const ModelTableSpec& spec, const KeySpec& key, const std::string& table,
                        bool primary) {
  KeyPlan plan;
  plan.index = key.name;
  if (key.partition_key.empty()) {
    return InvalidSpec("a key without a partition key");
  }
  ASSIGN_OR_RETURN(plan.partition, PlanColumn(spec, key.partition_key));
  for (const std::string& field : key.sort_keys) {
    ASSIGN_OR_RETURN(KeyColumn column, PlanColumn(spec, field));
    plan.sort.push_back(std::move(column));
  }
  if (primary) {
    plan.partition_is_pk = plan.sort.empty();
    if (!plan.partition_is_pk) {
      // Not a GraphQL name after the "__", so no @index can take it.
      plan.sql_index = table + "__0primary";
    }
  } else {
    plan.sql_index = table + "__" + key.name;
  }
  return plan;
}

// The canonical JSON of a key value: numbers of Float fields as doubles, so 3
// and 3.0 encode alike.
Result<Json> CanonicalKey(const KeyColumn& column, const Json& value) {
  ASSIGN_OR_RETURN(const db::Value bound, KeyValue(column, value));
  if (const auto* text = std::get_if<std::string>(&bound.rep())) {
    return Json(*text);
  }
  if (const auto* integer = std::get_if<int64_t>(&bound.rep())) {
    return Json(*integer);
  }
  return Json(std::get<double>(bound.rep()));
}

// Values of the sort key fields an operand object names: they must be the
// first n fields of the composite sort key. A single sort key takes a scalar.
Result<std::vector<db::Value>> OperandValues(const KeyPlan& key, const Json& operand) {
  std::vector<db::Value> values;
  if (key.sort.size() == 1) {
    ASSIGN_OR_RETURN(db::Value value, KeyValue(key.sort.front(), operand));
    values.push_back(std::move(value));
    return values;
  }
  if (!operand.is_object()) {
    return InvalidCondition("a composite sort key takes an object of its fields");
  }
  size_t given = 0;
  for (const auto& [name, value] : operand.items()) {
    if (value.is_null()) {
      continue;
    }
    bool known = false;
    for (const KeyColumn& column : key.sort) {
      known = known || column.field == name;
    }
    if (!known) {
      return InvalidCondition("'" + name.substr(0, 64) + "' is not a sort key field");
    }
    ++given;
  }
  for (const KeyColumn& column : key.sort) {
    const auto member = operand.find(column.field);
    if (member == operand.end() || member->is_null()) {
      break;
    }
    ASSIGN_OR_RETURN(db::Value value, KeyValue(column, *member));
    values.push_back(std::move(value));
  }
  if (values.empty() || values.size() != given) {
    return InvalidCondition("the given sort key fields must be a prefix of the composite key");
  }
  return values;
}

// The least string greater than every string starting with `prefix`
// (byte-wise), or nullopt when there is none.
std::optional<std::string> PrefixSuccessor(std::string prefix) {
  while (!prefix.empty() && static_cast<unsigned char>(prefix.back()) == 0xFF) {
    prefix.pop_back();
  }
  if (prefix.empty()) {
    return std::nullopt;
  }
  prefix.back() = static_cast<char>(static_cast<unsigned char>(prefix.back()) + 1);
  return prefix;
}

// Appends `<expr> = ?` for each of the first `count` values.
void AppendEquals(const KeyPlan& key, const std::vector<db::Value>& values, size_t count,
                  std::vector<std::string>& parts, SqlFragment& out) {
  for (size_t column_idx = 0; column_idx < count; ++column_idx) {
    parts.push_back(key.sort[column_idx].expr + " = ?");
    out.params.push_back(values[column_idx]);
  }
}

// `op` is <, <=, > or >=: a tuple comparison over the given prefix, led by a
// comparison of the first field alone so the index gives a range.
void AppendCompare(const KeyPlan& key, const std::vector<db::Value>& values, std::string_view op,
                   std::vector<std::string>& parts, SqlFragment& out) {
  if (values.size() == 1) {
    parts.push_back(key.sort.front().expr + " " + std::string(op) + " ?");
    out.params.push_back(values.front());
    return;
  }
  const std::string lead = (op[0] == '<') ? "<=" : ">=";
  parts.push_back(key.sort.front().expr + " " + lead + " ?");
  out.params.push_back(values.front());
  std::string lhs = "(";
  std::string rhs = "(";
  for (size_t column_idx = 0; column_idx < values.size(); ++column_idx) {
    lhs += (column_idx > 0 ? ", " : "") + key.sort[column_idx].expr;
    rhs += (column_idx > 0 ? ", ?" : "?");
    out.params.push_back(values[column_idx]);
  }
  parts.push_back(lhs + ") " + std::string(op) + " " + rhs + ")");
}

// `a > b` for two key values of one field (both text or both numbers).
bool Greater(const db::Value& a, const db::Value& b) {
  const auto number = [](const db::Value& value) {
    if (const auto* integer = std::get_if<int64_t>(&value.rep())) {
      return static_cast<double>(*integer);
    }
    return std::get<double>(value.rep());
  };
  const auto* text_a = std::get_if<std::string>(&a.rep());
  const auto* text_b = std::get_if<std::string>(&b.rep());
  if (text_a != nullptr || text_b != nullptr) {
    return text_a != nullptr && text_b != nullptr && *text_a > *text_b;
  }
  const auto* int_a = std::get_if<int64_t>(&a.rep());
  const auto* int_b = std::get_if<int64_t>(&b.rep());
  if (int_a != nullptr && int_b != nullptr) {
    return *int_a > *int_b;
  }
  return number(a) > number(b);
}

std::string Join(const std::vector<std::string>& parts, std::string_view glue) {
  std::string joined;
  for (size_t index = 0; index < parts.size(); ++index) {
    joined += (index > 0 ? std::string(glue) : std::string()) + parts[index];
  }
  return joined;
}

void Append(SqlFragment& into, const SqlFragment& part) {
  into.sql += part.sql;
  into.params.insert(into.params.end(), part.params.begin(), part.params.end());
}

std::string OrderBy(const std::string& table, const KeyPlan* key, bool descending) {
  const std::string direction = descending ? " DESC" : "";
  std::string order;
  if (key != nullptr) {
    for (const KeyColumn& column : key->sort) {
      order += column.expr + direction + ", ";
    }
  }
  // Qualified: an unqualified `pk` would name the result column, and SQLite
  // then no longer sees that the index provides the order.
  return order + table + ".pk" + direction;
}

std::string SortPresent(const KeyPlan& key) {
  std::string sql;
  for (const KeyColumn& column : key.sort) {
    sql += " AND " + column.expr + " IS NOT NULL";
  }
  return sql;
}

}  // namespace

Result<TablePlan> PlanTable(const ModelTableSpec& spec) {
  if (!IsGraphQlName(spec.model)) {
    return InvalidSpec("model name '" + spec.model.substr(0, 64) + "' is not a GraphQL name");
  }
  TablePlan plan;
  plan.table = "data_" + spec.model;
  ASSIGN_OR_RETURN(plan.primary, PlanKey(spec, spec.primary_key, plan.table, true));
  std::set<std::string, std::less<>> names;
  for (const KeySpec& index : spec.indexes) {
    if (!IsGraphQlName(index.name)) {
      return InvalidSpec("index name '" + index.name.substr(0, 64) + "' is not a GraphQL name");
    }
    if (!names.insert(index.name).second) {
      return InvalidSpec("index '" + index.name + "' is declared twice");
    }
    ASSIGN_OR_RETURN(KeyPlan key, PlanKey(spec, index, plan.table, false));
    plan.indexes.push_back(std::move(key));
  }
  return plan;
}

std::string CreateIndexSql(const std::string& table, const KeyPlan& key) {
  std::string sql = "CREATE INDEX " + key.sql_index + " ON " + table + "(" + key.partition.expr;
  for (const KeyColumn& column : key.sort) {
    sql += ", " + column.expr;
  }
  return sql + ", pk)";
}

Result<db::Value> KeyValue(const KeyColumn& column, const Json& value) {
  const auto wrong = [&](std::string_view wanted) {
    return Status::InvalidArgument("Key field '" + column.field + "' must be " +
                                   std::string(wanted));
  };
  switch (column.kind) {
    case FieldKind::kString:
      if (!value.is_string()) {
        return wrong("a string");
      }
      return db::Value(value.get<std::string>());
    case FieldKind::kInt:
      if (value.is_number_unsigned()) {
        if (value.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
          return wrong("a 64-bit integer");
        }
        return db::Value(static_cast<int64_t>(value.get<uint64_t>()));
      }
      if (!value.is_number_integer()) {
        return wrong("an integer");
      }
      return db::Value(value.get<int64_t>());
    case FieldKind::kFloat:
      if (!value.is_number() || !std::isfinite(value.get<double>())) {
        return wrong("a number");
      }
      return db::Value(value.get<double>());
    case FieldKind::kBoolean: break;  // Rejected by PlanColumn.
  }
  return wrong("a string or number");
}

Result<std::string> EncodePrimaryKey(const KeyPlan& primary, const Json& object) {
  if (!object.is_object()) {
    return Status::InvalidArgument("A key must be an object of the key fields");
  }
  Json parts = Json::array();
  const auto add = [&](const KeyColumn& column) -> Status {
    const auto member = object.find(column.field);
    if (member == object.end() || member->is_null()) {
      return Status::InvalidArgument("Missing key field '" + column.field + "'");
    }
    ASSIGN_OR_RETURN(Json canonical, CanonicalKey(column, *member));
    parts.push_back(std::move(canonical));
    return Status::Ok();
  };
  RETURN_IF_ERROR(add(primary.partition));
  for (const KeyColumn& column : primary.sort) {
    RETURN_IF_ERROR(add(column));
  }
  try {
    return parts.size() == 1 ? parts.front().dump() : parts.dump();
  } catch (const Json::exception&) {
    return Status::InvalidArgument("A key field is not valid UTF-8");
  }
}

Result<SqlFragment> SortConditionSql(const KeyPlan& key, const Json& condition) {
  SqlFragment out;
  if (condition.is_null() || (condition.is_object() && condition.empty())) {
    return out;
  }
  if (key.sort.empty()) {
    return InvalidCondition("the key has no sort key");
  }
  if (!condition.is_object()) {
    return InvalidCondition("expected an object");
  }
  const Json* operand = nullptr;
  std::string op;
  for (const auto& [name, value] : condition.items()) {
    if (value.is_null()) {
      continue;
    }
    if (operand != nullptr) {
      return InvalidCondition("expected exactly one operator");
    }
    op = name;
    operand = &value;
  }
  if (operand == nullptr) {
    return out;
  }
  std::vector<std::string> parts;
  if (op == "eq") {
    ASSIGN_OR_RETURN(const auto values, OperandValues(key, *operand));
    AppendEquals(key, values, values.size(), parts, out);
  } else if (op == "lt" || op == "le" || op == "gt" || op == "ge") {
    ASSIGN_OR_RETURN(const auto values, OperandValues(key, *operand));
    const std::string_view sql_op = op == "lt" ? "<" : op == "le" ? "<=" : op == "gt" ? ">" : ">=";
    AppendCompare(key, values, sql_op, parts, out);
  } else if (op == "between") {
    if (!operand->is_array() || operand->size() != 2) {
      return InvalidCondition("'between' takes two values");
    }
    ASSIGN_OR_RETURN(const auto low, OperandValues(key, (*operand)[0]));
    ASSIGN_OR_RETURN(const auto high, OperandValues(key, (*operand)[1]));
    if (low.size() == 1 && high.size() == 1 && Greater(low.front(), high.front())) {
      return InvalidCondition("'between' bounds must be in ascending order");
    }
    AppendCompare(key, low, ">=", parts, out);
    AppendCompare(key, high, "<=", parts, out);
  } else if (op == "beginsWith") {
    ASSIGN_OR_RETURN(const auto values, OperandValues(key, *operand));
    const KeyColumn& last = key.sort[values.size() - 1];
    const auto* prefix = std::get_if<std::string>(&values.back().rep());
    if (last.kind != FieldKind::kString || prefix == nullptr) {
      return InvalidCondition("'beginsWith' needs a string sort key");
    }
    AppendEquals(key, values, values.size() - 1, parts, out);
    // A byte range rather than substr(): exact for BINARY order, and the
    // index serves it.
    parts.push_back(last.expr + " >= ?");
    out.params.emplace_back(*prefix);
    if (std::optional<std::string> successor = PrefixSuccessor(*prefix)) {
      parts.push_back(last.expr + " < ?");
      out.params.emplace_back(std::move(*successor));
    }
  } else {
    return InvalidCondition("unknown operator '" + op.substr(0, 64) + "'");
  }
  out.sql = "(" + Join(parts, " AND ") + ")";
  return out;
}

ScanHint PlanScanHint(const TablePlan& plan, const std::vector<FieldEquality>& equalities) {
  ScanHint hint;
  std::vector<std::string> parts;
  for (const FieldEquality& equality : equalities) {
    for (const KeyPlan& key : plan.indexes) {
      if (key.sort.empty() && key.partition.field == equality.field) {
        parts.push_back(key.partition.expr + " = ?");
        hint.sql.params.push_back(equality.value);
        if (equality.exact) {
          hint.exact.push_back(equality);
        }
        break;
      }
    }
  }
  if (!parts.empty()) {
    hint.sql.sql = Join(parts, " AND ");
  }
  return hint;
}

SqlFragment BuildPageSql(const std::string& table, const PageQuery& query) {
  SqlFragment out;
  out.sql = "SELECT pk, item";
  if (query.key != nullptr) {
    for (const KeyColumn& column : query.key->sort) {
      out.sql += ", " + column.expr;
    }
  }
  out.sql += " FROM " + table + " WHERE ";
  if (query.key != nullptr && query.partition.has_value()) {
    out.sql += (query.key->partition_is_pk ? std::string("pk") : query.key->partition.expr) +
               " = ?" + SortPresent(*query.key);
    out.params.push_back(*query.partition);
  } else {
    out.sql += "1 = 1";
  }
  if (!query.sort_condition.sql.empty()) {
    out.sql += " AND ";
    Append(out, query.sort_condition);
  }
  if (!query.scan_hint.sql.empty()) {
    out.sql += " AND ";
    Append(out, query.scan_hint);
  }
  out.sql += " AND (";
  Append(out, query.filter);
  out.sql += ")";
  if (!query.after.empty()) {
    std::vector<std::string> columns;
    if (query.key != nullptr) {
      for (const KeyColumn& column : query.key->sort) {
        columns.push_back(column.expr);
      }
    }
    columns.push_back(table + ".pk");
    const std::string op = query.descending ? "<" : ">";
    if (columns.size() == 1) {
      out.sql += " AND " + columns.front() + " " + op + " ?";
      out.params.push_back(query.after.front());
    } else {
      // The lead comparison gives the index a range; the tuple is exact.
      out.sql += " AND " + columns.front() + " " + op + "= ? AND (" + Join(columns, ", ") + ") " +
                 op + " (";
      out.params.push_back(query.after.front());
      for (size_t column_idx = 0; column_idx < columns.size(); ++column_idx) {
        out.sql += column_idx > 0 ? ", ?" : "?";
        out.params.push_back(query.after[column_idx]);
      }
      out.sql += ")";
    }
  }
  out.sql += " ORDER BY " + OrderBy(table, query.key, query.descending) + " LIMIT ?";
  out.params.emplace_back(query.fetch);
  return out;
}

SqlFragment BuildGroupedSql(const std::string& table, const KeyPlan& key,
                            const std::vector<db::Value>& partitions, const SqlFragment& filter,
                            bool descending, int64_t fetch) {
  const std::string partition = key.partition_is_pk ? std::string("pk") : key.partition.expr;
  SqlFragment out;
  std::string sort_columns;
  std::string sort_names;
  for (size_t column_idx = 0; column_idx < key.sort.size(); ++column_idx) {
    const std::string name = "s" + std::to_string(column_idx);
    sort_columns += ", " + key.sort[column_idx].expr + " AS " + name;
    sort_names += ", " + name;
  }
  out.sql = "SELECT pk, item" + sort_names + ", grp FROM (SELECT pk, item" + sort_columns + ", " +
            partition + " AS grp, ROW_NUMBER() OVER (PARTITION BY " + partition + " ORDER BY " +
            OrderBy(table, &key, descending) + ") AS rn FROM " + table + " WHERE " + partition +
            " IN (";
  for (size_t index = 0; index < partitions.size(); ++index) {
    out.sql += index > 0 ? ", ?" : "?";
    out.params.push_back(partitions[index]);
  }
  out.sql += ")" + SortPresent(key) + " AND (";
  Append(out, filter);
  out.sql += ")) AS g WHERE rn <= ? ORDER BY grp, rn";
  out.params.emplace_back(fetch);
  return out;
}

}  // namespace gloss::data::store::table_sql
