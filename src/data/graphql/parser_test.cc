#include "data/graphql/parser.h"

#include <string>
#include <variant>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "data/graphql/ast.h"
#include "test/support/status_matchers.h"

namespace gloss::graphql {
namespace {

using ::gloss::testing::StatusIs;

// graphql-js's kitchen-sink.graphql (executable part).
constexpr std::string_view kKitchenSink = R"graphql(
query queryName($foo: ComplexType, $site: Site = MOBILE) @onQuery {
  whoever123is: node(id: [123, 456]) {
    id ,
    ... on User @onInlineFragment {
      field2 {
        id ,
        alias: field1(first:10, after:$foo,) @include(if: $foo) {
          id,
          ...frag @onFragmentSpread
        }
      }
    }
    ... @skip(unless: $foo) {
      id
    }
    ... {
      id
    }
  }
}

mutation likeStory @onMutation {
  like(story: 123) @onField {
    story {
      id @onField
    }
  }
}

subscription StoryLikeSubscription(
  $input: StoryLikeSubscribeInput @onVariableDefinition
)
  @onSubscription {
  storyLikeSubscribe(input: $input) {
    story {
      likers {
        count
      }
      likeSentence {
        text
      }
    }
  }
}

fragment frag on Friend @onFragmentDefinition {
  foo(size: $size, bar: $b, obj: {key: "value", block: """
      block string uses \"""
  """})
}

{
  unnamed(truthy: true, falsy: false, nullish: null),
  query
}

query { __typename }
)graphql";

std::string ErrorOf(const Result<Document>& result) {
  return result.ok() ? "OK" : std::string(result.status().message());
}

template <typename T>
const T& As(const Definition& definition) {
  const T* node = std::get_if<T>(&definition.node);
  EXPECT_NE(node, nullptr);
  return *node;
}

template <typename T>
const T& As(const Selection& selection) {
  const T* node = std::get_if<T>(&selection.node);
  EXPECT_NE(node, nullptr);
  return *node;
}

TEST(GraphqlParserTest, KitchenSinkQueryParses) {
  ASSERT_OK_AND_ASSIGN(Document doc, ParseExecutable(std::string(kKitchenSink)));
  ASSERT_EQ(doc.definitions().size(), 6u);

  const auto& query = As<OperationDefinition>(doc.definitions()[0]);
  EXPECT_EQ(query.operation, OperationType::kQuery);
  EXPECT_EQ(query.name, "queryName");
  EXPECT_EQ(query.loc, (SourceLocation{2, 1}));
  ASSERT_EQ(query.variable_definitions.size(), 2u);
  EXPECT_EQ(query.variable_definitions[0].name, "foo");
  EXPECT_EQ(query.variable_definitions[0].type.name, "ComplexType");
  ASSERT_TRUE(query.variable_definitions[1].default_value.has_value());
  EXPECT_EQ(query.variable_definitions[1].default_value->kind, ValueKind::kEnum);
  EXPECT_EQ(query.variable_definitions[1].default_value->text, "MOBILE");
  ASSERT_EQ(query.directives.size(), 1u);
  EXPECT_EQ(query.directives[0].name, "onQuery");

  const auto& node = As<Field>(query.selection_set.selections[0]);
  EXPECT_EQ(node.alias, "whoever123is");
  EXPECT_EQ(node.name, "node");
  EXPECT_EQ(node.response_key(), "whoever123is");
  EXPECT_EQ(node.loc, (SourceLocation{3, 3}));
  ASSERT_EQ(node.arguments.size(), 1u);
  EXPECT_EQ(node.arguments[0].value.kind, ValueKind::kList);
  EXPECT_EQ(node.arguments[0].value.list[1].text, "456");
  ASSERT_EQ(node.selection_set.selections.size(), 4u);
  const auto& on_user = As<InlineFragment>(node.selection_set.selections[1]);
  EXPECT_EQ(on_user.type_condition, "User");
  const auto& field2 = As<Field>(on_user.selection_set.selections[0]);
  const auto& alias = As<Field>(field2.selection_set.selections[1]);
  EXPECT_EQ(alias.alias, "alias");
  EXPECT_EQ(alias.name, "field1");
  ASSERT_EQ(alias.arguments.size(), 2u);
  EXPECT_EQ(alias.arguments[1].value.kind, ValueKind::kVariable);
  EXPECT_EQ(alias.arguments[1].value.text, "foo");
  const auto& spread = As<FragmentSpread>(alias.selection_set.selections[1]);
  EXPECT_EQ(spread.name, "frag");
  EXPECT_EQ(spread.directives[0].name, "onFragmentSpread");
  EXPECT_TRUE(As<InlineFragment>(node.selection_set.selections[3]).type_condition.empty());

  EXPECT_EQ(As<OperationDefinition>(doc.definitions()[1]).operation, OperationType::kMutation);
  const auto& subscription = As<OperationDefinition>(doc.definitions()[2]);
  EXPECT_EQ(subscription.operation, OperationType::kSubscription);
  EXPECT_EQ(subscription.variable_definitions[0].directives[0].name, "onVariableDefinition");

  const auto& fragment = As<FragmentDefinition>(doc.definitions()[3]);
  EXPECT_EQ(fragment.name, "frag");
  EXPECT_EQ(fragment.type_condition, "Friend");
  const Value& obj = As<Field>(fragment.selection_set.selections[0]).arguments[2].value;
  ASSERT_EQ(obj.kind, ValueKind::kObject);
  EXPECT_EQ(obj.fields[1].name, "block");
  EXPECT_TRUE(obj.fields[1].value.block);
  EXPECT_EQ(obj.fields[1].value.text, "block string uses \"\"\"");

  const auto& shorthand = As<OperationDefinition>(doc.definitions()[4]);
  EXPECT_TRUE(shorthand.name.empty());
  const auto& unnamed = As<Field>(shorthand.selection_set.selections[0]);
  EXPECT_TRUE(unnamed.arguments[0].value.boolean());
  EXPECT_EQ(unnamed.arguments[1].value.kind, ValueKind::kBoolean);
  EXPECT_FALSE(unnamed.arguments[1].value.boolean());
  EXPECT_EQ(unnamed.arguments[2].value.kind, ValueKind::kNull);
  EXPECT_EQ(As<Field>(shorthand.selection_set.selections[1]).name, "query");
}

TEST(GraphqlParserTest, AnonymousQueryShorthandAndKeywordsAsNames) {
  ASSERT_OK_AND_ASSIGN(Document doc,
                       ParseExecutable("{ query mutation: type on fragment(on: on) true }"));
  const auto& operation = As<OperationDefinition>(doc.definitions()[0]);
  EXPECT_EQ(operation.operation, OperationType::kQuery);
  ASSERT_EQ(operation.selection_set.selections.size(), 5u);
  EXPECT_EQ(As<Field>(operation.selection_set.selections[1]).alias, "mutation");
  EXPECT_EQ(As<Field>(operation.selection_set.selections[2]).name, "on");
  EXPECT_EQ(As<Field>(operation.selection_set.selections[3]).arguments[0].value.kind,
            ValueKind::kEnum);
}

TEST(GraphqlParserTest, VariableTypesAndValues) {
  ASSERT_OK_AND_ASSIGN(Document doc,
                       ParseExecutable(R"(query Q($a: [[Int!]]! = [[1], null], $b: Float = -1.5e3,
                             $c: In = {x: "\u00e9", y: [ENUM, true]}) { f })"));
  const auto& operation = As<OperationDefinition>(doc.definitions()[0]);
  const Type& a = operation.variable_definitions[0].type;
  EXPECT_EQ(a.name, "Int");
  EXPECT_EQ(a.wrappers,
            (std::vector<Type::Wrapper>{Type::Wrapper::kNonNull, Type::Wrapper::kList,
                                        Type::Wrapper::kList, Type::Wrapper::kNonNull}));
  EXPECT_TRUE(a.non_null());
  EXPECT_EQ(operation.variable_definitions[1].default_value->kind, ValueKind::kFloat);
  EXPECT_EQ(operation.variable_definitions[1].default_value->text, "-1.5e3");
  const Value& c = *operation.variable_definitions[2].default_value;
  EXPECT_EQ(c.fields[0].value.text, "\xC3\xA9");
  EXPECT_EQ(c.fields[1].value.list[0].kind, ValueKind::kEnum);
  EXPECT_EQ(c.fields[1].value.list[1].kind, ValueKind::kBoolean);
}

TEST(GraphqlParserTest, DocumentSurvivesMove) {
  ASSERT_OK_AND_ASSIGN(Document doc, ParseExecutable("{ a(s: \"esc\\n\") }"));
  Document moved = std::move(doc);
  const auto& field =
      As<Field>(As<OperationDefinition>(moved.definitions()[0]).selection_set.selections[0]);
  EXPECT_EQ(field.name, "a");
  EXPECT_EQ(field.arguments[0].value.text, "esc\n");
}

TEST(GraphqlParserTest, SyntaxErrorsMatchGraphqlJs) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"{", "1:2: Syntax Error: Expected Name, found <EOF>."},
      {"", "1:1: Syntax Error: Unexpected <EOF>."},
      {"{ ...MissingOn }\nfragment MissingOn Type",
       "2:20: Syntax Error: Expected \"on\", found Name \"Type\"."},
      {"{ field: {} }", "1:10: Syntax Error: Expected Name, found \"{\"."},
      {"notAnOperation Foo { field }", "1:1: Syntax Error: Unexpected Name \"notAnOperation\"."},
      {"...", "1:1: Syntax Error: Unexpected \"...\"."},
      {"{ \"\"", "1:3: Syntax Error: Expected Name, found String \"\"."},
      {"query Foo($a: Int = $b) { f }",
       "1:21: Syntax Error: Unexpected variable \"$b\" in constant value."},
      {"fragment on on on { on }", "1:10: Syntax Error: Unexpected Name \"on\"."},
      {"{ ...on }", "1:9: Syntax Error: Expected Name, found \"}\"."},
      {"query {}", "1:8: Syntax Error: Expected Name, found \"}\"."},
      {"query Q() { a }", "1:9: Syntax Error: Expected \"$\", found \")\"."},
      {"{ a(x: 01) }", "1:9: Syntax Error: Invalid number, unexpected digit after 0: \"1\"."},
      {"{ a(x: ) }", "1:8: Syntax Error: Unexpected \")\"."},
      {"{ a }\n  \"desc\" query { b }",
       "2:3: Syntax Error: Unexpected description, descriptions are supported only on type "
       "definitions."},
      {"type Foo { a: Int }", "1:1: Syntax Error: Unexpected Name \"type\"."},
      {"\"d\" type Foo { a: Int }", "1:1: Syntax Error: Unexpected String \"d\"."},
      {"query Q($v: [Int) { a }", "1:17: Syntax Error: Expected \"]\", found \")\"."},
      {"{ a @ }", "1:7: Syntax Error: Expected Name, found \"}\"."},
  };
  for (const auto& [source, message] : cases) {
    EXPECT_EQ(ErrorOf(ParseExecutable(source)), message) << source;
  }
}

TEST(GraphqlParserTest, ErrorsAreInvalidArgument) {
  EXPECT_THAT(ParseExecutable("{").status(), StatusIs(StatusCode::kInvalidArgument));
}

std::string NestedSelections(int depth) {
  std::string source;
  for (int level = 0; level < depth - 1; ++level) {
    source += "{ a ";
  }
  source += "{ b ";
  source.append(static_cast<size_t>(depth), '}');
  return source;
}

TEST(GraphqlParserTest, NestingUpToTheLimitParses) {
  EXPECT_OK(ParseExecutable(NestedSelections(64)).status());
  ParseOptions options;
  options.max_depth = 3;
  EXPECT_OK(ParseExecutable("{ a(x: [[1]]) }", options).status());
  EXPECT_OK(ParseExecutable("query($v: [[Int]]) { a }", options).status());
}

TEST(GraphqlParserTest, NestingBeyondTheLimitIsAnErrorNotACrash) {
  EXPECT_EQ(ErrorOf(ParseExecutable(NestedSelections(65))),
            "1:257: Syntax Error: Document nesting exceeds 64 levels. Parsing aborted.");
  // Far beyond any stack: must fail fast, not overflow.
  const std::string deep_list = "{ a(x: " + std::string(500'000, '[') + ") }";
  EXPECT_THAT(ParseExecutable(deep_list).status(), StatusIs(StatusCode::kInvalidArgument));
  const std::string deep_object = "{ a(x: " + std::string(100'000, '{') + ") }";
  EXPECT_THAT(ParseExecutable(deep_object).status(), StatusIs(StatusCode::kInvalidArgument));
  std::string deep_object_fields = "{ a(x: ";
  for (int level = 0; level < 100'000; ++level) {
    deep_object_fields += "{f: ";
  }
  EXPECT_THAT(ParseExecutable(deep_object_fields).status(), StatusIs(StatusCode::kInvalidArgument));
  const std::string deep_type = "query($v: " + std::string(100'000, '[') + "Int) { a }";
  EXPECT_THAT(ParseExecutable(deep_type).status(), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseExecutable(std::string(100'000, '{')).status(),
              StatusIs(StatusCode::kInvalidArgument));
}

TEST(GraphqlParserTest, TokenAndSizeLimits) {
  ParseOptions options;
  options.max_tokens = 5;
  EXPECT_OK(ParseExecutable("{ a, b, c } # 5 tokens", options).status());
  EXPECT_EQ(ErrorOf(ParseExecutable("{ a b c d }", options)),
            "1:11: Syntax Error: Document contains more than 5 tokens. Parsing aborted.");
  options = ParseOptions();
  options.max_source_bytes = 10;
  EXPECT_OK(ParseExecutable("{ a }", options).status());
  EXPECT_EQ(ErrorOf(ParseExecutable("{ a b c d e }", options)),
            "1:1: Syntax Error: Document is larger than 10 bytes. Parsing aborted.");
}

TEST(GraphqlParserTest, ExecutableRejectsTypeSystemAndSchemaRejectsOperations) {
  EXPECT_EQ(ErrorOf(ParseExecutable("extend type A @d")),
            "1:1: Syntax Error: Unexpected Name \"extend\".");
  EXPECT_EQ(ErrorOf(ParseSchema("{ a }")), "1:1: Syntax Error: Unexpected \"{\".");
  EXPECT_EQ(ErrorOf(ParseSchema("query { a }")), "1:1: Syntax Error: Unexpected Name \"query\".");
  EXPECT_EQ(ErrorOf(ParseSchema("fragment F on T { a }")),
            "1:1: Syntax Error: Unexpected Name \"fragment\".");
}

}  // namespace
}  // namespace gloss::graphql
