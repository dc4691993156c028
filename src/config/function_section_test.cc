#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/schedule.h"
#include "config/testing/temp_app.h"
#include "test/support/status_matchers.h"

namespace gloss::config {
namespace {

using ::testing::ElementsAre;
using testing::ErrorCount;
using testing::HasError;
using ::testing::Pair;
using testing::TempApp;

class FunctionTest : public ::testing::Test {
 protected:
  // Parses `body` as the rest of [functions.f] (after a builtin entry), with a
  // bucket "images", a queue "jobs" and a FIFO queue "ordered" declared.
  Result<BackendSpec> ParseFunction(std::string_view body) const {
    return app_.Parse(std::string(kPreamble) + std::string(body));
  }

  // Lines 1-5; the function's own fields start on line 6.
  static constexpr std::string_view kPreamble =
      "[storage.images]\n"
      "[queues.jobs]\n"
      "[queues.ordered]\nqueueName = 'ordered.fifo'\n"
      "[functions.f]\n";

  TempApp app_;
};

TEST_F(FunctionTest, Defaults) {
  ASSERT_OK_AND_ASSIGN(const BackendSpec spec, ParseFunction("entry = 'builtin:process-image'\n"));
  const FunctionSpec& function = spec.functions.at("f");
  EXPECT_EQ(function.key, "f");
  EXPECT_EQ(function.name, "f");
  EXPECT_EQ(function.entry.kind, FunctionEntryKind::kBuiltin);
  EXPECT_EQ(function.entry.builtin, "process-image");
  EXPECT_EQ(function.timeout, std::chrono::seconds(3));
  EXPECT_EQ(function.memory_mb, 512u);
  EXPECT_TRUE(function.environment.empty());
  EXPECT_TRUE(function.triggers.empty());
  EXPECT_TRUE(function.schedules.empty());
  EXPECT_TRUE(function.layers.empty());
  EXPECT_EQ(function.max_concurrency, 10u);
  EXPECT_EQ(function.retry_attempts, 2u);
  EXPECT_EQ(function.where.line, 5u);
}

TEST_F(FunctionTest, EntryIsRequired) {
  EXPECT_THAT(ParseFunction("timeoutSeconds = 5\n"),
              HasError("5:1", "functions.f.entry: missing required key"));
}

TEST_F(FunctionTest, UnknownBuiltinIsAnError) {
  EXPECT_THAT(ParseFunction("entry = 'builtin:resize'\n"),
              HasError("6:9",
                       "functions.f.entry: unknown builtin 'resize' (known: process-image, "
                       "generate-annotation, evaluate-annotation, review-annotation, "
                       "export-annotations, echo, noop)"));
}

TEST_F(FunctionTest, NodeEntryMustExistWithAKnownExtension) {
  app_.WriteFile("functions/hello/handler.ts", "export const handler = async () => 1;\n");
  ASSERT_OK_AND_ASSIGN(const BackendSpec spec,
                       ParseFunction("entry = 'node:functions/hello/handler.ts'\n"));
  EXPECT_EQ(spec.functions.at("f").entry.kind, FunctionEntryKind::kNode);
  EXPECT_EQ(spec.functions.at("f").entry.path, app_.dir() / "functions/hello/handler.ts");

  EXPECT_THAT(ParseFunction("entry = 'node:functions/hello/missing.js'\n"),
              HasError("6:9", "'functions/hello/missing.js' is not a file"));
  EXPECT_THAT(ParseFunction("entry = 'node:functions/hello/handler.py'\n"),
              HasError("6:9", "a node: handler must be a .ts, .js, .mjs file"));
  EXPECT_THAT(ParseFunction("entry = 'node:../x.ts'\n"), HasError("6:9", "must not contain '..'"));
  EXPECT_THAT(ParseFunction("entry = 'node:/tmp/x.ts'\n"),
              HasError("6:9", "must be relative to the app folder"));
}

TEST_F(FunctionTest, ExecutableEntryMustBeAnExecutableFile) {
  app_.WriteFile("functions/thumbs/bootstrap", "#!/bin/sh\n", /*executable=*/true);
  app_.WriteFile("functions/thumbs/readme.txt", "hi\n");
  ASSERT_OK_AND_ASSIGN(const BackendSpec spec,
                       ParseFunction("entry = 'functions/thumbs/bootstrap'\n"));
  EXPECT_EQ(spec.functions.at("f").entry.kind, FunctionEntryKind::kExecutable);
  EXPECT_EQ(spec.functions.at("f").entry.path, app_.dir() / "functions/thumbs/bootstrap");

  EXPECT_THAT(ParseFunction("entry = 'functions/thumbs/readme.txt'\n"),
              HasError("6:9", "is not executable"));
  EXPECT_THAT(ParseFunction("entry = 'functions/thumbs/../thumbs/bootstrap'\n"),
              HasError("6:9", "must not contain '..'"));
  EXPECT_THAT(ParseFunction("entry = ''\n"), HasError("6:9", "must not be empty"));
}

TEST_F(FunctionTest, TimeoutRange) {
  EXPECT_THAT(
      ParseFunction("entry = 'builtin:process-image'\ntimeoutSeconds = 0\n"),
      HasError("7:18", "functions.f.timeoutSeconds: must be between 1 and 900 seconds, got 0"));
  EXPECT_THAT(ParseFunction("entry = 'builtin:process-image'\ntimeoutSeconds = -5\n"),
              HasError("7:18", "got -5"));
  EXPECT_THAT(ParseFunction("entry = 'builtin:process-image'\ntimeoutSeconds = 901\n"),
              HasError("7:18", "got 901"));
}

TEST_F(FunctionTest, TimeoutTakesOnlyIntegers) {
  EXPECT_THAT(ParseFunction("entry = 'builtin:process-image'\ntimeoutSeconds = '60s'\n"),
              HasError("7:18", "expected an integer, got a string"));
}

TEST_F(FunctionTest, MemoryRange) {
  EXPECT_THAT(ParseFunction("entry = 'builtin:process-image'\nmemoryMB = 127\n"),
              HasError("7:12", "functions.f.memoryMB: must be between 128 and 10240 MB, got 127"));
  EXPECT_THAT(ParseFunction("entry = 'builtin:process-image'\nmemoryMB = 10241\n"),
              HasError("7:12", "got 10241"));
}

TEST_F(FunctionTest, FunctionNameRules) {
  EXPECT_THAT(ParseFunction("entry = 'builtin:process-image'\nname = 'a.b'\n"),
              HasError("7:8", "functions.f.name: function name 'a.b' may contain only"));
  EXPECT_THAT(
      ParseFunction("entry = 'builtin:process-image'\nname = '" + std::string(65, 'f') + "'\n"),
      HasError("7:8", "1 to 64 characters"));
}

TEST_F(FunctionTest, DuplicateFunctionNamesAreErrors) {
  EXPECT_THAT(app_.Parse("[functions.a]\nentry = 'builtin:process-image'\n"
                         "[functions.b]\nentry = 'builtin:process-image'\nname = 'a'\n"),
              HasError("5:8", "function name 'a' is already used by functions.a"));
}

TEST_F(FunctionTest, TemplateErrorInMultiLineStringPointsAtTheString) {
  EXPECT_THAT(ParseFunction("entry = 'builtin:process-image'\n"
                            "environment = { A = \"\"\"\nx ${queues.nope.url}\"\"\" }\n"),
              HasError("7:21", "refers to queues.nope"));
}

TEST_F(FunctionTest, EnvironmentValuesAreTemplates) {
  ASSERT_OK_AND_ASSIGN(
      const BackendSpec spec,
      ParseFunction("entry = 'builtin:process-image'\n"
                    "environment = { BUCKET = '${storage.images.name}', MODE = 'fast' }\n"));
  const auto& environment = spec.functions.at("f").environment;
  EXPECT_EQ(environment.at("BUCKET").text, "${storage.images.name}");
  EXPECT_EQ(environment.at("BUCKET").where.line, 7u);
  EXPECT_EQ(environment.at("BUCKET").where.column, 26u);
  EXPECT_EQ(environment.at("MODE").text, "fast");
}

TEST_F(FunctionTest, EnvironmentErrors) {
  const std::string entry = "entry = 'builtin:process-image'\n";
  EXPECT_THAT(ParseFunction(entry + "environment = { AWS_REGION = 'x' }\n"),
              HasError("7:17", "environment variable name is reserved"));
  EXPECT_THAT(ParseFunction(entry + "environment = { LAMBDA_TASK_ROOT = 'x' }\n"),
              HasError("7:17", "reserved"));
  EXPECT_THAT(ParseFunction(entry + "environment = { _HANDLER = 'x' }\n"),
              HasError("7:17", "reserved"));
  EXPECT_THAT(ParseFunction(entry + "environment = { 1X = 'x' }\n"),
              HasError("7:17", "must start with a letter or '_'"));
  EXPECT_THAT(ParseFunction(entry + "environment = { \"A-B\" = 'x' }\n"),
              HasError("7:17", "may contain only letters, digits and '_'"));
  EXPECT_THAT(ParseFunction(entry + "environment = { A = 1 }\n"),
              HasError("7:21", "functions.f.environment.A: expected a string, got an integer"));
  EXPECT_THAT(
      ParseFunction(entry + "environment = { A = '${queues.nope.url}' }\n"),
      HasError("7:22", "functions.f.environment.A: '${queues.nope.url}' refers to queues.nope"));
  EXPECT_THAT(ParseFunction(entry + "environment = { A = 'x${storage.images.url}' }\n"),
              HasError("7:23", "unknown attribute 'url'"));
}

TEST_F(FunctionTest, SecretsMapEnvironmentVariablesToSecretNames) {
  ASSERT_OK_AND_ASSIGN(const BackendSpec spec,
                       ParseFunction("entry = 'builtin:process-image'\nsecrets = { OPENAI_API_KEY "
                                     "= 'shared/openai.key-1' }\n"));
  EXPECT_THAT(spec.functions.at("f").secrets,
              ElementsAre(Pair("OPENAI_API_KEY", "shared/openai.key-1")));
}

TEST_F(FunctionTest, SecretErrors) {
  const std::string entry = "entry = 'builtin:process-image'\n";
  EXPECT_THAT(ParseFunction(entry + "secrets = { KEY = 'has space' }\n"),
              HasError("7:19", "secret name 'has space' may contain only"));
  EXPECT_THAT(ParseFunction(entry + "secrets = { KEY = 5 }\n"),
              HasError("7:19", "expected a secret name, got an integer"));
  EXPECT_THAT(ParseFunction(entry + "secrets = { AWS_SECRET = 'x' }\n"),
              HasError("7:13", "reserved"));
  EXPECT_THAT(ParseFunction(entry + "environment = { KEY = 'a' }\nsecrets = { KEY = 'k' }\n"),
              HasError("8:13", "'KEY' is set in both environment and secrets"));
}

TEST_F(FunctionTest, StorageTrigger) {
  ASSERT_OK_AND_ASSIGN(
      const BackendSpec spec,
      ParseFunction(
          "entry = 'builtin:process-image'\n"
          "triggers = [ { storage = 'images', events = ['ObjectCreated:Put', 'ObjectRemoved:*'],"
          " prefix = 'in/', suffix = '.jpg' } ]\n"));
  const auto& trigger = std::get<StorageTrigger>(spec.functions.at("f").triggers.at(0));
  EXPECT_EQ(trigger.storage_key, "images");
  EXPECT_THAT(trigger.events, ElementsAre("ObjectCreated:Put", "ObjectRemoved:*"));
  EXPECT_EQ(trigger.prefix, "in/");
  EXPECT_EQ(trigger.suffix, ".jpg");
}

TEST_F(FunctionTest, StorageTriggerDefaultsToObjectCreated) {
  ASSERT_OK_AND_ASSIGN(
      const BackendSpec spec,
      ParseFunction("entry = 'builtin:process-image'\ntriggers = [ { storage = 'images' } ]\n"));
  EXPECT_THAT(std::get<StorageTrigger>(spec.functions.at("f").triggers.at(0)).events,
              ElementsAre("ObjectCreated"));
}

TEST_F(FunctionTest, StorageTriggerErrors) {
  const std::string entry = "entry = 'builtin:process-image'\n";
  EXPECT_THAT(ParseFunction(entry + "triggers = [ { storage = 'videos' } ]\n"),
              HasError("7:26", "functions.f.triggers[0].storage: 'videos' is not a bucket"));
  EXPECT_THAT(
      ParseFunction(entry +
                    "triggers = [ { storage = 'images', events = ['ObjectCreated:Delete'] } ]\n"),
      HasError("7:46", "unknown event 'ObjectCreated:Delete'"));
  EXPECT_THAT(
      ParseFunction(entry + "triggers = [ { storage = 'images', events = ['Created'] } ]\n"),
      HasError("7:46", "unknown event 'Created'"));
  EXPECT_THAT(ParseFunction(entry + "triggers = [ { storage = 'images', events = [] } ]\n"),
              HasError("7:45", "must list at least one event"));
  EXPECT_THAT(ParseFunction(entry + "triggers = [ { storage = 'images', batchSize = 5 } ]\n"),
              HasError("7:36", "unknown key 'batchSize' in [functions.f.triggers[0]]"));
  EXPECT_THAT(ParseFunction(entry + "triggers = [ { storage = 'images', prefix = 5 } ]\n"),
              HasError("7:45", "expected a string, got an integer"));
}

TEST_F(FunctionTest, TriggerNeedsExactlyOneSource) {
  const std::string entry = "entry = 'builtin:process-image'\n";
  EXPECT_THAT(
      ParseFunction(entry + "triggers = [ { storage = 'images', queue = 'jobs' } ]\n"),
      HasError("7:14",
               "functions.f.triggers[0]: a trigger needs exactly one of 'storage' or 'queue'"));
  EXPECT_THAT(ParseFunction(entry + "triggers = [ { prefix = 'x' } ]\n"),
              HasError("7:14", "exactly one of"));
  EXPECT_THAT(ParseFunction(entry + "triggers = [ 'images' ]\n"),
              HasError("7:14", "functions.f.triggers[0]: expected a table, got a string"));
  EXPECT_THAT(ParseFunction(entry + "triggers = { queue = 'jobs' }\n"),
              HasError("7:12", "functions.f.triggers: expected an array, got a table"));
}

TEST_F(FunctionTest, QueueTrigger) {
  ASSERT_OK_AND_ASSIGN(
      const BackendSpec spec,
      ParseFunction(
          "entry = 'builtin:process-image'\n"
          "triggers = [ { queue = 'jobs', batchSize = 100, maximumBatchingWindow = '1m' } ]\n"));
  const auto& trigger = std::get<QueueTrigger>(spec.functions.at("f").triggers.at(0));
  EXPECT_EQ(trigger.queue_key, "jobs");
  EXPECT_EQ(trigger.batch_size, 100u);
  EXPECT_EQ(trigger.max_batching_window, std::chrono::seconds(60));
}

TEST_F(FunctionTest, TriggerOnAQueueThatDoesNotExistIsAnError) {
  EXPECT_THAT(
      ParseFunction("entry = 'builtin:process-image'\ntriggers = [ { queue = 'nope' } ]\n"),
      HasError("7:24", "functions.f.triggers[0].queue: 'nope' is not a queue (no [queues.nope])"));
}

TEST_F(FunctionTest, QueueTriggerRanges) {
  const std::string entry = "entry = 'builtin:process-image'\n";
  EXPECT_THAT(ParseFunction(entry + "triggers = [ { queue = 'jobs', batchSize = 0 } ]\n"),
              HasError("7:44", "batchSize: must be between 1 and 10000, got 0"));
  EXPECT_THAT(ParseFunction(entry + "triggers = [ { queue = 'jobs', batchSize = 10001 } ]\n"),
              HasError("7:44", "got 10001"));
  EXPECT_THAT(ParseFunction(entry + "triggers = [ { queue = 'ordered', batchSize = 11 } ]\n"),
              HasError("7:47", "must be between 1 and 10 for a FIFO queue, got 11"));
  EXPECT_OK(ParseFunction(entry + "triggers = [ { queue = 'ordered', batchSize = 10 } ]\n"));
  EXPECT_THAT(
      ParseFunction(entry + "triggers = [ { queue = 'jobs', maximumBatchingWindow = '301s' } ]\n"),
      HasError("7:56", "must be between 0s and 5m, got 5m1s"));
}

TEST_F(FunctionTest, PolicyStatements) {
  ASSERT_OK_AND_ASSIGN(const BackendSpec spec, ParseFunction(R"(entry = 'builtin:process-image'
policy = [
  { actions = ["s3:GetObject", "s3:Put*", "sqs:?endMessage"], resources = ["${storage.images.arn}/*"] },
  { effect = "Deny", actions = ["*"], resources = ["*"] },
]
)"));
  const auto& policy = spec.functions.at("f").policy;
  ASSERT_EQ(policy.size(), 2u);
  EXPECT_EQ(policy[0].effect, PolicyEffect::kAllow);
  EXPECT_THAT(policy[0].actions, ElementsAre("s3:GetObject", "s3:Put*", "sqs:?endMessage"));
  EXPECT_EQ(policy[0].resources.at(0).text, "${storage.images.arn}/*");
  EXPECT_EQ(policy[1].effect, PolicyEffect::kDeny);
  EXPECT_EQ(policy[1].where.line, 9u);
}

TEST_F(FunctionTest, PolicyErrors) {
  const std::string entry = "entry = 'builtin:process-image'\n";
  EXPECT_THAT(ParseFunction(entry + "policy = [ { actions = ['s3:GetObject'] } ]\n"),
              HasError("7:12", "functions.f.policy[0].resources: missing required key"));
  EXPECT_THAT(ParseFunction(entry + "policy = [ { resources = ['*'] } ]\n"),
              HasError("7:12", "functions.f.policy[0].actions: missing required key"));
  EXPECT_THAT(ParseFunction(entry + "policy = [ { actions = [], resources = ['*'] } ]\n"),
              HasError("7:24", "must list at least one action"));
  EXPECT_THAT(ParseFunction(entry + "policy = [ { actions = ['*'], resources = [] } ]\n"),
              HasError("7:43", "must list at least one resource"));
  EXPECT_THAT(
      ParseFunction(entry + "policy = [ { actions = ['GetObject'], resources = ['*'] } ]\n"),
      HasError("7:25", "'GetObject' is not an action like \"s3:GetObject\""));
  EXPECT_THAT(ParseFunction(entry + "policy = [ { actions = ['S3:Get'], resources = ['*'] } ]\n"),
              HasError("7:25", "is not an action"));
  EXPECT_THAT(
      ParseFunction(entry +
                    "policy = [ { effect = 'Maybe', actions = ['*'], resources = ['*'] } ]\n"),
      HasError("7:23", "unknown effect 'Maybe' (expected Allow or Deny)"));
  EXPECT_THAT(ParseFunction(entry + "policy = [ { actions = ['*'], resources = ['images/*'] } ]\n"),
              HasError("7:44", "'images/*' is not \"*\" or an ARN pattern"));
  EXPECT_THAT(ParseFunction(
                  entry + "policy = [ { actions = ['*'], resources = ['${queues.jobs.url}'] } ]\n"),
              HasError("7:44", "is not \"*\" or an ARN pattern"));
  EXPECT_THAT(ParseFunction(
                  entry + "policy = [ { actions = ['*'], resources = ['${queues.gone.arn}'] } ]\n"),
              HasError("7:45", "'${queues.gone.arn}' refers to queues.gone, which is not defined"));
}

TEST_F(FunctionTest, ScheduleIsOneExpression) {
  ASSERT_OK_AND_ASSIGN(const BackendSpec spec,
                       ParseFunction("entry = 'builtin:process-image'\nschedule = 'every 5m'\n"));
  const auto& schedules = spec.functions.at("f").schedules;
  ASSERT_EQ(schedules.size(), 1u);
  EXPECT_EQ(schedules[0].expression, "every 5m");
  EXPECT_EQ(schedules[0].where.line, 7u);
  EXPECT_EQ(schedules[0].where.column, 12u);
  EXPECT_EQ(ParsedSchedule(schedules[0]).canonical(), "cron(*/5 * * * ? *)");
}

TEST_F(FunctionTest, ScheduleIsAnArrayOfExpressions) {
  ASSERT_OK_AND_ASSIGN(
      const BackendSpec spec,
      ParseFunction(
          "entry = 'builtin:process-image'\n"
          "schedule = ['every day', '0 12 * * ?', 'rate(5 minutes)', 'cron(0 0 L * ? *)']\n"));
  std::vector<std::string> canonical;
  for (const FunctionSchedule& schedule : spec.functions.at("f").schedules) {
    canonical.push_back(ParsedSchedule(schedule).canonical());
  }
  EXPECT_THAT(canonical, ElementsAre("cron(0 0 * * ? *)", "cron(0 12 * * ? *)", "rate(5 minutes)",
                                     "cron(0 0 L * ? *)"));
  EXPECT_EQ(spec.functions.at("f").schedules[1].where.column, 26u);
}

TEST_F(FunctionTest, ScheduleErrors) {
  const std::string entry = "entry = 'builtin:process-image'\n";
  EXPECT_THAT(
      ParseFunction(entry + "schedule = 'every 60m'\n"),
      HasError("7:12", "functions.f.schedule: 'every 60m': Amplify runs it as a cron step"));
  EXPECT_THAT(ParseFunction(entry + "schedule = ['every day', 'every 0m']\n"),
              HasError("7:26", "functions.f.schedule[1]: 'every 0m': the rate must be a positive"));
  EXPECT_THAT(ParseFunction(entry + "schedule = '0 0 * * *'\n"),
              HasError("7:12", "one of day-of-month and day-of-week must be '?'"));
  EXPECT_THAT(ParseFunction(entry + "schedule = 'rate(1 minutes)'\n"),
              HasError("7:12", "use 'minute' with 1"));
  EXPECT_THAT(ParseFunction(entry + "schedule = 5\n"),
              HasError("7:12",
                       "functions.f.schedule: expected a string or an array of strings, got an "
                       "integer"));
  EXPECT_THAT(ParseFunction(entry + "schedule = []\n"),
              HasError("7:12", "functions.f.schedule: must list at least one schedule"));
  EXPECT_THAT(ParseFunction(entry + "schedule = ['every day', 5]\n"),
              HasError("7:26", "functions.f.schedule[1]: expected a string, got an integer"));
  EXPECT_THAT(
      ParseFunction(entry + "schedules = 'every day'\n"),
      HasError("7:1", "unknown key 'schedules' in [functions.f], did you mean 'schedule'?"));
}

TEST_F(FunctionTest, AmplifyRateMustNotBeShorterThanTheTimeout) {
  const std::string entry = "entry = 'builtin:process-image'\ntimeoutSeconds = 120\n";
  EXPECT_THAT(ParseFunction(entry + "schedule = 'every 1m'\n"),
              HasError("8:12",
                       "functions.f.schedule: 'every 1m' is shorter than the function's timeout of "
                       "120 seconds"));
  EXPECT_OK(ParseFunction(entry + "schedule = 'every 2m'\n"));
  // Amplify checks only its own rates.
  EXPECT_OK(ParseFunction(entry + "schedule = ['* * * * ?', 'rate(1 minute)']\n"));
}

TEST_F(FunctionTest, LayersMapModuleNamesToAppFolders) {
  app_.WriteFile("layers/sharp/nodejs/node_modules/sharp/index.js", "module.exports = 1;\n");
  app_.WriteFile("layers/util/lib/libutil.so", "");
  ASSERT_OK_AND_ASSIGN(const BackendSpec spec,
                       ParseFunction("entry = 'builtin:process-image'\n"
                                     "layers = { sharp = 'layers/sharp', \"@scope/util\" = "
                                     "'layers/util/' }\n"));
  EXPECT_THAT(spec.functions.at("f").layers,
              ElementsAre(Pair("@scope/util", app_.dir() / "layers/util"),
                          Pair("sharp", app_.dir() / "layers/sharp")));
}

TEST_F(FunctionTest, AtMostFiveLayerFolders) {
  std::string layers = "layers = { ";
  for (int layer_idx = 0; layer_idx < 6; ++layer_idx) {
    const std::string folder = "layers/l" + std::to_string(layer_idx);
    app_.WriteFile(folder + "/lib/x", "");
    layers += (layer_idx == 0 ? "" : ", ") + std::string("m") + std::to_string(layer_idx) + " = '" +
              folder + "'";
  }
  const std::string entry = "entry = 'builtin:process-image'\n";
  EXPECT_THAT(ParseFunction(entry + layers + " }\n"),
              HasError("7:10", "functions.f.layers: at most 5 layer folders, got 6"));
  // Module names that share a folder count it once, as Amplify counts distinct ARNs.
  EXPECT_OK(ParseFunction(entry + "layers = { a = 'layers/l0', b = 'layers/l0/', c = 'layers/l1', "
                                  "d = 'layers/l2', e = 'layers/l3', f = 'layers/l4' }\n"));
}

TEST_F(FunctionTest, LayerErrors) {
  app_.WriteFile("layers/sharp/lib/x", "");
  app_.WriteFile("layers/file.txt", "");
  const std::string entry = "entry = 'builtin:process-image'\n";
  EXPECT_THAT(ParseFunction(entry + "layers = { sharp = 'layers/nope' }\n"),
              HasError("7:20", "functions.f.layers.sharp: 'layers/nope' is not a folder in"));
  EXPECT_THAT(ParseFunction(entry + "layers = { sharp = 'layers/file.txt' }\n"),
              HasError("7:20", "is not a folder"));
  EXPECT_THAT(ParseFunction(entry + "layers = { sharp = 'layers/../layers/sharp' }\n"),
              HasError("7:20", "must not contain '..'"));
  EXPECT_THAT(ParseFunction(entry + "layers = { sharp = '/tmp' }\n"),
              HasError("7:20", "must be relative to the app folder"));
  EXPECT_THAT(ParseFunction(entry + "layers = { sharp = 5 }\n"),
              HasError("7:20", "functions.f.layers.sharp: expected a folder path, got an integer"));
  EXPECT_THAT(ParseFunction(entry + "layers = { \"a b\" = 'layers/sharp' }\n"),
              HasError("7:12", "module name 'a b' must look like 'sharp' or '@scope/name'"));
  EXPECT_THAT(ParseFunction(entry + "layers = 'layers/sharp'\n"),
              HasError("7:10", "functions.f.layers: expected a table, got a string"));
}

TEST_F(FunctionTest, MaxConcurrencyAndRetryAttempts) {
  ASSERT_OK_AND_ASSIGN(const BackendSpec spec,
                       ParseFunction("entry = 'builtin:process-image'\n"
                                     "maxConcurrency = 1000\nretryAttempts = 0\n"));
  EXPECT_EQ(spec.functions.at("f").max_concurrency, 1000u);
  EXPECT_EQ(spec.functions.at("f").retry_attempts, 0u);

  const std::string entry = "entry = 'builtin:process-image'\n";
  EXPECT_THAT(
      ParseFunction(entry + "maxConcurrency = 0\n"),
      HasError("7:18", "functions.f.maxConcurrency: must be between 1 and 1000 workers, got 0"));
  EXPECT_THAT(ParseFunction(entry + "maxConcurrency = 1001\n"), HasError("7:18", "got 1001"));
  EXPECT_THAT(ParseFunction(entry + "retryAttempts = 3\n"),
              HasError("7:17", "functions.f.retryAttempts: must be between 0 and 2, got 3"));
  EXPECT_THAT(ParseFunction(entry + "retryAttempts = -1\n"), HasError("7:17", "got -1"));
  EXPECT_THAT(ParseFunction(entry + "retryAttempts = '2'\n"),
              HasError("7:17", "expected an integer, got a string"));
}

TEST_F(FunctionTest, ErrorsInSeveralFunctionsAreAllReported) {
  const Result<BackendSpec> spec =
      app_.Parse("[functions.a]\nentry = 'builtin:nope'\n[functions.b]\ntimeoutSeconds = 0\n");
  EXPECT_THAT(spec, HasError("2:9", "unknown builtin"));
  EXPECT_THAT(spec, HasError("3:1", "functions.b.entry: missing required key"));
  EXPECT_THAT(spec, HasError("4:18", "functions.b.timeoutSeconds"));
  EXPECT_EQ(ErrorCount(spec), 3u);
}

}  // namespace
}  // namespace gloss::config
