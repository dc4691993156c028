#include "storage/api/s3_route.h"

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/random.h"
#include "http/blocking.h"
#include "storage/api/s3_body.h"
#include "storage/api/s3_operations.h"
#include "storage/s3/multipart_params.h"
#include "storage/s3/request_documents.h"
#include "storage/s3/s3_errors.h"

namespace gloss::storage {
namespace {

namespace asio = boost::asio;
using s3::S3ErrorCode;
using s3::S3ErrorStatus;
using s3_api::S3Call;

// The largest request body: a 5 GiB PutObject plus its aws-chunked framing,
// which costs ~90 bytes per chunk (signed) and the SDKs' streams send chunks
// as small as their source yields; 1 GiB of headroom covers chunks down to
// ~512 bytes. The payload itself is capped at 5 GiB by the engine.
constexpr size_t kBodyLimit = s3::kMaxPutObjectSize + (size_t{1} << 30);

constexpr size_t kRequestIdLength = 16;
constexpr size_t kHostIdLength = 32;
constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";

// S3 answers an invalid bearer token or API key (Gloss extensions, not S3
// credentials) like a request S3 refuses to serve: 403 AccessDenied, the
// original code kept in the message.
Status ToS3AuthError(const Status& status) {
  for (const std::string_view code : {auth::kInvalidUserToken, auth::kInvalidApiKey}) {
    if (status.message().starts_with(code)) {
      return S3ErrorStatus(S3ErrorCode::kAccessDenied, status.message());
    }
  }
  return status;
}

// The resolver checks the signature; which service and region it was made
// for is the service's to check, as S3 does.
Status CheckScope(const aws::SigV4Identity& identity, std::string_view region) {
  const S3ErrorCode code = identity.presigned ? S3ErrorCode::kAuthorizationQueryParametersError
                                              : S3ErrorCode::kAuthorizationHeaderMalformed;
  if (identity.service != "s3") {
    return S3ErrorStatus(
        code, "the credential scope names service '" + identity.service + "'; expecting 's3'");
  }
  if (identity.region != region) {
    return S3ErrorStatus(code, "the region '" + identity.region + "' is wrong; expecting '" +
                                   std::string(region) + "'");
  }
  return Status::Ok();
}

// The principal as the engine's events name it.
std::string PrincipalId(const auth::Principal& principal) {
  switch (principal.kind) {
    case auth::PrincipalKind::kAdmin: return "admin";
    case auth::PrincipalKind::kFunction: return principal.function_name;
    case auth::PrincipalKind::kUser: return principal.sub;
    case auth::PrincipalKind::kApiKey: return principal.api_key_id;
    case auth::PrincipalKind::kGuest: return "Anonymous";
  }
  return "Anonymous";
}

// Finds who the request acts as and stores it in `call`, with the verified
// signature; blocking (the resolver may read the database).
Status Authenticate(S3Call& call) {
  aws::SigV4Identity signature;
  auth::PresentedCredentials presented;
  presented.head = &call.head();
  // Presigned URLs carry their own payload hash; aws::VerifySigV4 uses it.
  presented.payload_sha256_hex =
      std::string(call.headers().Get("x-amz-content-sha256").value_or(kUnsignedPayload));
  presented.sigv4 = aws::VerifyOptions{.raw_path = true};
  presented.signature = &signature;
  Result<auth::Principal> principal =
      call.context.resolver->Resolve(presented, std::chrono::system_clock::now());
  if (!principal.ok()) {
    return ToS3AuthError(principal.status());
  }
  if (!signature.access_key_id.empty()) {
    RETURN_IF_ERROR(CheckScope(signature, call.context.region));
    call.signature = std::move(signature);
  }
  call.principal = *std::move(principal);
  call.requester = Requester{.principal_id = PrincipalId(call.principal),
                             .source_ip = call.request.head.remote_address,
                             .request_id = call.ids.request_id};
  return Status::Ok();
}

using DocumentOperation = Result<http::Response> (*)(S3Call&, std::string_view);
using BlockingOperation = Result<http::Response> (*)(S3Call&);

// Reads the request's XML document (at most `limit` bytes), then runs
// `operation` with it on the pool.
asio::awaitable<Result<http::Response>> WithDocument(S3Call& call, size_t limit,
                                                     DocumentOperation operation) {
  Result<s3_api::BodyDecoder> decoder =
      s3_api::BodyDecoder::Create(call.head(), call.signature ? &*call.signature : nullptr);
  if (!decoder.ok()) {
    co_return decoder.status();
  }
  Result<std::string> body = co_await s3_api::ReadSmallBody(call.request.body, *decoder, limit);
  if (!body.ok()) {
    co_return body.status();
  }
  co_return co_await http::RunBlocking(*call.context.pool, [&] { return operation(call, *body); });
}

// The operations that need nothing from the socket after the head: they run
// whole on the pool, authentication included, in one hop. Null for the
// others.
BlockingOperation BlockingOperationOf(s3::S3Operation operation) {
  using enum s3::S3Operation;
  switch (operation) {
    case kListBuckets: return &s3_api::ListBuckets;
    case kDeleteBucket: return &s3_api::DeleteBucket;
    case kHeadBucket: return &s3_api::HeadBucket;
    case kGetBucketLocation: return &s3_api::GetBucketLocation;
    case kListObjects: return &s3_api::ListObjects;
    case kListObjectsV2: return &s3_api::ListObjectsV2;
    case kListMultipartUploads: return &s3_api::ListMultipartUploads;
    case kCopyObject: return &s3_api::CopyObject;
    case kGetObject:
    case kHeadObject: return &s3_api::GetObject;
    case kDeleteObject: return &s3_api::DeleteObject;
    case kCreateMultipartUpload: return &s3_api::CreateMultipartUpload;
    case kUploadPartCopy: return &s3_api::UploadPartCopy;
    case kAbortMultipartUpload: return &s3_api::AbortMultipartUpload;
    case kListParts: return &s3_api::ListParts;
    case kCreateBucket:
    case kDeleteObjects:
    case kPutObject:
    case kUploadPart:
    case kCompleteMultipartUpload: return nullptr;
  }
  return nullptr;
}

// The operations that read a body, for an authenticated `call`.
asio::awaitable<Result<http::Response>> DispatchWithBody(S3Call& call) {
  using enum s3::S3Operation;
  switch (call.s3.operation) {
    case kCreateBucket:
      co_return co_await WithDocument(call, s3::kMaxCreateBucketBodyBytes, &s3_api::CreateBucket);
    case kDeleteObjects:
      co_return co_await WithDocument(call, s3::kMaxDeleteBodyBytes, &s3_api::DeleteObjects);
    case kPutObject: co_return co_await s3_api::PutObject(call);
    case kUploadPart: co_return co_await s3_api::UploadPart(call);
    case kCompleteMultipartUpload:
      co_return co_await WithDocument(call, s3::kMaxCompleteBodyBytes,
                                      &s3_api::CompleteMultipartUpload);
    default: break;
  }
  co_return S3ErrorStatus(S3ErrorCode::kNotImplemented);
}

// Authenticates `call` and runs its operation.
asio::awaitable<Result<http::Response>> Dispatch(S3Call& call) {
  if (const BlockingOperation operation = BlockingOperationOf(call.s3.operation)) {
    co_return co_await http::RunBlocking(*call.context.pool, [&]() -> Result<http::Response> {
      RETURN_IF_ERROR(Authenticate(call));
      return operation(call);
    });
  }
  const Status authenticated =
      co_await http::RunBlocking(*call.context.pool, [&] { return Authenticate(call); });
  if (!authenticated.ok()) {
    co_return authenticated;
  }
  co_return co_await DispatchWithBody(call);
}

// `shared` keeps the context alive while the request is in flight, whatever
// happens to the route table.
asio::awaitable<http::Response> Handle(std::shared_ptr<const S3RouteContext> shared,
                                       http::Request& request) {
  const S3RouteContext& context = *shared;
  const s3::ResponseIds ids{RandomString(kRequestIdLength, kUpperAlphanumeric),
                            RandomString(kHostIdLength, kBase62)};
  Result<s3::S3Request> classified = s3::ClassifyS3Request(request.head);
  if (!classified.ok()) {
    co_return s3::MakeErrorResponse(s3::S3ErrorFromStatus(classified.status()), {}, ids,
                                    request.head.method == "HEAD");
  }
  S3Call call{.context = context, .request = request, .s3 = std::move(*classified), .ids = ids};
  Result<http::Response> response = co_await Dispatch(call);
  if (!response.ok()) {
    co_return s3_api::ErrorResponse(call, response.status());
  }
  s3::SetResponseIds(*response, ids);
  co_return std::move(*response);
}

}  // namespace

namespace s3_api {

Status S3Call::Authorize(S3Action action, std::string_view bucket, std::string_view key) const {
  // {entity_id} is the caller's identity-pool id (tokens and identity credentials alike).
  return context.access->Check(principal, principal.identity_id, action, bucket, key);
}

http::Response ErrorResponse(const S3Call& call, const Status& status) {
  const s3::S3Error error = s3::S3ErrorFromStatus(status);
  if (error.http_status >= 500 && call.context.logger != nullptr) {
    call.context.logger->Error("s3", "request failed",
                               {{"operation", s3::S3OperationName(call.s3.operation)},
                                {"request_id", call.ids.request_id},
                                {"status", status.ToString()}});
  }
  const std::string upload_id(call.s3.query.Get("uploadId").value_or(""));
  return s3::MakeErrorResponse(
      error, {.bucket = call.s3.bucket, .key = call.s3.key, .upload_id = upload_id}, call.ids,
      call.head().method == "HEAD");
}

http::Response XmlResponse(std::string body, unsigned status) {
  http::Response response;
  response.status = status;
  response.SetHeader("Content-Type", "application/xml");
  response.body = std::move(body);
  return response;
}

http::Response EmptyResponse(unsigned status) {
  http::Response response;
  response.status = status;
  return response;
}

std::string QuoteEtag(std::string_view etag) { return "\"" + std::string(etag) + "\""; }

}  // namespace s3_api

http::Route S3Route(S3RouteContext context) {
  http::Route route;
  route.name = "s3";
  route.body_limit = kBodyLimit;
  // Shared by the copies of the handler std::function makes and by the
  // requests in flight.
  auto shared = std::make_shared<const S3RouteContext>(std::move(context));
  route.handler = [shared](http::Request& request) { return Handle(shared, request); };
  return route;
}

}  // namespace gloss::storage
