// Fuzzes request classification and header parsing. The input is split at
// NUL bytes into method, path, query, Host, Range, x-amz-copy-source,
// x-amz-copy-source-range, If-Match, If-None-Match, If-Modified-Since,
// If-Unmodified-Since, then alternating header names and values. Each parser
// must return a value or a Status, and values must keep their invariants.
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/assert.h"
#include "storage/s3/conditional.h"
#include "storage/s3/copy_source.h"
#include "storage/s3/list_params.h"
#include "storage/s3/multipart_params.h"
#include "storage/s3/names.h"
#include "storage/s3/object_headers.h"
#include "storage/s3/range.h"
#include "storage/s3/s3_errors.h"
#include "storage/s3/s3_request.h"
#include "storage/s3/url_encoding.h"

namespace {

using namespace gloss::storage::s3;  // NOLINT(google-build-using-namespace): fuzzer file.

std::vector<std::string_view> SplitAtNul(std::string_view input) {
  std::vector<std::string_view> parts;
  for (;;) {
    const size_t nul = input.find('\0');
    parts.push_back(input.substr(0, nul));
    if (nul == std::string_view::npos) {
      return parts;
    }
    input.remove_prefix(nul + 1);
  }
}

void CheckParameters(const S3Request& request) {
  switch (request.operation) {
    case S3Operation::kListObjectsV2: {
      const auto params = ParseListObjectsV2Params(request.query);
      GLOSS_CHECK(!params.ok() || params->max_keys <= kMaxListPageSize);
      break;
    }
    case S3Operation::kListObjects: (void)ParseListObjectsParams(request.query); break;
    case S3Operation::kListMultipartUploads:
      (void)ParseListMultipartUploadsParams(request.query);
      break;
    case S3Operation::kListParts: (void)ParseListPartsParams(request.query); break;
    case S3Operation::kUploadPart:
    case S3Operation::kUploadPartCopy: {
      const auto params = ParseUploadPartParams(request.query);
      GLOSS_CHECK(!params.ok() ||
                  (params->part_number >= kMinPartNumber && params->part_number <= kMaxPartNumber));
      break;
    }
    default: break;
  }
  const ContentHeaders overridden = ApplyResponseOverrides(ContentHeaders(), request.query);
  (void)overridden;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::vector<std::string_view> parts = SplitAtNul(input);
  auto part = [&](size_t idx) { return idx < parts.size() ? parts[idx] : std::string_view(); };

  gloss::http::RequestHead head;
  head.method = std::string(part(0));
  head.path = std::string(part(1));
  head.query = std::string(part(2));
  head.target = head.path + "?" + head.query;
  head.headers.Add("host", part(3));
  const std::array<std::string_view, 7> named_headers = {
      "range",         "x-amz-copy-source", "x-amz-copy-source-range", "if-match",
      "if-none-match", "if-modified-since", "if-unmodified-since"};
  for (size_t idx = 0; idx < named_headers.size(); ++idx) {
    if (idx + 4 < parts.size()) {
      head.headers.Add(named_headers[idx], part(idx + 4));
    }
  }
  for (size_t idx = 11; idx + 1 < parts.size(); idx += 2) {
    head.headers.Add(parts[idx], parts[idx + 1]);
  }

  ClassifyOptions options;
  options.virtual_host_suffixes = {"localhost", "s3.localhost"};
  const gloss::Result<S3Request> request = ClassifyS3Request(head, options);
  if (request.ok()) {
    GLOSS_CHECK(request->key.size() <= kMaxKeyBytes);
    GLOSS_CHECK(request->bucket.empty() || IsAddressableBucketName(request->bucket));
    CheckParameters(*request);
    (void)S3UrlEncode(request->key);
  } else {
    GLOSS_CHECK(FindS3ErrorCode(S3ErrorFromStatus(request.status()).code).has_value());
  }

  const uint64_t object_size = part(4).size();
  const auto range = SelectByteRange(head.headers.Get("range"), object_size);
  if (range.ok() && range->has_value()) {
    const ByteRange& selected = **range;
    GLOSS_CHECK(selected.first <= selected.last && selected.last < object_size);
  }

  (void)ParseCopySource(part(5));
  const gloss::Result<ByteRange> copy_range = ParseCopySourceRange(part(6));
  if (copy_range.ok()) {
    GLOSS_CHECK(copy_range->first <= copy_range->last);
    (void)CheckCopySourceRange(*copy_range, object_size);
  }

  const ObjectValidators object{"\"etag\"", TimePoint(std::chrono::seconds(1704067200))};
  (void)EvaluateReadPreconditions(ParseReadPreconditions(head.headers), object);
  (void)EvaluateCopySourcePreconditions(ParseCopySourcePreconditions(head.headers), object);
  const auto write = ParseWritePreconditions(head.headers);
  if (write.ok()) {
    (void)EvaluateWritePreconditions(*write, std::nullopt);
    (void)EvaluateWritePreconditions(*write, object);
  }
  (void)ParseObjectWriteHeaders(head.headers);
  (void)ParseMetadataDirective(head.headers);

  // A parsed HTTP date formats to a date that parses to the same second.
  for (const std::string_view text : {part(9), part(10)}) {
    const gloss::Result<TimePoint> parsed = ParseHttpDate(text);
    if (parsed.ok()) {
      const gloss::Result<TimePoint> again = ParseHttpDate(FormatHttpDate(*parsed));
      GLOSS_CHECK(again.ok() && *again == std::chrono::floor<std::chrono::seconds>(*parsed));
    }
    const gloss::Result<TimePoint> iso = ParseIso8601(text);
    if (iso.ok()) {
      GLOSS_CHECK(ParseIso8601(FormatIso8601(*iso)).ok());
    }
  }
  return 0;
}
