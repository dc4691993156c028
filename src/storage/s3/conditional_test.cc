#include "storage/s3/conditional.h"

#include <gtest/gtest.h>

#include "storage/s3/s3_errors.h"
#include "test/support/status_matchers.h"

namespace gloss::storage::s3 {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

const TimePoint kModified = TimePoint(seconds(1704067200)) + milliseconds(400);
constexpr std::string_view kBefore = "Sun, 31 Dec 2023 00:00:00 GMT";
constexpr std::string_view kSameSecond = "Mon, 01 Jan 2024 00:00:00 GMT";
constexpr std::string_view kAfter = "Tue, 02 Jan 2024 00:00:00 GMT";
constexpr std::string_view kEtag = "\"abc123\"";

const ObjectValidators kObject{kEtag, kModified};

// "OK", "NotModified" or "PreconditionFailed".
std::string ReadOutcome(std::initializer_list<std::pair<std::string_view, std::string_view>> h) {
  http::Headers headers;
  for (const auto& [name, value] : h) {
    headers.Add(name, value);
  }
  const Status status = EvaluateReadPreconditions(ParseReadPreconditions(headers), kObject);
  return status.ok() ? "OK" : S3ErrorFromStatus(status).code;
}

TEST(ReadPreconditionsTest, SingleHeaders) {
  EXPECT_EQ(ReadOutcome({}), "OK");
  EXPECT_EQ(ReadOutcome({{"If-Match", "\"abc123\""}}), "OK");
  EXPECT_EQ(ReadOutcome({{"If-Match", "abc123"}}), "OK");
  EXPECT_EQ(ReadOutcome({{"If-Match", "*"}}), "OK");
  EXPECT_EQ(ReadOutcome({{"If-Match", "\"x\", \"abc123\""}}), "OK");
  EXPECT_EQ(ReadOutcome({{"If-Match", "\"other\""}}), "PreconditionFailed");
  EXPECT_EQ(ReadOutcome({{"If-None-Match", "\"abc123\""}}), "NotModified");
  EXPECT_EQ(ReadOutcome({{"If-None-Match", "W/\"abc123\""}}), "NotModified");
  EXPECT_EQ(ReadOutcome({{"If-None-Match", "*"}}), "NotModified");
  EXPECT_EQ(ReadOutcome({{"If-None-Match", "\"other\""}}), "OK");
  EXPECT_EQ(ReadOutcome({{"If-Modified-Since", kBefore}}), "OK");
  EXPECT_EQ(ReadOutcome({{"If-Modified-Since", kSameSecond}}), "NotModified");
  EXPECT_EQ(ReadOutcome({{"If-Modified-Since", kAfter}}), "NotModified");
  EXPECT_EQ(ReadOutcome({{"If-Unmodified-Since", kBefore}}), "PreconditionFailed");
  EXPECT_EQ(ReadOutcome({{"If-Unmodified-Since", kSameSecond}}), "OK");
  EXPECT_EQ(ReadOutcome({{"If-Unmodified-Since", kAfter}}), "OK");
}

TEST(ReadPreconditionsTest, S3DocumentedCombinations) {
  // If-Match true + If-Unmodified-Since false -> 200.
  EXPECT_EQ(ReadOutcome({{"If-Match", kEtag}, {"If-Unmodified-Since", kBefore}}), "OK");
  // If-None-Match false + If-Modified-Since true -> 304.
  EXPECT_EQ(ReadOutcome({{"If-None-Match", kEtag}, {"If-Modified-Since", kBefore}}), "NotModified");
  // If-None-Match true + If-Modified-Since false -> 200: the date is not evaluated.
  EXPECT_EQ(ReadOutcome({{"If-None-Match", "\"other\""}, {"If-Modified-Since", kAfter}}), "OK");
  // If-Match false wins over everything.
  EXPECT_EQ(ReadOutcome({{"If-Match", "\"other\""}, {"If-None-Match", "\"other\""}}),
            "PreconditionFailed");
  // If-Unmodified-Since false before If-None-Match false -> 412.
  EXPECT_EQ(ReadOutcome({{"If-Unmodified-Since", kBefore}, {"If-None-Match", kEtag}}),
            "PreconditionFailed");
}

TEST(ReadPreconditionsTest, UnparseableDatesAreIgnored) {
  EXPECT_EQ(ReadOutcome({{"If-Modified-Since", "yesterday"}}), "OK");
  EXPECT_EQ(ReadOutcome({{"If-Unmodified-Since", "2023-12-31T00:00:00Z"}}), "OK");
}

TEST(CopySourcePreconditionsTest, FailuresAreAlways412) {
  http::Headers headers;
  headers.Add("x-amz-copy-source-if-none-match", std::string(kEtag));
  headers.Add("If-Match", "\"ignored-for-the-source\"");
  const Status status =
      EvaluateCopySourcePreconditions(ParseCopySourcePreconditions(headers), kObject);
  EXPECT_EQ(S3ErrorFromStatus(status).code, "PreconditionFailed");

  http::Headers not_modified;
  not_modified.Add("x-amz-copy-source-if-modified-since", std::string(kAfter));
  EXPECT_EQ(S3ErrorFromStatus(EvaluateCopySourcePreconditions(
                                  ParseCopySourcePreconditions(not_modified), kObject))
                .code,
            "PreconditionFailed");

  http::Headers matching;
  matching.Add("x-amz-copy-source-if-match", "abc123");
  matching.Add("x-amz-copy-source-if-unmodified-since", std::string(kBefore));
  EXPECT_OK(EvaluateCopySourcePreconditions(ParseCopySourcePreconditions(matching), kObject));
}

TEST(WritePreconditionsTest, IfNoneMatchStarCreatesOnlyWhenAbsent) {
  http::Headers headers;
  headers.Add("If-None-Match", "*");
  ASSERT_OK_AND_ASSIGN(const WritePreconditions preconditions, ParseWritePreconditions(headers));
  EXPECT_OK(EvaluateWritePreconditions(preconditions, std::nullopt));
  EXPECT_EQ(S3ErrorFromStatus(EvaluateWritePreconditions(preconditions, kObject)).code,
            "PreconditionFailed");
}

TEST(WritePreconditionsTest, IfMatchNeedsTheSameObject) {
  http::Headers headers;
  headers.Add("If-Match", "abc123");
  ASSERT_OK_AND_ASSIGN(const WritePreconditions preconditions, ParseWritePreconditions(headers));
  EXPECT_OK(EvaluateWritePreconditions(preconditions, kObject));
  EXPECT_EQ(S3ErrorFromStatus(EvaluateWritePreconditions(preconditions, std::nullopt)).code,
            "NoSuchKey");
  const ObjectValidators other{"\"zzz\"", kModified};
  EXPECT_EQ(S3ErrorFromStatus(EvaluateWritePreconditions(preconditions, other)).code,
            "PreconditionFailed");
}

TEST(WritePreconditionsTest, IfNoneMatchWithEtagIsNotImplemented) {
  http::Headers headers;
  headers.Add("If-None-Match", "\"abc\"");
  EXPECT_EQ(S3ErrorFromStatus(ParseWritePreconditions(headers).status()).code, "NotImplemented");
}

TEST(EtagListMatchesTest, ComparesWithoutQuotes) {
  EXPECT_TRUE(EtagListMatches("\"a\"", "a"));
  EXPECT_TRUE(EtagListMatches("a", "\"a\""));
  EXPECT_TRUE(EtagListMatches(" \"b\" , \"a\" ", "\"a\""));
  EXPECT_FALSE(EtagListMatches("", "a"));
  EXPECT_FALSE(EtagListMatches(",", "a"));
  EXPECT_FALSE(EtagListMatches("\"ab\"", "a"));
}

}  // namespace
}  // namespace gloss::storage::s3
