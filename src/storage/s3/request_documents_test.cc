#include "storage/s3/request_documents.h"

#include <gtest/gtest.h>

#include "storage/s3/s3_errors.h"
#include "test/support/status_matchers.h"

namespace gloss::storage::s3 {
namespace {

std::string ErrorCode(const Status& status) { return S3ErrorFromStatus(status).code; }

TEST(ParseDeleteObjectsRequestTest, ParsesTheSdkBody) {
  ASSERT_OK_AND_ASSIGN(
      const DeleteObjectsRequest request,
      ParseDeleteObjectsRequest(
          R"(<?xml version="1.0" encoding="UTF-8"?>)"
          R"(<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/">)"
          "<Object><Key>a</Key></Object><Object><Key>dir/b&amp;c</Key><VersionId>v</VersionId>"
          "</Object><Object><Key>   </Key></Object><Quiet>false</Quiet></Delete>"));
  EXPECT_FALSE(request.quiet);
  EXPECT_EQ(request.keys, (std::vector<std::string>{"a", "dir/b&c", "   "}));
}

TEST(ParseDeleteObjectsRequestTest, QuietAndPrefixedNamespace) {
  ASSERT_OK_AND_ASSIGN(
      const DeleteObjectsRequest request,
      ParseDeleteObjectsRequest(R"(<s3:Delete xmlns:s3="http://s3.amazonaws.com/doc/2006-03-01/">)"
                                "<s3:Quiet> true </s3:Quiet><s3:Object><s3:Key><![CDATA[x<y]]>"
                                "</s3:Key></s3:Object></s3:Delete>"));
  EXPECT_TRUE(request.quiet);
  EXPECT_EQ(request.keys, (std::vector<std::string>{"x<y"}));
}

TEST(ParseDeleteObjectsRequestTest, OneThousandKeysAtMost) {
  std::string body = "<Delete>";
  for (int idx = 0; idx < 1000; ++idx) {
    body += "<Object><Key>k" + std::to_string(idx) + "</Key></Object>";
  }
  ASSERT_OK_AND_ASSIGN(const DeleteObjectsRequest request,
                       ParseDeleteObjectsRequest(body + "</Delete>"));
  EXPECT_EQ(request.keys.size(), 1000u);
  EXPECT_EQ(
      ErrorCode(
          ParseDeleteObjectsRequest(body + "<Object><Key>x</Key></Object></Delete>").status()),
      "MalformedXML");
}

TEST(ParseDeleteObjectsRequestTest, RejectsMalformedDocuments) {
  for (const std::string_view body :
       {"", "<Delete>", "<Delete></Delete>", "<Delete><Object></Object></Delete>",
        "<Delete><Object><Key>a</Key><Key>b</Key></Object></Delete>",
        "<Delete><Quiet>maybe</Quiet><Object><Key>a</Key></Object></Delete>",
        "<Remove><Object><Key>a</Key></Object></Remove>",
        "<Delete><Object><Key>a</Key></Object></Delete><Delete/>",
        "<!DOCTYPE Delete [<!ENTITY x \"y\">]><Delete><Object><Key>&x;</Key></Object></Delete>",
        "<Delete><Object><Key>a</Key></Object>"}) {
    EXPECT_EQ(ErrorCode(ParseDeleteObjectsRequest(body).status()), "MalformedXML") << body;
  }
}

TEST(ParseDeleteObjectsRequestTest, RejectsOversizedBody) {
  const std::string body(kMaxDeleteBodyBytes + 1, ' ');
  EXPECT_EQ(ErrorCode(ParseDeleteObjectsRequest(body).status()), "MaxMessageLengthExceeded");
}

TEST(ParseCompleteMultipartUploadTest, ParsesPartsAndChecksums) {
  ASSERT_OK_AND_ASSIGN(
      const std::vector<CompletedPart> parts,
      ParseCompleteMultipartUpload(
          R"(<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">)"
          "<Part><ETag>&quot;e1&quot;</ETag><PartNumber>1</PartNumber>"
          "<ChecksumCRC32>AAAAAA==</ChecksumCRC32></Part>"
          "<Part><PartNumber> 3 </PartNumber><ETag>e3</ETag></Part>"
          "</CompleteMultipartUpload>"));
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].part_number, 1u);
  EXPECT_EQ(parts[0].etag, "e1");
  EXPECT_EQ(parts[0].checksum_crc32, "AAAAAA==");
  EXPECT_EQ(parts[0].checksum_sha256, std::nullopt);
  EXPECT_EQ(parts[1].part_number, 3u);
  EXPECT_EQ(parts[1].etag, "e3");
}

TEST(ParseCompleteMultipartUploadTest, PartsMustAscend) {
  EXPECT_EQ(ErrorCode(ParseCompleteMultipartUpload(
                          "<CompleteMultipartUpload><Part><PartNumber>2</PartNumber><ETag>a</ETag>"
                          "</Part><Part><PartNumber>1</PartNumber><ETag>b</ETag></Part>"
                          "</CompleteMultipartUpload>")
                          .status()),
            "InvalidPartOrder");
  EXPECT_EQ(ErrorCode(ParseCompleteMultipartUpload(
                          "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>a</ETag>"
                          "</Part><Part><PartNumber>1</PartNumber><ETag>b</ETag></Part>"
                          "</CompleteMultipartUpload>")
                          .status()),
            "InvalidPartOrder");
}

TEST(ParseCompleteMultipartUploadTest, RejectsBadParts) {
  for (const std::string_view body :
       {"<CompleteMultipartUpload/>",
        "<CompleteMultipartUpload><Part><ETag>a</ETag></Part>"
        "</CompleteMultipartUpload>",
        "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber></Part>"
        "</CompleteMultipartUpload>",
        "<CompleteMultipartUpload><Part><PartNumber>x</PartNumber><ETag>a</ETag></Part>"
        "</CompleteMultipartUpload>",
        "<CompleteMultipartUpload><Part><PartNumber>99999999999</PartNumber><ETag>a</ETag>"
        "</Part></CompleteMultipartUpload>"}) {
    EXPECT_EQ(ErrorCode(ParseCompleteMultipartUpload(body).status()), "MalformedXML") << body;
  }
  EXPECT_EQ(ErrorCode(ParseCompleteMultipartUpload(
                          "<CompleteMultipartUpload><Part><PartNumber>10001</PartNumber>"
                          "<ETag>a</ETag></Part></CompleteMultipartUpload>")
                          .status()),
            "InvalidArgument");
}

TEST(ParseCompleteMultipartUploadTest, TenThousandPartsAtMost) {
  std::string body = "<CompleteMultipartUpload>";
  for (int idx = 1; idx <= 10000; ++idx) {
    body += "<Part><PartNumber>" + std::to_string(idx) + "</PartNumber><ETag>e</ETag></Part>";
  }
  ASSERT_OK_AND_ASSIGN(const std::vector<CompletedPart> parts,
                       ParseCompleteMultipartUpload(body + "</CompleteMultipartUpload>"));
  EXPECT_EQ(parts.size(), 10000u);
  EXPECT_EQ(ErrorCode(ParseCompleteMultipartUpload(
                          body + "<Part><PartNumber>10000</PartNumber><ETag>e</ETag></Part>"
                                 "</CompleteMultipartUpload>")
                          .status()),
            "MalformedXML");
}

TEST(ParseCreateBucketConfigurationTest, EmptyBodyHasNoConstraint) {
  ASSERT_OK_AND_ASSIGN(const CreateBucketConfiguration empty, ParseCreateBucketConfiguration(""));
  EXPECT_EQ(empty.location_constraint, std::nullopt);
  ASSERT_OK_AND_ASSIGN(const CreateBucketConfiguration blank,
                       ParseCreateBucketConfiguration(" \r\n"));
  EXPECT_EQ(blank.location_constraint, std::nullopt);
}

TEST(ParseCreateBucketConfigurationTest, ReadsLocationConstraint) {
  ASSERT_OK_AND_ASSIGN(
      const CreateBucketConfiguration configuration,
      ParseCreateBucketConfiguration(
          R"(<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">)"
          "<LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>"));
  EXPECT_EQ(configuration.location_constraint, "eu-west-1");
  EXPECT_OK(CheckLocationConstraint(configuration, "eu-west-1"));
  EXPECT_EQ(ErrorCode(CheckLocationConstraint(configuration, "us-east-1")),
            "IllegalLocationConstraintException");
  EXPECT_OK(CheckLocationConstraint({}, "us-east-1"));

  ASSERT_OK_AND_ASSIGN(
      const CreateBucketConfiguration empty_constraint,
      ParseCreateBucketConfiguration("<CreateBucketConfiguration><LocationConstraint/>"
                                     "</CreateBucketConfiguration>"));
  EXPECT_EQ(empty_constraint.location_constraint, std::nullopt);
  EXPECT_EQ(ErrorCode(ParseCreateBucketConfiguration("<Bucket/>").status()), "MalformedXML");
}

}  // namespace
}  // namespace gloss::storage::s3
