#include "aws/sigv4.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <utility>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "aws/sigv4_internal.h"
#include "aws/sigv4_presign.h"
#include "core/hex.h"

namespace gloss::aws {
namespace {

constexpr std::string_view kCredentialTerminator = "aws4_request";

std::array<unsigned char, 32> HmacSha256(std::string_view key, std::string_view data) {
  std::array<unsigned char, 32> out{};
  unsigned int out_len = 0;
  const unsigned char* result =
      HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data(), &out_len);
  GLOSS_CHECK(result != nullptr && out_len == out.size());
  return out;
}

std::string_view AsView(const std::array<unsigned char, 32>& bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

bool IsUnreserved(unsigned char ch) {
  return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
         ch == '-' || ch == '.' || ch == '_' || ch == '~';
}

bool IsSpace(char ch) { return ch == ' ' || ch == '\t'; }

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && IsSpace(text.back())) {
    text.remove_suffix(1);
  }
  return text;
}

// Trims and collapses inner runs of whitespace to one space.
void AppendCanonicalValue(std::string_view value, std::string& out) {
  value = Trim(value);
  bool in_space = false;
  for (const char ch : value) {
    if (IsSpace(ch) || ch == '\r' || ch == '\n') {
      in_space = true;
      continue;
    }
    if (in_space) {
      out += ' ';
      in_space = false;
    }
    out += ch;
  }
}

Status Malformed(std::string_view detail) {
  return Status::InvalidArgument(std::string("AuthorizationHeaderMalformed: ") +
                                 std::string(detail));
}

Status Incomplete(std::string_view detail) {
  return Status::InvalidArgument(std::string("IncompleteSignature: ") + std::string(detail));
}

// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm).
int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day) {
  year -= month <= 2 ? 1 : 0;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

int ParseNumber(std::string_view digits) {
  int value = 0;
  for (const char ch : digits) {
    value = value * 10 + (ch - '0');
  }
  return value;
}

}  // namespace

namespace internal {

// A SignedHeaders entry: lower-case HTTP token characters.
bool IsSignedHeaderName(std::string_view name) {
  if (name.empty()) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' ||
           ch == '.' || ch == '!' || ch == '#' || ch == '$' || ch == '%' || ch == '&' ||
           ch == '\'' || ch == '*' || ch == '+' || ch == '^' || ch == '`' || ch == '|' || ch == '~';
  });
}

bool IsDigits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

bool IsLowerHex(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char ch) {
    return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f');
  });
}

Result<SigV4Authorization> ParseSigV4Components(std::string_view credential,
                                                std::string_view signed_headers,
                                                std::string_view signature) {
  SigV4Authorization auth;
  // Credential=AKID/DATE/REGION/SERVICE/aws4_request
  std::vector<std::string_view> scope;
  std::string_view cred = credential;
  for (;;) {
    const size_t slash = cred.find('/');
    scope.push_back(cred.substr(0, slash));
    if (slash == std::string_view::npos || scope.size() > 5) {
      break;
    }
    cred.remove_prefix(slash + 1);
  }
  if (scope.size() != 5 || scope[4] != kCredentialTerminator) {
    return Status::InvalidArgument("credential must be AKID/yyyymmdd/region/service/aws4_request");
  }
  if (scope[0].empty() || scope[2].empty() || scope[3].empty()) {
    return Status::InvalidArgument("credential has an empty access key id, region or service");
  }
  if (scope[1].size() != 8 || !IsDigits(scope[1])) {
    return Status::InvalidArgument("credential date must be yyyymmdd");
  }
  auth.access_key_id = std::string(scope[0]);
  auth.date = std::string(scope[1]);
  auth.region = std::string(scope[2]);
  auth.service = std::string(scope[3]);

  std::string_view names = signed_headers;
  bool has_host = false;
  for (;;) {
    const size_t semi = names.find(';');
    const std::string_view name = names.substr(0, semi);
    if (!IsSignedHeaderName(name)) {
      return Status::InvalidArgument("SignedHeaders entry '" + std::string(name) +
                                     "' is not a lower-case header name");
    }
    if (!auth.signed_headers.empty() && !(auth.signed_headers.back() < name)) {
      return Status::InvalidArgument("SignedHeaders must be sorted and unique");
    }
    has_host = has_host || name == "host";
    auth.signed_headers.emplace_back(name);
    if (semi == std::string_view::npos) {
      break;
    }
    names.remove_prefix(semi + 1);
  }
  if (!has_host) {
    return Status::InvalidArgument("SignedHeaders must include host");
  }

  if (signature.size() != 64 || !IsLowerHex(signature)) {
    return Status::InvalidArgument("Signature must be 64 lower-case hex digits");
  }
  auth.signature = std::string(signature);
  return auth;
}

SigV4SigningContext ComputeSigningContext(std::string_view secret_access_key,
                                          const SigV4Authorization& auth, std::string_view amz_date,
                                          std::string_view canonical_request) {
  SigV4SigningContext context;
  context.amz_date = std::string(amz_date);
  context.scope = auth.Scope();
  context.signing_key = DeriveSigningKey(secret_access_key, auth.date, auth.region, auth.service);
  context.seed_signature =
      HmacSha256Hex(context.signing_key, StringToSign(amz_date, context.scope, canonical_request));
  return context;
}

Status SignatureMismatch() {
  return Status::PermissionDenied(
      "SignatureDoesNotMatch: the request signature we calculated does not match the "
      "signature you provided");
}

}  // namespace internal

using internal::IsDigits;
using internal::IsSignedHeaderName;

bool ConstantTimeEquals(std::string_view lhs, std::string_view rhs) {
  if (lhs.size() != rhs.size()) {
    return false;
  }
  return CRYPTO_memcmp(lhs.data(), rhs.data(), lhs.size()) == 0;
}

bool IsPresignedRequest(const http::RequestHead& head) {
  std::string_view rest = head.query;
  while (!rest.empty()) {
    const size_t amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    const Result<std::string> name = http::PercentDecode(pair.substr(0, pair.find('=')));
    if (name.ok() && (*name == kPresignAlgorithmParam || *name == kPresignCredentialParam ||
                      *name == kPresignSignatureParam)) {
      return true;
    }
  }
  return false;
}

std::string SigV4Authorization::Scope() const {
  return date + "/" + region + "/" + service + "/" + std::string(kCredentialTerminator);
}

Result<SigV4Authorization> ParseSigV4Authorization(std::string_view value) {
  if (value.size() <= kSigV4Algorithm.size() ||
      value.substr(0, kSigV4Algorithm.size()) != kSigV4Algorithm ||
      value[kSigV4Algorithm.size()] != ' ') {
    return Incomplete("authorization header must start with 'AWS4-HMAC-SHA256 '");
  }
  std::string_view rest = value.substr(kSigV4Algorithm.size() + 1);
  std::optional<std::string_view> credential;
  std::optional<std::string_view> signed_headers;
  std::optional<std::string_view> signature;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    const std::string_view part = Trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    const size_t eq = part.find('=');
    if (eq == std::string_view::npos) {
      return Malformed("authorization component '" + std::string(part) + "' has no '='");
    }
    const std::string_view key = part.substr(0, eq);
    const std::string_view val = part.substr(eq + 1);
    std::optional<std::string_view>* slot = nullptr;
    if (key == "Credential") {
      slot = &credential;
    } else if (key == "SignedHeaders") {
      slot = &signed_headers;
    } else if (key == "Signature") {
      slot = &signature;
    } else {
      return Malformed("unknown authorization component '" + std::string(key) + "'");
    }
    if (slot->has_value()) {
      return Malformed("authorization component '" + std::string(key) + "' repeated");
    }
    *slot = val;
  }
  if (!credential || !signed_headers || !signature) {
    return Incomplete("authorization header requires Credential, SignedHeaders and Signature");
  }

  Result<SigV4Authorization> auth =
      internal::ParseSigV4Components(*credential, *signed_headers, *signature);
  if (!auth.ok()) {
    return Malformed(auth.status().message());
  }
  return auth;
}

std::string UriEncode(std::string_view text, bool keep_slash) {
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    const auto byte = static_cast<unsigned char>(ch);
    if (IsUnreserved(byte) || (keep_slash && ch == '/')) {
      out += ch;
    } else {
      constexpr std::string_view kUpperHex = "0123456789ABCDEF";
      out += '%';
      out += kUpperHex[byte >> 4];
      out += kUpperHex[byte & 0xf];
    }
  }
  return out;
}

std::string CanonicalUri(std::string_view raw_path, bool raw_path_mode) {
  if (raw_path_mode) {
    return raw_path.empty() ? std::string("/") : std::string(raw_path);
  }
  std::vector<std::string_view> segments;
  std::string_view rest = raw_path;
  while (!rest.empty()) {
    const size_t slash = rest.find('/');
    const std::string_view segment = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (segment.empty() || segment == ".") {
      continue;
    }
    if (segment == "..") {
      if (!segments.empty()) {
        segments.pop_back();
      }
      continue;
    }
    segments.push_back(segment);
  }
  std::string out;
  for (const std::string_view segment : segments) {
    out += '/';
    out += UriEncode(segment, /*keep_slash=*/false);
  }
  if (segments.empty() || (!raw_path.empty() && raw_path.back() == '/')) {
    out += '/';
  }
  return out;
}

Result<std::string> CanonicalQuery(std::string_view raw_query) {
  std::vector<std::pair<std::string, std::string>> params;
  std::string_view rest = raw_query;
  while (!rest.empty()) {
    const size_t amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (pair.empty()) {
      continue;
    }
    const size_t eq = pair.find('=');
    ASSIGN_OR_RETURN(std::string name, http::PercentDecode(pair.substr(0, eq)));
    std::string value;
    if (eq != std::string_view::npos) {
      ASSIGN_OR_RETURN(value, http::PercentDecode(pair.substr(eq + 1)));
    }
    params.emplace_back(UriEncode(name, false), UriEncode(value, false));
  }
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) {
      out += '&';
    }
    out += name;
    out += '=';
    out += value;
  }
  return out;
}

Result<std::string> CanonicalHeaders(const http::Headers& headers,
                                     const std::vector<std::string>& signed_headers) {
  std::string out;
  for (const std::string& name : signed_headers) {
    out += name;
    out += ':';
    bool found = false;
    for (const auto& [field_name, field_value] : headers.fields()) {
      if (field_name != name) {
        continue;
      }
      if (found) {
        out += ',';
      }
      found = true;
      AppendCanonicalValue(field_value, out);
    }
    if (!found) {
      return Status::PermissionDenied("SignatureDoesNotMatch: signed header '" + name +
                                      "' is not in the request");
    }
    out += '\n';
  }
  return out;
}

Result<std::string> CanonicalRequest(const http::RequestHead& head,
                                     const std::vector<std::string>& signed_headers,
                                     std::string_view payload_sha256_hex, bool raw_path_mode) {
  ASSIGN_OR_RETURN(std::string query, CanonicalQuery(head.query));
  return internal::CanonicalRequestWithQuery(head, query, signed_headers, payload_sha256_hex,
                                             raw_path_mode);
}

namespace internal {

Result<std::string> CanonicalRequestWithQuery(const http::RequestHead& head,
                                              std::string_view canonical_query,
                                              const std::vector<std::string>& signed_headers,
                                              std::string_view payload_sha256, bool raw_path) {
  ASSIGN_OR_RETURN(std::string headers, CanonicalHeaders(head.headers, signed_headers));
  std::string out = head.method;
  out += '\n';
  out += CanonicalUri(head.path, raw_path);
  out += '\n';
  out += canonical_query;
  out += '\n';
  out += headers;
  out += '\n';
  for (size_t idx = 0; idx < signed_headers.size(); ++idx) {
    if (idx > 0) {
      out += ';';
    }
    out += signed_headers[idx];
  }
  out += '\n';
  out += payload_sha256;
  return out;
}

}  // namespace internal

std::string StringToSign(std::string_view amz_date, std::string_view scope,
                         std::string_view canonical_request) {
  std::string out(kSigV4Algorithm);
  out += '\n';
  out += amz_date;
  out += '\n';
  out += scope;
  out += '\n';
  out += Sha256Hex(canonical_request);
  return out;
}

std::array<unsigned char, 32> DeriveSigningKey(std::string_view secret_access_key,
                                               std::string_view date, std::string_view region,
                                               std::string_view service) {
  const std::string initial = "AWS4" + std::string(secret_access_key);
  const auto date_key = HmacSha256(initial, date);
  const auto region_key = HmacSha256(AsView(date_key), region);
  const auto service_key = HmacSha256(AsView(region_key), service);
  return HmacSha256(AsView(service_key), kCredentialTerminator);
}

std::string Sha256Hex(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int digest_len = 0;
  const int ok =
      EVP_Digest(data.data(), data.size(), digest.data(), &digest_len, EVP_sha256(), nullptr);
  GLOSS_CHECK(ok == 1 && digest_len == 32);
  return HexEncode(std::string_view(reinterpret_cast<const char*>(digest.data()), digest_len));
}

std::string HmacSha256Hex(const std::array<unsigned char, 32>& key, std::string_view data) {
  const auto mac = HmacSha256(AsView(key), data);
  return HexEncode(std::string_view(reinterpret_cast<const char*>(mac.data()), mac.size()));
}

std::string FormatAmzDate(std::chrono::system_clock::time_point time) {
  const int64_t secs =
      std::chrono::duration_cast<std::chrono::seconds>(time.time_since_epoch()).count();
  int64_t days = secs / 86400;
  int64_t rem = secs % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  // Civil date from days (H. Hinnant's algorithm).
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned day = doy - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  const int64_t year = static_cast<int64_t>(yoe) + era * 400 + (month <= 2 ? 1 : 0);
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%04lld%02u%02uT%02lld%02lld%02lldZ",
                static_cast<long long>(year), month, day, static_cast<long long>(rem / 3600),
                static_cast<long long>(rem % 3600 / 60), static_cast<long long>(rem % 60));
  return buffer;
}

Result<std::chrono::system_clock::time_point> ParseAmzDate(std::string_view text) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z' || !IsDigits(text.substr(0, 8)) ||
      !IsDigits(text.substr(9, 6))) {
    return Status::InvalidArgument("x-amz-date must be yyyymmddThhmmssZ");
  }
  const int year = ParseNumber(text.substr(0, 4));
  const int month = ParseNumber(text.substr(4, 2));
  const int day = ParseNumber(text.substr(6, 2));
  const int hour = ParseNumber(text.substr(9, 2));
  const int minute = ParseNumber(text.substr(11, 2));
  const int second = ParseNumber(text.substr(13, 2));
  // system_clock counts nanoseconds in 64 bits (until 2262): keep far clear.
  if (year < 1970 || year > 2200 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 ||
      minute > 59 || second > 60) {
    return Status::InvalidArgument("x-amz-date is out of range");
  }
  const int64_t days =
      DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  const int64_t secs = days * 86400 + hour * 3600 + minute * 60 + second;
  return std::chrono::system_clock::time_point(std::chrono::seconds(secs));
}

Result<SigV4Identity> VerifySigV4(const http::RequestHead& head,
                                  std::string_view payload_sha256_hex,
                                  const CredentialLookup& lookup,
                                  std::chrono::system_clock::time_point now,
                                  const VerifyOptions& opts) {
  const std::optional<std::string_view> authorization = head.headers.Get("authorization");
  if (IsPresignedRequest(head)) {
    if (authorization) {
      return Status::InvalidArgument(
          "InvalidArgument: only one auth mechanism allowed; send either the Authorization "
          "header or the X-Amz-Algorithm query parameter, not both");
    }
    return VerifyPresignedV4(head, payload_sha256_hex, lookup, now, opts);
  }
  if (!authorization) {
    return Status::Unauthenticated(
        "MissingAuthenticationToken: request is missing the Authorization header");
  }
  ASSIGN_OR_RETURN(SigV4Authorization auth, ParseSigV4Authorization(*authorization));

  const std::optional<std::string_view> amz_date = head.headers.Get("x-amz-date");
  if (!amz_date) {
    return Incomplete("request is missing the x-amz-date header");
  }
  Result<std::chrono::system_clock::time_point> signed_at = ParseAmzDate(*amz_date);
  if (!signed_at.ok()) {
    return Malformed(signed_at.status().message());
  }
  if (amz_date->substr(0, 8) != auth.date) {
    return Malformed("credential date '" + auth.date + "' is not the date of x-amz-date '" +
                     std::string(*amz_date) + "'");
  }
  if (!std::binary_search(auth.signed_headers.begin(), auth.signed_headers.end(), "x-amz-date")) {
    return Malformed("SignedHeaders must include x-amz-date");
  }
  const auto skew = *signed_at > now ? *signed_at - now : now - *signed_at;
  if (skew > opts.max_skew) {
    return Status::PermissionDenied(
        "RequestTimeTooSkewed: the difference between the request time and the server's time "
        "is too large");
  }

  const std::optional<SigV4Credential> credential = lookup(auth.access_key_id);
  if (!credential) {
    return Status::Unauthenticated("InvalidAccessKeyId: the access key id '" + auth.access_key_id +
                                   "' does not exist");
  }

  ASSIGN_OR_RETURN(std::string canonical,
                   CanonicalRequest(head, auth.signed_headers, payload_sha256_hex, opts.raw_path));
  SigV4SigningContext signing =
      internal::ComputeSigningContext(credential->secret_access_key, auth, *amz_date, canonical);
  if (!ConstantTimeEquals(signing.seed_signature, auth.signature)) {
    return internal::SignatureMismatch();
  }

  if (credential->session_token) {
    const std::optional<std::string_view> token = head.headers.Get("x-amz-security-token");
    if (!token || !ConstantTimeEquals(*token, *credential->session_token)) {
      return Status::PermissionDenied("InvalidToken: the security token is missing or invalid");
    }
  }

  SigV4Identity identity;
  identity.access_key_id = std::move(auth.access_key_id);
  identity.region = std::move(auth.region);
  identity.service = std::move(auth.service);
  identity.date = std::move(auth.date);
  identity.payload_sha256 = std::string(payload_sha256_hex);
  identity.signing = std::move(signing);
  return identity;
}

Result<std::string> SignV4(const http::RequestHead& head, const SignV4Params& params) {
  std::vector<std::string> names = params.signed_headers;
  if (names.empty()) {
    for (const auto& field : head.headers.fields()) {
      if (field.first != "authorization") {
        names.push_back(field.first);
      }
    }
  }
  for (std::string& name : names) {
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char ch) {
      return static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
    });
  }
  for (const std::string& name : names) {
    if (!IsSignedHeaderName(name)) {
      return Status::InvalidArgument("cannot sign header name '" + name + "'");
    }
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  Result<std::string> canonical =
      CanonicalRequest(head, names, params.payload_sha256_hex, params.raw_path);
  if (!canonical.ok()) {
    return Status::InvalidArgument(canonical.status().message());
  }
  const std::string date = params.amz_date.substr(0, 8);
  const std::string scope =
      date + "/" + params.region + "/" + params.service + "/" + std::string(kCredentialTerminator);
  const std::string to_sign = StringToSign(params.amz_date, scope, *canonical);
  const auto key = DeriveSigningKey(params.secret_access_key, date, params.region, params.service);
  std::string out(kSigV4Algorithm);
  out += " Credential=" + params.access_key_id + "/" + scope + ", SignedHeaders=";
  for (size_t idx = 0; idx < names.size(); ++idx) {
    if (idx > 0) {
      out += ';';
    }
    out += names[idx];
  }
  out += ", Signature=" + HmacSha256Hex(key, to_sign);
  return out;
}

}  // namespace gloss::aws
