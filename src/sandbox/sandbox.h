// Sandbox is the running `gloss sandbox`: it loads the app's backend
// definition, opens the state folder and database, serves every route on one
// port, writes the outputs file, and applies valid edits of backend.toml or the
// schema without restarting (an invalid edit is logged and the previous
// definition keeps serving).
//
// This is the composition root: the only place that knows every subsystem.
//
// Thread safety: Start() and Shutdown() from the owner only. Reloads run on
// the file watcher's thread and publish immutable snapshots (spec, routes).

#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "core/logger.h"
#include "core/result.h"

namespace gloss::sandbox {

struct SandboxOptions {
  std::filesystem::path app_dir;
  std::filesystem::path state_dir;
  std::string address = "127.0.0.1";
  uint16_t port = 4000;
  std::string database_url;  // Empty: STATE/db/gloss.db.
  bool stream_function_logs = false;
  std::optional<std::string> logs_filter;  // A validated ECMAScript regex.
  size_t io_threads = 0;                   // 0: one per core.
};

class Sandbox {
 public:
  // Errors: the loader's kInvalidArgument/kNotFound for a bad backend
  // definition (message `file:line:col: ...`); kAlreadyExists when another
  // sandbox runs on the state folder; kUnavailable when the port is taken or
  // the state folder cannot be written. Nothing is left running on error.
  // `logger` must outlive the sandbox.
  static Result<std::unique_ptr<Sandbox>> Start(const SandboxOptions& options, Logger& logger);
  ~Sandbox();

  uint16_t port() const;
  std::string BaseUrl() const;

  // Stops accepting, drains in-flight requests (up to a grace period) and
  // stops every worker. Idempotent.
  void Shutdown();

  class Impl;

 private:
  explicit Sandbox(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace gloss::sandbox
