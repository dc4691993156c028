// node_runtime_tool: a test helper, not part of gloss. It runs
// NodeRuntime::Prepare once and prints the worker spec as JSON on stdout, so
// the Node end-to-end test (tests/integration/node_runtime.test.mjs) can start
// exactly the process the functions service would.
//
//   node_runtime_tool --name NAME --handler ABS_PATH --out DIR [--env NAME]...
//
// The runtime folder is DefaultNodeRuntimeDir() ($GLOSS_NODE_RUNTIME or the
// checkout's runtimes/node). Prints {"argv", "env", "cwd", "bundled",
// "bundleMs"} and exits 0, or prints {"error": {"code", "message"}} and exits 1;
// exits 2 on bad usage.

#include <iostream>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "functions/node_runtime.h"

namespace {

int PrintError(const gloss::Status& status) {
  std::cout << nlohmann::json{{"error",
                               {{"code", gloss::StatusCodeName(status.code())},
                                {"message", status.message()}}}}
                   .dump()
            << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  gloss::functions::NodeFunction function;
  for (int arg_idx = 1; arg_idx + 1 < argc; arg_idx += 2) {
    const std::string_view flag = argv[arg_idx];
    const std::string value = argv[arg_idx + 1];
    if (flag == "--name") {
      function.name = value;
    } else if (flag == "--handler") {
      function.handler = value;
    } else if (flag == "--out") {
      function.out_dir = value;
    } else if (flag == "--env") {
      function.env_names.push_back(value);
    } else {
      std::cerr << "node_runtime_tool: unknown flag " << flag << "\n";
      return 2;
    }
  }
  if (argc % 2 != 1 || function.name.empty() || function.handler.empty() ||
      function.out_dir.empty()) {
    std::cerr << "usage: node_runtime_tool --name NAME --handler PATH --out DIR [--env NAME]...\n";
    return 2;
  }

  gloss::Result<gloss::functions::NodeRuntimePtr> runtime =
      gloss::functions::NodeRuntime::Create({});
  if (!runtime.ok()) {
    return PrintError(runtime.status());
  }
  gloss::Result<gloss::functions::NodeWorkerSpec> spec = (*runtime)->Prepare(function);
  if (!spec.ok()) {
    return PrintError(spec.status());
  }
  std::cout << nlohmann::json{{"argv", spec->argv},
                              {"env", spec->env},
                              {"cwd", spec->cwd.string()},
                              {"bundled", spec->bundled},
                              {"bundleMs", spec->bundle_time.count()}}
                   .dump()
            << "\n";
  return 0;
}
