// FunctionPool against a real runtime: testdata/bash_runtime.sh, a Lambda
// custom runtime in bash + curl (the shape of AWS's own tutorial), spawned as
// real worker processes talking to the real runtime API over loopback.

#include "functions/function_pool.h"

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
using ::testing::Not;

class FunctionPoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("gloss-pool-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    ASSERT_OK_AND_ASSIGN(logs_, FunctionLogs::Open(dir_));
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  PoolConfig Config(std::vector<std::string> extra_env = {}) {
    PoolConfig config;
    config.function_name = "bash-fn";
    config.function_arn = "arn:aws:lambda:us-east-1:000000000000:function:bash-fn";
    config.timeout = std::chrono::seconds(10);
    config.process_spec = [extra_env](const std::string& api) -> Result<ProcessSpec> {
      ProcessSpec spec;
      spec.argv = {"/bin/bash", GLOSS_TEST_RUNTIME};
      spec.env = {"AWS_LAMBDA_RUNTIME_API=" + api, "PATH=/usr/bin:/bin"};
      spec.env.insert(spec.env.end(), extra_env.begin(), extra_env.end());
      return spec;
    };
    return config;
  }

  static Result<InvocationResult> Invoke(FunctionPool& pool, const json& event) {
    return pool.Invoke(InvocationRequest{event.dump(), "", ""});
  }

  std::string LogFile() const {
    std::ifstream file(logs_->FileOf("bash-fn"));
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
  }

  std::filesystem::path dir_;
  std::unique_ptr<FunctionLogs> logs_;
};

TEST_F(FunctionPoolTest, AnswersAndStaysWarm) {
  FunctionPool pool(Config(), *logs_);
  ASSERT_OK_AND_ASSIGN(const InvocationResult first, Invoke(pool, {{"echo", {{"a", 1}}}}));
  EXPECT_FALSE(first.function_error);
  EXPECT_EQ(json::parse(first.payload), json({{"echo", {{"a", 1}}}}));
  ASSERT_OK_AND_ASSIGN(const InvocationResult second, Invoke(pool, {{"echo", "again"}}));
  EXPECT_EQ(json::parse(second.payload), json({{"echo", "again"}}));
  EXPECT_NE(first.request_id, second.request_id);
  const PoolStats stats = pool.Stats();
  EXPECT_EQ(stats.cold_starts, 1u);
  EXPECT_EQ(stats.invocations, 2u);
  // Only the cold start reports an init duration.
  EXPECT_THAT(first.log_tail, HasSubstr("Init Duration: "));
  EXPECT_THAT(second.log_tail, Not(HasSubstr("Init Duration: ")));
  EXPECT_THAT(second.log_tail,
              HasSubstr("START RequestId: " + second.request_id + " Version: $LATEST"));
  EXPECT_THAT(second.log_tail, HasSubstr("END RequestId: " + second.request_id));
  EXPECT_THAT(second.log_tail,
              HasSubstr("REPORT RequestId: " + second.request_id + "\tDuration: "));
  EXPECT_THAT(second.log_tail, HasSubstr("\tMemory Size: 512 MB\tMax Memory Used: "));
  EXPECT_THAT(LogFile(), HasSubstr("INIT_START Runtime Version: gloss:provided"));
}

TEST_F(FunctionPoolTest, OutputLandsBetweenStartAndEnd) {
  FunctionPool pool(Config(), *logs_);
  ASSERT_OK_AND_ASSIGN(const InvocationResult result,
                       Invoke(pool, {{"print", "hello out"}, {"stderr", "hello err"}}));
  const std::string log = LogFile();
  const size_t start = log.find("START RequestId: " + result.request_id);
  const size_t out = log.find("hello out");
  const size_t err = log.find("hello err");
  const size_t end = log.find("END RequestId: " + result.request_id);
  ASSERT_NE(start, std::string::npos);
  ASSERT_NE(end, std::string::npos);
  EXPECT_LT(start, out);
  EXPECT_LT(start, err);
  EXPECT_LT(out, end);
  EXPECT_LT(err, end);
  EXPECT_THAT(result.log_tail, HasSubstr("hello out"));
}

TEST_F(FunctionPoolTest, FunctionErrorIsAResult) {
  FunctionPool pool(Config(), *logs_);
  ASSERT_OK_AND_ASSIGN(const InvocationResult result, Invoke(pool, {{"fail", "bad input"}}));
  EXPECT_TRUE(result.function_error);
  EXPECT_EQ(json::parse(result.payload),
            json({{"errorType", "TestError"}, {"errorMessage", "bad input"}}));
  EXPECT_THAT(result.log_tail, HasSubstr("Status: error\tError Type: TestError"));
  // The worker stays warm after a handled error.
  ASSERT_OK_AND_ASSIGN(const InvocationResult next, Invoke(pool, {{"echo", 1}}));
  EXPECT_FALSE(next.function_error);
  EXPECT_EQ(pool.Stats().cold_starts, 1u);
}

TEST_F(FunctionPoolTest, TimeoutKillsTheWorkerAndTheNextInvocationGetsANewOne) {
  PoolConfig config = Config();
  config.timeout = std::chrono::seconds(1);
  FunctionPool pool(std::move(config), *logs_);
  ASSERT_OK_AND_ASSIGN(const InvocationResult result, Invoke(pool, {{"sleep", 30}}));
  EXPECT_TRUE(result.function_error);
  const json error = json::parse(result.payload);
  EXPECT_EQ(error["errorType"], "Sandbox.Timedout");
  EXPECT_EQ(error["errorMessage"],
            "RequestId: " + result.request_id + " Error: Task timed out after 1.00 seconds");
  EXPECT_THAT(result.log_tail, HasSubstr("Status: timeout"));
  ASSERT_OK_AND_ASSIGN(const InvocationResult next, Invoke(pool, {{"echo", "alive"}}));
  EXPECT_EQ(json::parse(next.payload), json({{"echo", "alive"}}));
  EXPECT_EQ(pool.Stats().cold_starts, 2u);
}

TEST_F(FunctionPoolTest, CrashFailsOnlyItsInvocation) {
  FunctionPool pool(Config(), *logs_);
  ASSERT_OK_AND_ASSIGN(const InvocationResult warm, Invoke(pool, {{"echo", 0}}));
  ASSERT_OK_AND_ASSIGN(const InvocationResult crash, Invoke(pool, {{"exit", 3}}));
  EXPECT_TRUE(crash.function_error);
  const json error = json::parse(crash.payload);
  EXPECT_EQ(error["errorType"], "Runtime.ExitError");
  EXPECT_EQ(error["errorMessage"],
            "RequestId: " + crash.request_id + " Error: Runtime exited with error: exit status 3");
  ASSERT_OK_AND_ASSIGN(const InvocationResult after, Invoke(pool, {{"echo", 1}}));
  EXPECT_FALSE(after.function_error);
}

TEST_F(FunctionPoolTest, MemoryLimitKillsTheWorker) {
  PoolConfig config = Config();
  config.memory_mb = 128;
  FunctionPool pool(std::move(config), *logs_);
  ASSERT_OK_AND_ASSIGN(const InvocationResult result, Invoke(pool, {{"allocate", 400}}));
  EXPECT_TRUE(result.function_error);
  EXPECT_THAT(json::parse(result.payload)["errorMessage"].get<std::string>(),
              HasSubstr("Runtime exited with error: signal: killed"));
  EXPECT_THAT(result.log_tail, HasSubstr("Max Memory Used: 128 MB"));
  EXPECT_THAT(result.log_tail, HasSubstr("Error Type: Runtime.OutOfMemory"));
}

TEST_F(FunctionPoolTest, InitErrorFailsTheInvocationThatStartedTheWorker) {
  FunctionPool pool(Config({"INIT_FAIL=1"}), *logs_);
  ASSERT_OK_AND_ASSIGN(const InvocationResult result, Invoke(pool, {{"echo", 1}}));
  EXPECT_TRUE(result.function_error);
  EXPECT_EQ(json::parse(result.payload)["errorType"], "Runtime.TestInit");
  EXPECT_THAT(LogFile(), HasSubstr("INIT_REPORT Init Duration: "));
}

TEST_F(FunctionPoolTest, MissingExecutableIsAnInvalidEntrypoint) {
  PoolConfig config = Config();
  config.process_spec = [](const std::string&) -> Result<ProcessSpec> {
    ProcessSpec spec;
    spec.argv = {"/nonexistent/bootstrap"};
    return spec;
  };
  FunctionPool pool(std::move(config), *logs_);
  ASSERT_OK_AND_ASSIGN(const InvocationResult result, Invoke(pool, {{"echo", 1}}));
  EXPECT_TRUE(result.function_error);
  EXPECT_EQ(json::parse(result.payload)["errorType"], "Runtime.InvalidEntrypoint");
}

TEST_F(FunctionPoolTest, EnvironmentIsExactlyWhatTheSpecSays) {
  FunctionPool pool(Config({"GREETING=hi there"}), *logs_);
  ASSERT_OK_AND_ASSIGN(const InvocationResult set, Invoke(pool, {{"env", "GREETING"}}));
  EXPECT_EQ(json::parse(set.payload), json({{"env", "hi there"}}));
  // gloss's own environment does not leak into workers.
  ASSERT_OK_AND_ASSIGN(const InvocationResult unset, Invoke(pool, {{"env", "HOME"}}));
  EXPECT_EQ(json::parse(unset.payload), json({{"env", nullptr}}));
}

TEST_F(FunctionPoolTest, ConcurrencyIsLimitedAndEveryInvocationRuns) {
  PoolConfig config = Config();
  config.max_concurrency = 2;
  FunctionPool pool(std::move(config), *logs_);
  std::vector<std::thread> callers;
  std::atomic<int> answered = 0;
  for (int i = 0; i < 5; ++i) {
    callers.emplace_back([&] {
      Result<InvocationResult> result = Invoke(pool, {{"sleep", 0.3}});
      if (result.ok() && !result->function_error) {
        ++answered;
      }
    });
  }
  for (std::thread& caller : callers) {
    caller.join();
  }
  EXPECT_EQ(answered.load(), 5);
  const PoolStats stats = pool.Stats();
  EXPECT_LE(stats.cold_starts, 2u);
  EXPECT_EQ(stats.invocations, 5u);
}

TEST_F(FunctionPoolTest, WaitingTooLongIsTooManyRequests) {
  PoolConfig config = Config();
  config.max_concurrency = 1;
  config.max_queue_wait = std::chrono::milliseconds(300);
  FunctionPool pool(std::move(config), *logs_);
  ASSERT_OK(Invoke(pool, {{"echo", "warm"}}));
  std::thread busy([&] { (void)Invoke(pool, {{"sleep", 3}}); });
  while (pool.Stats().busy == 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_THAT(Invoke(pool, {{"echo", 1}}), StatusIs(StatusCode::kResourceExhausted));
  busy.join();
}

TEST_F(FunctionPoolTest, ShutdownEndsRunningAndRefusesNewInvocations) {
  FunctionPool pool(Config(), *logs_);
  ASSERT_OK(Invoke(pool, {{"echo", "warm"}}));
  Result<InvocationResult> running = Status::Internal("not run");
  std::thread caller([&] { running = Invoke(pool, {{"sleep", 30}}); });
  while (pool.Stats().busy == 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  pool.Shutdown();
  caller.join();
  ASSERT_OK(running);
  EXPECT_TRUE(running->function_error);
  EXPECT_THAT(Invoke(pool, {{"echo", 1}}), StatusIs(StatusCode::kUnavailable));
  EXPECT_EQ(pool.Stats().workers, 0u);
}

}  // namespace
}  // namespace gloss::functions
