#include "data/store/filter_sql.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "core/status.h"
#include "db/database.h"

namespace gloss::data::store {
namespace {

using Json = nlohmann::json;

// The JSON types a guard can test for.
enum class JsonType { kString, kNumber, kBool, kTrue, kFalse, kNull, kArray, kObject };

// Comparison operators shared by fields and `size`.
enum class Cmp { kEq, kNe, kLt, kLe, kGt, kGe };

constexpr size_t kMaxNameInMessage = 64;

std::string Quote(std::string_view text) {
  if (text.size() > kMaxNameInMessage) {
    return "'" + std::string(text.substr(0, kMaxNameInMessage)) + "...'";
  }
  return "'" + std::string(text) + "'";
}

Status Invalid(std::string_view field, std::string_view op, std::string_view what) {
  std::string message = "Invalid filter: ";
  if (!field.empty()) {
    message += "field " + Quote(field) + ": ";
  }
  if (!op.empty()) {
    message += "operator " + Quote(op) + ": ";
  }
  message += what;
  return Status::InvalidArgument(std::move(message));
}

std::string_view KindName(const FieldType& type) {
  if (type.list) {
    return "a list field";
  }
  switch (type.kind) {
    case FieldKind::kString: return "String";
    case FieldKind::kInt: return "Int";
    case FieldKind::kFloat: return "Float";
    case FieldKind::kBoolean: return "Boolean";
  }
  return "?";
}

std::string_view CmpSql(Cmp cmp) {
  switch (cmp) {
    case Cmp::kEq: return " = ";
    case Cmp::kNe: return " <> ";
    case Cmp::kLt: return " < ";
    case Cmp::kLe: return " <= ";
    case Cmp::kGt: return " > ";
    case Cmp::kGe: return " >= ";
  }
  return " = ";
}

bool ParseCmp(std::string_view op, Cmp& cmp) {
  static constexpr std::pair<std::string_view, Cmp> kCmps[] = {{"eq", Cmp::kEq}, {"ne", Cmp::kNe},
                                                               {"lt", Cmp::kLt}, {"le", Cmp::kLe},
                                                               {"gt", Cmp::kGt}, {"ge", Cmp::kGe}};
  for (const auto& [name, value] : kCmps) {
    if (name == op) {
      cmp = value;
      return true;
    }
  }
  return false;
}

std::string DumpJson(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// Checks `value` against the field's scalar kind and turns it into a param.
Result<db::Value> ScalarParam(std::string_view field, std::string_view op, FieldKind kind,
                              const Json& value) {
  switch (kind) {
    case FieldKind::kString:
      if (value.is_string()) {
        return db::Value(value.get_ref<const std::string&>());
      }
      return Invalid(field, op, "expects a string");
    case FieldKind::kInt:
      if (value.is_number_unsigned() &&
          value.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        return Invalid(field, op, "integer out of range");
      }
      if (value.is_number_integer()) {
        return db::Value(value.get<int64_t>());
      }
      return Invalid(field, op, "expects an integer");
    case FieldKind::kFloat:
      if (value.is_number_integer() && !value.is_number_unsigned()) {
        return db::Value(value.get<int64_t>());
      }
      if (value.is_number() && std::isfinite(value.get<double>())) {
        return db::Value(value.get<double>());
      }
      return Invalid(field, op, "expects a finite number");
    case FieldKind::kBoolean:
      if (value.is_boolean()) {
        return db::Value(static_cast<int64_t>(value.get<bool>() ? 1 : 0));
      }
      return Invalid(field, op, "expects a boolean");
  }
  return Invalid(field, op, "unsupported field kind");
}

// Builds the SQL text and its params for one filter. Every method that emits a
// `?` pushes its param in the same call, so text order equals param order.
class Translator {
 public:
  Translator(const FieldTypes& fields, db::Dialect dialect, const FilterLimits& limits)
      : fields_(fields), dialect_(dialect), limits_(limits) {}

  // `depth` is the nesting level of `filter` (top object: 1).
  Result<std::string> Object(const Json& filter, int depth) {
    if (depth > limits_.max_depth) {
      return Invalid("", "", "nested deeper than " + std::to_string(limits_.max_depth));
    }
    if (!filter.is_object()) {
      return Invalid("", "", "a filter must be an object");
    }
    std::vector<std::string> parts;
    for (const auto& [key, value] : filter.items()) {
      if (value.is_null()) {
        continue;  // An input field given as null is absent.
      }
      if (key == "and" || key == "or") {
        if (!value.is_array() || value.empty()) {
          return Invalid("", key, "expects a non-empty list of filters");
        }
        std::vector<std::string> children;
        for (const Json& child : value) {
          ASSIGN_OR_RETURN(std::string sql, Object(child, depth + 1));
          children.push_back(std::move(sql));
        }
        parts.push_back(Join(children, key == "and" ? " AND " : " OR "));
      } else if (key == "not") {
        ASSIGN_OR_RETURN(std::string sql, Object(value, depth + 1));
        parts.push_back(Not(sql));
      } else {
        ASSIGN_OR_RETURN(std::string sql, Field(key, value));
        parts.push_back(std::move(sql));
      }
    }
    if (parts.empty()) {
      return std::string("(1 = 1)");
    }
    return Join(parts, " AND ");
  }

  db::Params TakeParams() { return std::move(params_); }

 private:
  bool Sqlite() const { return dialect_ == db::Dialect::kSqlite; }
  std::string False() const { return Sqlite() ? "0" : "false"; }

  static std::string Join(const std::vector<std::string>& parts, std::string_view glue) {
    if (parts.size() == 1) {
      return parts.front();
    }
    std::string sql = "(";
    for (size_t index = 0; index < parts.size(); ++index) {
      if (index > 0) {
        sql += glue;
      }
      sql += parts[index];
    }
    return sql + ")";
  }
  static std::string Not(std::string_view sql) { return "(NOT " + std::string(sql) + ")"; }

  Status CountCondition(std::string_view field, std::string_view op) {
    if (++conditions_ > limits_.max_conditions) {
      return Invalid(field, op,
                     "more than " + std::to_string(limits_.max_conditions) + " conditions");
    }
    return Status::Ok();
  }

  // ---- SQL pieces; each pushes the params of the `?`s it emits. ----

  // The attribute as a JSON node (PostgreSQL jsonb), or SQL NULL if missing.
  std::string Node(std::string_view field) {
    if (Sqlite()) {
      params_.emplace_back("$.\"" + std::string(field) + "\"");
      return "json_extract(item, ?)";
    }
    params_.emplace_back(std::string(field));
    return "(CAST(item AS jsonb) -> CAST(? AS text))";
  }

  // The attribute's JSON type name, or '' when missing.
  std::string TypeName(std::string_view field) {
    if (Sqlite()) {
      params_.emplace_back("$.\"" + std::string(field) + "\"");
      return "COALESCE(json_type(item, ?), '')";
    }
    return "COALESCE(jsonb_typeof(" + Node(field) + "), '')";
  }

  // True when the attribute exists and has JSON type `type`; never NULL.
  std::string TypeIs(std::string_view field, JsonType type) {
    if (!Sqlite() && (type == JsonType::kTrue || type == JsonType::kFalse)) {
      return "COALESCE(" + Node(field) + " = CAST('" +
             (type == JsonType::kTrue ? "true" : "false") + "' AS jsonb), false)";
    }
    std::string sql = "(" + TypeName(field);
    switch (type) {
      case JsonType::kString: return sql + (Sqlite() ? " = 'text')" : " = 'string')");
      case JsonType::kNumber: return sql + (Sqlite() ? " IN ('integer', 'real'))" : " = 'number')");
      case JsonType::kBool: return sql + (Sqlite() ? " IN ('true', 'false'))" : " = 'boolean')");
      case JsonType::kTrue: return sql + " = 'true')";
      case JsonType::kFalse: return sql + " = 'false')";
      case JsonType::kNull: return sql + " = 'null')";
      case JsonType::kArray: return sql + " = 'array')";
      case JsonType::kObject: return sql + " = 'object')";
    }
    return sql + " = 'object')";
  }

  std::string Exists(std::string_view field, bool exists) {
    const std::string_view test = exists ? " IS NOT NULL)" : " IS NULL)";
    if (Sqlite()) {
      params_.emplace_back("$.\"" + std::string(field) + "\"");
      return "(json_type(item, ?)" + std::string(test);
    }
    return "(" + Node(field) + std::string(test);
  }

  // `cmp` evaluated only when `guard` holds; false otherwise. Never NULL as
  // long as `cmp` is not NULL whenever `guard` holds.
  std::string Guarded(const std::string& guard, const std::string& cmp) const {
    return "(CASE WHEN " + guard + " THEN " + cmp + " ELSE " + False() + " END)";
  }

  // The attribute's scalar value, for a string or number comparison.
  std::string ScalarValue(std::string_view field, FieldKind kind) {
    if (Sqlite()) {
      params_.emplace_back("$.\"" + std::string(field) + "\"");
      return "json_extract(item, ?)";
    }
    params_.emplace_back(std::string(field));
    if (kind == FieldKind::kString) {
      return "((CAST(item AS jsonb) ->> CAST(? AS text)) COLLATE \"C\")";
    }
    return "CAST(CAST(item AS jsonb) ->> CAST(? AS text) AS numeric)";
  }

  std::string Placeholder(FieldKind kind) const {
    if (Sqlite()) {
      return "?";
    }
    return kind == FieldKind::kString ? "CAST(? AS text)" : "CAST(? AS numeric)";
  }

  static JsonType GuardType(FieldKind kind) {
    return kind == FieldKind::kString ? JsonType::kString : JsonType::kNumber;
  }

  // ---- Fields and operators. ----

  Result<std::string> Field(const std::string& field, const Json& ops) {
    const auto found = fields_.find(field);
    if (found == fields_.end()) {
      return Invalid(field, "", "unknown field");
    }
    if (!IsGraphQlName(field)) {
      return Invalid(field, "", "not a valid field name");
    }
    if (!ops.is_object()) {
      return Invalid(field, "", "expects an object of operators");
    }
    std::vector<std::string> parts;
    for (const auto& [op, value] : ops.items()) {
      RETURN_IF_ERROR(CountCondition(field, op));
      ASSIGN_OR_RETURN(std::string sql, Operator(field, found->second, op, value));
      parts.push_back(std::move(sql));
    }
    if (parts.empty()) {
      return std::string("(1 = 1)");
    }
    return Join(parts, " AND ");
  }

  Result<std::string> Operator(const std::string& field, const FieldType& type,
                               const std::string& op, const Json& value) {
    if (op == "attributeExists") {
      if (!value.is_boolean()) {
        return Invalid(field, op, "expects a boolean");
      }
      return Exists(field, value.get<bool>());
    }
    if (op == "attributeType") {
      return AttributeType(field, op, value);
    }
    if (op == "size") {
      if (type.list || type.kind == FieldKind::kString) {
        return Size(field, type, value);
      }
      return NotValidFor(field, op, type);
    }
    Cmp cmp = Cmp::kEq;
    const bool is_cmp = ParseCmp(op, cmp);
    if (is_cmp && (cmp == Cmp::kEq || cmp == Cmp::kNe)) {
      ASSIGN_OR_RETURN(std::string eq, Equal(field, type, op, value));
      return cmp == Cmp::kEq ? eq : Not(eq);
    }
    if (op == "contains" || op == "notContains") {
      if (!type.list && type.kind != FieldKind::kString) {
        return NotValidFor(field, op, type);
      }
      ASSIGN_OR_RETURN(std::string contains, Contains(field, type, op, value));
      return op == "contains" ? contains : Not(contains);
    }
    if (!is_cmp && op != "between" && op != "beginsWith") {
      return Invalid(field, op, "unknown operator");
    }
    if (type.list || type.kind == FieldKind::kBoolean ||
        (op == "beginsWith" && type.kind != FieldKind::kString)) {
      return NotValidFor(field, op, type);
    }
    if (value.is_null()) {
      return Invalid(field, op, "does not accept null");
    }
    if (op == "beginsWith") {
      return BeginsWith(field, op, value);
    }
    if (op == "between") {
      return Between(field, op, type.kind, value);
    }
    ASSIGN_OR_RETURN(db::Value param, ScalarParam(field, op, type.kind, value));
    const std::string guard = TypeIs(field, GuardType(type.kind));
    std::string sql =
        ScalarValue(field, type.kind) + std::string(CmpSql(cmp)) + Placeholder(type.kind);
    params_.push_back(std::move(param));
    return Guarded(guard, sql);
  }

  static Status NotValidFor(std::string_view field, std::string_view op, const FieldType& type) {
    return Invalid(field, op, "not valid for " + std::string(KindName(type)));
  }

  // `eq` (never NULL); `ne` is its negation.
  Result<std::string> Equal(const std::string& field, const FieldType& type, const std::string& op,
                            const Json& value) {
    if (value.is_null()) {
      return TypeIs(field, JsonType::kNull);
    }
    if (type.list) {
      return ListEqual(field, type, op, value);
    }
    if (type.kind == FieldKind::kBoolean) {
      if (!value.is_boolean()) {
        return Invalid(field, op, "expects a boolean");
      }
      return TypeIs(field, value.get<bool>() ? JsonType::kTrue : JsonType::kFalse);
    }
    ASSIGN_OR_RETURN(db::Value param, ScalarParam(field, op, type.kind, value));
    const std::string guard = TypeIs(field, GuardType(type.kind));
    std::string sql = ScalarValue(field, type.kind) + " = " + Placeholder(type.kind);
    params_.push_back(std::move(param));
    return Guarded(guard, sql);
  }

  Result<std::string> ListEqual(const std::string& field, const FieldType& type,
                                const std::string& op, const Json& value) {
    if (!value.is_array()) {
      return Invalid(field, op, "expects a list");
    }
    for (const Json& element : value) {
      RETURN_IF_ERROR(ScalarParam(field, op, type.kind, element).status());
    }
    const std::string guard = TypeIs(field, JsonType::kArray);
    std::string sql = Sqlite() ? Node(field) + " = json(?)" : Node(field) + " = CAST(? AS jsonb)";
    params_.emplace_back(DumpJson(value));
    return Guarded(guard, sql);
  }

  // String: byte substring. List: element membership.
  Result<std::string> Contains(const std::string& field, const FieldType& type,
                               const std::string& op, const Json& value) {
    if (value.is_null()) {
      return Invalid(field, op, "does not accept null");
    }
    ASSIGN_OR_RETURN(db::Value param, ScalarParam(field, op, type.kind, value));
    if (!type.list) {
      const std::string guard = TypeIs(field, JsonType::kString);
      std::string sql;
      if (Sqlite()) {
        sql = "instr(CAST(" + ScalarValue(field, type.kind) + " AS BLOB), ?) > 0";
        params_.emplace_back(db::Blob{value.get<std::string>()});
      } else {
        sql = "strpos(" + ScalarValue(field, type.kind) + ", CAST(? AS text)) > 0";
        params_.push_back(std::move(param));
      }
      return Guarded(guard, sql);
    }
    const std::string guard = TypeIs(field, JsonType::kArray);
    if (!Sqlite()) {
      std::string sql = Node(field) + " @> CAST(? AS jsonb)";
      params_.emplace_back(DumpJson(Json::array({value})));
      return Guarded(guard, sql);
    }
    params_.emplace_back("$.\"" + field + "\"");
    std::string sql = "EXISTS (SELECT 1 FROM json_each(item, ?) AS element WHERE ";
    switch (type.kind) {
      case FieldKind::kString:
        sql += "element.type = 'text' AND element.value = ?)";
        params_.push_back(std::move(param));
        break;
      case FieldKind::kInt:
      case FieldKind::kFloat:
        sql += "element.type IN ('integer', 'real') AND element.value = ?)";
        params_.push_back(std::move(param));
        break;
      case FieldKind::kBoolean:
        sql += value.get<bool>() ? "element.type = 'true')" : "element.type = 'false')";
        break;
    }
    return Guarded(guard, sql);
  }

  Result<std::string> BeginsWith(const std::string& field, const std::string& op,
                                 const Json& value) {
    if (!value.is_string()) {
      return Invalid(field, op, "expects a string");
    }
    const std::string& prefix = value.get_ref<const std::string&>();
    const std::string guard = TypeIs(field, JsonType::kString);
    std::string sql;
    if (Sqlite()) {
      sql =
          "substr(CAST(" + ScalarValue(field, FieldKind::kString) + " AS BLOB), 1, length(?)) = ?";
      params_.emplace_back(db::Blob{prefix});
      params_.emplace_back(db::Blob{prefix});
    } else {
      sql = "starts_with(" + ScalarValue(field, FieldKind::kString) + ", CAST(? AS text))";
      params_.emplace_back(prefix);
    }
    return Guarded(guard, sql);
  }

  Result<std::string> Between(const std::string& field, const std::string& op, FieldKind kind,
                              const Json& value) {
    if (!value.is_array() || value.size() != 2) {
      return Invalid(field, op, "expects exactly two values");
    }
    ASSIGN_OR_RETURN(db::Value low, ScalarParam(field, op, kind, value[0]));
    ASSIGN_OR_RETURN(db::Value high, ScalarParam(field, op, kind, value[1]));
    if (value[1] < value[0]) {
      return Invalid(field, op, "the lower bound is greater than the upper bound");
    }
    const std::string guard = TypeIs(field, GuardType(kind));
    std::string sql =
        ScalarValue(field, kind) + " BETWEEN " + Placeholder(kind) + " AND " + Placeholder(kind);
    params_.push_back(std::move(low));
    params_.push_back(std::move(high));
    return Guarded(guard, sql);
  }

  Result<std::string> AttributeType(const std::string& field, const std::string& op,
                                    const Json& value) {
    if (!value.is_string()) {
      return Invalid(field, op, "expects a ModelAttributeTypes value");
    }
    const std::string& name = value.get_ref<const std::string&>();
    static constexpr std::pair<std::string_view, JsonType> kTypes[] = {
        {"string", JsonType::kString}, {"number", JsonType::kNumber}, {"bool", JsonType::kBool},
        {"list", JsonType::kArray},    {"map", JsonType::kObject},    {"_null", JsonType::kNull}};
    for (const auto& [type_name, type] : kTypes) {
      if (type_name == name) {
        return TypeIs(field, type);
      }
    }
    if (name == "binary" || name == "binarySet" || name == "numberSet" || name == "stringSet") {
      return std::string("(1 = 0)");  // JSON has no binary or set types.
    }
    return Invalid(field, op, "unknown attribute type " + Quote(name));
  }

  // The attribute's size: string length in UTF-8 bytes, or list length.
  std::string SizeOf(const std::string& field, const FieldType& type) {
    if (type.list) {
      if (Sqlite()) {
        params_.emplace_back("$.\"" + field + "\"");
        return "json_array_length(item, ?)";
      }
      return "jsonb_array_length(" + Node(field) + ")";
    }
    if (Sqlite()) {
      return "length(CAST(" + ScalarValue(field, FieldKind::kString) + " AS BLOB))";
    }
    return "octet_length(" + ScalarValue(field, FieldKind::kString) + ")";
  }

  Result<std::string> Size(const std::string& field, const FieldType& type, const Json& ops) {
    if (!ops.is_object()) {
      return Invalid(field, "size", "expects a ModelSizeInput object");
    }
    std::vector<std::string> parts;
    for (const auto& [op, value] : ops.items()) {
      if (value.is_null()) {
        continue;
      }
      const std::string name = "size." + op;
      RETURN_IF_ERROR(CountCondition(field, name));
      Cmp cmp = Cmp::kEq;
      const bool is_cmp = ParseCmp(op, cmp);
      if (!is_cmp && op != "between") {
        return Invalid(field, name, "unknown operator");
      }
      const std::string placeholder = Sqlite() ? "?" : "CAST(? AS bigint)";
      const std::string guard = TypeIs(field, type.list ? JsonType::kArray : JsonType::kString);
      if (is_cmp) {
        ASSIGN_OR_RETURN(db::Value param, ScalarParam(field, name, FieldKind::kInt, value));
        std::string sql = SizeOf(field, type) + std::string(CmpSql(cmp)) + placeholder;
        params_.push_back(std::move(param));
        parts.push_back(Guarded(guard, sql));
        continue;
      }
      if (!value.is_array() || value.size() != 2) {
        return Invalid(field, name, "expects exactly two values");
      }
      ASSIGN_OR_RETURN(db::Value low, ScalarParam(field, name, FieldKind::kInt, value[0]));
      ASSIGN_OR_RETURN(db::Value high, ScalarParam(field, name, FieldKind::kInt, value[1]));
      if (value[1] < value[0]) {
        return Invalid(field, name, "the lower bound is greater than the upper bound");
      }
      std::string sql = SizeOf(field, type) + " BETWEEN " + placeholder + " AND " + placeholder;
      params_.push_back(std::move(low));
      params_.push_back(std::move(high));
      parts.push_back(Guarded(guard, sql));
    }
    if (parts.empty()) {
      return std::string("(1 = 1)");
    }
    return Join(parts, " AND ");
  }

  const FieldTypes& fields_;
  const db::Dialect dialect_;
  const FilterLimits limits_;
  db::Params params_;
  int conditions_ = 0;
};

// The equality a field's operator object requires, if any: Translator::Equal
// gives the type guard and `json_extract(item, ?) = ?` on this very parameter.
std::optional<FieldEquality> EqualityOf(const std::string& field, const Json& ops,
                                        const FieldTypes& fields) {
  const auto type = fields.find(field);
  if (type == fields.end() || type->second.list || type->second.kind == FieldKind::kBoolean ||
      !ops.is_object()) {
    return std::nullopt;
  }
  const auto eq = ops.find("eq");
  if (eq == ops.end() || eq->is_null()) {
    return std::nullopt;
  }
  Result<db::Value> param = ScalarParam(field, "eq", type->second.kind, *eq);
  if (!param.ok()) {
    return std::nullopt;
  }
  const auto* text = std::get_if<std::string>(&param->rep());
  const bool exact =
      text != nullptr && (text->empty() || (text->front() != '[' && text->front() != '{'));
  return FieldEquality{.field = field, .value = *std::move(param), .exact = exact};
}

// Calls `visit(field, ops)` for each field's operator object (mutable) in the
// positions whose conditions `filter` requires (see ImpliedEqualities).
template <typename FilterJson, typename Visit>
void ForEachRequiredField(FilterJson& filter, int depth, const Visit& visit) {
  if (!filter.is_object() || depth > FilterLimits().max_depth) {
    return;
  }
  for (auto member = filter.begin(); member != filter.end(); ++member) {
    const std::string& key = member.key();
    auto& value = member.value();
    if (value.is_null() || key == "or" || key == "not") {
      continue;
    }
    if (key == "and") {
      if (value.is_array()) {
        for (auto& child : value) {
          ForEachRequiredField(child, depth + 1, visit);
        }
      }
      continue;
    }
    visit(key, value);
  }
}

}  // namespace

std::vector<FieldEquality> ImpliedEqualities(const nlohmann::json& filter,
                                             const FieldTypes& fields) {
  std::vector<FieldEquality> equalities;
  ForEachRequiredField(filter, 1, [&](const std::string& field, const Json& ops) {
    if (std::optional<FieldEquality> equality = EqualityOf(field, ops, fields)) {
      equalities.push_back(*std::move(equality));
    }
  });
  return equalities;
}

nlohmann::json WithoutEqualities(const nlohmann::json& filter, const FieldTypes& fields,
                                 const std::vector<FieldEquality>& drop) {
  Json out = filter;
  ForEachRequiredField(out, 1, [&](const std::string& field, Json& ops) {
    const std::optional<FieldEquality> equality = EqualityOf(field, ops, fields);
    if (equality.has_value() && equality->exact &&
        std::find(drop.begin(), drop.end(), *equality) != drop.end()) {
      ops.erase("eq");
    }
  });
  return out;
}

Result<FieldKind> FieldKindForScalar(std::string_view type_name) {
  static constexpr std::pair<std::string_view, FieldKind> kScalars[] = {
      {"ID", FieldKind::kString},        {"String", FieldKind::kString},
      {"Int", FieldKind::kInt},          {"Float", FieldKind::kFloat},
      {"Boolean", FieldKind::kBoolean},  {"AWSDate", FieldKind::kString},
      {"AWSTime", FieldKind::kString},   {"AWSDateTime", FieldKind::kString},
      {"AWSTimestamp", FieldKind::kInt}, {"AWSEmail", FieldKind::kString},
      {"AWSJSON", FieldKind::kString},   {"AWSURL", FieldKind::kString},
      {"AWSPhone", FieldKind::kString},  {"AWSIPAddress", FieldKind::kString},
      {"BigInt", FieldKind::kInt},       {"Double", FieldKind::kFloat}};
  for (const auto& [name, kind] : kScalars) {
    if (name == type_name) {
      return kind;
    }
  }
  return Status::InvalidArgument("Not a filterable scalar type: " + Quote(type_name));
}

Result<SqlFragment> FilterToSql(const nlohmann::json& filter, const FieldTypes& fields,
                                db::Dialect dialect, const FilterLimits& limits) {
  if (filter.is_null()) {
    return SqlFragment{.sql = "(1 = 1)", .params = {}};
  }
  Translator translator(fields, dialect, limits);
  ASSIGN_OR_RETURN(std::string sql, translator.Object(filter, 1));
  return SqlFragment{.sql = std::move(sql), .params = translator.TakeParams()};
}

bool IsGraphQlName(std::string_view name) {
  if (name.empty()) {
    return false;
  }
  for (size_t index = 0; index < name.size(); ++index) {
    const char c = name[index];
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    const bool digit = c >= '0' && c <= '9';
    if (!alpha && !(digit && index > 0)) {
      return false;
    }
  }
  return true;
}

}  // namespace gloss::data::store
