#include "aws/aws_chunked.h"

#include <algorithm>
#include <utility>

#include "aws/aws_chunked_signing.h"
#include "aws/sigv4_internal.h"
#include "core/hex.h"

namespace gloss::aws {
namespace {

constexpr std::string_view kCrlf = "\r\n";
constexpr std::string_view kChunkSignaturePrefix = "chunk-signature=";
// 16 hex digits hold any uint64_t.
constexpr size_t kMaxChunkSizeDigits = 16;
// 19 decimal digits hold any value below 10^19 < 2^64.
constexpr size_t kMaxDecodedLengthDigits = 19;
constexpr size_t kSignatureHexDigits = 64;

Status IncompleteBody(std::string_view detail) {
  return Status::InvalidArgument("IncompleteBody: " + std::string(detail));
}

Status MalformedTrailer(std::string_view detail) {
  return Status::InvalidArgument("MalformedTrailerError: " + std::string(detail));
}

std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

std::string ToLower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char ch) {
    return static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
  });
  return out;
}

bool HasControlCharacter(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char ch) {
    const auto byte = static_cast<unsigned char>(ch);
    return (byte < 0x20 && ch != '\t') || byte == 0x7f;
  });
}

// Parses 1..16 hex digits (either case).
std::optional<uint64_t> ParseChunkSize(std::string_view text) {
  if (text.empty() || text.size() > kMaxChunkSizeDigits) {
    return std::nullopt;
  }
  uint64_t value = 0;
  for (const char ch : text) {
    const int digit = HexDigitValue(ch);
    if (digit < 0) {
      return std::nullopt;
    }
    value = (value << 4) | static_cast<uint64_t>(digit);
  }
  return value;
}

}  // namespace

std::optional<AwsChunkedMode> AwsChunkedModeFromContentSha256(std::string_view value) {
  if (value == kStreamingSignedPayload) {
    return AwsChunkedMode::kSigned;
  }
  if (value == kStreamingSignedPayloadTrailer) {
    return AwsChunkedMode::kSignedTrailer;
  }
  if (value == kStreamingUnsignedPayloadTrailer) {
    return AwsChunkedMode::kUnsignedTrailer;
  }
  return std::nullopt;
}

Result<AwsChunkedOptions> AwsChunkedOptionsFromRequest(const http::Headers& headers,
                                                       const SigV4Identity* identity) {
  const std::string_view content_sha256 = headers.Get("x-amz-content-sha256").value_or("");
  const std::optional<AwsChunkedMode> mode = AwsChunkedModeFromContentSha256(content_sha256);
  if (!mode) {
    return Status::InvalidArgument("InvalidArgument: x-amz-content-sha256 '" +
                                   std::string(content_sha256) +
                                   "' does not select an aws-chunked encoding");
  }
  AwsChunkedOptions options;
  options.mode = *mode;
  if (options.mode != AwsChunkedMode::kUnsignedTrailer) {
    // The chunk signatures chain from a header signature over this very mode.
    if (identity == nullptr || identity->presigned || identity->payload_sha256 != content_sha256) {
      return Status::InvalidArgument(
          "InvalidRequest: signed aws-chunked payloads require a request signed in the "
          "Authorization header with this x-amz-content-sha256");
    }
    options.signing = identity->signing;
  }
  if (const std::optional<std::string_view> length = headers.Get("x-amz-decoded-content-length")) {
    const std::string_view digits = TrimSpaces(*length);
    if (!internal::IsDigits(digits) || digits.size() > kMaxDecodedLengthDigits) {
      return Status::InvalidArgument(
          "InvalidArgument: x-amz-decoded-content-length must be a non-negative number");
    }
    uint64_t value = 0;
    for (const char ch : digits) {
      value = value * 10 + static_cast<uint64_t>(ch - '0');
    }
    options.decoded_content_length = value;
  }
  if (options.mode != AwsChunkedMode::kSigned) {
    for (const auto& [name, value] : headers.fields()) {
      if (name != "x-amz-trailer") {
        continue;
      }
      std::string_view rest = value;
      while (!rest.empty()) {
        const size_t comma = rest.find(',');
        const std::string_view trailer = TrimSpaces(rest.substr(0, comma));
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        if (!trailer.empty()) {
          options.declared_trailers.push_back(ToLower(trailer));
        }
      }
    }
  }
  return options;
}

Result<AwsChunkedDecoder> AwsChunkedDecoder::Create(AwsChunkedOptions options) {
  if (options.mode != AwsChunkedMode::kUnsignedTrailer && !options.signing) {
    return Status::InvalidArgument("signed aws-chunked decoding needs a signing context");
  }
  return AwsChunkedDecoder(std::move(options));
}

AwsChunkedDecoder::AwsChunkedDecoder(AwsChunkedOptions options) : options_(std::move(options)) {
  if (SignedMode()) {
    previous_signature_ = options_.signing->seed_signature;
    chunk_hash_.emplace(ChecksumAlgorithm::kSha256);
  }
}

std::optional<std::string_view> AwsChunkedDecoder::Trailer(std::string_view name) const {
  for (const auto& [trailer_name, value] : trailers_) {
    if (trailer_name == name) {
      return value;
    }
  }
  return std::nullopt;
}

Status AwsChunkedDecoder::Fail(Status status) {
  error_ = status;
  return status;
}

Result<std::pair<size_t, bool>> AwsChunkedDecoder::ReadLine(std::string_view wire,
                                                            std::string_view what) {
  const size_t newline = wire.find('\n');
  const size_t take = newline == std::string_view::npos ? wire.size() : newline + 1;
  if (line_.size() + take > options_.limits.max_line_size) {
    const std::string detail = std::string(what) + " line is longer than " +
                               std::to_string(options_.limits.max_line_size) + " bytes";
    return state_ == State::kTrailerLine ? MalformedTrailer(detail) : IncompleteBody(detail);
  }
  line_.append(wire.substr(0, take));
  return std::make_pair(take, newline != std::string_view::npos);
}

Result<std::string> AwsChunkedDecoder::Feed(std::string_view wire) {
  if (!error_.ok()) {
    return error_;
  }
  std::string out;
  while (!wire.empty()) {
    switch (state_) {
      case State::kChunkHeader:
      case State::kTrailerLine: {
        const bool header = state_ == State::kChunkHeader;
        Result<std::pair<size_t, bool>> read = ReadLine(wire, header ? "chunk header" : "trailer");
        if (!read.ok()) {
          return Fail(read.status());
        }
        wire.remove_prefix(read->first);
        if (!read->second) {
          break;
        }
        if (line_.size() < kCrlf.size() || !line_.ends_with(kCrlf)) {
          return Fail(IncompleteBody("line is not terminated by CRLF"));
        }
        const std::string line = line_.substr(0, line_.size() - kCrlf.size());
        line_.clear();
        const Status status = header ? OnChunkHeader(line) : OnTrailerLine(line);
        if (!status.ok()) {
          return Fail(status);
        }
        break;
      }
      case State::kChunkData: {
        const size_t take = static_cast<size_t>(
            std::min<uint64_t>(chunk_remaining_, static_cast<uint64_t>(wire.size())));
        const std::string_view data = wire.substr(0, take);
        if (SignedMode()) {
          chunk_.append(data);
          chunk_hash_->Update(data);
        } else {
          out.append(data);
        }
        wire.remove_prefix(take);
        chunk_remaining_ -= take;
        decoded_size_ += take;
        if (chunk_remaining_ == 0) {
          state_ = State::kChunkDataEnd;
          chunk_end_matched_ = 0;
        }
        break;
      }
      case State::kChunkDataEnd:
      case State::kFinalChunkEnd: {
        if (wire.front() != kCrlf[chunk_end_matched_]) {
          return Fail(IncompleteBody("chunk data is not followed by CRLF"));
        }
        wire.remove_prefix(1);
        if (++chunk_end_matched_ < kCrlf.size()) {
          break;
        }
        if (state_ == State::kFinalChunkEnd) {
          state_ = State::kDone;
          break;
        }
        const Status status = OnChunkEnd(out);
        if (!status.ok()) {
          return Fail(status);
        }
        break;
      }
      case State::kDone: return Fail(IncompleteBody("data after the end of the aws-chunked body"));
    }
  }
  return out;
}

Status AwsChunkedDecoder::OnChunkHeader(std::string_view line) {
  const size_t semicolon = line.find(';');
  const std::optional<uint64_t> size = ParseChunkSize(line.substr(0, semicolon));
  if (!size) {
    return IncompleteBody("chunk size is not 1 to 16 hex digits");
  }
  if (SignedMode()) {
    const std::string_view extension =
        semicolon == std::string_view::npos ? std::string_view() : line.substr(semicolon + 1);
    if (!extension.starts_with(kChunkSignaturePrefix) ||
        extension.size() != kChunkSignaturePrefix.size() + kSignatureHexDigits ||
        !internal::IsLowerHex(extension.substr(kChunkSignaturePrefix.size()))) {
      return IncompleteBody("signed chunk header must be <hex size>;chunk-signature=<64 hex>");
    }
    chunk_signature_ = std::string(extension.substr(kChunkSignaturePrefix.size()));
    if (*size > options_.limits.max_chunk_size) {
      return Status::PayloadTooLarge("EntityTooLarge: chunk of " + std::to_string(*size) +
                                     " bytes exceeds the limit of " +
                                     std::to_string(options_.limits.max_chunk_size) + " bytes");
    }
  }
  // Unsigned chunks may carry chunk extensions; none has a meaning here.
  const std::optional<uint64_t>& declared = options_.decoded_content_length;
  if (declared && *size > *declared - decoded_size_) {
    return IncompleteBody("the chunks are longer than x-amz-decoded-content-length");
  }
  if (*size > 0) {
    chunk_remaining_ = *size;
    state_ = State::kChunkData;
    if (SignedMode()) {
      // Exactly the chunk, at most max_chunk_size: no growth beyond the bound.
      chunk_.reserve(static_cast<size_t>(*size));
    }
    return Status::Ok();
  }

  // The final, empty chunk.
  if (declared && decoded_size_ != *declared) {
    return IncompleteBody("the body is shorter than x-amz-decoded-content-length");
  }
  if (SignedMode()) {
    std::string unused;
    RETURN_IF_ERROR(OnChunkEnd(unused));
  }
  state_ = TrailerMode() ? State::kTrailerLine : State::kFinalChunkEnd;
  chunk_end_matched_ = 0;
  return Status::Ok();
}

Status AwsChunkedDecoder::OnChunkEnd(std::string& out) {
  state_ = State::kChunkHeader;
  if (!SignedMode()) {
    return Status::Ok();
  }
  const std::string expected =
      ChunkSignature(*options_.signing, previous_signature_, HexEncode(chunk_hash_->Digest()));
  if (!ConstantTimeEquals(expected, chunk_signature_)) {
    return Status::PermissionDenied(
        "SignatureDoesNotMatch: the chunk signature we calculated does not match the "
        "chunk-signature you provided");
  }
  previous_signature_ = std::move(chunk_signature_);
  chunk_signature_.clear();
  chunk_hash_->Reset();
  if (out.empty()) {
    out = std::move(chunk_);
  } else {
    out += chunk_;
  }
  chunk_.clear();
  return Status::Ok();
}

Status AwsChunkedDecoder::OnTrailerLine(std::string_view line) {
  const bool first_line = !trailer_started_;
  trailer_started_ = true;
  leading_empty_line_ = false;
  if (line.empty()) {
    // The empty line ends the trailer section. An empty line right after the
    // final chunk header is ambiguous: either the end of an empty trailer
    // section, or the (empty) data line some signers put after
    // "0;chunk-signature=..." before the trailers. Read on; Finish() accepts
    // the body if it ends here.
    if (first_line) {
      leading_empty_line_ = true;
      return Status::Ok();
    }
    return OnTrailerEnd();
  }
  if (trailer_signature_) {
    return MalformedTrailer("trailer after x-amz-trailer-signature");
  }
  trailer_bytes_ += line.size() + kCrlf.size();
  if (trailer_bytes_ > options_.limits.max_trailer_bytes) {
    return MalformedTrailer("trailers are longer than " +
                            std::to_string(options_.limits.max_trailer_bytes) + " bytes");
  }
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos) {
    return MalformedTrailer("trailer line has no ':'");
  }
  const std::string name = ToLower(TrimSpaces(line.substr(0, colon)));
  const std::string_view value = TrimSpaces(line.substr(colon + 1));
  if (!internal::IsSignedHeaderName(name) || HasControlCharacter(value)) {
    return MalformedTrailer("trailer '" + name + "' is not a header name and value");
  }
  if (name == kTrailerSignatureName) {
    if (options_.mode != AwsChunkedMode::kSignedTrailer) {
      return MalformedTrailer("x-amz-trailer-signature in an unsigned body");
    }
    if (value.size() != kSignatureHexDigits || !internal::IsLowerHex(value)) {
      return MalformedTrailer("x-amz-trailer-signature must be 64 lower-case hex digits");
    }
    trailer_signature_ = std::string(value);
    return Status::Ok();
  }
  if (std::find(options_.declared_trailers.begin(), options_.declared_trailers.end(), name) ==
      options_.declared_trailers.end()) {
    return MalformedTrailer("trailer '" + name + "' is not declared in x-amz-trailer");
  }
  if (Trailer(name)) {
    return MalformedTrailer("trailer '" + name + "' is repeated");
  }
  if (trailers_.size() >= options_.limits.max_trailers) {
    return MalformedTrailer("more than " + std::to_string(options_.limits.max_trailers) +
                            " trailers");
  }
  trailers_.emplace_back(name, value);
  return Status::Ok();
}

Status AwsChunkedDecoder::OnTrailerEnd() {
  for (const std::string& declared : options_.declared_trailers) {
    if (!Trailer(declared)) {
      return MalformedTrailer("trailer '" + declared + "' declared in x-amz-trailer is missing");
    }
  }
  if (options_.mode == AwsChunkedMode::kSignedTrailer) {
    if (!trailer_signature_) {
      return IncompleteBody("the trailer section has no x-amz-trailer-signature");
    }
    const std::string expected =
        TrailerSignature(*options_.signing, previous_signature_, CanonicalTrailers(trailers_));
    if (!ConstantTimeEquals(expected, *trailer_signature_)) {
      return Status::PermissionDenied(
          "SignatureDoesNotMatch: the trailer signature we calculated does not match the "
          "x-amz-trailer-signature you provided");
    }
  }
  state_ = State::kDone;
  return Status::Ok();
}

Status AwsChunkedDecoder::Finish() {
  if (!error_.ok()) {
    return error_;
  }
  if (state_ == State::kTrailerLine && line_.empty() && leading_empty_line_) {
    // The body ended right after "0...\r\n\r\n": an empty trailer section.
    const Status status = OnTrailerEnd();
    return status.ok() ? status : Fail(status);
  }
  if (state_ != State::kDone) {
    return Fail(IncompleteBody("the request body terminated unexpectedly"));
  }
  return Status::Ok();
}

}  // namespace gloss::aws
