// Translates an Amplify `Model<M>FilterInput` (as JSON) into a boolean SQL
// expression over a TEXT column `item` that holds each item as a JSON object
// (docs/design/data-store.md). The semantics follow DynamoDB filter
// expressions, the way AppSync evaluates them: type-strict comparisons,
// missing attributes never compare equal, `ne`/`notContains` true on them.
//
// What it is not: a query builder. It returns one WHERE-clause expression; the
// caller writes the SELECT, ordering and paging. Nothing from the filter ever
// becomes SQL text: values and JSON paths are bound parameters.
//
// Thread safety: stateless functions, safe from any thread.

#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "db/database.h"

namespace gloss::data::store {

// How a field's values are stored and compared.
enum class FieldKind {
  kString,   // ID, String, enums, AWSDate/Time/DateTime/Email/URL/Phone/IPAddress/JSON.
  kInt,      // Int, AWSTimestamp.
  kFloat,    // Float.
  kBoolean,  // Boolean.
};

struct FieldType {
  FieldKind kind = FieldKind::kString;
  bool list = false;  // `[T]`: the item holds a JSON array of T.
};

// Field name -> type, for the fields a filter may name.
using FieldTypes = std::map<std::string, FieldType, std::less<>>;

struct FilterLimits {
  int max_depth = 10;        // Nesting of filter objects; the top object is depth 1.
  int max_conditions = 100;  // Leaf operators (eq, size.lt, ...) in the whole filter.
};

// A boolean SQL expression and the values of its `?` placeholders, in order.
struct SqlFragment {
  std::string sql;
  db::Params params;
};

// Maps a GraphQL scalar type name (ID, String, Int, Float, Boolean, AWS*) to
// the kind its values are compared as. Enum types are the caller's business
// (they are kString). Errors: kInvalidArgument for any other name.
Result<FieldKind> FieldKindForScalar(std::string_view type_name);

// True for a GraphQL Name, `[_A-Za-z][_0-9A-Za-z]*`: the only field (and
// model) names that may become part of SQL text or a JSON path.
bool IsGraphQlName(std::string_view name);

// Returns the SQL for `filter` (a JSON object; null or {} means "all items",
// `1 = 1`). `fields` must outlive the call. Errors, all kInvalidArgument with a
// message naming the field and operator: unknown field or operator, operator
// not valid for the field's type, wrong value type, `between` without exactly
// two ascending values, empty `and`/`or`, nesting deeper than
// `limits.max_depth`, more than `limits.max_conditions` leaf conditions.
Result<SqlFragment> FilterToSql(const nlohmann::json& filter, const FieldTypes& fields,
                                db::Dialect dialect, const FilterLimits& limits = {});

// An equality every item a filter matches satisfies: on SQLite,
// `json_extract(item, '$.<field>') = value` holds for it.
struct FieldEquality {
  std::string field;
  db::Value value;  // The parameter FilterToSql binds for the `eq`.
  // The equality also holds only for items the `eq` matches, so testing it
  // can replace the condition (WithoutEqualities): true for a string that
  // does not start with '[' or '{'. json_extract gives other JSON types as
  // numbers, NULL, or (arrays, objects) JSON text starting with '[' or '{';
  // for numbers the type guard matters (it gives 1 for true).
  bool exact = false;

  friend bool operator==(const FieldEquality&, const FieldEquality&) = default;
};

// The `eq` conditions on String, Int and Float (not list) fields that `filter`
// requires: those in its top-level object and, recursively, in the objects of
// its top-level `and` lists (not under `or` or `not`). Adding them to the
// filter's SQL changes nothing but lets SQLite use an expression index.
// A subset for filters FilterToSql rejects.
std::vector<FieldEquality> ImpliedEqualities(const nlohmann::json& filter,
                                             const FieldTypes& fields);

// `filter` without the `eq` conditions that ImpliedEqualities reports as the
// exact ones among `drop` (a field object left empty matches everything). The
// caller tests those equalities instead; ANDed with them, the result matches
// exactly what `filter` matches. `filter` must be valid (FilterToSql).
nlohmann::json WithoutEqualities(const nlohmann::json& filter, const FieldTypes& fields,
                                 const std::vector<FieldEquality>& drop);

}  // namespace gloss::data::store
