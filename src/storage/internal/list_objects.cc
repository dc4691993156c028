#include "storage/internal/list_objects.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/internal/key_range.h"
#include "storage/internal/object_rows.h"
#include "storage/s3/s3_errors.h"

namespace gloss::storage::internal {
namespace {

// The first key the listing may return: the prefix, or later if the request
// resumes. nullopt when nothing can follow the resume position.
Result<std::optional<std::string>> FirstKey(const ListObjectsRequest& request) {
  std::string from = request.prefix;
  if (!request.continuation_token.empty()) {
    ASSIGN_OR_RETURN(const ListPosition position,
                     DecodeContinuationToken(request.continuation_token));
    const std::optional<std::string> resume = ResumeKey(position);
    if (!resume) {
      return std::optional<std::string>();
    }
    from = std::max(from, *resume);
  } else if (!request.start_after.empty()) {
    from = std::max(from, KeySuccessor(request.start_after));
  }
  return std::optional<std::string>(std::move(from));
}

}  // namespace

Result<ListObjectsPage> ListObjects(db::Connection& connection, std::string_view bucket,
                                    const ListObjectsRequest& request) {
  if (request.max_keys < 0) {
    return s3::S3ErrorStatus(s3::S3ErrorCode::kInvalidArgument, "max-keys must not be negative");
  }
  const auto max_keys = static_cast<size_t>(std::min<int64_t>(request.max_keys, kMaxPageSize));
  ListObjectsPage page;
  ASSIGN_OR_RETURN(std::optional<std::string> from, FirstKey(request));
  if (max_keys == 0 || !from) {
    return page;
  }
  // std::string compares as unsigned bytes (char_traits<char>), the order of
  // the stored blob keys.
  const std::optional<std::string> end = PrefixSuccessor(request.prefix);
  const std::string& prefix = request.prefix;
  const std::string& delimiter = request.delimiter;
  std::optional<ListPosition> last;
  size_t count = 0;
  bool done = false;
  while (!done && (!end || *from < *end)) {
    // One row more than fits tells whether the page is truncated.
    const size_t want = max_keys - count + 1;
    ASSIGN_OR_RETURN(std::vector<ObjectSummary> objects,
                     ScanObjects(connection, bucket, *from, end, want));
    done = objects.size() < want;
    bool jumped = false;
    for (ObjectSummary& object : objects) {
      if (count == max_keys) {
        page.is_truncated = true;
        done = true;
        break;
      }
      const size_t at =
          delimiter.empty() ? std::string::npos : object.key.find(delimiter, prefix.size());
      if (at != std::string::npos) {
        std::string common_prefix = object.key.substr(0, at + delimiter.size());
        ++count;
        last = ListPosition{ListPosition::Kind::kCommonPrefix, common_prefix};
        page.common_prefixes.push_back(std::move(common_prefix));
        // Seek past every key under the common prefix instead of reading them.
        from = ResumeKey(*last);
        jumped = true;
        break;
      }
      ++count;
      last = ListPosition{ListPosition::Kind::kKey, object.key};
      page.contents.push_back(std::move(object));
    }
    if (jumped) {
      done = !from.has_value();
    } else if (!done) {
      from = ResumeKey(*last);
    }
  }
  if (page.is_truncated) {
    page.next_continuation_token = EncodeContinuationToken(*last);
  }
  return page;
}

}  // namespace gloss::storage::internal
