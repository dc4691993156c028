// BlobStore keeps object bodies as immutable files under a root folder
// (docs/design/storage.md, "Disk layout"):
//
//   <root>/LOCK                  held with flock() while the store is open
//   <root>/tmp/<id>.tmp          a BlobWriter's file until Commit
//   <root>/blobs/ab/cd/<id>      committed blobs; ab, cd: the id's first hex digits
//
// A blob id is 128 random bits as 32 lower-case hex digits. Ids are the only
// names on disk; bucket names and keys never are.
//
// What it is not: the catalog. It does not know which blobs are referenced;
// ObjectStore removes the unreferenced ones (GarbageCollect in object_store.cc).
//
// Thread safety: all BlobStore methods may be called concurrently. A
// BlobWriter is used by one thread at a time. The BlobStore must outlive its
// writers.

#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/blocking_pool.h"
#include "core/result.h"
#include "core/status.h"
#include "storage/blob_file.h"
#include "storage/internal/md5.h"
#include "storage/internal/posix_file.h"

namespace gloss::storage::internal {

class BlobStore;

struct CommittedBlob {
  std::string id;
  uint64_t size = 0;
  // The MD5 of the bytes, if every byte went through Write() or a kHashed
  // copy; nullopt after a kKernel copy.
  std::optional<Md5Digest> md5;
};

// How AppendFrom moves bytes.
enum class CopyMode {
  kKernel,  // copy_file_range: no pass through user space, no MD5.
  kHashed,  // pread + write, hashing on the way (1 MiB buffer).
};

// Streams one blob into a temp file. Destroying it without Commit() deletes
// the temp file.
class BlobWriter {
 public:
  BlobWriter(BlobWriter&& other) noexcept = default;
  BlobWriter& operator=(BlobWriter&& other) noexcept;
  BlobWriter(const BlobWriter&) = delete;
  BlobWriter& operator=(const BlobWriter&) = delete;
  ~BlobWriter();

  // Appends `bytes`, written straight from the caller's buffer (pass large
  // slices, ~1 MiB). Errors: kUnavailable (disk full, I/O error); after an
  // error the writer can only be aborted.
  Status Write(std::string_view bytes);

  // Appends `length` bytes of `source` from `offset`. Errors: kInvalidArgument
  // if the range is not inside the source; kUnavailable on I/O errors.
  Status AppendFrom(const BlobFile& source, uint64_t offset, uint64_t length, CopyMode mode);

  uint64_t size() const { return size_; }

  // Makes the blob durable under its final name: rename into the sharded
  // layout, then fdatasync of the file and fsync of its directory (in
  // parallel). Errors: kUnavailable; the file is then removed.
  Result<CommittedBlob> Commit();

  // Deletes the temp file. Idempotent; implied by the destructor.
  void Abort();

 private:
  friend class BlobStore;
  BlobWriter(const BlobStore& store, std::string id, UniqueFd fd);

  // Writes `bytes` at the end of the file; touches no MD5 state, so it can
  // run on a helper thread while the caller hashes.
  Status Append(std::string_view bytes);
  // Starts writeback of what was written since the last hint, every
  // kWritebackChunk bytes, so Commit's sync only waits for the tail.
  void HintWriteback();
  // pread + Write in 1 MiB steps; hashes while md5_ is still set.
  Status CopyThroughBuffer(const BlobFile& source, uint64_t offset, uint64_t length);

  const BlobStore* store_;  // Not owned; outlives the writer.
  std::string id_;
  UniqueFd fd_;  // Invalid once committed or aborted.
  uint64_t size_ = 0;
  uint64_t writeback_from_ = 0;  // Offset the next writeback hint starts at.
  std::optional<Md5> md5_;       // Reset by a kKernel copy.
  bool failed_ = false;          // A write failed: only Abort is allowed.
};

class BlobStore {
 public:
  // Creates `root` and its subfolders if needed, takes <root>/LOCK, and
  // deletes every leftover temp file. Errors: kUnavailable if the root cannot
  // be created or another process has it open.
  static Result<std::unique_ptr<BlobStore>> Open(const std::string& root);

  // Starts a new blob with a fresh random id. Errors: kUnavailable.
  Result<BlobWriter> Create() const;

  // Opens committed blob `id`. Errors: kNotFound if it does not exist (it may
  // have been removed since its row was read); kUnavailable.
  Result<BlobFile> OpenBlob(std::string_view id) const;

  // Removes blob `id`; a missing blob is not an error.
  Status Remove(std::string_view id) const;

  // Calls `visit` with the ids of all committed blobs, in batches of at most
  // `batch_size`, stopping at its first error. Blobs created or removed
  // meanwhile may or may not be visited. Names that are not blob ids are
  // skipped.
  Status ForEachBlobBatch(size_t batch_size,
                          const std::function<Status(std::span<const std::string>)>& visit) const;

  const std::string& root() const { return root_; }

 private:
  friend class BlobWriter;
  BlobStore(std::string root, UniqueFd lock);

  std::string TempPath(std::string_view id) const;
  std::string ShardPath(std::string_view id, int levels) const;
  std::string BlobPath(std::string_view id) const;
  // Renames the temp file into place, creating shard folders as needed.
  // Returns the folders whose entries changed: they need an fsync.
  Result<std::vector<std::string>> MoveIntoPlace(std::string_view id) const;

  const std::string root_;
  const std::string tmp_dir_;
  const std::string blobs_dir_;
  UniqueFd lock_;  // Holds the flock on <root>/LOCK for the store's lifetime.
  // Threads that write slices and sync files beside the writers' own
  // (helper_thread.h): as many as uploads are likely to run at once.
  static constexpr size_t kHelperThreads = 16;
  mutable BlockingPool helpers_{kHelperThreads};
};

// True if `name` has the form of a blob id: 32 lower-case hex digits.
bool IsBlobId(std::string_view name);

}  // namespace gloss::storage::internal
