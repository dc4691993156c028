#include "storage/s3/range.h"

#include <gtest/gtest.h>

#include "storage/s3/s3_errors.h"
#include "test/support/status_matchers.h"

namespace gloss::storage::s3 {
namespace {

constexpr uint64_t kSize = 100;

std::optional<ByteRange> Select(std::string_view header, uint64_t size = kSize) {
  Result<std::optional<ByteRange>> selected = SelectByteRange(header, size);
  EXPECT_OK(selected);
  return selected.ok() ? *selected : std::nullopt;
}

std::string ErrorCode(std::string_view header, uint64_t size = kSize) {
  return S3ErrorFromStatus(SelectByteRange(header, size).status()).code;
}

TEST(SelectByteRangeTest, NoHeaderSendsWholeObject) {
  ASSERT_OK_AND_ASSIGN(const std::optional<ByteRange> range, SelectByteRange(std::nullopt, kSize));
  EXPECT_EQ(range, std::nullopt);
}

TEST(SelectByteRangeTest, SatisfiableForms) {
  EXPECT_EQ(Select("bytes=0-9"), (ByteRange{0, 9}));
  EXPECT_EQ(Select("bytes=0-0"), (ByteRange{0, 0}));
  EXPECT_EQ(Select("bytes=90-"), (ByteRange{90, 99}));
  EXPECT_EQ(Select("bytes=-10"), (ByteRange{90, 99}));
  EXPECT_EQ(Select("BYTES=5-6"), (ByteRange{5, 6}));
  EXPECT_EQ(Select(" bytes= 5-6 "), (ByteRange{5, 6}));
}

TEST(SelectByteRangeTest, EndPastObjectIsClamped) {
  EXPECT_EQ(Select("bytes=50-1000"), (ByteRange{50, 99}));
  EXPECT_EQ(Select("bytes=-1000"), (ByteRange{0, 99}));
  EXPECT_EQ(Select("bytes=0-99999999999999999999999"), (ByteRange{0, 99}));
}

TEST(SelectByteRangeTest, StartAtOrPastEndIsUnsatisfiable) {
  EXPECT_EQ(ErrorCode("bytes=100-"), "InvalidRange");
  EXPECT_EQ(ErrorCode("bytes=100-200"), "InvalidRange");
  EXPECT_EQ(ErrorCode("bytes=99999999999999999999999-"), "InvalidRange");
  EXPECT_EQ(ErrorCode("bytes=-0"), "InvalidRange");
  EXPECT_EQ(S3ErrorFromStatus(SelectByteRange("bytes=100-", kSize).status()).http_status, 416u);
}

TEST(SelectByteRangeTest, AnyRangeOnEmptyObjectIsUnsatisfiable) {
  EXPECT_EQ(ErrorCode("bytes=0-", 0), "InvalidRange");
  EXPECT_EQ(ErrorCode("bytes=0-0", 0), "InvalidRange");
  EXPECT_EQ(ErrorCode("bytes=-5", 0), "InvalidRange");
}

TEST(SelectByteRangeTest, InvalidOrMultipleRangesAreIgnored) {
  for (const std::string_view header :
       {"bytes=5-2", "bytes=1-0", "bytes=0-1,3-4", "bytes=", "bytes=-", "bytes=a-b", "bytes=1",
        "items=0-1", "bytes 0-1", "bytes=--1", "bytes=0x1-2", "bytes=1-2-3", "bytes = 5-6",
        "bytes=5 - 6", ""}) {
    EXPECT_EQ(Select(header), std::nullopt) << header;
  }
}

TEST(ByteRangeTest, ContentRangeHeaders) {
  EXPECT_EQ((ByteRange{0, 9}).ContentRange(100), "bytes 0-9/100");
  EXPECT_EQ((ByteRange{0, 9}).length(), 10u);
  EXPECT_EQ(UnsatisfiedContentRange(100), "bytes */100");
}

TEST(CopySourceRangeTest, AcceptsOnlyFirstDashLast) {
  ASSERT_OK_AND_ASSIGN(const ByteRange range, ParseCopySourceRange("bytes=0-5242879"));
  EXPECT_EQ(range, (ByteRange{0, 5242879}));
  for (const std::string_view value :
       {"0-2", "bytes=0", "bytes=hello-world", "bytes=0-bar", "bytes=5-", "bytes=-5",
        "bytes=0-2,3-5", "bytes=3-2", "Bytes=0-1"}) {
    EXPECT_EQ(S3ErrorFromStatus(ParseCopySourceRange(value).status()).code, "InvalidArgument")
        << value;
  }
}

TEST(CopySourceRangeTest, EndMustBeInsideSource) {
  EXPECT_OK(CheckCopySourceRange({0, 9}, 10));
  const S3Error error = S3ErrorFromStatus(CheckCopySourceRange({0, 10}, 10));
  EXPECT_EQ(error.code, "InvalidArgument");
  EXPECT_EQ(error.message, "Range specified is not valid for source object of size: 10");
}

}  // namespace
}  // namespace gloss::storage::s3
