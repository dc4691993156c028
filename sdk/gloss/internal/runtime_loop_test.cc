#include "gloss/internal/runtime_loop.h"

#include <deque>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "gloss/internal/runtime_api_client.h"
#include "gloss/runtime.h"
#include "gloss/testing/loopback_server.h"
#include "test/support/status_matchers.h"

namespace gloss::sdk {
namespace {

using ::gloss::testing::StatusIs;
using nlohmann::json;
using testing::CapturedRequest;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::LoopbackServer;
using testing::ScriptedResponse;

constexpr std::string_view kNext = "/2018-06-01/runtime/invocation/next";
constexpr int64_t kDeadlineMs = 4102444800000;  // 2100-01-01, so RemainingTime is positive.

ScriptedResponse Invocation(std::string id, std::string event) {
  return {.status = 200,
          .headers = {{"Content-Type", "application/json"},
                      {"Lambda-Runtime-Aws-Request-Id", std::move(id)},
                      {"Lambda-Runtime-Deadline-Ms", std::to_string(kDeadlineMs)},
                      {"Lambda-Runtime-Invoked-Function-Arn",
                       "arn:aws:lambda:us-east-1:000000000000:function:echo"},
                      {"Lambda-Runtime-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793"}},
          .body = std::move(event)};
}

// A runtime API that hands out the scripted `next` answers in order (410 Gone
// when they run out) and accepts every post with 202 unless told otherwise.
class RuntimeLoopTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = LoopbackServer::Start([this](const CapturedRequest& request) {
      std::lock_guard lock(mutex_);
      if (request.target == kNext) {
        if (nexts_.empty()) {
          return ScriptedResponse{.status = 410, .body = "gone"};
        }
        ScriptedResponse next = std::move(nexts_.front());
        nexts_.pop_front();
        return next;
      }
      ScriptedResponse post{.status = post_status_,
                            .headers = {{"Content-Type", "application/json"}},
                            .body = R"({"status":"OK"})"};
      post.drop_after_reply = drop_after_post_;
      return post;
    });
    ASSERT_OK(server);
    server_ = std::move(server).value();
    auto api = RuntimeApiClient::Create(server_->Address());
    ASSERT_OK(api);
    api_ = std::move(api).value();
  }

  void AddNext(ScriptedResponse next) {
    std::lock_guard lock(mutex_);
    nexts_.push_back(std::move(next));
  }

  // The requests after the `next` calls, i.e. the posts.
  std::vector<CapturedRequest> Posts() const {
    std::vector<CapturedRequest> posts;
    for (CapturedRequest& request : server_->requests()) {
      if (request.method == "POST") {
        posts.push_back(std::move(request));
      }
    }
    return posts;
  }

  static Context FunctionContext() {
    const std::map<std::string, std::string> env = {{"AWS_LAMBDA_FUNCTION_NAME", "echo"},
                                                    {"AWS_LAMBDA_FUNCTION_VERSION", "$LATEST"},
                                                    {"AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256"}};
    return FunctionContextFromEnvironment([env](const char* name) -> const char* {
      const auto it = env.find(name);
      return it == env.end() ? nullptr : it->second.c_str();
    });
  }

  std::mutex mutex_;
  std::deque<ScriptedResponse> nexts_;  // Guarded by mutex_.
  unsigned post_status_ = 202;          // Guarded by mutex_.
  bool drop_after_post_ = false;        // Guarded by mutex_.
  std::unique_ptr<LoopbackServer> server_;
  std::unique_ptr<RuntimeApiClient> api_;
};

TEST_F(RuntimeLoopTest, NextThenResponseWithExactRequests) {
  AddNext(Invocation("req-1", R"({"x":1})"));
  Context seen;
  std::string seen_event;
  RuntimeLoop loop(*api_, FunctionContext(), [&](std::string_view event, const Context& context) {
    seen = context;
    seen_event = std::string(event);
    return RawResult(std::string(R"({"ok":true})"));
  });
  ASSERT_OK(loop.RunOnce());

  EXPECT_EQ(seen_event, R"({"x":1})");
  EXPECT_EQ(seen.request_id, "req-1");
  EXPECT_EQ(seen.invoked_function_arn, "arn:aws:lambda:us-east-1:000000000000:function:echo");
  EXPECT_EQ(seen.trace_id, "Root=1-5759e988-bd862e3fe1be46a994272793");
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::milliseconds>(seen.deadline.time_since_epoch())
                .count(),
            kDeadlineMs);
  EXPECT_GT(seen.RemainingTime().count(), 0);
  EXPECT_EQ(seen.function_name, "echo");
  EXPECT_EQ(seen.function_version, "$LATEST");
  EXPECT_EQ(seen.memory_limit_mb, 256);

  const std::vector<CapturedRequest> requests = server_->requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].method, "GET");
  EXPECT_EQ(requests[0].target, kNext);
  EXPECT_EQ(requests[0].Header("host"), server_->Address());
  EXPECT_THAT(requests[0].body, IsEmpty());
  EXPECT_EQ(requests[1].method, "POST");
  EXPECT_EQ(requests[1].target, "/2018-06-01/runtime/invocation/req-1/response");
  EXPECT_EQ(requests[1].body, R"({"ok":true})");
  EXPECT_EQ(requests[1].Header("content-length"), "11");
  EXPECT_FALSE(requests[1].HasHeader("lambda-runtime-function-error-type"));
}

TEST_F(RuntimeLoopTest, JsonHandlerGetsParsedEventAndItsAnswerIsSerialised) {
  AddNext(Invocation("req-1", R"({"name":"Ada"})"));
  RuntimeLoop loop(*api_, FunctionContext(),
                   AdaptJsonHandler([](const json& event, const Context&) -> JsonResult {
                     return json{{"hello", event["name"]}};
                   }));
  ASSERT_OK(loop.RunOnce());
  ASSERT_EQ(Posts().size(), 1u);
  EXPECT_EQ(Posts()[0].body, R"({"hello":"Ada"})");
}

TEST_F(RuntimeLoopTest, ReturnedHandlerErrorIsPostedAsErrorDocument) {
  AddNext(Invocation("req-2", "{}"));
  RuntimeLoop loop(*api_, FunctionContext(), [](std::string_view, const Context&) -> RawResult {
    return HandlerError("EchoError", "it \"failed\"");
  });
  ASSERT_OK(loop.RunOnce());
  const std::vector<CapturedRequest> posts = Posts();
  ASSERT_EQ(posts.size(), 1u);
  EXPECT_EQ(posts[0].target, "/2018-06-01/runtime/invocation/req-2/error");
  EXPECT_EQ(posts[0].Header("lambda-runtime-function-error-type"), "EchoError");
  EXPECT_EQ(posts[0].Header("content-type"), "application/json");
  EXPECT_EQ(posts[0].body,
            R"({"errorMessage":"it \"failed\"","errorType":"EchoError","stackTrace":[]})");
}

struct CustomFailure : std::logic_error {
  using std::logic_error::logic_error;
};

TEST_F(RuntimeLoopTest, ExceptionsBecomeErrorsNamedByTheirType) {
  AddNext(Invocation("a", "{}"));
  AddNext(Invocation("b", "{}"));
  AddNext(Invocation("c", "{}"));
  AddNext(Invocation("d", "{}"));
  int call = 0;
  RuntimeLoop loop(*api_, FunctionContext(), [&](std::string_view, const Context&) -> RawResult {
    switch (call++) {
      case 0: throw std::runtime_error("boom");
      case 1: throw HandlerError("Custom.Type", "thrown");
      case 2: throw CustomFailure("logic");
      default: throw 42;
    }
  });
  for (int idx = 0; idx < 4; ++idx) {
    ASSERT_OK(loop.RunOnce());
  }
  const std::vector<CapturedRequest> posts = Posts();
  ASSERT_EQ(posts.size(), 4u);
  EXPECT_EQ(json::parse(posts[0].body), json({{"errorMessage", "boom"},
                                              {"errorType", "std::runtime_error"},
                                              {"stackTrace", json::array()}}));
  EXPECT_EQ(posts[0].Header("lambda-runtime-function-error-type"), "std::runtime_error");
  EXPECT_EQ(json::parse(posts[1].body)["errorType"], "Custom.Type");
  EXPECT_EQ(json::parse(posts[1].body)["errorMessage"], "thrown");
  EXPECT_THAT(json::parse(posts[2].body)["errorType"].get<std::string>(),
              HasSubstr("CustomFailure"));
  EXPECT_EQ(json::parse(posts[3].body)["errorType"], "int");
  EXPECT_EQ(posts[3].target, "/2018-06-01/runtime/invocation/d/error");
}

TEST_F(RuntimeLoopTest, InvalidJsonEventIsUnmarshalError) {
  AddNext(Invocation("req-3", "not json"));
  bool called = false;
  RuntimeLoop loop(*api_, FunctionContext(),
                   AdaptJsonHandler([&](const json&, const Context&) -> JsonResult {
                     called = true;
                     return json();
                   }));
  ASSERT_OK(loop.RunOnce());
  EXPECT_FALSE(called);
  ASSERT_EQ(Posts().size(), 1u);
  EXPECT_EQ(Posts()[0].Header("lambda-runtime-function-error-type"), "Runtime.UnmarshalError");
}

TEST_F(RuntimeLoopTest, UnserialisableAnswerIsMarshalError) {
  AddNext(Invocation("req-4", "{}"));
  RuntimeLoop loop(*api_, FunctionContext(),
                   AdaptJsonHandler([](const json&, const Context&) -> JsonResult {
                     return json(std::string("\xff\xfe"));  // Not UTF-8.
                   }));
  ASSERT_OK(loop.RunOnce());
  ASSERT_EQ(Posts().size(), 1u);
  EXPECT_EQ(Posts()[0].target, "/2018-06-01/runtime/invocation/req-4/error");
  EXPECT_EQ(Posts()[0].Header("lambda-runtime-function-error-type"), "Runtime.MarshalError");
}

TEST_F(RuntimeLoopTest, InitFailureIsPostedToInitError) {
  RuntimeLoop loop(*api_, FunctionContext(),
                   [](std::string_view, const Context&) -> RawResult { return std::string(); });
  EXPECT_THAT(loop.Init([] { return std::optional<HandlerError>(HandlerError("Cfg", "no key")); }),
              StatusIs(StatusCode::kFailedPrecondition));
  EXPECT_THAT(
      loop.Init([]() -> std::optional<HandlerError> { throw std::invalid_argument("bad"); }),
      StatusIs(StatusCode::kFailedPrecondition));
  EXPECT_OK(loop.Init([] { return std::optional<HandlerError>(); }));
  EXPECT_OK(loop.Init(nullptr));

  const std::vector<CapturedRequest> posts = Posts();
  ASSERT_EQ(posts.size(), 2u);
  EXPECT_EQ(posts[0].target, "/2018-06-01/runtime/init/error");
  EXPECT_EQ(posts[0].Header("lambda-runtime-function-error-type"), "Cfg");
  EXPECT_EQ(posts[0].body, R"({"errorMessage":"no key","errorType":"Cfg","stackTrace":[]})");
  EXPECT_EQ(posts[1].Header("lambda-runtime-function-error-type"), "std::invalid_argument");
}

TEST_F(RuntimeLoopTest, InvocationsShareOneKeepAliveConnection) {
  AddNext(Invocation("a", "1"));
  AddNext(Invocation("b", "2"));
  AddNext(Invocation("c", "3"));
  RuntimeLoop loop(*api_, FunctionContext(), [](std::string_view event, const Context&) {
    return RawResult(std::string(event));
  });
  for (int idx = 0; idx < 3; ++idx) {
    ASSERT_OK(loop.RunOnce());
  }
  EXPECT_EQ(server_->connections(), 1);
  EXPECT_EQ(server_->requests().size(), 6u);
}

TEST_F(RuntimeLoopTest, ReconnectsWhenTheConnectionDropsBetweenRequests) {
  {
    std::lock_guard lock(mutex_);
    drop_after_post_ = true;
  }
  AddNext(Invocation("a", "1"));
  AddNext(Invocation("b", "2"));
  RuntimeLoop loop(*api_, FunctionContext(), [](std::string_view event, const Context&) {
    return RawResult(std::string(event));
  });
  ASSERT_OK(loop.RunOnce());
  ASSERT_OK(loop.RunOnce());
  EXPECT_EQ(server_->connections(), 2);
  std::vector<std::string> targets;
  for (const CapturedRequest& request : server_->requests()) {
    targets.push_back(request.target);
  }
  EXPECT_THAT(targets, ElementsAre(kNext, "/2018-06-01/runtime/invocation/a/response", kNext,
                                   "/2018-06-01/runtime/invocation/b/response"));
}

TEST_F(RuntimeLoopTest, NextDroppedOnReusedConnectionIsSentAgain) {
  AddNext(Invocation("a", "1"));
  AddNext(ScriptedResponse{.drop_before_reply = true});
  AddNext(Invocation("b", "2"));
  RuntimeLoop loop(*api_, FunctionContext(), [](std::string_view event, const Context&) {
    return RawResult(std::string(event));
  });
  ASSERT_OK(loop.RunOnce());
  ASSERT_OK(loop.RunOnce());
  EXPECT_EQ(server_->connections(), 2);
  EXPECT_EQ(Posts().back().target, "/2018-06-01/runtime/invocation/b/response");
}

TEST_F(RuntimeLoopTest, RefusedResponseIsLoggedAndTheLoopGoesOn) {
  {
    std::lock_guard lock(mutex_);
    post_status_ = 413;
  }
  AddNext(Invocation("a", "1"));
  RuntimeLoop loop(*api_, FunctionContext(), [](std::string_view event, const Context&) {
    return RawResult(std::string(event));
  });
  EXPECT_OK(loop.RunOnce());
}

TEST_F(RuntimeLoopTest, NextThatIsNotAnInvocationEndsTheLoop) {
  RuntimeLoop loop(*api_, FunctionContext(), [](std::string_view event, const Context&) {
    return RawResult(std::string(event));
  });
  EXPECT_THAT(loop.RunOnce(), StatusIs(StatusCode::kInvalidArgument));  // 410 Gone.
  AddNext(ScriptedResponse{.status = 200, .body = "{}"});               // No request id.
  EXPECT_THAT(loop.RunOnce(), StatusIs(StatusCode::kInvalidArgument));
}

TEST_F(RuntimeLoopTest, UnreachableRuntimeApiIsUnavailable) {
  const std::string address = server_->Address();
  server_.reset();
  auto api = RuntimeApiClient::Create(address);
  ASSERT_OK(api);
  RuntimeLoop loop(**api, FunctionContext(), [](std::string_view event, const Context&) {
    return RawResult(std::string(event));
  });
  EXPECT_THAT(loop.RunOnce(), StatusIs(StatusCode::kUnavailable));
}

TEST(RuntimeApiClientTest, AddressMustBeHostAndPort) {
  EXPECT_THAT(RuntimeApiClient::Create("127.0.0.1"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(RuntimeApiClient::Create("127.0.0.1:x"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(RuntimeApiClient::Create("127.0.0.1:70000"), StatusIs(StatusCode::kInvalidArgument));
  EXPECT_OK(RuntimeApiClient::Create("127.0.0.1:9001"));
}

TEST(ContextTest, RemainingTimeIsZeroPastTheDeadline) {
  Context context;
  context.deadline = std::chrono::system_clock::now() - std::chrono::seconds(1);
  EXPECT_EQ(context.RemainingTime().count(), 0);
  context.deadline = std::chrono::system_clock::now() + std::chrono::seconds(10);
  EXPECT_GT(context.RemainingTime().count(), 9000);
}

// gloss::run as a function's main() uses it: init, invocations until the
// runtime API stops handing them out, exit code 1.
TEST_F(RuntimeLoopTest, RunServesUntilTheRuntimeApiGoesAway) {
  AddNext(Invocation("a", R"({"n":1})"));
  AddNext(Invocation("b", R"({"n":2})"));
  setenv("AWS_LAMBDA_RUNTIME_API", server_->Address().c_str(), 1);
  int inits = 0;
  const int code = gloss::run(
      [](const json& event, const Context&) -> JsonResult {
        return json{{"twice", event["n"].get<int>() * 2}};
      },
      {.init = [&] {
        ++inits;
        return std::optional<HandlerError>();
      }});
  EXPECT_EQ(code, 1);
  EXPECT_EQ(inits, 1);
  const std::vector<CapturedRequest> posts = Posts();
  ASSERT_EQ(posts.size(), 2u);
  EXPECT_EQ(posts[0].body, R"({"twice":2})");
  EXPECT_EQ(posts[1].body, R"({"twice":4})");
}

TEST_F(RuntimeLoopTest, RunReportsInitFailureAndReturnsOne) {
  AddNext(Invocation("a", "{}"));
  setenv("AWS_LAMBDA_RUNTIME_API", server_->Address().c_str(), 1);
  const int code = gloss::run(
      [](std::string_view, const Context&) -> RawResult { return std::string("unused"); },
      {.init = []() -> std::optional<HandlerError> { throw HandlerError("Init.Boom", "x"); }});
  EXPECT_EQ(code, 1);
  const std::vector<CapturedRequest> requests = server_->requests();
  ASSERT_EQ(requests.size(), 1u);  // No `next` after a failed init.
  EXPECT_EQ(requests[0].target, "/2018-06-01/runtime/init/error");
}

TEST(RunTest, WithoutRuntimeApiReturnsOne) {
  unsetenv("AWS_LAMBDA_RUNTIME_API");
  EXPECT_EQ(gloss::run([](std::string_view, const Context&) -> RawResult { return std::string(); }),
            1);
}

}  // namespace
}  // namespace gloss::sdk
