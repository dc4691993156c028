#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "db/database.h"
#include "test/support/status_matchers.h"

namespace gloss::db {
namespace {

using ::gloss::testing::StatusIs;

Row MakeRow() {
  auto names = std::make_shared<const std::vector<std::string>>(
      std::vector<std::string>{"id", "score", "name", "avatar", "deleted_at"});
  return Row(names, {Value(42), Value(0.5), Value("ada"), Value(Blob{"\x89PNG"}), Value()});
}

TEST(RowTest, ReadsColumnsByIndexAndName) {
  const Row row = MakeRow();
  EXPECT_EQ(row.size(), 5u);
  EXPECT_EQ(row.Get<int64_t>(0).value(), 42);
  EXPECT_EQ(row.Get<double>("score").value(), 0.5);
  EXPECT_EQ(row.Get<std::string>("name").value(), "ada");
  EXPECT_EQ(row.Get<Blob>(3).value(), Blob{"\x89PNG"});
  EXPECT_EQ(row.Get("deleted_at").value(), Value());
}

TEST(RowTest, OptionalReadsMapNullToNullopt) {
  const Row row = MakeRow();
  EXPECT_EQ(row.Get<std::optional<int64_t>>("deleted_at").value(), std::nullopt);
  EXPECT_EQ(row.Get<std::optional<int64_t>>("id").value(), std::optional<int64_t>(42));
}

TEST(RowTest, WrongTypeNullAndMissingColumnsAreInternal) {
  const Row row = MakeRow();
  EXPECT_THAT(row.Get<int64_t>("deleted_at"), StatusIs(StatusCode::kInternal));
  EXPECT_THAT(row.Get<std::string>("avatar"), StatusIs(StatusCode::kInternal));
  EXPECT_THAT(row.Get<double>("id"), StatusIs(StatusCode::kInternal));
  EXPECT_THAT(row.Get<std::optional<std::string>>("id"), StatusIs(StatusCode::kInternal));
  EXPECT_THAT(row.Get<int64_t>("nope"), StatusIs(StatusCode::kInternal));
  EXPECT_THAT(row.Get(5), StatusIs(StatusCode::kInternal));
}

TEST(ValueTest, ConstructorsPickTheSqlType) {
  EXPECT_EQ(Value().type(), Value::Type::kNull);
  EXPECT_EQ(Value(nullptr).type(), Value::Type::kNull);
  EXPECT_EQ(Value(true), Value(int64_t{1}));
  EXPECT_EQ(Value(uint32_t{7}).type(), Value::Type::kInt64);
  EXPECT_EQ(Value(1.0f).type(), Value::Type::kDouble);
  EXPECT_EQ(Value(std::string_view("x")).type(), Value::Type::kText);
  EXPECT_EQ(Value(Blob{}).type(), Value::Type::kBlob);
  EXPECT_EQ(Value(std::optional<int>()).type(), Value::Type::kNull);
  EXPECT_EQ(Value(std::optional<int>(3)), Value(3));
  static_assert(!std::is_constructible_v<Value, uint64_t>, "uint64_t could wrap");
}

}  // namespace
}  // namespace gloss::db
