#include "sandbox/state_dir.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>

#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/random.h"

namespace gloss::sandbox {
namespace {

namespace fs = std::filesystem;

constexpr const char* kCredentialsFile = "credentials.json";
constexpr const char* kLockFile = "sandbox.lock";
constexpr const char* kSubfolders[] = {"auth", "db", "objects", "keys", "secrets", "logs"};

Status ErrnoStatus(const std::string& what, const fs::path& path) {
  return Status::Unavailable(what + " " + path.string() + ": " + std::strerror(errno));
}

Status MakePrivateDir(const fs::path& path) {
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec) {
    return Status::Unavailable("cannot create " + path.string() + ": " + ec.message());
  }
  fs::permissions(path, fs::perms::owner_all, fs::perm_options::replace, ec);
  return Status::Ok();
}

// Writes `content` to a new file `path` with mode 0600 via a temp file, fsync
// and rename, so a crash never leaves a half-written key file.
Status WritePrivateFile(const fs::path& path, const std::string& content) {
  const fs::path temp = path.string() + ".tmp";
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    return ErrnoStatus("cannot create", temp);
  }
  const bool written =
      ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()) &&
      ::fsync(fd) == 0;
  ::close(fd);
  if (!written || ::rename(temp.c_str(), path.c_str()) != 0) {
    Status status = ErrnoStatus("cannot write", path);
    ::unlink(temp.c_str());
    return status;
  }
  return Status::Ok();
}

Result<AdminCredentials> LoadOrCreateCredentials(const fs::path& root) {
  const fs::path path = root / kCredentialsFile;
  if (!fs::exists(path)) {
    AdminCredentials created{"AKIA" + RandomString(16, kUpperAlphanumeric),
                             RandomString(40, kBase62)};
    const nlohmann::json document = {{"accessKeyId", created.access_key_id},
                                     {"secretAccessKey", created.secret_access_key}};
    RETURN_IF_ERROR(WritePrivateFile(path, document.dump(2) + "\n"));
    return created;
  }
  std::ifstream in(path);
  std::stringstream content;
  content << in.rdbuf();
  const nlohmann::json document = nlohmann::json::parse(content.str(), nullptr, false);
  if (document.is_discarded() || !document.is_object() ||
      !document.value("accessKeyId", nlohmann::json()).is_string() ||
      !document.value("secretAccessKey", nlohmann::json()).is_string()) {
    return Status::Corruption(path.string() +
                              " is not {\"accessKeyId\": ..., \"secretAccessKey\": ...}");
  }
  return AdminCredentials{document["accessKeyId"].get<std::string>(),
                          document["secretAccessKey"].get<std::string>()};
}

}  // namespace

StateDir::StateDir(fs::path root, AdminCredentials admin, int lock_fd)
    : root_(std::move(root)), admin_(std::move(admin)), lock_fd_(lock_fd) {}

StateDir::~StateDir() { ::close(lock_fd_); }  // Closing releases the flock.

Result<std::unique_ptr<StateDir>> StateDir::Open(const fs::path& root) {
  RETURN_IF_ERROR(MakePrivateDir(root));
  const fs::path lock_path = root / kLockFile;
  const int lock_fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (lock_fd < 0) {
    return ErrnoStatus("cannot open", lock_path);
  }
  if (::flock(lock_fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(lock_fd);
    return Status::AlreadyExists("another gloss sandbox is running on " + root.string());
  }
  for (const char* subfolder : kSubfolders) {
    if (Status made = MakePrivateDir(root / subfolder); !made.ok()) {
      ::close(lock_fd);
      return made;
    }
  }
  // The outbox exists from the start so tests and people can tail it.
  const fs::path outbox = root / "auth" / "outbox.jsonl";
  if (const int fd = ::open(outbox.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
      fd >= 0) {
    ::close(fd);
  }
  Result<AdminCredentials> admin = LoadOrCreateCredentials(root);
  if (!admin.ok()) {
    ::close(lock_fd);
    return admin.status();
  }
  return std::unique_ptr<StateDir>(new StateDir(root, std::move(admin).value(), lock_fd));
}

Result<std::string> StateDir::LoadOrCreateSecret(std::string_view name) const {
  const fs::path path = root_ / "keys" / (std::string(name) + ".key");
  if (!fs::exists(path)) {
    const std::string secret = RandomString(kSecretChars, kBase62);
    RETURN_IF_ERROR(WritePrivateFile(path, secret));
    return secret;
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  if (content.str().size() < kSecretChars) {
    return Status::Corruption(path.string() + " holds no secret (delete it to make a new one)");
  }
  return content.str();
}

bool StateDirInUse(const fs::path& root) {
  const fs::path lock_path = root / kLockFile;
  const int fd = ::open(lock_path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) {
    return false;
  }
  const bool in_use = ::flock(fd, LOCK_EX | LOCK_NB) != 0;
  ::close(fd);
  return in_use;
}

Status DeleteStateDir(const fs::path& root) {
  std::error_code ec;
  if (!fs::exists(root, ec)) {
    return Status::Ok();
  }
  if (!fs::exists(root / kCredentialsFile, ec)) {
    return Status::FailedPrecondition(root.string() +
                                      " does not look like a gloss state folder; not deleting it");
  }
  if (StateDirInUse(root)) {
    return Status::FailedPrecondition("a sandbox is running on " + root.string() +
                                      "; stop it first");
  }
  fs::remove_all(root, ec);
  if (ec) {
    return Status::Unavailable("cannot delete " + root.string() + ": " + ec.message());
  }
  return Status::Ok();
}

}  // namespace gloss::sandbox
