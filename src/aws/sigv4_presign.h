// SigV4 query-string authentication ("presigned URLs"), as
// @aws-sdk/s3-request-presigner produces them:
//   ?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20130524%2Fus-east-1%2Fs3%2Faws4_request
//    &X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host
//    [&X-Amz-Security-Token=...][&X-Amz-Content-Sha256=UNSIGNED-PAYLOAD]&X-Amz-Signature=<hex>
// The canonical request is the header form's, with the canonical query built
// from every parameter except X-Amz-Signature and the payload hash
// X-Amz-Content-Sha256 if given, else "UNSIGNED-PAYLOAD" (S3).
//
// VerifySigV4 (sigv4.h) calls VerifyPresignedV4 for presigned requests; call
// it directly only when the header form must not be accepted.
//
// Errors (message prefix = the code S3 answers with):
//   AuthorizationQueryParametersError kInvalidArgument  a parameter missing, repeated or
//                                                       malformed; X-Amz-Expires not in
//                                                       1..604800; credential date is not
//                                                       X-Amz-Date's date
//   InvalidAccessKeyId               kUnauthenticated  unknown access key id
//   AccessDenied                     kPermissionDenied "Request has expired" (X-Amz-Date +
//                                                       X-Amz-Expires < now) or "Request is
//                                                       not yet valid" (X-Amz-Date > now +
//                                                       max_skew), as S3 does
//   SignatureDoesNotMatch            kPermissionDenied wrong signature
//   InvalidToken                     kPermissionDenied X-Amz-Security-Token missing/wrong
//                                                       for a credential with a session token
//
// Thread safety: pure functions, as in sigv4.h.

#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/sigv4.h"
#include "core/result.h"
#include "http/request.h"

namespace gloss::aws {

inline constexpr std::string_view kPresignAlgorithmParam = "X-Amz-Algorithm";
inline constexpr std::string_view kPresignCredentialParam = "X-Amz-Credential";
inline constexpr std::string_view kPresignDateParam = "X-Amz-Date";
inline constexpr std::string_view kPresignExpiresParam = "X-Amz-Expires";
inline constexpr std::string_view kPresignSignedHeadersParam = "X-Amz-SignedHeaders";
inline constexpr std::string_view kPresignSignatureParam = "X-Amz-Signature";
inline constexpr std::string_view kPresignSecurityTokenParam = "X-Amz-Security-Token";
inline constexpr std::string_view kPresignContentSha256Param = "X-Amz-Content-Sha256";

inline constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";
// S3's limit on X-Amz-Expires: seven days.
inline constexpr std::chrono::seconds kMaxPresignExpiry{604800};

// The X-Amz-* parameters of a presigned request, percent-decoded and checked.
struct PresignedQuery {
  SigV4Authorization auth;  // From X-Amz-Credential, X-Amz-SignedHeaders, X-Amz-Signature.
  std::string amz_date;     // yyyymmddThhmmssZ, its date equal to auth.date.
  std::chrono::system_clock::time_point signed_at;
  std::chrono::seconds expires{0};            // 1..604800.
  std::optional<std::string> security_token;  // X-Amz-Security-Token.
  std::optional<std::string> content_sha256;  // X-Amz-Content-Sha256.
};

// Parses and checks the X-Amz-* parameters of `raw_query` (without '?').
// Parameter names are matched exactly (case-sensitive), as S3 does.
// Errors: AuthorizationQueryParametersError (kInvalidArgument).
Result<PresignedQuery> ParsePresignedQuery(std::string_view raw_query);

// CanonicalQuery (sigv4.h) of `raw_query` without its X-Amz-Signature
// parameter. Errors: kInvalidArgument on a bad percent escape.
Result<std::string> PresignedCanonicalQuery(std::string_view raw_query);

// Verifies a presigned request; `payload_sha256_hex` is used only when
// X-Amz-Content-Sha256 is absent and !opts.presigned_unsigned_payload.
// Errors as listed at the top of this file.
Result<SigV4Identity> VerifyPresignedV4(const http::RequestHead& head,
                                        std::string_view payload_sha256_hex,
                                        const CredentialLookup& lookup,
                                        std::chrono::system_clock::time_point now,
                                        const VerifyOptions& opts);

struct PresignV4Params {
  std::string access_key_id;
  std::string secret_access_key;
  std::optional<std::string> session_token;  // Adds X-Amz-Security-Token.
  std::string region;
  std::string service = "s3";
  std::string amz_date;  // yyyymmddThhmmssZ: when the URL becomes valid.
  std::chrono::seconds expires{900};
  // Payload hash to sign. Set: added as X-Amz-Content-Sha256 and signed.
  // Unset: "UNSIGNED-PAYLOAD" is signed and no parameter is added (S3's rule).
  std::optional<std::string> content_sha256;
  // Header names to sign besides host (the request must carry them).
  std::vector<std::string> signed_headers;
  bool raw_path = true;
};

// Returns the query string (without '?') of the presigned URL for `head`:
// head.query followed by the X-Amz-* parameters, X-Amz-Signature last. The
// URL is then scheme://host + head.path + "?" + the result; `head` must carry
// the host header the URL will be fetched with. Errors: kInvalidArgument if
// expires is not in 1..604800, amz_date is malformed, head.query already has
// X-Amz-* authentication parameters or a bad escape, or a signed header is
// missing or not a token.
Result<std::string> PresignV4(const http::RequestHead& head, const PresignV4Params& params);

}  // namespace gloss::aws
