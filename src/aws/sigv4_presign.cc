#include "aws/sigv4_presign.h"

#include <algorithm>
#include <array>
#include <utility>

#include "aws/sigv4_internal.h"

namespace gloss::aws {
namespace {

// Parameters whose value ParsePresignedQuery reads, in the order of the
// `values` array it fills.
constexpr std::array<std::string_view, 8> kAuthParams = {
    kPresignAlgorithmParam,     kPresignCredentialParam,    kPresignDateParam,
    kPresignExpiresParam,       kPresignSignedHeadersParam, kPresignSignatureParam,
    kPresignSecurityTokenParam, kPresignContentSha256Param,
};
enum AuthParamIndex : size_t {
  kAlgorithm,
  kCredential,
  kDate,
  kExpires,
  kSignedHeaders,
  kSignature,
  kSecurityToken,
  kContentSha256,
};

// The largest X-Amz-Expires we parse digit by digit without overflow.
constexpr size_t kMaxExpiresDigits = 9;

Status QueryError(std::string_view detail) {
  return Status::InvalidArgument("AuthorizationQueryParametersError: " + std::string(detail));
}

// Calls `visit(raw_pair, decoded_name)` for each non-empty '&'-separated
// piece of `raw_query`; `decoded_name` is nullopt when it has a bad escape.
template <typename Visit>
void ForEachParam(std::string_view raw_query, Visit&& visit) {
  while (!raw_query.empty()) {
    const size_t amp = raw_query.find('&');
    const std::string_view pair = raw_query.substr(0, amp);
    raw_query = amp == std::string_view::npos ? std::string_view() : raw_query.substr(amp + 1);
    if (pair.empty()) {
      continue;
    }
    Result<std::string> name = http::PercentDecode(pair.substr(0, pair.find('=')));
    visit(pair, name.ok() ? std::optional<std::string>(std::move(name).value()) : std::nullopt);
  }
}

Result<std::chrono::seconds> ParseExpires(std::string_view text) {
  if (!text.empty() && text.front() == '-') {
    return QueryError("X-Amz-Expires must be non-negative");
  }
  if (!internal::IsDigits(text)) {
    return QueryError("X-Amz-Expires should be a number");
  }
  if (text.size() > kMaxExpiresDigits) {
    return QueryError("X-Amz-Expires must be less than a week (in seconds) that is 604800");
  }
  int64_t seconds = 0;
  for (const char ch : text) {
    seconds = seconds * 10 + (ch - '0');
  }
  if (seconds > kMaxPresignExpiry.count()) {
    return QueryError("X-Amz-Expires must be less than a week (in seconds) that is 604800");
  }
  if (seconds < 1) {
    return QueryError("X-Amz-Expires must be at least 1 second");
  }
  return std::chrono::seconds(seconds);
}

std::string JoinHeaderNames(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) {
    if (!out.empty()) {
      out += ';';
    }
    out += name;
  }
  return out;
}

}  // namespace

Result<PresignedQuery> ParsePresignedQuery(std::string_view raw_query) {
  std::array<std::optional<std::string>, kAuthParams.size()> values;
  Status status;
  ForEachParam(raw_query, [&](std::string_view pair, const std::optional<std::string>& name) {
    if (!status.ok() || !name) {
      return;
    }
    const auto* found = std::find(kAuthParams.begin(), kAuthParams.end(), *name);
    if (found == kAuthParams.end()) {
      return;
    }
    std::optional<std::string>& slot = values[static_cast<size_t>(found - kAuthParams.begin())];
    if (slot) {
      status = QueryError("parameter " + *name + " is repeated");
      return;
    }
    const size_t eq = pair.find('=');
    Result<std::string> value = http::PercentDecode(
        eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
    if (!value.ok()) {
      status = QueryError("parameter " + *name + " has a bad percent escape");
      return;
    }
    slot = std::move(value).value();
  });
  RETURN_IF_ERROR(status);

  if (!values[kAlgorithm] || !values[kCredential] || !values[kSignature] || !values[kDate] ||
      !values[kSignedHeaders] || !values[kExpires]) {
    return QueryError(
        "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, "
        "X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters");
  }
  if (*values[kAlgorithm] != kSigV4Algorithm) {
    return QueryError("X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
  }

  PresignedQuery query;
  Result<SigV4Authorization> auth = internal::ParseSigV4Components(
      *values[kCredential], *values[kSignedHeaders], *values[kSignature]);
  if (!auth.ok()) {
    return QueryError(auth.status().message());
  }
  query.auth = std::move(auth).value();

  Result<std::chrono::system_clock::time_point> signed_at = ParseAmzDate(*values[kDate]);
  if (!signed_at.ok()) {
    return QueryError("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
  }
  query.signed_at = *signed_at;
  query.amz_date = std::move(*values[kDate]);
  if (query.amz_date.substr(0, 8) != query.auth.date) {
    return QueryError("Invalid credential date \"" + query.auth.date +
                      "\": it is not the date of X-Amz-Date");
  }
  ASSIGN_OR_RETURN(query.expires, ParseExpires(*values[kExpires]));
  query.security_token = std::move(values[kSecurityToken]);
  query.content_sha256 = std::move(values[kContentSha256]);
  return query;
}

Result<std::string> PresignedCanonicalQuery(std::string_view raw_query) {
  std::string without_signature;
  ForEachParam(raw_query, [&](std::string_view pair, const std::optional<std::string>& name) {
    if (name && *name == kPresignSignatureParam) {
      return;
    }
    if (!without_signature.empty()) {
      without_signature += '&';
    }
    without_signature += pair;
  });
  return CanonicalQuery(without_signature);
}

Result<SigV4Identity> VerifyPresignedV4(const http::RequestHead& head,
                                        std::string_view payload_sha256_hex,
                                        const CredentialLookup& lookup,
                                        std::chrono::system_clock::time_point now,
                                        const VerifyOptions& opts) {
  ASSIGN_OR_RETURN(PresignedQuery query, ParsePresignedQuery(head.query));

  // S3 accepts a URL signed any time in the past until it expires; a date in
  // the future (beyond the clock skew allowance) is "not yet valid".
  if (query.signed_at > now + opts.max_skew) {
    return Status::PermissionDenied("AccessDenied: Request is not yet valid");
  }
  if (query.signed_at + query.expires < now) {
    return Status::PermissionDenied("AccessDenied: Request has expired");
  }

  const std::optional<SigV4Credential> credential = lookup(query.auth.access_key_id);
  if (!credential) {
    return Status::Unauthenticated("InvalidAccessKeyId: the access key id '" +
                                   query.auth.access_key_id + "' does not exist");
  }

  std::string payload_sha256;
  if (query.content_sha256) {
    payload_sha256 = *query.content_sha256;
  } else if (opts.presigned_unsigned_payload) {
    payload_sha256 = std::string(kUnsignedPayload);
  } else {
    payload_sha256 = std::string(payload_sha256_hex);
  }
  ASSIGN_OR_RETURN(std::string canonical_query, PresignedCanonicalQuery(head.query));
  ASSIGN_OR_RETURN(std::string canonical, internal::CanonicalRequestWithQuery(
                                              head, canonical_query, query.auth.signed_headers,
                                              payload_sha256, opts.raw_path));
  SigV4SigningContext signing = internal::ComputeSigningContext(
      credential->secret_access_key, query.auth, query.amz_date, canonical);
  if (!ConstantTimeEquals(signing.seed_signature, query.auth.signature)) {
    return internal::SignatureMismatch();
  }

  if (credential->session_token &&
      (!query.security_token ||
       !ConstantTimeEquals(*query.security_token, *credential->session_token))) {
    return Status::PermissionDenied("InvalidToken: the security token is missing or invalid");
  }

  SigV4Identity identity;
  identity.access_key_id = std::move(query.auth.access_key_id);
  identity.region = std::move(query.auth.region);
  identity.service = std::move(query.auth.service);
  identity.date = std::move(query.auth.date);
  identity.presigned = true;
  identity.payload_sha256 = std::move(payload_sha256);
  identity.signing = std::move(signing);
  return identity;
}

Result<std::string> PresignV4(const http::RequestHead& head, const PresignV4Params& params) {
  if (params.expires < std::chrono::seconds(1) || params.expires > kMaxPresignExpiry) {
    return Status::InvalidArgument("presign expiry must be 1..604800 seconds");
  }
  if (!ParseAmzDate(params.amz_date).ok()) {
    return Status::InvalidArgument("presign amz_date must be yyyymmddThhmmssZ");
  }
  bool has_auth_param = false;
  ForEachParam(head.query, [&](std::string_view, const std::optional<std::string>& name) {
    has_auth_param = has_auth_param || (name && std::find(kAuthParams.begin(), kAuthParams.end(),
                                                          *name) != kAuthParams.end());
  });
  if (has_auth_param) {
    return Status::InvalidArgument("the query already has X-Amz-* authentication parameters");
  }

  std::vector<std::string> names = {"host"};
  for (std::string name : params.signed_headers) {
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char ch) {
      return static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
    });
    if (!internal::IsSignedHeaderName(name)) {
      return Status::InvalidArgument("cannot sign header name '" + name + "'");
    }
    names.push_back(std::move(name));
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());

  const std::string date = params.amz_date.substr(0, 8);
  const std::string scope = date + "/" + params.region + "/" + params.service + "/aws4_request";
  std::string query = head.query;
  auto append = [&query](std::string_view name, std::string_view value) {
    if (!query.empty()) {
      query += '&';
    }
    query += name;
    query += '=';
    query += UriEncode(value, /*keep_slash=*/false);
  };
  append(kPresignAlgorithmParam, kSigV4Algorithm);
  append(kPresignCredentialParam, params.access_key_id + "/" + scope);
  append(kPresignDateParam, params.amz_date);
  append(kPresignExpiresParam, std::to_string(params.expires.count()));
  append(kPresignSignedHeadersParam, JoinHeaderNames(names));
  if (params.session_token) {
    append(kPresignSecurityTokenParam, *params.session_token);
  }
  if (params.content_sha256) {
    append(kPresignContentSha256Param, *params.content_sha256);
  }

  Result<std::string> canonical_query = CanonicalQuery(query);
  if (!canonical_query.ok()) {
    return Status::InvalidArgument(canonical_query.status().message());
  }
  Result<std::string> canonical = internal::CanonicalRequestWithQuery(
      head, *canonical_query, names, params.content_sha256.value_or(std::string(kUnsignedPayload)),
      params.raw_path);
  if (!canonical.ok()) {
    return Status::InvalidArgument(canonical.status().message());
  }
  const SigningKey key =
      DeriveSigningKey(params.secret_access_key, date, params.region, params.service);
  const std::string signature =
      HmacSha256Hex(key, StringToSign(params.amz_date, scope, *canonical));
  query += "&";
  query += kPresignSignatureParam;
  query += "=";
  query += signature;
  return query;
}

}  // namespace gloss::aws
