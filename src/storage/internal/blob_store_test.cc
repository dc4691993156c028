#include "storage/internal/blob_store.h"

#include <filesystem>
#include <fstream>
#include <set>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "db/sqlite_test_fixture.h"
#include "storage/storage_test_fixture.h"
#include "test/support/status_matchers.h"

namespace gloss::storage::internal {
namespace {

using ::gloss::testing::StatusIs;

class BlobStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_OK_AND_ASSIGN(store_, BlobStore::Open(Root())); }

  std::string Root() const { return (dir_.path() / "root").string(); }

  std::string BlobPath(const std::string& id) const {
    return Root() + "/blobs/" + id.substr(0, 2) + "/" + id.substr(2, 2) + "/" + id;
  }

  size_t TempFileCount() const {
    return static_cast<size_t>(std::distance(std::filesystem::directory_iterator(Root() + "/tmp"),
                                             std::filesystem::directory_iterator()));
  }

  Result<CommittedBlob> WriteBlob(std::string_view bytes) {
    ASSIGN_OR_RETURN(BlobWriter writer, store_->Create());
    RETURN_IF_ERROR(writer.Write(bytes));
    return writer.Commit();
  }

  db::TempDir dir_;
  std::unique_ptr<BlobStore> store_;
};

TEST_F(BlobStoreTest, CommitMovesTheFileIntoTheShardedLayout) {
  ASSERT_OK_AND_ASSIGN(BlobWriter writer, store_->Create());
  ASSERT_OK(writer.Write("hello "));
  ASSERT_OK(writer.Write("world"));
  EXPECT_EQ(writer.size(), 11u);
  EXPECT_EQ(TempFileCount(), 1u);
  ASSERT_OK_AND_ASSIGN(const CommittedBlob blob, writer.Commit());

  EXPECT_TRUE(IsBlobId(blob.id));
  EXPECT_EQ(blob.size, 11u);
  ASSERT_TRUE(blob.md5.has_value());
  EXPECT_EQ(DigestHex(*blob.md5), DigestHex(Md5Of("hello world")));
  EXPECT_TRUE(std::filesystem::exists(BlobPath(blob.id)));
  EXPECT_EQ(TempFileCount(), 0u);

  ASSERT_OK_AND_ASSIGN(const BlobFile file, store_->OpenBlob(blob.id));
  EXPECT_EQ(file.size(), 11u);
  EXPECT_EQ(ReadAll(file), "hello world");
}

TEST_F(BlobStoreTest, AbortAndDestructionRemoveTheTempFile) {
  {
    ASSERT_OK_AND_ASSIGN(BlobWriter writer, store_->Create());
    ASSERT_OK(writer.Write("x"));
    writer.Abort();
    EXPECT_EQ(TempFileCount(), 0u);
    writer.Abort();  // Idempotent.
    EXPECT_THAT(writer.Write("y"), StatusIs(StatusCode::kInternal));
  }
  {
    ASSERT_OK_AND_ASSIGN(BlobWriter writer, store_->Create());
    ASSERT_OK(writer.Write("x"));
  }
  EXPECT_EQ(TempFileCount(), 0u);
}

TEST_F(BlobStoreTest, OpenDeletesLeftoverTempFiles) {
  // What a crash leaves behind: an interrupted upload, and anything else.
  std::ofstream(Root() + "/tmp/0123456789abcdef0123456789abcdef.tmp") << "interrupted";
  std::ofstream(Root() + "/tmp/stray") << "junk";
  EXPECT_EQ(TempFileCount(), 2u);
  store_.reset();
  ASSERT_OK_AND_ASSIGN(store_, BlobStore::Open(Root()));
  EXPECT_EQ(TempFileCount(), 0u);
}

TEST_F(BlobStoreTest, SecondOpenOfTheSameRootIsUnavailable) {
  EXPECT_THAT(BlobStore::Open(Root()), StatusIs(StatusCode::kUnavailable));
  store_.reset();
  EXPECT_OK(BlobStore::Open(Root()));
}

TEST_F(BlobStoreTest, MissingBlobIsNotFoundAndRemoveIsIdempotent) {
  ASSERT_OK_AND_ASSIGN(const CommittedBlob blob, WriteBlob("data"));
  ASSERT_OK(store_->Remove(blob.id));
  EXPECT_THAT(store_->OpenBlob(blob.id), StatusIs(StatusCode::kNotFound));
  EXPECT_OK(store_->Remove(blob.id));
  EXPECT_THAT(store_->OpenBlob("../../etc/passwd"), StatusIs(StatusCode::kCorruption));
}

TEST_F(BlobStoreTest, OpenBlobKeepsDataReadableAfterRemove) {
  ASSERT_OK_AND_ASSIGN(const CommittedBlob blob, WriteBlob("still here"));
  ASSERT_OK_AND_ASSIGN(const BlobFile file, store_->OpenBlob(blob.id));
  ASSERT_OK(store_->Remove(blob.id));
  EXPECT_EQ(ReadAll(file), "still here");
}

TEST_F(BlobStoreTest, KernelCopyConcatenatesWithoutHashing) {
  ASSERT_OK_AND_ASSIGN(const CommittedBlob first, WriteBlob("first-"));
  ASSERT_OK_AND_ASSIGN(const CommittedBlob second, WriteBlob("second"));
  ASSERT_OK_AND_ASSIGN(const BlobFile first_file, store_->OpenBlob(first.id));
  ASSERT_OK_AND_ASSIGN(const BlobFile second_file, store_->OpenBlob(second.id));

  ASSERT_OK_AND_ASSIGN(BlobWriter writer, store_->Create());
  ASSERT_OK(writer.AppendFrom(first_file, 0, first_file.size(), CopyMode::kKernel));
  ASSERT_OK(writer.AppendFrom(second_file, 3, 3, CopyMode::kKernel));
  ASSERT_OK_AND_ASSIGN(const CommittedBlob joined, writer.Commit());
  EXPECT_FALSE(joined.md5.has_value());
  ASSERT_OK_AND_ASSIGN(const BlobFile joined_file, store_->OpenBlob(joined.id));
  EXPECT_EQ(ReadAll(joined_file), "first-ond");
}

TEST_F(BlobStoreTest, HashedCopyComputesTheMd5OfTheRange) {
  const std::string bytes = PatternBytes(3 << 20, 7);
  ASSERT_OK_AND_ASSIGN(const CommittedBlob source, WriteBlob(bytes));
  ASSERT_OK_AND_ASSIGN(const BlobFile source_file, store_->OpenBlob(source.id));

  ASSERT_OK_AND_ASSIGN(BlobWriter writer, store_->Create());
  ASSERT_OK(writer.AppendFrom(source_file, 100, (2 << 20) + 5, CopyMode::kHashed));
  ASSERT_OK_AND_ASSIGN(const CommittedBlob copy, writer.Commit());
  ASSERT_TRUE(copy.md5.has_value());
  EXPECT_EQ(*copy.md5, Md5Of(std::string_view(bytes).substr(100, (2 << 20) + 5)));
}

TEST_F(BlobStoreTest, CopyRangeOutsideTheSourceIsInvalidArgument) {
  ASSERT_OK_AND_ASSIGN(const CommittedBlob source, WriteBlob("abc"));
  ASSERT_OK_AND_ASSIGN(const BlobFile source_file, store_->OpenBlob(source.id));
  ASSERT_OK_AND_ASSIGN(BlobWriter writer, store_->Create());
  EXPECT_THAT(writer.AppendFrom(source_file, 2, 2, CopyMode::kKernel),
              StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(writer.AppendFrom(source_file, 4, 0, CopyMode::kHashed),
              StatusIs(StatusCode::kInvalidArgument));
}

TEST_F(BlobStoreTest, ForEachBlobBatchVisitsEveryBlobOnce) {
  std::set<std::string> written;
  for (int index = 0; index < 25; ++index) {
    ASSERT_OK_AND_ASSIGN(const CommittedBlob blob, WriteBlob(std::to_string(index)));
    written.insert(blob.id);
  }
  std::ofstream(Root() + "/blobs/not-a-shard") << "ignored";
  std::multiset<std::string> visited;
  size_t batches = 0;
  ASSERT_OK(store_->ForEachBlobBatch(10, [&](std::span<const std::string> ids) -> Status {
    EXPECT_LE(ids.size(), 10u);
    visited.insert(ids.begin(), ids.end());
    ++batches;
    return Status::Ok();
  }));
  EXPECT_EQ(std::set<std::string>(visited.begin(), visited.end()), written);
  EXPECT_EQ(visited.size(), written.size());
  EXPECT_EQ(batches, 3u);
}

TEST_F(BlobStoreTest, BlobFilesAreOwnerOnly) {
  ASSERT_OK_AND_ASSIGN(const CommittedBlob blob, WriteBlob("private"));
  struct stat info {};
  ASSERT_EQ(::stat(BlobPath(blob.id).c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
}

}  // namespace
}  // namespace gloss::storage::internal
