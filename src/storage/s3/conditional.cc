#include "storage/s3/conditional.h"

#include "storage/s3/internal/text.h"
#include "storage/s3/s3_errors.h"

namespace gloss::storage::s3 {
namespace {

constexpr std::string_view kWeakPrefix = "W/";

// `"abc"`, `W/"abc"` and `abc` all become `abc`.
std::string_view BareEtag(std::string_view etag) {
  etag = internal::TrimWhitespace(etag);
  if (etag.starts_with(kWeakPrefix)) {
    etag.remove_prefix(kWeakPrefix.size());
  }
  return internal::Unquote(etag);
}

std::optional<std::string> HeaderString(const http::Headers& headers, std::string_view name) {
  const std::optional<std::string_view> value = headers.Get(name);
  return value ? std::optional<std::string>(std::string(*value)) : std::nullopt;
}

// An unparseable date is ignored (RFC 9110 13.1.3, 13.1.4).
std::optional<TimePoint> HeaderDate(const http::Headers& headers, std::string_view name) {
  const std::optional<std::string_view> value = headers.Get(name);
  if (!value) {
    return std::nullopt;
  }
  Result<TimePoint> parsed = ParseHttpDate(internal::TrimWhitespace(*value));
  return parsed.ok() ? std::optional<TimePoint>(*parsed) : std::nullopt;
}

ReadPreconditions ParseWithPrefix(const http::Headers& headers, std::string_view prefix) {
  const std::string p(prefix);
  ReadPreconditions preconditions;
  preconditions.if_match = HeaderString(headers, p + "if-match");
  preconditions.if_none_match = HeaderString(headers, p + "if-none-match");
  preconditions.if_modified_since = HeaderDate(headers, p + "if-modified-since");
  preconditions.if_unmodified_since = HeaderDate(headers, p + "if-unmodified-since");
  return preconditions;
}

// HTTP dates have whole seconds; stored times have more.
bool ModifiedSince(TimePoint last_modified, TimePoint since) {
  return std::chrono::floor<std::chrono::seconds>(last_modified) > since;
}

Status Failed(std::string_view header) {
  return S3ErrorStatus(
      S3ErrorCode::kPreconditionFailed,
      "At least one of the pre-conditions you specified did not hold: " + std::string(header));
}

Status NotModified(std::string_view header) {
  return S3ErrorStatus(S3ErrorCode::kNotModified, "Not Modified: " + std::string(header));
}

// RFC 9110 13.2.2 steps 1-4. `not_modified` is the answer of steps 3-4 for
// GET/HEAD: 304 for reads, 412 for copy sources.
Status Evaluate(const ReadPreconditions& preconditions, const ObjectValidators& object,
                std::string_view prefix, bool copy_source) {
  const std::string p(prefix);
  if (preconditions.if_match) {
    if (!EtagListMatches(*preconditions.if_match, object.etag)) {
      return Failed(p + "If-Match");
    }
  } else if (preconditions.if_unmodified_since &&
             ModifiedSince(object.last_modified, *preconditions.if_unmodified_since)) {
    return Failed(p + "If-Unmodified-Since");
  }
  if (preconditions.if_none_match) {
    if (EtagListMatches(*preconditions.if_none_match, object.etag)) {
      return copy_source ? Failed(p + "If-None-Match") : NotModified("If-None-Match");
    }
  } else if (preconditions.if_modified_since &&
             !ModifiedSince(object.last_modified, *preconditions.if_modified_since)) {
    return copy_source ? Failed(p + "If-Modified-Since") : NotModified("If-Modified-Since");
  }
  return Status::Ok();
}

}  // namespace

bool EtagListMatches(std::string_view condition, std::string_view etag) {
  const std::string_view bare = BareEtag(etag);
  while (!condition.empty()) {
    const size_t comma = condition.find(',');
    const std::string_view candidate = internal::TrimWhitespace(condition.substr(0, comma));
    condition = comma == std::string_view::npos ? std::string_view() : condition.substr(comma + 1);
    if (candidate == "*" || (!candidate.empty() && BareEtag(candidate) == bare)) {
      return true;
    }
  }
  return false;
}

ReadPreconditions ParseReadPreconditions(const http::Headers& headers) {
  return ParseWithPrefix(headers, "");
}

ReadPreconditions ParseCopySourcePreconditions(const http::Headers& headers) {
  return ParseWithPrefix(headers, "x-amz-copy-source-");
}

Status EvaluateReadPreconditions(const ReadPreconditions& preconditions,
                                 const ObjectValidators& object) {
  return Evaluate(preconditions, object, "", /*copy_source=*/false);
}

Status EvaluateCopySourcePreconditions(const ReadPreconditions& preconditions,
                                       const ObjectValidators& source) {
  return Evaluate(preconditions, source, "x-amz-copy-source-", /*copy_source=*/true);
}

Result<WritePreconditions> ParseWritePreconditions(const http::Headers& headers) {
  WritePreconditions preconditions;
  preconditions.if_match = HeaderString(headers, "if-match");
  if (const std::optional<std::string_view> none_match = headers.Get("if-none-match")) {
    if (internal::TrimWhitespace(*none_match) != "*") {
      return S3ErrorStatus(S3ErrorCode::kNotImplemented,
                           "A header you provided implies functionality that is not implemented: "
                           "If-None-Match on a write accepts only '*'");
    }
    preconditions.if_none_match_any = true;
  }
  return preconditions;
}

Status EvaluateWritePreconditions(const WritePreconditions& preconditions,
                                  const std::optional<ObjectValidators>& current) {
  if (preconditions.if_match) {
    if (!current) {
      return S3ErrorStatus(S3ErrorCode::kNoSuchKey);
    }
    if (!EtagListMatches(*preconditions.if_match, current->etag)) {
      return Failed("If-Match");
    }
  }
  if (preconditions.if_none_match_any && current) {
    return Failed("If-None-Match");
  }
  return Status::Ok();
}

}  // namespace gloss::storage::s3
