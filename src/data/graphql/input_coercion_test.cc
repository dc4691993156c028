#include "data/graphql/input_coercion.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "data/graphql/parser.h"
#include "test/support/status_matchers.h"

namespace gloss::graphql {
namespace {

using ::testing::HasSubstr;

constexpr std::string_view kSchema = R"(
scalar AWSDate
enum Level { LOW HIGH }
input Range { from: Int! to: Int = 10 }
input Query2 { level: Level tags: [String!] range: Range when: AWSDate }
type Query { find(q: Query2!, limit: Int = 20, ids: [ID]): String }
)";

class GraphqlInputCoercionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(Document sdl, ParseSchema(std::string(kSchema)));
    ASSERT_OK_AND_ASSIGN(schema_, Schema::Build(std::move(sdl)));
    field_ = schema_->FindField(*schema_->query_type(), "find");
    ASSERT_NE(field_, nullptr);
  }

  // The arguments of `{ find(ARGS) }` with `variables`.
  Result<nlohmann::json> Arguments(const std::string& arguments,
                                   const nlohmann::json& variables = nlohmann::json::object()) {
    Result<Document> document = ParseExecutable("{ find(" + arguments + ") }");
    EXPECT_OK(document);
    const auto& operation = std::get<OperationDefinition>(document->definitions()[0].node);
    const auto& field = std::get<Field>(operation.selection_set.selections[0].node);
    return CoerceArguments(*schema_, *field_, field.arguments, variables, coerce_);
  }

  std::shared_ptr<const Schema> schema_;
  const FieldDefinition* field_ = nullptr;
  std::function<Result<nlohmann::json>(std::string_view, const nlohmann::json&)> coerce_ =
      [](std::string_view scalar, const nlohmann::json& value) -> Result<nlohmann::json> {
    if (scalar == "AWSDate" && (!value.is_string() || value.get<std::string>().size() != 10)) {
      return Status::InvalidArgument("Invalid AWSDate value");
    }
    return value;
  };
};

TEST_F(GraphqlInputCoercionTest, LiteralsGetDefaultsListWrappingAndEnums) {
  ASSERT_OK_AND_ASSIGN(const nlohmann::json arguments,
                       Arguments(R"(q: {level: HIGH, tags: "one", range: {from: 1}}, ids: 7)"));
  EXPECT_EQ(arguments, nlohmann::json::parse(R"({"q": {"level": "HIGH", "tags": ["one"],
                                                       "range": {"from": 1, "to": 10}},
                                                 "limit": 20, "ids": ["7"]})"));
}

TEST_F(GraphqlInputCoercionTest, VariablesAreSubstitutedAndAbsentOnesUseDefaults) {
  ASSERT_OK_AND_ASSIGN(const nlohmann::json arguments,
                       Arguments("q: {range: {from: $f, to: $t}}, limit: $l", {{"f", 3}}));
  EXPECT_EQ(arguments["q"]["range"], nlohmann::json::parse(R"({"from": 3, "to": 10})"));
  EXPECT_EQ(arguments["limit"], 20);
}

TEST_F(GraphqlInputCoercionTest, BadLiteralsNameTheArgumentAndPlace) {
  EXPECT_THAT(Arguments("q: {level: MIDDLE}").status().message(),
              HasSubstr("Value \"MIDDLE\" does not exist in \"Level\" enum at \"q.level\""));
  EXPECT_THAT(Arguments("q: {range: {}}").status().message(),
              HasSubstr("Field \"Range.from\" of required type \"Int!\" was not provided"));
  EXPECT_THAT(Arguments("q: {when: \"2026\"}").status().message(),
              HasSubstr("Invalid AWSDate value at \"q.when\""));
  EXPECT_THAT(Arguments("limit: 1").status().message(),
              HasSubstr("Argument \"q\" of required type \"Query2!\" was not provided."));
}

TEST_F(GraphqlInputCoercionTest, VariableValuesAreCheckedAgainstTheirDeclaredTypes) {
  ASSERT_OK_AND_ASSIGN(
      Document document,
      ParseExecutable("query($q: Query2!, $n: Int = 5) { find(q: $q, limit: $n) }"));
  const auto& operation = std::get<OperationDefinition>(document.definitions()[0].node);
  ASSERT_OK_AND_ASSIGN(
      const nlohmann::json variables,
      CoerceVariables(*schema_, operation, {{"q", {{"tags", {"a", "b"}}}}}, coerce_));
  EXPECT_EQ(variables, nlohmann::json::parse(R"({"q": {"tags": ["a", "b"]}, "n": 5})"));
  EXPECT_THAT(
      CoerceVariables(*schema_, operation, {{"q", {{"nope", 1}}}}, coerce_).status().message(),
      HasSubstr("Field \"nope\" is not defined by type \"Query2\""));
  EXPECT_THAT(CoerceVariables(*schema_, operation, {{"q", {{"tags", {"a", nullptr}}}}}, coerce_)
                  .status()
                  .message(),
              HasSubstr("Expected non-nullable type \"String!\" not to be null at \"tags.1\""));
  EXPECT_THAT(
      CoerceVariables(*schema_, operation, {{"q", nlohmann::json::object()}, {"n", 1e12}}, coerce_)
          .status()
          .message(),
      HasSubstr("Int cannot represent non-integer value"));
}

}  // namespace
}  // namespace gloss::graphql
