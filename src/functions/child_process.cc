#include "functions/child_process.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string_view>

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace gloss::functions {
namespace {

std::string SignalName(int signal) {
  // Go's names, which Lambda's "Runtime exited with error: signal: killed" uses.
  switch (signal) {
    case SIGKILL: return "killed";
    case SIGABRT: return "aborted";
    case SIGSEGV: return "segmentation fault";
    case SIGTERM: return "terminated";
    case SIGBUS: return "bus error";
    case SIGFPE: return "floating point exception";
    case SIGILL: return "illegal instruction";
    case SIGINT: return "interrupt";
    default: return std::to_string(signal);
  }
}

// Mounts the layers (an overlay `lowerdir=` option) read-only at /opt in a
// mount namespace of the child's own. Async-signal-safe.
void MountLayers(const char* overlay_options) {
  if (::unshare(CLONE_NEWNS) == 0 &&
      ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0 &&
      ::mount("overlay", "/opt", "overlay", MS_RDONLY, overlay_options) == 0) {
    return;
  }
  constexpr char kWarning[] =
      "gloss: cannot mount the layers at /opt (no mount namespace here); they are only on "
      "PATH, LD_LIBRARY_PATH and NODE_PATH\n";
  (void)!::write(STDERR_FILENO, kWarning, sizeof kWarning - 1);
}

// In the forked child: only async-signal-safe calls until exec.
[[noreturn]] void ExecChild(char* const* argv, char* const* envp, const char* cwd, int output_fd,
                            int error_fd, pid_t parent, const char* overlay_options) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) {  // The parent died before prctl.
    ::_exit(127);
  }
  ::setpgid(0, 0);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  ::signal(SIGPIPE, SIG_DFL);
  const int null_fd = ::open("/dev/null", O_RDONLY);
  if (null_fd < 0 || ::dup2(null_fd, STDIN_FILENO) < 0 || ::dup2(output_fd, STDOUT_FILENO) < 0 ||
      ::dup2(output_fd, STDERR_FILENO) < 0 || ::chdir(cwd) != 0) {
    const int error = errno;
    (void)!::write(error_fd, &error, sizeof error);
    ::_exit(127);
  }
  if (overlay_options != nullptr) {
    MountLayers(overlay_options);
  }
  // Everything else gloss has open (sockets, database files) stays out.
  ::close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);
  ::fcntl(error_fd, F_SETFD, FD_CLOEXEC);
  ::execve(argv[0], argv, envp);
  const int error = errno;
  (void)!::write(error_fd, &error, sizeof error);
  ::_exit(127);
}

std::vector<char*> CStrings(const std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  pointers.reserve(strings.size() + 1);
  for (const std::string& s : strings) {
    pointers.push_back(const_cast<char*>(s.c_str()));
  }
  pointers.push_back(nullptr);
  return pointers;
}

std::optional<uint64_t> StatusField(pid_t pid, std::string_view field) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with(field) && line.size() > field.size() && line[field.size()] == ':') {
      return std::stoull(line.substr(field.size() + 1)) * 1024;  // "VmHWM:   1234 kB"
    }
  }
  return std::nullopt;
}

}  // namespace

std::string ExitStatus::Describe() const {
  return signaled ? "signal: " + SignalName(code) : "exit status " + std::to_string(code);
}

Result<std::unique_ptr<ChildProcess>> ChildProcess::Spawn(const ProcessSpec& spec) {
  if (spec.argv.empty() || !std::filesystem::path(spec.argv[0]).is_absolute()) {
    return Status::InvalidArgument("a worker's executable must be an absolute path");
  }
  if (spec.opt_layers.size() == 1) {
    return Status::InvalidArgument("an overlay without an upper layer needs two lower ones");
  }
  for (const std::filesystem::path& layer : spec.opt_layers) {
    if (!layer.is_absolute() || layer.string().find_first_of(":,") != std::string::npos) {
      return Status::InvalidArgument("layer folder " + layer.string() +
                                     " must be absolute, without ':' or ','");
    }
  }
  if (::access(spec.argv[0].c_str(), X_OK) != 0) {
    return Status::NotFound(spec.argv[0] + " is not an executable file: " + std::strerror(errno));
  }
  int output[2];
  if (::pipe2(output, O_CLOEXEC) != 0) {
    return Status::Unavailable(std::string("pipe: ") + std::strerror(errno));
  }
  UniqueFd output_read(output[0]);
  UniqueFd output_write(output[1]);
  int exec_error[2];
  if (::pipe2(exec_error, O_CLOEXEC) != 0) {
    return Status::Unavailable(std::string("pipe: ") + std::strerror(errno));
  }
  UniqueFd error_read(exec_error[0]);
  UniqueFd error_write(exec_error[1]);

  std::vector<char*> argv = CStrings(spec.argv);
  std::vector<char*> envp = CStrings(spec.env);
  const std::string cwd = spec.cwd.empty() ? "/" : spec.cwd.string();
  std::string overlay_options;
  for (const std::filesystem::path& layer : spec.opt_layers) {
    overlay_options += (overlay_options.empty() ? "lowerdir=" : ":") + layer.string();
  }
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    return Status::Unavailable(std::string("fork: ") + std::strerror(errno));
  }
  if (pid == 0) {
    ExecChild(argv.data(), envp.data(), cwd.c_str(), output_write.get(), error_write.get(), parent,
              overlay_options.empty() ? nullptr : overlay_options.c_str());
  }
  // Also from the parent, so the group exists before anyone signals it.
  ::setpgid(pid, pid);
  output_write.Reset();
  error_write.Reset();
  int child_errno = 0;
  ssize_t got = 0;
  do {
    got = ::read(error_read.get(), &child_errno, sizeof child_errno);
  } while (got < 0 && errno == EINTR);
  if (got == sizeof child_errno) {
    ::waitpid(pid, nullptr, 0);
    return Status::Unavailable("cannot start " + spec.argv[0] + ": " + std::strerror(child_errno));
  }
  UniqueFd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
  if (!pidfd.valid()) {
    const int error = errno;
    ::kill(-pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    return Status::Unavailable(std::string("pidfd_open: ") + std::strerror(error));
  }
  ::fcntl(pidfd.get(), F_SETFD, FD_CLOEXEC);
  ::fcntl(output_read.get(), F_SETFL, O_NONBLOCK);
  return std::unique_ptr<ChildProcess>(
      new ChildProcess(pid, std::move(pidfd), std::move(output_read)));
}

ChildProcess::ChildProcess(pid_t pid, UniqueFd pidfd, UniqueFd output)
    : pid_(pid), pidfd_(std::move(pidfd)), output_(std::move(output)) {}

ChildProcess::~ChildProcess() {
  if (!exit_) {
    Kill(SIGKILL);
    Reap();
  }
}

void ChildProcess::Kill(int signal) const {
  // The group first, then the process itself in case it left its group. Once
  // reaped, the group id may belong to someone else: only the pidfd is safe.
  if (!reaped_.load()) {
    ::kill(-pid_, signal);
  }
  ::syscall(SYS_pidfd_send_signal, pidfd_.get(), signal, nullptr, 0);
}

ExitStatus ChildProcess::Reap() {
  if (exit_) {
    return *exit_;
  }
  // Whatever the runtime started lives in the group and goes with it. Before
  // waitpid: until then the zombie keeps the group id from being reused.
  ::kill(-pid_, SIGKILL);
  int status = 0;
  pid_t waited = 0;
  do {
    waited = ::waitpid(pid_, &status, 0);
  } while (waited < 0 && errno == EINTR);
  ExitStatus result;
  if (waited == pid_ && WIFSIGNALED(status)) {
    result.signaled = true;
    result.code = WTERMSIG(status);
  } else if (waited == pid_) {
    result.code = WEXITSTATUS(status);
  }
  reaped_.store(true);
  exit_ = result;
  return result;
}

std::optional<uint64_t> ChildProcess::ResidentBytes() const {
  std::ifstream statm("/proc/" + std::to_string(pid_) + "/statm");
  uint64_t size_pages = 0;
  uint64_t resident_pages = 0;
  if (!(statm >> size_pages >> resident_pages)) {
    return std::nullopt;
  }
  return resident_pages * static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
}

std::optional<uint64_t> ChildProcess::PeakResidentBytes() const {
  return StatusField(pid_, "VmHWM");
}

}  // namespace gloss::functions
