#include "storage/internal/posix_file.h"

#include <cstring>

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace gloss::storage::internal {

Status ErrnoStatus(std::string_view what, const std::string& path, int error) {
  return Status::Unavailable(std::string(what) + " '" + path + "': " + std::strerror(error));
}

Status WriteAll(int fd, std::string_view bytes, const std::string& path) {
  while (!bytes.empty()) {
    const ssize_t written = ::write(fd, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) {
        continue;
      }
      return ErrnoStatus("write", path, errno);
    }
    bytes.remove_prefix(static_cast<size_t>(written));
  }
  return Status::Ok();
}

Status SyncDirectory(const std::string& path) {
  const UniqueFd fd(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid()) {
    return ErrnoStatus("open directory", path, errno);
  }
  if (::fsync(fd.get()) != 0) {
    return ErrnoStatus("fsync directory", path, errno);
  }
  return Status::Ok();
}

Status EnsureDirectory(const std::string& path, const std::string& parent) {
  if (::mkdir(path.c_str(), 0700) != 0) {
    if (errno == EEXIST) {
      return Status::Ok();
    }
    return ErrnoStatus("create directory", path, errno);
  }
  return SyncDirectory(parent);
}

}  // namespace gloss::storage::internal
