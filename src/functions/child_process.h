// ChildProcess is one function worker's operating-system process: started
// in its own process group with exactly the environment it is given, its
// stdout and stderr merged into one pipe that gloss reads, and a pidfd so a
// poll(2) loop can notice its exit without SIGCHLD handlers.
//
// The child gets a clean signal state (nothing blocked, SIGPIPE default: the
// sandbox blocks SIGINT/SIGTERM in every thread and ignores SIGPIPE, and both
// would be inherited through exec) and PR_SET_PDEATHSIG=SIGKILL, so workers
// never outlive a gloss that is killed. PDEATHSIG fires when the *thread*
// that spawned the child ends: spawn from long-lived threads only.
//
// Thread safety: Kill() and pid() may be called from any thread; Reap() from
// one thread (the worker's monitor).

#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

#include "core/result.h"
#include "core/unique_fd.h"

namespace gloss::functions {

struct ProcessSpec {
  std::vector<std::string> argv;  // argv[0] is an absolute path to the executable.
  std::vector<std::string> env;   // "NAME=value", the whole environment.
  std::filesystem::path cwd;
  // Folders merged read-only (an overlay) at /opt in the child's own mount
  // namespace, the first on top: Lambda layers. Empty: /opt as it is; else at
  // least two (an overlay without an upper layer needs two lower ones: add
  // an empty folder), absolute, without ':' or ','. Where the system refuses
  // (no mount namespaces), the child says so on stderr and runs on.
  std::vector<std::filesystem::path> opt_layers;
};

// How a process ended, as Lambda words it: "exit status 1", "signal: killed".
struct ExitStatus {
  bool signaled = false;
  int code = 0;  // The exit code, or the signal number when signaled.

  std::string Describe() const;
};

class ChildProcess {
 public:
  // Errors: kInvalidArgument for an empty argv, a relative argv[0] or bad
  // opt_layers;
  // kNotFound when argv[0] is missing or not executable; kUnavailable when
  // the system refuses (fork, pipe, pidfd).
  static Result<std::unique_ptr<ChildProcess>> Spawn(const ProcessSpec& spec);
  // Kills the process group and reaps the child if that has not happened.
  ~ChildProcess();

  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  // Readable when the process has exited (poll(2) POLLIN).
  int exit_fd() const { return pidfd_.get(); }
  // The read end of the merged stdout/stderr pipe (non-blocking).
  int output_fd() const { return output_.get(); }

  // Sends `signal` to the whole process group (the runtime may have started
  // children of its own). Safe after exit: the group is then empty.
  void Kill(int signal) const;

  // Waits for the exit (call once exit_fd() is readable, or after a kill) and
  // returns how it ended; later calls return the same.
  ExitStatus Reap();

  // Resident memory of the process in bytes, read from /proc; nullopt once
  // it has exited.
  std::optional<uint64_t> ResidentBytes() const;
  // Its peak resident memory (VmHWM) in bytes; nullopt once it has exited.
  std::optional<uint64_t> PeakResidentBytes() const;

 private:
  ChildProcess(pid_t pid, UniqueFd pidfd, UniqueFd output);

  const pid_t pid_;
  UniqueFd pidfd_;
  UniqueFd output_;
  std::optional<ExitStatus> exit_;  // Set by Reap().
  std::atomic<bool> reaped_ = false;
};

}  // namespace gloss::functions
