#include "storage/s3/s3_request.h"

#include <gtest/gtest.h>

#include "storage/s3/s3_errors.h"
#include "test/support/status_matchers.h"

namespace gloss::storage::s3 {
namespace {

http::RequestHead Head(std::string method, std::string path, std::string query = "") {
  http::RequestHead head;
  head.method = std::move(method);
  head.path = std::move(path);
  head.query = std::move(query);
  head.target = head.path + (head.query.empty() ? "" : "?" + head.query);
  head.headers.Add("host", "127.0.0.1:9000");
  return head;
}

std::string ErrorCode(const Status& status) { return S3ErrorFromStatus(status).code; }

struct OperationCase {
  std::string method;
  std::string path;
  std::string query;
  bool copy_source;
  S3Operation expected;
};

class ClassifyOperationTest : public ::testing::TestWithParam<OperationCase> {};

TEST_P(ClassifyOperationTest, MapsMethodPathAndMarkersToOperation) {
  const OperationCase& param = GetParam();
  http::RequestHead head = Head(param.method, param.path, param.query);
  if (param.copy_source) {
    head.headers.Add("x-amz-copy-source", "src/key");
  }
  ASSERT_OK_AND_ASSIGN(const S3Request request, ClassifyS3Request(head));
  EXPECT_EQ(S3OperationName(request.operation), S3OperationName(param.expected));
}

INSTANTIATE_TEST_SUITE_P(
    AllOperations, ClassifyOperationTest,
    ::testing::Values(
        OperationCase{"GET", "/", "", false, S3Operation::kListBuckets},
        OperationCase{"GET", "/", "x-id=ListBuckets", false, S3Operation::kListBuckets},
        OperationCase{"PUT", "/bkt/", "", false, S3Operation::kCreateBucket},
        OperationCase{"PUT", "/bkt", "", false, S3Operation::kCreateBucket},
        OperationCase{"DELETE", "/bkt/", "", false, S3Operation::kDeleteBucket},
        OperationCase{"HEAD", "/bkt", "", false, S3Operation::kHeadBucket},
        OperationCase{"GET", "/bkt/", "location=", false, S3Operation::kGetBucketLocation},
        OperationCase{"GET", "/bkt/", "list-type=2&prefix=p%2F&delimiter=%2F", false,
                      S3Operation::kListObjectsV2},
        OperationCase{"GET", "/bkt", "prefix=a", false, S3Operation::kListObjects},
        OperationCase{"GET", "/bkt/", "uploads=", false, S3Operation::kListMultipartUploads},
        OperationCase{"POST", "/bkt/", "delete=", false, S3Operation::kDeleteObjects},
        OperationCase{"PUT", "/bkt/key", "x-id=PutObject", false, S3Operation::kPutObject},
        OperationCase{"PUT", "/bkt/key", "x-id=CopyObject", true, S3Operation::kCopyObject},
        OperationCase{"GET", "/bkt/key", "x-id=GetObject", false, S3Operation::kGetObject},
        OperationCase{"HEAD", "/bkt/key", "", false, S3Operation::kHeadObject},
        OperationCase{"DELETE", "/bkt/key", "x-id=DeleteObject", false, S3Operation::kDeleteObject},
        OperationCase{"POST", "/bkt/key", "uploads=", false, S3Operation::kCreateMultipartUpload},
        OperationCase{"PUT", "/bkt/key", "partNumber=1&uploadId=U&x-id=UploadPart", false,
                      S3Operation::kUploadPart},
        OperationCase{"PUT", "/bkt/key", "partNumber=2&uploadId=U", true,
                      S3Operation::kUploadPartCopy},
        OperationCase{"POST", "/bkt/key", "uploadId=U", false,
                      S3Operation::kCompleteMultipartUpload},
        OperationCase{"DELETE", "/bkt/key", "uploadId=U&x-id=AbortMultipartUpload", false,
                      S3Operation::kAbortMultipartUpload},
        OperationCase{"GET", "/bkt/key", "uploadId=U", false, S3Operation::kListParts}));

TEST(ClassifyS3RequestTest, DecodesKeyExactlyOnceAndKeepsItOpaque) {
  ASSERT_OK_AND_ASSIGN(const S3Request request,
                       ClassifyS3Request(Head("GET", "/bkt/dir/a%20b%2Bc+d%252F.txt")));
  EXPECT_EQ(request.bucket, "bkt");
  EXPECT_EQ(request.key, "dir/a b+c+d%2F.txt");

  ASSERT_OK_AND_ASSIGN(const S3Request dots, ClassifyS3Request(Head("GET", "/bkt/../other/x")));
  EXPECT_EQ(dots.bucket, "bkt");
  EXPECT_EQ(dots.key, "../other/x");

  ASSERT_OK_AND_ASSIGN(const S3Request slash, ClassifyS3Request(Head("GET", "/bkt/a%2Fb")));
  EXPECT_EQ(slash.key, "a/b");

  ASSERT_OK_AND_ASSIGN(const S3Request leading, ClassifyS3Request(Head("GET", "/bkt//x")));
  EXPECT_EQ(leading.key, "/x");
  EXPECT_EQ(leading.Resource(), "/bkt//x");
}

TEST(ClassifyS3RequestTest, KeepsDecodedQueryForParameterParsers) {
  ASSERT_OK_AND_ASSIGN(const S3Request request,
                       ClassifyS3Request(Head("GET", "/bkt", "list-type=2&prefix=a%2Fb&uploads")));
  EXPECT_EQ(request.query.Get("prefix"), "a/b");
}

TEST(ClassifyS3RequestTest, VirtualHostedStyleTakesBucketFromHost) {
  ClassifyOptions options;
  options.virtual_host_suffixes = {"localhost", "s3.localhost"};

  http::RequestHead head = Head("GET", "/dir/file.txt");
  head.headers = {};
  head.headers.Add("host", "Photos.s3.localhost:9000");
  ASSERT_OK_AND_ASSIGN(const S3Request request, ClassifyS3Request(head, options));
  EXPECT_EQ(request.bucket, "photos");
  EXPECT_EQ(request.key, "dir/file.txt");
  EXPECT_EQ(request.operation, S3Operation::kGetObject);

  http::RequestHead bucket_level = Head("GET", "/", "list-type=2");
  bucket_level.headers = {};
  bucket_level.headers.Add("host", "my.bucket.localhost");
  ASSERT_OK_AND_ASSIGN(const S3Request listing, ClassifyS3Request(bucket_level, options));
  EXPECT_EQ(listing.bucket, "my.bucket");
  EXPECT_EQ(listing.operation, S3Operation::kListObjectsV2);
}

TEST(ClassifyS3RequestTest, ServiceHostItselfIsPathStyle) {
  ClassifyOptions options;
  options.virtual_host_suffixes = {"localhost", "s3.localhost"};
  for (const std::string host : {"s3.localhost:9000", "localhost", "127.0.0.1:9000", "[::1]:9"}) {
    http::RequestHead head = Head("GET", "/bkt/key");
    head.headers = {};
    head.headers.Add("host", host);
    ASSERT_OK_AND_ASSIGN(const S3Request request, ClassifyS3Request(head, options));
    EXPECT_EQ(request.bucket, "bkt") << host;
    EXPECT_EQ(request.key, "key") << host;
  }
}

TEST(ClassifyS3RequestTest, RejectsUnsupportedMethodsAsS3Does) {
  EXPECT_EQ(ErrorCode(ClassifyS3Request(Head("PATCH", "/bkt/key")).status()), "MethodNotAllowed");
  EXPECT_EQ(ErrorCode(ClassifyS3Request(Head("PUT", "/")).status()), "MethodNotAllowed");
  EXPECT_EQ(ErrorCode(ClassifyS3Request(Head("POST", "/bkt/key")).status()), "MethodNotAllowed");
  EXPECT_EQ(ErrorCode(ClassifyS3Request(Head("OPTIONS", "/bkt")).status()), "MethodNotAllowed");
  EXPECT_EQ(S3ErrorFromStatus(ClassifyS3Request(Head("PATCH", "/bkt/key")).status()).http_status,
            405u);
}

TEST(ClassifyS3RequestTest, UnimplementedSubresourcesNeverFallThrough) {
  for (const std::string query :
       {"acl", "tagging", "versioning=", "policy", "versions", "lifecycle", "cors", "attributes"}) {
    EXPECT_EQ(ErrorCode(ClassifyS3Request(Head("DELETE", "/bkt/key", query)).status()),
              "NotImplemented")
        << query;
    EXPECT_EQ(ErrorCode(ClassifyS3Request(Head("PUT", "/bkt", query)).status()), "NotImplemented")
        << query;
  }
  EXPECT_EQ(ErrorCode(ClassifyS3Request(Head("POST", "/bkt")).status()), "NotImplemented");
  EXPECT_EQ(ErrorCode(ClassifyS3Request(Head("GET", "/bkt/k", "partNumber=1")).status()),
            "NotImplemented");
}

TEST(ClassifyS3RequestTest, RejectsMalformedTargets) {
  EXPECT_EQ(ErrorCode(ClassifyS3Request(Head("GET", "bkt/key")).status()), "InvalidURI");
  EXPECT_EQ(ErrorCode(ClassifyS3Request(Head("GET", "/bkt/a%zz")).status()), "InvalidURI");
  EXPECT_EQ(ErrorCode(ClassifyS3Request(Head("GET", "/bkt/a", "prefix=%")).status()), "InvalidURI");
  EXPECT_EQ(ErrorCode(ClassifyS3Request(Head("GET", "//key")).status()), "InvalidURI");
  EXPECT_EQ(ErrorCode(ClassifyS3Request(Head("GET", "/..")).status()), "InvalidBucketName");
  EXPECT_EQ(ErrorCode(ClassifyS3Request(Head("GET", "/a%2Fb/key")).status()), "InvalidBucketName");
  EXPECT_EQ(ErrorCode(ClassifyS3Request(Head("GET", "/bkt/" + std::string(1025, 'k'))).status()),
            "KeyTooLongError");
  ASSERT_OK(ClassifyS3Request(Head("GET", "/bkt/" + std::string(1024, 'k'))));
}

TEST(ClassifyS3RequestTest, RejectsIncompleteUploadPartAndUnknownListType) {
  EXPECT_EQ(ErrorCode(ClassifyS3Request(Head("PUT", "/bkt/k", "uploadId=U")).status()),
            "InvalidArgument");
  EXPECT_EQ(ErrorCode(ClassifyS3Request(Head("PUT", "/bkt/k", "partNumber=1")).status()),
            "InvalidArgument");
  EXPECT_EQ(ErrorCode(ClassifyS3Request(Head("GET", "/bkt", "list-type=3")).status()),
            "InvalidArgument");
}

}  // namespace
}  // namespace gloss::storage::s3
