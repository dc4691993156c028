#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "storage/internal/md5.h"
#include "storage/object_store.h"
#include "storage/s3/s3_errors.h"
#include "storage/storage_test_fixture.h"
#include "test/support/status_matchers.h"

namespace gloss::storage {
namespace {

using ::gloss::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

template <typename T>
std::optional<s3::S3ErrorCode> ErrorOf(const Result<T>& result) {
  return s3::S3ErrorCodeOf(result.status());
}
std::optional<s3::S3ErrorCode> ErrorOf(const Status& status) { return s3::S3ErrorCodeOf(status); }

constexpr size_t kPart = 5 << 20;  // The smallest part that may be followed by another.

class MultipartTest : public StorageTest {
 protected:
  void SetUp() override {
    StorageTest::SetUp();
    ASSERT_OK(store_->CreateBucket("media"));
    ObjectAttributes attributes;
    attributes.content_type = "video/mp4";
    attributes.user_metadata = {{"title", "holiday"}};
    ASSERT_OK_AND_ASSIGN(upload_id_, store_->CreateMultipartUpload("media", "movie", attributes));
  }

  Result<PartInfo> UploadPart(int number, std::string_view bytes) {
    ASSIGN_OR_RETURN(PartWriter writer,
                     store_->BeginUploadPart("media", "movie", upload_id_, number));
    RETURN_IF_ERROR(writer.Write(bytes));
    return writer.Commit({});
  }

  Result<ObjectInfo> Complete(const std::vector<CompletedPart>& parts) {
    return store_->CompleteMultipartUpload("media", "movie", upload_id_, parts, {});
  }

  std::string upload_id_;
};

TEST_F(MultipartTest, UploadIdsAreLongAndDistinct) {
  ASSERT_OK_AND_ASSIGN(const std::string other,
                       store_->CreateMultipartUpload("media", "movie", {}));
  EXPECT_NE(other, upload_id_);
  EXPECT_GE(upload_id_.size(), 40u);
}

TEST_F(MultipartTest, CompleteConcatenatesPartsWithTheMultipartEtag) {
  const std::string one = PatternBytes(kPart, 1);
  const std::string two = PatternBytes(kPart + 3, 2);
  const std::string three = "tail";
  ASSERT_OK_AND_ASSIGN(const PartInfo part_one, UploadPart(1, one));
  ASSERT_OK_AND_ASSIGN(const PartInfo part_two, UploadPart(2, two));
  ASSERT_OK_AND_ASSIGN(const PartInfo part_three, UploadPart(5, three));  // Gaps are fine.
  EXPECT_EQ(part_one.etag, internal::DigestHex(internal::Md5Of(one)));

  ASSERT_OK_AND_ASSIGN(
      const ObjectInfo object,
      Complete({{1, "\"" + part_one.etag + "\""}, {2, part_two.etag}, {5, part_three.etag}}));
  std::string binary_md5s;
  for (const std::string* part : {&one, &two, &three}) {
    binary_md5s += internal::DigestBytes(internal::Md5Of(*part));
  }
  EXPECT_EQ(object.etag, internal::DigestHex(internal::Md5Of(binary_md5s)) + "-3");
  EXPECT_EQ(object.size, one.size() + two.size() + three.size());
  EXPECT_EQ(object.attributes.content_type, "video/mp4");
  EXPECT_EQ(object.attributes.user_metadata.at("title"), "holiday");

  ASSERT_OK_AND_ASSIGN(const std::string body, Get("media", "movie"));
  EXPECT_TRUE(body == one + two + three);
  // The parts' blobs are gone; only the object's remains.
  EXPECT_THAT(BlobFiles(), SizeIs(1));
  EXPECT_EQ(OutboxEvents().back(), "ObjectCreated:CompleteMultipartUpload media movie");
  EXPECT_EQ(ErrorOf(Complete({{1, part_one.etag}})), s3::S3ErrorCode::kNoSuchUpload);
}

TEST_F(MultipartTest, UnlistedPartsAreDiscardedOnComplete) {
  ASSERT_OK_AND_ASSIGN(const PartInfo part_one, UploadPart(1, "only"));
  ASSERT_OK(UploadPart(2, "unused").status());
  ASSERT_OK_AND_ASSIGN(const ObjectInfo object, Complete({{1, part_one.etag}}));
  EXPECT_EQ(object.size, 4u);
  EXPECT_THAT(BlobFiles(), SizeIs(1));
}

TEST_F(MultipartTest, ReuploadingAPartReplacesIt) {
  ASSERT_OK(UploadPart(1, "old").status());
  ASSERT_OK_AND_ASSIGN(const PartInfo replaced, UploadPart(1, "new"));
  EXPECT_THAT(BlobFiles(), SizeIs(1));
  ASSERT_OK_AND_ASSIGN(const PartsPage page, store_->ListParts("media", "movie", upload_id_, {}));
  ASSERT_THAT(page.parts, SizeIs(1));
  EXPECT_EQ(page.parts[0].etag, replaced.etag);
  ASSERT_OK(Complete({{1, replaced.etag}}).status());
  ASSERT_OK_AND_ASSIGN(const std::string body, Get("media", "movie"));
  EXPECT_EQ(body, "new");
}

TEST_F(MultipartTest, CompleteChecksTheClientsPartList) {
  ASSERT_OK_AND_ASSIGN(const PartInfo small, UploadPart(1, "small"));
  ASSERT_OK_AND_ASSIGN(const PartInfo last, UploadPart(2, "last"));

  EXPECT_EQ(ErrorOf(Complete({})), s3::S3ErrorCode::kMalformedXML);
  EXPECT_EQ(ErrorOf(Complete({{2, last.etag}, {1, small.etag}})),
            s3::S3ErrorCode::kInvalidPartOrder);
  EXPECT_EQ(ErrorOf(Complete({{1, small.etag}, {1, small.etag}})),
            s3::S3ErrorCode::kInvalidPartOrder);
  EXPECT_EQ(ErrorOf(Complete({{1, last.etag}})), s3::S3ErrorCode::kInvalidPart);
  EXPECT_EQ(ErrorOf(Complete({{3, last.etag}})), s3::S3ErrorCode::kInvalidPart);
  const Result<ObjectInfo> too_small = Complete({{1, small.etag}, {2, last.etag}});
  EXPECT_EQ(ErrorOf(too_small), s3::S3ErrorCode::kEntityTooSmall);
  EXPECT_THAT(too_small, StatusIs(StatusCode::kInvalidArgument));
  // Nothing was stored, the upload still works.
  EXPECT_EQ(ErrorOf(store_->HeadObject("media", "movie")), s3::S3ErrorCode::kNoSuchKey);
  EXPECT_THAT(BlobFiles(), SizeIs(2));
  EXPECT_OK(Complete({{2, last.etag}}).status());
}

TEST_F(MultipartTest, PartNumbersAndUploadIdsAreChecked) {
  EXPECT_EQ(ErrorOf(store_->BeginUploadPart("media", "movie", upload_id_, 0)),
            s3::S3ErrorCode::kInvalidArgument);
  EXPECT_EQ(ErrorOf(store_->BeginUploadPart("media", "movie", upload_id_, 10001)),
            s3::S3ErrorCode::kInvalidArgument);
  EXPECT_OK(store_->BeginUploadPart("media", "movie", upload_id_, 10000).status());
  EXPECT_EQ(ErrorOf(store_->BeginUploadPart("media", "movie", "bogus", 1)),
            s3::S3ErrorCode::kNoSuchUpload);
  EXPECT_EQ(ErrorOf(store_->BeginUploadPart("media", "other-key", upload_id_, 1)),
            s3::S3ErrorCode::kNoSuchUpload);
  EXPECT_EQ(ErrorOf(store_->BeginUploadPart("nobucket", "movie", upload_id_, 1)),
            s3::S3ErrorCode::kNoSuchBucket);
}

TEST_F(MultipartTest, PartCommitAfterAbortIsNoSuchUpload) {
  ASSERT_OK_AND_ASSIGN(PartWriter writer, store_->BeginUploadPart("media", "movie", upload_id_, 1));
  ASSERT_OK(writer.Write("late part"));
  ASSERT_OK(store_->AbortMultipartUpload("media", "movie", upload_id_));
  EXPECT_EQ(ErrorOf(writer.Commit({})), s3::S3ErrorCode::kNoSuchUpload);
  EXPECT_THAT(BlobFiles(), IsEmpty());
}

TEST_F(MultipartTest, AbortRemovesPartsAndTheUpload) {
  ASSERT_OK(UploadPart(1, "a").status());
  ASSERT_OK(UploadPart(2, "b").status());
  ASSERT_OK(store_->AbortMultipartUpload("media", "movie", upload_id_));
  EXPECT_THAT(BlobFiles(), IsEmpty());
  EXPECT_EQ(ErrorOf(store_->AbortMultipartUpload("media", "movie", upload_id_)),
            s3::S3ErrorCode::kNoSuchUpload);
  EXPECT_EQ(ErrorOf(store_->ListParts("media", "movie", upload_id_, {})),
            s3::S3ErrorCode::kNoSuchUpload);
}

TEST_F(MultipartTest, ListPartsPages) {
  for (int number = 1; number <= 5; ++number) {
    ASSERT_OK(UploadPart(number, std::string(static_cast<size_t>(number), 'x')).status());
  }
  ASSERT_OK_AND_ASSIGN(const PartsPage first,
                       store_->ListParts("media", "movie", upload_id_, {.max_parts = 2}));
  ASSERT_THAT(first.parts, SizeIs(2));
  EXPECT_EQ(first.parts[0].part_number, 1);
  EXPECT_EQ(first.parts[1].size, 2u);
  EXPECT_TRUE(first.is_truncated);
  EXPECT_EQ(first.next_part_number_marker, 2);
  EXPECT_EQ(first.upload.attributes.content_type, "video/mp4");

  ASSERT_OK_AND_ASSIGN(
      const PartsPage rest,
      store_->ListParts("media", "movie", upload_id_, {.part_number_marker = 2, .max_parts = 10}));
  ASSERT_THAT(rest.parts, SizeIs(3));
  EXPECT_EQ(rest.parts[0].part_number, 3);
  EXPECT_FALSE(rest.is_truncated);

  ASSERT_OK_AND_ASSIGN(const PartsPage none,
                       store_->ListParts("media", "movie", upload_id_, {.max_parts = 0}));
  EXPECT_THAT(none.parts, IsEmpty());
  EXPECT_FALSE(none.is_truncated);
  EXPECT_EQ(ErrorOf(store_->ListParts("media", "movie", upload_id_, {.max_parts = -1})),
            s3::S3ErrorCode::kInvalidArgument);
}

TEST_F(MultipartTest, ListMultipartUploadsByPrefixAndMarkers) {
  ASSERT_OK(store_->AbortMultipartUpload("media", "movie", upload_id_));
  std::vector<std::string> ids;
  for (const char* key : {"a/1", "a/2", "b/1"}) {
    ASSERT_OK_AND_ASSIGN(std::string id, store_->CreateMultipartUpload("media", key, {}));
    ids.push_back(std::move(id));
  }
  clock_.Advance(std::chrono::seconds(1));
  ASSERT_OK_AND_ASSIGN(const std::string later, store_->CreateMultipartUpload("media", "a/1", {}));

  ASSERT_OK_AND_ASSIGN(const UploadsPage a,
                       store_->ListMultipartUploads("media", {.prefix = "a/"}));
  ASSERT_THAT(a.uploads, SizeIs(3));
  // Same key: initiation order.
  EXPECT_EQ(a.uploads[0].upload_id, ids[0]);
  EXPECT_EQ(a.uploads[1].upload_id, later);
  EXPECT_EQ(a.uploads[2].key, "a/2");
  EXPECT_FALSE(a.is_truncated);

  ASSERT_OK_AND_ASSIGN(const UploadsPage first,
                       store_->ListMultipartUploads("media", {.max_uploads = 1}));
  ASSERT_THAT(first.uploads, SizeIs(1));
  EXPECT_TRUE(first.is_truncated);
  EXPECT_EQ(first.next_key_marker, "a/1");
  EXPECT_EQ(first.next_upload_id_marker, ids[0]);
  ASSERT_OK_AND_ASSIGN(
      const UploadsPage next,
      store_->ListMultipartUploads("media", {.key_marker = first.next_key_marker,
                                             .upload_id_marker = first.next_upload_id_marker}));
  ASSERT_THAT(next.uploads, SizeIs(3));
  EXPECT_EQ(next.uploads[0].upload_id, later);
  // A key marker alone skips that key's uploads.
  ASSERT_OK_AND_ASSIGN(const UploadsPage after_key,
                       store_->ListMultipartUploads("media", {.key_marker = "a/1"}));
  ASSERT_THAT(after_key.uploads, SizeIs(2));
  EXPECT_EQ(after_key.uploads[0].key, "a/2");
}

TEST_F(MultipartTest, UploadPartCopyTakesARangeOfAnObject) {
  const std::string source = PatternBytes(kPart + 100, 9);
  ASSERT_OK(Put("media", "source", source).status());
  ASSERT_OK_AND_ASSIGN(const PartInfo first,
                       store_->UploadPartCopy("media", "movie", upload_id_, 1, "media", "source",
                                              ByteRange{0, kPart - 1}));
  EXPECT_EQ(first.size, kPart);
  EXPECT_EQ(first.etag,
            internal::DigestHex(internal::Md5Of(std::string_view(source).substr(0, kPart))));
  ASSERT_OK_AND_ASSIGN(const PartInfo second,
                       store_->UploadPartCopy("media", "movie", upload_id_, 2, "media", "source",
                                              ByteRange{kPart, kPart + 99}));
  ASSERT_OK(Complete({{1, first.etag}, {2, second.etag}}).status());
  ASSERT_OK_AND_ASSIGN(const std::string body, Get("media", "movie"));
  EXPECT_TRUE(body == source);

  EXPECT_EQ(ErrorOf(store_->UploadPartCopy("media", "movie", upload_id_, 1, "media", "source",
                                           ByteRange{0, source.size()})),
            s3::S3ErrorCode::kNoSuchUpload);  // Completed.
}

TEST_F(MultipartTest, UploadPartCopyRejectsBadRanges) {
  ASSERT_OK(Put("media", "source", "0123456789").status());
  EXPECT_EQ(ErrorOf(store_->UploadPartCopy("media", "movie", upload_id_, 1, "media", "source",
                                           ByteRange{5, 10})),
            s3::S3ErrorCode::kInvalidArgument);
  EXPECT_EQ(ErrorOf(store_->UploadPartCopy("media", "movie", upload_id_, 1, "media", "source",
                                           ByteRange{6, 5})),
            s3::S3ErrorCode::kInvalidArgument);
  EXPECT_EQ(ErrorOf(store_->UploadPartCopy("media", "movie", upload_id_, 1, "media", "nope",
                                           std::nullopt)),
            s3::S3ErrorCode::kNoSuchKey);
  ASSERT_OK_AND_ASSIGN(
      const PartInfo whole,
      store_->UploadPartCopy("media", "movie", upload_id_, 1, "media", "source", std::nullopt));
  EXPECT_EQ(whole.size, 10u);
}

TEST_F(MultipartTest, CopyOfAMultipartObjectGetsAPlainMd5Etag) {
  ASSERT_OK_AND_ASSIGN(const PartInfo part, UploadPart(1, "multi"));
  ASSERT_OK_AND_ASSIGN(const ObjectInfo object, Complete({{1, part.etag}}));
  EXPECT_THAT(object.etag, ::testing::EndsWith("-1"));
  ASSERT_OK_AND_ASSIGN(const ObjectInfo copy,
                       store_->CopyObject("media", "movie", "media", "copy", {}, {}));
  EXPECT_EQ(copy.etag, internal::DigestHex(internal::Md5Of("multi")));
}

}  // namespace
}  // namespace gloss::storage
