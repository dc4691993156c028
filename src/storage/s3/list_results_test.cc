#include "storage/s3/list_results.h"

#include <gtest/gtest.h>

namespace gloss::storage::s3 {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr std::string_view kDeclaration = R"(<?xml version="1.0" encoding="UTF-8"?>)";
const TimePoint kTime = TimePoint(seconds(1704067200)) + milliseconds(5);

TEST(RenderListAllMyBucketsTest, RendersOwnerAndBuckets) {
  ListAllMyBucketsPage page;
  page.owner = {"owner-id", "gloss"};
  page.buckets = {{"a", kTime}, {"b", kTime}};
  EXPECT_EQ(RenderListAllMyBuckets(page),
            std::string(kDeclaration) +
                R"(<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">)"
                "<Owner><ID>owner-id</ID><DisplayName>gloss</DisplayName></Owner><Buckets>"
                "<Bucket><Name>a</Name><CreationDate>2024-01-01T00:00:00.005Z</CreationDate>"
                "</Bucket><Bucket><Name>b</Name><CreationDate>2024-01-01T00:00:00.005Z"
                "</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>");
}

TEST(RenderListObjectsV2Test, RendersFirstPage) {
  ListObjectsV2Page page;
  page.name = "bkt";
  page.prefix = "p/";
  page.delimiter = "/";
  page.max_keys = 2;
  page.is_truncated = true;
  page.next_continuation_token = "tok";
  page.contents = {{"p/a", kTime, "d41d8cd98f00b204e9800998ecf8427e", 0, "STANDARD", {}}};
  page.common_prefixes = {"p/sub/"};
  EXPECT_EQ(RenderListObjectsV2(page),
            std::string(kDeclaration) +
                R"(<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">)"
                "<Name>bkt</Name><Prefix>p/</Prefix><Delimiter>/</Delimiter>"
                "<MaxKeys>2</MaxKeys><KeyCount>2</KeyCount><IsTruncated>true</IsTruncated>"
                "<NextContinuationToken>tok</NextContinuationToken>"
                "<Contents><Key>p/a</Key><LastModified>2024-01-01T00:00:00.005Z</LastModified>"
                "<ETag>\"d41d8cd98f00b204e9800998ecf8427e\"</ETag><Size>0</Size>"
                "<StorageClass>STANDARD</StorageClass></Contents>"
                "<CommonPrefixes><Prefix>p/sub/</Prefix></CommonPrefixes></ListBucketResult>");
}

TEST(RenderListObjectsV2Test, EmptyPrefixAndNoDelimiter) {
  ListObjectsV2Page page;
  page.name = "bkt";
  page.continuation_token = "in";
  page.start_after = "s";
  const std::string xml = RenderListObjectsV2(page);
  EXPECT_NE(xml.find("<Prefix></Prefix>"), std::string::npos);
  EXPECT_EQ(xml.find("Delimiter"), std::string::npos);
  EXPECT_EQ(xml.find("EncodingType"), std::string::npos);
  EXPECT_NE(xml.find("<KeyCount>0</KeyCount><IsTruncated>false</IsTruncated>"
                     "<ContinuationToken>in</ContinuationToken><StartAfter>s</StartAfter>"),
            std::string::npos);
}

TEST(RenderListObjectsV2Test, UrlEncodingCoversEveryNameButNotTokens) {
  ListObjectsV2Page page;
  page.name = "bkt";
  page.prefix = "a b/";
  page.delimiter = "/";
  page.start_after = "a b/+";
  page.next_continuation_token = "t+t";
  page.url_encoding = true;
  page.contents = {{"a b/\x01key", kTime, "e", 1, "STANDARD", {}}};
  page.common_prefixes = {"a b/c d/"};
  const std::string xml = RenderListObjectsV2(page);
  EXPECT_NE(xml.find("<Prefix>a+b/</Prefix><Delimiter>/</Delimiter>"
                     "<EncodingType>url</EncodingType>"),
            std::string::npos);
  EXPECT_NE(xml.find("<StartAfter>a+b/%2B</StartAfter>"), std::string::npos);
  EXPECT_NE(xml.find("<NextContinuationToken>t+t</NextContinuationToken>"), std::string::npos);
  EXPECT_NE(xml.find("<Key>a+b/%01key</Key>"), std::string::npos);
  EXPECT_NE(xml.find("<CommonPrefixes><Prefix>a+b/c+d/</Prefix>"), std::string::npos);
}

TEST(RenderListObjectsV2Test, EscapesXmlAndKeepsQuotedEtag) {
  ListObjectsV2Page page;
  page.name = "bkt";
  page.contents = {{"a<&>b", kTime, "\"abc-2\"", 1, "STANDARD", Owner{"id", "name"}}};
  const std::string xml = RenderListObjectsV2(page);
  EXPECT_NE(xml.find("<Key>a&lt;&amp;&gt;b</Key>"), std::string::npos);
  EXPECT_NE(xml.find("<ETag>\"abc-2\"</ETag><Size>1</Size><Owner><ID>id</ID>"
                     "<DisplayName>name</DisplayName></Owner><StorageClass>"),
            std::string::npos);
}

TEST(RenderListObjectsV1Test, RendersMarkers) {
  ListObjectsV1Page page;
  page.name = "bkt";
  page.marker = "m k";
  page.next_marker = "n";
  page.delimiter = "/";
  page.max_keys = 1000;
  page.is_truncated = true;
  page.url_encoding = true;
  EXPECT_EQ(RenderListObjectsV1(page),
            std::string(kDeclaration) +
                R"(<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">)"
                "<Name>bkt</Name><Prefix></Prefix><Marker>m+k</Marker><NextMarker>n</NextMarker>"
                "<Delimiter>/</Delimiter><EncodingType>url</EncodingType><MaxKeys>1000</MaxKeys>"
                "<IsTruncated>true</IsTruncated></ListBucketResult>");
}

TEST(RenderListPartsTest, RendersParts) {
  ListPartsPage page;
  page.bucket = "bkt";
  page.key = "k";
  page.upload_id = "U";
  page.initiator = {"id", "me"};
  page.owner = {"id", "me"};
  page.next_part_number_marker = 2;
  page.max_parts = 2;
  page.is_truncated = true;
  page.parts = {{1, kTime, "e1", 5242880}, {2, kTime, "e2", 7}};
  EXPECT_EQ(RenderListParts(page),
            std::string(kDeclaration) +
                R"(<ListPartsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">)"
                "<Bucket>bkt</Bucket><Key>k</Key><UploadId>U</UploadId>"
                "<Initiator><ID>id</ID><DisplayName>me</DisplayName></Initiator>"
                "<Owner><ID>id</ID><DisplayName>me</DisplayName></Owner>"
                "<StorageClass>STANDARD</StorageClass><PartNumberMarker>0</PartNumberMarker>"
                "<NextPartNumberMarker>2</NextPartNumberMarker><MaxParts>2</MaxParts>"
                "<IsTruncated>true</IsTruncated>"
                "<Part><PartNumber>1</PartNumber><LastModified>2024-01-01T00:00:00.005Z"
                "</LastModified><ETag>\"e1\"</ETag><Size>5242880</Size></Part>"
                "<Part><PartNumber>2</PartNumber><LastModified>2024-01-01T00:00:00.005Z"
                "</LastModified><ETag>\"e2\"</ETag><Size>7</Size></Part></ListPartsResult>");
}

TEST(RenderListMultipartUploadsTest, RendersUploadsAndPrefixes) {
  ListMultipartUploadsPage page;
  page.bucket = "bkt";
  page.prefix = "a b";
  page.delimiter = "/";
  page.url_encoding = true;
  page.uploads = {{"a b/k", "U1", {"i", "n"}, {"i", "n"}, "STANDARD", kTime}};
  page.common_prefixes = {"a b/d/"};
  EXPECT_EQ(RenderListMultipartUploads(page),
            std::string(kDeclaration) +
                R"(<ListMultipartUploadsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">)"
                "<Bucket>bkt</Bucket><KeyMarker></KeyMarker><UploadIdMarker></UploadIdMarker>"
                "<NextKeyMarker></NextKeyMarker><NextUploadIdMarker></NextUploadIdMarker>"
                "<Prefix>a+b</Prefix><Delimiter>/</Delimiter><EncodingType>url</EncodingType>"
                "<MaxUploads>1000</MaxUploads><IsTruncated>false</IsTruncated>"
                "<Upload><Key>a+b/k</Key><UploadId>U1</UploadId>"
                "<Initiator><ID>i</ID><DisplayName>n</DisplayName></Initiator>"
                "<Owner><ID>i</ID><DisplayName>n</DisplayName></Owner>"
                "<StorageClass>STANDARD</StorageClass>"
                "<Initiated>2024-01-01T00:00:00.005Z</Initiated></Upload>"
                "<CommonPrefixes><Prefix>a+b/d/</Prefix></CommonPrefixes>"
                "</ListMultipartUploadsResult>");
}

}  // namespace
}  // namespace gloss::storage::s3
