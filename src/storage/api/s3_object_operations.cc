// PutObject, GetObject / HeadObject, DeleteObject, CopyObject, and what the
// upload and copy operations share.

#include <cerrno>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include <fcntl.h>

#include "core/unique_fd.h"
#include "http/blocking.h"
#include "storage/api/s3_body.h"
#include "storage/api/s3_operations.h"
#include "storage/s3/conditional.h"
#include "storage/s3/dates.h"
#include "storage/s3/multipart_params.h"
#include "storage/s3/object_headers.h"
#include "storage/s3/range.h"
#include "storage/s3/result_documents.h"
#include "storage/s3/s3_errors.h"

namespace gloss::storage::s3_api {
namespace {

namespace asio = boost::asio;
using s3::S3ErrorCode;
using s3::S3ErrorStatus;

s3::ContentHeaders ContentHeadersOf(const ObjectAttributes& attributes) {
  s3::ContentHeaders headers;
  headers.content_type = attributes.content_type;
  headers.content_encoding = attributes.content_encoding;
  headers.content_disposition = attributes.content_disposition;
  headers.content_language = attributes.content_language;
  headers.cache_control = attributes.cache_control;
  headers.expires = attributes.expires;
  return headers;
}

// Content headers (with GetObject's response-* overrides), validators and
// user metadata of an object.
void AddObjectHeaders(http::Response& response, const ObjectInfo& info,
                      const s3::QueryParams& query) {
  const s3::ContentHeaders content =
      s3::ApplyResponseOverrides(ContentHeadersOf(info.attributes), query);
  const std::pair<std::string_view, const std::string&> optional_headers[] = {
      {"Content-Type", content.content_type},
      {"Content-Encoding", content.content_encoding},
      {"Content-Disposition", content.content_disposition},
      {"Content-Language", content.content_language},
      {"Cache-Control", content.cache_control},
      {"Expires", content.expires},
  };
  for (const auto& [name, value] : optional_headers) {
    if (!value.empty()) {
      response.SetHeader(name, value);
    }
  }
  response.SetHeader("ETag", QuoteEtag(info.etag));
  response.SetHeader("Last-Modified", s3::FormatHttpDate(info.last_modified));
  response.SetHeader("Accept-Ranges", "bytes");
  for (const auto& [name, value] : info.attributes.user_metadata) {
    response.headers.emplace_back(std::string(s3::kUserMetadataPrefix) + name, value);
  }
}

// An owned duplicate of `fd`, for http::FileBody (the BlobFile keeps its own).
Result<UniqueFd> DuplicateFd(int fd) {
  const int duplicate = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if (duplicate < 0) {
    return Status::Unavailable(std::string("cannot duplicate the object's descriptor: ") +
                               std::strerror(errno));
  }
  return UniqueFd(duplicate);
}

// The object and, for GET, an open descriptor of its body.
struct OpenedObject {
  ObjectInfo info;
  UniqueFd body;  // Invalid for HEAD.
};

Result<OpenedObject> OpenObject(const S3Call& call, bool head_only) {
  ObjectStore& store = *call.context.store;
  if (head_only) {
    ASSIGN_OR_RETURN(ObjectInfo info, store.HeadObject(call.s3.bucket, call.s3.key));
    return OpenedObject{std::move(info), UniqueFd()};
  }
  ASSIGN_OR_RETURN(ObjectContent content, store.GetObject(call.s3.bucket, call.s3.key));
  ASSIGN_OR_RETURN(UniqueFd body, DuplicateFd(content.body.fd()));
  return OpenedObject{std::move(content.info), std::move(body)};
}

// 304 carries the validators and no body; 412 is an <Error>.
http::Response PreconditionResponse(const S3Call& call, const Status& status,
                                    const ObjectInfo& info) {
  http::Response response = ErrorResponse(call, status);
  if (s3::S3ErrorCodeOf(status) == S3ErrorCode::kNotModified) {
    response.SetHeader("ETag", QuoteEtag(info.etag));
    response.SetHeader("Last-Modified", s3::FormatHttpDate(info.last_modified));
  }
  return response;
}

bool AnyPreconditions(const s3::ReadPreconditions& preconditions) {
  return preconditions.if_match || preconditions.if_none_match || preconditions.if_modified_since ||
         preconditions.if_unmodified_since;
}

// The object at bucket/key; nullopt when there is none.
Result<std::optional<ObjectInfo>> FindObject(ObjectStore& store, std::string_view bucket,
                                             std::string_view key) {
  Result<ObjectInfo> current = store.HeadObject(bucket, key);
  if (!current.ok()) {
    if (s3::S3ErrorCodeOf(current.status()) == S3ErrorCode::kNoSuchKey) {
      return std::optional<ObjectInfo>();
    }
    return current.status();
  }
  return std::optional<ObjectInfo>(std::move(*current));
}

// Evaluates If-Match / If-None-Match: * against `current` (null: no object).
Status CheckWritePreconditions(const s3::WritePreconditions& preconditions,
                               const ObjectInfo* current) {
  std::optional<s3::ObjectValidators> validators;
  if (current != nullptr) {
    validators =
        s3::ObjectValidators{.etag = current->etag, .last_modified = current->last_modified};
  }
  return s3::EvaluateWritePreconditions(preconditions, validators);
}

// Opens the writer, after a first check of If-Match / If-None-Match: * that
// spares receiving a body bound to fail. The check that counts runs again in
// the commit's transaction (PutOptions::precondition). Blocking.
Result<ObjectWriter> BeginPut(const S3Call& call, const s3::WritePreconditions& preconditions) {
  ObjectStore& store = *call.context.store;
  if (preconditions.if_match || preconditions.if_none_match_any) {
    ASSIGN_OR_RETURN(const std::optional<ObjectInfo> current,
                     FindObject(store, call.s3.bucket, call.s3.key));
    RETURN_IF_ERROR(CheckWritePreconditions(preconditions, current ? &*current : nullptr));
  }
  return store.BeginPut(call.s3.bucket, call.s3.key);
}

// What PutObject knows before its body.
struct PutRequest {
  PutOptions options;
  s3::WritePreconditions preconditions;
};

Result<PutRequest> ParsePutRequest(const S3Call& call, const UploadBody& upload) {
  PutRequest put;
  ASSIGN_OR_RETURN(put.options.attributes, ParseAttributes(call.headers()));
  ASSIGN_OR_RETURN(put.preconditions, s3::ParseWritePreconditions(call.headers()));
  if (put.preconditions.if_match || put.preconditions.if_none_match_any) {
    put.options.precondition = [preconditions = put.preconditions](const ObjectInfo* current) {
      return CheckWritePreconditions(preconditions, current);
    };
  }
  put.options.content_md5 = upload.content_md5;
  return put;
}

// Commits `writer` with the verified `checksums`; returns the stored ETag.
// Blocking.
Result<std::string> CommitPut(const S3Call& call, PutRequest& put, ObjectWriter& writer,
                              const Checksums& checksums) {
  put.options.checksums = checksums;
  ASSIGN_OR_RETURN(const ObjectInfo stored, writer.Commit(put.options, call.requester));
  return stored.etag;
}

// A body announced to fit one slice is read whole first, then stored in
// one hop to the pool (temp file, write, sync, commit) where streaming it
// takes three: small PUTs are bound by those hops, not by bytes.
asio::awaitable<Result<http::Response>> PutSmallObject(S3Call& call, UploadBody& upload,
                                                       PutRequest& put) {
  Result<std::string> body = co_await ReadSmallBody(call.request.body, upload.decoder, kSliceBytes);
  if (!body.ok()) {
    co_return body.status();
  }
  co_return co_await http::RunBlocking(*call.context.pool, [&]() -> Result<http::Response> {
    ASSIGN_OR_RETURN(ObjectWriter writer, BeginPut(call, put.preconditions));
    RETURN_IF_ERROR(writer.Write(*body));
    const Checksums checksums = upload.decoder.checksums();
    ASSIGN_OR_RETURN(const std::string etag, CommitPut(call, put, writer, checksums));
    return UploadResponse(etag, checksums);
  });
}

}  // namespace

http::Response UploadResponse(std::string_view etag, const Checksums& checksums) {
  http::Response response = EmptyResponse(200);
  response.SetHeader("ETag", QuoteEtag(etag));
  AddChecksumHeaders(response, checksums);
  return response;
}

void AddChecksumHeaders(http::Response& response, const Checksums& checksums) {
  for (const auto& [algorithm, value] : checksums) {
    if (const std::optional<aws::ChecksumAlgorithm> known =
            aws::ChecksumAlgorithmFromName(algorithm)) {
      response.SetHeader(aws::ChecksumHeaderName(*known), value);
    }
  }
}

Result<ObjectAttributes> ParseAttributes(const http::Headers& headers) {
  ASSIGN_OR_RETURN(s3::ObjectWriteHeaders parsed, s3::ParseObjectWriteHeaders(headers));
  s3::ContentHeaders& content = parsed.content;
  return ObjectAttributes{.content_type = std::move(content.content_type),
                          .content_encoding = std::move(content.content_encoding),
                          .content_disposition = std::move(content.content_disposition),
                          .cache_control = std::move(content.cache_control),
                          .content_language = std::move(content.content_language),
                          .expires = std::move(content.expires),
                          .user_metadata = std::move(parsed.metadata)};
}

Result<s3::CopySource> AuthorizedCopySource(const S3Call& call) {
  ASSIGN_OR_RETURN(s3::CopySource source,
                   s3::ParseCopySource(call.headers().Get("x-amz-copy-source").value_or("")));
  RETURN_IF_ERROR(call.Authorize(S3Action::kGet, source.bucket, source.key));
  return source;
}

Status CheckCopySourcePreconditions(const S3Call& call, const s3::CopySource& source) {
  const s3::ReadPreconditions preconditions = s3::ParseCopySourcePreconditions(call.headers());
  if (!AnyPreconditions(preconditions)) {
    return Status::Ok();
  }
  ASSIGN_OR_RETURN(const ObjectInfo info,
                   call.context.store->HeadObject(source.bucket, source.key));
  return s3::EvaluateCopySourcePreconditions(
      preconditions, {.etag = info.etag, .last_modified = info.last_modified});
}

Result<UploadBody> PrepareUploadBody(const S3Call& call) {
  ASSIGN_OR_RETURN(BodyDecoder decoder,
                   BodyDecoder::Create(call.head(), call.signature ? &*call.signature : nullptr));
  if (decoder.declared_size() && *decoder.declared_size() > s3::kMaxPutObjectSize) {
    return S3ErrorStatus(S3ErrorCode::kEntityTooLarge);
  }
  ASSIGN_OR_RETURN(std::string content_md5, ParseContentMd5(call.headers()));
  return UploadBody{std::move(decoder), std::move(content_md5)};
}

asio::awaitable<Result<http::Response>> ReceiveUpload(
    S3Call& call, UploadBody& upload, BodyWriter& writer,
    const std::function<Result<std::string>(const Checksums&)>& commit) {
  const Status received =
      co_await StreamBody(call.request.body, *call.context.pool, upload.decoder, writer);
  Result<std::string> etag =
      co_await http::RunBlocking(*call.context.pool, [&]() -> Result<std::string> {
        Result<std::string> committed =
            received.ok() ? commit(upload.decoder.checksums()) : Result<std::string>(received);
        if (!committed.ok()) {
          writer.Abort();  // Nothing of a failed upload is kept.
        }
        return committed;
      });
  if (!etag.ok()) {
    co_return etag.status();
  }
  co_return UploadResponse(*etag, upload.decoder.checksums());
}

asio::awaitable<Result<http::Response>> PutObject(S3Call& call) {
  const Status allowed = call.Authorize(S3Action::kPut, call.s3.bucket, call.s3.key);
  if (!allowed.ok()) {
    co_return allowed;
  }
  Result<UploadBody> upload = PrepareUploadBody(call);
  if (!upload.ok()) {
    co_return upload.status();
  }
  Result<PutRequest> put = ParsePutRequest(call, *upload);
  if (!put.ok()) {
    co_return put.status();
  }
  if (upload->decoder.declared_size() && *upload->decoder.declared_size() <= kSliceBytes) {
    co_return co_await PutSmallObject(call, *upload, *put);
  }
  Result<ObjectWriter> writer = co_await http::RunBlocking(
      *call.context.pool, [&] { return BeginPut(call, put->preconditions); });
  if (!writer.ok()) {
    co_return writer.status();
  }
  co_return co_await ReceiveUpload(call, *upload, *writer, [&](const Checksums& checksums) {
    return CommitPut(call, *put, *writer, checksums);
  });
}

Result<http::Response> GetObject(S3Call& call) {
  RETURN_IF_ERROR(call.Authorize(S3Action::kGet, call.s3.bucket, call.s3.key));
  const bool head_only = call.s3.operation == s3::S3Operation::kHeadObject;
  ASSIGN_OR_RETURN(OpenedObject object, OpenObject(call, head_only));
  const ObjectInfo& info = object.info;
  const Status precondition =
      s3::EvaluateReadPreconditions(s3::ParseReadPreconditions(call.headers()),
                                    {.etag = info.etag, .last_modified = info.last_modified});
  if (!precondition.ok()) {
    return PreconditionResponse(call, precondition, info);
  }
  const Result<std::optional<s3::ByteRange>> range =
      s3::SelectByteRange(call.headers().Get("range"), info.size);
  if (!range.ok()) {
    http::Response response = ErrorResponse(call, range.status());
    response.SetHeader("Content-Range", s3::UnsatisfiedContentRange(info.size));
    return response;
  }
  const std::optional<s3::ByteRange>& selected = *range;
  http::Response response = EmptyResponse(selected ? 206 : 200);
  AddObjectHeaders(response, info, call.s3.query);
  if (selected) {
    response.SetHeader("Content-Range", selected->ContentRange(info.size));
  } else if (call.headers().Get("x-amz-checksum-mode") == "ENABLED") {
    // Only a whole object matches its stored checksum.
    AddChecksumHeaders(response, info.checksums);
  }
  const uint64_t offset = selected ? selected->first : 0;
  const uint64_t length = selected ? selected->length() : info.size;
  if (head_only) {
    response.SetHeader("Content-Length", std::to_string(length));
  } else {
    response.file = std::make_shared<http::FileBody>(
        http::FileBody{.file = std::move(object.body), .offset = offset, .length = length});
  }
  return response;
}

Result<http::Response> DeleteObject(S3Call& call) {
  RETURN_IF_ERROR(call.Authorize(S3Action::kDelete, call.s3.bucket, call.s3.key));
  RETURN_IF_ERROR(call.context.store->DeleteObject(call.s3.bucket, call.s3.key, call.requester));
  return EmptyResponse(204);
}

Result<http::Response> CopyObject(S3Call& call) {
  ASSIGN_OR_RETURN(const s3::CopySource source, AuthorizedCopySource(call));
  RETURN_IF_ERROR(call.Authorize(S3Action::kPut, call.s3.bucket, call.s3.key));
  ASSIGN_OR_RETURN(const s3::MetadataDirective directive,
                   s3::ParseMetadataDirective(call.headers()));
  RETURN_IF_ERROR(s3::CheckNotCopyOntoItself(source, call.s3.bucket, call.s3.key, directive));
  CopyOptions options;
  if (directive == s3::MetadataDirective::kReplace) {
    options.directive = MetadataDirective::kReplace;
    ASSIGN_OR_RETURN(options.attributes, ParseAttributes(call.headers()));
  }
  RETURN_IF_ERROR(CheckCopySourcePreconditions(call, source));
  ASSIGN_OR_RETURN(const ObjectInfo copied,
                   call.context.store->CopyObject(source.bucket, source.key, call.s3.bucket,
                                                  call.s3.key, options, call.requester));
  return XmlResponse(s3::RenderCopyObjectResult(copied.etag, copied.last_modified));
}

}  // namespace gloss::storage::s3_api
