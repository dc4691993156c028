// AWS Signature Version 4: parsing the Authorization header, the canonical
// request, the string to sign, the signing key, and verification of a request
// head against a credential store. VerifySigV4 accepts both forms a client can
// sign with: the Authorization header, and presigned URLs (query parameters,
// handled in sigv4_presign.h). SignV4 produces the Authorization value for a
// request (tests, own clients); PresignV4 (sigv4_presign.h) a presigned query.
//
// Errors carry the AWS error code as message prefix, e.g.
// "SignatureDoesNotMatch: ...", so the protocol layer can render it:
//   MissingAuthenticationToken   kUnauthenticated  no Authorization header
//   InvalidAccessKeyId           kUnauthenticated  unknown access key id
//   IncompleteSignature          kInvalidArgument  a part or x-amz-date missing
//   AuthorizationHeaderMalformed kInvalidArgument  a part is malformed
//   InvalidArgument              kInvalidArgument  both an Authorization header
//                                                  and X-Amz-* query parameters
//   RequestTimeTooSkewed         kPermissionDenied x-amz-date > 15 min off
//   SignatureDoesNotMatch        kPermissionDenied wrong signature
//   InvalidToken                 kPermissionDenied session token missing/wrong
// and for presigned URLs the codes listed in sigv4_presign.h.
//
// A verified request carries what is needed to check the signatures of an
// aws-chunked body (SigV4SigningContext; the decoder is aws_chunked.h).
//
// Thread safety: all functions are pure and may be called concurrently; the
// CredentialLookup passed to VerifySigV4 must itself be safe to call from the
// calling thread.

#pragma once

#include <array>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/status.h"
#include "http/request.h"

namespace gloss::aws {

inline constexpr std::string_view kSigV4Algorithm = "AWS4-HMAC-SHA256";
// Hex SHA-256 of the empty string.
inline constexpr std::string_view kEmptyPayloadSha256 =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

// A derived SigV4 signing key (DeriveSigningKey).
using SigningKey = std::array<unsigned char, 32>;

// The parts of `Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`.
struct SigV4Authorization {
  std::string access_key_id;
  std::string date;  // yyyymmdd from the credential scope.
  std::string region;
  std::string service;
  std::vector<std::string> signed_headers;  // Lower-case, strictly ascending, includes "host".
  std::string signature;                    // 64 lower-case hex digits.

  // "<date>/<region>/<service>/aws4_request".
  std::string Scope() const;
};

// What a verified request's signature chains into: the seed of the chunk
// signatures of an aws-chunked body (aws_chunked.h) and of its trailer.
struct SigV4SigningContext {
  std::string amz_date;        // yyyymmddThhmmssZ, as signed.
  std::string scope;           // yyyymmdd/region/service/aws4_request
  std::string seed_signature;  // The request's own signature, 64 lower-case hex digits.
  SigningKey signing_key{};    // Secret material: do not log.
};

// Who signed a verified request, and how.
struct SigV4Identity {
  std::string access_key_id;
  std::string region;
  std::string service;
  std::string date;        // yyyymmdd
  bool presigned = false;  // Signed in the query (presigned URL), not in a header.
  // The payload hash the signature covers: header form, the caller's
  // payload_sha256_hex (S3: the x-amz-content-sha256 value, which names the
  // aws-chunked mode); presigned form, X-Amz-Content-Sha256 or
  // "UNSIGNED-PAYLOAD" (see VerifyOptions::presigned_unsigned_payload).
  std::string payload_sha256;
  SigV4SigningContext signing;
};

struct SigV4Credential {
  std::string secret_access_key;
  // When set, the request must carry this value in x-amz-security-token.
  std::optional<std::string> session_token;
};

// Maps an access key id to its credential; nullopt for an unknown key.
using CredentialLookup =
    std::function<std::optional<SigV4Credential>(std::string_view access_key_id)>;

struct VerifyOptions {
  // True for S3: the canonical URI is the path exactly as received. False for
  // other services: dot segments and empty segments removed, each segment
  // URI-encoded once more.
  bool raw_path = false;
  // Header form: the largest accepted |x-amz-date - now|. Presigned form: how
  // far X-Amz-Date may lie in the future (the past is bounded by X-Amz-Expires).
  std::chrono::seconds max_skew = std::chrono::minutes(15);
  // Presigned requests without X-Amz-Content-Sha256: true (S3) signs the
  // payload as "UNSIGNED-PAYLOAD"; false signs the caller's payload_sha256_hex
  // as in the header form (other services).
  bool presigned_unsigned_payload = true;
};

// Parses an Authorization header value strictly. Errors: IncompleteSignature
// or AuthorizationHeaderMalformed (kInvalidArgument).
Result<SigV4Authorization> ParseSigV4Authorization(std::string_view value);

// RFC 3986 encoding: unreserved characters (A-Z a-z 0-9 - . _ ~) kept,
// every other byte as %XX (upper-case hex); '/' too unless `keep_slash`.
std::string UriEncode(std::string_view text, bool keep_slash);

// The canonical URI for a raw (percent-encoded) request path.
std::string CanonicalUri(std::string_view raw_path, bool raw_path_mode);

// The canonical query for a raw query string (without '?'): every name and
// value percent-decoded then re-encoded, sorted by name then value, "name="
// for an empty value. Errors: kInvalidArgument on a bad percent escape.
Result<std::string> CanonicalQuery(std::string_view raw_query);

// "name:value\n" for each name in `signed_headers` (all values of the name,
// trimmed, inner whitespace runs collapsed, joined by ','). Errors:
// kPermissionDenied (SignatureDoesNotMatch) when a signed header is absent.
Result<std::string> CanonicalHeaders(const http::Headers& headers,
                                     const std::vector<std::string>& signed_headers);

// METHOD\nURI\nQUERY\nHEADERS\nSIGNEDHEADERS\nPAYLOADHASH.
Result<std::string> CanonicalRequest(const http::RequestHead& head,
                                     const std::vector<std::string>& signed_headers,
                                     std::string_view payload_sha256_hex, bool raw_path_mode);

// AWS4-HMAC-SHA256\n<amz_date>\n<scope>\n<hex sha256(canonical_request)>.
std::string StringToSign(std::string_view amz_date, std::string_view scope,
                         std::string_view canonical_request);

// HMAC chain "AWS4"+secret -> date -> region -> service -> "aws4_request".
std::array<unsigned char, 32> DeriveSigningKey(std::string_view secret_access_key,
                                               std::string_view date, std::string_view region,
                                               std::string_view service);

std::string Sha256Hex(std::string_view data);
std::string HmacSha256Hex(const std::array<unsigned char, 32>& key, std::string_view data);

// Compares two signatures (or tokens) in time independent of where they differ.
bool ConstantTimeEquals(std::string_view lhs, std::string_view rhs);

// True when the query carries X-Amz-Algorithm, X-Amz-Credential or
// X-Amz-Signature, i.e. the request is (or claims to be) a presigned URL.
bool IsPresignedRequest(const http::RequestHead& head);

// Verifies a signed request in either form: presigned when
// IsPresignedRequest(head) (see VerifyPresignedV4 in sigv4_presign.h),
// otherwise header-signed. `payload_sha256_hex` is the payload hash to sign
// with (S3: the x-amz-content-sha256 value; others: SHA-256 of the body); the
// presigned form uses it only as VerifyOptions::presigned_unsigned_payload says.
// Errors as listed at the top of this file; a request with both an
// Authorization header and presign parameters is InvalidArgument.
Result<SigV4Identity> VerifySigV4(const http::RequestHead& head,
                                  std::string_view payload_sha256_hex,
                                  const CredentialLookup& lookup,
                                  std::chrono::system_clock::time_point now,
                                  const VerifyOptions& opts);

struct SignV4Params {
  std::string access_key_id;
  std::string secret_access_key;
  std::string region;
  std::string service;
  std::string amz_date;  // yyyymmddThhmmssZ; must equal the request's x-amz-date.
  std::string payload_sha256_hex = std::string(kEmptyPayloadSha256);
  // Names to sign; empty means every header of the request but authorization.
  std::vector<std::string> signed_headers;
  bool raw_path = false;
};

// Returns the Authorization header value for `head` (which must already carry
// host and x-amz-date). Errors: kInvalidArgument on a bad query escape, a
// header name that is not an HTTP token, or a signed header the request lacks.
Result<std::string> SignV4(const http::RequestHead& head, const SignV4Params& params);

// Formats `time` as yyyymmddThhmmssZ (UTC).
std::string FormatAmzDate(std::chrono::system_clock::time_point time);

// Parses yyyymmddThhmmssZ (years 1970..2200). Errors: kInvalidArgument.
Result<std::chrono::system_clock::time_point> ParseAmzDate(std::string_view text);

}  // namespace gloss::aws
