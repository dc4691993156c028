// Pieces of SigV4 verification shared by the header form (sigv4.cc) and the
// query form (sigv4_presign.cc). Not for use outside src/aws/.
//
// Thread safety: pure functions.

#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "aws/sigv4.h"
#include "core/result.h"

namespace gloss::aws::internal {

// Parses the Credential, SignedHeaders and Signature values (the same syntax
// in the header and in the query). Errors: kInvalidArgument whose message is
// the bare detail, without an AWS error code; the caller adds its own.
Result<SigV4Authorization> ParseSigV4Components(std::string_view credential,
                                                std::string_view signed_headers,
                                                std::string_view signature);

// The signature of `canonical_request` under `auth`'s scope, and the signing
// context a verified request hands on (seed = the computed signature).
SigV4SigningContext ComputeSigningContext(std::string_view secret_access_key,
                                          const SigV4Authorization& auth, std::string_view amz_date,
                                          std::string_view canonical_request);

// "SignatureDoesNotMatch: ..." (kPermissionDenied).
Status SignatureMismatch();

// A SignedHeaders entry: lower-case HTTP token characters, non-empty.
bool IsSignedHeaderName(std::string_view name);

// Whether `text` is non-empty and only decimal digits / lower-case hex digits.
// METHOD\nURI\nQUERY\nHEADERS\nSIGNEDHEADERS\nPAYLOADHASH with the query
// already in canonical form (header auth and presigned URLs differ there).
Result<std::string> CanonicalRequestWithQuery(const http::RequestHead& head,
                                              std::string_view canonical_query,
                                              const std::vector<std::string>& signed_headers,
                                              std::string_view payload_sha256, bool raw_path);

bool IsDigits(std::string_view text);
bool IsLowerHex(std::string_view text);

}  // namespace gloss::aws::internal
