// FunctionsService is the app's functions (backend.toml [functions.*]) as
// running things: a FunctionPool per function, the environment each worker
// starts with (docs/design/functions.md, "Environment of a worker"), the
// per-function credentials that make calls back into gloss a `function`
// principal, durable asynchronous invocation (async_events.h) and schedules
// (scheduler.h).
//
// Apply() takes a BackendSpec at start and on every reload: a function whose
// definition changed gets a new pool (warm workers of the old one finish
// what they run and go), a removed one is shut down. Credentials stay the
// same for a name across reloads, so running workers keep working.
//
// Thread safety: all methods may be called concurrently. Invoke blocks for
// the whole invocation: call it on a blocking pool, never an I/O thread.

#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/backend_spec.h"
#include "core/logger.h"
#include "core/result.h"
#include "db/database.h"
#include "functions/async_events.h"
#include "functions/function_logs.h"
#include "functions/function_pool.h"
#include "functions/scheduler.h"

namespace gloss::functions {

class NodeRuntime;

// The key pair and session token injected into a function's workers.
struct FunctionCredentials {
  std::string function_name;
  std::string access_key_id;  // "ASIA" + 16 upper-case alphanumerics, like STS.
  std::string secret_access_key;
  std::string session_token;
};

// The values of secrets by name; a missing name is an error (kNotFound).
using SecretReader = std::function<Result<std::map<std::string, std::string>>(
    const std::vector<std::string>& names)>;

struct FunctionsOptions {
  std::filesystem::path state_dir;    // STATE: functions/, logs/functions/ live here.
  std::filesystem::path builtin_dir;  // Where `builtin:NAME` executables are.
  std::string endpoint_url;           // AWS_ENDPOINT_URL of every worker.
  SecretReader secrets;               // Empty: functions with secrets cannot start.
  std::chrono::milliseconds async_retry_delay{std::chrono::minutes(1)};
};

struct FunctionSummary {
  std::string name;
  std::string arn;
  PoolStats stats;
};

class FunctionsService {
 public:
  // Opens the logs and the asynchronous event table; starts nothing yet.
  // `database` and `logger` must outlive the service.
  static Result<std::unique_ptr<FunctionsService>> Open(db::Database& database,
                                                        FunctionsOptions options, Logger& logger);
  ~FunctionsService();

  // Makes the functions of `spec` the ones served (see the file comment).
  // Node handlers are bundled here; a handler that does not bundle is
  // logged, and its invocations fail with the bundler's message.
  void Apply(const BackendSpec& spec);
  // Starts asynchronous delivery. Errors: database errors.
  Status Start();
  // Refuses new invocations, ends running ones and stops every worker.
  void Shutdown();

  // Runs `name` synchronously. Errors: kNotFound (ResourceNotFoundException)
  // for an unknown function; the pool's errors (function_pool.h).
  Result<InvocationResult> Invoke(std::string_view name, InvocationRequest request);
  // Accepts an asynchronous invocation (durably). Errors: kNotFound;
  // kPayloadTooLarge over 256 KB (Lambda's limit for events); database errors.
  Status InvokeAsync(std::string_view name, std::string payload);

  // The function whose workers hold `access_key_id`, if any.
  std::optional<FunctionCredentials> FindCredentials(std::string_view access_key_id) const;

  bool Exists(std::string_view name) const { return Find(name) != nullptr; }
  std::vector<FunctionSummary> List() const;
  FunctionLogs& logs() { return *logs_; }

  // Lambda's limit on an asynchronous event.
  static constexpr size_t kMaxAsyncPayloadBytes = 256 * 1024;

 private:
  struct Function;
  FunctionsService(FunctionsOptions options, Logger& logger, std::unique_ptr<FunctionLogs> logs);
  std::shared_ptr<Function> Find(std::string_view name) const;
  std::shared_ptr<Function> Build(const BackendSpec& spec, const FunctionSpec& function);
  Result<ProcessSpec> WorkerSpec(const Function& function, const std::string& runtime_api);
  const FunctionCredentials& CredentialsFor(const std::string& name);  // With mutex_ held.

  const FunctionsOptions options_;
  Logger& logger_;
  std::unique_ptr<FunctionLogs> logs_;
  std::unique_ptr<AsyncEvents> async_;
  Scheduler scheduler_;                // Fires `schedule`s as asynchronous invocations.
  std::unique_ptr<NodeRuntime> node_;  // Created on first use by a node: function.
  std::mutex node_mutex_;              // Guards node_'s creation and Prepare calls.

  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Function>, std::less<>> functions_;  // By name.
  std::map<std::string, FunctionCredentials, std::less<>> credentials_;      // By name.
  std::map<std::string, std::string, std::less<>> names_by_key_id_;          // Key id -> name.
  bool shut_down_ = false;
};

}  // namespace gloss::functions
