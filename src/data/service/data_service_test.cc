#include "data/service/data_service.h"

#include <fstream>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "db/sqlite_test_fixture.h"
#include "test/support/status_matchers.h"

namespace gloss::data {
namespace {

using ::testing::HasSubstr;

constexpr std::string_view kSchema = R"(
type Note @model @auth(rules: [{ allow: owner }]) { text: String! }
type Query {
  echo(text: String!): AWSJSON @function(name: "echo-fn") @auth(rules: [{ allow: private }])
}
)";

// Records what the custom operation sends and answers like a function would:
// the test double the functions service will replace.
class RecordingInvoker : public FunctionInvoker {
 public:
  Result<nlohmann::json> Invoke(const std::string& function_name,
                                const nlohmann::json& event) override {
    calls.push_back({function_name, event});
    if (event["arguments"]["text"] == "fail") {
      return Status::Unavailable("function failed");
    }
    return nlohmann::json(nlohmann::json{{"echoed", event["arguments"]["text"]}}.dump());
  }
  std::vector<std::pair<std::string, nlohmann::json>> calls;
};

class DataServiceTest : public db::SqliteDatabaseTest {
 protected:
  void SetUp() override {
    db::SqliteDatabaseTest::SetUp();
    const auto schema_file = dir_.path() / "schema.graphql";
    std::ofstream(schema_file) << kSchema;
    logger_ = Logger::ToFile(LogFormat::kJson, LogLevel::kWarn, (dir_.path() / "log").string());
    DataServiceOptions options;
    options.schema_file = schema_file;
    options.page_token_key = std::string(32, 'k');
    options.function_policies = [this](std::string_view name) {
      return name == "writer" ? writer_policy_ : nullptr;
    };
    ASSERT_OK_AND_ASSIGN(service_, DataService::Open(*db_, options, &invoker_, *logger_));
    user_.kind = auth::PrincipalKind::kUser;
    user_.sub = user_.username = "u1";
  }

  nlohmann::ordered_json Run(const std::string& query, const auth::Principal& principal) {
    return nlohmann::ordered_json::parse(
        service_->Execute({{"query", query}}, principal, std::chrono::system_clock::now()));
  }

  // The seed's statement shape: writes and queries on the model's table.
  std::shared_ptr<const aws::IamPolicy> writer_policy_ =
      std::make_shared<const aws::IamPolicy>(std::vector<aws::IamStatement>{
          {PolicyEffect::kAllow,
           {"dynamodb:PutItem", "dynamodb:Query"},
           {"arn:aws:dynamodb:*:*:table/Note-*"}},
          {PolicyEffect::kAllow,
           {"appsync:GraphQL"},
           {"arn:aws:appsync:*:*:apis/*/types/Query/fields/echo"}},
      });
  RecordingInvoker invoker_;
  std::unique_ptr<Logger> logger_;
  std::unique_ptr<DataService> service_;
  auth::Principal user_;
};

TEST_F(DataServiceTest, CustomOperationsCallTheFunctionWithAnAppSyncEvent) {
  const nlohmann::ordered_json response = Run(R"({ echo(text: "hi") })", user_);
  EXPECT_EQ(response.dump(), R"({"data":{"echo":"{\"echoed\":\"hi\"}"}})");
  ASSERT_EQ(invoker_.calls.size(), 1u);
  EXPECT_EQ(invoker_.calls[0].first, "echo-fn");
  const nlohmann::json& event = invoker_.calls[0].second;
  EXPECT_EQ(event["typeName"], "Query");
  EXPECT_EQ(event["fieldName"], "echo");
  EXPECT_EQ(event["arguments"], nlohmann::json({{"text", "hi"}}));
  EXPECT_EQ(event["identity"]["sub"], "u1");

  const nlohmann::ordered_json failed = Run(R"({ echo(text: "fail") })", user_);
  EXPECT_TRUE(failed["data"]["echo"].is_null());
  EXPECT_EQ(failed["errors"][0]["message"], "function failed");
  auth::Principal key;
  key.kind = auth::PrincipalKind::kApiKey;
  EXPECT_EQ(Run(R"({ echo(text: "hi") })", key)["errors"][0]["errorType"], "Unauthorized");
  EXPECT_EQ(invoker_.calls.size(), 2u);  // The denied call never reached the function.
}

TEST_F(DataServiceTest, SubscriptionsDeliverOwnEventsShapedBySelection) {
  std::vector<nlohmann::ordered_json> events;
  const DataService::SubscribeResult started = service_->Subscribe(
      {{"query", "subscription { onCreateNote { text } }"}}, user_,
      [&events](nlohmann::ordered_json event) { events.push_back(std::move(event)); });
  ASSERT_NE(started.handle, 0u) << started.errors.dump();
  auth::Principal other = user_;
  other.sub = other.username = "u2";
  Run(R"(mutation { createNote(input: {text: "mine"}) { id } })", user_);
  Run(R"(mutation { createNote(input: {text: "theirs"}) { id } })", other);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].dump(), R"({"data":{"onCreateNote":{"text":"mine"}}})");
  service_->Unsubscribe(started.handle);
  Run(R"(mutation { createNote(input: {text: "later"}) { id } })", user_);
  EXPECT_EQ(events.size(), 1u);

  const DataService::SubscribeResult refused = service_->Subscribe(
      {{"query", "{ listNotes { items { id } } }"}}, user_, [](nlohmann::ordered_json) {});
  EXPECT_EQ(refused.handle, 0u);
  EXPECT_THAT(refused.errors.dump(), HasSubstr("Only subscriptions"));
}

auth::Principal Function(std::string name) {
  auth::Principal function;
  function.kind = auth::PrincipalKind::kFunction;
  function.function_name = std::move(name);
  return function;
}

TEST_F(DataServiceTest, FunctionsMayDoWhatTheirIamPolicyGrants) {
  const auth::Principal writer = Function("writer");
  const nlohmann::ordered_json created =
      Run(R"(mutation { createNote(input: {text: "by fn"}) { id owner } })", writer);
  ASSERT_FALSE(created.contains("errors")) << created.dump();
  EXPECT_TRUE(created["data"]["createNote"]["owner"].is_null());  // A function is no owner.
  const std::string id = created["data"]["createNote"]["id"];

  // Query or Scan grants list; the item is not hidden by its owner rule.
  EXPECT_EQ(Run("{ listNotes { items { text } } }", writer)["data"]["listNotes"]["items"].size(),
            1u);
  // No GetItem, UpdateItem or DeleteItem in the policy: denied like AppSync.
  for (const std::string& query :
       {"{ getNote(id: \"" + id + "\") { id } }",
        "mutation { updateNote(input: {id: \"" + id + "\", text: \"x\"}) { id } }",
        "mutation { deleteNote(input: {id: \"" + id + "\"}) { id } }"}) {
    EXPECT_EQ(Run(query, writer)["errors"][0]["errorType"], "Unauthorized") << query;
  }
  EXPECT_EQ(Run(R"({ echo(text: "hi") })", writer)["data"]["echo"], R"({"echoed":"hi"})");

  // An unknown function, or one without a policy, may do nothing.
  for (const auth::Principal& stranger : {Function("stranger"), Function("")}) {
    EXPECT_EQ(Run("{ listNotes { items { text } } }", stranger)["errors"][0]["errorType"],
              "Unauthorized");
    EXPECT_EQ(Run(R"({ echo(text: "hi") })", stranger)["errors"][0]["errorType"], "Unauthorized");
  }
  // Owner rules still hide the function's item from users.
  EXPECT_EQ(Run("{ listNotes { items { text } } }", user_)["data"]["listNotes"]["items"].size(),
            0u);
}

}  // namespace
}  // namespace gloss::data
