// Tests for presigned URLs (query-string SigV4): the published S3 example,
// the URL shape @aws-sdk/s3-request-presigner produces, expiry, and every
// rejection.
#include "aws/sigv4_presign.h"

#include <chrono>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test/support/status_matchers.h"

namespace gloss::aws {
namespace {

using ::gloss::testing::StatusIs;
using ::testing::StartsWith;

constexpr std::string_view kAccessKeyId = "AKIAIOSFODNN7EXAMPLE";
constexpr std::string_view kSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
constexpr std::string_view kDate = "20130524T000000Z";

// The S3 API reference example "Calculating a Signature for a presigned URL":
// GET examplebucket/test.txt, virtual-hosted, 86400 s.
constexpr std::string_view kPublishedQuery =
    "X-Amz-Algorithm=AWS4-HMAC-SHA256"
    "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
    "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
    "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";

std::chrono::system_clock::time_point SignTime() {
  Result<std::chrono::system_clock::time_point> time = ParseAmzDate(kDate);
  GLOSS_CHECK(time.ok());
  return *time;
}

CredentialLookup Lookup(std::optional<std::string> session_token = std::nullopt) {
  return [session_token](std::string_view access_key_id) -> std::optional<SigV4Credential> {
    if (access_key_id != kAccessKeyId) {
      return std::nullopt;
    }
    return SigV4Credential{std::string(kSecret), session_token};
  };
}

http::RequestHead Head(std::string method, std::string path, std::string query,
                       std::string_view host = "examplebucket.s3.amazonaws.com") {
  http::RequestHead head;
  head.method = std::move(method);
  head.path = std::move(path);
  head.query = std::move(query);
  head.target = head.path + (head.query.empty() ? "" : "?" + head.query);
  head.headers.Add("host", host);
  return head;
}

VerifyOptions S3Options() {
  VerifyOptions opts;
  opts.raw_path = true;
  return opts;
}

std::string Message(const Status& status) { return std::string(status.message()); }

TEST(PresignedExampleTest, VerifyAcceptsPublishedUrl) {
  const http::RequestHead head = Head("GET", "/test.txt", std::string(kPublishedQuery));
  ASSERT_TRUE(IsPresignedRequest(head));
  // VerifySigV4 dispatches to the query form; the payload hash argument is unused.
  ASSERT_OK_AND_ASSIGN(SigV4Identity identity,
                       VerifySigV4(head, "ignored", Lookup(), SignTime(), S3Options()));
  EXPECT_EQ(identity.access_key_id, kAccessKeyId);
  EXPECT_EQ(identity.region, "us-east-1");
  EXPECT_EQ(identity.service, "s3");
  EXPECT_EQ(identity.date, "20130524");
  EXPECT_TRUE(identity.presigned);
  EXPECT_EQ(identity.payload_sha256, kUnsignedPayload);
  EXPECT_EQ(identity.signing.seed_signature,
            "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
  EXPECT_EQ(identity.signing.amz_date, kDate);
  EXPECT_EQ(identity.signing.scope, "20130524/us-east-1/s3/aws4_request");
}

TEST(PresignedExampleTest, PresignV4ReproducesPublishedUrl) {
  PresignV4Params params;
  params.access_key_id = kAccessKeyId;
  params.secret_access_key = kSecret;
  params.region = "us-east-1";
  params.amz_date = kDate;
  params.expires = std::chrono::seconds(86400);
  ASSERT_OK_AND_ASSIGN(std::string query, PresignV4(Head("GET", "/test.txt", ""), params));
  EXPECT_EQ(query, kPublishedQuery);
}

TEST(PresignedExampleTest, CanonicalQueryLeavesOutTheSignature) {
  ASSERT_OK_AND_ASSIGN(std::string canonical, PresignedCanonicalQuery(kPublishedQuery));
  EXPECT_EQ(canonical,
            "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%"
            "2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-"
            "SignedHeaders=host");
}

TEST(PresignedExampleTest, ValidUntilDatePlusExpiresInclusive) {
  const http::RequestHead head = Head("GET", "/test.txt", std::string(kPublishedQuery));
  EXPECT_OK(VerifySigV4(head, "", Lookup(), SignTime() + std::chrono::seconds(86400), S3Options()));
  const Result<SigV4Identity> expired =
      VerifySigV4(head, "", Lookup(), SignTime() + std::chrono::seconds(86401), S3Options());
  EXPECT_THAT(expired, StatusIs(StatusCode::kPermissionDenied));
  EXPECT_EQ(Message(expired.status()), "AccessDenied: Request has expired");
}

TEST(PresignedExampleTest, FutureDateBeyondSkewIsNotYetValid) {
  const http::RequestHead head = Head("GET", "/test.txt", std::string(kPublishedQuery));
  // Signed by a client whose clock runs up to 15 minutes ahead: accepted.
  EXPECT_OK(VerifySigV4(head, "", Lookup(), SignTime() - std::chrono::minutes(15), S3Options()));
  const Result<SigV4Identity> early =
      VerifySigV4(head, "", Lookup(),
                  SignTime() - std::chrono::minutes(15) - std::chrono::seconds(1), S3Options());
  EXPECT_THAT(early, StatusIs(StatusCode::kPermissionDenied));
  EXPECT_EQ(Message(early.status()), "AccessDenied: Request is not yet valid");
}

// A request as @aws-sdk/s3-request-presigner sends it (path-style, local host,
// extra signed query parameters), signed with PresignV4.
class PresignTest : public ::testing::Test {
 protected:
  PresignTest() : head_(Head("GET", "/bkt/dir/a%20b%2Bc.txt", "x-id=GetObject", kHost)) {
    head_.query = "x-amz-checksum-mode=ENABLED&x-id=GetObject";
    params_.access_key_id = kAccessKeyId;
    params_.secret_access_key = kSecret;
    params_.region = "us-east-1";
    params_.amz_date = kDate;
    params_.expires = std::chrono::seconds(300);
    params_.content_sha256 = std::string(kUnsignedPayload);
  }

  void Presign() {
    Result<std::string> query = PresignV4(head_, params_);
    ASSERT_OK(query);
    head_.query = *query;
  }

  Result<SigV4Identity> Verify(std::chrono::system_clock::time_point now) const {
    return VerifySigV4(head_, kEmptyPayloadSha256, lookup_, now, S3Options());
  }
  Result<SigV4Identity> Verify() const { return Verify(SignTime() + std::chrono::seconds(10)); }

  // Replaces the value of query parameter `name` (raw, encoded) with `value`.
  void SetParam(std::string_view name, std::string_view value) {
    std::string out;
    std::string_view rest = head_.query;
    while (!rest.empty()) {
      const size_t amp = rest.find('&');
      std::string_view pair = rest.substr(0, amp);
      rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
      if (!out.empty()) {
        out += '&';
      }
      if (pair.substr(0, pair.find('=')) == name) {
        out += std::string(name) + "=" + std::string(value);
      } else {
        out += pair;
      }
    }
    head_.query = out;
  }

  void RemoveParam(std::string_view name) {
    std::string out;
    std::string_view rest = head_.query;
    while (!rest.empty()) {
      const size_t amp = rest.find('&');
      std::string_view pair = rest.substr(0, amp);
      rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
      if (pair.substr(0, pair.find('=')) == name) {
        continue;
      }
      if (!out.empty()) {
        out += '&';
      }
      out += pair;
    }
    head_.query = out;
  }

  static constexpr std::string_view kHost = "127.0.0.1:4566";
  http::RequestHead head_;
  PresignV4Params params_;
  CredentialLookup lookup_ = Lookup();
};

TEST_F(PresignTest, SdkShapedUrlVerifies) {
  Presign();
  EXPECT_THAT(head_.query,
              StartsWith("x-amz-checksum-mode=ENABLED&x-id=GetObject&X-Amz-Algorithm="));
  ASSERT_OK_AND_ASSIGN(SigV4Identity identity, Verify());
  EXPECT_TRUE(identity.presigned);
  EXPECT_EQ(identity.payload_sha256, kUnsignedPayload);
  ASSERT_OK_AND_ASSIGN(PresignedQuery query, ParsePresignedQuery(head_.query));
  EXPECT_EQ(identity.signing.seed_signature, query.auth.signature);
  EXPECT_EQ(query.expires, std::chrono::seconds(300));
  EXPECT_EQ(query.content_sha256, std::string(kUnsignedPayload));
}

TEST_F(PresignTest, TamperedPartsAreSignatureDoesNotMatch) {
  Presign();
  const http::RequestHead signed_head = head_;
  const std::vector<std::pair<std::string, std::function<void()>>> tampers = {
      {"path", [&] { head_.path = "/bkt/dir/a%20b+c.txt"; }},
      {"method", [&] { head_.method = "PUT"; }},
      {"host",
       [&] {
         head_.headers = http::Headers();
         head_.headers.Add("host", "localhost");
       }},
      {"extra query", [&] { head_.query += "&versionId=1"; }},
      {"signed query", [&] { SetParam("x-id", "DeleteObject"); }},
      {"expires", [&] { SetParam("X-Amz-Expires", "301"); }},
      {"signature",
       [&] {
         SetParam("X-Amz-Signature",
                  "0000000000000000000000000000000000000000000000000000000000000000");
       }},
  };
  for (const auto& [what, tamper] : tampers) {
    SCOPED_TRACE(what);
    head_ = signed_head;
    tamper();
    const Result<SigV4Identity> result = Verify();
    EXPECT_THAT(result, StatusIs(StatusCode::kPermissionDenied));
    EXPECT_THAT(Message(result.status()), StartsWith("SignatureDoesNotMatch: "));
  }
}

TEST_F(PresignTest, UnknownAccessKeyIsInvalidAccessKeyId) {
  params_.access_key_id = "AKIDUNKNOWN";
  Presign();
  const Result<SigV4Identity> result = Verify();
  EXPECT_THAT(result, StatusIs(StatusCode::kUnauthenticated));
  EXPECT_THAT(Message(result.status()), StartsWith("InvalidAccessKeyId: "));
}

TEST_F(PresignTest, SessionTokenIsCheckedAgainstTheCredential) {
  lookup_ = Lookup("token/1+=");
  params_.session_token = "token/1+=";
  Presign();
  EXPECT_OK(Verify());

  params_.session_token = std::nullopt;
  head_ = Head("GET", "/bkt/key", "", kHost);
  Presign();
  const Result<SigV4Identity> missing = Verify();
  EXPECT_THAT(missing, StatusIs(StatusCode::kPermissionDenied));
  EXPECT_THAT(Message(missing.status()), StartsWith("InvalidToken: "));

  params_.session_token = "token-2";
  head_ = Head("GET", "/bkt/key", "", kHost);
  Presign();
  EXPECT_THAT(Verify(), StatusIs(StatusCode::kPermissionDenied));
}

TEST_F(PresignTest, PayloadHashIsUnsignedPayloadUnlessGiven) {
  params_.content_sha256 = std::nullopt;
  Presign();
  EXPECT_EQ(head_.query.find("X-Amz-Content-Sha256"), std::string::npos);
  ASSERT_OK_AND_ASSIGN(SigV4Identity identity, Verify());
  EXPECT_EQ(identity.payload_sha256, kUnsignedPayload);

  // Non-S3 services sign the caller's payload hash instead.
  VerifyOptions opts = S3Options();
  opts.presigned_unsigned_payload = false;
  EXPECT_THAT(VerifySigV4(head_, kEmptyPayloadSha256, lookup_, SignTime(), opts),
              StatusIs(StatusCode::kPermissionDenied));
}

TEST_F(PresignTest, GivenContentSha256IsSigned) {
  const std::string hash = Sha256Hex("hello");
  params_.content_sha256 = hash;
  Presign();
  ASSERT_OK_AND_ASSIGN(SigV4Identity identity, Verify());
  EXPECT_EQ(identity.payload_sha256, hash);
  SetParam("X-Amz-Content-Sha256", std::string(kUnsignedPayload));
  EXPECT_THAT(Verify(), StatusIs(StatusCode::kPermissionDenied));
}

TEST_F(PresignTest, ExtraSignedHeaderMustBePresent) {
  head_.headers.Add("content-type", "text/plain");
  params_.signed_headers = {"Content-Type"};
  Presign();
  EXPECT_THAT(head_.query, ::testing::HasSubstr("X-Amz-SignedHeaders=content-type%3Bhost"));
  EXPECT_OK(Verify());
  head_.headers = http::Headers();
  head_.headers.Add("host", kHost);
  EXPECT_THAT(Verify(), StatusIs(StatusCode::kPermissionDenied));
}

TEST_F(PresignTest, MissingOrRepeatedParameterIsAuthorizationQueryParametersError) {
  Presign();
  const http::RequestHead signed_head = head_;
  for (const std::string_view name :
       {kPresignCredentialParam, kPresignDateParam, kPresignExpiresParam,
        kPresignSignedHeadersParam, kPresignSignatureParam}) {
    SCOPED_TRACE(name);
    head_ = signed_head;
    RemoveParam(name);
    const Result<SigV4Identity> result = Verify();
    EXPECT_THAT(result, StatusIs(StatusCode::kInvalidArgument));
    EXPECT_THAT(Message(result.status()), StartsWith("AuthorizationQueryParametersError: "));
  }
  head_ = signed_head;
  head_.query += "&X-Amz-Date=20130524T000000Z";
  EXPECT_THAT(Message(Verify().status()), StartsWith("AuthorizationQueryParametersError: "));
}

TEST_F(PresignTest, MissingAlgorithmWithOtherParametersIsStillThePresignedForm) {
  Presign();
  RemoveParam(kPresignAlgorithmParam);
  ASSERT_TRUE(IsPresignedRequest(head_));
  EXPECT_THAT(Message(Verify().status()), StartsWith("AuthorizationQueryParametersError: "));
}

TEST(ParsePresignedQueryTest, MalformedValuesAreRejected) {
  const std::string base =
      "X-Amz-Algorithm=AWS4-HMAC-SHA256"
      "&X-Amz-Credential=AKID%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
      "&X-Amz-Date=20130524T000000Z&X-Amz-SignedHeaders=host"
      "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";
  ASSERT_OK(ParsePresignedQuery(base + "&X-Amz-Expires=1"));
  ASSERT_OK(ParsePresignedQuery(base + "&X-Amz-Expires=604800"));
  const std::vector<std::string> bad = {
      base + "&X-Amz-Expires=0",
      base + "&X-Amz-Expires=604801",
      base + "&X-Amz-Expires=-1",
      base + "&X-Amz-Expires=12a",
      base + "&X-Amz-Expires=",
      base + "&X-Amz-Expires=99999999999999999999",
      base + "&X-Amz-Expires=60&X-Amz-Expires=60",
      "X-Amz-Algorithm=AWS4-HMAC-SHA1" + base.substr(base.find('&')) + "&X-Amz-Expires=60",
      "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20130525%2Fus-east-1%2Fs3%"
      "2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-SignedHeaders=host&X-Amz-Expires=60"
      "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
      "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20130524%2Fus-east-1%2Fs3"
      "&X-Amz-Date=20130524T000000Z&X-Amz-SignedHeaders=host&X-Amz-Expires=60"
      "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
      "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20130524%2Fus-east-1%2Fs3%"
      "2Faws4_request&X-Amz-Date=2013-05-24&X-Amz-SignedHeaders=host&X-Amz-Expires=60"
      "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
      "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20130524%2Fus-east-1%2Fs3%"
      "2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-SignedHeaders=range&X-Amz-Expires=60"
      "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
      "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20130524%2Fus-east-1%2Fs3%"
      "2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-SignedHeaders=host&X-Amz-Expires=60"
      "&X-Amz-Signature=AEEED9BB",
      "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%zz&X-Amz-Date=20130524T000000Z"
      "&X-Amz-SignedHeaders=host&X-Amz-Expires=60"
      "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
  };
  for (const std::string& query : bad) {
    SCOPED_TRACE(query);
    const Result<PresignedQuery> parsed = ParsePresignedQuery(query);
    EXPECT_THAT(parsed, StatusIs(StatusCode::kInvalidArgument));
    EXPECT_THAT(Message(parsed.status()), StartsWith("AuthorizationQueryParametersError: "));
  }
}

TEST(PresignV4Test, RejectsBadParameters) {
  PresignV4Params params;
  params.access_key_id = kAccessKeyId;
  params.secret_access_key = kSecret;
  params.region = "us-east-1";
  params.amz_date = kDate;
  const http::RequestHead head = Head("GET", "/bkt/key", "");

  params.expires = std::chrono::seconds(0);
  EXPECT_THAT(PresignV4(head, params), StatusIs(StatusCode::kInvalidArgument));
  params.expires = std::chrono::seconds(604801);
  EXPECT_THAT(PresignV4(head, params), StatusIs(StatusCode::kInvalidArgument));
  params.expires = std::chrono::seconds(60);
  params.amz_date = "2013-05-24";
  EXPECT_THAT(PresignV4(head, params), StatusIs(StatusCode::kInvalidArgument));
  params.amz_date = kDate;
  EXPECT_THAT(PresignV4(Head("GET", "/bkt/key", std::string(kPublishedQuery)), params),
              StatusIs(StatusCode::kInvalidArgument));
  params.signed_headers = {"x-missing"};
  EXPECT_THAT(PresignV4(head, params), StatusIs(StatusCode::kInvalidArgument));
  params.signed_headers = {"a;b"};
  EXPECT_THAT(PresignV4(head, params), StatusIs(StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace gloss::aws
