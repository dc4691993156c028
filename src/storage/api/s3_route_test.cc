#include "storage/api/s3_route.h"

#include <chrono>
#include <filesystem>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "aws/aws_chunked_signing.h"
#include "aws/checksum.h"
#include "aws/sigv4.h"
#include "core/clock.h"
#include "core/hex.h"
#include "db/sqlite_test_fixture.h"
#include "http/server.h"
#include "storage/storage_test_fixture.h"
#include "test/support/status_matchers.h"

namespace gloss::storage {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr std::string_view kAccessKey = "AKIDGLOSSADMIN";
constexpr std::string_view kSecret = "gloss-admin-secret";
constexpr std::string_view kRegion = "us-east-1";
constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";
constexpr size_t kMiB = size_t{1} << 20;

enum class Credentials { kAdmin, kWrongSecret, kAnonymous };

struct S3Request {
  std::string method;
  std::string target;  // Raw path and query, as the SDK encodes them.
  std::vector<std::pair<std::string, std::string>> headers = {};
  std::string body = {};
  // x-amz-content-sha256; the hex SHA-256 of the body when absent.
  std::optional<std::string> content_sha256 = std::nullopt;
  Credentials credentials = Credentials::kAdmin;
  bool chunked = false;  // Transfer-Encoding: chunked instead of Content-Length.
  // Makes the body from the request's signature (signed aws-chunked bodies).
  std::function<std::string(const aws::SigV4SigningContext&)> make_body = nullptr;
};

struct S3Reply {
  unsigned status = 0;
  std::map<std::string, std::string> headers;  // Names lower-case.
  std::string body;

  std::string Header(const std::string& name) const {
    const auto found = headers.find(name);
    return found == headers.end() ? "" : found->second;
  }
};

std::string Md5Etag(std::string_view hex) { return "\"" + std::string(hex) + "\""; }

std::string Crc32(std::string_view data) {
  aws::Checksummer crc(aws::ChecksumAlgorithm::kCrc32);
  crc.Update(data);
  return crc.Base64();
}

// The first capture of `pattern` in `text`, or "".
std::string Capture(const std::string& text, const std::string& pattern) {
  std::smatch match;
  return std::regex_search(text, match, std::regex(pattern)) ? match[1].str() : "";
}

// Each test gets a store in a temp dir, buckets "photos" (admin only) and
// "public" (guests may get pub/*), and the route behind a real server.
class S3RouteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    logger_ = Logger::ToFile(LogFormat::kHuman, LogLevel::kWarn, (dir_.path() / "log").string());
    ASSERT_OK_AND_ASSIGN(database_,
                         db::OpenDatabase({.url = "sqlite://" + (dir_.path() / "db").string()}));
    ASSERT_OK_AND_ASSIGN(
        store_, ObjectStore::Open(*database_, clock_, *logger_, {.root = Root().string()}));
    ASSERT_OK(store_->CreateBucket("photos"));
    ASSERT_OK(store_->CreateBucket("public"));
    resolver_ = std::make_unique<auth::PrincipalResolver>(
        nullptr, [](std::string_view key) -> std::optional<auth::AccessKeyOwner> {
          if (key != kAccessKey) {
            return std::nullopt;
          }
          auth::AccessKeyOwner owner;
          owner.credential.secret_access_key = std::string(kSecret);
          owner.kind = auth::PrincipalKind::kAdmin;
          return owner;
        });
    StorageSpec public_bucket;
    public_bucket.key = public_bucket.name = "public";
    StorageAccessRule guests_get;
    guests_get.path = "pub/*";
    guests_get.guest = {StorageAction::kGet};
    public_bucket.access.push_back(guests_get);
    access_ = std::make_shared<const StorageAccess>(
        std::map<std::string, StorageSpec>{{"public", public_bucket}},
        [](std::string_view) { return nullptr; });
    http::RouteTable routes;
    routes.SetFallback(S3Route({.store = store_.get(),
                                .resolver = resolver_.get(),
                                .pool = &pool_,
                                .logger = logger_.get(),
                                .access = access_}));
    ASSERT_OK_AND_ASSIGN(
        server_, http::Server::Start({.threads = 2},
                                     std::make_shared<const http::RouteTable>(std::move(routes)),
                                     *logger_, metrics_));
  }

  void TearDown() override {
    if (server_) {
      server_->Shutdown(std::chrono::milliseconds(500));
    }
    pool_.Shutdown();
    server_.reset();
  }

  std::filesystem::path Root() const { return dir_.path() / "objects"; }

  // Sends `request` on a new connection, signed as `request.credentials` say.
  S3Reply Send(const S3Request& request) {
    const std::string host = "127.0.0.1:" + std::to_string(server_->port());
    http::RequestHead head;
    head.method = request.method;
    head.target = request.target;
    const size_t question = request.target.find('?');
    head.path = request.target.substr(0, question);
    head.query = question == std::string::npos ? "" : request.target.substr(question + 1);
    head.headers.Add("host", host);
    std::string body = request.body;
    if (request.credentials != Credentials::kAnonymous) {
      Sign(request, head, body);
    }
    for (const auto& [name, value] : request.headers) {
      head.headers.Add(name, value);
    }
    return Exchange(head, body, request.chunked);
  }

  S3Reply Put(std::string target, std::string body,
              std::vector<std::pair<std::string, std::string>> headers = {}) {
    return Send({.method = "PUT",
                 .target = std::move(target),
                 .headers = std::move(headers),
                 .body = std::move(body)});
  }
  S3Reply Get(std::string target, std::vector<std::pair<std::string, std::string>> headers = {}) {
    return Send({.method = "GET", .target = std::move(target), .headers = std::move(headers)});
  }

  std::vector<std::string> TempFiles() const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(Root() / "tmp")) {
      names.push_back(entry.path().filename().string());
    }
    return names;
  }

  db::TempDir dir_;
  SystemClock clock_;
  std::unique_ptr<Logger> logger_;
  db::DatabasePtr database_;
  ObjectStorePtr store_;
  BlockingPool pool_{2};
  std::unique_ptr<auth::PrincipalResolver> resolver_;
  std::shared_ptr<const StorageAccess> access_;
  MetricsRegistry metrics_;
  std::unique_ptr<http::Server> server_;

 private:
  // Adds x-amz-date, x-amz-content-sha256 and the Authorization header of
  // `request` (its own headers signed too); makes a signed body if asked.
  void Sign(const S3Request& request, http::RequestHead& head, std::string& body) {
    const std::string amz_date = aws::FormatAmzDate(std::chrono::system_clock::now());
    const std::string content_sha256 =
        request.content_sha256.value_or(aws::Sha256Hex(request.body));
    head.headers.Add("x-amz-date", amz_date);
    head.headers.Add("x-amz-content-sha256", content_sha256);
    http::RequestHead signed_head = head;
    for (const auto& [name, value] : request.headers) {
      signed_head.headers.Add(name, value);
    }
    const std::string secret(request.credentials == Credentials::kAdmin ? kSecret : "wrong");
    Result<std::string> authorization =
        aws::SignV4(signed_head, {.access_key_id = std::string(kAccessKey),
                                  .secret_access_key = secret,
                                  .region = std::string(kRegion),
                                  .service = "s3",
                                  .amz_date = amz_date,
                                  .payload_sha256_hex = content_sha256,
                                  .signed_headers = {},
                                  .raw_path = true});
    ASSERT_OK(authorization);
    head.headers.Add("authorization", *authorization);
    if (request.make_body) {
      const std::string date = amz_date.substr(0, 8);
      body =
          request.make_body({.amz_date = amz_date,
                             .scope = date + "/" + std::string(kRegion) + "/s3/aws4_request",
                             .seed_signature = Capture(*authorization, "Signature=([0-9a-f]{64})"),
                             .signing_key = aws::DeriveSigningKey(secret, date, kRegion, "s3")});
    }
  }

  S3Reply Exchange(const http::RequestHead& head, const std::string& body, bool chunked) {
    asio::io_context io;
    tcp::socket socket(io);
    socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server_->port()));
    bhttp::request<bhttp::string_body> out(bhttp::string_to_verb(head.method), head.target, 11);
    for (const auto& [name, value] : head.headers.fields()) {
      out.set(name, value);
    }
    out.body() = body;
    if (chunked) {
      out.chunked(true);
    } else {
      out.prepare_payload();
    }
    bhttp::write(socket, out);
    beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(std::numeric_limits<uint64_t>::max());
    parser.skip(head.method == "HEAD");
    bhttp::read(socket, buffer, parser);
    S3Reply reply;
    reply.status = parser.get().result_int();
    for (const auto& field : parser.get()) {
      std::string name(field.name_string());
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
      reply.headers[name] = std::string(field.value());
    }
    reply.body = parser.get().body();
    return reply;
  }
};

TEST_F(S3RouteTest, PutGetHeadDeleteRoundTrip) {
  const S3Reply put = Put("/photos/dir/a%20b%2Bc.txt?x-id=PutObject", "hello world",
                          {{"content-type", "text/plain"}, {"x-amz-meta-color", "blue"}});
  ASSERT_EQ(put.status, 200u) << put.body;
  EXPECT_EQ(put.Header("etag"), Md5Etag("5eb63bbbe01eeed093cb22bb8f5acdc3"));
  EXPECT_THAT(put.Header("x-amz-request-id"), Not(IsEmpty()));

  const S3Reply get = Get("/photos/dir/a%20b%2Bc.txt?x-id=GetObject");
  ASSERT_EQ(get.status, 200u) << get.body;
  EXPECT_EQ(get.body, "hello world");
  EXPECT_EQ(get.Header("content-type"), "text/plain");
  EXPECT_EQ(get.Header("x-amz-meta-color"), "blue");
  EXPECT_EQ(get.Header("etag"), put.Header("etag"));
  EXPECT_EQ(get.Header("accept-ranges"), "bytes");
  EXPECT_THAT(get.Header("last-modified"), HasSubstr(" GMT"));

  const S3Reply head = Send({.method = "HEAD", .target = "/photos/dir/a%20b%2Bc.txt"});
  EXPECT_EQ(head.status, 200u);
  EXPECT_EQ(head.Header("content-length"), "11");
  EXPECT_EQ(head.body, "");

  EXPECT_EQ(Send({.method = "DELETE", .target = "/photos/dir/a%20b%2Bc.txt"}).status, 204u);
  const S3Reply missing = Get("/photos/dir/a%20b%2Bc.txt");
  EXPECT_EQ(missing.status, 404u);
  EXPECT_EQ(missing.Header("content-type"), "application/xml");
  EXPECT_THAT(missing.body, HasSubstr("<Code>NoSuchKey</Code>"));
  EXPECT_THAT(missing.body, HasSubstr("<Key>dir/a b+c.txt</Key>"));

  const S3Reply missing_head = Send({.method = "HEAD", .target = "/photos/dir/a%20b%2Bc.txt"});
  EXPECT_EQ(missing_head.status, 404u);
  EXPECT_EQ(missing_head.body, "");
}

TEST_F(S3RouteTest, RangesAnswer206Or416) {
  ASSERT_EQ(Put("/photos/r", "0123456789").status, 200u);

  const S3Reply first = Get("/photos/r", {{"range", "bytes=0-3"}});
  EXPECT_EQ(first.status, 206u);
  EXPECT_EQ(first.body, "0123");
  EXPECT_EQ(first.Header("content-range"), "bytes 0-3/10");

  const S3Reply suffix = Get("/photos/r", {{"range", "bytes=-3"}});
  EXPECT_EQ(suffix.status, 206u);
  EXPECT_EQ(suffix.body, "789");

  const S3Reply beyond = Get("/photos/r", {{"range", "bytes=10-"}});
  EXPECT_EQ(beyond.status, 416u);
  EXPECT_THAT(beyond.body, HasSubstr("<Code>InvalidRange</Code>"));
  EXPECT_EQ(beyond.Header("content-range"), "bytes */10");
}

TEST_F(S3RouteTest, IfNoneMatchAnswers304) {
  const S3Reply put = Put("/photos/c", "cached");
  ASSERT_EQ(put.status, 200u);
  const S3Reply not_modified = Get("/photos/c", {{"if-none-match", put.Header("etag")}});
  EXPECT_EQ(not_modified.status, 304u);
  EXPECT_EQ(not_modified.Header("etag"), put.Header("etag"));
  EXPECT_EQ(not_modified.body, "");

  const S3Reply failed = Get("/photos/c", {{"if-match", "\"other\""}});
  EXPECT_EQ(failed.status, 412u);
  EXPECT_THAT(failed.body, HasSubstr("<Code>PreconditionFailed</Code>"));
}

TEST_F(S3RouteTest, ListObjectsV2RollsUpByDelimiter) {
  for (const char* key : {"a/1", "a/2", "b", "c/x/y"}) {
    ASSERT_EQ(Put(std::string("/photos/") + key, "x").status, 200u);
  }
  const S3Reply listed = Get("/photos/?list-type=2&delimiter=%2F");
  ASSERT_EQ(listed.status, 200u) << listed.body;
  EXPECT_EQ(listed.Header("content-type"), "application/xml");
  EXPECT_THAT(listed.body, HasSubstr("<KeyCount>3</KeyCount>"));
  EXPECT_THAT(listed.body, HasSubstr("<Key>b</Key>"));
  EXPECT_THAT(listed.body, HasSubstr("<CommonPrefixes><Prefix>a/</Prefix></CommonPrefixes>"));
  EXPECT_THAT(listed.body, HasSubstr("<CommonPrefixes><Prefix>c/</Prefix></CommonPrefixes>"));

  const S3Reply under_c = Get("/photos/?list-type=2&prefix=c%2F&delimiter=%2F");
  EXPECT_THAT(under_c.body, HasSubstr("<Prefix>c/x/</Prefix>"));
  EXPECT_THAT(under_c.body, Not(HasSubstr("<Key>")));
}

TEST_F(S3RouteTest, ListObjectsV1ResumesAfterACommonPrefixMarker) {
  for (const char* key : {"a/1", "a/2", "b", "c/1"}) {
    ASSERT_EQ(Put(std::string("/photos/") + key, "x").status, 200u);
  }
  const S3Reply first = Get("/photos/?delimiter=%2F&max-keys=1");
  ASSERT_EQ(first.status, 200u) << first.body;
  EXPECT_THAT(first.body, HasSubstr("<Prefix>a/</Prefix>"));
  EXPECT_EQ(Capture(first.body, "<NextMarker>([^<]*)</NextMarker>"), "a/");

  const S3Reply second = Get("/photos/?delimiter=%2F&max-keys=1&marker=a%2F");
  EXPECT_THAT(second.body, HasSubstr("<Key>b</Key>"));
  EXPECT_THAT(second.body, Not(HasSubstr("<Prefix>a/</Prefix>")));
}

TEST_F(S3RouteTest, BucketLifecycle) {
  const S3Reply created = Send({.method = "PUT", .target = "/fresh-bucket/"});
  ASSERT_EQ(created.status, 200u) << created.body;
  EXPECT_EQ(created.Header("location"), "/fresh-bucket");
  const S3Reply again = Send({.method = "PUT", .target = "/fresh-bucket/"});
  EXPECT_EQ(again.status, 409u);
  EXPECT_THAT(again.body, HasSubstr("<Code>BucketAlreadyOwnedByYou</Code>"));

  EXPECT_EQ(Send({.method = "HEAD", .target = "/fresh-bucket"}).status, 200u);
  EXPECT_THAT(Get("/").body, HasSubstr("<Name>fresh-bucket</Name>"));
  EXPECT_EQ(Send({.method = "DELETE", .target = "/fresh-bucket/"}).status, 204u);
  EXPECT_EQ(Send({.method = "HEAD", .target = "/fresh-bucket"}).status, 404u);

  const S3Reply guest =
      Send({.method = "PUT", .target = "/guest-bucket/", .credentials = Credentials::kAnonymous});
  EXPECT_EQ(guest.status, 403u);
}

TEST_F(S3RouteTest, MultipartUploadOfThreeParts) {
  const S3Reply created = Send({.method = "POST", .target = "/photos/big?uploads="});
  ASSERT_EQ(created.status, 200u) << created.body;
  const std::string upload_id = Capture(created.body, "<UploadId>([^<]+)</UploadId>");
  ASSERT_THAT(upload_id, Not(IsEmpty()));

  const std::vector<std::string> parts = {PatternBytes(5 * kMiB, 1), PatternBytes(5 * kMiB, 2),
                                          "!"};
  std::string complete = "<CompleteMultipartUpload>";
  for (size_t part_idx = 0; part_idx < parts.size(); ++part_idx) {
    const std::string number = std::to_string(part_idx + 1);
    const S3Reply uploaded =
        Put("/photos/big?partNumber=" + number + "&uploadId=" + upload_id, parts[part_idx]);
    ASSERT_EQ(uploaded.status, 200u) << uploaded.body;
    complete += "<Part><ETag>" + uploaded.Header("etag") + "</ETag><PartNumber>" + number +
                "</PartNumber></Part>";
  }
  complete += "</CompleteMultipartUpload>";

  const S3Reply completed = Send({.method = "POST",
                                  .target = "/photos/big?uploadId=" + upload_id,
                                  .headers = {{"content-type", "application/xml"}},
                                  .body = complete});
  ASSERT_EQ(completed.status, 200u) << completed.body;
  EXPECT_THAT(Capture(completed.body, "<ETag>(?:&quot;|\")([0-9a-f]{32}-3)"), Not(IsEmpty()));
  EXPECT_THAT(completed.body, HasSubstr("<Location>http://127.0.0.1:"));

  const S3Reply get = Get("/photos/big");
  ASSERT_EQ(get.status, 200u);
  EXPECT_EQ(get.body, parts[0] + parts[1] + parts[2]);
  EXPECT_THAT(get.Header("etag"), HasSubstr("-3\""));
}

TEST_F(S3RouteTest, AwsChunkedUploadWithCrc32Trailer) {
  const std::string payload = PatternBytes(300 * 1024, 7);
  const auto upload = [&](std::string crc) {
    Result<std::string> body =
        aws::EncodeAwsChunked(payload, {.mode = aws::AwsChunkedMode::kUnsignedTrailer,
                                        .signing = std::nullopt,
                                        .chunk_size = 64 * 1024,
                                        .trailers = {{"x-amz-checksum-crc32", std::move(crc)}}});
    GLOSS_CHECK(body.ok());  // Valid parameters.
    return Send({.method = "PUT",
                 .target = "/photos/streamed?x-id=PutObject",
                 .headers = {{"content-encoding", "aws-chunked"},
                             {"x-amz-decoded-content-length", std::to_string(payload.size())},
                             {"x-amz-trailer", "x-amz-checksum-crc32"},
                             {"x-amz-sdk-checksum-algorithm", "CRC32"}},
                 .body = *body,
                 .content_sha256 = std::string(aws::kStreamingUnsignedPayloadTrailer),
                 .chunked = true});
  };

  const S3Reply wrong = upload(Crc32("something else"));
  EXPECT_EQ(wrong.status, 400u);
  EXPECT_THAT(wrong.body, HasSubstr("<Code>BadDigest</Code>"));
  EXPECT_EQ(Get("/photos/streamed").status, 404u);
  EXPECT_THAT(TempFiles(), IsEmpty());

  const S3Reply stored = upload(Crc32(payload));
  ASSERT_EQ(stored.status, 200u) << stored.body;
  EXPECT_EQ(stored.Header("x-amz-checksum-crc32"), Crc32(payload));
  const S3Reply get = Get("/photos/streamed", {{"x-amz-checksum-mode", "ENABLED"}});
  EXPECT_EQ(get.body, payload);
  EXPECT_EQ(get.Header("x-amz-checksum-crc32"), Crc32(payload));
}

TEST_F(S3RouteTest, SignedAwsChunkedUploadVerifiesChunkSignatures) {
  const std::string payload = PatternBytes(200 * 1024, 3);
  const S3Reply stored =
      Send({.method = "PUT",
            .target = "/photos/signed",
            .headers = {{"content-encoding", "aws-chunked"},
                        {"x-amz-decoded-content-length", std::to_string(payload.size())}},
            .content_sha256 = std::string(aws::kStreamingSignedPayload),
            .make_body = [&](const aws::SigV4SigningContext& signing) {
              Result<std::string> body =
                  aws::EncodeAwsChunked(payload, {.mode = aws::AwsChunkedMode::kSigned,
                                                  .signing = signing,
                                                  .chunk_size = 64 * 1024,
                                                  .trailers = {}});
              GLOSS_CHECK(body.ok());  // Valid parameters.
              return *body;
            }});
  ASSERT_EQ(stored.status, 200u) << stored.body;
  EXPECT_EQ(Get("/photos/signed").body, payload);
}

TEST_F(S3RouteTest, ContentSha256MismatchStoresNothing) {
  const S3Reply put = Send({.method = "PUT",
                            .target = "/photos/h",
                            .body = "actual",
                            .content_sha256 = aws::Sha256Hex("claimed")});
  EXPECT_EQ(put.status, 400u);
  EXPECT_THAT(put.body, HasSubstr("<Code>XAmzContentSHA256Mismatch</Code>"));
  EXPECT_EQ(Get("/photos/h").status, 404u);
}

TEST_F(S3RouteTest, CopyAndDeleteObjects) {
  ASSERT_EQ(Put("/photos/src", "copy me").status, 200u);
  const S3Reply copied = Send(
      {.method = "PUT", .target = "/photos/dst", .headers = {{"x-amz-copy-source", "photos/src"}}});
  ASSERT_EQ(copied.status, 200u) << copied.body;
  EXPECT_THAT(copied.body, HasSubstr("<CopyObjectResult"));
  EXPECT_EQ(Get("/photos/dst").body, "copy me");

  const std::string document =
      "<Delete><Object><Key>src</Key></Object><Object><Key>dst</Key></Object></Delete>";
  const S3Reply deleted = Send({.method = "POST",
                                .target = "/photos/?delete=",
                                .headers = {{"x-amz-checksum-crc32", Crc32(document)},
                                            {"x-amz-sdk-checksum-algorithm", "CRC32"}},
                                .body = document});
  ASSERT_EQ(deleted.status, 200u) << deleted.body;
  EXPECT_THAT(deleted.body, HasSubstr("<Deleted><Key>src</Key></Deleted>"));
  EXPECT_THAT(deleted.body, HasSubstr("<Deleted><Key>dst</Key></Deleted>"));
  EXPECT_EQ(Get("/photos/src").status, 404u);
}

TEST_F(S3RouteTest, WrongSecretIsSignatureDoesNotMatch) {
  const S3Reply reply = Send({.method = "GET",
                              .target = "/photos/?list-type=2",
                              .credentials = Credentials::kWrongSecret});
  EXPECT_EQ(reply.status, 403u);
  EXPECT_EQ(reply.Header("content-type"), "application/xml");
  EXPECT_THAT(reply.body, HasSubstr("<Code>SignatureDoesNotMatch</Code>"));
}

TEST_F(S3RouteTest, GuestsGetOnlyWhatTheRulesAllow) {
  ASSERT_EQ(Put("/photos/private", "secret").status, 200u);
  ASSERT_EQ(Put("/public/pub/hello", "hi").status, 200u);

  const S3Reply denied =
      Send({.method = "GET", .target = "/photos/private", .credentials = Credentials::kAnonymous});
  EXPECT_EQ(denied.status, 403u);
  EXPECT_THAT(denied.body, HasSubstr("<Code>AccessDenied</Code>"));

  const S3Reply allowed = Send(
      {.method = "GET", .target = "/public/pub/hello", .credentials = Credentials::kAnonymous});
  EXPECT_EQ(allowed.status, 200u);
  EXPECT_EQ(allowed.body, "hi");

  const S3Reply write = Send({.method = "PUT",
                              .target = "/public/pub/new",
                              .body = "x",
                              .credentials = Credentials::kAnonymous});
  EXPECT_EQ(write.status, 403u);
}

}  // namespace
}  // namespace gloss::storage
