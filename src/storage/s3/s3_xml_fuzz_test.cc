// Fuzzes the three S3 request-body parsers with the same bytes: any input
// must yield a value or a Status, never a crash, and a parsed value must
// respect the documented limits.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/assert.h"
#include "storage/s3/request_documents.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace gloss::storage::s3;  // NOLINT(google-build-using-namespace): fuzzer entry.
  const std::string_view body(reinterpret_cast<const char*>(data), size);

  const gloss::Result<DeleteObjectsRequest> deletion = ParseDeleteObjectsRequest(body);
  if (deletion.ok()) {
    GLOSS_CHECK(!deletion->keys.empty() && deletion->keys.size() <= kMaxDeleteObjectsKeys);
  }

  const gloss::Result<std::vector<CompletedPart>> parts = ParseCompleteMultipartUpload(body);
  if (parts.ok()) {
    GLOSS_CHECK(!parts->empty() && parts->size() <= kMaxCompletedParts);
    uint32_t previous = 0;
    for (const CompletedPart& part : *parts) {
      GLOSS_CHECK(part.part_number > previous && part.part_number <= 10000);
      previous = part.part_number;
    }
  }

  const gloss::Result<CreateBucketConfiguration> configuration =
      ParseCreateBucketConfiguration(body);
  if (configuration.ok()) {
    (void)CheckLocationConstraint(*configuration, "us-east-1");
  }
  return 0;
}
