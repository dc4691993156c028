// Parser tests for type-system documents (SDL).

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <variant>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "data/graphql/ast.h"
#include "data/graphql/parser.h"
#include "data/graphql/print.h"
#include "test/support/status_matchers.h"

namespace gloss::graphql {
namespace {

std::filesystem::path TestdataDir() {
  return std::filesystem::path(GLOSS_SOURCE_DIR) / "src/data/graphql/testdata";
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

std::string ErrorOf(const Result<Document>& result) {
  return result.ok() ? "OK" : std::string(result.status().message());
}

const TypeDefinition& TypeAt(const Document& doc, size_t index) {
  const auto* type = std::get_if<TypeDefinition>(&doc.definitions().at(index).node);
  EXPECT_NE(type, nullptr);
  return *type;
}

TEST(GraphqlParserSdlTest, AmplifyModelWithDirectives) {
  ASSERT_OK_AND_ASSIGN(Document doc, ParseSchema(R"(
type Todo @model @auth(rules: [{allow: owner}]) {
  id: ID!
  content: String @default(value: "x")
})"));
  ASSERT_EQ(doc.definitions().size(), 1u);
  const TypeDefinition& todo = TypeAt(doc, 0);
  EXPECT_EQ(todo.kind, TypeKind::kObject);
  EXPECT_FALSE(todo.extension);
  EXPECT_EQ(todo.name, "Todo");
  EXPECT_EQ(todo.loc, (SourceLocation{2, 1}));
  ASSERT_EQ(todo.directives.size(), 2u);
  EXPECT_EQ(todo.directives[0].name, "model");
  const Directive& auth = todo.directives[1];
  EXPECT_EQ(auth.name, "auth");
  ASSERT_EQ(auth.arguments.size(), 1u);
  EXPECT_EQ(auth.arguments[0].name, "rules");
  const Value& rules = auth.arguments[0].value;
  ASSERT_EQ(rules.kind, ValueKind::kList);
  ASSERT_EQ(rules.list.size(), 1u);
  ASSERT_EQ(rules.list[0].kind, ValueKind::kObject);
  EXPECT_EQ(rules.list[0].fields[0].name, "allow");
  EXPECT_EQ(rules.list[0].fields[0].value.kind, ValueKind::kEnum);
  EXPECT_EQ(rules.list[0].fields[0].value.text, "owner");
  ASSERT_EQ(todo.fields.size(), 2u);
  EXPECT_EQ(todo.fields[0].name, "id");
  EXPECT_EQ(todo.fields[0].type.name, "ID");
  EXPECT_TRUE(todo.fields[0].type.non_null());
  EXPECT_EQ(todo.fields[1].directives[0].name, "default");
  EXPECT_EQ(todo.fields[1].directives[0].arguments[0].value.text, "x");
  EXPECT_EQ(todo.fields[1].loc, (SourceLocation{4, 3}));
}

TEST(GraphqlParserSdlTest, AllDefinitionKinds) {
  ASSERT_OK_AND_ASSIGN(Document doc, ParseSchema(R"(
"""
The root.
"""
schema @d { query: Q mutation: M subscription: S }
"Scalar doc" scalar Date @specifiedBy(url: "https://example.com")
interface Node implements & Entity & Thing { id: ID! }
type User implements Node & Entity @key(fields: "id") {
  "field doc"
  id: ID!
  friends(
    "how many"
    first: Int = 10, after: String @deprecated
  ): [User!]! @deprecated(reason: "no")
}
union SearchResult @u = | User | Post
enum Color { RED "green" GREEN @deprecated BLUE }
input Filter { name: String = "a", tags: [String!] = ["x"], nested: Filter }
directive @auth(rules: [AuthRule!]!) repeatable on | OBJECT | FIELD_DEFINITION
extend schema @e
extend scalar Date @x
extend type User { age: Int }
extend interface Node @i
extend union SearchResult = Comment
extend enum Color { BLACK }
extend input Filter { limit: Int }
type Empty
)"));
  ASSERT_EQ(doc.definitions().size(), 16u);
  const auto& schema = std::get<SchemaDefinition>(doc.definitions()[0].node);
  ASSERT_TRUE(schema.description.has_value());
  EXPECT_EQ(schema.description->value, "The root.");
  EXPECT_TRUE(schema.description->block);
  ASSERT_EQ(schema.operation_types.size(), 3u);
  EXPECT_EQ(schema.operation_types[2].operation, OperationType::kSubscription);
  EXPECT_EQ(schema.operation_types[2].type, "S");

  EXPECT_EQ(TypeAt(doc, 1).kind, TypeKind::kScalar);
  EXPECT_EQ(TypeAt(doc, 1).description->value, "Scalar doc");
  EXPECT_FALSE(TypeAt(doc, 1).description->block);
  EXPECT_THAT(TypeAt(doc, 2).interfaces, ::testing::ElementsAre("Entity", "Thing"));
  const TypeDefinition& user = TypeAt(doc, 3);
  EXPECT_THAT(user.interfaces, ::testing::ElementsAre("Node", "Entity"));
  EXPECT_EQ(user.fields[0].description->value, "field doc");
  const FieldDefinition& friends = user.fields[1];
  ASSERT_EQ(friends.arguments.size(), 2u);
  EXPECT_EQ(friends.arguments[0].description->value, "how many");
  EXPECT_EQ(friends.arguments[0].default_value->text, "10");
  EXPECT_EQ(friends.arguments[1].directives[0].name, "deprecated");
  EXPECT_EQ(friends.type.name, "User");
  EXPECT_EQ(friends.type.wrappers.size(), 3u);
  EXPECT_THAT(TypeAt(doc, 4).union_members, ::testing::ElementsAre("User", "Post"));
  const TypeDefinition& color = TypeAt(doc, 5);
  ASSERT_EQ(color.enum_values.size(), 3u);
  EXPECT_EQ(color.enum_values[1].description->value, "green");
  EXPECT_EQ(color.enum_values[1].directives[0].name, "deprecated");
  EXPECT_EQ(TypeAt(doc, 6).input_fields.size(), 3u);
  const auto& directive = std::get<DirectiveDefinition>(doc.definitions()[7].node);
  EXPECT_EQ(directive.name, "auth");
  EXPECT_TRUE(directive.repeatable);
  EXPECT_THAT(directive.locations, ::testing::ElementsAre("OBJECT", "FIELD_DEFINITION"));
  EXPECT_TRUE(std::get<SchemaDefinition>(doc.definitions()[8].node).extension);
  for (size_t index = 9; index < 15; ++index) {
    EXPECT_TRUE(TypeAt(doc, index).extension) << index;
  }
  EXPECT_EQ(TypeAt(doc, 11).loc, (SourceLocation{23, 1}));
  EXPECT_TRUE(TypeAt(doc, 15).fields.empty());
}

TEST(GraphqlParserSdlTest, SyntaxErrors) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"type Foo {}", "1:11: Syntax Error: Expected Name, found \"}\"."},
      {"extend type Foo", "1:16: Syntax Error: Unexpected <EOF>."},
      {"extend schema", "1:14: Syntax Error: Unexpected <EOF>."},
      {"extend foo Bar", "1:8: Syntax Error: Unexpected Name \"foo\"."},
      {"\"d\" extend type Foo @a",
       "1:1: Syntax Error: Unexpected description, descriptions are supported only on type "
       "definitions."},
      {"enum E { true }",
       "1:10: Syntax Error: Name \"true\" is reserved and cannot be used for an enum value."},
      {"enum E { A, null }",
       "1:13: Syntax Error: Name \"null\" is reserved and cannot be used for an enum value."},
      {"type T @d(a: $x) { f: Int }",
       "1:14: Syntax Error: Unexpected variable \"$x\" in constant value."},
      {"directive @d on FOO", "1:17: Syntax Error: Unexpected Name \"FOO\"."},
      {"directive @d(a: Int) in FIELD", "1:22: Syntax Error: Expected \"on\", found Name \"in\"."},
      {"type T { f(): Int }", "1:12: Syntax Error: Expected Name, found \")\"."},
      {"union U = ", "1:11: Syntax Error: Expected Name, found <EOF>."},
      {"schema {}", "1:9: Syntax Error: Unexpected \"}\"."},
      {"input I { a: Int = $v }",
       "1:20: Syntax Error: Unexpected variable \"$v\" in constant value."},
      {"type T implements { f: Int }", "1:19: Syntax Error: Expected Name, found \"{\"."},
  };
  for (const auto& [source, message] : cases) {
    EXPECT_EQ(ErrorOf(ParseSchema(source)), message) << source;
  }
}

TEST(GraphqlParserSdlTest, ReferenceSchemaParsesAndRoundTrips) {
  const std::string source = ReadFile(TestdataDir() / "reference-schema.graphql");
  ASSERT_FALSE(source.empty());
  ASSERT_OK_AND_ASSIGN(Document doc, ParseSchema(source));
  ASSERT_EQ(doc.definitions().size(), 9u);
  EXPECT_EQ(TypeAt(doc, 0).kind, TypeKind::kEnum);
  EXPECT_THAT(TypeAt(doc, 0).name, "ImageStatus");
  const TypeDefinition& image = TypeAt(doc, 5);
  EXPECT_EQ(image.name, "Image");
  ASSERT_EQ(image.directives.size(), 2u);
  EXPECT_EQ(image.directives[1].arguments[0].value.list.size(), 3u);
  const TypeDefinition& mutation = TypeAt(doc, 8);
  EXPECT_EQ(mutation.name, "Mutation");
  EXPECT_EQ(mutation.fields[0].arguments.size(), 3u);
  EXPECT_EQ(mutation.fields[0].directives[0].name, "function");

  const std::string printed = Print(doc);
  ASSERT_OK_AND_ASSIGN(Document reparsed, ParseSchema(printed));
  EXPECT_EQ(Print(reparsed), printed);
}

TEST(GraphqlParserSdlTest, TestdataSeedsParse) {
  for (const auto& entry : std::filesystem::directory_iterator(TestdataDir())) {
    if (entry.path().extension() != ".graphql") {
      continue;
    }
    const std::string source = ReadFile(entry.path());
    const bool is_schema = ParseSchema(source).ok();
    const bool is_executable = ParseExecutable(source).ok();
    EXPECT_TRUE(is_schema || is_executable) << entry.path();
  }
}

}  // namespace
}  // namespace gloss::graphql
