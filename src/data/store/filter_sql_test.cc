#include "data/store/filter_sql.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "db/database.h"
#include "db/sqlite_test_fixture.h"
#include "test/support/status_matchers.h"

namespace gloss::data::store {
namespace {

using ::gloss::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using Json = nlohmann::json;

const FieldTypes& Fields() {
  static const FieldTypes* const fields = new FieldTypes{
      {"id", {FieldKind::kString, false}},    {"name", {FieldKind::kString, false}},
      {"priority", {FieldKind::kInt, false}}, {"score", {FieldKind::kFloat, false}},
      {"done", {FieldKind::kBoolean, false}}, {"tags", {FieldKind::kString, true}},
      {"nums", {FieldKind::kInt, true}},      {"flags", {FieldKind::kBoolean, true}},
  };
  return *fields;
}

size_t CountPlaceholders(const std::string& sql) {
  return static_cast<size_t>(std::count(sql.begin(), sql.end(), '?'));
}

Result<SqlFragment> Translate(const std::string& filter, db::Dialect dialect = db::Dialect::kSqlite,
                              const FilterLimits& limits = {}) {
  return FilterToSql(Json::parse(filter), Fields(), dialect, limits);
}

// ---- SQL text. ----

TEST(DataStoreFilterSqlTextTest, ImpliedEqualitiesAreTheRequiredEqConditions) {
  const auto equalities = [](const std::string& filter) {
    std::vector<std::pair<std::string, db::Value>> out;
    for (const FieldEquality& equality : ImpliedEqualities(Json::parse(filter), Fields())) {
      out.emplace_back(equality.field, equality.value);
    }
    return out;
  };
  using Pair = std::pair<std::string, db::Value>;
  EXPECT_THAT(equalities(R"({"name": {"eq": "x"}, "priority": {"eq": 3, "ne": 4}})"),
              ElementsAre(Pair("name", db::Value("x")), Pair("priority", db::Value(3))));
  // The very parameter FilterToSql binds (a Float field takes 2 as 2.0, -2 as -2).
  for (const std::string filter : {R"({"score": {"eq": 2}})", R"({"score": {"eq": -2}})",
                                   R"({"score": {"eq": 2.5}})", R"({"priority": {"eq": 2}})"}) {
    ASSERT_OK_AND_ASSIGN(const SqlFragment fragment, Translate(filter));
    EXPECT_THAT(equalities(filter),
                ElementsAre(::testing::Field(&Pair::second, fragment.params.back())))
        << filter;
  }
  EXPECT_THAT(equalities(R"({"and": [{"name": {"eq": "a"}}, {"and": [{"id": {"eq": "b"}}]}]})"),
              ElementsAre(Pair("name", db::Value("a")), Pair("id", db::Value("b"))));
  // Not required (or, not), not an equality, or not a scalar String/Int/Float.
  EXPECT_THAT(equalities(R"({"or": [{"name": {"eq": "a"}}], "not": {"id": {"eq": "b"}}})"),
              IsEmpty());
  EXPECT_THAT(equalities(R"({"name": {"ne": "a", "beginsWith": "b"}, "priority": {"eq": null}})"),
              IsEmpty());
  EXPECT_THAT(equalities(R"({"done": {"eq": true}, "tags": {"eq": ["a"]}})"), IsEmpty());
  // Exact: json_extract gives this text for the string alone.
  std::vector<bool> exact;
  for (const FieldEquality& equality : ImpliedEqualities(
           Json::parse(R"({"name": {"eq": "a"}, "id": {"eq": "[a"}, "and": [{"id": {"eq": "{"}},)"
                       R"( {"id": {"eq": ""}}], "priority": {"eq": 1}})"),
           Fields())) {
    exact.push_back(equality.exact);
  }
  // In key order: the two under and ("{", ""), id, name, priority.
  EXPECT_THAT(exact, ElementsAre(false, true, false, true, false));
  // Malformed filters give a subset, never an error.
  EXPECT_THAT(equalities(R"({"name": {"eq": 3}, "nope": {"eq": "a"}, "and": {"id": 1}})"),
              IsEmpty());
  EXPECT_THAT(equalities("null"), IsEmpty());
}

TEST(DataStoreFilterSqlTextTest, SqliteEqBindsPathAndValue) {
  ASSERT_OK_AND_ASSIGN(SqlFragment fragment, Translate(R"({"name": {"eq": "x"}})"));
  EXPECT_EQ(fragment.sql,
            "(CASE WHEN (COALESCE(json_type(item, ?), '') = 'text') THEN json_extract(item, ?) = "
            "? ELSE 0 END)");
  EXPECT_THAT(fragment.params,
              ElementsAre(db::Value("$.\"name\""), db::Value("$.\"name\""), db::Value("x")));
}

TEST(DataStoreFilterSqlTextTest, PostgresEqUsesJsonbAndCollationC) {
  ASSERT_OK_AND_ASSIGN(SqlFragment fragment,
                       Translate(R"({"name": {"lt": "x"}})", db::Dialect::kPostgres));
  EXPECT_EQ(fragment.sql,
            "(CASE WHEN (COALESCE(jsonb_typeof((CAST(item AS jsonb) -> CAST(? AS text))), '') = "
            "'string') THEN ((CAST(item AS jsonb) ->> CAST(? AS text)) COLLATE \"C\") < CAST(? AS "
            "text) ELSE false END)");
  EXPECT_THAT(fragment.params, ElementsAre(db::Value("name"), db::Value("name"), db::Value("x")));
}

TEST(DataStoreFilterSqlTextTest, PostgresNumbersCastToNumeric) {
  ASSERT_OK_AND_ASSIGN(SqlFragment fragment,
                       Translate(R"({"priority": {"between": [1, 5]}})", db::Dialect::kPostgres));
  EXPECT_THAT(fragment.sql, HasSubstr("= 'number'"));
  EXPECT_THAT(fragment.sql, HasSubstr("CAST(CAST(item AS jsonb) ->> CAST(? AS text) AS numeric) "
                                      "BETWEEN CAST(? AS numeric) AND CAST(? AS numeric)"));
  EXPECT_EQ(CountPlaceholders(fragment.sql), fragment.params.size());
}

TEST(DataStoreFilterSqlTextTest, PostgresListContainsUsesJsonbContainment) {
  ASSERT_OK_AND_ASSIGN(SqlFragment fragment,
                       Translate(R"({"tags": {"contains": "a"}})", db::Dialect::kPostgres));
  EXPECT_THAT(fragment.sql, HasSubstr("@> CAST(? AS jsonb)"));
  EXPECT_EQ(fragment.params.back(), db::Value("[\"a\"]"));
}

TEST(DataStoreFilterSqlTextTest, EmptyAndNullFiltersMatchAll) {
  ASSERT_OK_AND_ASSIGN(SqlFragment empty, Translate("{}"));
  EXPECT_EQ(empty.sql, "(1 = 1)");
  ASSERT_OK_AND_ASSIGN(SqlFragment null, Translate("null"));
  EXPECT_EQ(null.sql, "(1 = 1)");
  EXPECT_TRUE(null.params.empty());
}

TEST(DataStoreFilterSqlTextTest, UserTextNeverReachesSql) {
  const std::string hostile = "x'); DROP TABLE t; --\"";
  const Json filter = {{"or", Json::array({{{"name", {{"eq", hostile}}}},
                                           {{"name", {{"beginsWith", hostile}}}},
                                           {{"tags", {{"contains", hostile}}}},
                                           {{"name", {{"contains", hostile}}}}})}};
  for (const db::Dialect dialect : {db::Dialect::kSqlite, db::Dialect::kPostgres}) {
    ASSERT_OK_AND_ASSIGN(SqlFragment fragment, FilterToSql(filter, Fields(), dialect));
    EXPECT_EQ(fragment.sql.find("DROP"), std::string::npos);
    EXPECT_EQ(fragment.sql.find("name"), std::string::npos);  // Paths are params too.
    EXPECT_EQ(CountPlaceholders(fragment.sql), fragment.params.size());
  }
}

TEST(DataStoreFilterSqlTextTest, PlaceholdersMatchParamsForEveryOperator) {
  const std::vector<std::string> filters = {
      R"({"name": {"eq": "a", "ne": "b", "lt": "c", "le": "d", "gt": "e", "ge": "f"}})",
      R"({"name": {"between": ["a", "b"], "beginsWith": "a", "contains": "b", "notContains": "c"}})",
      R"({"name": {"size": {"eq": 1, "ne": 2, "between": [1, 3]}, "attributeType": "string"}})",
      R"({"priority": {"eq": 1, "ne": null, "attributeExists": true}, "score": {"gt": 1.5}})",
      R"({"done": {"eq": true, "ne": false}, "flags": {"contains": true}})",
      R"({"tags": {"eq": ["a", "b"], "ne": [], "contains": "x", "size": {"gt": 1}}})",
      R"({"nums": {"contains": 3, "notContains": 4}})",
      R"({"or": [{"name": {"eq": "a"}}, {"not": {"priority": {"le": 3}}}]})",
  };
  for (const std::string& filter : filters) {
    for (const db::Dialect dialect : {db::Dialect::kSqlite, db::Dialect::kPostgres}) {
      ASSERT_OK_AND_ASSIGN(SqlFragment fragment, Translate(filter, dialect));
      EXPECT_EQ(CountPlaceholders(fragment.sql), fragment.params.size()) << filter;
    }
  }
}

// ---- Errors. ----

struct ErrorCase {
  std::string filter;
  std::string message;
};

TEST(DataStoreFilterSqlErrorTest, RejectsInvalidFilters) {
  const std::vector<ErrorCase> cases = {
      {R"({"nope": {"eq": 1}})", "field 'nope': unknown field"},
      {R"({"priority": {"beginsWith": "1"}})", "'beginsWith': not valid for Int"},
      {R"({"name": {"eq": 5}})", "'eq': expects a string"},
      {R"({"priority": {"eq": "5"}})", "'eq': expects an integer"},
      {R"({"priority": {"eq": 1.5}})", "expects an integer"},
      {R"({"priority": {"eq": 9223372036854775808}})", "out of range"},
      {R"({"done": {"eq": 1}})", "expects a boolean"},
      {R"({"priority": {"between": [1]}})", "'between': expects exactly two values"},
      {R"({"priority": {"between": [1, 2, 3]}})", "exactly two values"},
      {R"({"priority": {"between": [5, 1]}})", "lower bound"},
      {R"({"and": []})", "'and': expects a non-empty list"},
      {R"({"or": []})", "'or': expects a non-empty list"},
      {R"({"or": {"name": {"eq": "a"}}})", "'or': expects a non-empty list"},
      {R"({"and": [1]})", "must be an object"},
      {R"({"not": [{"name": {"eq": "a"}}]})", "must be an object"},
      {R"([1])", "must be an object"},
      {R"({"name": "apple"})", "expects an object of operators"},
      {R"({"name": {"like": "a%"}})", "'like': unknown operator"},
      {R"({"name": {"lt": null}})", "does not accept null"},
      {R"({"name": {"contains": null}})", "does not accept null"},
      {R"({"priority": {"size": {"eq": 1}}})", "'size': not valid for Int"},
      {R"({"done": {"gt": true}})", "not valid for Boolean"},
      {R"({"priority": {"contains": 1}})", "'contains': not valid for Int"},
      {R"({"tags": {"lt": "a"}})", "not valid for a list field"},
      {R"({"tags": {"eq": "a"}})", "expects a list"},
      {R"({"tags": {"eq": ["a", 1]}})", "expects a string"},
      {R"({"name": {"attributeType": "text"}})", "unknown attribute type"},
      {R"({"name": {"attributeExists": "yes"}})", "expects a boolean"},
      {R"({"name": {"size": {"eq": "1"}}})", "'size.eq': expects an integer"},
      {R"({"name": {"size": {"in": [1]}}})", "'size.in': unknown operator"},
      {R"({"name": {"size": 3}})", "ModelSizeInput"},
      {R"({"nums": {"contains": "1"}})", "expects an integer"},
  };
  for (const ErrorCase& test : cases) {
    Result<SqlFragment> result = Translate(test.filter);
    ASSERT_THAT(result.status(), StatusIs(StatusCode::kInvalidArgument)) << test.filter;
    EXPECT_THAT(result.status().message(), HasSubstr(test.message)) << test.filter;
  }
}

TEST(DataStoreFilterSqlErrorTest, RejectsUnsafeFieldNamesFromTheSchema) {
  const FieldTypes fields = {{"a\"b", {FieldKind::kString, false}}};
  EXPECT_THAT(
      FilterToSql(Json::parse(R"({"a\"b": {"eq": "x"}})"), fields, db::Dialect::kSqlite).status(),
      StatusIs(StatusCode::kInvalidArgument));
}

Json Nested(int nots) {
  Json filter = {{"name", {{"eq", "a"}}}};
  for (int index = 0; index < nots; ++index) {
    filter = Json{{"not", filter}};
  }
  return filter;
}

TEST(DataStoreFilterSqlErrorTest, DepthLimitCountsFilterObjects) {
  EXPECT_OK(FilterToSql(Nested(9), Fields(), db::Dialect::kSqlite).status());
  Result<SqlFragment> deep = FilterToSql(Nested(10), Fields(), db::Dialect::kSqlite);
  EXPECT_THAT(deep.status(), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(deep.status().message(), HasSubstr("deeper than 10"));
  EXPECT_OK(FilterToSql(Nested(10), Fields(), db::Dialect::kSqlite, {.max_depth = 11}).status());
  // Deep input far past the limit is refused without deep recursion.
  EXPECT_THAT(FilterToSql(Nested(1000), Fields(), db::Dialect::kSqlite).status(),
              StatusIs(StatusCode::kInvalidArgument));
}

TEST(DataStoreFilterSqlErrorTest, ConditionLimitCountsLeafOperators) {
  Json conditions = Json::array();
  for (int index = 0; index < 100; ++index) {
    conditions.push_back({{"priority", {{"ne", index}}}});
  }
  const Json ok = {{"and", conditions}};
  EXPECT_OK(FilterToSql(ok, Fields(), db::Dialect::kSqlite).status());
  conditions.push_back({{"name", {{"size", {{"gt", 1}}}}}});
  Result<SqlFragment> many = FilterToSql({{"and", conditions}}, Fields(), db::Dialect::kSqlite);
  EXPECT_THAT(many.status(), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(many.status().message(), HasSubstr("more than 100 conditions"));
}

TEST(DataStoreFilterSqlTest, FieldKindForScalarMapsAppSyncTypes) {
  EXPECT_EQ(*FieldKindForScalar("AWSTimestamp"), FieldKind::kInt);
  EXPECT_EQ(*FieldKindForScalar("AWSDateTime"), FieldKind::kString);
  EXPECT_EQ(*FieldKindForScalar("Float"), FieldKind::kFloat);
  EXPECT_EQ(*FieldKindForScalar("Boolean"), FieldKind::kBoolean);
  EXPECT_THAT(FieldKindForScalar("Todo").status(), StatusIs(StatusCode::kInvalidArgument));
}

// ---- Executed against SQLite. ----

class DataStoreFilterSqliteTest : public db::SqliteDatabaseTest {
 protected:
  void SetUp() override {
    db::SqliteDatabaseTest::SetUp();
    ASSERT_OK(db_->ExecuteScript("CREATE TABLE t(pk TEXT PRIMARY KEY, item TEXT NOT NULL)"));
    const std::vector<std::pair<std::string, Json>> items = {
        {"a",
         {{"name", "apple"},
          {"priority", 1},
          {"score", 1.5},
          {"done", true},
          {"tags", {"red", "fruit"}},
          {"nums", {1, 2}},
          {"flags", {true}}}},
        {"b",
         {{"name", "banana"},
          {"priority", 2},
          {"score", 2.0},
          {"done", false},
          {"tags", {"yellow", "fruit"}}}},
        {"c",
         {{"name", "cherry"},
          {"priority", 10},
          {"score", -3},
          {"done", true},
          {"tags", Json::array()}}},
        {"d", {{"name", "Apple pie"}, {"priority", nullptr}}},
        {"e", {{"priority", "5"}, {"done", "true"}}},
        {"f", {{"name", "\xc3\xbcmlaut"}, {"priority", 3}}},
        {"g", {{"name", "apricot"}, {"priority", 1000000000000}, {"tags", "fruit"}}},
        {"h", {{"name", ""}, {"score", 2}}},
    };
    for (const auto& [pk, item] : items) {
      ASSERT_OK(db_->Execute("INSERT INTO t(pk, item) VALUES (?, ?)", {pk, item.dump()}));
    }
  }

  std::vector<std::string> Match(const std::string& filter) {
    Result<SqlFragment> fragment = Translate(filter);
    EXPECT_OK(fragment.status()) << filter;
    if (!fragment.ok()) {
      return {"<error>"};
    }
    EXPECT_EQ(CountPlaceholders(fragment->sql), fragment->params.size());
    Result<db::Rows> rows =
        db_->Query("SELECT pk FROM t WHERE " + fragment->sql + " ORDER BY pk", fragment->params);
    EXPECT_OK(rows.status()) << fragment->sql;
    std::vector<std::string> pks = PksOf(rows);
    // The implied equalities must restate the filter: adding them (as a
    // ModelTable scan hint does, with literal paths) matches the same rows,
    // and so does the filter without the exact ones, ANDed with them.
    const Json parsed = Json::parse(filter);
    const std::vector<FieldEquality> equalities = ImpliedEqualities(parsed, Fields());
    const auto with_equalities = [&](SqlFragment base) {
      for (const FieldEquality& equality : equalities) {
        base.sql += " AND json_extract(item, '$." + equality.field + "') = ?";
        base.params.push_back(equality.value);
      }
      return PksOf(db_->Query("SELECT pk FROM t WHERE " + base.sql + " ORDER BY pk", base.params));
    };
    EXPECT_EQ(with_equalities(*fragment), pks) << filter;
    Result<SqlFragment> residual = FilterToSql(WithoutEqualities(parsed, Fields(), equalities),
                                               Fields(), db::Dialect::kSqlite);
    EXPECT_OK(residual.status());
    if (residual.ok()) {
      EXPECT_EQ(with_equalities(*residual), pks) << filter << " without " << equalities.size();
    }
    return pks;
  }

  static std::vector<std::string> PksOf(const Result<db::Rows>& rows) {
    EXPECT_OK(rows.status());
    std::vector<std::string> pks;
    if (rows.ok()) {
      for (const db::Row& row : *rows) {
        pks.push_back(*row.Get<std::string>(0));
      }
    }
    return pks;
  }
};

using Pks = std::vector<std::string>;

TEST_F(DataStoreFilterSqliteTest, StringComparisonsAreTypeStrictAndBytewise) {
  EXPECT_THAT(Match(R"({"name": {"eq": "apple"}})"), ElementsAre("a"));
  EXPECT_THAT(Match(R"({"name": {"lt": "b"}})"), ElementsAre("a", "d", "g", "h"));
  EXPECT_THAT(Match(R"({"name": {"gt": "z"}})"), ElementsAre("f"));  // UTF-8 bytes > 'z'.
  EXPECT_THAT(Match(R"({"name": {"between": ["apple", "apricot"]}})"), ElementsAre("a", "g"));
  EXPECT_THAT(Match(R"({"name": {"beginsWith": "ap"}})"), ElementsAre("a", "g"));
  EXPECT_THAT(Match(R"({"name": {"beginsWith": "\u00fc"}})"), ElementsAre("f"));
  EXPECT_THAT(Match(R"({"name": {"contains": "an"}})"), ElementsAre("b"));
  EXPECT_THAT(Match(R"({"name": {"notContains": "an"}})"),
              ElementsAre("a", "c", "d", "e", "f", "g", "h"));
}

TEST_F(DataStoreFilterSqliteTest, NeIsTrueForMissingAttributes) {
  EXPECT_THAT(Match(R"({"name": {"ne": "apple"}})"),
              ElementsAre("b", "c", "d", "e", "f", "g", "h"));
  EXPECT_THAT(Match(R"({"priority": {"ne": 1}})"), ElementsAre("b", "c", "d", "e", "f", "g", "h"));
}

TEST_F(DataStoreFilterSqliteTest, NumbersCompareNumericallyAndOnlyWithNumbers) {
  EXPECT_THAT(Match(R"({"priority": {"eq": 2}})"), ElementsAre("b"));
  EXPECT_THAT(Match(R"({"priority": {"lt": 3}})"),
              ElementsAre("a", "b"));  // Not d (null), e ("5").
  EXPECT_THAT(Match(R"({"priority": {"gt": 2}})"), ElementsAre("c", "f", "g"));
  EXPECT_THAT(Match(R"({"priority": {"ge": 1, "le": 3}})"), ElementsAre("a", "b", "f"));
  EXPECT_THAT(Match(R"({"score": {"between": [1.5, 2]}})"), ElementsAre("a", "b", "h"));
  EXPECT_THAT(Match(R"({"score": {"lt": 0}})"), ElementsAre("c"));
  EXPECT_THAT(Match(R"({"score": {"eq": 2}})"), ElementsAre("b", "h"));
}

TEST_F(DataStoreFilterSqliteTest, NullAndExistence) {
  EXPECT_THAT(Match(R"({"priority": {"eq": null}})"), ElementsAre("d"));
  EXPECT_THAT(Match(R"({"priority": {"ne": null}})"),
              ElementsAre("a", "b", "c", "e", "f", "g", "h"));
  EXPECT_THAT(Match(R"({"priority": {"attributeExists": false}})"), ElementsAre("h"));
  EXPECT_THAT(Match(R"({"priority": {"attributeExists": true}})"),
              ElementsAre("a", "b", "c", "d", "e", "f", "g"));
  EXPECT_THAT(Match(R"({"priority": null, "name": {"eq": "apple"}})"), ElementsAre("a"));
}

TEST_F(DataStoreFilterSqliteTest, AttributeTypes) {
  EXPECT_THAT(Match(R"({"priority": {"attributeType": "number"}})"),
              ElementsAre("a", "b", "c", "f", "g"));
  EXPECT_THAT(Match(R"({"priority": {"attributeType": "_null"}})"), ElementsAre("d"));
  EXPECT_THAT(Match(R"({"priority": {"attributeType": "string"}})"), ElementsAre("e"));
  EXPECT_THAT(Match(R"({"tags": {"attributeType": "list"}})"), ElementsAre("a", "b", "c"));
  EXPECT_THAT(Match(R"({"done": {"attributeType": "bool"}})"), ElementsAre("a", "b", "c"));
  EXPECT_THAT(Match(R"({"name": {"attributeType": "stringSet"}})"), Pks{});
}

TEST_F(DataStoreFilterSqliteTest, Booleans) {
  EXPECT_THAT(Match(R"({"done": {"eq": true}})"), ElementsAre("a", "c"));
  EXPECT_THAT(Match(R"({"done": {"eq": false}})"), ElementsAre("b"));
  EXPECT_THAT(Match(R"({"done": {"ne": true}})"), ElementsAre("b", "d", "e", "f", "g", "h"));
}

TEST_F(DataStoreFilterSqliteTest, Lists) {
  EXPECT_THAT(Match(R"({"tags": {"contains": "fruit"}})"), ElementsAre("a", "b"));
  EXPECT_THAT(Match(R"({"tags": {"notContains": "fruit"}})"),
              ElementsAre("c", "d", "e", "f", "g", "h"));
  EXPECT_THAT(Match(R"({"nums": {"contains": 2}})"), ElementsAre("a"));
  EXPECT_THAT(Match(R"({"flags": {"contains": true}})"), ElementsAre("a"));
  EXPECT_THAT(Match(R"({"tags": {"eq": ["red", "fruit"]}})"), ElementsAre("a"));
  EXPECT_THAT(Match(R"({"tags": {"eq": []}})"), ElementsAre("c"));
  EXPECT_THAT(Match(R"({"tags": {"ne": ["red", "fruit"]}})"),
              ElementsAre("b", "c", "d", "e", "f", "g", "h"));
}

TEST_F(DataStoreFilterSqliteTest, Size) {
  EXPECT_THAT(Match(R"({"name": {"size": {"eq": 5}}})"), ElementsAre("a"));
  EXPECT_THAT(Match(R"({"name": {"size": {"gt": 6}}})"),
              ElementsAre("d", "f", "g"));  // f: 7 bytes.
  EXPECT_THAT(Match(R"({"name": {"size": {"ne": 5}}})"), ElementsAre("b", "c", "d", "f", "g", "h"));
  EXPECT_THAT(Match(R"({"tags": {"size": {"eq": 0}}})"), ElementsAre("c"));
  EXPECT_THAT(Match(R"({"tags": {"size": {"between": [1, 2]}}})"), ElementsAre("a", "b"));
}

TEST_F(DataStoreFilterSqliteTest, Combinators) {
  EXPECT_THAT(Match(R"({"or": [{"name": {"eq": "apple"}}, {"name": {"eq": "banana"}}]})"),
              ElementsAre("a", "b"));
  EXPECT_THAT(Match(R"({"not": {"done": {"eq": true}}})"),
              ElementsAre("b", "d", "e", "f", "g", "h"));
  EXPECT_THAT(Match(R"({"and": [{"priority": {"ge": 1}}, {"priority": {"le": 3}}]})"),
              ElementsAre("a", "b", "f"));
  EXPECT_THAT(Match(R"({"done": {"eq": true}, "priority": {"gt": 1}})"), ElementsAre("c"));
  EXPECT_THAT(Match(R"({"not": {"or": [{"name": {"beginsWith": "a"}}, {"score": {"ge": 0}}]}})"),
              ElementsAre("c", "d", "e", "f"));
  EXPECT_THAT(Match("{}"), ElementsAreArray(Pks{"a", "b", "c", "d", "e", "f", "g", "h"}));
}

TEST_F(DataStoreFilterSqliteTest, ImpliedEqualitiesKeepTheTypeGuards) {
  // json_extract gives an array's JSON text and 1 for true: the equalities
  // alone would match these; Match() checks that filter and equalities together
  // match exactly what the filter does.
  const Json item = {{"name", {"x"}}, {"priority", true}, {"score", true}};
  ASSERT_OK(db_->Execute("INSERT INTO t(pk, item) VALUES ('i', ?)", {item.dump()}));
  EXPECT_THAT(Match(R"({"name": {"eq": "[\"x\"]"}})"), Pks{});
  EXPECT_THAT(Match(R"({"priority": {"eq": 1}})"), ElementsAre("a"));
  EXPECT_THAT(Match(R"({"score": {"eq": 1}, "and": [{"name": {"eq": "apple"}}]})"), Pks{});
  EXPECT_THAT(Match(R"({"and": [{"priority": {"eq": 2}}, {"or": [{"name": {"eq": "x"}}]}]})"),
              Pks{});
  EXPECT_THAT(Match(R"({"and": [{"priority": {"eq": 2}}, {"score": {"eq": 2}}]})"),
              ElementsAre("b"));
}

TEST(DataStoreFilterSqlTextTest, WithoutEqualitiesDropsOnlyTheGivenExactConditions) {
  const Json filter = Json::parse(
      R"({"name": {"eq": "a", "ne": "b"}, "id": {"eq": "[x"},)"
      R"( "and": [{"name": {"eq": "c"}}, {"or": [{"name": {"eq": "a"}}]}], "priority": {"eq": 2}})");
  const std::vector<FieldEquality> all = ImpliedEqualities(filter, Fields());
  EXPECT_EQ(WithoutEqualities(filter, Fields(), all),
            Json::parse(R"({"name": {"ne": "b"}, "id": {"eq": "[x"},)"
                        R"( "and": [{"name": {}}, {"or": [{"name": {"eq": "a"}}]}],)"
                        R"( "priority": {"eq": 2}})"));
  const std::vector<FieldEquality> only_c = {
      FieldEquality{.field = "name", .value = db::Value("c"), .exact = true}};
  EXPECT_EQ(WithoutEqualities(filter, Fields(), only_c)["and"][0], Json::parse(R"({"name": {}})"));
  EXPECT_EQ(WithoutEqualities(filter, Fields(), only_c)["name"], filter["name"]);
}

TEST_F(DataStoreFilterSqliteTest, HostileValuesAreJustValues) {
  EXPECT_THAT(Match(R"({"name": {"eq": "x'); DROP TABLE t; --"}})"), Pks{});
  EXPECT_THAT(Match(R"({"name": {"beginsWith": "%"}})"), Pks{});
  EXPECT_THAT(Match(R"({"name": {"contains": "_"}})"), Pks{});
  EXPECT_THAT(Match(R"({"name": {"size": {"ge": 0}}})"),
              ElementsAre("a", "b", "c", "d", "f", "g", "h"));
}

}  // namespace
}  // namespace gloss::data::store
