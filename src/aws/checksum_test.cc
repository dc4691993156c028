// Tests for the flexible checksums: catalogue check values, the RFC 3720
// CRC-32C vectors, the hardware/portable CRC-32C paths against each other,
// streaming, the AWS wire form and the header helpers.
#include "aws/checksum.h"

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "aws/crc.h"
#include "core/hex.h"
#include "test/support/status_matchers.h"

namespace gloss::aws {
namespace {

using ::gloss::testing::StatusIs;
using ::testing::StartsWith;

std::string DigestHex(ChecksumAlgorithm algorithm, std::string_view data) {
  Checksummer checksummer(algorithm);
  checksummer.Update(data);
  return HexEncode(checksummer.Digest());
}

std::string Base64Of(ChecksumAlgorithm algorithm, std::string_view data) {
  Checksummer checksummer(algorithm);
  checksummer.Update(data);
  return checksummer.Base64();
}

TEST(ChecksummerTest, CheckValuesOfTheCatalogue) {
  // The "check" value of each algorithm: its digest of "123456789".
  EXPECT_EQ(DigestHex(ChecksumAlgorithm::kCrc32, "123456789"), "cbf43926");
  EXPECT_EQ(DigestHex(ChecksumAlgorithm::kCrc32c, "123456789"), "e3069283");
  EXPECT_EQ(DigestHex(ChecksumAlgorithm::kCrc64Nvme, "123456789"), "ae8b14860a799888");
  EXPECT_EQ(DigestHex(ChecksumAlgorithm::kSha1, "123456789"),
            "f7c3bc1d808e04732adf679965ccc34ca7ae3441");
  EXPECT_EQ(DigestHex(ChecksumAlgorithm::kSha256, "123456789"),
            "15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225");
}

TEST(ChecksummerTest, EmptyInput) {
  EXPECT_EQ(Base64Of(ChecksumAlgorithm::kCrc32, ""), "AAAAAA==");
  EXPECT_EQ(Base64Of(ChecksumAlgorithm::kCrc32c, ""), "AAAAAA==");
  EXPECT_EQ(Base64Of(ChecksumAlgorithm::kCrc64Nvme, ""), "AAAAAAAAAAA=");
  EXPECT_EQ(Base64Of(ChecksumAlgorithm::kSha1, ""), "2jmj7l5rSw0yVb/vlWAYkK/YBwk=");
  EXPECT_EQ(Base64Of(ChecksumAlgorithm::kSha256, ""),
            "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
}

TEST(ChecksummerTest, ValuesAsAwsSendsThem) {
  // Base64 of the big-endian CRC: 0x414fa339.
  EXPECT_EQ(Base64Of(ChecksumAlgorithm::kCrc32, "The quick brown fox jumps over the lazy dog"),
            "QU+jOQ==");
  // The trailer of the S3 API reference's chunked-upload-with-trailer example.
  EXPECT_EQ(Base64Of(ChecksumAlgorithm::kCrc32c, std::string(66560, 'a')), "sOO8/Q==");
}

// RFC 3720 appendix B.4; the CRC bytes there are little-endian on the wire.
struct Crc32cVector {
  std::string name;
  std::string data;
  uint32_t crc;
};

std::vector<Crc32cVector> Rfc3720Vectors() {
  std::string ascending(32, '\0');
  std::string descending(32, '\0');
  for (size_t idx = 0; idx < 32; ++idx) {
    ascending[idx] = static_cast<char>(idx);
    descending[idx] = static_cast<char>(31 - idx);
  }
  const unsigned char pdu[48] = {0x01, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                                 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00,
                                 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x14, 0x00, 0x00,
                                 0x00, 0x18, 0x28, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                                 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
  return {
      {"zeros", std::string(32, '\0'), 0x8a9136aa},
      {"ones", std::string(32, '\xff'), 0x62a8ab43},
      {"ascending", ascending, 0x46dd794e},
      {"descending", descending, 0x113fdb5c},
      {"iscsi_read_pdu", std::string(reinterpret_cast<const char*>(pdu), sizeof(pdu)), 0xd9963a56},
  };
}

TEST(Crc32cTest, Rfc3720Vectors) {
  for (const Crc32cVector& vector : Rfc3720Vectors()) {
    SCOPED_TRACE(vector.name);
    EXPECT_EQ(Crc32c(vector.data), vector.crc);
    EXPECT_EQ(Crc32cPortable(vector.data), vector.crc);
  }
}

TEST(Crc32cTest, HardwareAndPortableAgreeOnEveryLengthAndAlignment) {
  std::mt19937 random(42);
  std::string data(1024 + 16, '\0');
  for (char& ch : data) {
    ch = static_cast<char>(random());
  }
  for (size_t offset = 0; offset < 16; ++offset) {
    for (size_t length = 0; length < 300; ++length) {
      const std::string_view slice(data.data() + offset, length);
      ASSERT_EQ(Crc32c(slice), Crc32cPortable(slice)) << offset << " " << length;
    }
  }
  // Informational: which path this machine exercised.
  ::testing::Test::RecordProperty("crc32c_hardware", Crc32cUsesHardware() ? "yes" : "no");
}

TEST(Crc32cTest, PiecewiseEqualsWhole) {
  const std::string data = "The quick brown fox jumps over the lazy dog, twice over.";
  for (size_t split = 0; split <= data.size(); ++split) {
    const std::string_view view = data;
    EXPECT_EQ(Crc32c(view.substr(split), Crc32c(view.substr(0, split))), Crc32c(data));
    EXPECT_EQ(Crc64Nvme(view.substr(split), Crc64Nvme(view.substr(0, split))), Crc64Nvme(data));
  }
}

TEST(ChecksummerTest, StreamingEqualsOneShotForEveryAlgorithm) {
  std::string data(10000, '\0');
  std::mt19937 random(7);
  for (char& ch : data) {
    ch = static_cast<char>(random());
  }
  for (const ChecksumAlgorithm algorithm :
       {ChecksumAlgorithm::kCrc32, ChecksumAlgorithm::kCrc32c, ChecksumAlgorithm::kCrc64Nvme,
        ChecksumAlgorithm::kSha1, ChecksumAlgorithm::kSha256}) {
    SCOPED_TRACE(ChecksumAlgorithmName(algorithm));
    Checksummer streaming(algorithm);
    size_t offset = 0;
    for (size_t piece = 1; offset < data.size(); piece = piece * 3 % 1013 + 1) {
      streaming.Update(std::string_view(data).substr(offset, piece));
      offset += piece;
      // Digest does not disturb the running state.
      (void)streaming.Digest();
    }
    EXPECT_EQ(streaming.Digest(), [&] {
      Checksummer whole(algorithm);
      whole.Update(data);
      return whole.Digest();
    }());
    EXPECT_EQ(streaming.Digest().size(), ChecksumDigestSize(algorithm));
    Checksummer moved = std::move(streaming);
    const std::string digest = moved.Digest();
    EXPECT_EQ(digest.size(), ChecksumDigestSize(algorithm));
    moved.Reset();
    EXPECT_EQ(moved.Digest(), Checksummer(algorithm).Digest());
    moved.Update(data);
    EXPECT_EQ(moved.Digest(), digest);
  }
}

TEST(ChecksumNamesTest, MapHeaderAndSdkNames) {
  EXPECT_EQ(ChecksumAlgorithmFromName("CRC32"), ChecksumAlgorithm::kCrc32);
  EXPECT_EQ(ChecksumAlgorithmFromName("crc32c"), ChecksumAlgorithm::kCrc32c);
  EXPECT_EQ(ChecksumAlgorithmFromName("CRC64NVME"), ChecksumAlgorithm::kCrc64Nvme);
  EXPECT_EQ(ChecksumAlgorithmFromName("SHA1"), ChecksumAlgorithm::kSha1);
  EXPECT_EQ(ChecksumAlgorithmFromName("SHA256"), ChecksumAlgorithm::kSha256);
  EXPECT_EQ(ChecksumAlgorithmFromName("MD5"), std::nullopt);
  EXPECT_EQ(ChecksumAlgorithmFromHeaderName("x-amz-checksum-crc32"), ChecksumAlgorithm::kCrc32);
  EXPECT_EQ(ChecksumAlgorithmFromHeaderName("X-Amz-Checksum-SHA256"), ChecksumAlgorithm::kSha256);
  EXPECT_EQ(ChecksumAlgorithmFromHeaderName("x-amz-checksum-crc32c"), ChecksumAlgorithm::kCrc32c);
  EXPECT_EQ(ChecksumAlgorithmFromHeaderName("x-amz-checksum-mode"), std::nullopt);
  EXPECT_EQ(ChecksumHeaderName(ChecksumAlgorithm::kCrc64Nvme), "x-amz-checksum-crc64nvme");
  EXPECT_EQ(ChecksumAlgorithmName(ChecksumAlgorithm::kSha1), "SHA1");
}

TEST(ChecksumValueTest, WellFormedIsPaddedBase64OfTheDigestSize) {
  EXPECT_TRUE(IsWellFormedChecksumValue(ChecksumAlgorithm::kCrc32, "AAAAAA=="));
  EXPECT_TRUE(IsWellFormedChecksumValue(ChecksumAlgorithm::kCrc64Nvme, "AAAAAAAAAAA="));
  EXPECT_TRUE(IsWellFormedChecksumValue(ChecksumAlgorithm::kSha256,
                                        "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="));
  EXPECT_FALSE(IsWellFormedChecksumValue(ChecksumAlgorithm::kCrc32, "AAAAAA="));
  EXPECT_FALSE(IsWellFormedChecksumValue(ChecksumAlgorithm::kCrc32, "AAAAAAA="));
  EXPECT_FALSE(IsWellFormedChecksumValue(ChecksumAlgorithm::kCrc32, "AAAA*A=="));
  EXPECT_FALSE(IsWellFormedChecksumValue(ChecksumAlgorithm::kCrc32, ""));
  EXPECT_FALSE(IsWellFormedChecksumValue(ChecksumAlgorithm::kSha1, "AAAAAA=="));
}

TEST(ChecksumValueTest, VerifyChecksumMatchesMismatchesAndRejectsMalformed) {
  Checksummer checksummer(ChecksumAlgorithm::kCrc32);
  checksummer.Update("The quick brown fox jumps over the lazy dog");
  EXPECT_OK(VerifyChecksum(checksummer, "QU+jOQ=="));

  const Status mismatch = VerifyChecksum(checksummer, "AAAAAA==", "trailer");
  EXPECT_THAT(mismatch, StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(std::string(mismatch.message()), StartsWith("BadDigest: "));

  const Status malformed = VerifyChecksum(checksummer, "not base64", "trailer");
  EXPECT_THAT(malformed, StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(std::string(malformed.message()), StartsWith("InvalidRequest: "));
}

http::Headers HeadersOf(const std::vector<std::pair<std::string, std::string>>& fields) {
  http::Headers headers;
  for (const auto& [name, value] : fields) {
    headers.Add(name, value);
  }
  return headers;
}

TEST(ExpectedChecksumTest, ReadsHeaderOrTrailer) {
  ASSERT_OK_AND_ASSIGN(auto none, ExpectedChecksumFromHeaders(HeadersOf({{"host", "x"}})));
  EXPECT_EQ(none, std::nullopt);

  ASSERT_OK_AND_ASSIGN(auto header, ExpectedChecksumFromHeaders(
                                        HeadersOf({{"x-amz-sdk-checksum-algorithm", "CRC32"},
                                                   {"x-amz-checksum-crc32", "QU+jOQ=="},
                                                   {"x-amz-checksum-type", "FULL_OBJECT"}})));
  ASSERT_TRUE(header.has_value());
  EXPECT_EQ(header->algorithm, ChecksumAlgorithm::kCrc32);
  EXPECT_EQ(header->value, "QU+jOQ==");
  EXPECT_FALSE(header->in_trailer);

  ASSERT_OK_AND_ASSIGN(auto trailer, ExpectedChecksumFromHeaders(
                                         HeadersOf({{"x-amz-sdk-checksum-algorithm", "CRC32C"},
                                                    {"x-amz-trailer", "x-amz-checksum-crc32c"}})));
  ASSERT_TRUE(trailer.has_value());
  EXPECT_EQ(trailer->algorithm, ChecksumAlgorithm::kCrc32c);
  EXPECT_TRUE(trailer->in_trailer);
}

TEST(ExpectedChecksumTest, InconsistentHeadersAreInvalidRequest) {
  const std::vector<std::vector<std::pair<std::string, std::string>>> cases = {
      {{"x-amz-checksum-crc32", "QU+jOQ=="},
       {"x-amz-checksum-sha1", "2jmj7l5rSw0yVb/vlWAYkK/YBwk="}},
      {{"x-amz-checksum-crc32", "QU+jOQ=="}, {"x-amz-trailer", "x-amz-checksum-crc32"}},
      {{"x-amz-sdk-checksum-algorithm", "SHA256"}, {"x-amz-checksum-crc32", "QU+jOQ=="}},
      {{"x-amz-sdk-checksum-algorithm", "CRC32"}},
      {{"x-amz-sdk-checksum-algorithm", "MD5"}, {"x-amz-checksum-crc32", "QU+jOQ=="}},
      {{"x-amz-checksum-crc32", "QU+jOQ="}},
      {{"x-amz-checksum-crc33", "QU+jOQ=="}},
  };
  for (const auto& fields : cases) {
    SCOPED_TRACE(fields.front().first + ": " + fields.front().second);
    const auto result = ExpectedChecksumFromHeaders(HeadersOf(fields));
    EXPECT_THAT(result, StatusIs(StatusCode::kInvalidArgument));
    EXPECT_THAT(std::string(result.status().message()), StartsWith("InvalidRequest: "));
  }
}

}  // namespace
}  // namespace gloss::aws
