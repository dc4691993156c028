// Small POSIX helpers shared by the blob store: an owning file descriptor,
// errno to Status, whole writes and directory syncs.
//
// Thread safety: UniqueFd is used by one thread at a time; the functions are
// safe from any thread.

#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "core/status.h"

namespace gloss::storage::internal {

class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  ~UniqueFd() { Reset(); }
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    std::swap(fd_, other.fd_);
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  // Gives up ownership without closing.
  int Release() { return std::exchange(fd_, -1); }
  void Reset();

 private:
  int fd_ = -1;
};

// Disk and file-system failures are the environment's, and may pass (disk
// full, I/O error): kUnavailable with `what`, `path` and strerror(error).
Status ErrnoStatus(std::string_view what, const std::string& path, int error);

// Writes all of `bytes` at the file position, retrying short writes and EINTR.
Status WriteAll(int fd, std::string_view bytes, const std::string& path);

// fsync()s the directory so that entries created or renamed in it are durable.
Status SyncDirectory(const std::string& path);

// Creates directory `path` (mode 0700) if missing; when it creates it, syncs
// `parent` so the new entry survives a crash. `parent` must contain `path`.
Status EnsureDirectory(const std::string& path, const std::string& parent);

}  // namespace gloss::storage::internal
