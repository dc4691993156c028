// Small POSIX helpers shared by the blob store: errno to Status, whole
// writes and directory syncs (the owning descriptor is core/unique_fd.h).
//
// Thread safety: the functions are safe from any thread.

#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "core/unique_fd.h"

namespace gloss::storage::internal {

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
