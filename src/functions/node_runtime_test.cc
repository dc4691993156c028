// Runs the real node and the runtime folder's real esbuild (scripts/setup
// installs them): what matters here is what those tools accept and print.

#include "functions/node_runtime.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/random.h"
#include "test/support/status_matchers.h"

namespace gloss::functions {
namespace {

namespace fs = std::filesystem;
using ::gloss::testing::StatusIs;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Pair;

// The template of Amplify's docs (amplify/functions/say-hello/handler.ts).
constexpr std::string_view kTemplateHandler = R"(import type { Handler } from 'aws-lambda';
import { env } from '$amplify/env/say-hello';
import { greeting } from './greeting';

export const handler: Handler = async (event) => {
  return `${greeting(event.name)} from ${env.AWS_LAMBDA_FUNCTION_NAME} (${env.GREETING_STYLE})`;
};
)";

constexpr std::string_view kGreeting = R"(export function greeting(name: string): string {
  return `Hello, ${name}!`;
}
)";

class NodeRuntimeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("gloss-node-runtime-" + RandomString(12, kBase62));
    fs::create_directories(dir_ / "app" / "functions" / "say-hello");
    ASSERT_OK_AND_ASSIGN(runtime_, NodeRuntime::Create({}));
    function_ = NodeFunction{
        .name = "say-hello",
        .handler = dir_ / "app" / "functions" / "say-hello" / "handler.ts",
        .out_dir = dir_ / "state" / "functions" / "say-hello" / "node",
        .env_names = {"GREETING_STYLE"},
        .layers = {},
    };
    WriteFile(function_.handler, kTemplateHandler);
    WriteFile(function_.handler.parent_path() / "greeting.ts", kGreeting);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static void WriteFile(const fs::path& path, std::string_view contents) {
    std::ofstream(path, std::ios::binary) << contents;
  }
  static std::string ReadFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  // Moves a file's mtime forward, as an editor saving it a moment later would,
  // without the test sleeping past the file system's timestamp granularity.
  static void TouchLater(const fs::path& path) {
    fs::last_write_time(path, fs::file_time_type::clock::now() + std::chrono::seconds(2));
  }

  fs::path dir_;
  NodeRuntimePtr runtime_;
  NodeFunction function_;
};

TEST_F(NodeRuntimeTest, TemplateHandlerBundlesToEsmWithTypedEnv) {
  ASSERT_OK_AND_ASSIGN(NodeWorkerSpec spec, runtime_->Prepare(function_));

  EXPECT_TRUE(spec.bundled);
  const fs::path out = function_.out_dir;
  const std::string bundle = ReadFile(out / "index.mjs");
  EXPECT_THAT(bundle, HasSubstr("process.env"));      // $amplify/env/say-hello.
  EXPECT_THAT(bundle, HasSubstr("Hello, ${name}!"));  // ./greeting is bundled in.
  EXPECT_THAT(bundle, HasSubstr("export {"));         // ESM.
  EXPECT_THAT(bundle, Not(HasSubstr("import type")));
  EXPECT_TRUE(fs::exists(out / "index.mjs.map"));
  EXPECT_THAT(ReadFile(out / "env" / "say-hello.ts"), HasSubstr("\"GREETING_STYLE\": string;"));

  EXPECT_THAT(spec.argv, ElementsAre(EndsWith("node"), EndsWith("aws-lambda-ric/bin/index.mjs"),
                                     "index.handler"));
  EXPECT_TRUE(fs::path(spec.argv[0]).is_absolute());
  EXPECT_EQ(spec.cwd, out);
  EXPECT_THAT(spec.env, Contains(Pair("LAMBDA_TASK_ROOT", out.string())));
  EXPECT_THAT(spec.env, Contains(Pair("_HANDLER", "index.handler")));
  EXPECT_THAT(spec.env, Contains(Pair("NODE_OPTIONS", "--enable-source-maps")));
  EXPECT_THAT(spec.env,
              Contains(Pair("NODE_PATH", (runtime_->runtime_dir() / "node_modules").string())));
}

TEST_F(NodeRuntimeTest, AwsSdkStaysExternal) {
  WriteFile(function_.handler, R"(import { S3Client } from '@aws-sdk/client-s3';
export const handler = async () => typeof S3Client;
)");

  ASSERT_OK(runtime_->Prepare(function_));

  EXPECT_THAT(ReadFile(function_.out_dir / "index.mjs"), HasSubstr(R"(from "@aws-sdk/client-s3")"));
}

TEST_F(NodeRuntimeTest, SyntaxErrorNamesFileLineColumnAndEsbuildMessage) {
  WriteFile(function_.handler,
            "export const handler = async () => {\n  return {\n    ok: true,,\n  };\n};\n");

  Result<NodeWorkerSpec> spec = runtime_->Prepare(function_);

  EXPECT_THAT(spec, StatusIs(StatusCode::kInvalidArgument));
  const std::string message(spec.status().message());
  EXPECT_THAT(message, HasSubstr("cannot bundle " + function_.handler.string() + ": " +
                                 function_.handler.string() + ":3:13: "));
  EXPECT_THAT(message, HasSubstr("Expected identifier but found \",\""));
  EXPECT_FALSE(fs::exists(function_.out_dir / "bundle.stamp"));
}

TEST_F(NodeRuntimeTest, UnresolvedImportNamesTheImportingFile) {
  WriteFile(function_.handler, "import { x } from './missing';\nexport const handler = x;\n");

  Result<NodeWorkerSpec> spec = runtime_->Prepare(function_);

  EXPECT_THAT(spec, StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(std::string(spec.status().message()),
              AllOf(HasSubstr(function_.handler.string() + ":1:18: "),
                    HasSubstr("Could not resolve \"./missing\"")));
}

TEST_F(NodeRuntimeTest, UpToDateBundleIsNotRebuilt) {
  ASSERT_OK_AND_ASSIGN(NodeWorkerSpec first, runtime_->Prepare(function_));
  ASSERT_TRUE(first.bundled);

  ASSERT_OK_AND_ASSIGN(NodeWorkerSpec second, runtime_->Prepare(function_));
  EXPECT_FALSE(second.bundled);
  EXPECT_EQ(second.argv, first.argv);
  EXPECT_EQ(second.env, first.env);
}

TEST_F(NodeRuntimeTest, ChangedImportedFileRebuilds) {
  ASSERT_OK(runtime_->Prepare(function_));
  WriteFile(function_.handler.parent_path() / "greeting.ts",
            "export function greeting(name: string): string {\n  return `Hi, ${name}!`;\n}\n");
  TouchLater(function_.handler.parent_path() / "greeting.ts");

  ASSERT_OK_AND_ASSIGN(NodeWorkerSpec spec, runtime_->Prepare(function_));

  EXPECT_TRUE(spec.bundled);
  EXPECT_THAT(ReadFile(function_.out_dir / "index.mjs"), HasSubstr("Hi, ${name}!"));
}

TEST_F(NodeRuntimeTest, ChangedEnvNamesRebuild) {
  ASSERT_OK(runtime_->Prepare(function_));
  function_.env_names = {"GREETING_STYLE", "API_KEY"};

  ASSERT_OK_AND_ASSIGN(NodeWorkerSpec spec, runtime_->Prepare(function_));

  EXPECT_TRUE(spec.bundled);
  EXPECT_THAT(ReadFile(function_.out_dir / "env" / "say-hello.ts"), HasSubstr("\"API_KEY\""));
}

TEST_F(NodeRuntimeTest, FixedSyntaxErrorRebuilds) {
  const std::string good = ReadFile(function_.handler);
  WriteFile(function_.handler, "export const handler = (;\n");
  ASSERT_THAT(runtime_->Prepare(function_), StatusIs(StatusCode::kInvalidArgument));
  WriteFile(function_.handler, good);

  ASSERT_OK_AND_ASSIGN(NodeWorkerSpec spec, runtime_->Prepare(function_));

  EXPECT_TRUE(spec.bundled);
}

TEST_F(NodeRuntimeTest, DeletedOutputRebuilds) {
  ASSERT_OK(runtime_->Prepare(function_));
  fs::remove(function_.out_dir / "index.mjs");

  ASSERT_OK_AND_ASSIGN(NodeWorkerSpec spec, runtime_->Prepare(function_));

  EXPECT_TRUE(spec.bundled);
  EXPECT_TRUE(fs::exists(function_.out_dir / "index.mjs"));
}

TEST_F(NodeRuntimeTest, BadFunctionsAreRejectedBeforeBundling) {
  NodeFunction bad_name = function_;
  bad_name.name = "../evil";
  EXPECT_THAT(runtime_->Prepare(bad_name), StatusIs(StatusCode::kInvalidArgument));

  NodeFunction relative = function_;
  relative.handler = "functions/say-hello/handler.ts";
  EXPECT_THAT(runtime_->Prepare(relative), StatusIs(StatusCode::kInvalidArgument));

  NodeFunction python = function_;
  python.handler = dir_ / "app" / "handler.py";
  EXPECT_THAT(runtime_->Prepare(python), StatusIs(StatusCode::kInvalidArgument));

  NodeFunction missing = function_;
  missing.handler = dir_ / "app" / "nothing.ts";
  EXPECT_THAT(runtime_->Prepare(missing), StatusIs(StatusCode::kNotFound));
}

TEST_F(NodeRuntimeTest, UninstalledRuntimeFolderIsAFailedPrecondition) {
  fs::create_directories(dir_ / "empty-runtime");

  NodeRuntimeOptions options;
  options.runtime_dir = dir_ / "empty-runtime";

  EXPECT_THAT(NodeRuntime::Create(options), StatusIs(StatusCode::kFailedPrecondition));
}

TEST(DefaultNodeRuntimeDirTest, EnvironmentOverridesCompiledInFolder) {
  const char* saved = std::getenv("GLOSS_NODE_RUNTIME");
  const std::string previous = saved == nullptr ? "" : saved;
  ::setenv("GLOSS_NODE_RUNTIME", "/opt/gloss-node", 1);
  EXPECT_EQ(DefaultNodeRuntimeDir(), fs::path("/opt/gloss-node"));
  ::unsetenv("GLOSS_NODE_RUNTIME");
  EXPECT_THAT(DefaultNodeRuntimeDir().string(), EndsWith("runtimes/node"));
  if (saved != nullptr) {
    ::setenv("GLOSS_NODE_RUNTIME", previous.c_str(), 1);
  }
}

}  // namespace
}  // namespace gloss::functions
