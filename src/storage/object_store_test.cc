#include "storage/object_store.h"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "storage/internal/md5.h"
#include "storage/s3/s3_errors.h"
#include "storage/storage_test_fixture.h"
#include "test/support/status_matchers.h"

namespace gloss::storage {
namespace {

using ::gloss::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

std::optional<s3::S3ErrorCode> ErrorOf(const Status& status) { return s3::S3ErrorCodeOf(status); }
template <typename T>
std::optional<s3::S3ErrorCode> ErrorOf(const Result<T>& result) {
  return s3::S3ErrorCodeOf(result.status());
}

class ObjectStoreTest : public StorageTest {
 protected:
  void SetUp() override {
    StorageTest::SetUp();
    ASSERT_OK(store_->CreateBucket("photos"));
  }
};

// ---- Buckets ----

TEST_F(ObjectStoreTest, CreateBucketTwiceIsBucketAlreadyOwnedByYou) {
  const Status status = store_->CreateBucket("photos");
  EXPECT_THAT(status, StatusIs(StatusCode::kAlreadyExists));
  EXPECT_EQ(ErrorOf(status), s3::S3ErrorCode::kBucketAlreadyOwnedByYou);
}

TEST_F(ObjectStoreTest, CreateBucketValidatesTheName) {
  EXPECT_EQ(ErrorOf(store_->CreateBucket("Bad_Name")), s3::S3ErrorCode::kInvalidBucketName);
}

TEST_F(ObjectStoreTest, ListAndHeadBuckets) {
  clock_.Advance(std::chrono::seconds(5));
  ASSERT_OK(store_->CreateBucket("alpha"));
  ASSERT_OK_AND_ASSIGN(const std::vector<BucketInfo> buckets, store_->ListBuckets());
  ASSERT_THAT(buckets, SizeIs(2));
  EXPECT_EQ(buckets[0].name, "alpha");
  EXPECT_EQ(buckets[0].created, FromUnixMillis(kTestEpochMillis + 5000));
  EXPECT_EQ(buckets[1].name, "photos");

  ASSERT_OK_AND_ASSIGN(const BucketInfo head, store_->HeadBucket("alpha"));
  EXPECT_EQ(head.name, "alpha");
  EXPECT_EQ(ErrorOf(store_->HeadBucket("missing")), s3::S3ErrorCode::kNoSuchBucket);
  EXPECT_EQ(ErrorOf(store_->HeadBucket("Not Valid")), s3::S3ErrorCode::kNoSuchBucket);
}

TEST_F(ObjectStoreTest, DeleteBucketNeedsAnEmptyExistingBucket) {
  EXPECT_EQ(ErrorOf(store_->DeleteBucket("missing")), s3::S3ErrorCode::kNoSuchBucket);
  ASSERT_OK(Put("photos", "a", "x").status());
  const Status not_empty = store_->DeleteBucket("photos");
  EXPECT_EQ(ErrorOf(not_empty), s3::S3ErrorCode::kBucketNotEmpty);
  ASSERT_OK(store_->DeleteObject("photos", "a", {}));
  ASSERT_OK(store_->DeleteBucket("photos"));
  EXPECT_EQ(ErrorOf(store_->HeadBucket("photos")), s3::S3ErrorCode::kNoSuchBucket);
}

TEST_F(ObjectStoreTest, DeleteBucketAbortsUploadsInProgress) {
  ASSERT_OK_AND_ASSIGN(const std::string upload_id,
                       store_->CreateMultipartUpload("photos", "big", {}));
  ASSERT_OK_AND_ASSIGN(PartWriter part, store_->BeginUploadPart("photos", "big", upload_id, 1));
  ASSERT_OK(part.Write("part"));
  ASSERT_OK(part.Commit({}).status());
  EXPECT_THAT(BlobFiles(), SizeIs(1));

  ASSERT_OK(store_->DeleteBucket("photos"));
  EXPECT_THAT(BlobFiles(), IsEmpty());
  ASSERT_OK(store_->CreateBucket("photos"));
  EXPECT_EQ(ErrorOf(store_->ListParts("photos", "big", upload_id, {})),
            s3::S3ErrorCode::kNoSuchUpload);
}

// ---- Put, Get, Head ----

TEST_F(ObjectStoreTest, PutThenGetReturnsTheBytesAndAttributes) {
  PutOptions options;
  options.attributes.content_type = "image/jpeg";
  options.attributes.cache_control = "max-age=60";
  options.attributes.user_metadata = {{"camera", "x100"}, {"place", "Z\xC3\xBCrich"}};
  options.checksums = {{"CRC32", "NhCmhg=="}};
  const std::string body = PatternBytes((3 << 20) + 17, 1);  // Several write slices.
  ASSERT_OK_AND_ASSIGN(const ObjectInfo put, Put("photos", "2024/cat.jpg", body, options));
  EXPECT_EQ(put.size, body.size());
  EXPECT_EQ(put.etag, internal::DigestHex(internal::Md5Of(body)));
  EXPECT_EQ(put.last_modified, FromUnixMillis(kTestEpochMillis));

  ASSERT_OK_AND_ASSIGN(const ObjectContent content, store_->GetObject("photos", "2024/cat.jpg"));
  EXPECT_EQ(content.info.etag, put.etag);
  EXPECT_EQ(content.info.attributes, options.attributes);
  EXPECT_EQ(content.info.checksums, options.checksums);
  EXPECT_EQ(content.body.size(), body.size());
  EXPECT_EQ(ReadAll(content.body), body);

  ASSERT_OK_AND_ASSIGN(const ObjectInfo head, store_->HeadObject("photos", "2024/cat.jpg"));
  EXPECT_EQ(head.size, body.size());
  EXPECT_EQ(head.attributes, options.attributes);
}

TEST_F(ObjectStoreTest, EmptyObjectHasTheMd5OfNothing) {
  ASSERT_OK_AND_ASSIGN(const ObjectInfo put, Put("photos", "empty", ""));
  EXPECT_EQ(put.etag, "d41d8cd98f00b204e9800998ecf8427e");
  ASSERT_OK_AND_ASSIGN(const std::string body, Get("photos", "empty"));
  EXPECT_EQ(body, "");
}

TEST_F(ObjectStoreTest, MissingObjectOrBucket) {
  EXPECT_THAT(store_->HeadObject("photos", "nope"), StatusIs(StatusCode::kNotFound));
  EXPECT_EQ(ErrorOf(store_->HeadObject("photos", "nope")), s3::S3ErrorCode::kNoSuchKey);
  EXPECT_EQ(ErrorOf(store_->GetObject("photos", "nope")), s3::S3ErrorCode::kNoSuchKey);
  EXPECT_EQ(ErrorOf(store_->GetObject("missing", "nope")), s3::S3ErrorCode::kNoSuchBucket);
  EXPECT_EQ(ErrorOf(store_->BeginPut("missing", "a")), s3::S3ErrorCode::kNoSuchBucket);
  EXPECT_EQ(ErrorOf(store_->BeginPut("photos", std::string(1025, 'k'))),
            s3::S3ErrorCode::kKeyTooLongError);
}

TEST_F(ObjectStoreTest, KeysThatLookLikePathsAreJustKeys) {
  const std::vector<std::string> keys = {"../x", "/abs", "a//b", "../../../../tmp/escape", "."};
  for (const std::string& key : keys) {
    ASSERT_OK(Put("photos", key, "body of " + key).status()) << key;
  }
  for (const std::string& key : keys) {
    ASSERT_OK_AND_ASSIGN(const std::string body, Get("photos", key));
    EXPECT_EQ(body, "body of " + key);
  }
  // Only the root's own folders exist; no key became a path.
  std::vector<std::string> entries;
  for (const auto& entry : std::filesystem::directory_iterator(Root())) {
    entries.push_back(entry.path().filename().string());
  }
  std::sort(entries.begin(), entries.end());
  EXPECT_THAT(entries, ElementsAre("LOCK", "blobs", "tmp"));
  EXPECT_FALSE(std::filesystem::exists("/tmp/escape"));
  EXPECT_THAT(BlobFiles(), SizeIs(5));
}

TEST_F(ObjectStoreTest, ReplacingAnObjectRemovesTheOldBlob) {
  ASSERT_OK(Put("photos", "a", "first").status());
  ASSERT_OK(Put("photos", "a", "second").status());
  EXPECT_THAT(BlobFiles(), SizeIs(1));
  ASSERT_OK_AND_ASSIGN(const std::string body, Get("photos", "a"));
  EXPECT_EQ(body, "second");
}

TEST_F(ObjectStoreTest, ReadersKeepTheBodyTheyOpened) {
  ASSERT_OK(Put("photos", "a", "first").status());
  ASSERT_OK_AND_ASSIGN(const ObjectContent old_content, store_->GetObject("photos", "a"));
  ASSERT_OK(Put("photos", "a", "second").status());
  ASSERT_OK(store_->DeleteObject("photos", "a", {}));
  EXPECT_EQ(ReadAll(old_content.body), "first");
}

TEST_F(ObjectStoreTest, BadDigestStoresNothing) {
  PutOptions options;
  options.content_md5 = std::string(internal::DigestBytes(internal::Md5Of("other")));
  const Result<ObjectInfo> put = Put("photos", "a", "body", options);
  EXPECT_EQ(ErrorOf(put), s3::S3ErrorCode::kBadDigest);
  EXPECT_EQ(ErrorOf(store_->HeadObject("photos", "a")), s3::S3ErrorCode::kNoSuchKey);
  EXPECT_THAT(BlobFiles(), IsEmpty());
  EXPECT_THAT(OutboxEvents(), IsEmpty());

  options.content_md5 = std::string(internal::DigestBytes(internal::Md5Of("body")));
  EXPECT_OK(Put("photos", "a", "body", options).status());
}

TEST_F(ObjectStoreTest, MetadataTooLargeIsRejectedAtCommit) {
  PutOptions options;
  options.attributes.user_metadata["big"] = std::string(3000, 'x');
  EXPECT_EQ(ErrorOf(Put("photos", "a", "body", options)), s3::S3ErrorCode::kMetadataTooLarge);
  EXPECT_THAT(BlobFiles(), IsEmpty());
  EXPECT_THAT(TempFiles(), IsEmpty());
}

TEST_F(ObjectStoreTest, AbandonedWriterLeavesNothing) {
  {
    ASSERT_OK_AND_ASSIGN(ObjectWriter writer, store_->BeginPut("photos", "a"));
    ASSERT_OK(writer.Write("partial"));
  }
  EXPECT_THAT(TempFiles(), IsEmpty());
  EXPECT_THAT(BlobFiles(), IsEmpty());
  ASSERT_OK_AND_ASSIGN(ObjectWriter writer, store_->BeginPut("photos", "a"));
  ASSERT_OK(writer.Commit({}, {}).status());
  EXPECT_THAT(writer.Commit({}, {}), StatusIs(StatusCode::kInternal));
  EXPECT_THAT(writer.Write("late"), StatusIs(StatusCode::kInternal));
}

TEST_F(ObjectStoreTest, PutIntoABucketDeletedMeanwhileIsNoSuchBucket) {
  ASSERT_OK(store_->CreateBucket("gone"));
  ASSERT_OK_AND_ASSIGN(ObjectWriter writer, store_->BeginPut("gone", "a"));
  ASSERT_OK(writer.Write("body"));
  ASSERT_OK(store_->DeleteBucket("gone"));
  EXPECT_EQ(ErrorOf(writer.Commit({}, {})), s3::S3ErrorCode::kNoSuchBucket);
  EXPECT_THAT(BlobFiles(), IsEmpty());
}

TEST_F(ObjectStoreTest, OfTwoPutsConditionalOnNoObjectOnlyTheFirstCommitSucceeds) {
  PutOptions only_if_absent;
  only_if_absent.precondition = [](const ObjectInfo* current) {
    return current == nullptr ? Status::Ok()
                              : s3::S3ErrorStatus(s3::S3ErrorCode::kPreconditionFailed);
  };
  // Both began while there was no object.
  ASSERT_OK_AND_ASSIGN(ObjectWriter first, store_->BeginPut("photos", "a"));
  ASSERT_OK_AND_ASSIGN(ObjectWriter second, store_->BeginPut("photos", "a"));
  ASSERT_OK(first.Write("first"));
  ASSERT_OK(second.Write("second"));
  ASSERT_OK(first.Commit(only_if_absent, {}).status());
  EXPECT_EQ(ErrorOf(second.Commit(only_if_absent, {})), s3::S3ErrorCode::kPreconditionFailed);

  ASSERT_OK_AND_ASSIGN(const std::string body, Get("photos", "a"));
  EXPECT_EQ(body, "first");
  EXPECT_THAT(BlobFiles(), SizeIs(1));  // The loser's blob is gone.
  EXPECT_THAT(OutboxEvents(), SizeIs(1));
}

// ---- Delete ----

TEST_F(ObjectStoreTest, DeleteIsIdempotentAndRecordsOneEvent) {
  ASSERT_OK(Put("photos", "a", "body").status());
  ASSERT_OK(store_->DeleteObject("photos", "a", {}));
  ASSERT_OK(store_->DeleteObject("photos", "a", {}));
  EXPECT_EQ(ErrorOf(store_->HeadObject("photos", "a")), s3::S3ErrorCode::kNoSuchKey);
  EXPECT_THAT(BlobFiles(), IsEmpty());
  EXPECT_THAT(OutboxEvents(),
              ElementsAre("ObjectCreated:Put photos a", "ObjectRemoved:Delete photos a"));
  EXPECT_EQ(ErrorOf(store_->DeleteObject("missing", "a", {})), s3::S3ErrorCode::kNoSuchBucket);
}

TEST_F(ObjectStoreTest, DeleteObjectsReportsPerKey) {
  ASSERT_OK(Put("photos", "a", "1").status());
  ASSERT_OK(Put("photos", "b", "2").status());
  const std::vector<std::string> keys = {"a", "missing", std::string(1025, 'k'), "b"};
  ASSERT_OK_AND_ASSIGN(const std::vector<Status> outcomes,
                       store_->DeleteObjects("photos", keys, {}));
  ASSERT_THAT(outcomes, SizeIs(4));
  EXPECT_OK(outcomes[0]);
  EXPECT_OK(outcomes[1]);
  EXPECT_EQ(ErrorOf(outcomes[2]), s3::S3ErrorCode::kKeyTooLongError);
  EXPECT_OK(outcomes[3]);
  EXPECT_THAT(BlobFiles(), IsEmpty());
  EXPECT_THAT(OutboxEvents(), SizeIs(4));  // Two puts, two removals.

  const std::vector<std::string> too_many(1001, "k");
  EXPECT_EQ(ErrorOf(store_->DeleteObjects("photos", too_many, {})), s3::S3ErrorCode::kMalformedXML);
  EXPECT_EQ(ErrorOf(store_->DeleteObjects("photos", {}, {})), s3::S3ErrorCode::kMalformedXML);
}

// ---- Copy ----

TEST_F(ObjectStoreTest, CopyToAnotherBucketKeepsEtagAndAttributes) {
  ASSERT_OK(store_->CreateBucket("backup"));
  PutOptions options;
  options.attributes.content_type = "text/plain";
  options.attributes.user_metadata = {{"k", "v"}};
  options.checksums = {{"CRC32", "abc="}};
  ASSERT_OK_AND_ASSIGN(const ObjectInfo source, Put("photos", "src", "copy me", options));
  clock_.Advance(std::chrono::seconds(1));

  ASSERT_OK_AND_ASSIGN(const ObjectInfo copy,
                       store_->CopyObject("photos", "src", "backup", "dst", {}, {}));
  EXPECT_EQ(copy.etag, source.etag);
  EXPECT_EQ(copy.attributes, options.attributes);
  EXPECT_EQ(copy.checksums, options.checksums);
  EXPECT_EQ(copy.last_modified, FromUnixMillis(kTestEpochMillis + 1000));
  ASSERT_OK_AND_ASSIGN(const std::string body, Get("backup", "dst"));
  EXPECT_EQ(body, "copy me");
  EXPECT_THAT(BlobFiles(), SizeIs(2));  // A copy, not a shared blob.
  EXPECT_EQ(OutboxEvents().back(), "ObjectCreated:Copy backup dst");
}

TEST_F(ObjectStoreTest, CopyWithReplaceTakesNewAttributes) {
  ASSERT_OK(Put("photos", "src", "bytes").status());
  CopyOptions options{.directive = MetadataDirective::kReplace, .attributes = {}};
  options.attributes.content_type = "application/json";
  ASSERT_OK_AND_ASSIGN(const ObjectInfo copy,
                       store_->CopyObject("photos", "src", "photos", "src", options, {}));
  EXPECT_EQ(copy.attributes.content_type, "application/json");
  ASSERT_OK_AND_ASSIGN(const std::string body, Get("photos", "src"));
  EXPECT_EQ(body, "bytes");
  EXPECT_THAT(BlobFiles(), SizeIs(1));
}

TEST_F(ObjectStoreTest, CopyErrors) {
  ASSERT_OK(Put("photos", "src", "bytes").status());
  EXPECT_EQ(ErrorOf(store_->CopyObject("photos", "src", "photos", "src", {}, {})),
            s3::S3ErrorCode::kInvalidRequest);
  EXPECT_EQ(ErrorOf(store_->CopyObject("photos", "nope", "photos", "dst", {}, {})),
            s3::S3ErrorCode::kNoSuchKey);
  EXPECT_EQ(ErrorOf(store_->CopyObject("missing", "src", "photos", "dst", {}, {})),
            s3::S3ErrorCode::kNoSuchBucket);
  EXPECT_EQ(ErrorOf(store_->CopyObject("photos", "src", "missing", "dst", {}, {})),
            s3::S3ErrorCode::kNoSuchBucket);
  EXPECT_THAT(BlobFiles(), SizeIs(1));
}

// ---- Events in the same transaction ----

TEST_F(ObjectStoreTest, EveryChangeAppendsItsEventWithRequester) {
  const Requester requester{
      .principal_id = "user:42", .source_ip = "10.0.0.7", .request_id = "REQ1"};
  ASSERT_OK(Put("photos", "a", "body", {}, requester).status());
  ASSERT_OK_AND_ASSIGN(const std::optional<db::Row> row,
                       database_->QueryOne("SELECT event_name, size, etag, principal_id,"
                                           " source_ip, request_id, state, event_time"
                                           " FROM storage_events"));
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->Get<std::string>(0).value(), "ObjectCreated:Put");
  EXPECT_EQ(row->Get<int64_t>(1).value(), 4);
  EXPECT_EQ(row->Get<std::string>(2).value(), internal::DigestHex(internal::Md5Of("body")));
  EXPECT_EQ(row->Get<std::string>(3).value(), "user:42");
  EXPECT_EQ(row->Get<std::string>(4).value(), "10.0.0.7");
  EXPECT_EQ(row->Get<std::string>(5).value(), "REQ1");
  EXPECT_EQ(row->Get<std::string>(6).value(), "pending");
  EXPECT_EQ(row->Get<int64_t>(7).value(), kTestEpochMillis);
}

TEST_F(ObjectStoreTest, OnEventsCommittedIsCalledAfterEachEventCommit) {
  store_.reset();
  std::atomic<int> calls = 0;
  ASSERT_OK_AND_ASSIGN(
      store_, ObjectStore::Open(
                  *database_, clock_, *logger_,
                  ObjectStoreOptions{.root = Root(), .on_events_committed = [&] { ++calls; }}));
  ASSERT_OK(Put("photos", "a", "1").status());
  ASSERT_OK(store_->DeleteObject("photos", "missing", {}));  // No event.
  ASSERT_OK(store_->DeleteObject("photos", "a", {}));
  EXPECT_EQ(calls.load(), 2);
}

// ---- Garbage collection at Open ----

TEST_F(ObjectStoreTest, ReopenRemovesUnreferencedBlobsAndTempFiles) {
  ASSERT_OK(Put("photos", "kept", "kept").status());
  // What crashes leave: a blob renamed into place but never committed, and
  // an upload's temp file.
  const std::string orphan = "00ff00ff00ff00ff00ff00ff00ff00ff";
  std::filesystem::create_directories(Root() + "/blobs/00/ff");
  std::ofstream(Root() + "/blobs/00/ff/" + orphan) << "orphan";
  std::ofstream(Root() + "/tmp/0123.tmp") << "partial";
  EXPECT_THAT(BlobFiles(), SizeIs(2));

  Reopen();
  EXPECT_THAT(BlobFiles(), SizeIs(1));
  EXPECT_THAT(TempFiles(), IsEmpty());
  ASSERT_OK_AND_ASSIGN(const std::string body, Get("photos", "kept"));
  EXPECT_EQ(body, "kept");
}

TEST_F(ObjectStoreTest, ReopenKeepsPartsOfUploadsInProgress) {
  ASSERT_OK_AND_ASSIGN(const std::string upload_id,
                       store_->CreateMultipartUpload("photos", "big", {}));
  ASSERT_OK_AND_ASSIGN(PartWriter part, store_->BeginUploadPart("photos", "big", upload_id, 1));
  ASSERT_OK(part.Write("part one"));
  ASSERT_OK(part.Commit({}).status());
  Reopen();
  EXPECT_THAT(BlobFiles(), SizeIs(1));
}

TEST_F(ObjectStoreTest, ASecondStoreOnTheSameRootIsUnavailable) {
  EXPECT_THAT(OpenStore(), StatusIs(StatusCode::kUnavailable));
}

// ---- Concurrency ----

TEST_F(ObjectStoreTest, ConcurrentReadersSeeWholeObjectsWhileWritersReplaceThem) {
  const std::string first = PatternBytes(64 << 10, 1);
  const std::string second = PatternBytes(64 << 10, 2);
  ASSERT_OK(Put("photos", "hot", first).status());
  std::atomic<bool> stop = false;
  std::atomic<int> bad_reads = 0;
  std::atomic<int> reads = 0;
  std::vector<std::thread> readers;
  for (int reader = 0; reader < 2; ++reader) {
    readers.emplace_back([&] {
      while (!stop) {
        Result<ObjectContent> content = store_->GetObject("photos", "hot");
        if (!content.ok()) {
          ADD_FAILURE() << content.status().ToString();
          ++bad_reads;
          continue;
        }
        const std::string body = ReadAll(content->body);
        if (body != first && body != second) {
          ADD_FAILURE() << "torn read of " << body.size() << " bytes";
          ++bad_reads;
        }
        ++reads;
      }
    });
  }
  for (int round = 0; round < 40; ++round) {
    ASSERT_OK(Put("photos", "hot", round % 2 == 0 ? second : first).status());
  }
  stop = true;
  for (std::thread& reader : readers) {
    reader.join();
  }
  EXPECT_EQ(bad_reads.load(), 0);
  EXPECT_GT(reads.load(), 0);
  EXPECT_THAT(BlobFiles(), SizeIs(1));
}

}  // namespace
}  // namespace gloss::storage
