// The columns storage_objects and storage_uploads share: the six content
// headers (NULL when not sent) and user_metadata (a JSON object), plus the
// JSON codec of string maps used for user metadata and checksums.
//
// Thread safety: pure functions.

#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/result.h"
#include "db/database.h"
#include "storage/object_types.h"

namespace gloss::storage::internal {

// In the order AppendAttributeParams binds them.
inline constexpr std::string_view kAttributeColumns =
    "content_type, content_encoding, content_disposition, cache_control, content_language, "
    "expires, user_metadata";
inline constexpr int kAttributeColumnCount = 7;

void AppendAttributeParams(const ObjectAttributes& attributes, db::Params& params);

// Reads the kAttributeColumns of `row` by name. Errors: kCorruption for bad
// JSON; kInternal for missing columns.
Result<ObjectAttributes> ReadAttributes(const db::Row& row);

// {"name": "value", ...}
std::string EncodeStringMap(const std::map<std::string, std::string>& map);
// Errors: kCorruption unless `json` is an object of strings.
Result<std::map<std::string, std::string>> DecodeStringMap(std::string_view json);

}  // namespace gloss::storage::internal
