// Deletes blobs that no row references: left by a crash between a blob's
// rename and its transaction's commit, or between a commit and the unlink of
// the blob it replaced (docs/design/storage.md, "Transactions and the crash
// story").
//
// Thread safety: must not run beside writers of the same store (a blob is
// unreferenced between its rename and its commit); ObjectStore::Open runs it
// before the store is handed out.

#pragma once

#include <cstddef>

#include "core/result.h"

namespace gloss::db {
class Database;
}  // namespace gloss::db

namespace gloss::storage::internal {

class BlobStore;

// Returns how many blobs were deleted.
Result<size_t> CollectUnreferencedBlobs(db::Database& database, const BlobStore& blobs);

}  // namespace gloss::storage::internal
