#include "storage/blob_file.h"

#include <cstring>
#include <string>
#include <utility>

#include <errno.h>
#include <unistd.h>

namespace gloss::storage {

BlobFile::~BlobFile() {
  if (fd_ >= 0) {
    ::close(fd_);  // Read-only descriptor: nothing to lose on a close error.
  }
}

BlobFile::BlobFile(BlobFile&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), size_(std::exchange(other.size_, 0)) {}

BlobFile& BlobFile::operator=(BlobFile&& other) noexcept {
  std::swap(fd_, other.fd_);
  std::swap(size_, other.size_);
  return *this;
}

Result<size_t> BlobFile::ReadAt(uint64_t offset, std::span<char> buffer) const {
  size_t total = 0;
  while (total < buffer.size()) {
    const ssize_t got = ::pread(fd_, buffer.data() + total, buffer.size() - total,
                                static_cast<off_t>(offset + total));
    if (got < 0) {
      if (errno == EINTR) {
        continue;
      }
      return Status::Unavailable(std::string("read blob: ") + std::strerror(errno));
    }
    if (got == 0) {
      break;  // End of file.
    }
    total += static_cast<size_t>(got);
  }
  return total;
}

}  // namespace gloss::storage
