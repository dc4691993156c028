// BlobFile is an open object body: a read-only file descriptor and the size
// of the file. The HTTP layer sends it with sendfile()/pread() at any offset;
// the bytes never change (blobs are immutable) and stay readable through this
// descriptor even after the object is deleted or replaced.
//
// Thread safety: a BlobFile may be read from several threads at once (ReadAt
// uses pread, which has no shared file position); moving or destroying it
// needs exclusive access.

#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "core/result.h"

namespace gloss::storage {

class BlobFile {
 public:
  // Takes ownership of `fd`, an open descriptor of a file of `size` bytes.
  BlobFile(int fd, uint64_t size) : fd_(fd), size_(size) {}
  ~BlobFile();
  BlobFile(BlobFile&& other) noexcept;
  BlobFile& operator=(BlobFile&& other) noexcept;
  BlobFile(const BlobFile&) = delete;
  BlobFile& operator=(const BlobFile&) = delete;

  // The descriptor, owned by this BlobFile: do not close it.
  int fd() const { return fd_; }
  uint64_t size() const { return size_; }

  // Reads up to `buffer.size()` bytes at `offset` and returns how many were
  // read: fewer only at the end of the file, 0 at or past it.
  // Errors: kUnavailable on an I/O error.
  Result<size_t> ReadAt(uint64_t offset, std::span<char> buffer) const;

 private:
  int fd_;  // -1 after a move.
  uint64_t size_;
};

}  // namespace gloss::storage
