// FunctionsService with a real SQLite file and real workers (the bash + curl
// runtime of testdata/ as an executable entry): the environment a worker
// gets, credentials, reloads and asynchronous invocation with retries and
// the on-failure record.

#include "functions/functions_service.h"

#include <fstream>
#include <sstream>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "test/support/status_matchers.h"

namespace gloss::functions {
namespace {

using ::gloss::testing::StatusIs;
using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::StartsWith;

class FunctionsServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("gloss-fns-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    ASSERT_OK_AND_ASSIGN(database_,
                         db::OpenDatabase({.url = "sqlite://" + (dir_ / "gloss.db").string()}));
    logger_ = Logger::ToStderr(LogFormat::kHuman, LogLevel::kWarn, false);
  }
  void TearDown() override {
    service_.reset();
    std::filesystem::remove_all(dir_);
  }

  void Open(FunctionsOptions options = {}) {
    options.state_dir = dir_;
    options.endpoint_url = "http://127.0.0.1:4000";
    options.async_retry_delay = std::chrono::milliseconds(10);
    if (!options.secrets) {
      options.secrets =
          [](const std::vector<std::string>& names) -> Result<std::map<std::string, std::string>> {
        std::map<std::string, std::string> values;
        for (const std::string& name : names) {
          if (name != "API_KEY") {
            return Status::NotFound("no secret named " + name);
          }
          values[name] = "s3cr3t";
        }
        return values;
      };
    }
    ASSERT_OK_AND_ASSIGN(service_, FunctionsService::Open(*database_, options, *logger_));
  }

  static BackendSpec Spec(std::map<std::string, Template> environment = {},
                          std::map<std::string, std::string> secrets = {}) {
    BackendSpec spec;
    spec.region = "eu-west-1";
    FunctionSpec function;
    function.key = function.name = "bash-fn";
    function.entry.kind = FunctionEntryKind::kExecutable;
    function.entry.path = GLOSS_TEST_RUNTIME;
    function.timeout = std::chrono::seconds(10);
    function.environment = std::move(environment);
    function.secrets = std::move(secrets);
    spec.functions["bash-fn"] = function;
    return spec;
  }

  Result<json> Call(const json& event) {
    ASSIGN_OR_RETURN(const InvocationResult result,
                     service_->Invoke("bash-fn", InvocationRequest{event.dump(), "", ""}));
    if (result.function_error) {
      return Status::Internal(result.payload);
    }
    return json::parse(result.payload);
  }

  std::string EnvOf(const std::string& name) {
    Result<json> answer = Call({{"env", name}});
    return answer.ok() && (*answer)["env"].is_string() ? (*answer)["env"].get<std::string>()
                                                       : "<unset>";
  }

  std::filesystem::path dir_;
  db::DatabasePtr database_;
  std::unique_ptr<Logger> logger_;
  std::unique_ptr<FunctionsService> service_;
};

TEST_F(FunctionsServiceTest, WorkersGetTheLambdaEnvironmentAndTheirOwnCredentials) {
  Open();
  service_->Apply(Spec({{"GREETING", Template{"hello", {}}}}, {{"KEY", "API_KEY"}}));
  EXPECT_EQ(EnvOf("AWS_LAMBDA_FUNCTION_NAME"), "bash-fn");
  EXPECT_EQ(EnvOf("AWS_LAMBDA_FUNCTION_VERSION"), "$LATEST");
  EXPECT_EQ(EnvOf("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"), "512");
  EXPECT_EQ(EnvOf("AWS_REGION"), "eu-west-1");
  EXPECT_EQ(EnvOf("AWS_ENDPOINT_URL"), "http://127.0.0.1:4000");
  EXPECT_EQ(EnvOf("GREETING"), "hello");
  EXPECT_EQ(EnvOf("KEY"), "s3cr3t");
  const std::string key_id = EnvOf("AWS_ACCESS_KEY_ID");
  EXPECT_THAT(key_id, StartsWith("ASIA"));
  const std::optional<FunctionCredentials> owner = service_->FindCredentials(key_id);
  ASSERT_TRUE(owner.has_value());
  EXPECT_EQ(owner->function_name, "bash-fn");
  EXPECT_EQ(owner->secret_access_key, EnvOf("AWS_SECRET_ACCESS_KEY"));
  EXPECT_EQ(owner->session_token, EnvOf("AWS_SESSION_TOKEN"));
  EXPECT_FALSE(service_->FindCredentials("AKIAUNKNOWN").has_value());
}

TEST_F(FunctionsServiceTest, LayersAreMergedReadOnlyAtOpt) {
  Open();
  std::filesystem::create_directories(dir_ / "layer-a" / "bin");
  std::filesystem::create_directories(dir_ / "layer-b" / "lib");
  std::ofstream(dir_ / "layer-a" / "marker") << "from layer a";
  std::ofstream(dir_ / "layer-b" / "other") << "from layer b";
  BackendSpec spec = Spec();
  spec.functions["bash-fn"].layers = {{"a", dir_ / "layer-a"}, {"b", dir_ / "layer-b"}};
  service_->Apply(spec);
  ASSERT_OK_AND_ASSIGN(const json a, Call({{"cat", "/opt/marker"}}));
  EXPECT_EQ(a["content"], "from layer a");
  ASSERT_OK_AND_ASSIGN(const json b, Call({{"cat", "/opt/other"}}));
  EXPECT_EQ(b["content"], "from layer b");
  ASSERT_OK_AND_ASSIGN(const json touched, Call({{"touch", "/opt/new-file"}}));
  EXPECT_EQ(touched["touched"], false);  // Read-only, as Lambda's /opt.
  EXPECT_THAT(EnvOf("PATH"), StartsWith("/opt/bin:"));
  EXPECT_THAT(EnvOf("LD_LIBRARY_PATH"), StartsWith("/opt/lib:"));
  EXPECT_THAT(EnvOf("NODE_PATH"), StartsWith("/opt/nodejs/node_modules"));
}

TEST_F(FunctionsServiceTest, AMissingSecretFailsTheStartWithItsName) {
  Open();
  service_->Apply(Spec({}, {{"KEY", "NOT_SET"}}));
  ASSERT_OK_AND_ASSIGN(const InvocationResult result,
                       service_->Invoke("bash-fn", InvocationRequest{"{}", "", ""}));
  EXPECT_TRUE(result.function_error);
  EXPECT_THAT(result.payload, HasSubstr("no secret named NOT_SET"));
  EXPECT_EQ(nlohmann::json::parse(result.payload)["errorType"], "Runtime.InitError");
}

TEST_F(FunctionsServiceTest, UnknownFunctionIsNotFound) {
  Open();
  service_->Apply(Spec());
  EXPECT_THAT(service_->Invoke("nope", InvocationRequest{}), StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(service_->InvokeAsync("nope", "{}"), StatusIs(StatusCode::kNotFound));
  EXPECT_THAT(service_->InvokeAsync("bash-fn", std::string(300 * 1024, 'x')),
              StatusIs(StatusCode::kPayloadTooLarge));
}

TEST_F(FunctionsServiceTest, ReloadKeepsAnUnchangedPoolAndReplacesAChangedOne) {
  Open();
  service_->Apply(Spec({{"V", Template{"1", {}}}}));
  ASSERT_OK(Call({{"echo", 1}}));
  const std::string key_id = EnvOf("AWS_ACCESS_KEY_ID");
  service_->Apply(Spec({{"V", Template{"1", {}}}}));
  EXPECT_EQ(service_->List().at(0).stats.cold_starts, 1u);  // Still warm.
  service_->Apply(Spec({{"V", Template{"2", {}}}}));
  EXPECT_EQ(EnvOf("V"), "2");
  EXPECT_EQ(EnvOf("AWS_ACCESS_KEY_ID"), key_id);  // Same credentials across reloads.
  service_->Apply(BackendSpec{});
  EXPECT_FALSE(service_->FindCredentials(key_id).has_value());
}

TEST_F(FunctionsServiceTest, AsyncSuccessRunsOnce) {
  Open();
  service_->Apply(Spec());
  ASSERT_OK(service_->InvokeAsync("bash-fn", json({{"print", "async ran"}}).dump()));
  ASSERT_OK(service_->Start());
  // Done when the event's row is gone (deleted after a successful run).
  const auto pending = [this] {
    Result<std::optional<db::Row>> row =
        database_->QueryOne("SELECT COUNT(*) FROM function_events");
    return row.ok() && *row ? (*row)->Get<int64_t>(0).value() : -1;
  };
  for (int i = 0; i < 3000 && pending() != 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(pending(), 0);
  EXPECT_EQ(service_->List().at(0).stats.invocations, 1u);
}

TEST_F(FunctionsServiceTest, AsyncFailureIsRetriedTwiceThenRecorded) {
  Open();
  service_->Apply(Spec());
  ASSERT_OK(service_->InvokeAsync("bash-fn", json({{"fail", "always"}}).dump()));
  ASSERT_OK(service_->Start());
  const std::filesystem::path record = dir_ / "functions" / "failures" / "bash-fn.jsonl";
  for (int i = 0; i < 1000 && !std::filesystem::exists(record); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_TRUE(std::filesystem::exists(record));
  std::ifstream file(record);
  std::string line;
  std::getline(file, line);
  const json failure = json::parse(line);
  EXPECT_EQ(failure["requestContext"]["condition"], "RetriesExhausted");
  EXPECT_EQ(failure["requestContext"]["approximateInvokeCount"], 3);
  EXPECT_EQ(failure["requestContext"]["functionArn"],
            "arn:aws:lambda:eu-west-1:000000000000:function:bash-fn:$LATEST");
  EXPECT_EQ(failure["requestPayload"], json({{"fail", "always"}}));
  EXPECT_EQ(failure["responseContext"]["functionError"], "Unhandled");
  EXPECT_EQ(failure["responsePayload"]["errorMessage"], "always");
  EXPECT_EQ(service_->List().at(0).stats.invocations, 3u);
}

TEST_F(FunctionsServiceTest, AcceptedAsyncEventsSurviveARestart) {
  Open();
  service_->Apply(Spec());
  ASSERT_OK(service_->InvokeAsync("bash-fn", json({{"echo", "later"}}).dump()));
  service_.reset();  // Never started: the event waits in the table.
  Open();
  service_->Apply(Spec());
  ASSERT_OK(service_->Start());
  for (int i = 0; i < 500 && service_->List().at(0).stats.invocations == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(service_->List().at(0).stats.invocations, 1u);
}

}  // namespace
}  // namespace gloss::functions
