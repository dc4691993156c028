// The multipart upload operations. Every step of an upload is a kPut on its
// key; listing its parts or the bucket's uploads is a kList.

#include <string>
#include <utility>
#include <vector>

#include "aws/sigv4.h"
#include "http/blocking.h"
#include "storage/api/s3_operations.h"
#include "storage/s3/list_params.h"
#include "storage/s3/list_results.h"
#include "storage/s3/multipart_params.h"
#include "storage/s3/range.h"
#include "storage/s3/request_documents.h"
#include "storage/s3/result_documents.h"

namespace gloss::storage::s3_api {
namespace {

namespace asio = boost::asio;

Status AuthorizeUpload(const S3Call& call) {
  return call.Authorize(S3Action::kPut, call.s3.bucket, call.s3.key);
}

// The object's URL in CompleteMultipartUploadResult, as the client addressed
// the server.
std::string ObjectLocation(const S3Call& call) {
  const std::string host(call.headers().Get("host").value_or("localhost"));
  return "http://" + host + "/" + aws::UriEncode(call.s3.bucket, /*keep_slash=*/false) + "/" +
         aws::UriEncode(call.s3.key, /*keep_slash=*/true);
}

// x-amz-copy-source-range, if sent.
Result<std::optional<ByteRange>> CopySourceRange(const http::Headers& headers) {
  const std::optional<std::string_view> header = headers.Get("x-amz-copy-source-range");
  if (!header) {
    return std::optional<ByteRange>();
  }
  ASSIGN_OR_RETURN(const s3::ByteRange range, s3::ParseCopySourceRange(*header));
  return std::optional<ByteRange>(ByteRange{.first = range.first, .last = range.last});
}

}  // namespace

Result<http::Response> CreateMultipartUpload(S3Call& call) {
  RETURN_IF_ERROR(AuthorizeUpload(call));
  ASSIGN_OR_RETURN(const ObjectAttributes attributes, ParseAttributes(call.headers()));
  ASSIGN_OR_RETURN(const std::string upload_id, call.context.store->CreateMultipartUpload(
                                                    call.s3.bucket, call.s3.key, attributes));
  return XmlResponse(
      s3::RenderInitiateMultipartUploadResult(call.s3.bucket, call.s3.key, upload_id));
}

asio::awaitable<Result<http::Response>> UploadPart(S3Call& call) {
  const Status allowed = AuthorizeUpload(call);
  if (!allowed.ok()) {
    co_return allowed;
  }
  const Result<s3::UploadPartParams> params = s3::ParseUploadPartParams(call.s3.query);
  if (!params.ok()) {
    co_return params.status();
  }
  Result<UploadBody> upload = PrepareUploadBody(call);
  if (!upload.ok()) {
    co_return upload.status();
  }
  Result<PartWriter> writer = co_await http::RunBlocking(*call.context.pool, [&] {
    return call.context.store->BeginUploadPart(call.s3.bucket, call.s3.key, params->upload_id,
                                               static_cast<int>(params->part_number));
  });
  if (!writer.ok()) {
    co_return writer.status();
  }
  co_return co_await ReceiveUpload(
      call, *upload, *writer, [&](const Checksums& checksums) -> Result<std::string> {
        const PartOptions options{.checksums = checksums, .content_md5 = upload->content_md5};
        ASSIGN_OR_RETURN(const PartInfo stored, writer->Commit(options));
        return stored.etag;
      });
}

Result<http::Response> UploadPartCopy(S3Call& call) {
  ASSIGN_OR_RETURN(const s3::UploadPartParams params, s3::ParseUploadPartParams(call.s3.query));
  ASSIGN_OR_RETURN(const s3::CopySource source, AuthorizedCopySource(call));
  RETURN_IF_ERROR(AuthorizeUpload(call));
  ASSIGN_OR_RETURN(const std::optional<ByteRange> range, CopySourceRange(call.headers()));
  RETURN_IF_ERROR(CheckCopySourcePreconditions(call, source));
  ASSIGN_OR_RETURN(const PartInfo part,
                   call.context.store->UploadPartCopy(call.s3.bucket, call.s3.key, params.upload_id,
                                                      static_cast<int>(params.part_number),
                                                      source.bucket, source.key, range));
  return XmlResponse(s3::RenderCopyPartResult(part.etag, part.last_modified));
}

Result<http::Response> CompleteMultipartUpload(S3Call& call, std::string_view body) {
  RETURN_IF_ERROR(AuthorizeUpload(call));
  ASSIGN_OR_RETURN(const std::string upload_id, s3::ParseUploadId(call.s3.query));
  ASSIGN_OR_RETURN(const std::vector<s3::CompletedPart> listed,
                   s3::ParseCompleteMultipartUpload(body));
  std::vector<CompletedPart> parts;
  parts.reserve(listed.size());
  for (const s3::CompletedPart& part : listed) {
    parts.push_back({.part_number = static_cast<int>(part.part_number), .etag = part.etag});
  }
  ASSIGN_OR_RETURN(const ObjectInfo object,
                   call.context.store->CompleteMultipartUpload(call.s3.bucket, call.s3.key,
                                                               upload_id, parts, call.requester));
  return XmlResponse(s3::RenderCompleteMultipartUploadResult({.location = ObjectLocation(call),
                                                              .bucket = call.s3.bucket,
                                                              .key = call.s3.key,
                                                              .etag = object.etag}));
}

Result<http::Response> AbortMultipartUpload(S3Call& call) {
  RETURN_IF_ERROR(AuthorizeUpload(call));
  ASSIGN_OR_RETURN(const std::string upload_id, s3::ParseUploadId(call.s3.query));
  RETURN_IF_ERROR(call.context.store->AbortMultipartUpload(call.s3.bucket, call.s3.key, upload_id));
  return EmptyResponse(204);
}

Result<http::Response> ListParts(S3Call& call) {
  RETURN_IF_ERROR(call.Authorize(S3Action::kList, call.s3.bucket, call.s3.key));
  ASSIGN_OR_RETURN(const s3::ListPartsParams params, s3::ParseListPartsParams(call.s3.query));
  const ListPartsRequest request{.part_number_marker = static_cast<int>(params.part_number_marker),
                                 .max_parts = static_cast<int>(params.max_parts)};
  ASSIGN_OR_RETURN(PartsPage listed, call.context.store->ListParts(call.s3.bucket, call.s3.key,
                                                                   params.upload_id, request));
  s3::ListPartsPage page;
  page.bucket = call.s3.bucket;
  page.key = call.s3.key;
  page.upload_id = params.upload_id;
  page.initiator = SandboxOwner();
  page.owner = SandboxOwner();
  page.part_number_marker = params.part_number_marker;
  page.next_part_number_marker = static_cast<uint32_t>(listed.next_part_number_marker);
  page.max_parts = params.max_parts;
  page.is_truncated = listed.is_truncated;
  for (const PartInfo& part : listed.parts) {
    page.parts.push_back({.part_number = static_cast<uint32_t>(part.part_number),
                          .last_modified = part.last_modified,
                          .etag = part.etag,
                          .size = part.size});
  }
  return XmlResponse(s3::RenderListParts(page));
}

// The engine does not roll keys up by a delimiter, so none is applied or
// echoed: each upload is listed under its own key.
Result<http::Response> ListMultipartUploads(S3Call& call) {
  ASSIGN_OR_RETURN(s3::ListMultipartUploadsParams params,
                   s3::ParseListMultipartUploadsParams(call.s3.query));
  RETURN_IF_ERROR(call.Authorize(S3Action::kList, call.s3.bucket, params.prefix));
  const ListUploadsRequest request{.prefix = params.prefix,
                                   .key_marker = params.key_marker,
                                   .upload_id_marker = params.upload_id_marker,
                                   .max_uploads = static_cast<int>(params.max_uploads)};
  ASSIGN_OR_RETURN(UploadsPage listed,
                   call.context.store->ListMultipartUploads(call.s3.bucket, request));
  s3::ListMultipartUploadsPage page;
  page.bucket = call.s3.bucket;
  page.key_marker = std::move(params.key_marker);
  page.upload_id_marker = std::move(params.upload_id_marker);
  page.next_key_marker = std::move(listed.next_key_marker);
  page.next_upload_id_marker = std::move(listed.next_upload_id_marker);
  page.prefix = std::move(params.prefix);
  page.max_uploads = params.max_uploads;
  page.is_truncated = listed.is_truncated;
  page.url_encoding = params.url_encoding;
  for (UploadInfo& upload : listed.uploads) {
    page.uploads.push_back({.key = std::move(upload.key),
                            .upload_id = std::move(upload.upload_id),
                            .initiator = SandboxOwner(),
                            .owner = SandboxOwner(),
                            .storage_class = "STANDARD",
                            .initiated = upload.initiated});
  }
  return XmlResponse(s3::RenderListMultipartUploads(page));
}

}  // namespace gloss::storage::s3_api
