#include "functions/secret_store.h"

#include <cerrno>
#include <cstring>
#include <optional>
#include <utility>

#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <sodium.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/base64.h"
#include "core/unique_fd.h"

namespace gloss::functions {
namespace {

namespace fs = std::filesystem;

static_assert(SecretStore::kKeyBytes == crypto_secretbox_KEYBYTES);

constexpr const char* kKeyFile = "key";
constexpr const char* kStoreFile = "store.json";
constexpr const char* kLockFile = "lock";
constexpr mode_t kPrivateFileMode = 0600;
constexpr mode_t kPrivateDirMode = 0700;
constexpr size_t kSealedOverhead = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES;

// Name -> nonce || crypto_secretbox_easy(value), as decoded from store.json.
using Entries = std::map<std::string, std::string>;

Status ErrnoStatus(std::string_view what, const fs::path& path) {
  return Status::Unavailable(std::string(what) + " " + path.string() + ": " + std::strerror(errno));
}

// Creates `dir` and its missing parents with mode 0700: a CLI run before the
// first sandbox start must not leave a readable state folder behind.
Status MakePrivateDirs(const fs::path& dir) {
  std::vector<fs::path> missing;
  std::error_code ec;
  for (fs::path path = dir; !path.empty() && !fs::exists(path, ec); path = path.parent_path()) {
    missing.push_back(path);
    if (path == path.parent_path()) {
      break;
    }
  }
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    if (::mkdir(it->c_str(), kPrivateDirMode) != 0 && errno != EEXIST) {
      return ErrnoStatus("cannot create", *it);
    }
  }
  return Status::Ok();
}

// The whole file, or nullopt when it does not exist.
Result<std::optional<std::string>> ReadFile(const fs::path& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) {
    if (errno == ENOENT) {
      return std::optional<std::string>();
    }
    return ErrnoStatus("cannot open", path);
  }
  std::string content;
  char buffer[8192];
  while (true) {
    const ssize_t count = ::read(fd.get(), buffer, sizeof(buffer));
    if (count < 0 && errno == EINTR) {
      continue;
    }
    if (count < 0) {
      return ErrnoStatus("cannot read", path);
    }
    if (count == 0) {
      break;
    }
    content.append(buffer, static_cast<size_t>(count));
  }
  return std::optional<std::string>(std::move(content));
}

Status WriteAll(int fd, std::string_view data, const fs::path& path) {
  while (!data.empty()) {
    const ssize_t count = ::write(fd, data.data(), data.size());
    if (count < 0 && errno == EINTR) {
      continue;
    }
    if (count < 0) {
      return ErrnoStatus("cannot write", path);
    }
    data.remove_prefix(static_cast<size_t>(count));
  }
  return Status::Ok();
}

// Replaces DIR/NAME with `content` (mode 0600) so that a crash leaves either
// the old or the new file: a temp file in the same folder, fsync, rename,
// fsync of the folder. Callers hold the store's lock, so one temp name is
// enough; a temp file left by a crash is overwritten by the next write.
Status ReplaceFile(const fs::path& dir, const std::string& name, std::string_view content) {
  const fs::path path = dir / name;
  const fs::path temp = dir / (name + ".tmp");
  UniqueFd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, kPrivateFileMode));
  if (!fd.valid()) {
    return ErrnoStatus("cannot create", temp);
  }
  Status written = WriteAll(fd.get(), content, temp);
  // fchmod: a leftover temp file keeps its old mode through O_TRUNC.
  if (written.ok() &&
      (::fchmod(fd.get(), kPrivateFileMode) != 0 || ::fsync(fd.get()) != 0 || !fd.Close())) {
    written = ErrnoStatus("cannot write", temp);
  }
  if (written.ok() && ::rename(temp.c_str(), path.c_str()) != 0) {
    written = ErrnoStatus("cannot rename to", path);
  }
  if (!written.ok()) {
    ::unlink(temp.c_str());
    return written;
  }
  // The rename is durable only once the folder's entry is.
  UniqueFd dir_fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir_fd.valid() || ::fsync(dir_fd.get()) != 0) {
    return ErrnoStatus("cannot sync", dir);
  }
  return Status::Ok();
}

// Takes the store's exclusive lock; closing the returned fd releases it. Each
// call opens its own file description, so threads of one process exclude each
// other as well as other processes do.
Result<UniqueFd> LockStore(const fs::path& dir) {
  const fs::path path = dir / kLockFile;
  UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, kPrivateFileMode));
  if (!fd.valid()) {
    return ErrnoStatus("cannot open", path);
  }
  while (::flock(fd.get(), LOCK_EX) != 0) {
    if (errno != EINTR) {
      return ErrnoStatus("cannot lock", path);
    }
  }
  return fd;
}

bool IsNameChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '-';
}

bool IsValidName(std::string_view name) {
  if (name.empty() || name.size() > SecretStore::kMaxNameLength) {
    return false;
  }
  for (const char c : name) {
    if (!IsNameChar(c)) {
      return false;
    }
  }
  return true;
}

// Messages name the file and the secret, never an entry's content.
Result<Entries> ParseStore(std::string_view content, const fs::path& path) {
  const nlohmann::json document = nlohmann::json::parse(content, nullptr, false);
  if (document.is_discarded() || !document.is_object()) {
    return Status::Corruption(path.string() + " is not a JSON object");
  }
  Entries entries;
  for (const auto& [name, sealed_text] : document.items()) {
    if (!IsValidName(name)) {
      return Status::Corruption(path.string() + " holds an invalid secret name");
    }
    Result<std::string> sealed = Status::InvalidArgument("not a string");
    if (sealed_text.is_string()) {
      sealed = Base64Decode(sealed_text.get_ref<const std::string&>());
    }
    if (!sealed.ok() || sealed->size() < kSealedOverhead ||
        sealed->size() > kSealedOverhead + SecretStore::kMaxValueBytes) {
      return Status::Corruption(path.string() + ": secret " + name + " is malformed");
    }
    entries.emplace(name, std::move(*sealed));
  }
  return entries;
}

// store.json as it is now; a missing file is an empty store.
Result<Entries> LoadEntries(const fs::path& dir) {
  const fs::path path = dir / kStoreFile;
  ASSIGN_OR_RETURN(std::optional<std::string> content, ReadFile(path));
  if (!content) {
    return Entries();
  }
  return ParseStore(*content, path);
}

Status SaveEntries(const fs::path& dir, const Entries& entries) {
  nlohmann::json document = nlohmann::json::object();
  for (const auto& [name, sealed] : entries) {
    document[name] = Base64Encode(sealed);
  }
  return ReplaceFile(dir, kStoreFile, document.dump(2) + "\n");
}

std::string Seal(const unsigned char* key, std::string_view value) {
  std::string sealed(kSealedOverhead + value.size(), '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(sealed.data());
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(value.data()), value.size(), nonce,
                        key);
  return sealed;
}

// `sealed` is at least kSealedOverhead long (ParseStore checked).
Result<std::string> Unseal(const unsigned char* key, const std::string& name,
                           std::string_view sealed) {
  const auto* nonce = reinterpret_cast<const unsigned char*>(sealed.data());
  const unsigned char* box = nonce + crypto_secretbox_NONCEBYTES;
  const size_t box_size = sealed.size() - crypto_secretbox_NONCEBYTES;
  std::string value(box_size - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(value.data()), box, box_size,
                                 nonce, key) != 0) {
    sodium_memzero(value.data(), value.size());
    return Status::Corruption("secret " + name +
                              " cannot be decrypted (store.json was altered or the key changed)");
  }
  return value;
}

void ZeroValues(std::map<std::string, std::string>& values) {
  for (auto& [name, value] : values) {
    sodium_memzero(value.data(), value.size());
  }
}

Status CheckValue(std::string_view value) {
  if (value.size() > SecretStore::kMaxValueBytes) {
    return Status::InvalidArgument("a secret value is at most " +
                                   std::to_string(SecretStore::kMaxValueBytes) + " bytes, got " +
                                   std::to_string(value.size()));
  }
  if (value.find('\0') != std::string_view::npos) {
    return Status::InvalidArgument(
        "a secret value cannot hold a NUL byte (it becomes an environment variable)");
  }
  return Status::Ok();
}

// The key of an existing store, or a new one when there is none yet. Called
// under the lock, so two processes opening a fresh folder agree on one key.
Result<std::array<unsigned char, SecretStore::kKeyBytes>> LoadOrCreateKey(const fs::path& dir) {
  std::array<unsigned char, SecretStore::kKeyBytes> key{};
  const fs::path path = dir / kKeyFile;
  ASSIGN_OR_RETURN(std::optional<std::string> content, ReadFile(path));
  if (content) {
    if (content->size() != key.size()) {
      sodium_memzero(content->data(), content->size());
      return Status::Corruption(path.string() + " is not a " + std::to_string(key.size()) +
                                "-byte key");
    }
    std::memcpy(key.data(), content->data(), key.size());
    sodium_memzero(content->data(), content->size());
    return key;
  }
  // A new key could not decrypt what an old one sealed: refuse instead of
  // silently orphaning the secrets.
  ASSIGN_OR_RETURN(const Entries entries, LoadEntries(dir));
  if (!entries.empty()) {
    return Status::Corruption(path.string() + " is missing but " + kStoreFile +
                              " holds secrets; restore the key or delete " + kStoreFile);
  }
  randombytes_buf(key.data(), key.size());
  const Status written = ReplaceFile(
      dir, kKeyFile, std::string_view(reinterpret_cast<const char*>(key.data()), key.size()));
  if (!written.ok()) {
    sodium_memzero(key.data(), key.size());
    return written;
  }
  return key;
}

}  // namespace

SecretStore::SecretStore(fs::path dir, const Key& key) : dir_(std::move(dir)), key_(key) {}

SecretStore::~SecretStore() { sodium_memzero(key_.data(), key_.size()); }

Result<std::unique_ptr<SecretStore>> SecretStore::Open(const fs::path& dir) {
  if (sodium_init() < 0) {
    return Status::Unavailable("libsodium cannot initialise (no entropy source?)");
  }
  RETURN_IF_ERROR(MakePrivateDirs(dir));
  ASSIGN_OR_RETURN(const UniqueFd lock, LockStore(dir));
  ASSIGN_OR_RETURN(Key key, LoadOrCreateKey(dir));
  auto store = std::unique_ptr<SecretStore>(new SecretStore(dir, key));
  sodium_memzero(key.data(), key.size());
  return store;
}

Status SecretStore::CheckName(std::string_view name) {
  if (!IsValidName(name)) {
    return Status::InvalidArgument("a secret name is 1 to " + std::to_string(kMaxNameLength) +
                                   " characters of A-Z, a-z, 0-9, '_', '.' and '-'");
  }
  return Status::Ok();
}

Status SecretStore::Set(std::string_view name, std::string_view value) {
  RETURN_IF_ERROR(CheckName(name));
  RETURN_IF_ERROR(CheckValue(value));
  ASSIGN_OR_RETURN(const UniqueFd lock, LockStore(dir_));
  ASSIGN_OR_RETURN(Entries entries, LoadEntries(dir_));
  entries[std::string(name)] = Seal(key_.data(), value);
  return SaveEntries(dir_, entries);
}

Result<std::string> SecretStore::Get(std::string_view name) const {
  RETURN_IF_ERROR(CheckName(name));
  const std::string names[] = {std::string(name)};
  ASSIGN_OR_RETURN(auto values, GetMany(names));
  return std::move(values.begin()->second);
}

Result<std::map<std::string, std::string>> SecretStore::GetMany(
    std::span<const std::string> names) const {
  for (const std::string& name : names) {
    RETURN_IF_ERROR(CheckName(name));
  }
  ASSIGN_OR_RETURN(const Entries entries, LoadEntries(dir_));
  std::string missing;
  for (const std::string& name : names) {
    if (!entries.contains(name)) {
      missing += (missing.empty() ? "" : ", ") + name;
    }
  }
  if (!missing.empty()) {
    return Status::NotFound("no secret named " + missing);
  }
  std::map<std::string, std::string> values;
  for (const std::string& name : names) {
    if (values.contains(name)) {
      continue;
    }
    Result<std::string> value = Unseal(key_.data(), name, entries.at(name));
    if (!value.ok()) {
      ZeroValues(values);
      return value.status();
    }
    values.emplace(name, std::move(value).value());
  }
  return values;
}

Result<std::vector<std::string>> SecretStore::List() const {
  ASSIGN_OR_RETURN(const Entries entries, LoadEntries(dir_));
  std::vector<std::string> names;
  names.reserve(entries.size());
  for (const auto& [name, sealed] : entries) {
    names.push_back(name);  // Sorted: Entries is an ordered map.
  }
  return names;
}

Status SecretStore::Remove(std::string_view name) {
  RETURN_IF_ERROR(CheckName(name));
  ASSIGN_OR_RETURN(const UniqueFd lock, LockStore(dir_));
  ASSIGN_OR_RETURN(Entries entries, LoadEntries(dir_));
  if (entries.erase(std::string(name)) == 0) {
    return Status::NotFound("no secret named " + std::string(name));
  }
  return SaveEntries(dir_, entries);
}

}  // namespace gloss::functions
