// Fuzzes SigV4 Authorization and presigned-query parsing and verification:
// the input is split at NUL bytes into path, query, Authorization value,
// x-amz-date value and then alternating header names and values. Both path
// modes are exercised (a query with X-Amz-Algorithm goes the presigned way),
// and a request re-signed with SignV4 or presigned with PresignV4 must verify.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/sigv4.h"
#include "aws/sigv4_presign.h"
#include "core/assert.h"

namespace {

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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using gloss::aws::SigV4Credential;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::vector<std::string_view> parts = SplitAtNul(input);
  auto part = [&](size_t idx) { return idx < parts.size() ? parts[idx] : std::string_view(); };

  gloss::http::RequestHead head;
  head.method = "GET";
  head.path = std::string(part(0));
  head.query = std::string(part(1));
  head.target = head.path + "?" + head.query;
  head.headers.Add("host", "localhost");
  head.headers.Add("x-amz-date", part(3));
  for (size_t idx = 4; idx + 1 < parts.size(); idx += 2) {
    std::string name(parts[idx]);
    for (char& ch : name) {
      ch = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
    }
    head.headers.Add(name, parts[idx + 1]);
  }

  const gloss::aws::CredentialLookup lookup =
      [](std::string_view access_key_id) -> std::optional<SigV4Credential> {
    if (access_key_id.empty() || access_key_id.front() == 'X') {
      return std::nullopt;
    }
    return SigV4Credential{"secret", std::nullopt};
  };
  const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1440938160));

  (void)gloss::aws::ParseSigV4Authorization(part(2));
  (void)gloss::aws::CanonicalUri(head.path, false);
  (void)gloss::aws::CanonicalQuery(head.query);
  (void)gloss::aws::ParsePresignedQuery(head.query);
  (void)gloss::aws::PresignedCanonicalQuery(head.query);

  gloss::http::RequestHead with_auth = head;
  with_auth.headers.Add("authorization", part(2));
  for (const bool raw : {false, true}) {
    gloss::aws::VerifyOptions opts;
    opts.raw_path = raw;
    (void)gloss::aws::VerifySigV4(with_auth, gloss::aws::kEmptyPayloadSha256, lookup, now, opts);
  }

  // Round trip: a request we sign ourselves must verify when its date is valid.
  const gloss::Result<std::chrono::system_clock::time_point> date =
      gloss::aws::ParseAmzDate(part(3));
  if (date.ok() && !head.headers.Get("authorization") && !gloss::aws::IsPresignedRequest(head)) {
    gloss::aws::SignV4Params params;
    params.access_key_id = "AKID";
    params.secret_access_key = "secret";
    params.region = "us-east-1";
    params.service = "s3";
    params.amz_date = std::string(part(3));
    params.raw_path = true;
    const gloss::Result<std::string> authz = gloss::aws::SignV4(head, params);
    if (authz.ok()) {
      gloss::http::RequestHead signed_head = head;
      signed_head.headers.Add("authorization", *authz);
      gloss::aws::VerifyOptions opts;
      opts.raw_path = true;
      const auto verified = gloss::aws::VerifySigV4(signed_head, gloss::aws::kEmptyPayloadSha256,
                                                    lookup, *date, opts);
      GLOSS_CHECK(verified.ok());
    }

    gloss::aws::PresignV4Params presign;
    presign.access_key_id = "AKID";
    presign.secret_access_key = "secret";
    presign.region = "us-east-1";
    presign.amz_date = std::string(part(3));
    presign.expires = std::chrono::seconds(60);
    const gloss::Result<std::string> query = gloss::aws::PresignV4(head, presign);
    if (query.ok()) {
      gloss::http::RequestHead presigned_head = head;
      presigned_head.query = *query;
      GLOSS_CHECK(gloss::aws::IsPresignedRequest(presigned_head));
      gloss::aws::VerifyOptions opts;
      opts.raw_path = true;
      const auto verified = gloss::aws::VerifySigV4(presigned_head, "", lookup, *date, opts);
      GLOSS_CHECK(verified.ok());
      GLOSS_CHECK(verified->presigned);
    }
  }
  return 0;
}
