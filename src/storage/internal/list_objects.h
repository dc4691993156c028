// ListObjectsV2 over the catalog (docs/design/storage.md, "Listing"): a range
// scan of (bucket, object_key) that rolls keys up into common prefixes and
// jumps over each common prefix's keys with one index seek.
//
// Thread safety: a pure function over the caller's Connection.

#pragma once

#include <string_view>

#include "core/result.h"
#include "db/database.h"
#include "storage/object_types.h"

namespace gloss::storage::internal {

// Lists `bucket` (which the caller has checked exists) per `request`. Run it
// in a read transaction so the page is one snapshot.
// Errors: "InvalidArgument: ..." for negative max_keys or a bad continuation
// token; database errors.
Result<ListObjectsPage> ListObjects(db::Connection& connection, std::string_view bucket,
                                    const ListObjectsRequest& request);

}  // namespace gloss::storage::internal
