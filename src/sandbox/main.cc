// `gloss`: the command line of ARCHITECTURE §2.
//
// Exit codes: 0 success (including a clean stop on SIGINT/SIGTERM), 1 a
// runtime failure (port in use, state folder locked), 2 bad input on the
// command line or in the backend definition.

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <regex>
#include <string>

#include <CLI/CLI.hpp>
#include <signal.h>
#include <unistd.h>

#include "core/logger.h"
#include "sandbox/export_command.h"
#include "sandbox/sandbox.h"
#include "sandbox/secret_command.h"
#include "sandbox/state_dir.h"

namespace {

namespace fs = std::filesystem;
using gloss::LogFormat;
using gloss::LogLevel;
using gloss::StatusCode;

constexpr int kExitRuntime = 1;
constexpr int kExitUsage = 2;

struct CommonOptions {
  std::string dir;
  std::string state;
};

// ARCHITECTURE §2: the current folder when it holds backend.toml, else app/.
fs::path ResolveAppDir(const std::string& dir) {
  if (!dir.empty()) {
    return fs::absolute(dir).lexically_normal();
  }
  if (fs::exists("backend.toml")) {
    return fs::current_path();
  }
  return fs::absolute("app").lexically_normal();
}

fs::path ResolveStateDir(const fs::path& app_dir, const std::string& state) {
  return state.empty() ? app_dir / ".gloss" : fs::absolute(state).lexically_normal();
}

std::unique_ptr<gloss::Logger> MakeLogger(const std::string& format, const std::string& level) {
  const bool tty = ::isatty(STDERR_FILENO) == 1;
  const LogFormat log_format =
      format == "json" || (format == "auto" && !tty) ? LogFormat::kJson : LogFormat::kHuman;
  LogLevel log_level = LogLevel::kInfo;
  if (level == "debug") {
    log_level = LogLevel::kDebug;
  } else if (level == "warn") {
    log_level = LogLevel::kWarn;
  } else if (level == "error") {
    log_level = LogLevel::kError;
  }
  return gloss::Logger::ToStderr(log_format, log_level, tty && log_format == LogFormat::kHuman);
}

// Blocks until SIGINT or SIGTERM. The signals are blocked in every thread
// (masked before any thread starts), so only this sigwait() receives them.
void WaitForStopSignal(const sigset_t& signals) {
  int signal_number = 0;
  sigwait(&signals, &signal_number);
}

int RunSandbox(gloss::sandbox::SandboxOptions options, const std::string& log_format,
               const std::string& log_level) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  std::unique_ptr<gloss::Logger> logger = MakeLogger(log_format, log_level);
  auto started = gloss::sandbox::Sandbox::Start(options, *logger);
  if (!started.ok()) {
    const gloss::Status& status = started.status();
    std::cerr << "gloss: " << status.message() << "\n";
    const bool bad_definition =
        status.code() == StatusCode::kInvalidArgument || status.code() == StatusCode::kNotFound;
    return bad_definition ? kExitUsage : kExitRuntime;
  }
  std::unique_ptr<gloss::sandbox::Sandbox> sandbox = std::move(started).value();
  std::cout << "gloss: ready on " << sandbox->BaseUrl() << std::endl;
  WaitForStopSignal(signals);
  logger->Info("sandbox", "stopping: draining in-flight requests");
  sandbox->Shutdown();
  return 0;
}

int DeleteSandbox(const CommonOptions& common, bool yes) {
  const fs::path app_dir = ResolveAppDir(common.dir);
  const fs::path state_dir = ResolveStateDir(app_dir, common.state);
  if (!yes) {
    if (::isatty(STDIN_FILENO) != 1) {
      std::cerr << "gloss: refusing to delete " << state_dir.string()
                << " without --yes (stdin is not a terminal)\n";
      return kExitUsage;
    }
    std::cout << "Are you sure you want to delete all the resources in your sandbox environment "
                 "("
              << state_dir.string() << ")? This can't be undone. (y/N) " << std::flush;
    std::string answer;
    std::getline(std::cin, answer);
    if (answer != "y" && answer != "Y" && answer != "yes") {
      std::cout << "gloss: nothing deleted\n";
      return 0;
    }
  }
  if (gloss::Status deleted = gloss::sandbox::DeleteStateDir(state_dir); !deleted.ok()) {
    std::cerr << "gloss: " << deleted.message() << "\n";
    return kExitRuntime;
  }
  std::error_code ignored;
  fs::remove(app_dir / "gloss_outputs.json", ignored);
  std::cout << "gloss: deleted " << state_dir.string() << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"gloss: a self-hosted backend for AI image-annotation apps", "gloss"};
  app.require_subcommand(1);

  CommonOptions common;
  gloss::sandbox::SandboxOptions sandbox_options;
  std::string log_format = "auto";
  std::string log_level = "info";
  std::string logs_filter;
  int port = 4000;

  CLI::App* sandbox = app.add_subcommand("sandbox", "Serve the app in APP on one port");
  sandbox->add_option("--dir", common.dir,
                      "App folder (default: . if it has backend.toml, else app/)");
  sandbox->add_option("--port", port, "Port; 0 picks a free one")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  sandbox->add_option("--state", common.state, "State folder (default: APP/.gloss)");
  sandbox->add_flag("--stream-function-logs", sandbox_options.stream_function_logs,
                    "Print function logs in this terminal");
  sandbox->add_option("--logs-filter", logs_filter, "Only stream function logs matching REGEX");
  sandbox->add_option("--database", sandbox_options.database_url,
                      "sqlite:///path/file.db (default: STATE/db/gloss.db)");
  std::string storage_url;
  sandbox->add_option("--storage", storage_url, "Object store URL (default: STATE/objects)");
  sandbox
      ->add_option("--log-format", log_format, "auto (human on a terminal, else json), human, json")
      ->check(CLI::IsMember({"auto", "human", "json"}))
      ->capture_default_str();
  sandbox->add_option("--log-level", log_level, "debug, info, warn, error")
      ->check(CLI::IsMember({"debug", "info", "warn", "error"}))
      ->capture_default_str();

  bool yes = false;
  CLI::App* sandbox_delete =
      sandbox->add_subcommand("delete", "Delete the sandbox's state folder and outputs file");
  sandbox_delete->add_option("--dir", common.dir, "App folder");
  sandbox_delete->add_option("--state", common.state, "State folder (default: APP/.gloss)");
  sandbox_delete->add_flag("--yes,-y", yes, "Do not ask for confirmation");

  // `--dir`/`--state` on each secret command too, so they read naturally last.
  gloss::sandbox::SecretCommand secret_command;
  CLI::App* secret =
      sandbox->add_subcommand("secret", "Manage function secrets (encrypted in STATE/secrets)");
  secret->require_subcommand(1);
  const auto add_secret_command = [&](const char* verb, gloss::sandbox::SecretAction action,
                                      const char* description) {
    CLI::App* command = secret->add_subcommand(verb, description);
    if (action != gloss::sandbox::SecretAction::kList) {
      command->add_option("NAME", secret_command.name, "Secret name: 1-128 of A-Za-z0-9_.-")
          ->required();
    }
    command->add_option("--dir", common.dir, "App folder");
    command->add_option("--state", common.state, "State folder (default: APP/.gloss)");
    command->callback([&secret_command, action] { secret_command.action = action; });
  };
  add_secret_command("set", gloss::sandbox::SecretAction::kSet,
                     "Set a secret; the value is read from stdin (one trailing newline dropped)");
  add_secret_command("get", gloss::sandbox::SecretAction::kGet, "Print a secret's value");
  add_secret_command("list", gloss::sandbox::SecretAction::kList, "Print secret names");
  add_secret_command("remove", gloss::sandbox::SecretAction::kRemove, "Remove a secret");

  gloss::sandbox::ExportCommand export_command;
  CLI::App* export_app =
      app.add_subcommand("export",
                         "Write a project's accepted annotations as COCO, YOLO or Pascal VOC files "
                         "(asks the running sandbox)");
  export_app->add_option("--project", export_command.project_id, "Project id")->required();
  export_app->add_option("--format", export_command.format, "coco, yolo or voc")
      ->required()
      ->check(CLI::IsMember({"coco", "yolo", "voc"}));
  export_app->add_option("--out", export_command.out_dir, "Folder to write into")->required();
  export_app->add_option("--dir", common.dir, "App folder");
  export_app->add_option("--state", common.state, "State folder (default: APP/.gloss)");

  CLI::App* version = app.add_subcommand("version", "Print the version");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }

  if (version->parsed()) {
    std::cout << "gloss " << GLOSS_VERSION << "\n";
    return 0;
  }
  if (sandbox_delete->parsed()) {
    return DeleteSandbox(common, yes);
  }
  if (export_app->parsed()) {
    export_command.app_dir = ResolveAppDir(common.dir);
    export_command.state_dir = ResolveStateDir(export_command.app_dir, common.state);
    return gloss::sandbox::RunExportCommand(export_command);
  }
  if (secret->parsed()) {
    secret_command.app_dir = ResolveAppDir(common.dir);
    secret_command.state_dir = ResolveStateDir(secret_command.app_dir, common.state);
    secret_command.state_dir_given = !common.state.empty();
    return gloss::sandbox::RunSecretCommand(secret_command);
  }

  if (!logs_filter.empty()) {
    try {
      std::regex compiled(logs_filter);
    } catch (const std::regex_error& e) {
      std::cerr << "gloss: --logs-filter: invalid regular expression: " << e.what() << "\n";
      return kExitUsage;
    }
    sandbox_options.logs_filter = logs_filter;
  }
  if (!storage_url.empty()) {
    std::cerr << "gloss: --storage: remote object stores are not supported by this build; "
                 "objects are kept in the state folder\n";
    return kExitUsage;
  }
  if (!sandbox_options.database_url.empty() &&
      !sandbox_options.database_url.starts_with("sqlite:")) {
    std::cerr << "gloss: --database: only sqlite:// URLs are supported by this build\n";
    return kExitUsage;
  }
  sandbox_options.app_dir = ResolveAppDir(common.dir);
  sandbox_options.state_dir = ResolveStateDir(sandbox_options.app_dir, common.state);
  sandbox_options.port = static_cast<uint16_t>(port);
  return RunSandbox(std::move(sandbox_options), log_format, log_level);
}
