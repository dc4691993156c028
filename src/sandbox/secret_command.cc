#include "sandbox/secret_command.h"

#include <cerrno>
#include <cstring>
#include <iostream>
#include <memory>
#include <string_view>
#include <system_error>
#include <vector>

#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "core/result.h"
#include "functions/secret_store.h"

namespace gloss::sandbox {
namespace {

namespace fs = std::filesystem;
using functions::SecretStore;
using functions::SecretStorePtr;

constexpr int kExitOk = 0;
constexpr int kExitRuntime = 1;
constexpr int kExitUsage = 2;

// Overwrites a string that held a secret value before it is freed.
void Wipe(std::string& value) {
  ::explicit_bzero(value.data(), value.size());
  value.clear();
}

int Fail(std::string_view message, int exit_code) {
  std::cerr << "gloss: " << message << "\n";
  return exit_code;
}

int FailWith(const Status& status, const std::string& name) {
  switch (status.code()) {
    case StatusCode::kNotFound: return Fail("no secret named " + name, kExitRuntime);
    case StatusCode::kInvalidArgument: return Fail(status.message(), kExitUsage);
    default: return Fail(status.message(), kExitRuntime);
  }
}

// Turns terminal echo off for its lifetime, so a typed value is not shown.
class NoEcho {
 public:
  NoEcho() {
    if (::tcgetattr(STDIN_FILENO, &saved_) == 0) {
      termios quiet = saved_;
      quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
      active_ = ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
    }
  }
  ~NoEcho() {
    if (active_) {
      ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_);
    }
  }
  NoEcho(const NoEcho&) = delete;
  NoEcho& operator=(const NoEcho&) = delete;

 private:
  termios saved_{};
  bool active_ = false;
};

// Reads a value from stdin: from a terminal one line (typed without echo),
// otherwise everything. One trailing newline is dropped. Stops after
// kMaxValueBytes + 2 bytes: enough to tell that a value is too long without
// reading all of a huge input.
Result<std::string> ReadValue(const std::string& name) {
  const bool terminal = ::isatty(STDIN_FILENO) == 1;
  std::unique_ptr<NoEcho> no_echo;
  if (terminal) {
    std::cerr << "Value of secret " << name << " (not shown; Enter ends it): " << std::flush;
    no_echo = std::make_unique<NoEcho>();
  }
  constexpr size_t kReadLimit = SecretStore::kMaxValueBytes + 2;
  std::string value(kReadLimit, '\0');
  size_t size = 0;
  while (size < kReadLimit) {
    const ssize_t count =
        ::read(STDIN_FILENO, value.data() + size, terminal ? 1 : kReadLimit - size);
    if (count < 0 && errno == EINTR) {
      continue;
    }
    if (count < 0) {
      Wipe(value);
      return Status::Unavailable(std::string("cannot read the value from stdin: ") +
                                 std::strerror(errno));
    }
    if (count == 0) {
      break;
    }
    size += static_cast<size_t>(count);
    if (terminal && value[size - 1] == '\n') {
      break;
    }
  }
  if (terminal) {
    no_echo.reset();
    std::cerr << "\n";
  }
  if (size > 0 && value[size - 1] == '\n') {
    --size;
  }
  // Shrink in place: resize() keeps the buffer, so Wipe() still reaches it.
  ::explicit_bzero(value.data() + size, value.size() - size);
  value.resize(size);
  return value;
}

int Set(SecretStore& store, const std::string& name) {
  Result<std::string> value = ReadValue(name);
  if (!value.ok()) {
    return FailWith(value.status(), name);
  }
  const Status set = store.Set(name, *value);
  Wipe(*value);
  if (!set.ok()) {
    return FailWith(set, name);
  }
  std::cout << "gloss: secret " << name << " set\n";
  return kExitOk;
}

int Get(const SecretStore& store, const std::string& name) {
  Result<std::string> value = store.Get(name);
  if (!value.ok()) {
    return FailWith(value.status(), name);
  }
  std::cout.write(value->data(), static_cast<std::streamsize>(value->size())) << "\n" << std::flush;
  Wipe(*value);
  return std::cout ? kExitOk : kExitRuntime;
}

int List(const SecretStore& store) {
  Result<std::vector<std::string>> names = store.List();
  if (!names.ok()) {
    return FailWith(names.status(), "");
  }
  for (const std::string& name : *names) {
    std::cout << name << "\n";
  }
  return kExitOk;
}

int Remove(SecretStore& store, const std::string& name) {
  if (const Status removed = store.Remove(name); !removed.ok()) {
    return FailWith(removed, name);
  }
  std::cout << "gloss: secret " << name << " removed\n";
  return kExitOk;
}

}  // namespace

int RunSecretCommand(const SecretCommand& command) {
  if (command.action != SecretAction::kList) {
    if (const Status checked = SecretStore::CheckName(command.name); !checked.ok()) {
      return Fail("bad secret name '" + command.name + "': " + std::string(checked.message()),
                  kExitUsage);
    }
  }
  const fs::path dir = command.state_dir / "secrets";
  std::error_code ec;
  if (command.action != SecretAction::kSet && !fs::exists(dir, ec)) {
    // Nothing was ever stored; reading must not create a state folder (a
    // mistyped --dir would otherwise leave one behind).
    return command.action == SecretAction::kList
               ? kExitOk
               : Fail("no secret named " + command.name, kExitRuntime);
  }
  if (command.action == SecretAction::kSet && !command.state_dir_given &&
      !fs::is_directory(command.app_dir, ec)) {
    return Fail("no app folder " + command.app_dir.string() + " (see --dir)", kExitUsage);
  }
  Result<SecretStorePtr> store = SecretStore::Open(dir);
  if (!store.ok()) {
    return Fail(store.status().message(), kExitRuntime);
  }
  switch (command.action) {
    case SecretAction::kSet: return Set(**store, command.name);
    case SecretAction::kGet: return Get(**store, command.name);
    case SecretAction::kList: return List(**store);
    case SecretAction::kRemove: return Remove(**store, command.name);
  }
  return kExitRuntime;  // Unreachable: every action is handled above.
}

}  // namespace gloss::sandbox
