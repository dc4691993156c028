// FunctionPool runs one function's invocations on warm worker processes
// (docs/design/functions.md, "Workers and the pool"):
//   - workers start lazily, up to max_concurrency, and stay warm; each one
//     runs one invocation at a time, pulled through its runtime API's `next`;
//   - an invocation's timeout counts from the moment a worker takes it; at
//     the deadline the worker is killed and the result is Lambda's
//     `Task timed out after N.NN seconds`;
//   - a worker above memory_mb of resident memory is killed (polled every
//     kMemoryPollInterval), its invocation failing with
//     `Runtime exited with error: signal: killed`;
//   - a worker that dies only fails the invocation it was running; one that
//     dies or reports init/error before its first invocation fails the
//     oldest waiting invocation with that error (the one that made it start);
//   - START / END / REPORT (and INIT_START) lines go to FunctionLogs between
//     the worker's own output, in order.
//
// Thread safety: Invoke may be called from many threads at once; it blocks
// until the invocation ends (call it on a blocking pool). Shutdown() ends
// everything; the destructor shuts down, and no Invoke may still be running
// then (owners hold the pool in a shared_ptr for each call).

#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>

#include "core/blocking_pool.h"
#include "core/result.h"
#include "functions/child_process.h"
#include "functions/function_logs.h"
#include "functions/runtime_api.h"

namespace gloss::functions {

struct InvocationRequest {
  std::string payload;  // The event, usually JSON.
  std::string client_context;
  std::string cognito_identity;
};

struct InvocationResult {
  std::string request_id;
  // The function's response, or when function_error the error JSON
  // ({"errorType", "errorMessage", ...}), as Lambda returns them.
  std::string payload;
  bool function_error = false;  // Lambda's X-Amz-Function-Error: Unhandled.
  std::string log_tail;         // The invocation's log lines, up to kLogTailBytes.
};

inline constexpr size_t kLogTailBytes = 4096;

struct PoolConfig {
  std::string function_name;
  std::string function_arn;
  std::chrono::milliseconds timeout{3000};
  uint32_t memory_mb = 512;
  uint32_t max_concurrency = 10;
  // How long an invocation may wait for a worker (cold start included)
  // before it fails with TooManyRequestsException; Lambda gives a runtime
  // 10 s to initialise.
  std::chrono::milliseconds max_queue_wait{10000};
  // The worker process for a runtime API address ("127.0.0.1:PORT"). Called
  // at every worker start, so secrets and code changes apply to new workers.
  std::function<Result<ProcessSpec>(const std::string& runtime_api)> process_spec;
  // A label for INIT_START ("builtin", "executable", "nodejs").
  std::string runtime_label = "provided";
};

struct PoolStats {
  size_t workers = 0;
  size_t busy = 0;
  size_t waiting = 0;  // Invocations not yet taken by a worker.
  uint64_t cold_starts = 0;
  uint64_t invocations = 0;
};

class FunctionPool {
 public:
  static constexpr std::chrono::milliseconds kMemoryPollInterval{100};

  // `logs` must outlive the pool.
  FunctionPool(PoolConfig config, FunctionLogs& logs);
  ~FunctionPool();

  FunctionPool(const FunctionPool&) = delete;
  FunctionPool& operator=(const FunctionPool&) = delete;

  // Runs `request` and returns what the function answered; a function's own
  // failure (error, timeout, crash, memory) is a result with function_error.
  // Errors: kResourceExhausted (TooManyRequestsException) when no worker
  // took it within max_queue_wait; kUnavailable when the pool is shutting
  // down.
  Result<InvocationResult> Invoke(InvocationRequest request);

  PoolStats Stats() const;

  // Fails waiting invocations with kUnavailable, kills every worker (their
  // invocations end with the exit error) and refuses new ones. Idempotent.
  void Shutdown();
  const PoolConfig& config() const { return config_; }

  class Worker;
  struct Invocation;

 private:
  friend class Worker;
  // Called by workers (their runtime API and monitor threads).
  std::shared_ptr<Invocation> NextFor(Worker& worker);
  Status OnReport(Worker& worker, std::string_view request_id, RuntimeReport report);
  void OnOutput(Worker& worker, std::string_view line);
  void OnReportFlushed(Worker& worker);
  void OnExit(Worker& worker, const ExitStatus& exit, bool memory_exceeded);

  // Starts a worker process on spawner_'s thread (see there).
  Result<std::unique_ptr<ChildProcess>> Spawn(const ProcessSpec& spec);
  // Spawns a worker for `invocation`'s sake; with mutex_ not held. A worker
  // that cannot start fails `invocation`.
  void StartWorker(Invocation& invocation);
  bool NeedsWorkerLocked() const;
  void FinishLocked(Worker& worker, Invocation& invocation, std::string payload,
                    bool function_error, std::string_view report_suffix);
  void LogLocked(Worker* worker, std::string_view text);
  // Destroys (joins) the workers that died, outside mutex_.
  void ReapDeadWorkers();

  const PoolConfig config_;
  FunctionLogs& logs_;
  // Workers are spawned from this one long-lived thread: a child's
  // PR_SET_PDEATHSIG fires when the thread that forked it ends, and callers'
  // threads may be short-lived.
  BlockingPool spawner_{1};

  mutable std::mutex mutex_;
  std::condition_variable changed_;                  // Any state change below.
  bool shutting_down_ = false;                       // Guarded by mutex_.
  std::deque<std::shared_ptr<Invocation>> waiting_;  // Guarded by mutex_.
  std::list<std::unique_ptr<Worker>> workers_;       // Guarded by mutex_.
  std::list<std::unique_ptr<Worker>> dead_workers_;  // Guarded by mutex_; joined outside it.
  size_t starting_ = 0;       // Workers decided on, not yet in workers_; mutex_.
  uint64_t cold_starts_ = 0;  // Guarded by mutex_.
  uint64_t invocations_ = 0;  // Guarded by mutex_.
};

}  // namespace gloss::functions
