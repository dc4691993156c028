// Tests for the aws-chunked decoder: the published S3 chunked-upload examples
// (seed signature, chunk signatures, trailer signature), every split point,
// tampering, truncation, framing errors, limits and trailer rules.
#include "aws/aws_chunked.h"

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "aws/aws_chunked_signing.h"
#include "aws/checksum.h"
#include "test/support/status_matchers.h"

namespace gloss::aws {
namespace {

using ::gloss::testing::StatusIs;
using ::testing::StartsWith;

constexpr std::string_view kAccessKeyId = "AKIAIOSFODNN7EXAMPLE";
constexpr std::string_view kSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
constexpr std::string_view kDate = "20130524T000000Z";

// The S3 API reference, "Transferring Payload in Multiple Chunks", example
// PUT Object: 66560 bytes of 'a' in a 64 KiB chunk, a 1 KiB chunk and the
// final empty chunk.
constexpr std::string_view kSeedSignature =
    "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
constexpr std::string_view kChunkSignatures[] = {
    "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648",
    "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497",
    "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9",
};

// The same upload with a trailing x-amz-checksum-crc32c ("Signature
// calculations for trailing headers").
constexpr std::string_view kTrailerSeedSignature =
    "106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e";
constexpr std::string_view kTrailerChunkSignatures[] = {
    "b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2",
    "1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7",
    "2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992",
};
constexpr std::string_view kTrailerSignature =
    "d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435";

std::string PublishedPayload() { return std::string(66560, 'a'); }

// The wire body of the published examples, assembled from the published
// signatures (not by our encoder).
std::string PublishedBody(const std::string_view (&signatures)[3], std::string_view trailer) {
  std::string body;
  body += "10000;chunk-signature=" + std::string(signatures[0]) + "\r\n";
  body += std::string(65536, 'a') + "\r\n";
  body += "400;chunk-signature=" + std::string(signatures[1]) + "\r\n";
  body += std::string(1024, 'a') + "\r\n";
  body += "0;chunk-signature=" + std::string(signatures[2]) + "\r\n";
  body += trailer;
  return body;
}

std::string PublishedTrailerLines() {
  return "x-amz-checksum-crc32c:sOO8/Q==\r\nx-amz-trailer-signature:" +
         std::string(kTrailerSignature) + "\r\n\r\n";
}

SigV4SigningContext ExampleSigning(std::string_view seed) {
  SigV4SigningContext signing;
  signing.amz_date = kDate;
  signing.scope = "20130524/us-east-1/s3/aws4_request";
  signing.seed_signature = seed;
  signing.signing_key = DeriveSigningKey(kSecret, "20130524", "us-east-1", "s3");
  return signing;
}

CredentialLookup ExampleLookup() {
  return [](std::string_view access_key_id) -> std::optional<SigV4Credential> {
    if (access_key_id != kAccessKeyId) {
      return std::nullopt;
    }
    return SigV4Credential{std::string(kSecret), std::nullopt};
  };
}

// The published streaming PUT's head (both examples share it but for the
// x-amz-content-sha256 value and the trailer header).
http::RequestHead ExampleHead(bool with_trailer) {
  http::RequestHead head;
  head.method = "PUT";
  head.path = "/examplebucket/chunkObject.txt";
  head.target = head.path;
  head.headers.Add("host", "s3.amazonaws.com");
  head.headers.Add("x-amz-date", kDate);
  head.headers.Add("x-amz-storage-class", "REDUCED_REDUNDANCY");
  head.headers.Add("x-amz-content-sha256",
                   with_trailer ? kStreamingSignedPayloadTrailer : kStreamingSignedPayload);
  head.headers.Add("content-encoding", "aws-chunked");
  head.headers.Add("x-amz-decoded-content-length", "66560");
  if (with_trailer) {
    head.headers.Add("x-amz-trailer", "x-amz-checksum-crc32c");
    head.headers.Add(
        "authorization",
        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
        "SignedHeaders=content-encoding;host;x-amz-content-sha256;x-amz-date;"
        "x-amz-decoded-content-length;x-amz-storage-class;x-amz-trailer,Signature=" +
            std::string(kTrailerSeedSignature));
  } else {
    head.headers.Add("content-length", "66824");
    head.headers.Add(
        "authorization",
        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
        "SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;"
        "x-amz-decoded-content-length;x-amz-storage-class,Signature=" +
            std::string(kSeedSignature));
  }
  return head;
}

Result<SigV4Identity> VerifyExampleHead(const http::RequestHead& head) {
  VerifyOptions opts;
  opts.raw_path = true;
  ASSIGN_OR_RETURN(auto now, ParseAmzDate(kDate));
  return VerifySigV4(head, *head.headers.Get("x-amz-content-sha256"), ExampleLookup(), now, opts);
}

// Feeds `body` in pieces of `piece` bytes, then finishes. Returns the payload.
Result<std::string> DecodeInPieces(const AwsChunkedOptions& options, std::string_view body,
                                   size_t piece) {
  ASSIGN_OR_RETURN(AwsChunkedDecoder decoder, AwsChunkedDecoder::Create(options));
  std::string payload;
  for (size_t offset = 0; offset < body.size(); offset += piece) {
    ASSIGN_OR_RETURN(std::string out, decoder.Feed(body.substr(offset, piece)));
    payload += out;
  }
  RETURN_IF_ERROR(decoder.Finish());
  return payload;
}

Result<std::string> Decode(const AwsChunkedOptions& options, std::string_view body) {
  return DecodeInPieces(options, body, body.size() + 1);
}

TEST(AwsChunkedPublishedTest, SeedSignatureOfTheStreamingPutVerifies) {
  ASSERT_OK_AND_ASSIGN(SigV4Identity identity, VerifyExampleHead(ExampleHead(false)));
  EXPECT_EQ(identity.signing.seed_signature, kSeedSignature);
  EXPECT_EQ(identity.payload_sha256, kStreamingSignedPayload);
  ASSERT_OK_AND_ASSIGN(AwsChunkedOptions options,
                       AwsChunkedOptionsFromRequest(ExampleHead(false).headers, &identity));
  EXPECT_EQ(options.mode, AwsChunkedMode::kSigned);
  EXPECT_EQ(options.decoded_content_length, 66560u);
  ASSERT_TRUE(options.signing.has_value());
  EXPECT_EQ(options.signing->scope, "20130524/us-east-1/s3/aws4_request");
}

TEST(AwsChunkedPublishedTest, ChunkSignaturesMatchThePublishedChain) {
  const SigV4SigningContext signing = ExampleSigning(kSeedSignature);
  const std::string first =
      ChunkSignature(signing, kSeedSignature, Sha256Hex(std::string(65536, 'a')));
  EXPECT_EQ(first, kChunkSignatures[0]);
  const std::string second = ChunkSignature(signing, first, Sha256Hex(std::string(1024, 'a')));
  EXPECT_EQ(second, kChunkSignatures[1]);
  EXPECT_EQ(ChunkSignature(signing, second, kEmptyPayloadSha256), kChunkSignatures[2]);
}

TEST(AwsChunkedPublishedTest, DecodesThePublishedBody) {
  ASSERT_OK_AND_ASSIGN(SigV4Identity identity, VerifyExampleHead(ExampleHead(false)));
  ASSERT_OK_AND_ASSIGN(AwsChunkedOptions options,
                       AwsChunkedOptionsFromRequest(ExampleHead(false).headers, &identity));
  const std::string body = PublishedBody(kChunkSignatures, "\r\n");
  ASSERT_EQ(body.size(), 66824u);  // The example's Content-Length.
  for (const size_t piece : {body.size(), size_t{1}, size_t{7}, size_t{4096}, size_t{65536}}) {
    SCOPED_TRACE(piece);
    ASSERT_OK_AND_ASSIGN(std::string payload, DecodeInPieces(options, body, piece));
    EXPECT_EQ(payload, PublishedPayload());
  }
}

TEST(AwsChunkedPublishedTest, EncoderReproducesThePublishedBody) {
  AwsChunkedEncodeParams params;
  params.mode = AwsChunkedMode::kSigned;
  params.signing = ExampleSigning(kSeedSignature);
  params.chunk_size = 65536;
  ASSERT_OK_AND_ASSIGN(std::string body, EncodeAwsChunked(PublishedPayload(), params));
  EXPECT_EQ(body, PublishedBody(kChunkSignatures, "\r\n"));
}

TEST(AwsChunkedPublishedTest, DecodesThePublishedBodyWithSignedTrailer) {
  ASSERT_OK_AND_ASSIGN(SigV4Identity identity, VerifyExampleHead(ExampleHead(true)));
  EXPECT_EQ(identity.signing.seed_signature, kTrailerSeedSignature);
  ASSERT_OK_AND_ASSIGN(AwsChunkedOptions options,
                       AwsChunkedOptionsFromRequest(ExampleHead(true).headers, &identity));
  EXPECT_EQ(options.mode, AwsChunkedMode::kSignedTrailer);
  EXPECT_THAT(options.declared_trailers, ::testing::ElementsAre("x-amz-checksum-crc32c"));

  const std::string body = PublishedBody(kTrailerChunkSignatures, PublishedTrailerLines());
  ASSERT_OK_AND_ASSIGN(AwsChunkedDecoder decoder, AwsChunkedDecoder::Create(options));
  ASSERT_OK_AND_ASSIGN(std::string payload, decoder.Feed(body));
  ASSERT_OK(decoder.Finish());
  EXPECT_TRUE(decoder.done());
  EXPECT_EQ(payload, PublishedPayload());
  EXPECT_THAT(decoder.trailers(),
              ::testing::ElementsAre(
                  std::make_pair(std::string("x-amz-checksum-crc32c"), std::string("sOO8/Q=="))));

  // The caller checks the trailer's value against the decoded bytes.
  Checksummer crc32c(ChecksumAlgorithm::kCrc32c);
  crc32c.Update(payload);
  EXPECT_OK(VerifyChecksum(crc32c, *decoder.Trailer("x-amz-checksum-crc32c"), "trailer"));

  AwsChunkedEncodeParams params;
  params.mode = AwsChunkedMode::kSignedTrailer;
  params.signing = ExampleSigning(kTrailerSeedSignature);
  params.chunk_size = 65536;
  params.trailers = {{"x-amz-checksum-crc32c", "sOO8/Q=="}};
  ASSERT_OK_AND_ASSIGN(std::string encoded, EncodeAwsChunked(PublishedPayload(), params));
  EXPECT_EQ(encoded, body);
}

TEST(AwsChunkedPublishedTest, EmptyLineBeforeTheTrailersIsTolerated) {
  // Some signers end the final chunk with its (empty) data line before the
  // trailer lines.
  AwsChunkedOptions options;
  options.mode = AwsChunkedMode::kSignedTrailer;
  options.signing = ExampleSigning(kTrailerSeedSignature);
  options.declared_trailers = {"x-amz-checksum-crc32c"};
  const std::string body = PublishedBody(kTrailerChunkSignatures, "\r\n" + PublishedTrailerLines());
  ASSERT_OK_AND_ASSIGN(std::string payload, Decode(options, body));
  EXPECT_EQ(payload, PublishedPayload());
}

TEST(AwsChunkedPublishedTest, TrailerSignatureOfTheCrtTestVector) {
  // aws-crt's chunk-signer test: three trailers after the example's final chunk.
  const std::string canonical =
      CanonicalTrailers({{"first", "1st"}, {"second", "2nd"}, {"third", "3rd"}});
  EXPECT_EQ(canonical, "first:1st\nsecond:2nd\nthird:3rd\n");
  EXPECT_EQ(TrailerSignature(ExampleSigning(kSeedSignature), kChunkSignatures[2], canonical),
            "df5735bd9f3295cd9386572292562fefc93ba94e80a0a1ddcbd652c4e0a75e6c");
}

// A small body of each mode, built by the encoder.
struct SmallBody {
  AwsChunkedOptions options;
  std::string payload;
  std::string body;
};

SmallBody MakeSmallBody(AwsChunkedMode mode) {
  SmallBody small;
  small.payload = "Hello, aws-chunked world! 0123456789";
  small.options.mode = mode;
  small.options.decoded_content_length = small.payload.size();
  AwsChunkedEncodeParams params;
  params.mode = mode;
  params.chunk_size = 10;
  if (mode != AwsChunkedMode::kUnsignedTrailer) {
    small.options.signing = ExampleSigning(kSeedSignature);
    params.signing = small.options.signing;
  }
  if (mode != AwsChunkedMode::kSigned) {
    Checksummer crc32(ChecksumAlgorithm::kCrc32);
    crc32.Update(small.payload);
    params.trailers = {{"x-amz-checksum-crc32", crc32.Base64()}};
    small.options.declared_trailers = {"x-amz-checksum-crc32"};
  }
  Result<std::string> body = EncodeAwsChunked(small.payload, params);
  GLOSS_CHECK(body.ok());
  small.body = *body;
  return small;
}

class AwsChunkedModeTest : public ::testing::TestWithParam<AwsChunkedMode> {};

TEST_P(AwsChunkedModeTest, EverySplitPointDecodes) {
  const SmallBody small = MakeSmallBody(GetParam());
  // Every single split point (second == size), and a spread of second ones.
  for (size_t first = 0; first <= small.body.size(); ++first) {
    std::vector<size_t> seconds = {small.body.size()};
    for (size_t second = first; second < small.body.size(); second += 13) {
      seconds.push_back(second);
    }
    for (const size_t second : seconds) {
      ASSERT_OK_AND_ASSIGN(AwsChunkedDecoder decoder, AwsChunkedDecoder::Create(small.options));
      const std::string_view body = small.body;
      std::string payload;
      for (const std::string_view piece :
           {body.substr(0, first), body.substr(first, second - first), body.substr(second)}) {
        SCOPED_TRACE(std::to_string(first) + " " + std::to_string(second));
        ASSERT_OK_AND_ASSIGN(std::string out, decoder.Feed(piece));
        payload += out;
      }
      ASSERT_OK(decoder.Finish()) << first << " " << second;
      ASSERT_EQ(payload, small.payload) << first << " " << second;
      ASSERT_EQ(decoder.decoded_size(), small.payload.size());
    }
  }
}

TEST_P(AwsChunkedModeTest, EveryTruncationIsIncompleteBody) {
  const SmallBody small = MakeSmallBody(GetParam());
  for (size_t size = 0; size < small.body.size(); ++size) {
    SCOPED_TRACE(size);
    ASSERT_OK_AND_ASSIGN(AwsChunkedDecoder decoder, AwsChunkedDecoder::Create(small.options));
    ASSERT_OK(decoder.Feed(std::string_view(small.body).substr(0, size)).status());
    const Status status = decoder.Finish();
    EXPECT_THAT(status, StatusIs(StatusCode::kInvalidArgument));
    EXPECT_THAT(std::string(status.message()), StartsWith("IncompleteBody: "));
  }
}

TEST_P(AwsChunkedModeTest, DataAfterTheEndIsRejected) {
  const SmallBody small = MakeSmallBody(GetParam());
  const Result<std::string> result = Decode(small.options, small.body + "x");
  EXPECT_THAT(result, StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(std::string(result.status().message()), StartsWith("IncompleteBody: "));
}

TEST_P(AwsChunkedModeTest, DecodedLengthMustMatch) {
  SmallBody small = MakeSmallBody(GetParam());
  small.options.decoded_content_length = small.payload.size() + 1;
  EXPECT_THAT(Decode(small.options, small.body), StatusIs(StatusCode::kInvalidArgument));
  small.options.decoded_content_length = small.payload.size() - 1;
  const Result<std::string> result = Decode(small.options, small.body);
  EXPECT_THAT(result, StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(std::string(result.status().message()), StartsWith("IncompleteBody: "));
  small.options.decoded_content_length = std::nullopt;
  EXPECT_OK(Decode(small.options, small.body));
}

TEST_P(AwsChunkedModeTest, MalformedChunkHeadersAreIncompleteBody) {
  const SmallBody small = MakeSmallBody(GetParam());
  const std::string signature = GetParam() == AwsChunkedMode::kUnsignedTrailer
                                    ? ""
                                    : ";chunk-signature=" + std::string(kChunkSignatures[0]);
  const std::vector<std::string> bodies = {
      "zz" + signature + "\r\n",                 // Not hex.
      signature + "\r\n",                        // No size.
      "00000000000000001" + signature + "\r\n",  // 17 digits.
      "0x10" + signature + "\r\n",               // Prefix.
      "a" + signature + "\n",                    // LF only.
      "a" + signature + "\r\n0123456789XX",      // No CRLF after the data.
      "a" + signature + "\r\n0123456789\r",      // Half a CRLF, then more.
      std::string(5000, '1'),                    // Header line too long.
  };
  for (const std::string& body : bodies) {
    SCOPED_TRACE(body.substr(0, 40));
    ASSERT_OK_AND_ASSIGN(AwsChunkedDecoder decoder, AwsChunkedDecoder::Create(small.options));
    Result<std::string> fed = decoder.Feed(body);
    const Status status = fed.ok() ? decoder.Feed("\r\nmore").status() : fed.status();
    EXPECT_THAT(status, StatusIs(StatusCode::kInvalidArgument));
    EXPECT_THAT(std::string(status.message()), StartsWith("IncompleteBody: "));
    // Errors are sticky.
    EXPECT_THAT(decoder.Feed(""), StatusIs(StatusCode::kInvalidArgument));
    EXPECT_THAT(decoder.Finish(), StatusIs(StatusCode::kInvalidArgument));
  }
}

INSTANTIATE_TEST_SUITE_P(Modes, AwsChunkedModeTest,
                         ::testing::Values(AwsChunkedMode::kSigned, AwsChunkedMode::kSignedTrailer,
                                           AwsChunkedMode::kUnsignedTrailer),
                         [](const ::testing::TestParamInfo<AwsChunkedMode>& param_info) {
                           switch (param_info.param) {
                             case AwsChunkedMode::kSigned: return "Signed";
                             case AwsChunkedMode::kSignedTrailer: return "SignedTrailer";
                             case AwsChunkedMode::kUnsignedTrailer: return "UnsignedTrailer";
                           }
                           return "Unknown";
                         });

std::string Flip(std::string text, size_t position) {
  text[position] = static_cast<char>(text[position] == 'a' ? 'b' : 'a');
  return text;
}

TEST(AwsChunkedSignedTest, TamperedChunkDataIsRejectedBeforeItsBytesAreReleased) {
  ASSERT_OK_AND_ASSIGN(SigV4Identity identity, VerifyExampleHead(ExampleHead(false)));
  ASSERT_OK_AND_ASSIGN(AwsChunkedOptions options,
                       AwsChunkedOptionsFromRequest(ExampleHead(false).headers, &identity));
  std::string body = PublishedBody(kChunkSignatures, "\r\n");
  const size_t second_chunk_data = body.find("400;") + 86;  // Past its header line.
  body[second_chunk_data + 10] = 'b';

  ASSERT_OK_AND_ASSIGN(AwsChunkedDecoder decoder, AwsChunkedDecoder::Create(options));
  std::string released;
  Status status;
  for (size_t offset = 0; offset < body.size() && status.ok(); offset += 1000) {
    Result<std::string> out = decoder.Feed(std::string_view(body).substr(offset, 1000));
    if (out.ok()) {
      released += *out;
    } else {
      status = out.status();
    }
  }
  EXPECT_THAT(status, StatusIs(StatusCode::kPermissionDenied));
  EXPECT_THAT(std::string(status.message()), StartsWith("SignatureDoesNotMatch: "));
  EXPECT_EQ(released, std::string(65536, 'a'));  // Only the verified first chunk.
}

TEST(AwsChunkedSignedTest, TamperedSignaturesAreSignatureDoesNotMatch) {
  AwsChunkedOptions options;
  options.mode = AwsChunkedMode::kSignedTrailer;
  options.signing = ExampleSigning(kTrailerSeedSignature);
  options.declared_trailers = {"x-amz-checksum-crc32c"};
  const std::string body = PublishedBody(kTrailerChunkSignatures, PublishedTrailerLines());
  ASSERT_OK(Decode(options, body));

  const std::vector<std::pair<std::string, size_t>> positions = {
      {"first chunk signature", body.find(kTrailerChunkSignatures[0]) + 5},
      {"final chunk signature", body.find(kTrailerChunkSignatures[2]) + 63},
      {"trailer signature", body.find(kTrailerSignature)},
      {"trailer value", body.find("sOO8/Q==")},
  };
  for (const auto& [what, position] : positions) {
    SCOPED_TRACE(what);
    const Result<std::string> result = Decode(options, Flip(body, position));
    EXPECT_THAT(result, StatusIs(StatusCode::kPermissionDenied));
    EXPECT_THAT(std::string(result.status().message()), StartsWith("SignatureDoesNotMatch: "));
  }

  // A different seed (another request's signature) breaks the whole chain.
  options.signing->seed_signature = kSeedSignature;
  EXPECT_THAT(Decode(options, body), StatusIs(StatusCode::kPermissionDenied));
}

TEST(AwsChunkedSignedTest, MissingOrMalformedChunkSignatureIsIncompleteBody) {
  AwsChunkedOptions options;
  options.mode = AwsChunkedMode::kSigned;
  options.signing = ExampleSigning(kSeedSignature);
  for (const std::string& header : std::vector<std::string>{
           "0\r\n\r\n", "0;chunk-signature=abc\r\n\r\n", "0;x=y\r\n\r\n",
           "0;chunk-signature=" + std::string(64, 'A') + "\r\n\r\n",
           "0;chunk-signature=" + std::string(kChunkSignatures[0]) + ";x=y\r\n\r\n"}) {
    SCOPED_TRACE(header);
    const Result<std::string> result = Decode(options, header);
    EXPECT_THAT(result, StatusIs(StatusCode::kInvalidArgument));
    EXPECT_THAT(std::string(result.status().message()), StartsWith("IncompleteBody: "));
  }
}

TEST(AwsChunkedSignedTest, EmptyPayloadDecodes) {
  AwsChunkedEncodeParams params;
  params.mode = AwsChunkedMode::kSigned;
  params.signing = ExampleSigning(kSeedSignature);
  ASSERT_OK_AND_ASSIGN(std::string body, EncodeAwsChunked("", params));
  EXPECT_THAT(body, StartsWith("0;chunk-signature="));
  AwsChunkedOptions options;
  options.mode = AwsChunkedMode::kSigned;
  options.signing = params.signing;
  options.decoded_content_length = 0;
  ASSERT_OK_AND_ASSIGN(std::string payload, Decode(options, body));
  EXPECT_EQ(payload, "");
}

TEST(AwsChunkedSignedTest, ChunkOverTheLimitIsEntityTooLarge) {
  AwsChunkedEncodeParams params;
  params.mode = AwsChunkedMode::kSigned;
  params.signing = ExampleSigning(kSeedSignature);
  params.chunk_size = 4096;
  ASSERT_OK_AND_ASSIGN(std::string body, EncodeAwsChunked(std::string(5000, 'x'), params));
  AwsChunkedOptions options;
  options.mode = AwsChunkedMode::kSigned;
  options.signing = params.signing;
  options.limits.max_chunk_size = 4095;
  const Result<std::string> result = Decode(options, body);
  EXPECT_THAT(result, StatusIs(StatusCode::kPayloadTooLarge));
  EXPECT_THAT(std::string(result.status().message()), StartsWith("EntityTooLarge: "));
  options.limits.max_chunk_size = 4096;
  EXPECT_OK(Decode(options, body));
}

TEST(AwsChunkedUnsignedTest, SdkStreamBodyDecodes) {
  // What @aws-sdk/client-s3 sends for a Node stream: chunk sizes as the
  // stream yields them, a CRC32 trailer.
  const std::string body =
      "5\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n";
  http::Headers headers;
  headers.Add("x-amz-content-sha256", kStreamingUnsignedPayloadTrailer);
  headers.Add("x-amz-decoded-content-length", "11");
  headers.Add("x-amz-trailer", "x-amz-checksum-crc32");
  ASSERT_OK_AND_ASSIGN(AwsChunkedOptions options, AwsChunkedOptionsFromRequest(headers, nullptr));
  ASSERT_OK_AND_ASSIGN(AwsChunkedDecoder decoder, AwsChunkedDecoder::Create(options));
  ASSERT_OK_AND_ASSIGN(std::string payload, decoder.Feed(body));
  ASSERT_OK(decoder.Finish());
  EXPECT_EQ(payload, "hello world");
  Checksummer crc32(ChecksumAlgorithm::kCrc32);
  crc32.Update(payload);
  EXPECT_OK(VerifyChecksum(crc32, *decoder.Trailer("x-amz-checksum-crc32"), "trailer"));
}

TEST(AwsChunkedUnsignedTest, TrailerChecksumMismatchIsBadDigest) {
  AwsChunkedOptions options;
  options.declared_trailers = {"x-amz-checksum-crc32"};
  const std::string body = "5\r\nhello\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n";
  ASSERT_OK_AND_ASSIGN(AwsChunkedDecoder decoder, AwsChunkedDecoder::Create(options));
  ASSERT_OK_AND_ASSIGN(std::string payload, decoder.Feed(body));
  ASSERT_OK(decoder.Finish());
  Checksummer crc32(ChecksumAlgorithm::kCrc32);
  crc32.Update(payload);
  const Status status = VerifyChecksum(crc32, *decoder.Trailer("x-amz-checksum-crc32"), "trailer");
  EXPECT_THAT(status, StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(std::string(status.message()), StartsWith("BadDigest: "));
}

TEST(AwsChunkedUnsignedTest, UnsignedChunksStreamAndAreNotSizeLimited) {
  AwsChunkedOptions options;
  options.limits.max_chunk_size = 4;
  ASSERT_OK_AND_ASSIGN(AwsChunkedDecoder decoder, AwsChunkedDecoder::Create(options));
  ASSERT_OK_AND_ASSIGN(std::string first, decoder.Feed("b;ext=1\r\nhel"));
  EXPECT_EQ(first, "hel");  // Released before the chunk is complete.
  ASSERT_OK_AND_ASSIGN(std::string second, decoder.Feed("lo worl"));
  EXPECT_EQ(second, "lo worl");
  ASSERT_OK_AND_ASSIGN(std::string third, decoder.Feed("d\r\n0\r\n\r\n"));
  EXPECT_EQ(third, "d");
  ASSERT_OK(decoder.Finish());
  EXPECT_TRUE(decoder.trailers().empty());
}

TEST(AwsChunkedUnsignedTest, TrailerRulesAreMalformedTrailerError) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"undeclared", "x-amz-checksum-sha1:2jmj7l5rSw0yVb/vlWAYkK/YBwk=\r\n\r\n"},
      {"missing", "\r\n\r\n"},
      {"no colon", "x-amz-checksum-crc32 AAAAAA==\r\n\r\n"},
      {"empty name", ":AAAAAA==\r\n\r\n"},
      {"repeated", "x-amz-checksum-crc32:AAAAAA==\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n"},
      {"unsigned body with a signature",
       "x-amz-checksum-crc32:AAAAAA==\r\nx-amz-trailer-signature:" + std::string(64, 'a') +
           "\r\n\r\n"},
      {"control character", std::string("x-amz-checksum-crc32:AA\x01"
                                        "AAA==\r\n\r\n")},
      {"line too long", "x-amz-checksum-crc32:" + std::string(5000, 'A') + "\r\n\r\n"},
  };
  for (const auto& [what, trailer] : cases) {
    SCOPED_TRACE(what);
    AwsChunkedOptions options;
    options.declared_trailers = {"x-amz-checksum-crc32"};
    const Result<std::string> result = Decode(options, "0\r\n" + trailer);
    EXPECT_THAT(result, StatusIs(StatusCode::kInvalidArgument));
    EXPECT_THAT(std::string(result.status().message()), StartsWith("MalformedTrailerError: "));
  }
}

TEST(AwsChunkedUnsignedTest, TrailerCountAndSizeAreLimited) {
  AwsChunkedOptions options;
  std::string trailers;
  for (int idx = 0; idx < 3; ++idx) {
    options.declared_trailers.push_back("x-t" + std::to_string(idx));
    trailers += "x-t" + std::to_string(idx) + ":v\r\n";
  }
  ASSERT_OK(Decode(options, "0\r\n" + trailers + "\r\n"));
  options.limits.max_trailers = 2;
  EXPECT_THAT(Decode(options, "0\r\n" + trailers + "\r\n"), StatusIs(StatusCode::kInvalidArgument));
  options.limits.max_trailers = 16;
  options.limits.max_trailer_bytes = 10;
  EXPECT_THAT(Decode(options, "0\r\n" + trailers + "\r\n"), StatusIs(StatusCode::kInvalidArgument));
}

TEST(AwsChunkedUnsignedTest, NoTrailersAtAll) {
  AwsChunkedOptions options;
  ASSERT_OK_AND_ASSIGN(std::string payload, Decode(options, "3\r\nabc\r\n0\r\n\r\n"));
  EXPECT_EQ(payload, "abc");
}

TEST(AwsChunkedOptionsTest, ReadsTheRequestHeaders) {
  http::Headers headers;
  headers.Add("x-amz-content-sha256", kStreamingUnsignedPayloadTrailer);
  headers.Add("x-amz-decoded-content-length", "12345");
  headers.Add("x-amz-trailer", "X-Amz-Checksum-CRC32, x-amz-meta-a");
  ASSERT_OK_AND_ASSIGN(AwsChunkedOptions options, AwsChunkedOptionsFromRequest(headers, nullptr));
  EXPECT_EQ(options.mode, AwsChunkedMode::kUnsignedTrailer);
  EXPECT_EQ(options.decoded_content_length, 12345u);
  EXPECT_THAT(options.declared_trailers,
              ::testing::ElementsAre("x-amz-checksum-crc32", "x-amz-meta-a"));
  EXPECT_FALSE(options.signing.has_value());
}

TEST(AwsChunkedOptionsTest, RejectsWhatCannotBeDecoded) {
  http::Headers not_chunked;
  not_chunked.Add("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
  EXPECT_THAT(AwsChunkedOptionsFromRequest(not_chunked, nullptr),
              StatusIs(StatusCode::kInvalidArgument));

  http::Headers bad_length;
  bad_length.Add("x-amz-content-sha256", kStreamingUnsignedPayloadTrailer);
  bad_length.Add("x-amz-decoded-content-length", "12a");
  EXPECT_THAT(AwsChunkedOptionsFromRequest(bad_length, nullptr),
              StatusIs(StatusCode::kInvalidArgument));

  http::Headers signed_mode;
  signed_mode.Add("x-amz-content-sha256", kStreamingSignedPayload);
  const Result<AwsChunkedOptions> no_identity = AwsChunkedOptionsFromRequest(signed_mode, nullptr);
  EXPECT_THAT(no_identity, StatusIs(StatusCode::kInvalidArgument));
  EXPECT_THAT(std::string(no_identity.status().message()), StartsWith("InvalidRequest: "));

  SigV4Identity presigned;
  presigned.presigned = true;
  presigned.payload_sha256 = kStreamingSignedPayload;
  EXPECT_THAT(AwsChunkedOptionsFromRequest(signed_mode, &presigned),
              StatusIs(StatusCode::kInvalidArgument));

  SigV4Identity other_mode;
  other_mode.payload_sha256 = kStreamingUnsignedPayloadTrailer;
  EXPECT_THAT(AwsChunkedOptionsFromRequest(signed_mode, &other_mode),
              StatusIs(StatusCode::kInvalidArgument));

  AwsChunkedOptions options;
  options.mode = AwsChunkedMode::kSigned;
  EXPECT_THAT(AwsChunkedDecoder::Create(options), StatusIs(StatusCode::kInvalidArgument));
}

TEST(AwsChunkedEncodeTest, RejectsBadParameters) {
  AwsChunkedEncodeParams params;
  params.chunk_size = 0;
  EXPECT_THAT(EncodeAwsChunked("x", params), StatusIs(StatusCode::kInvalidArgument));
  params.chunk_size = 1;
  params.mode = AwsChunkedMode::kSigned;
  EXPECT_THAT(EncodeAwsChunked("x", params), StatusIs(StatusCode::kInvalidArgument));
  params.signing = ExampleSigning(kSeedSignature);
  params.trailers = {{"x-amz-checksum-crc32", "AAAAAA=="}};
  EXPECT_THAT(EncodeAwsChunked("x", params), StatusIs(StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace gloss::aws
