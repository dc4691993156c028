#include "gloss/storage_client.h"

#include <atomic>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "aws/sigv4.h"
#include "gloss/testing/client_test_support.h"
#include "gloss/testing/loopback_server.h"
#include "test/support/status_matchers.h"

namespace gloss {
namespace {

using sdk::testing::CapturedRequest;
using sdk::testing::LoopbackServer;
using sdk::testing::ScriptedResponse;
using sdk::testing::TestConfig;
using sdk::testing::VerifySigned;
using ::testing::ElementsAre;
using ::testing::Pair;

class StorageClientTest : public ::testing::Test {
 protected:
  void Serve(LoopbackServer::Handler handler) {
    auto server = LoopbackServer::Start(std::move(handler));
    ASSERT_OK(server);
    server_ = std::move(server).value();
    Outcome<StorageClient> client = StorageClient::Create(TestConfig(*server_));
    ASSERT_TRUE(client.ok()) << client.error().ToString();
    client_.emplace(std::move(client).value());
  }

  CapturedRequest OnlyRequest() const {
    const std::vector<CapturedRequest> requests = server_->requests();
    EXPECT_EQ(requests.size(), 1u);
    return requests.empty() ? CapturedRequest() : requests.front();
  }

  std::unique_ptr<LoopbackServer> server_;
  std::optional<StorageClient> client_;
};

TEST_F(StorageClientTest, PutObjectSendsSignedPathStyleRequest) {
  Serve([](const CapturedRequest&) { return ScriptedResponse{.headers = {{"ETag", "\"abc\""}}}; });
  const Outcome<PutObjectResult> put =
      client_->PutObject("images", "dir/a b+c.txt", "hello",
                         {.content_type = "text/plain", .metadata = {{"origin", "sdk"}}});
  ASSERT_TRUE(put.ok()) << put.error().ToString();
  EXPECT_EQ(put->etag, "\"abc\"");

  const CapturedRequest request = OnlyRequest();
  EXPECT_EQ(request.method, "PUT");
  EXPECT_EQ(request.target, "/images/dir/a%20b%2Bc.txt");
  EXPECT_EQ(request.body, "hello");
  EXPECT_EQ(request.Header("content-type"), "text/plain");
  EXPECT_EQ(request.Header("x-amz-meta-origin"), "sdk");
  EXPECT_EQ(request.Header("x-amz-content-sha256"), aws::Sha256Hex("hello"));
  EXPECT_EQ(request.Header("x-amz-security-token"), sdk::testing::kSessionToken);
  EXPECT_EQ(request.Header("host"), server_->Address());
  Result<aws::SigV4Identity> identity = VerifySigned(request, /*raw_path=*/true);
  ASSERT_OK(identity);
  EXPECT_EQ(identity->service, "s3");
  EXPECT_EQ(identity->region, sdk::testing::kRegion);
  EXPECT_EQ(identity->access_key_id, sdk::testing::kAccessKeyId);
}

TEST_F(StorageClientTest, GetObjectReturnsBodyAndMetadata) {
  Serve([](const CapturedRequest&) {
    return ScriptedResponse{.headers = {{"Content-Type", "image/png"},
                                        {"ETag", "\"e1\""},
                                        {"Last-Modified", "Wed, 01 Jan 2025 00:00:00 GMT"},
                                        {"x-amz-meta-Origin", "camera"}},
                            .body = "PNG..."};
  });
  const Outcome<GetObjectResult> got = client_->GetObject("images", "a/b.png");
  ASSERT_TRUE(got.ok()) << got.error().ToString();
  EXPECT_EQ(got->body, "PNG...");
  EXPECT_EQ(got->info.content_type, "image/png");
  EXPECT_EQ(got->info.content_length, 6u);
  EXPECT_EQ(got->info.etag, "\"e1\"");
  EXPECT_EQ(got->info.last_modified, "Wed, 01 Jan 2025 00:00:00 GMT");
  EXPECT_THAT(got->info.metadata, ElementsAre(Pair("origin", "camera")));
  const CapturedRequest request = OnlyRequest();
  EXPECT_EQ(request.method, "GET");
  EXPECT_EQ(request.target, "/images/a/b.png");
  EXPECT_EQ(request.Header("x-amz-content-sha256"), aws::kEmptyPayloadSha256);
  EXPECT_OK(VerifySigned(request, true));
}

TEST_F(StorageClientTest, S3ErrorDocumentBecomesAwsError) {
  Serve([](const CapturedRequest&) {
    return ScriptedResponse{
        .status = 404,
        .headers = {{"Content-Type", "application/xml"}, {"x-amz-request-id", "R1"}},
        .body = R"(<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code>)"
                R"(<Message>The specified key does not exist.</Message><Key>k</Key></Error>)"};
  });
  const Outcome<GetObjectResult> got = client_->GetObject("images", "k");
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code, "NoSuchKey");
  EXPECT_EQ(got.error().http_status, 404u);
  EXPECT_EQ(got.error().message, "The specified key does not exist.");
  EXPECT_EQ(got.error().request_id, "R1");
}

TEST_F(StorageClientTest, HeadObjectReadsHeadersAndNamesBodilessErrors) {
  std::atomic<bool> found = true;
  Serve([&](const CapturedRequest&) {
    if (!found) {
      return ScriptedResponse{.status = 404};
    }
    return ScriptedResponse{
        .headers = {{"Content-Length", "1234"}, {"Content-Type", "video/mp4"}, {"ETag", "\"x\""}}};
  });
  const Outcome<ObjectMetadata> head = client_->HeadObject("images", "v.mp4");
  ASSERT_TRUE(head.ok()) << head.error().ToString();
  EXPECT_EQ(head->content_length, 1234u);
  EXPECT_EQ(head->content_type, "video/mp4");
  found = false;
  const Outcome<ObjectMetadata> missing = client_->HeadObject("images", "gone");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "NotFound");
  EXPECT_EQ(missing.error().http_status, 404u);
  EXPECT_EQ(server_->requests().front().method, "HEAD");
  EXPECT_EQ(server_->connections(), 1);  // HEAD's Content-Length did not confuse keep-alive.
}

TEST_F(StorageClientTest, DeleteObjectSucceedsOn204AndFailsWithS3Code) {
  std::atomic<unsigned> status = 204;
  Serve([&](const CapturedRequest&) {
    if (status == 204) {
      return ScriptedResponse{.status = 204};
    }
    return ScriptedResponse{
        .status = 403, .body = "<Error><Code>AccessDenied</Code><Message>no</Message></Error>"};
  });
  EXPECT_TRUE(client_->DeleteObject("images", "a").ok());
  EXPECT_EQ(server_->requests().front().method, "DELETE");
  EXPECT_OK(VerifySigned(server_->requests().front(), true));
  status = 403;
  const Outcome<void> denied = client_->DeleteObject("images", "a");
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error().code, "AccessDenied");
}

TEST_F(StorageClientTest, ListObjectsV2EncodesQueryAndParsesPage) {
  Serve([](const CapturedRequest&) {
    return ScriptedResponse{
        .headers = {{"Content-Type", "application/xml"}},
        .body =
            R"(<?xml version="1.0" encoding="UTF-8"?>)"
            R"(<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">)"
            R"(<Name>images</Name><Prefix>p/</Prefix><KeyCount>3</KeyCount>)"
            R"(<IsTruncated>true</IsTruncated><NextContinuationToken>tok 2</NextContinuationToken>)"
            R"(<Contents><Key>p/a</Key><LastModified>2025-01-01T00:00:00.000Z</LastModified>)"
            R"(<ETag>&quot;m1&quot;</ETag><Size>5</Size></Contents>)"
            R"(<Contents><Key>p/b</Key><Size>7</Size></Contents>)"
            R"(<CommonPrefixes><Prefix>p/sub/</Prefix></CommonPrefixes></ListBucketResult>)"};
  });
  const Outcome<ListObjectsResult> page = client_->ListObjectsV2(
      "images", {.prefix = "p/", .delimiter = "/", .continuation_token = "tok 1+", .max_keys = 2});
  ASSERT_TRUE(page.ok()) << page.error().ToString();
  ASSERT_EQ(page->objects.size(), 2u);
  EXPECT_EQ(page->objects[0].key, "p/a");
  EXPECT_EQ(page->objects[0].size, 5u);
  EXPECT_EQ(page->objects[0].etag, "\"m1\"");
  EXPECT_EQ(page->objects[0].last_modified, "2025-01-01T00:00:00.000Z");
  EXPECT_EQ(page->objects[1].size, 7u);
  EXPECT_THAT(page->common_prefixes, ElementsAre("p/sub/"));
  EXPECT_TRUE(page->is_truncated);
  EXPECT_EQ(page->next_continuation_token, "tok 2");

  const CapturedRequest request = OnlyRequest();
  EXPECT_EQ(request.target,
            "/images/?list-type=2&continuation-token=tok%201%2B&delimiter=%2F&max-keys=2"
            "&prefix=p%2F");
  EXPECT_OK(VerifySigned(request, true));
}

TEST_F(StorageClientTest, NoCredentialsMeansUnsigned) {
  Serve([](const CapturedRequest&) { return ScriptedResponse{.body = "x"}; });
  ClientConfig config = TestConfig(*server_);
  config.access_key_id.clear();
  config.session_token.clear();
  Outcome<StorageClient> client = StorageClient::Create(config);
  ASSERT_TRUE(client.ok());
  ASSERT_TRUE(client->GetObject("public", "x").ok());
  EXPECT_FALSE(OnlyRequest().HasHeader("authorization"));
  EXPECT_FALSE(OnlyRequest().HasHeader("x-amz-security-token"));
}

TEST_F(StorageClientTest, TransportFailuresHaveClientCodes) {
  Serve([](const CapturedRequest& request) {
    return ScriptedResponse{.delay = request.target == "/b/slow" ? std::chrono::milliseconds(800)
                                                                 : std::chrono::milliseconds(0)};
  });
  ClientConfig config = TestConfig(*server_);
  config.timeout = std::chrono::milliseconds(200);
  Outcome<StorageClient> client = StorageClient::Create(config);
  ASSERT_TRUE(client.ok());
  const Outcome<GetObjectResult> slow = client->GetObject("b", "slow");
  ASSERT_FALSE(slow.ok());
  EXPECT_EQ(slow.error().code, "TimeoutError");
  EXPECT_EQ(slow.error().http_status, 0u);

  server_.reset();
  const Outcome<GetObjectResult> gone = client->GetObject("b", "fast");
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code, "NetworkingError");
}

TEST(StorageClientConfigTest, UnusableEndpointIsConfigurationError) {
  EXPECT_EQ(StorageClient::Create({}).error().code, "ConfigurationError");
  EXPECT_EQ(StorageClient::Create({.endpoint = "ftp://s3.amazonaws.com"}).error().code,
            "ConfigurationError");
  EXPECT_TRUE(StorageClient::Create({.endpoint = "http://127.0.0.1:1"}).ok());
  // Connects lazily: an https endpoint is configuration enough.
  EXPECT_TRUE(StorageClient::Create({.endpoint = "https://s3.amazonaws.com"}).ok());
}

}  // namespace
}  // namespace gloss
