// Fuzzes the aws-chunked decoder. Input: one byte of options (bits 0-1 mode:
// 0 and 3 signed, 1 signed with trailer, 2 unsigned with trailer; bit 2
// declares an x-amz-checksum-crc32 trailer; bit 3 sets the decoded length to
// bits 4-7), one byte seeding the split points, then the wire body. Checks that
//  - decoding never crashes and does not depend on how the body is split:
//    one Feed of the whole body and a random sequence of slices give the
//    same payload or the same error;
//  - what EncodeAwsChunked produces from the body bytes (taken as a payload)
//    decodes back to them, in every mode, whatever the split points.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "aws/aws_chunked.h"
#include "aws/aws_chunked_signing.h"
#include "aws/checksum.h"
#include "core/assert.h"

namespace {

using gloss::Result;
using gloss::Status;
using gloss::aws::AwsChunkedDecoder;
using gloss::aws::AwsChunkedMode;
using gloss::aws::AwsChunkedOptions;

// A small deterministic generator for split sizes (no global state).
class SplitSizes {
 public:
  explicit SplitSizes(uint32_t seed) : state_(seed * 2654435761u + 1) {}
  size_t Next() {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 17;
    state_ ^= state_ << 5;
    // Mostly tiny slices, sometimes large ones.
    return (state_ & 7) == 0 ? state_ % 4096 : state_ % 8;
  }

 private:
  uint32_t state_;
};

struct Outcome {
  Status status;
  std::string payload;
};

Outcome DecodeSplit(const AwsChunkedOptions& options, std::string_view body, SplitSizes* sizes) {
  Result<AwsChunkedDecoder> decoder = AwsChunkedDecoder::Create(options);
  GLOSS_CHECK(decoder.ok());  // Options always carry a signing context.
  Outcome outcome;
  while (!body.empty() || sizes != nullptr) {
    const size_t take = sizes == nullptr ? body.size() : std::min(sizes->Next(), body.size());
    Result<std::string> out = decoder->Feed(body.substr(0, take));
    if (!out.ok()) {
      outcome.status = out.status();
      return outcome;
    }
    outcome.payload += *out;
    body.remove_prefix(take);
    if (body.empty()) {
      break;
    }
  }
  outcome.status = decoder->Finish();
  GLOSS_CHECK(outcome.status.ok() == decoder->done());
  return outcome;
}

gloss::aws::SigV4SigningContext Signing() {
  gloss::aws::SigV4SigningContext signing;
  signing.amz_date = "20130524T000000Z";
  signing.scope = "20130524/us-east-1/s3/aws4_request";
  signing.seed_signature = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
  signing.signing_key = gloss::aws::DeriveSigningKey("secret", "20130524", "us-east-1", "s3");
  return signing;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) {
    return 0;
  }
  const uint8_t flags = data[0];
  const uint8_t seed = data[1];
  const std::string_view body(reinterpret_cast<const char*>(data) + 2, size - 2);

  AwsChunkedOptions options;
  options.mode = static_cast<AwsChunkedMode>((flags & 0x03) % 3);
  options.signing = Signing();
  if ((flags & 0x04) != 0) {
    options.declared_trailers = {"x-amz-checksum-crc32"};
  }
  if ((flags & 0x08) != 0) {
    options.decoded_content_length = flags >> 4;
  }
  // Small limits so the fuzzer reaches them.
  options.limits.max_chunk_size = 64;
  options.limits.max_line_size = 128;
  options.limits.max_trailers = 2;
  options.limits.max_trailer_bytes = 160;

  // Property 1: split points do not matter.
  const Outcome whole = DecodeSplit(options, body, nullptr);
  SplitSizes sizes(seed);
  const Outcome split = DecodeSplit(options, body, &sizes);
  GLOSS_CHECK(whole.status.ok() == split.status.ok());
  if (whole.status.ok()) {
    GLOSS_CHECK(whole.payload == split.payload);
  } else {
    GLOSS_CHECK(whole.status.code() == split.status.code());
    GLOSS_CHECK(whole.status.message() == split.status.message());
  }

  // Property 2: encode then decode is the identity.
  gloss::aws::AwsChunkedEncodeParams params;
  params.mode = options.mode;
  params.signing = options.signing;
  // At most ~16 chunks beyond the small sizes: each signed chunk costs an HMAC.
  params.chunk_size = std::max<size_t>(1 + seed % 64, body.size() / 16 + 1);
  AwsChunkedOptions round_trip = options;
  round_trip.decoded_content_length = body.size();
  round_trip.declared_trailers.clear();
  if (options.mode != AwsChunkedMode::kSigned) {
    gloss::aws::Checksummer crc32(gloss::aws::ChecksumAlgorithm::kCrc32);
    crc32.Update(body);
    params.trailers = {{"x-amz-checksum-crc32", crc32.Base64()}};
    round_trip.declared_trailers = {"x-amz-checksum-crc32"};
  }
  const Result<std::string> encoded = gloss::aws::EncodeAwsChunked(body, params);
  GLOSS_CHECK(encoded.ok());
  SplitSizes round_trip_sizes(seed + 1u);
  const Outcome decoded = DecodeSplit(round_trip, *encoded, &round_trip_sizes);
  GLOSS_CHECK(decoded.status.ok());
  GLOSS_CHECK(decoded.payload == body);
  return 0;
}
