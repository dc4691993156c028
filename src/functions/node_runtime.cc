#include "functions/node_runtime.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>

#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/assert.h"
#include "core/unique_fd.h"

extern char** environ;

namespace gloss::functions {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

// Bump when the bundle layout or esbuild's arguments change in a way the
// arguments themselves do not show, so existing bundles are rebuilt.
constexpr std::string_view kBundleFormat = "gloss-node-bundle 1";
constexpr std::string_view kHandler = "index.handler";
constexpr milliseconds kNodeVersionTimeout = std::chrono::seconds(10);
// esbuild prints a few lines per error; more than this is noise we drop.
constexpr size_t kMaxCapturedBytes = 1 << 20;
constexpr size_t kMaxFunctionNameLength = 64;  // Lambda's limit.

std::string ErrnoText(int error) { return std::strerror(error); }

// --- Subprocesses -----------------------------------------------------------

struct ProcessOutput {
  int wait_status = 0;  // As from waitpid().
  std::string out;
  std::string err;
};

class SpawnFileActions {
 public:
  SpawnFileActions() { posix_spawn_file_actions_init(&actions_); }
  ~SpawnFileActions() { posix_spawn_file_actions_destroy(&actions_); }
  SpawnFileActions(const SpawnFileActions&) = delete;
  SpawnFileActions& operator=(const SpawnFileActions&) = delete;
  posix_spawn_file_actions_t* get() { return &actions_; }

 private:
  posix_spawn_file_actions_t actions_;
};

class SpawnAttributes {
 public:
  SpawnAttributes() { posix_spawnattr_init(&attributes_); }
  ~SpawnAttributes() { posix_spawnattr_destroy(&attributes_); }
  SpawnAttributes(const SpawnAttributes&) = delete;
  SpawnAttributes& operator=(const SpawnAttributes&) = delete;
  posix_spawnattr_t* get() { return &attributes_; }

 private:
  posix_spawnattr_t attributes_;
};

void KillAndReap(pid_t pid) {
  ::kill(pid, SIGKILL);
  while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
  }
}

// Runs argv (argv[0] an absolute path, no shell) in `cwd` with stdin from
// /dev/null and gloss's environment, and returns what it printed. Kills it
// when it is still running after `limit`.
Result<ProcessOutput> RunToCompletion(const std::vector<std::string>& argv, const fs::path& cwd,
                                      milliseconds limit) {
  GLOSS_CHECK(!argv.empty());  // Callers always name a program.
  const steady_clock::time_point deadline = steady_clock::now() + limit;
  std::array<int, 2> out_pipe{};
  std::array<int, 2> err_pipe{};
  // O_CLOEXEC: a worker spawned concurrently by another thread must not
  // inherit our pipe ends, or we would never see EOF.
  if (::pipe2(out_pipe.data(), O_CLOEXEC) != 0) {
    return Status::Internal("pipe: " + ErrnoText(errno));
  }
  UniqueFd out_read(out_pipe[0]);
  UniqueFd out_write(out_pipe[1]);
  if (::pipe2(err_pipe.data(), O_CLOEXEC) != 0) {
    return Status::Internal("pipe: " + ErrnoText(errno));
  }
  UniqueFd err_read(err_pipe[0]);
  UniqueFd err_write(err_pipe[1]);

  SpawnFileActions actions;
  posix_spawn_file_actions_addopen(actions.get(), STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(actions.get(), out_write.get(), STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(actions.get(), err_write.get(), STDERR_FILENO);
  if (!cwd.empty()) {
    posix_spawn_file_actions_addchdir_np(actions.get(), cwd.c_str());
  }
  // gloss blocks or ignores some signals in its threads; the child must start
  // with the defaults, as from a shell.
  SpawnAttributes attributes;
  sigset_t empty_mask;
  sigemptyset(&empty_mask);
  sigset_t defaults;
  sigemptyset(&defaults);
  for (const int signal_number : {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD}) {
    sigaddset(&defaults, signal_number);
  }
  posix_spawnattr_setsigmask(attributes.get(), &empty_mask);
  posix_spawnattr_setsigdefault(attributes.get(), &defaults);
  posix_spawnattr_setflags(attributes.get(), POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const std::string& arg : argv) {
    args.push_back(const_cast<char*>(arg.c_str()));  // posix_spawn does not write them.
  }
  args.push_back(nullptr);
  pid_t pid = 0;
  if (const int error = ::posix_spawn(&pid, argv[0].c_str(), actions.get(), attributes.get(),
                                      args.data(), environ);
      error != 0) {
    return Status::Internal("cannot start " + argv[0] + ": " + ErrnoText(error));
  }
  out_write.Reset();
  err_write.Reset();

  ProcessOutput output;
  std::array<pollfd, 2> fds{pollfd{out_read.get(), POLLIN, 0}, pollfd{err_read.get(), POLLIN, 0}};
  std::array<std::string*, 2> sinks{&output.out, &output.err};
  std::array<char, 16384> buffer{};
  while (fds[0].fd >= 0 || fds[1].fd >= 0) {
    const auto remaining =
        std::chrono::duration_cast<milliseconds>(deadline - steady_clock::now()).count();
    if (remaining <= 0) {
      KillAndReap(pid);
      return Status::DeadlineExceeded(argv[0] + " did not finish within " +
                                      std::to_string(limit.count()) + " ms");
    }
    const int ready = ::poll(fds.data(), fds.size(), static_cast<int>(remaining));
    if (ready < 0 && errno != EINTR) {
      const int error = errno;
      KillAndReap(pid);
      return Status::Internal("poll: " + ErrnoText(error));
    }
    for (size_t fd_idx = 0; fd_idx < fds.size() && ready > 0; ++fd_idx) {
      if (fds[fd_idx].fd < 0 || fds[fd_idx].revents == 0) {
        continue;
      }
      const ssize_t n = ::read(fds[fd_idx].fd, buffer.data(), buffer.size());
      if (n > 0) {
        std::string& sink = *sinks[fd_idx];
        const size_t room = kMaxCapturedBytes - std::min(sink.size(), kMaxCapturedBytes);
        sink.append(buffer.data(), std::min(static_cast<size_t>(n), room));
      } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
        fds[fd_idx].fd = -1;  // EOF; the UniqueFd closes it.
      }
    }
  }
  // Both pipes are closed, so the process has exited or is about to; it may
  // still linger if it closed them itself, hence the deadline here too.
  while (true) {
    const pid_t waited = ::waitpid(pid, &output.wait_status, WNOHANG);
    if (waited == pid) {
      return output;
    }
    if (waited < 0 && errno != EINTR) {
      return Status::Internal("waitpid: " + ErrnoText(errno));
    }
    if (steady_clock::now() >= deadline) {
      KillAndReap(pid);
      return Status::DeadlineExceeded(argv[0] + " did not exit within " +
                                      std::to_string(limit.count()) + " ms");
    }
    std::this_thread::sleep_for(milliseconds(1));
  }
}

std::string DescribeWaitStatus(int wait_status) {
  if (WIFEXITED(wait_status)) {
    return "exit status " + std::to_string(WEXITSTATUS(wait_status));
  }
  if (WIFSIGNALED(wait_status)) {
    return "signal " + std::to_string(WTERMSIG(wait_status));
  }
  return "wait status " + std::to_string(wait_status);
}

bool Succeeded(const ProcessOutput& output) {
  return WIFEXITED(output.wait_status) && WEXITSTATUS(output.wait_status) == 0;
}

// --- Files ------------------------------------------------------------------

std::optional<std::string> ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Writes `contents` atomically, and not at all when the file already holds
// them: generated files are bundle inputs, and a fresh mtime would force a
// rebuild on every Prepare.
Status WriteIfChanged(const fs::path& path, const std::string& contents) {
  if (ReadFile(path) == contents) {
    return Status::Ok();
  }
  const fs::path temp = fs::path(path).concat(".tmp");
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << contents;
    if (!out.flush()) {
      return Status::Internal("cannot write " + temp.string());
    }
  }
  std::error_code error;
  fs::rename(temp, path, error);
  if (error) {
    return Status::Internal("cannot rename " + temp.string() + ": " + error.message());
  }
  return Status::Ok();
}

std::optional<fs::file_time_type> ModifiedTime(const fs::path& path) {
  std::error_code error;
  const fs::file_time_type time = fs::last_write_time(path, error);
  if (error) {
    return std::nullopt;
  }
  return time;
}

// The std::filesystem calls below take an error_code: exceptions do not
// leave this file, and a path we cannot inspect counts as missing.
bool Exists(const fs::path& path) {
  std::error_code error;
  return fs::exists(path, error);
}
bool IsRegularFile(const fs::path& path) {
  std::error_code error;
  return fs::is_regular_file(path, error);
}
fs::path Absolute(const fs::path& path) {
  std::error_code error;
  fs::path absolute = fs::absolute(path, error);
  return (error ? path : absolute).lexically_normal();
}

// --- What goes into a bundle ------------------------------------------------

bool IsValidFunctionName(std::string_view name) {
  return !name.empty() && name.size() <= kMaxFunctionNameLength &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_';
         });
}

bool IsSupportedHandlerExtension(const fs::path& handler) {
  const std::string extension = handler.extension().string();
  for (const std::string_view supported : {".ts", ".mts", ".cts", ".js", ".mjs", ".cjs"}) {
    if (extension == supported) {
      return true;
    }
  }
  return false;
}

// What Amplify generates into .amplify/generated/env/NAME.ts: process.env,
// typed with the variables Lambda sets and the function's own. esbuild strips
// the types; they serve editors that map `$amplify/*` to this folder.
std::string EnvModuleSource(const NodeFunction& function) {
  static constexpr std::array<std::string_view, 19> kLambdaVariables = {
      "_HANDLER",
      "_X_AMZN_TRACE_ID",
      "AWS_ACCESS_KEY_ID",
      "AWS_DEFAULT_REGION",
      "AWS_ENDPOINT_URL",
      "AWS_EXECUTION_ENV",
      "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
      "AWS_LAMBDA_FUNCTION_NAME",
      "AWS_LAMBDA_FUNCTION_VERSION",
      "AWS_LAMBDA_LOG_GROUP_NAME",
      "AWS_LAMBDA_LOG_STREAM_NAME",
      "AWS_LAMBDA_RUNTIME_API",
      "AWS_REGION",
      "AWS_SECRET_ACCESS_KEY",
      "AWS_SESSION_TOKEN",
      "LAMBDA_TASK_ROOT",
      "NODE_PATH",
      "TZ",
      "PATH",
  };
  std::string source = "// Generated by gloss for function " + function.name + "; `$amplify/env/" +
                       function.name +
                       "` resolves here. Rewritten when the function's variables change.\n"
                       "export const env = process.env as LambdaProvidedEnvVars & "
                       "FunctionEnvVars;\n\n"
                       "/** Set by the Lambda runtime (gloss sets the same for each worker). */\n"
                       "type LambdaProvidedEnvVars = {\n";
  for (const std::string_view variable : kLambdaVariables) {
    source += "  " + std::string(variable) + ": string;\n";
  }
  source +=
      "};\n\n"
      "/** The function's `environment` and `secrets` in backend.toml. */\n"
      "type FunctionEnvVars = {\n";
  std::vector<std::string> names = function.env_names;
  std::sort(names.begin(), names.end());  // Order must not force a rebuild.
  names.erase(std::unique(names.begin(), names.end()), names.end());
  for (const std::string& name : names) {
    source += "  " + nlohmann::json(name).dump() + ": string;\n";  // Quoted: any name is valid.
  }
  source += "};\n";
  return source;
}

// Injected into every bundle, as Amplify does (its cjs_shim): CommonJS code
// bundled into ESM still finds require, __filename and __dirname. Assigned on
// globalThis, so it cannot clash with the handler's own top-level names.
constexpr std::string_view kCjsShimSource =
    "// Generated by gloss: CommonJS globals for code bundled into an ES module.\n"
    "import { createRequire } from 'node:module';\n"
    "import path from 'node:path';\n"
    "import url from 'node:url';\n"
    "globalThis.require = createRequire(import.meta.url);\n"
    "globalThis.__filename = url.fileURLToPath(import.meta.url);\n"
    "globalThis.__dirname = path.dirname(globalThis.__filename);\n";

struct BundlePaths {
  explicit BundlePaths(const fs::path& out_dir)
      : out(out_dir),
        bundle(out_dir / "index.mjs"),
        metafile(out_dir / "meta.json"),
        stamp(out_dir / "bundle.stamp"),
        pending(out_dir / "bundle.pending"),
        cjs_shim(out_dir / "cjs_shim.mjs") {}

  fs::path out;
  fs::path bundle;
  fs::path metafile;
  // Holds the settings (esbuild's argv, the env module) of the bundle; its
  // mtime is when that build started, so an input saved while esbuild ran
  // counts as newer than the bundle.
  fs::path stamp;
  fs::path pending;  // The stamp of a build in progress.
  fs::path cjs_shim;
};

// esbuild's metafile names inputs relative to its working directory, and
// inputs outside the file namespace as "ns:path" or "<...>"; only files count.
std::optional<fs::path> MetafileInputPath(const std::string& name, const fs::path& working_dir) {
  if (name.empty() || name.front() == '<' || name.front() == '(') {
    return std::nullopt;
  }
  const size_t colon = name.find(':');
  if (colon != std::string::npos && name.find('/') > colon) {
    return std::nullopt;
  }
  return (working_dir / name).lexically_normal();
}

bool BundleIsUpToDate(const BundlePaths& paths, const std::string& settings,
                      const fs::path& working_dir) {
  if (ReadFile(paths.stamp) != settings) {
    return false;
  }
  const std::optional<fs::file_time_type> started = ModifiedTime(paths.stamp);
  if (!started || !Exists(paths.bundle)) {
    return false;
  }
  const std::optional<std::string> metafile = ReadFile(paths.metafile);
  if (!metafile) {
    return false;
  }
  const nlohmann::json meta = nlohmann::json::parse(*metafile, nullptr, /*allow_exceptions=*/false);
  if (!meta.is_object() || !meta.contains("inputs") || !meta["inputs"].is_object()) {
    return false;
  }
  for (const auto& [name, unused] : meta["inputs"].items()) {
    const std::optional<fs::path> input = MetafileInputPath(name, working_dir);
    if (!input) {
      continue;
    }
    // File times come from a clock that ticks every few ms (4 ms on ext4
    // here). An input saved in the tick the build started, after esbuild read
    // it, goes unnoticed; counting that tick as changed instead would rebuild
    // a second time after every save that triggered a build within its tick.
    // The first is the lesser evil for human edits.
    const std::optional<fs::file_time_type> modified = ModifiedTime(*input);
    if (!modified || *modified > *started) {
      return false;
    }
  }
  return true;
}

// esbuild (--log-level=error --color=false) prints
//   ✘ [ERROR] Expected identifier but found ","
//
//       handler.ts:3:13:
//         3 │     ok: true,,
// The location line is missing for errors without one.
std::string FirstEsbuildError(const std::string& stderr_text, const fs::path& working_dir) {
  static constexpr std::string_view kErrorMarker = "[ERROR] ";
  std::istringstream lines(stderr_text);
  std::string line;
  std::string message;
  while (std::getline(lines, line)) {
    const size_t marker = line.find(kErrorMarker);
    if (message.empty()) {
      if (marker != std::string::npos) {
        message = line.substr(marker + kErrorMarker.size());
      }
      continue;
    }
    if (marker != std::string::npos || line.find("[WARNING]") != std::string::npos) {
      break;  // The next message: the first one had no location.
    }
    // "    FILE:LINE:COL:" (FILE may itself hold colons, so split from the right).
    if (line.size() > 4 && line.starts_with("    ") && line.back() == ':' && line[4] != ' ') {
      const std::string location = line.substr(4, line.size() - 5);
      const size_t col_colon = location.rfind(':');
      const size_t line_colon =
          col_colon == std::string::npos ? std::string::npos : location.rfind(':', col_colon - 1);
      if (line_colon != std::string::npos && line_colon > 0) {
        const fs::path file = (working_dir / location.substr(0, line_colon)).lexically_normal();
        return file.string() + location.substr(line_colon) + ": " + message;
      }
    }
  }
  return message;
}

std::optional<fs::path> FindOnPath(std::string_view program) {
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path == nullptr ? "/usr/local/bin:/usr/bin:/bin" : path);
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (dir.empty()) {
      continue;
    }
    const fs::path candidate = fs::path(dir) / program;
    if (::access(candidate.c_str(), X_OK) == 0 && IsRegularFile(candidate)) {
      return Absolute(candidate);
    }
  }
  return std::nullopt;
}

fs::path EsbuildPath(const fs::path& runtime_dir) {
  return runtime_dir / "node_modules" / "esbuild" / "bin" / "esbuild";
}
fs::path RicEntryPath(const fs::path& runtime_dir) {
  return runtime_dir / "node_modules" / "aws-lambda-ric" / "bin" / "index.mjs";
}

// Lambda's Node runtime carries the AWS SDK v3, so bundles leave @aws-sdk/*
// external. Node resolves ES module imports only through node_modules folders
// above the importing file (not NODE_PATH), so the output folder gets a link
// to the runtime folder's SDK when it has one.
Status LinkAwsSdk(const fs::path& runtime_dir, const fs::path& out_dir) {
  const fs::path sdk = runtime_dir / "node_modules" / "@aws-sdk";
  const fs::path link = out_dir / "node_modules" / "@aws-sdk";
  std::error_code error;
  const bool have_sdk = fs::is_directory(sdk, error);
  const fs::path current = fs::read_symlink(link, error);
  if (have_sdk && !error && current == sdk) {
    return Status::Ok();
  }
  fs::remove(link, error);
  if (!have_sdk) {
    return Status::Ok();
  }
  fs::create_directories(link.parent_path(), error);
  fs::create_directory_symlink(sdk, link, error);
  if (error) {
    return Status::Internal("cannot link " + link.string() + ": " + error.message());
  }
  return Status::Ok();
}

// Links OUT/node_modules/MODULE to the layer that provides it: the folder
// itself when it is the package, else its Lambda-style nodejs/node_modules.
Status LinkLayers(const std::map<std::string, fs::path>& layers, const fs::path& out_dir) {
  for (const auto& [module, folder] : layers) {
    std::error_code error;
    fs::path target = folder;
    if (!fs::exists(folder / "package.json", error) &&
        fs::exists(folder / "nodejs" / "node_modules" / module, error)) {
      target = folder / "nodejs" / "node_modules" / module;
    }
    const fs::path link = out_dir / "node_modules" / module;
    if (fs::read_symlink(link, error) == target && !error) {
      continue;
    }
    fs::remove(link, error);
    fs::create_directories(link.parent_path(), error);
    fs::create_directory_symlink(target, link, error);
    if (error) {
      return Status::Internal("cannot link layer " + module + " at " + link.string() + ": " +
                              error.message());
    }
  }
  return Status::Ok();
}

}  // namespace

fs::path DefaultNodeRuntimeDir() {
  if (const char* dir = std::getenv("GLOSS_NODE_RUNTIME"); dir != nullptr && *dir != '\0') {
    return Absolute(dir);
  }
  return fs::path(GLOSS_NODE_RUNTIME_DIR);
}

NodeRuntime::NodeRuntime(NodeRuntimeOptions options, fs::path node, std::string node_version)
    : runtime_dir_(std::move(options.runtime_dir)),
      node_(std::move(node)),
      node_version_(std::move(node_version)),
      bundle_timeout_(options.bundle_timeout) {}

Result<std::unique_ptr<NodeRuntime>> NodeRuntime::Create(NodeRuntimeOptions options) {
  if (options.runtime_dir.empty()) {
    options.runtime_dir = DefaultNodeRuntimeDir();
  }
  options.runtime_dir = Absolute(options.runtime_dir);
  fs::path node = options.node;
  if (node.empty()) {
    std::optional<fs::path> found = FindOnPath("node");
    if (!found) {
      return Status::NotFound("node is not on PATH; `node:` functions need Node.js >= 18");
    }
    node = std::move(*found);
  }
  node = Absolute(node);

  const fs::path& dir = options.runtime_dir;
  const std::string not_installed = "the Node runtime in " + dir.string() + " is not installed";
  if (::access(EsbuildPath(dir).c_str(), X_OK) != 0 || !Exists(RicEntryPath(dir))) {
    return Status::FailedPrecondition(not_installed +
                                      " (no esbuild or aws-lambda-ric); run scripts/setup");
  }
  // Built by aws-lambda-ric's install script; npm skips it when scripts are
  // not allowed, and the client cannot reach the Runtime API without it.
  if (!Exists(dir / "node_modules" / "aws-lambda-ric" / "dist" / "rapid-client.node")) {
    return Status::FailedPrecondition(
        not_installed + " (aws-lambda-ric's native client was not built); run scripts/setup");
  }

  ASSIGN_OR_RETURN(const ProcessOutput version,
                   RunToCompletion({node.string(), "--version"}, {}, kNodeVersionTimeout));
  std::string text = version.out;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
    text.pop_back();
  }
  if (!Succeeded(version) || text.size() < 2 || text.front() != 'v' ||
      !std::all_of(text.begin() + 1, text.end(),
                   [](char c) { return (c >= '0' && c <= '9') || c == '.'; })) {
    return Status::Internal(node.string() + " --version: " +
                            DescribeWaitStatus(version.wait_status) + ", printed '" + text + "'");
  }
  return std::unique_ptr<NodeRuntime>(
      new NodeRuntime(std::move(options), std::move(node), text.substr(1)));
}

Result<NodeWorkerSpec> NodeRuntime::Prepare(const NodeFunction& function) const {
  if (!IsValidFunctionName(function.name)) {
    return Status::InvalidArgument("invalid function name '" + function.name +
                                   "' (letters, digits, - and _, at most 64)");
  }
  if (!function.handler.is_absolute() || !IsSupportedHandlerExtension(function.handler)) {
    return Status::InvalidArgument("handler " + function.handler.string() +
                                   " must be an absolute path to a .ts, .mts, .cts, .js, .mjs "
                                   "or .cjs file");
  }
  if (!IsRegularFile(function.handler)) {
    return Status::NotFound("handler " + function.handler.string() + " does not exist");
  }
  const BundlePaths paths(Absolute(function.out_dir));
  const fs::path env_module = paths.out / "env" / (function.name + ".ts");
  std::error_code error;
  fs::create_directories(env_module.parent_path(), error);
  if (error) {
    return Status::Internal("cannot create " + env_module.parent_path().string() + ": " +
                            error.message());
  }
  const std::string env_source = EnvModuleSource(function);
  RETURN_IF_ERROR(WriteIfChanged(env_module, env_source));
  RETURN_IF_ERROR(WriteIfChanged(paths.cjs_shim, std::string(kCjsShimSource)));
  RETURN_IF_ERROR(LinkAwsSdk(runtime_dir_, paths.out));
  RETURN_IF_ERROR(LinkLayers(function.layers, paths.out));

  // esbuild runs in the handler's folder, so its messages and metafile name
  // the user's files relative to where they are.
  const fs::path working_dir = function.handler.parent_path();
  const std::string major_version = node_version_.substr(0, node_version_.find('.'));
  std::vector<std::string> esbuild_argv = {
      EsbuildPath(runtime_dir_).string(),
      function.handler.string(),
      "--bundle",
      "--format=esm",
      "--platform=node",
      "--target=node" + node_version_,
      // As Amplify's NodejsFunction for ESM output: prefer packages' ESM builds.
      "--main-fields=module,main",
      "--sourcemap",
      "--outfile=" + paths.bundle.string(),
      "--metafile=" + paths.metafile.string(),
      "--alias:$amplify/env/" + function.name + "=" + env_module.string(),
      "--inject:" + paths.cjs_shim.string(),
      "--external:@aws-sdk/*",
      "--loader:.node=file",
      "--log-level=error",
      "--color=false",
  };
  for (const auto& [module, folder] : function.layers) {
    esbuild_argv.push_back("--external:" + module);
    esbuild_argv.push_back("--external:" + module + "/*");
  }
  std::string settings = std::string(kBundleFormat) + "\nnode " + node_version_ + "\n";
  for (const std::string& arg : esbuild_argv) {
    settings += arg + "\n";
  }
  settings += env_source;  // New variable names rebuild whatever the file times say.

  NodeWorkerSpec spec;
  spec.argv = {node_.string(), RicEntryPath(runtime_dir_).string(), std::string(kHandler)};
  spec.env = {
      {"LAMBDA_TASK_ROOT", paths.out.string()},
      {"_HANDLER", std::string(kHandler)},
      {"NODE_PATH", (runtime_dir_ / "node_modules").string()},
      {"NODE_OPTIONS", "--enable-source-maps"},  // Stack traces name handler.ts lines.
      {"AWS_EXECUTION_ENV", "AWS_Lambda_nodejs" + major_version + ".x"},
  };
  spec.cwd = paths.out;  // aws-lambda-ric loads the handler from its working directory.

  if (BundleIsUpToDate(paths, settings, working_dir)) {
    return spec;
  }

  // Build order (docs/design/functions.md): drop the old stamp, write the
  // pending one (its mtime marks the start), run esbuild, then rename pending
  // to stamp. A crash in between leaves no stamp, so the next Prepare rebuilds.
  // The pending stamp is written afresh, so its mtime comes from the file
  // system's clock, the same clock that stamps the user's edits.
  fs::remove(paths.stamp, error);
  fs::remove(paths.pending, error);
  RETURN_IF_ERROR(WriteIfChanged(paths.pending, settings));
  const steady_clock::time_point started = steady_clock::now();
  Result<ProcessOutput> run = RunToCompletion(esbuild_argv, working_dir, bundle_timeout_);
  spec.bundle_time = std::chrono::duration_cast<milliseconds>(steady_clock::now() - started);
  const std::string what = "cannot bundle " + function.handler.string();
  if (!run.ok() || !Succeeded(*run)) {
    fs::remove(paths.pending, error);
  }
  if (!run.ok()) {
    return run.status().WithContext(what);
  }
  if (!Succeeded(*run)) {
    const std::string first_error = FirstEsbuildError(run->err, working_dir);
    if (!first_error.empty()) {
      return Status::InvalidArgument(what + ": " + first_error);
    }
    return Status::Internal(what + ": esbuild ended with " + DescribeWaitStatus(run->wait_status) +
                            ": " + run->err);
  }
  fs::rename(paths.pending, paths.stamp, error);
  if (error) {
    return Status::Internal("cannot rename " + paths.pending.string() + ": " + error.message());
  }
  spec.bundled = true;
  return spec;
}

}  // namespace gloss::functions
