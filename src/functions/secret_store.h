// SecretStore keeps the values behind functions' `secrets = { ENV = "NAME" }`
// encrypted at rest in one folder, STATE/secrets/ (docs/design/functions.md,
// "Secrets"):
//
//   key         32 random bytes, the libsodium secretbox key, mode 0600
//   store.json  {"NAME": "base64(nonce || crypto_secretbox_easy(value))"}, 0600
//   lock        flock'ed (exclusive) around every read-modify-write
//
// It is not a cache: every read parses store.json again, so a value set by
// `gloss sandbox secret set` reaches the next worker start of a running
// sandbox without a restart. Writes replace store.json atomically (temp file,
// fsync, rename, fsync of the folder), so readers need no lock.
//
// Values never appear in logs or in Status messages; names may.
//
// Thread safety: all methods may be called concurrently, from any number of
// threads and processes (the CLI and a running sandbox) on the same folder.
// Methods block on the file system (flock, fsync): call them from the
// blocking pool, never from an I/O thread.

#pragma once

#include <array>
#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/status.h"

namespace gloss::functions {

class SecretStore {
 public:
  static constexpr size_t kKeyBytes = 32;  // crypto_secretbox_KEYBYTES.
  static constexpr size_t kMaxNameLength = 128;
  static constexpr size_t kMaxValueBytes = 4096;

  // Opens the store in `dir`, creating the folder (0700, with any missing
  // parents) and the key (0600) when missing.
  // Errors: kCorruption when the key file is not kKeyBytes long, or is missing
  //         while store.json holds secrets (a new key could not read them);
  //         kUnavailable on file system errors.
  static Result<std::unique_ptr<SecretStore>> Open(const std::filesystem::path& dir);

  // Zeroes the key.
  ~SecretStore();
  SecretStore(const SecretStore&) = delete;
  SecretStore& operator=(const SecretStore&) = delete;

  // Stores `value` under `name`, replacing any previous value.
  // Errors: kInvalidArgument for a name outside [A-Za-z0-9_.-]{1,128}, a value
  //         over kMaxValueBytes or holding a NUL byte (values become
  //         environment variables); kCorruption when store.json is unreadable
  //         (it is left as it is); kUnavailable on file system errors.
  Status Set(std::string_view name, std::string_view value);

  // Returns the value of `name`.
  // Errors: kInvalidArgument for a bad name; kNotFound when there is no such
  //         secret; kCorruption when store.json is unreadable or the value
  //         fails to decrypt (tampered, or another key); kUnavailable.
  Result<std::string> Get(std::string_view name) const;

  // Returns the values of `names` (duplicates allowed) read from one snapshot
  // of store.json, keyed by name: what a worker start needs.
  // Errors: kNotFound naming every missing secret; otherwise as Get().
  Result<std::map<std::string, std::string>> GetMany(std::span<const std::string> names) const;

  // Returns the names of all secrets, sorted. Decrypts nothing.
  // Errors: kCorruption when store.json is unreadable; kUnavailable.
  Result<std::vector<std::string>> List() const;

  // Deletes `name`.
  // Errors: kInvalidArgument for a bad name; kNotFound when there is no such
  //         secret; kCorruption when store.json is unreadable; kUnavailable.
  Status Remove(std::string_view name);

  // The name rule, for callers that check names before opening a store.
  // Errors: kInvalidArgument naming the rule.
  static Status CheckName(std::string_view name);

 private:
  using Key = std::array<unsigned char, kKeyBytes>;

  SecretStore(std::filesystem::path dir, const Key& key);

  const std::filesystem::path dir_;
  Key key_;  // Immutable after Open(); zeroed by the destructor.
};

using SecretStorePtr = std::unique_ptr<SecretStore>;

}  // namespace gloss::functions
