#include "storage/internal/garbage_collector.h"

#include <set>
#include <span>
#include <string>

#include "db/database.h"
#include "storage/internal/blob_store.h"

namespace gloss::storage::internal {
namespace {

// Ids looked up per query: one indexed probe each in two tables.
constexpr size_t kBatchSize = 256;

Result<std::set<std::string>> ReferencedBlobIds(db::Connection& connection,
                                                std::span<const std::string> ids) {
  std::string placeholders;
  for (size_t index = 0; index < ids.size(); ++index) {
    placeholders += index == 0 ? "?" : ", ?";
  }
  db::Params params(ids.begin(), ids.end());
  params.insert(params.end(), ids.begin(), ids.end());
  ASSIGN_OR_RETURN(
      const db::Rows rows,
      connection.Query("SELECT blob_id FROM storage_objects WHERE blob_id IN (" + placeholders +
                           ") UNION SELECT blob_id FROM storage_parts"
                           " WHERE blob_id IN (" +
                           placeholders + ")",
                       params));
  std::set<std::string> referenced;
  for (const db::Row& row : rows) {
    ASSIGN_OR_RETURN(std::string id, row.Get<std::string>(0));
    referenced.insert(std::move(id));
  }
  return referenced;
}

}  // namespace

Result<size_t> CollectUnreferencedBlobs(db::Database& database, const BlobStore& blobs) {
  size_t removed = 0;
  const Status visited =
      blobs.ForEachBlobBatch(kBatchSize, [&](std::span<const std::string> ids) -> Status {
        ASSIGN_OR_RETURN(const std::set<std::string> referenced, ReferencedBlobIds(database, ids));
        for (const std::string& id : ids) {
          if (!referenced.contains(id)) {
            RETURN_IF_ERROR(blobs.Remove(id));
            ++removed;
          }
        }
        return Status::Ok();
      });
  RETURN_IF_ERROR(visited);
  return removed;
}

}  // namespace gloss::storage::internal
