// NodeRuntime turns a `node:` function entry (a TypeScript or JavaScript
// handler file, Amplify's `defineFunction` style) into something a worker can
// run: it bundles the handler with esbuild into one ESM file and says how to
// start Node's official Lambda runtime interface client (aws-lambda-ric) on it.
// Both tools come from the runtime folder (runtimes/node, installed by
// scripts/setup), see docs/design/functions.md "Node runtime".
//
// It is not the process manager: it starts no worker and sets none of the
// Lambda environment (AWS_LAMBDA_RUNTIME_API, credentials, ...); the functions
// service adds those to the spec it gets back. It runs subprocesses itself
// (node --version at Create, esbuild in Prepare), each with a time limit, and
// blocks on them: call it from the blocking pool, never from an I/O thread.
// Tests run the real node and esbuild rather than a fake launcher, because
// what matters here is what those tools accept and print.
//
// Thread safety: a NodeRuntime is immutable after Create. Prepare may run
// concurrently for functions with different output folders; callers serialise
// Prepare calls that share an output folder (one function's reloads).

#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"

namespace gloss::functions {

// $GLOSS_NODE_RUNTIME when set and not empty, else the source tree's
// runtimes/node (compiled in), so a build runs from its checkout with no setup
// beyond scripts/setup.
std::filesystem::path DefaultNodeRuntimeDir();

struct NodeRuntimeOptions {
  std::filesystem::path runtime_dir;  // Empty: DefaultNodeRuntimeDir().
  std::filesystem::path node;         // Empty: `node` found on PATH.
  std::chrono::milliseconds bundle_timeout = std::chrono::seconds(30);  // Per esbuild run.
};

struct NodeFunction {
  std::string name;                    // Lambda function name: [A-Za-z0-9_-]{1,64}.
  std::filesystem::path handler;       // Absolute; .ts .mts .cts .js .mjs .cjs.
  std::filesystem::path out_dir;       // STATE/functions/NAME/node/; created when missing.
  std::vector<std::string> env_names;  // The function's own variables, typed in $amplify/env.
  // backend.toml `layers`: module name -> layer folder. As Amplify does, the
  // modules stay out of the bundle; each is linked under the output's
  // node_modules (ES modules resolve only through node_modules folders).
  std::map<std::string, std::filesystem::path> layers;
};

// How to start one worker. The caller adds the Lambda environment on top of
// `env` and runs argv[0] (an absolute path) with `cwd` as working directory.
struct NodeWorkerSpec {
  std::vector<std::string> argv;             // node, aws-lambda-ric's entry, "index.handler".
  std::map<std::string, std::string> env;    // LAMBDA_TASK_ROOT, _HANDLER, NODE_PATH, ...
  std::filesystem::path cwd;                 // The output folder (aws-lambda-ric's app root).
  bool bundled = false;                      // False when the existing bundle was up to date.
  std::chrono::milliseconds bundle_time{0};  // esbuild's wall time when bundled.
};

class NodeRuntime {
 public:
  // Finds node, reads its version (the bundle's target) and checks that the
  // runtime folder holds an installed esbuild and aws-lambda-ric.
  // Errors: kNotFound if node is not on PATH; kFailedPrecondition if the
  // runtime folder is not installed (the message says to run scripts/setup);
  // kInternal / kDeadlineExceeded if `node --version` cannot run.
  static Result<std::unique_ptr<NodeRuntime>> Create(NodeRuntimeOptions options);

  // Bundles `function.handler` into `function.out_dir`/index.mjs (ESM,
  // platform node, sourcemap), unless the bundle there was made with the same
  // settings and no input esbuild reported has changed since; then returns the
  // spec to start a worker on it. `$amplify/env/NAME` resolves to a generated
  // module exporting `env = process.env`; `@aws-sdk/*` stays external and is
  // resolved at run time from the runtime folder's node_modules, when present.
  // Errors: kInvalidArgument for a bad name or extension, or when esbuild
  // rejects the code ("cannot bundle HANDLER: FILE:LINE:COL: MESSAGE" with
  // esbuild's first error); kNotFound if the handler does not exist;
  // kDeadlineExceeded if esbuild exceeds bundle_timeout; kInternal if the
  // output folder cannot be written or esbuild cannot be started.
  Result<NodeWorkerSpec> Prepare(const NodeFunction& function) const;

  const std::filesystem::path& runtime_dir() const { return runtime_dir_; }
  const std::string& node_version() const { return node_version_; }  // "20.20.2"

 private:
  NodeRuntime(NodeRuntimeOptions options, std::filesystem::path node, std::string node_version);

  const std::filesystem::path runtime_dir_;
  const std::filesystem::path node_;  // Absolute.
  const std::string node_version_;
  const std::chrono::milliseconds bundle_timeout_;
};

using NodeRuntimePtr = std::unique_ptr<NodeRuntime>;

}  // namespace gloss::functions
