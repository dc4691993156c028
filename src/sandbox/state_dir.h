// StateDir is the sandbox's state folder (ARCHITECTURE §2, default APP/.gloss/):
//
//   credentials.json   admin key pair {"accessKeyId", "secretAccessKey"}, 0600 (contract)
//   auth/outbox.jsonl  confirmation and reset codes, one JSON object a line (contract)
//   db/                SQLite files
//   objects/           object bodies
//   keys/              signing keys and other secrets (user-pool.pem, data-page-token.key)
//   secrets/           the secret store
//   logs/              function logs
//   sandbox.lock       held (flock) by the running sandbox
//
// Folders are 0700. Opening creates what is missing and keeps what exists, so
// a restart finds its keys and data again.
//
// Thread safety: a StateDir is immutable after OpenStateDir().

#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace gloss::sandbox {

struct AdminCredentials {
  std::string access_key_id;      // "AKIA" + 16 characters, like IAM.
  std::string secret_access_key;  // 40 characters.
};

class StateDir {
 public:
  // Releases the lock.
  ~StateDir();

  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path DatabaseFile() const { return root_ / "db" / "gloss.db"; }
  const AdminCredentials& admin() const { return admin_; }

  // The secret KEYS/NAME.key (kSecretChars base62 characters, ~380 bits),
  // created 0600 on first use and the same ever after. Errors: kCorruption
  // for a truncated file; kUnavailable on file system errors.
  static constexpr size_t kSecretChars = 64;
  Result<std::string> LoadOrCreateSecret(std::string_view name) const;

  // Creates the layout and credentials if missing and takes the sandbox lock.
  // Errors: kAlreadyExists when another sandbox holds the lock;
  //         kCorruption when credentials.json is unreadable;
  //         kUnavailable on file system errors.
  static Result<std::unique_ptr<StateDir>> Open(const std::filesystem::path& root);

 private:
  StateDir(std::filesystem::path root, AdminCredentials admin, int lock_fd);

  std::filesystem::path root_;
  AdminCredentials admin_;
  int lock_fd_;
};

// True when `root` holds a sandbox lock taken by a running process.
bool StateDirInUse(const std::filesystem::path& root);

// Deletes `root` if it looks like a state folder (has credentials.json) and no
// sandbox runs on it. Errors: kFailedPrecondition when it is in use or is not
// a state folder; kUnavailable on file system errors. A missing folder is OK.
Status DeleteStateDir(const std::filesystem::path& root);

}  // namespace gloss::sandbox
