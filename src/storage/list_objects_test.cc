// ListObjectsV2 semantics, checked case by case and against a brute-force
// model over random key sets.

#include <algorithm>
#include <random>
#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "storage/object_store.h"
#include "storage/s3/s3_errors.h"
#include "storage/storage_test_fixture.h"
#include "test/support/status_matchers.h"

namespace gloss::storage {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::IsEmpty;

std::vector<std::string> Keys(const ListObjectsPage& page) {
  std::vector<std::string> keys;
  for (const ObjectSummary& object : page.contents) {
    keys.push_back(object.key);
  }
  return keys;
}

class ListObjectsTest : public StorageTest {
 protected:
  void SetUp() override {
    StorageTest::SetUp();
    ASSERT_OK(store_->CreateBucket("docs"));
  }

  void PutAll(const std::vector<std::string>& keys) {
    for (const std::string& key : keys) {
      ASSERT_OK(Put("docs", key, key).status()) << key;
    }
  }

  // Catalog rows without bodies, for tests of many keys: listing never opens
  // a body, and a real put costs three fsyncs.
  void InsertRows(const std::vector<std::string>& keys) {
    ASSERT_OK(database_->WithTransaction(
        db::TransactionKind::kWrite, [&](db::Transaction& transaction) -> Status {
          for (const std::string& key : keys) {
            RETURN_IF_ERROR(
                transaction
                    .Execute("INSERT INTO storage_objects (bucket, object_key, blob_id, size, etag,"
                             " user_metadata, checksums, last_modified, sequencer)"
                             " VALUES ('docs', ?, 'none', 0, 'etag', '{}', '{}', 0, 0)",
                             {db::Blob{key}})
                    .status());
          }
          return Status::Ok();
        }));
  }

  ListObjectsPage List(ListObjectsRequest request) {
    Result<ListObjectsPage> page = store_->ListObjectsV2("docs", request);
    GLOSS_CHECK(page.ok());  // Cases here are valid requests.
    return std::move(*page);
  }

  // Follows continuation tokens to the end; every item as "K:key" / "P:prefix".
  std::vector<std::string> ListEverything(ListObjectsRequest request, size_t* pages) {
    std::vector<std::string> items;
    *pages = 0;
    while (true) {
      const ListObjectsPage page = List(request);
      ++*pages;
      // Keys and prefixes of one page interleave in key order; merge them.
      std::vector<std::string> page_items;
      for (const ObjectSummary& object : page.contents) {
        page_items.push_back("K:" + object.key);
      }
      for (const std::string& prefix : page.common_prefixes) {
        page_items.push_back("P:" + prefix);
      }
      std::sort(
          page_items.begin(), page_items.end(),
          [](const std::string& a, const std::string& b) { return a.substr(2) < b.substr(2); });
      EXPECT_EQ(page.key_count(), page_items.size());
      EXPECT_LE(page.key_count(), static_cast<size_t>(std::max<int64_t>(request.max_keys, 0)));
      items.insert(items.end(), page_items.begin(), page_items.end());
      if (!page.is_truncated) {
        EXPECT_TRUE(page.next_continuation_token.empty());
        break;
      }
      EXPECT_FALSE(page.next_continuation_token.empty());
      request.continuation_token = page.next_continuation_token;
    }
    return items;
  }
};

TEST_F(ListObjectsTest, KeysComeInUtf8BinaryOrder) {
  // "Z" < "a" < "z" < "é" (0xC3 0xA9) < "😀" (0xF0 ...), byte-wise.
  PutAll({"z", "\xC3\xA9", "a", "Z", "\xF0\x9F\x98\x80", "a/b"});
  EXPECT_THAT(Keys(List({})), ElementsAre("Z", "a", "a/b", "z", "\xC3\xA9", "\xF0\x9F\x98\x80"));
}

TEST_F(ListObjectsTest, DelimiterRollsUpCommonPrefixes) {
  PutAll({"a.txt", "photos/2023/x.jpg", "photos/2024/y.jpg", "photos/z.jpg", "videos/v.mp4"});
  const ListObjectsPage root = List({.delimiter = "/"});
  EXPECT_THAT(Keys(root), ElementsAre("a.txt"));
  EXPECT_THAT(root.common_prefixes, ElementsAre("photos/", "videos/"));
  EXPECT_EQ(root.key_count(), 3u);
  EXPECT_FALSE(root.is_truncated);

  const ListObjectsPage photos = List({.prefix = "photos/", .delimiter = "/"});
  EXPECT_THAT(Keys(photos), ElementsAre("photos/z.jpg"));
  EXPECT_THAT(photos.common_prefixes, ElementsAre("photos/2023/", "photos/2024/"));
}

TEST_F(ListObjectsTest, MultiCharacterDelimiter) {
  PutAll({"a--b--c", "a--d", "e"});
  const ListObjectsPage page = List({.delimiter = "--"});
  EXPECT_THAT(Keys(page), ElementsAre("e"));
  EXPECT_THAT(page.common_prefixes, ElementsAre("a--"));
}

TEST_F(ListObjectsTest, PrefixWithoutDelimiterListsEverythingUnderIt) {
  PutAll({"a", "ab", "abc", "abd/e", "b"});
  EXPECT_THAT(Keys(List({.prefix = "ab"})), ElementsAre("ab", "abc", "abd/e"));
  EXPECT_THAT(Keys(List({.prefix = "zz"})), IsEmpty());
}

TEST_F(ListObjectsTest, CommonPrefixCountsOnceTowardMaxKeys) {
  PutAll({"d/1", "d/2", "d/3", "e", "f/1"});
  const ListObjectsPage first = List({.delimiter = "/", .max_keys = 2});
  EXPECT_THAT(first.common_prefixes, ElementsAre("d/"));
  EXPECT_THAT(Keys(first), ElementsAre("e"));
  EXPECT_TRUE(first.is_truncated);

  const ListObjectsPage second =
      List({.delimiter = "/", .continuation_token = first.next_continuation_token, .max_keys = 2});
  EXPECT_THAT(Keys(second), IsEmpty());
  EXPECT_THAT(second.common_prefixes, ElementsAre("f/"));
  EXPECT_FALSE(second.is_truncated);
}

TEST_F(ListObjectsTest, PagingResumesAfterACommonPrefix) {
  PutAll({"a/1", "a/2", "b/1", "c"});
  const ListObjectsPage first = List({.delimiter = "/", .max_keys = 1});
  EXPECT_THAT(first.common_prefixes, ElementsAre("a/"));
  EXPECT_TRUE(first.is_truncated);
  const ListObjectsPage second =
      List({.delimiter = "/", .continuation_token = first.next_continuation_token, .max_keys = 1});
  EXPECT_THAT(second.common_prefixes, ElementsAre("b/"));
  const ListObjectsPage third =
      List({.delimiter = "/", .continuation_token = second.next_continuation_token, .max_keys = 1});
  EXPECT_THAT(Keys(third), ElementsAre("c"));
  EXPECT_FALSE(third.is_truncated);
}

TEST_F(ListObjectsTest, ExactlyMaxKeysIsNotTruncated) {
  PutAll({"a", "b"});
  const ListObjectsPage page = List({.max_keys = 2});
  EXPECT_THAT(Keys(page), ElementsAre("a", "b"));
  EXPECT_FALSE(page.is_truncated);
}

TEST_F(ListObjectsTest, StartAfterSkipsKeysUpToAndIncludingIt) {
  PutAll({"a", "b", "c", "d/1", "d/2"});
  EXPECT_THAT(Keys(List({.start_after = "b"})), ElementsAre("c", "d/1", "d/2"));
  EXPECT_THAT(Keys(List({.start_after = "bb"})), ElementsAre("c", "d/1", "d/2"));
  // Inside a common prefix: the rest of it still rolls up.
  const ListObjectsPage page = List({.delimiter = "/", .start_after = "d/1"});
  EXPECT_THAT(page.common_prefixes, ElementsAre("d/"));
  // The continuation token wins over start-after.
  const ListObjectsPage first = List({.max_keys = 1});
  EXPECT_THAT(Keys(List({.start_after = "c",
                         .continuation_token = first.next_continuation_token,
                         .max_keys = 1})),
              ElementsAre("b"));
}

TEST_F(ListObjectsTest, MaxKeysZeroAndCaps) {
  PutAll({"a", "b"});
  const ListObjectsPage none = List({.max_keys = 0});
  EXPECT_EQ(none.key_count(), 0u);
  EXPECT_FALSE(none.is_truncated);
  EXPECT_THAT(Keys(List({.max_keys = 5000})), ElementsAre("a", "b"));
}

TEST_F(ListObjectsTest, DefaultPageIs1000) {
  std::vector<std::string> keys;
  for (int index = 0; index < 1001; ++index) {
    keys.push_back("k" + std::to_string(10000 + index));
  }
  InsertRows(keys);
  const ListObjectsPage page = List({});
  EXPECT_EQ(page.contents.size(), 1000u);
  EXPECT_TRUE(page.is_truncated);
  const ListObjectsPage rest = List({.continuation_token = page.next_continuation_token});
  EXPECT_THAT(Keys(rest), ElementsAre("k11000"));
}

TEST_F(ListObjectsTest, SummariesCarrySizeEtagAndTime) {
  clock_.Advance(std::chrono::milliseconds(1234));
  ASSERT_OK_AND_ASSIGN(const ObjectInfo put, Put("docs", "x", "12345"));
  const ListObjectsPage page = List({});
  ASSERT_EQ(page.contents.size(), 1u);
  EXPECT_EQ(page.contents[0].size, 5u);
  EXPECT_EQ(page.contents[0].etag, put.etag);
  EXPECT_EQ(page.contents[0].last_modified, FromUnixMillis(kTestEpochMillis + 1234));
}

TEST_F(ListObjectsTest, Errors) {
  EXPECT_EQ(s3::S3ErrorCodeOf(store_->ListObjectsV2("missing", {}).status()),
            s3::S3ErrorCode::kNoSuchBucket);
  EXPECT_EQ(s3::S3ErrorCodeOf(store_->ListObjectsV2("docs", {.max_keys = -1}).status()),
            s3::S3ErrorCode::kInvalidArgument);
  EXPECT_EQ(
      s3::S3ErrorCodeOf(store_->ListObjectsV2("docs", {.continuation_token = "xyz"}).status()),
      s3::S3ErrorCode::kInvalidArgument);
}

// The model: every key with the prefix, rolled up by the delimiter, in order.
std::vector<std::string> ModelListing(const std::set<std::string>& keys, const std::string& prefix,
                                      const std::string& delimiter,
                                      const std::string& start_after) {
  std::vector<std::string> items;
  std::set<std::string> prefixes_seen;
  for (const std::string& key : keys) {
    if (!key.starts_with(prefix) || key <= start_after) {
      continue;
    }
    const size_t at = delimiter.empty() ? std::string::npos : key.find(delimiter, prefix.size());
    if (at == std::string::npos) {
      items.push_back("K:" + key);
    } else if (prefixes_seen.insert(key.substr(0, at + delimiter.size())).second) {
      items.push_back("P:" + key.substr(0, at + delimiter.size()));
    }
  }
  return items;
}

TEST_F(ListObjectsTest, MatchesTheModelOnRandomKeySets) {
  std::mt19937 random(20240601);
  const std::string alphabet = "ab/.\xC3\xA9";  // Includes a 2-byte UTF-8 character.
  std::set<std::string> keys;
  while (keys.size() < 400) {
    std::string key;
    const int length = 1 + static_cast<int>(random() % 6);
    for (int index = 0; index < length; ++index) {
      const size_t pick = random() % 5;
      key += pick == 4 ? alphabet.substr(4, 2) : alphabet.substr(pick, 1);
    }
    keys.insert(key);
  }
  InsertRows(std::vector<std::string>(keys.begin(), keys.end()));

  const std::vector<std::string> prefixes = {"", "a", "a/", "b/a", "\xC3\xA9"};
  const std::vector<std::string> delimiters = {"", "/", ".", "a/"};
  const std::vector<std::string> starts = {"", "a/b", "b"};
  for (const std::string& prefix : prefixes) {
    for (const std::string& delimiter : delimiters) {
      for (const std::string& start_after : starts) {
        for (const int64_t max_keys : {1, 3, 1000}) {
          size_t pages = 0;
          const std::vector<std::string> listed = ListEverything({.prefix = prefix,
                                                                  .delimiter = delimiter,
                                                                  .start_after = start_after,
                                                                  .max_keys = max_keys},
                                                                 &pages);
          const std::vector<std::string> expected =
              ModelListing(keys, prefix, delimiter, start_after);
          ASSERT_THAT(listed, ElementsAreArray(expected))
              << "prefix='" << prefix << "' delimiter='" << delimiter << "' start_after='"
              << start_after << "' max_keys=" << max_keys;
          EXPECT_LE(pages, expected.size() / static_cast<size_t>(max_keys) + 1);
        }
      }
    }
  }
}

}  // namespace
}  // namespace gloss::storage
