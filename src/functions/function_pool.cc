#include "functions/function_pool.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <future>
#include <optional>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <poll.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "core/hex.h"
#include "core/random.h"

namespace gloss::functions {
namespace {

using Clock = std::chrono::steady_clock;

// A runtime's error as Lambda words a platform failure.
std::string PlatformError(std::string_view type, std::string_view message) {
  return nlohmann::json{{"errorType", type}, {"errorMessage", message}}.dump();
}

double MillisBetween(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

// An X-Ray trace header as Lambda passes it on (Lambda-Runtime-Trace-Id).
std::string NewTraceId() {
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
  return fmt::format("Root=1-{:08x}-{};Parent={};Sampled=0", seconds,
                     RandomString(24, "0123456789abcdef"), RandomString(16, "0123456789abcdef"));
}

constexpr size_t kMaxLineBytes = 64 * 1024;  // Longer output is cut into lines of this size.

}  // namespace

struct FunctionPool::Invocation {
  InvocationRequest request;
  std::string request_id = RandomUuid();
  // All below guarded by the pool's mutex_.
  Worker* worker = nullptr;  // Set when a worker takes it.
  Clock::time_point started;
  Clock::time_point deadline;
  bool timed_out = false;
  std::optional<RuntimeReport> report;  // What the runtime posted, until flushed.
  bool done = false;
  InvocationResult result;
  std::string log_tail;
};

// One worker process with its runtime API server and a monitor thread that
// reads its output, notices its exit and polls its memory. Its state fields
// are guarded by the pool's mutex_.
class FunctionPool::Worker : public RuntimeMailbox {
 public:
  explicit Worker(FunctionPool& pool) : pool_(pool) {}
  ~Worker() override { Stop(); }

  Status Start() {
    wake_ = UniqueFd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
    if (!wake_.valid()) {
      return Status::Unavailable("eventfd failed");
    }
    // Before the server's thread exists, so the threads that read it see it.
    started_at = Clock::now();
    ASSIGN_OR_RETURN(server_, RuntimeApiServer::Start(*this));
    ASSIGN_OR_RETURN(const ProcessSpec spec, pool_.config_.process_spec(server_->Address()));
    ASSIGN_OR_RETURN(std::unique_ptr<ChildProcess> process, pool_.Spawn(spec));
    {
      std::lock_guard lock(process_mutex_);
      process_ = std::move(process);
    }
    monitor_ = std::thread([this] { Monitor(); });
    return Status::Ok();
  }

  // Stops the runtime API and the process and joins the threads. The pool
  // has set `stopping` (or shutting_down_) first, so Next() returns.
  void Stop() {
    if (server_) {
      server_->Stop();
    }
    Kill();
    if (monitor_.joinable()) {
      monitor_.join();
    }
  }

  std::optional<NextInvocation> Next() override {
    const std::shared_ptr<Invocation> invocation = pool_.NextFor(*this);
    if (!invocation) {
      return std::nullopt;
    }
    NextInvocation next;
    next.request_id = invocation->request_id;
    next.payload = invocation->request.payload;
    next.deadline_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::system_clock::now().time_since_epoch() + pool_.config_.timeout)
            .count();
    next.function_arn = pool_.config_.function_arn;
    next.trace_id = NewTraceId();
    next.client_context = invocation->request.client_context;
    next.cognito_identity = invocation->request.cognito_identity;
    return next;
  }

  Status Report(std::string_view request_id, RuntimeReport report) override {
    return pool_.OnReport(*this, request_id, std::move(report));
  }

  // Makes the monitor drain the output and then finish the reported invocation.
  void RequestFlush() {
    const uint64_t one = 1;
    (void)!::write(wake_.get(), &one, sizeof one);
  }

  void Kill() {
    std::lock_guard lock(process_mutex_);
    if (process_) {
      process_->Kill(SIGKILL);
    }
  }

  std::optional<uint64_t> PeakResidentBytes() const {
    std::lock_guard lock(process_mutex_);
    return process_ ? process_->PeakResidentBytes() : std::nullopt;
  }

  // Guarded by the pool's mutex_.
  std::shared_ptr<Invocation> current;
  bool initialized = false;  // Has asked for its first invocation.
  bool ran_invocation = false;
  bool stopping = false;
  bool dead = false;
  std::optional<RuntimeReport> init_error;
  Clock::time_point started_at;
  std::optional<double> init_ms;  // Reported once, with its first invocation.

 private:
  void Monitor() {
    pollfd fds[3] = {{process_->output_fd(), POLLIN, 0},
                     {process_->exit_fd(), POLLIN, 0},
                     {wake_.get(), POLLIN, 0}};
    const uint64_t memory_limit = uint64_t{pool_.config_.memory_mb} * 1024 * 1024;
    bool memory_exceeded = false;
    for (;;) {
      const int ready = ::poll(fds, 3, static_cast<int>(kMemoryPollInterval.count()));
      if (ready < 0 && errno != EINTR) {
        break;
      }
      if (fds[0].revents & (POLLIN | POLLHUP)) {
        if (!ReadOutput()) {
          fds[0].fd = -1;  // EOF: the runtime (or what it started) closed it.
        }
      }
      if (fds[2].revents & POLLIN) {
        uint64_t count = 0;
        (void)!::read(wake_.get(), &count, sizeof count);
        ReadOutput();
        // A short burst between two polls still counts: the peak decides.
        const std::optional<uint64_t> peak = process_->PeakResidentBytes();
        if (peak && *peak > memory_limit) {
          memory_exceeded = true;
          process_->Kill(SIGKILL);  // The exit ends the invocation.
        } else {
          pool_.OnReportFlushed(*this);
        }
      }
      if (fds[1].revents & POLLIN) {
        break;
      }
      const std::optional<uint64_t> resident = process_->ResidentBytes();
      if (resident && *resident > memory_limit && !memory_exceeded) {
        memory_exceeded = true;
        process_->Kill(SIGKILL);
      }
    }
    ReadOutput();
    if (!partial_line_.empty()) {
      pool_.OnOutput(*this, partial_line_);
      partial_line_.clear();
    }
    const ExitStatus exit = process_->Reap();
    pool_.OnExit(*this, exit, memory_exceeded);
  }

  // Reads what the pipe holds now and logs each complete line. False at EOF.
  bool ReadOutput() {
    char buffer[16384];
    for (;;) {
      const ssize_t got = ::read(process_->output_fd(), buffer, sizeof buffer);
      if (got == 0) {
        return false;
      }
      if (got < 0) {
        return errno == EAGAIN || errno == EINTR;
      }
      partial_line_.append(buffer, static_cast<size_t>(got));
      size_t start = 0;
      for (size_t newline = partial_line_.find('\n'); newline != std::string::npos;
           newline = partial_line_.find('\n', start)) {
        size_t end = newline;
        if (end > start && partial_line_[end - 1] == '\r') {
          --end;
        }
        pool_.OnOutput(*this, std::string_view(partial_line_).substr(start, end - start));
        start = newline + 1;
      }
      partial_line_.erase(0, start);
      while (partial_line_.size() >= kMaxLineBytes) {
        pool_.OnOutput(*this, std::string_view(partial_line_).substr(0, kMaxLineBytes));
        partial_line_.erase(0, kMaxLineBytes);
      }
    }
  }

  FunctionPool& pool_;
  UniqueFd wake_;  // eventfd: RequestFlush() -> the monitor.
  std::unique_ptr<RuntimeApiServer> server_;
  // Set once by Start() while other threads may already Kill(); the monitor
  // (started after it is set) uses it without the lock.
  mutable std::mutex process_mutex_;
  std::unique_ptr<ChildProcess> process_;
  std::thread monitor_;
  std::string partial_line_;  // Monitor thread only.
};

FunctionPool::FunctionPool(PoolConfig config, FunctionLogs& logs)
    : config_(std::move(config)), logs_(logs) {}

Result<std::unique_ptr<ChildProcess>> FunctionPool::Spawn(const ProcessSpec& spec) {
  // A packaged_task is move-only and BlockingPool takes a copyable function.
  auto task = std::make_shared<std::packaged_task<Result<std::unique_ptr<ChildProcess>>()>>(
      [&spec] { return ChildProcess::Spawn(spec); });
  auto spawned = task->get_future();
  if (!spawner_.Submit([task] { (*task)(); })) {
    return Status::Unavailable("function " + config_.function_name + " is shutting down");
  }
  return spawned.get();
}

FunctionPool::~FunctionPool() {
  Shutdown();
  ReapDeadWorkers();
}

void FunctionPool::Shutdown() {
  std::unique_lock lock(mutex_);
  shutting_down_ = true;
  changed_.notify_all();
  // Each worker's monitor moves it to dead_workers_ once its process is
  // gone. Kill again on every wake-up: a worker still starting has no
  // process to kill yet.
  while (!workers_.empty() || starting_ > 0) {
    for (const auto& worker : workers_) {
      worker->stopping = true;
      worker->Kill();
    }
    changed_.wait_for(lock, std::chrono::milliseconds(50));
  }
  lock.unlock();
  ReapDeadWorkers();
}

void FunctionPool::ReapDeadWorkers() {
  std::list<std::unique_ptr<Worker>> dead;
  {
    std::lock_guard lock(mutex_);
    dead.swap(dead_workers_);
  }
  dead.clear();  // Joins their threads.
}

bool FunctionPool::NeedsWorkerLocked() const {
  if (shutting_down_ || workers_.size() + starting_ >= config_.max_concurrency) {
    return false;
  }
  size_t available = starting_;
  for (const auto& worker : workers_) {
    if (!worker->current && !worker->dead && !worker->stopping) {
      ++available;
    }
  }
  return waiting_.size() > available;
}

Result<InvocationResult> FunctionPool::Invoke(InvocationRequest request) {
  ReapDeadWorkers();
  auto invocation = std::make_shared<Invocation>();
  invocation->request = std::move(request);
  std::unique_lock lock(mutex_);
  if (shutting_down_) {
    return Status::Unavailable("function " + config_.function_name + " is shutting down");
  }
  waiting_.push_back(invocation);
  changed_.notify_all();
  const Clock::time_point queue_deadline = Clock::now() + config_.max_queue_wait;
  while (!invocation->done) {
    if (invocation->worker == nullptr) {
      if (shutting_down_ || Clock::now() >= queue_deadline) {
        waiting_.erase(std::find(waiting_.begin(), waiting_.end(), invocation));
        changed_.notify_all();
        if (shutting_down_) {
          return Status::Unavailable("function " + config_.function_name + " is shutting down");
        }
        return Status::ResourceExhausted(
            "TooManyRequestsException: Rate Exceeded. (function " + config_.function_name +
            " has all " + std::to_string(config_.max_concurrency) + " workers busy)");
      }
      if (NeedsWorkerLocked()) {
        ++starting_;  // StartWorker turns it into a worker in workers_.
        lock.unlock();
        StartWorker(*invocation);
        lock.lock();
        continue;
      }
      changed_.wait_until(lock, queue_deadline);
    } else if (!invocation->timed_out) {
      if (Clock::now() >= invocation->deadline) {
        // The worker's monitor finishes the invocation once the process is gone.
        invocation->timed_out = true;
        invocation->worker->Kill();
        continue;
      }
      changed_.wait_until(lock, invocation->deadline);
    } else {
      // Killed at its deadline: the monitor finishes it once the process is
      // gone. Kill again while waiting, in case the first signal was missed
      // (a worker still between spawn and its first `next`).
      changed_.wait_for(lock, std::chrono::seconds(1));
      if (!invocation->done && invocation->worker != nullptr) {
        invocation->worker->Kill();
      }
    }
  }
  lock.unlock();
  ReapDeadWorkers();
  return std::move(invocation->result);
}

void FunctionPool::StartWorker(Invocation& invocation) {
  auto worker = std::make_unique<Worker>(*this);
  Worker* started = worker.get();
  {
    // Registered before it runs: its threads look themselves up in workers_.
    std::lock_guard lock(mutex_);
    workers_.push_back(std::move(worker));
    --starting_;  // Counted as a worker from now on, not twice.
    ++cold_starts_;
    LogLocked(nullptr, "INIT_START Runtime Version: gloss:" + config_.runtime_label);
  }
  const Status status = started->Start();
  if (status.ok()) {
    return;
  }
  // A missing executable is a bad entry point; anything else (a secret that
  // is not set, a handler that does not bundle) fails the initialisation.
  const std::string error_type =
      status.code() == StatusCode::kNotFound ? "Runtime.InvalidEntrypoint" : "Runtime.InitError";
  std::lock_guard lock(mutex_);
  LogLocked(nullptr, "INIT_REPORT Phase: init\tStatus: error\tError Type: " + error_type + "\t" +
                         std::string(status.message()));
  started->dead = true;
  // No monitor thread runs for a worker that did not start: retire it here.
  for (auto it = workers_.begin(); it != workers_.end(); ++it) {
    if (it->get() == started) {
      dead_workers_.splice(dead_workers_.end(), workers_, it);
      break;
    }
  }
  const auto waiting = std::find_if(waiting_.begin(), waiting_.end(),
                                    [&](const auto& w) { return w.get() == &invocation; });
  if (waiting != waiting_.end()) {
    waiting_.erase(waiting);
    invocation.done = true;
    invocation.result.request_id = invocation.request_id;
    invocation.result.function_error = true;
    invocation.result.payload = PlatformError(error_type, std::string(status.message()));
  }
  changed_.notify_all();
}

std::shared_ptr<FunctionPool::Invocation> FunctionPool::NextFor(Worker& worker) {
  std::unique_lock lock(mutex_);
  if (!worker.initialized) {
    worker.initialized = true;
    worker.init_ms = MillisBetween(worker.started_at, Clock::now());
  }
  if (worker.current && !worker.current->report) {
    // The runtime asked for more work without reporting on what it has.
    worker.current->report = RuntimeReport{
        RuntimeReport::Kind::kError,
        PlatformError("Runtime.InvalidState",
                      "the runtime asked for the next invocation before reporting on this one"),
        "Runtime.InvalidState"};
    worker.RequestFlush();
  }
  changed_.wait(lock, [&] {
    return shutting_down_ || worker.stopping || worker.dead ||
           (!worker.current && !waiting_.empty());
  });
  if (shutting_down_ || worker.stopping || worker.dead) {
    return nullptr;
  }
  std::shared_ptr<Invocation> invocation = waiting_.front();
  waiting_.pop_front();
  invocation->worker = &worker;
  invocation->started = Clock::now();
  invocation->deadline = invocation->started + config_.timeout;
  worker.current = invocation;
  worker.ran_invocation = true;
  ++invocations_;
  LogLocked(&worker, "START RequestId: " + invocation->request_id + " Version: $LATEST");
  changed_.notify_all();
  return invocation;
}

Status FunctionPool::OnReport(Worker& worker, std::string_view request_id, RuntimeReport report) {
  std::lock_guard lock(mutex_);
  if (report.kind == RuntimeReport::Kind::kInitError) {
    if (worker.ran_invocation) {
      return Status::FailedPrecondition("init/error after the runtime was initialised");
    }
    // Lambda stops a runtime that failed to initialise; OnExit reports it.
    worker.init_error = std::move(report);
    worker.Kill();
    return Status::Ok();
  }
  if (!worker.current || worker.current->request_id != request_id) {
    return Status::NotFound("Invalid request ID");
  }
  if (worker.current->report || worker.current->timed_out) {
    return Status::FailedPrecondition("the invocation was already reported on");
  }
  worker.current->report = std::move(report);
  worker.RequestFlush();
  return Status::Ok();
}

void FunctionPool::OnOutput(Worker& worker, std::string_view line) {
  std::lock_guard lock(mutex_);
  LogLocked(&worker, line);
}

void FunctionPool::OnReportFlushed(Worker& worker) {
  std::lock_guard lock(mutex_);
  const std::shared_ptr<Invocation> invocation = worker.current;
  if (!invocation || !invocation->report || invocation->done) {
    return;
  }
  RuntimeReport report = std::move(*invocation->report);
  const bool failed = report.kind != RuntimeReport::Kind::kResponse;
  FinishLocked(worker, *invocation, std::move(report.body), failed,
               failed ? "\tStatus: error\tError Type: " + report.error_type : "");
}

void FunctionPool::OnExit(Worker& worker, const ExitStatus& exit, bool memory_exceeded) {
  std::lock_guard lock(mutex_);
  worker.dead = true;
  const std::shared_ptr<Invocation> invocation = worker.current;
  if (invocation && !invocation->done) {
    if (invocation->report && !memory_exceeded) {
      // It reported, then died before the report was flushed.
      RuntimeReport report = std::move(*invocation->report);
      const bool failed = report.kind != RuntimeReport::Kind::kResponse;
      FinishLocked(worker, *invocation, std::move(report.body), failed, "");
    } else if (invocation->timed_out) {
      const std::string message =
          fmt::format("Task timed out after {:.2f} seconds",
                      std::chrono::duration<double>(config_.timeout).count());
      LogLocked(&worker, invocation->request_id + " " + message);
      FinishLocked(worker, *invocation,
                   PlatformError("Sandbox.Timedout",
                                 "RequestId: " + invocation->request_id + " Error: " + message),
                   true, "\tStatus: timeout");
    } else {
      const std::string message = "Runtime exited with error: " + exit.Describe();
      LogLocked(&worker, "RequestId: " + invocation->request_id + " Error: " + message);
      LogLocked(&worker, "Runtime.ExitError");
      FinishLocked(worker, *invocation,
                   PlatformError("Runtime.ExitError",
                                 "RequestId: " + invocation->request_id + " Error: " + message),
                   true,
                   memory_exceeded ? "\tStatus: error\tError Type: Runtime.OutOfMemory"
                                   : "\tStatus: error\tError Type: Runtime.ExitError");
    }
  } else if (!worker.ran_invocation && !worker.stopping && !shutting_down_ && !waiting_.empty()) {
    // It died starting: the invocation that made it start fails with why.
    const std::shared_ptr<Invocation> failed = waiting_.front();
    waiting_.pop_front();
    std::string payload =
        worker.init_error
            ? worker.init_error->body
            : PlatformError("Runtime.ExitError", "Runtime exited with error: " + exit.Describe());
    const std::string error_type =
        worker.init_error ? worker.init_error->error_type : "Runtime.ExitError";
    LogLocked(nullptr, fmt::format("INIT_REPORT Init Duration: {:.2f} ms\tPhase: init\tStatus: "
                                   "error\tError Type: {}",
                                   MillisBetween(worker.started_at, Clock::now()), error_type));
    failed->done = true;
    failed->result.request_id = failed->request_id;
    failed->result.function_error = true;
    failed->result.payload = std::move(payload);
  }
  for (auto it = workers_.begin(); it != workers_.end(); ++it) {
    if (it->get() == &worker) {
      dead_workers_.splice(dead_workers_.end(), workers_, it);
      break;
    }
  }
  changed_.notify_all();
}

void FunctionPool::FinishLocked(Worker& worker, Invocation& invocation, std::string payload,
                                bool function_error, std::string_view report_suffix) {
  const double duration_ms = MillisBetween(invocation.started, Clock::now());
  const std::optional<uint64_t> peak = worker.PeakResidentBytes();
  const bool out_of_memory = report_suffix.find("OutOfMemory") != std::string_view::npos;
  const uint64_t used_mb =
      out_of_memory ? config_.memory_mb : (peak ? (*peak + (1 << 20) - 1) >> 20 : 0);
  std::string report = fmt::format(
      "REPORT RequestId: {}\tDuration: {:.2f} ms\tBilled Duration: {} ms\tMemory Size: {} "
      "MB\tMax Memory Used: {} MB",
      invocation.request_id, duration_ms, static_cast<uint64_t>(std::ceil(duration_ms)),
      config_.memory_mb, used_mb);
  if (worker.init_ms) {
    report += fmt::format("\tInit Duration: {:.2f} ms", *worker.init_ms);
    worker.init_ms.reset();
  }
  report += report_suffix;
  LogLocked(&worker, "END RequestId: " + invocation.request_id);
  LogLocked(&worker, report);
  invocation.result.request_id = invocation.request_id;
  invocation.result.payload = std::move(payload);
  invocation.result.function_error = function_error;
  invocation.result.log_tail = std::move(invocation.log_tail);
  invocation.done = true;
  invocation.worker = nullptr;
  worker.current.reset();
  changed_.notify_all();
}

void FunctionPool::LogLocked(Worker* worker, std::string_view text) {
  logs_.Append(config_.function_name, text);
  if (worker != nullptr && worker->current) {
    std::string& tail = worker->current->log_tail;
    tail.append(text);
    tail.push_back('\n');
    if (tail.size() > kLogTailBytes) {
      tail.erase(0, tail.size() - kLogTailBytes);
    }
  }
}

PoolStats FunctionPool::Stats() const {
  std::lock_guard lock(mutex_);
  PoolStats stats;
  stats.workers = workers_.size();
  for (const auto& worker : workers_) {
    stats.busy += worker->current ? 1 : 0;
  }
  stats.waiting = waiting_.size();
  stats.cold_starts = cold_starts_;
  stats.invocations = invocations_;
  return stats;
}

}  // namespace gloss::functions
