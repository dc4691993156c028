#include "storage/s3/result_documents.h"

#include <gtest/gtest.h>

namespace gloss::storage::s3 {
namespace {

using std::chrono::seconds;

constexpr std::string_view kDeclaration = R"(<?xml version="1.0" encoding="UTF-8"?>)";
constexpr std::string_view kXmlns = R"( xmlns="http://s3.amazonaws.com/doc/2006-03-01/")";
const TimePoint kTime = TimePoint(seconds(1704067200));

std::string Document(std::string_view root, std::string_view inner) {
  return std::string(kDeclaration) + "<" + std::string(root) + std::string(kXmlns) + ">" +
         std::string(inner) + "</" + std::string(root) + ">";
}

TEST(ResultDocumentsTest, InitiateMultipartUpload) {
  EXPECT_EQ(RenderInitiateMultipartUploadResult("bkt", "a&b", "U1"),
            Document("InitiateMultipartUploadResult",
                     "<Bucket>bkt</Bucket><Key>a&amp;b</Key><UploadId>U1</UploadId>"));
}

TEST(ResultDocumentsTest, CompleteMultipartUpload) {
  EXPECT_EQ(RenderCompleteMultipartUploadResult(
                {"http://127.0.0.1:9000/bkt/k", "bkt", "k", "0123456789abcdef-3"}),
            Document("CompleteMultipartUploadResult",
                     "<Location>http://127.0.0.1:9000/bkt/k</Location><Bucket>bkt</Bucket>"
                     "<Key>k</Key><ETag>\"0123456789abcdef-3\"</ETag>"));
}

TEST(ResultDocumentsTest, CopyResults) {
  EXPECT_EQ(RenderCopyObjectResult("abc", kTime),
            Document("CopyObjectResult",
                     "<ETag>\"abc\"</ETag><LastModified>2024-01-01T00:00:00.000Z</LastModified>"));
  EXPECT_EQ(RenderCopyPartResult("\"abc\"", kTime),
            Document("CopyPartResult",
                     "<ETag>\"abc\"</ETag><LastModified>2024-01-01T00:00:00.000Z</LastModified>"));
}

TEST(ResultDocumentsTest, DeleteResultListsDeletedAndErrors) {
  DeleteResult result;
  result.deleted = {{"a", std::nullopt}, {"b", "null"}};
  result.errors = {{"c", "AccessDenied", "Access Denied"}};
  EXPECT_EQ(RenderDeleteResult(result),
            Document("DeleteResult",
                     "<Deleted><Key>a</Key></Deleted>"
                     "<Deleted><Key>b</Key><VersionId>null</VersionId></Deleted>"
                     "<Error><Key>c</Key><Code>AccessDenied</Code>"
                     "<Message>Access Denied</Message></Error>"));
}

TEST(ResultDocumentsTest, QuietDeleteResultListsOnlyErrors) {
  DeleteResult result;
  result.quiet = true;
  result.deleted = {{"a", std::nullopt}};
  EXPECT_EQ(RenderDeleteResult(result),
            std::string(kDeclaration) + "<DeleteResult" + std::string(kXmlns) + "/>");
}

TEST(ResultDocumentsTest, LocationConstraint) {
  EXPECT_EQ(RenderLocationConstraint("eu-west-1"), Document("LocationConstraint", "eu-west-1"));
  EXPECT_EQ(RenderLocationConstraint("us-east-1"),
            std::string(kDeclaration) + "<LocationConstraint" + std::string(kXmlns) + "/>");
}

}  // namespace
}  // namespace gloss::storage::s3
