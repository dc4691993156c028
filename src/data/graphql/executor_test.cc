#include "data/graphql/executor.h"

#include <atomic>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "data/graphql/parser.h"
#include "data/graphql/raw_json.h"
#include "data/graphql/validate.h"
#include "test/support/status_matchers.h"

namespace gloss::graphql {
namespace {

using ordered_json = nlohmann::ordered_json;

constexpr std::string_view kSchema = R"(
enum Color { RED GREEN }
type Author { id: ID! name: String! }
type Post {
  id: ID!
  title: String
  color: Color
  author: Author!
  tags: [String!]
  score: Int
}
type Query {
  posts(limit: Int = 10): [Post!]!
  post(id: ID!): Post
  hello(name: String!, times: Int): String
}
type Mutation { add(title: String!): Post  reset: Int }
type Subscription { onAdd: Post }
)";

// Runs every test with the posts resolved as DOM values and as raw objects
// (RawObjectValue): the responses must not differ.
class GraphqlExecutorTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(Document sdl, ParseSchema(std::string(kSchema)));
    ASSERT_OK_AND_ASSIGN(schema_, Schema::Build(std::move(sdl)));
    posts_ = nlohmann::json::parse(R"([
      {"id": "p1", "title": "One", "color": "RED", "authorId": "a1", "tags": ["x"], "score": 3},
      {"id": "p2", "title": "Two", "color": "GREEN", "authorId": "a2", "tags": [], "score": 4},
      {"id": "p3", "title": null, "color": "RED", "authorId": "a1", "tags": null, "score": 5}])");
    resolvers_.Set("Query", "posts", [this](const FieldContext& context, auto parents) {
      if (!post_texts_.empty()) {
        posts_ = nlohmann::json::array();
        for (const std::string& text : post_texts_) {
          posts_.push_back(nlohmann::json::parse(text));
        }
      }
      nlohmann::json page = nlohmann::json::array();
      for (int64_t i = 0;
           i < context.arguments["limit"].get<int64_t>() && i < static_cast<int64_t>(posts_.size());
           ++i) {
        const auto index = static_cast<size_t>(i);
        if (!GetParam()) {
          page.push_back(posts_[index]);
        } else {
          page.push_back(
              RawObjectValue(post_texts_.empty() ? posts_[index].dump() : post_texts_[index]));
        }
      }
      return std::vector<Result<nlohmann::json>>(parents.size(), page);
    });
    resolvers_.Set("Query", "hello", [](const FieldContext& context, auto parents) {
      std::string greeting = "hello " + context.arguments["name"].get<std::string>();
      return std::vector<Result<nlohmann::json>>(parents.size(), nlohmann::json(greeting));
    });
    resolvers_.Set("Post", "author", [this](const FieldContext&, auto parents) {
      ++author_batches_;
      std::vector<Result<nlohmann::json>> authors;
      for (const nlohmann::json* post : parents) {
        const std::string id = (*post)["authorId"];
        if (id == "a2" && fail_author_) {
          authors.emplace_back(Status::PermissionDenied("Not Authorized to access author"));
        } else {
          authors.emplace_back(nlohmann::json{{"id", id}, {"name", id == "a1" ? "Ada" : "Bob"}});
        }
      }
      return authors;
    });
  }

  ordered_json Run(const std::string& query, nlohmann::json variables = nlohmann::json::object(),
                   const nlohmann::json* root_value = nullptr) {
    return ordered_json::parse(RunText(query, std::move(variables), root_value));
  }

  std::string RunText(const std::string& query, nlohmann::json variables = nlohmann::json::object(),
                      const nlohmann::json* root_value = nullptr) {
    Result<Document> document = ParseExecutable(query);
    EXPECT_OK(document);
    EXPECT_OK(Validate(*schema_, *document));
    ExecutionRequest request;
    request.schema = schema_.get();
    request.document = &*document;
    request.variables = std::move(variables);
    request.resolvers = &resolvers_;
    request.root_field_value = root_value;
    return Execute(request);
  }

  std::shared_ptr<const Schema> schema_;
  ResolverMap resolvers_;
  nlohmann::json posts_;
  std::vector<std::string> post_texts_;  // When set, the posts as these texts.
  int author_batches_ = 0;
  bool fail_author_ = false;
};

TEST_P(GraphqlExecutorTest, ResolvesInSelectionOrderWithAliasesFragmentsAndTypename) {
  const ordered_json response = Run(R"(
    query Q { first: posts(limit: 1) { ...Bits __typename } hi: hello(name: "you") }
    fragment Bits on Post { title id color tags })");
  EXPECT_EQ(response.dump(),
            R"({"data":{"first":[{"title":"One","id":"p1","color":"RED","tags":["x"],)"
            R"("__typename":"Post"}],"hi":"hello you"}})");
}

TEST_P(GraphqlExecutorTest, ResolvesAFieldOnceForAllItemsOfAList) {
  const ordered_json response = Run("{ posts { author { name } } }");
  EXPECT_EQ(response["data"]["posts"].dump(),
            R"([{"author":{"name":"Ada"}},{"author":{"name":"Bob"}},{"author":{"name":"Ada"}}])");
  EXPECT_EQ(author_batches_, 1);
}

TEST_P(GraphqlExecutorTest, ErrorsCarryPathLocationAndAppSyncErrorTypeAndNullsPropagate) {
  fail_author_ = true;
  const ordered_json response = Run("{ posts { id author { name } } }");
  // author is Author!, the item is Post! and the list is [Post!]!: the null
  // climbs to data.
  EXPECT_TRUE(response["data"].is_null());
  ASSERT_EQ(response["errors"].size(), 1u);
  const ordered_json& error = response["errors"][0];
  EXPECT_EQ(error["path"].dump(), R"(["posts",1,"author"])");
  EXPECT_EQ(error["errorType"], "Unauthorized");
  EXPECT_EQ(error["message"], "Not Authorized to access author");
  EXPECT_EQ(error["locations"][0]["line"], 1);
  EXPECT_EQ(error["locations"][0]["column"], 14);
}

TEST_P(GraphqlExecutorTest, NullInANullableFieldStaysLocal) {
  resolvers_.Set("Query", "post", [](const FieldContext&, auto parents) {
    return std::vector<Result<nlohmann::json>>(parents.size(),
                                               Status::Unavailable("table is busy"));
  });
  const ordered_json response = Run(R"({ post(id: "p1") { id } hello(name: "x") })");
  EXPECT_EQ(response["data"].dump(), R"({"post":null,"hello":"hello x"})");
  EXPECT_EQ(response["errors"][0]["errorType"], "InternalFailure");
}

TEST_P(GraphqlExecutorTest, NonNullViolationWithoutAnErrorIsReported) {
  posts_[0].erase("id");
  const ordered_json response = Run("{ posts(limit: 1) { id } }");
  EXPECT_TRUE(response["data"].is_null());
  EXPECT_THAT(response["errors"][0]["message"].get<std::string>(),
              ::testing::HasSubstr("Cannot return null for non-nullable type"));
}

TEST_P(GraphqlExecutorTest, VariablesAreCoercedOrRejectedBeforeExecution) {
  EXPECT_EQ(Run("query($n: String!, $t: Int) { hello(name: $n, times: $t) }",
                {{"n", "v"}, {"t", 2}})["data"]["hello"],
            "hello v");
  const ordered_json missing = Run("query($n: String!) { hello(name: $n) }");
  EXPECT_FALSE(missing.contains("data"));
  EXPECT_EQ(missing["errors"][0]["message"],
            "Variable \"$n\" of required type \"String!\" was not provided.");
  const ordered_json wrong = Run("query($t: Int) { hello(name: \"x\", times: $t) }", {{"t", "2"}});
  EXPECT_THAT(wrong["errors"][0]["message"].get<std::string>(),
              ::testing::HasSubstr("Int cannot represent non-integer value"));
}

TEST_P(GraphqlExecutorTest, SkipAndIncludeFollowVariables) {
  const ordered_json response =
      Run("query($s: Boolean!) { posts(limit: 1) { id @skip(if: $s) title @include(if: $s) } }",
          {{"s", true}});
  EXPECT_EQ(response["data"].dump(), R"({"posts":[{"title":"One"}]})");
}

TEST_P(GraphqlExecutorTest, LeafValuesAreCheckedOnOutput) {
  posts_[0]["color"] = "BLUE";
  posts_[0]["score"] = 1.5;
  const ordered_json response = Run("{ posts(limit: 1) { color score } }");
  EXPECT_EQ(response["data"]["posts"][0].dump(), R"({"color":null,"score":null})");
  EXPECT_EQ(response["errors"].size(), 2u);
}

TEST_P(GraphqlExecutorTest, IntrospectionDescribesTheSchema) {
  const ordered_json response = Run(R"({
    __schema { queryType { name } mutationType { name } subscriptionType { name } }
    __type(name: "Post") { kind name fields { name type { kind name ofType { kind name } } } }
    color: __type(name: "Color") { enumValues { name } }
    missing: __type(name: "Nope") { name }
  })");
  EXPECT_EQ(response["data"]["__schema"].dump(),
            R"({"queryType":{"name":"Query"},"mutationType":{"name":"Mutation"},)"
            R"("subscriptionType":{"name":"Subscription"}})");
  const ordered_json& fields = response["data"]["__type"]["fields"];
  ASSERT_EQ(fields.size(), 6u);
  EXPECT_EQ(
      fields[0].dump(),
      R"({"name":"id","type":{"kind":"NON_NULL","name":null,"ofType":{"kind":"SCALAR","name":"ID"}}})");
  EXPECT_EQ(response["data"]["color"].dump(),
            R"({"enumValues":[{"name":"RED"},{"name":"GREEN"}]})");
  EXPECT_TRUE(response["data"]["missing"].is_null());
  EXPECT_FALSE(response.contains("errors"));
}

TEST_P(GraphqlExecutorTest, MutationsRunInOrderAndSubscriptionsUseTheEventValue) {
  std::vector<std::string> order;
  resolvers_.Set("Mutation", "add", [&order](const FieldContext& context, auto parents) {
    order.push_back("add " + context.arguments["title"].get<std::string>());
    return std::vector<Result<nlohmann::json>>(
        parents.size(), nlohmann::json{{"id", "n"}, {"title", context.arguments["title"]}});
  });
  resolvers_.Set("Mutation", "reset", [&order](const FieldContext&, auto parents) {
    order.push_back("reset");
    return std::vector<Result<nlohmann::json>>(parents.size(), nlohmann::json(0));
  });
  Run(R"(mutation { a: add(title: "1") { id } reset b: add(title: "2") { id } })");
  EXPECT_THAT(order, ::testing::ElementsAre("add 1", "reset", "add 2"));

  const nlohmann::json event = {{"id", "e1"}, {"title", "Evt"}};
  EXPECT_EQ(Run("subscription { onAdd { id title } }", nlohmann::json::object(), &event).dump(),
            R"({"data":{"onAdd":{"id":"e1","title":"Evt"}}})");
}

TEST_P(GraphqlExecutorTest, OperationSelectionErrors) {
  EXPECT_EQ(
      Run("query A { hello(name: \"a\") } query B { hello(name: \"b\") }")["errors"][0]["message"],
      "Must provide operation name if query contains multiple operations.");
}

TEST_P(GraphqlExecutorTest, LeavesAreWrittenAsTheirValuesSerialize) {
  // Raw text that is not written as dump writes it (escapes, -0, 3.0, a
  // surrogate pair that makes Scan decline the whole object) is re-serialized.
  post_texts_ = {
      R"({"id":"p\u00e9","title":12,"color":"RED","tags":["\u0041\/","t\tx"],"score":7})",
      R"({"id":"\ud83d\ude00","title":true,"color":"GREEN","score":-0})",
      R"({"id":"p3","title":"\u00e9\u0001","color":"RED","score":3.0,"extra":[1,{"x":null}]})",
  };
  EXPECT_EQ(RunText("{ posts { id title color tags score } }"),
            "{\"data\":{\"posts\":["
            "{\"id\":\"p\xc3\xa9\",\"title\":\"12\",\"color\":\"RED\",\"tags\":[\"A/\",\"t\\tx\"],"
            "\"score\":7},"
            "{\"id\":\"\xf0\x9f\x98\x80\",\"title\":\"true\",\"color\":\"GREEN\",\"tags\":null,"
            "\"score\":0},"
            "{\"id\":\"p3\",\"title\":\"\xc3\xa9\\u0001\",\"color\":\"RED\",\"tags\":null,"
            "\"score\":3}]}}");
}

TEST_P(GraphqlExecutorTest, OutOfRangeAndMistypedLeavesAreErrors) {
  post_texts_ = {R"({"id":"p1","color":"red","score":2147483648})",
                 R"({"id":"p2","title":{"a":1},"score":"5"})"};
  const ordered_json response = Run("{ posts { id title color score } }");
  EXPECT_EQ(response["data"]["posts"].dump(),
            R"([{"id":"p1","title":null,"color":null,"score":null},)"
            R"({"id":"p2","title":null,"color":null,"score":null}])");
  ASSERT_EQ(response["errors"].size(), 4u);
  EXPECT_EQ(response["errors"][0]["path"].dump(), R"(["posts",1,"title"])");
  EXPECT_EQ(response["errors"][3]["message"], "Int cannot represent non-integer value: \"5\"");
}

TEST(GraphqlExecutorRawTest, TextThatIsNotAnObjectIsAnError) {
  ASSERT_OK_AND_ASSIGN(Document sdl,
                       ParseSchema("type Post { id: ID } type Query { posts: [Post] }"));
  ASSERT_OK_AND_ASSIGN(std::shared_ptr<const Schema> schema, Schema::Build(std::move(sdl)));
  ResolverMap resolvers;
  resolvers.Set("Query", "posts", [](const FieldContext&, auto parents) {
    return std::vector<Result<nlohmann::json>>(
        parents.size(), nlohmann::json::array({RawObjectValue(R"({"id":"a"})"),
                                               RawObjectValue("[1]"), RawObjectValue("{")}));
  });
  ASSERT_OK_AND_ASSIGN(Document document, ParseExecutable("{ posts { id } }"));
  ExecutionRequest request;
  request.schema = schema.get();
  request.document = &document;
  request.resolvers = &resolvers;
  const ordered_json response = ordered_json::parse(Execute(request));
  EXPECT_EQ(response["data"].dump(), R"({"posts":[{"id":"a"},null,null]})");
  ASSERT_EQ(response["errors"].size(), 2u);
  EXPECT_EQ(response["errors"][1]["message"], "Expected an object for type \"Post\".");
  EXPECT_EQ(response["errors"][1]["path"].dump(), R"(["posts",2])");
}

INSTANTIATE_TEST_SUITE_P(DomAndRawItems, GraphqlExecutorTest, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& param_info) {
                           return param_info.param ? "Raw" : "Dom";
                         });

}  // namespace
}  // namespace gloss::graphql
