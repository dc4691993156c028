#include "data/store/model_table.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <iterator>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "data/store/filter_sql.h"
#include "data/store/model_table_sql.h"
#include "data/store/page_token.h"
#include "db/database.h"
#include "db/sqlite_test_fixture.h"
#include "test/support/status_matchers.h"

namespace gloss::data::store {
namespace {

using Json = nlohmann::json;
using ::gloss::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

ModelTableSpec TodoSpec() {
  ModelTableSpec spec;
  spec.model = "Todo";
  spec.primary_key = KeySpec{.name = "", .partition_key = "id", .sort_keys = {}};
  spec.indexes = {
      KeySpec{.name = "byOwner", .partition_key = "owner", .sort_keys = {"rank"}},
      KeySpec{.name = "byProject", .partition_key = "project", .sort_keys = {"status", "priority"}},
  };
  spec.fields = {
      {"id", {FieldKind::kString}},     {"owner", {FieldKind::kString}},
      {"rank", {FieldKind::kInt}},      {"project", {FieldKind::kString}},
      {"status", {FieldKind::kString}}, {"priority", {FieldKind::kInt}},
      {"title", {FieldKind::kString}},  {"n", {FieldKind::kInt}},
      {"score", {FieldKind::kFloat}},   {"done", {FieldKind::kBoolean}},
      {"version", {FieldKind::kInt}},
  };
  return spec;
}

std::string Id(int number) {
  char buffer[16];
  std::snprintf(buffer, sizeof(buffer), "i%03d", number);
  return buffer;
}

std::vector<std::string> Ids(const std::vector<Json>& items) {
  std::vector<std::string> ids;
  for (const Json& item : items) {
    ids.push_back(item.at("id").get<std::string>());
  }
  return ids;
}

std::vector<int64_t> Ranks(const std::vector<Json>& items, const char* field = "rank") {
  std::vector<int64_t> ranks;
  for (const Json& item : items) {
    ranks.push_back(item.at(field).get<int64_t>());
  }
  return ranks;
}

// Page items are the stored JSON text.
std::vector<Json> Parsed(const std::vector<std::string>& texts) {
  std::vector<Json> items;
  for (const std::string& text : texts) {
    items.push_back(Json::parse(text));
  }
  return items;
}

std::vector<std::string> Ids(const std::vector<std::string>& texts) { return Ids(Parsed(texts)); }

std::vector<int64_t> Ranks(const std::vector<std::string>& texts) { return Ranks(Parsed(texts)); }

// A request; GCC warns on designated initializers that skip members.
QueryRequest Request(std::string index, Json partition, int limit = 100, Json condition = nullptr,
                     bool descending = false) {
  QueryRequest request;
  request.index = std::move(index);
  request.partition_value = std::move(partition);
  request.sort_condition = std::move(condition);
  request.limit = limit;
  request.descending = descending;
  return request;
}

class DataStoreModelTableTest : public db::SqliteDatabaseTest {
 protected:
  void SetUp() override {
    db::SqliteDatabaseTest::SetUp();
    // Durability does not matter here, and FULL fsyncs make the bulk inserts slow.
    db_.reset();
    ASSERT_OK_AND_ASSIGN(db_, db::OpenDatabase(Options()));
    ASSERT_OK_AND_ASSIGN(table_, ModelTable::Open(*db_, TodoSpec(), tokens_));
  }

  db::DatabaseOptions Options() const {
    db::DatabaseOptions options = FileOptions();
    options.durability = db::Durability::kNormal;
    return options;
  }

  void Put(const Json& item) { ASSERT_OK(table_->Create(item, nullptr)); }

  // Follows next tokens to the end; returns every page.
  std::vector<Page> AllPages(QueryRequest request) {
    std::vector<Page> pages;
    for (int guard = 0; guard < 100; ++guard) {
      Result<Page> page = table_->Query(request);
      EXPECT_OK(page);
      if (!page.ok()) {
        break;
      }
      pages.push_back(*page);
      if (!page->next_token.has_value()) {
        break;
      }
      request.next_token = *page->next_token;
    }
    return pages;
  }

  std::vector<Json> AllItems(const QueryRequest& request) {
    std::vector<Json> items;
    for (const Page& page : AllPages(request)) {
      for (Json& item : Parsed(page.items)) {
        items.push_back(std::move(item));
      }
    }
    return items;
  }

  PageTokenCodec tokens_{std::string(32, 'k')};
  std::unique_ptr<ModelTable> table_;
};

// ---- Items ----

TEST_F(DataStoreModelTableTest, CrudRoundTrip) {
  const Json item = {{"id", "a"}, {"title", "x"}, {"owner", "o"}, {"rank", 1}};
  ASSERT_OK_AND_ASSIGN(Json created, table_->Create(item, nullptr));
  EXPECT_EQ(created, item);
  ASSERT_OK_AND_ASSIGN(std::optional<Json> got, table_->Get({{"id", "a"}}));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(*got, item);

  ASSERT_OK_AND_ASSIGN(Json updated,
                       table_->Update({{"id", "a"}}, {{"title", "y"}, {"owner", nullptr}, {"n", 2}},
                                      nullptr, nullptr));
  const Json expected = {{"id", "a"}, {"title", "y"}, {"rank", 1}, {"n", 2}};
  EXPECT_EQ(updated, expected);
  ASSERT_OK_AND_ASSIGN(got, table_->Get({{"id", "a"}}));
  EXPECT_EQ(*got, expected);
  ASSERT_OK_AND_ASSIGN(auto row, db_->QueryOne("SELECT pk, version FROM data_Todo"));
  EXPECT_EQ(row->Get<std::string>(0).value(), "\"a\"");
  EXPECT_EQ(row->Get<int64_t>(1).value(), 2);

  ASSERT_OK_AND_ASSIGN(Json deleted, table_->Delete({{"id", "a"}}, nullptr, nullptr));
  EXPECT_EQ(deleted, expected);
  ASSERT_OK_AND_ASSIGN(got, table_->Get({{"id", "a"}}));
  EXPECT_FALSE(got.has_value());
}

TEST_F(DataStoreModelTableTest, CompositePrimaryKey) {
  ModelTableSpec spec;
  spec.model = "Stock";
  spec.primary_key = KeySpec{.name = "", .partition_key = "tenant", .sort_keys = {"sku", "bin"}};
  spec.fields = {{"tenant", {FieldKind::kString}},
                 {"sku", {FieldKind::kString}},
                 {"bin", {FieldKind::kInt}},
                 {"qty", {FieldKind::kInt}}};
  ASSERT_OK_AND_ASSIGN(table_, ModelTable::Open(*db_, spec, tokens_));
  for (const auto& [sku, bin] : std::vector<std::pair<std::string, int>>{
           {"sku", 3}, {"sku", 10}, {"sku", 2}, {"skx", 1}, {"ab", 7}}) {
    ASSERT_OK(table_->Create({{"tenant", "t1"}, {"sku", sku}, {"bin", bin}, {"qty", 1}}, nullptr));
  }
  ASSERT_OK(table_->Create({{"tenant", "t2"}, {"sku", "sku"}, {"bin", 3}}, nullptr));
  EXPECT_THAT(table_->Create({{"tenant", "t1"}, {"sku", "sku"}, {"bin", 3}}, nullptr),
              StatusIs(StatusCode::kFailedPrecondition));
  EXPECT_THAT(table_->Create({{"tenant", "t1"}, {"sku", "sku"}}, nullptr),
              StatusIs(StatusCode::kInvalidArgument));

  ASSERT_OK_AND_ASSIGN(auto row, db_->QueryOne("SELECT count(*) FROM data_Stock WHERE pk = ?",
                                               {R"(["t1","sku",3])"}));
  EXPECT_EQ(row->Get<int64_t>(0).value(), 1);
  ASSERT_OK_AND_ASSIGN(auto got, table_->Get({{"tenant", "t1"}, {"sku", "sku"}, {"bin", 10}}));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ((*got)["bin"], 10);

  QueryRequest request = Request("", "t1", 2);
  std::vector<Json> items = AllItems(request);
  EXPECT_THAT(Ranks(items, "bin"), ElementsAre(7, 2, 3, 10, 1));  // (sku, bin) order.
  request.sort_condition = {{"beginsWith", {{"sku", "sk"}}}};
  EXPECT_THAT(Ranks(AllItems(request), "bin"), ElementsAre(2, 3, 10, 1));
  request.sort_condition = {{"eq", {{"sku", "sku"}}}};
  request.descending = true;
  EXPECT_THAT(Ranks(AllItems(request), "bin"), ElementsAre(10, 3, 2));
}

TEST_F(DataStoreModelTableTest, CreateDuplicateFailsPrecondition) {
  Put({{"id", "a"}, {"title", "first"}});
  EXPECT_THAT(table_->Create({{"id", "a"}, {"title", "second"}}, nullptr),
              StatusIs(StatusCode::kFailedPrecondition));
  ASSERT_OK_AND_ASSIGN(auto got, table_->Get({{"id", "a"}}));
  EXPECT_EQ((*got)["title"], "first");
}

TEST_F(DataStoreModelTableTest, CreateConditionIsEvaluatedAgainstNoItem) {
  EXPECT_OK(table_->Create({{"id", "a"}}, {{"id", {{"attributeExists", false}}}}));
  EXPECT_OK(table_->Create({{"id", "b"}}, {{"title", {{"ne", "x"}}}}));
  EXPECT_THAT(table_->Create({{"id", "c"}}, {{"title", {{"eq", "x"}}}}),
              StatusIs(StatusCode::kFailedPrecondition));
  ASSERT_OK_AND_ASSIGN(auto got, table_->Get({{"id", "c"}}));
  EXPECT_FALSE(got.has_value());
  EXPECT_THAT(table_->Create({{"id", "d"}}, {{"nope", {{"eq", 1}}}}),
              StatusIs(StatusCode::kInvalidArgument));
}

TEST_F(DataStoreModelTableTest, UpdateChecksConditionAndGuard) {
  Put({{"id", "a"}, {"owner", "alice"}, {"n", 1}});
  const Json key = {{"id", "a"}};
  EXPECT_THAT(table_->Update(key, {{"n", 2}}, {{"n", {{"eq", 5}}}}, nullptr),
              StatusIs(StatusCode::kFailedPrecondition));
  EXPECT_THAT(table_->Update(key, {{"n", 2}}, nullptr, {{"owner", {{"eq", "bob"}}}}),
              StatusIs(StatusCode::kFailedPrecondition));
  ASSERT_OK_AND_ASSIGN(auto got, table_->Get(key));
  EXPECT_EQ((*got)["n"], 1);
  ASSERT_OK_AND_ASSIGN(Json updated, table_->Update(key, {{"n", 2}}, {{"n", {{"eq", 1}}}},
                                                    {{"owner", {{"eq", "alice"}}}}));
  EXPECT_EQ(updated["n"], 2);
}

TEST_F(DataStoreModelTableTest, UpdateOrDeleteOfMissingItemFailsPrecondition) {
  EXPECT_THAT(table_->Update({{"id", "nope"}}, {{"n", 1}}, nullptr, nullptr),
              StatusIs(StatusCode::kFailedPrecondition));
  EXPECT_THAT(table_->Delete({{"id", "nope"}}, nullptr, nullptr),
              StatusIs(StatusCode::kFailedPrecondition));
  ASSERT_OK_AND_ASSIGN(auto got, table_->Get({{"id", "nope"}}));
  EXPECT_FALSE(got.has_value());
}

TEST_F(DataStoreModelTableTest, UpdateCannotChangeKeyFields) {
  Put({{"id", "a"}, {"n", 1}});
  EXPECT_THAT(table_->Update({{"id", "a"}}, {{"id", "b"}}, nullptr, nullptr),
              StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(table_->Update({{"id", "a"}}, {{"id", nullptr}}, nullptr, nullptr),
              StatusIs(StatusCode::kInvalidArgument));
  EXPECT_OK(table_->Update({{"id", "a"}}, {{"id", "a"}, {"n", 2}}, nullptr, nullptr));
  EXPECT_THAT(table_->Update({{"id", "a"}}, Json::array(), nullptr, nullptr),
              StatusIs(StatusCode::kInvalidArgument));
}

TEST_F(DataStoreModelTableTest, DeleteChecksConditionAndGuard) {
  Put({{"id", "a"}, {"owner", "alice"}, {"n", 1}});
  const Json key = {{"id", "a"}};
  EXPECT_THAT(table_->Delete(key, {{"n", {{"gt", 1}}}}, nullptr),
              StatusIs(StatusCode::kFailedPrecondition));
  EXPECT_THAT(table_->Delete(key, nullptr, {{"owner", {{"eq", "bob"}}}}),
              StatusIs(StatusCode::kFailedPrecondition));
  ASSERT_OK_AND_ASSIGN(auto got, table_->Get(key));
  EXPECT_TRUE(got.has_value());
  EXPECT_OK(table_->Delete(key, {{"n", {{"eq", 1}}}}, {{"owner", {{"eq", "alice"}}}}));
  ASSERT_OK_AND_ASSIGN(got, table_->Get(key));
  EXPECT_FALSE(got.has_value());
}

TEST_F(DataStoreModelTableTest, ItemSizeAndLimitsAreChecked) {
  EXPECT_THAT(table_->Create({{"id", "big"}, {"title", std::string(410 * 1024, 'x')}}, nullptr),
              StatusIs(StatusCode::kInvalidArgument));
  Put({{"id", "a"}});
  EXPECT_THAT(
      table_->Update({{"id", "a"}}, {{"title", std::string(410 * 1024, 'x')}}, nullptr, nullptr),
      StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(table_->Query(Request("", nullptr, 0)), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(table_->Query(Request("", nullptr, 1001)), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_OK(table_->Query(Request("", nullptr, 1000)));
  EXPECT_THAT(table_->QueryMany("byOwner", {"o"}, nullptr, 0, false),
              StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(table_->Create({{"title", "no id"}}, nullptr),
              StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(table_->Create({{"id", 5}}, nullptr), StatusIs(StatusCode::kInvalidArgument));
}

TEST_F(DataStoreModelTableTest, OpenRejectsInvalidSpecs) {
  ModelTableSpec spec = TodoSpec();
  spec.model = "Todo; DROP TABLE x";
  EXPECT_THAT(ModelTable::Open(*db_, spec, tokens_), StatusIs(StatusCode::kInvalidArgument));
  spec = TodoSpec();
  spec.indexes[0].name = "by-owner";
  EXPECT_THAT(ModelTable::Open(*db_, spec, tokens_), StatusIs(StatusCode::kInvalidArgument));
  spec = TodoSpec();
  spec.indexes[0].sort_keys = {"rank')"};
  EXPECT_THAT(ModelTable::Open(*db_, spec, tokens_), StatusIs(StatusCode::kInvalidArgument));
  spec = TodoSpec();
  spec.indexes[0].sort_keys = {"done"};  // Boolean: not a key type.
  EXPECT_THAT(ModelTable::Open(*db_, spec, tokens_), StatusIs(StatusCode::kInvalidArgument));
  spec = TodoSpec();
  spec.indexes.push_back(spec.indexes[0]);
  EXPECT_THAT(ModelTable::Open(*db_, spec, tokens_), StatusIs(StatusCode::kInvalidArgument));
}

TEST_F(DataStoreModelTableTest, BatchGetKeepsOrderAndReportsMissing) {
  for (int number = 0; number < 600; ++number) {
    Put({{"id", Id(number)}, {"n", number}});
  }
  std::vector<Json> keys;
  for (int number = 1199; number >= 0; number -= 2) {  // 600 keys, half missing, > one chunk.
    keys.push_back({{"id", Id(number)}});
  }
  keys.push_back({{"id", Id(1)}});  // A repeat.
  ASSERT_OK_AND_ASSIGN(auto items, table_->BatchGet(keys));
  ASSERT_EQ(items.size(), keys.size());
  for (size_t index = 0; index < keys.size(); ++index) {
    const int number = 1199 - 2 * static_cast<int>(index);
    if (index + 1 == keys.size()) {
      ASSERT_TRUE(items[index].has_value());
      EXPECT_EQ((*items[index])["n"], 1);
    } else if (number < 600) {
      ASSERT_TRUE(items[index].has_value()) << number;
      EXPECT_EQ((*items[index])["n"], number);
    } else {
      EXPECT_FALSE(items[index].has_value()) << number;
    }
  }
  ASSERT_OK_AND_ASSIGN(auto none, table_->BatchGet({}));
  EXPECT_THAT(none, IsEmpty());
}

// ---- Scans and queries ----

TEST_F(DataStoreModelTableTest, ScanPaginatesWithoutGapsInBothDirections) {
  std::vector<std::string> all;
  for (int number = 0; number < 250; ++number) {
    Put({{"id", Id(number)}, {"n", number}});
    all.push_back(Id(number));
  }
  for (const bool descending : {false, true}) {
    QueryRequest request = Request("", nullptr, 100, nullptr, descending);
    std::vector<Page> pages = AllPages(request);
    ASSERT_EQ(pages.size(), 3u);
    EXPECT_EQ(pages[0].items.size(), 100u);
    EXPECT_EQ(pages[1].items.size(), 100u);
    EXPECT_EQ(pages[2].items.size(), 50u);
    EXPECT_FALSE(pages[2].next_token.has_value());
    std::vector<std::string> seen;
    for (const Page& page : pages) {
      for (const std::string& id : Ids(page.items)) {
        seen.push_back(id);
      }
    }
    std::vector<std::string> expected = all;
    if (descending) {
      std::reverse(expected.begin(), expected.end());
    }
    EXPECT_EQ(seen, expected);
  }
}

TEST_F(DataStoreModelTableTest, FilterRunsBeforeLimitSoPagesFill) {
  for (int number = 0; number < 100; ++number) {
    Put({{"id", Id(number)}, {"n", number}, {"done", number % 10 == 0}});
  }
  QueryRequest request = Request("", nullptr, 5);
  request.filter = {{"done", {{"eq", true}}}};
  ASSERT_OK_AND_ASSIGN(Page first, table_->Query(request));
  EXPECT_THAT(Ids(first.items), ElementsAre("i000", "i010", "i020", "i030", "i040"));
  ASSERT_TRUE(first.next_token.has_value());
  request.next_token = *first.next_token;
  ASSERT_OK_AND_ASSIGN(Page second, table_->Query(request));
  EXPECT_THAT(Ids(second.items), ElementsAre("i050", "i060", "i070", "i080", "i090"));
  // Exactly 10 matched: the last page may carry a token but then yields nothing.
  if (second.next_token.has_value()) {
    request.next_token = *second.next_token;
    ASSERT_OK_AND_ASSIGN(Page third, table_->Query(request));
    EXPECT_THAT(third.items, IsEmpty());
    EXPECT_FALSE(third.next_token.has_value());
  }
}

TEST_F(DataStoreModelTableTest, IndexQueryAppliesEachSortCondition) {
  for (int rank = 20; rank >= 1; --rank) {
    Put({{"id", Id(rank)}, {"owner", "o1"}, {"rank", rank}});
    Put({{"id", Id(100 + rank)}, {"owner", "o2"}, {"rank", rank}});
  }
  Put({{"id", "norank"}, {"owner", "o1"}});  // Sparse index: no sort key, not in the index.
  const auto ranks = [&](Json condition, bool descending = false) {
    const QueryRequest request = Request("byOwner", "o1", 3, std::move(condition), descending);
    return Ranks(AllItems(request));
  };
  // Numeric order: 2 < 10 (not "10" < "2").
  EXPECT_THAT(ranks(nullptr),
              ElementsAre(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20));
  EXPECT_THAT(ranks({{"eq", 5}}), ElementsAre(5));
  EXPECT_THAT(ranks({{"lt", 5}}), ElementsAre(1, 2, 3, 4));
  EXPECT_THAT(ranks({{"le", 5}}), ElementsAre(1, 2, 3, 4, 5));
  EXPECT_THAT(ranks({{"gt", 16}}), ElementsAre(17, 18, 19, 20));
  EXPECT_THAT(ranks({{"ge", 16}}, true), ElementsAre(20, 19, 18, 17, 16));
  EXPECT_THAT(ranks({{"between", {3, 7}}}), ElementsAre(3, 4, 5, 6, 7));
  EXPECT_THAT(ranks({{"between", {3, 7}}}, true), ElementsAre(7, 6, 5, 4, 3));

  QueryRequest bad = Request("byOwner", "o1");
  for (const Json& condition : std::vector<Json>{{{"eq", "5"}},
                                                 {{"beginsWith", 5}},
                                                 {{"between", {7, 3}}},
                                                 {{"between", {3}}},
                                                 {{"eq", 1}, {"lt", 2}},
                                                 {{"like", 1}}}) {
    bad.sort_condition = condition;
    EXPECT_THAT(table_->Query(bad), StatusIs(StatusCode::kInvalidArgument)) << condition;
  }
  bad.sort_condition = nullptr;
  bad.partition_value = 5;
  EXPECT_THAT(table_->Query(bad), StatusIs(StatusCode::kInvalidArgument));
  bad.partition_value = nullptr;
  EXPECT_THAT(table_->Query(bad), StatusIs(StatusCode::kInvalidArgument));
  bad.index = "byNothing";
  bad.partition_value = "o1";
  EXPECT_THAT(table_->Query(bad), StatusIs(StatusCode::kInvalidArgument));
}

TEST_F(DataStoreModelTableTest, CompositeSortKeyConditions) {
  int next = 0;
  for (const char* status : {"open", "opening", "closed", "op"}) {
    for (int priority = 1; priority <= 3; ++priority) {
      Put({{"id", Id(next++)}, {"project", "p"}, {"status", status}, {"priority", priority}});
    }
  }
  Put({{"id", "other"}, {"project", "q"}, {"status", "open"}, {"priority", 1}});
  const auto keys = [&](Json condition) {
    const QueryRequest request = Request("byProject", "p", 2, std::move(condition));
    std::vector<std::string> result;
    for (const Json& item : AllItems(request)) {
      result.push_back(item["status"].get<std::string>() +
                       std::to_string(item["priority"].get<int>()));
    }
    return result;
  };
  EXPECT_THAT(keys(nullptr),
              ElementsAre("closed1", "closed2", "closed3", "op1", "op2", "op3", "open1", "open2",
                          "open3", "opening1", "opening2", "opening3"));
  EXPECT_THAT(keys({{"eq", {{"status", "open"}}}}), ElementsAre("open1", "open2", "open3"));
  EXPECT_THAT(keys({{"eq", {{"status", "open"}, {"priority", 2}}}}), ElementsAre("open2"));
  EXPECT_THAT(keys({{"lt", {{"status", "op"}, {"priority", 2}}}}),
              ElementsAre("closed1", "closed2", "closed3", "op1"));
  EXPECT_THAT(keys({{"ge", {{"status", "open"}, {"priority", 3}}}}),
              ElementsAre("open3", "opening1", "opening2", "opening3"));
  EXPECT_THAT(keys({{"between", {{{"status", "op"}, {"priority", 3}}, {{"status", "open"}}}}}),
              ElementsAre("op3", "open1", "open2", "open3"));
  EXPECT_THAT(keys({{"beginsWith", {{"status", "open"}}}}),
              ElementsAre("open1", "open2", "open3", "opening1", "opening2", "opening3"));
  EXPECT_THAT(keys({{"beginsWith", {{"status", "op"}}}}).size(), 9u);

  QueryRequest bad = Request("byProject", "p");
  for (const Json& condition :
       std::vector<Json>{{{"eq", {{"priority", 1}}}},  // Not a prefix.
                         {{"eq", "open"}},
                         {{"eq", {{"status", 1}}}},
                         {{"eq", {{"color", "red"}}}},
                         {{"beginsWith", {{"status", "o"}, {"priority", 1}}}}}) {
    bad.sort_condition = condition;
    EXPECT_THAT(table_->Query(bad), StatusIs(StatusCode::kInvalidArgument)) << condition;
  }
}

TEST_F(DataStoreModelTableTest, FloatSortKeyOrdersNumerically) {
  ModelTableSpec spec = TodoSpec();
  spec.indexes.push_back(
      KeySpec{.name = "byScore", .partition_key = "owner", .sort_keys = {"score"}});
  ASSERT_OK_AND_ASSIGN(table_, ModelTable::Open(*db_, spec, tokens_));
  const std::vector<double> scores = {10.5, 2, -1.25, 100, 2.5, 0.001};
  for (size_t index = 0; index < scores.size(); ++index) {
    Put({{"id", Id(static_cast<int>(index))}, {"owner", "o"}, {"score", scores[index]}});
  }
  QueryRequest request = Request("byScore", "o", 4);
  std::vector<double> seen;
  for (const Json& item : AllItems(request)) {
    seen.push_back(item["score"].get<double>());
  }
  EXPECT_THAT(seen, ElementsAre(-1.25, 0.001, 2, 2.5, 10.5, 100));
  request.sort_condition = {{"gt", 2}};
  EXPECT_EQ(AllItems(request).size(), 3u);
}

TEST_F(DataStoreModelTableTest, TamperedOrForeignTokensAreRejected) {
  for (int rank = 1; rank <= 10; ++rank) {
    Put({{"id", Id(rank)},
         {"owner", "o1"},
         {"rank", rank},
         {"project", "o1"},
         {"status", "s"},
         {"priority", rank}});
  }
  QueryRequest request = Request("byOwner", "o1", 3);
  ASSERT_OK_AND_ASSIGN(Page first, table_->Query(request));
  ASSERT_TRUE(first.next_token.has_value());
  const std::string token = *first.next_token;

  QueryRequest tampered = request;
  tampered.next_token = token;
  tampered.next_token[tampered.next_token.size() / 2] ^= 1;
  EXPECT_THAT(table_->Query(tampered), StatusIs(StatusCode::kInvalidArgument));

  std::vector<QueryRequest> foreign(6, request);
  foreign[0].partition_value = "o2";
  foreign[1].filter = {{"n", {{"eq", 1}}}};
  foreign[2].sort_condition = {{"gt", 1}};
  foreign[3].descending = true;
  foreign[4].index = "byProject";
  foreign[5].index = "";
  foreign[5].partition_value = nullptr;
  for (QueryRequest& other : foreign) {
    other.next_token = token;
    EXPECT_THAT(table_->Query(other), StatusIs(StatusCode::kInvalidArgument));
  }
  // Another model's token with the same shape.
  ModelTableSpec spec = TodoSpec();
  spec.model = "Other";
  ASSERT_OK_AND_ASSIGN(auto other_table, ModelTable::Open(*db_, spec, tokens_));
  request.next_token = token;
  EXPECT_THAT(other_table->Query(request), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_OK(table_->Query(request));
  // A forged position under the right key but without the fingerprint.
  request.next_token = tokens_.Encode({{"k", {1, "\"i001\""}}});
  EXPECT_THAT(table_->Query(request), StatusIs(StatusCode::kInvalidArgument));
}

TEST_F(DataStoreModelTableTest, QueryManyPagesEachPartition) {
  const std::vector<std::pair<std::string, int>> owners = {{"a", 3}, {"b", 7}, {"c", 0}};
  int next = 0;
  for (const auto& [owner, count] : owners) {
    for (int rank = count; rank >= 1; --rank) {
      Put({{"id", Id(next++)}, {"owner", owner}, {"rank", rank}, {"done", rank % 2 == 0}});
    }
  }
  ASSERT_OK_AND_ASSIGN(std::vector<Page> pages,
                       table_->QueryMany("byOwner", {"a", "b", "c", "a"}, nullptr, 5, false));
  ASSERT_EQ(pages.size(), 4u);
  EXPECT_THAT(Ranks(pages[0].items), ElementsAre(1, 2, 3));
  EXPECT_FALSE(pages[0].next_token.has_value());
  EXPECT_THAT(Ranks(pages[1].items), ElementsAre(1, 2, 3, 4, 5));
  ASSERT_TRUE(pages[1].next_token.has_value());
  EXPECT_THAT(pages[2].items, IsEmpty());
  EXPECT_THAT(Ranks(pages[3].items), ElementsAre(1, 2, 3));

  // The token continues with Query on that index and partition.
  QueryRequest rest = Request("byOwner", "b", 5);
  rest.next_token = *pages[1].next_token;
  ASSERT_OK_AND_ASSIGN(Page more, table_->Query(rest));
  EXPECT_THAT(Ranks(more.items), ElementsAre(6, 7));

  const Json filter = {{"done", {{"eq", true}}}};
  ASSERT_OK_AND_ASSIGN(pages, table_->QueryMany("byOwner", {"b", "a"}, filter, 2, true));
  EXPECT_THAT(Ranks(pages[0].items), ElementsAre(6, 4));
  ASSERT_TRUE(pages[0].next_token.has_value());
  EXPECT_THAT(Ranks(pages[1].items), ElementsAre(2));
  rest = Request("byOwner", "b", 2, nullptr, true);
  rest.filter = filter;
  rest.next_token = *pages[0].next_token;
  ASSERT_OK_AND_ASSIGN(more, table_->Query(rest));
  EXPECT_THAT(Ranks(more.items), ElementsAre(2));

  EXPECT_THAT(table_->QueryMany("byNothing", {"a"}, nullptr, 5, false),
              StatusIs(StatusCode::kInvalidArgument));
  ASSERT_OK_AND_ASSIGN(pages, table_->QueryMany("byOwner", {}, nullptr, 5, false));
  EXPECT_THAT(pages, IsEmpty());
}

// ---- Schema ----

std::set<std::string> IndexNames(db::Database& database) {
  std::set<std::string> names;
  auto rows = database.Query(
      "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'data_Todo' AND "
      "name NOT LIKE 'sqlite_%'");
  EXPECT_OK(rows);
  for (const db::Row& row : *rows) {
    names.insert(row.Get<std::string>(0).value());
  }
  return names;
}

TEST_F(DataStoreModelTableTest, ReopenWithChangedSpecSyncsIndexesAndKeepsData) {
  Put({{"id", "a"}, {"owner", "o"}, {"rank", 1}, {"title", "t"}});
  EXPECT_EQ(IndexNames(*db_),
            (std::set<std::string>{"data_Todo__byOwner", "data_Todo__byProject"}));

  ModelTableSpec spec = TodoSpec();
  spec.indexes.erase(spec.indexes.begin() + 1);  // Drop byProject.
  spec.indexes[0].sort_keys = {"title"};         // Change byOwner.
  spec.indexes.push_back(KeySpec{.name = "byTitle", .partition_key = "title", .sort_keys = {}});
  table_.reset();
  db_.reset();
  ASSERT_OK_AND_ASSIGN(db_, db::OpenDatabase(Options()));
  ASSERT_OK_AND_ASSIGN(table_, ModelTable::Open(*db_, spec, tokens_));
  EXPECT_EQ(IndexNames(*db_), (std::set<std::string>{"data_Todo__byOwner", "data_Todo__byTitle"}));
  ASSERT_OK_AND_ASSIGN(auto row, db_->QueryOne("SELECT sql FROM sqlite_master WHERE name = ?",
                                               {"data_Todo__byOwner"}));
  EXPECT_THAT(row->Get<std::string>(0).value(), HasSubstr("'$.title'"));

  ASSERT_OK_AND_ASSIGN(auto got, table_->Get({{"id", "a"}}));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ((*got)["rank"], 1);  // Fields no longer indexed stay in the item.
  ASSERT_OK_AND_ASSIGN(Page page, table_->Query(Request("byTitle", "t")));
  EXPECT_THAT(Ids(page.items), ElementsAre("a"));

  // Opening again with the same spec changes nothing.
  ASSERT_OK_AND_ASSIGN(auto before, db_->Query("SELECT name, rootpage FROM sqlite_master"));
  ASSERT_OK_AND_ASSIGN(table_, ModelTable::Open(*db_, spec, tokens_));
  ASSERT_OK_AND_ASSIGN(auto after, db_->Query("SELECT name, rootpage FROM sqlite_master"));
  ASSERT_EQ(before.size(), after.size());
  for (size_t index = 0; index < before.size(); ++index) {
    EXPECT_EQ(before[index].Get(1).value(), after[index].Get(1).value());
  }
}

std::string QueryPlan(db::Database& database, const db::Params& params, const std::string& sql) {
  std::string plan;
  auto rows = database.Query("EXPLAIN QUERY PLAN " + sql, params);
  EXPECT_OK(rows);
  for (const db::Row& row : *rows) {
    plan += row.Get<std::string>("detail").value() + "\n";
  }
  return plan;
}

TEST_F(DataStoreModelTableTest, IndexQueriesUseTheExpressionIndex) {
  ASSERT_OK_AND_ASSIGN(const table_sql::TablePlan plan, table_sql::PlanTable(TodoSpec()));
  const table_sql::KeyPlan& by_project = plan.indexes[1];
  ASSERT_EQ(by_project.index, "byProject");
  ASSERT_OK_AND_ASSIGN(const SqlFragment filter,
                       FilterToSql(nullptr, TodoSpec().fields, db::Dialect::kSqlite));
  for (const bool descending : {false, true}) {
    table_sql::PageQuery query;
    query.key = &by_project;
    query.partition = db::Value("p");
    query.filter = filter;
    query.descending = descending;
    query.fetch = 11;
    ASSERT_OK_AND_ASSIGN(
        query.sort_condition,
        table_sql::SortConditionSql(by_project, {{"beginsWith", {{"status", "op"}}}}));
    SqlFragment sql = table_sql::BuildPageSql(plan.table, query);
    std::string explained = QueryPlan(*db_, sql.params, sql.sql);
    EXPECT_THAT(explained, HasSubstr("USING INDEX data_Todo__byProject"));
    EXPECT_THAT(explained, ::testing::Not(HasSubstr("TEMP B-TREE")));  // Index gives the order.

    query.sort_condition = {};
    query.after = {db::Value("open"), db::Value(int64_t{2}), db::Value("\"i001\"")};
    sql = table_sql::BuildPageSql(plan.table, query);
    explained = QueryPlan(*db_, sql.params, sql.sql);
    EXPECT_THAT(explained, HasSubstr("USING INDEX data_Todo__byProject"));
    EXPECT_THAT(explained, ::testing::Not(HasSubstr("TEMP B-TREE")));
  }
  const SqlFragment grouped = table_sql::BuildGroupedSql(
      plan.table, plan.indexes[0], {db::Value("a"), db::Value("b")}, filter, false, 6);
  EXPECT_THAT(QueryPlan(*db_, grouped.params, grouped.sql),
              HasSubstr("USING INDEX data_Todo__byOwner"));
}

TEST_F(DataStoreModelTableTest, FilteredScanReadsAnUnsortedIndexForEqualities) {
  ModelTableSpec spec = TodoSpec();
  spec.indexes.push_back(KeySpec{.name = "byStatus", .partition_key = "status", .sort_keys = {}});
  ASSERT_OK_AND_ASSIGN(table_, ModelTable::Open(*db_, spec, tokens_));
  std::vector<std::string> ready;
  std::vector<std::string> ready_below_30;
  for (int number = 0; number < 60; ++number) {
    Json item = {{"id", Id(number)}, {"n", number}};
    switch (number % 4) {
      case 0:
        item["status"] = "ready";
        ready.push_back(Id(number));
        if (number < 30) {
          ready_below_30.push_back(Id(number));
        }
        break;
      case 1: item["status"] = "busy"; break;
      case 2: item["status"] = {"ready"}; break;  // Not a string: never equal.
      default: break;                             // No status.
    }
    Put(item);
  }
  const Json filters[] = {
      {{"status", {{"eq", "ready"}}}},
      {{"and", {{{"status", {{"eq", "ready"}}}}, {{"n", {{"lt", 30}}}}}}},
  };
  const std::vector<std::string>* expected[] = {&ready, &ready_below_30};
  for (size_t filter_idx = 0; filter_idx < std::size(filters); ++filter_idx) {
    for (const bool descending : {false, true}) {
      QueryRequest request = Request("", nullptr, 4, nullptr, descending);
      request.filter = filters[filter_idx];
      std::vector<std::string> seen;
      for (const Page& page : AllPages(request)) {
        for (const std::string& id : Ids(page.items)) {
          seen.push_back(id);
        }
      }
      std::vector<std::string> want = *expected[filter_idx];
      if (descending) {
        std::reverse(want.begin(), want.end());
      }
      EXPECT_EQ(seen, want) << filters[filter_idx] << (descending ? " DESC" : "");
    }
  }

  ASSERT_OK_AND_ASSIGN(const table_sql::TablePlan plan, table_sql::PlanTable(spec));
  table_sql::PageQuery query;
  ASSERT_OK_AND_ASSIGN(query.filter, FilterToSql(filters[1], spec.fields, db::Dialect::kSqlite));
  query.scan_hint = table_sql::PlanScanHint(plan, ImpliedEqualities(filters[1], spec.fields)).sql;
  query.fetch = 5;
  for (const bool after : {false, true}) {
    if (after) {
      query.after = {db::Value("\"i004\"")};
    }
    const SqlFragment sql = table_sql::BuildPageSql(plan.table, query);
    const std::string explained = QueryPlan(*db_, sql.params, sql.sql);
    EXPECT_THAT(explained, HasSubstr("USING INDEX data_Todo__byStatus"));
    EXPECT_THAT(explained, ::testing::Not(HasSubstr("TEMP B-TREE")));  // Still in pk order.
  }
  // Indexes with sort keys are not used for scans: their order is not pk's.
  EXPECT_THAT(
      table_sql::PlanScanHint(plan, ImpliedEqualities({{"owner", {{"eq", "o"}}}}, spec.fields))
          .sql.sql,
      IsEmpty());
}

// ---- Atomicity ----

TEST_F(DataStoreModelTableTest, ConcurrentConditionalUpdatesAreAtomic) {
  Put({{"id", "c"}, {"version", 0}});
  constexpr int kThreads = 4;
  // Round 1: all threads race the same version-0 update; exactly one wins.
  std::atomic<int> wins{0};
  std::atomic<int> failures{0};
  {
    std::vector<std::thread> threads;
    for (int thread = 0; thread < kThreads; ++thread) {
      threads.emplace_back([&, thread] {
        Result<Json> result = table_->Update({{"id", "c"}}, {{"version", 1}, {"by", thread}},
                                             {{"version", {{"eq", 0}}}}, nullptr);
        if (result.ok()) {
          ++wins;
        } else if (result.status().code() == StatusCode::kFailedPrecondition) {
          ++failures;
        }
      });
    }
    for (std::thread& thread : threads) {
      thread.join();
    }
  }
  EXPECT_EQ(wins.load(), 1);
  EXPECT_EQ(failures.load(), kThreads - 1);

  // Round 2: read-modify-write increments; every success is one increment.
  constexpr int kAttempts = 25;
  std::atomic<int> increments{0};
  std::atomic<int> errors{0};
  {
    std::vector<std::thread> threads;
    for (int thread = 0; thread < kThreads; ++thread) {
      threads.emplace_back([&] {
        for (int attempt = 0; attempt < kAttempts; ++attempt) {
          Result<std::optional<Json>> current = table_->Get({{"id", "c"}});
          if (!current.ok() || !current->has_value()) {
            ++errors;
            continue;
          }
          const int64_t version = (**current)["version"].get<int64_t>();
          Result<Json> result = table_->Update({{"id", "c"}}, {{"version", version + 1}},
                                               {{"version", {{"eq", version}}}}, nullptr);
          if (result.ok()) {
            ++increments;
          } else if (result.status().code() != StatusCode::kFailedPrecondition) {
            ++errors;
          }
        }
      });
    }
    for (std::thread& thread : threads) {
      thread.join();
    }
  }
  EXPECT_EQ(errors.load(), 0);
  // A failed attempt saw another thread's success in its read-write window, and
  // one success ends at most one window per other thread: F <= 3S, S + F = 100.
  EXPECT_GE(increments.load(), kAttempts);
  ASSERT_OK_AND_ASSIGN(auto item, table_->Get({{"id", "c"}}));
  EXPECT_EQ((*item)["version"], 1 + increments.load());
  ASSERT_OK_AND_ASSIGN(auto row,
                       db_->QueryOne("SELECT version FROM data_Todo WHERE pk = ?", {"\"c\""}));
  EXPECT_EQ(row->Get<int64_t>(0).value(), 2 + increments.load());
}

}  // namespace
}  // namespace gloss::data::store
