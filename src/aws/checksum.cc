#include "aws/checksum.h"

#include <algorithm>
#include <array>

#include <openssl/evp.h>
#include <zlib.h>

#include "aws/crc.h"
#include "core/assert.h"

namespace gloss::aws {
namespace {

struct AlgorithmInfo {
  ChecksumAlgorithm algorithm;
  std::string_view name;
  std::string_view header;
  size_t digest_size;
};

constexpr std::array<AlgorithmInfo, 5> kAlgorithms = {{
    {ChecksumAlgorithm::kCrc32, "CRC32", "x-amz-checksum-crc32", 4},
    {ChecksumAlgorithm::kCrc32c, "CRC32C", "x-amz-checksum-crc32c", 4},
    {ChecksumAlgorithm::kCrc64Nvme, "CRC64NVME", "x-amz-checksum-crc64nvme", 8},
    {ChecksumAlgorithm::kSha1, "SHA1", "x-amz-checksum-sha1", 20},
    {ChecksumAlgorithm::kSha256, "SHA256", "x-amz-checksum-sha256", 32},
}};

constexpr std::string_view kChecksumHeaderPrefix = "x-amz-checksum-";

const AlgorithmInfo& Info(ChecksumAlgorithm algorithm) {
  return kAlgorithms[static_cast<size_t>(algorithm)];
}

bool EqualsIgnoringCase(std::string_view lhs, std::string_view rhs) {
  return lhs.size() == rhs.size() &&
         std::equal(lhs.begin(), lhs.end(), rhs.begin(), [](char left, char right) {
           auto lower = [](char ch) {
             return static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
           };
           return lower(left) == lower(right);
         });
}

std::string BigEndian(uint64_t value, size_t bytes) {
  std::string out(bytes, '\0');
  for (size_t idx = 0; idx < bytes; ++idx) {
    out[bytes - 1 - idx] = static_cast<char>(value & 0xff);
    value >>= 8;
  }
  return out;
}

const EVP_MD* ShaAlgorithm(ChecksumAlgorithm algorithm) {
  switch (algorithm) {
    case ChecksumAlgorithm::kSha1: return EVP_sha1();
    case ChecksumAlgorithm::kSha256: return EVP_sha256();
    case ChecksumAlgorithm::kCrc32:
    case ChecksumAlgorithm::kCrc32c:
    case ChecksumAlgorithm::kCrc64Nvme: return nullptr;
  }
  return nullptr;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

Status InvalidRequest(std::string_view detail) {
  return Status::InvalidArgument("InvalidRequest: " + std::string(detail));
}

}  // namespace

std::string_view ChecksumAlgorithmName(ChecksumAlgorithm algorithm) { return Info(algorithm).name; }

std::string_view ChecksumHeaderName(ChecksumAlgorithm algorithm) { return Info(algorithm).header; }

size_t ChecksumDigestSize(ChecksumAlgorithm algorithm) { return Info(algorithm).digest_size; }

std::optional<ChecksumAlgorithm> ChecksumAlgorithmFromName(std::string_view name) {
  for (const AlgorithmInfo& info : kAlgorithms) {
    if (EqualsIgnoringCase(name, info.name)) {
      return info.algorithm;
    }
  }
  return std::nullopt;
}

std::optional<ChecksumAlgorithm> ChecksumAlgorithmFromHeaderName(std::string_view header_name) {
  for (const AlgorithmInfo& info : kAlgorithms) {
    if (EqualsIgnoringCase(header_name, info.header)) {
      return info.algorithm;
    }
  }
  return std::nullopt;
}

void Checksummer::EvpCtxDeleter::operator()(evp_md_ctx_st* ctx) const { EVP_MD_CTX_free(ctx); }

Checksummer::Checksummer(ChecksumAlgorithm algorithm) : algorithm_(algorithm) {
  if (const EVP_MD* md = ShaAlgorithm(algorithm)) {
    md_.reset(EVP_MD_CTX_new());
    // Fails only when out of memory, which is fatal by convention.
    GLOSS_CHECK(md_ != nullptr && EVP_DigestInit_ex(md_.get(), md, nullptr) == 1);
  }
}

Checksummer::~Checksummer() = default;
Checksummer::Checksummer(Checksummer&& other) noexcept = default;
Checksummer& Checksummer::operator=(Checksummer&& other) noexcept = default;

void Checksummer::Reset() {
  crc_ = 0;
  if (const EVP_MD* md = ShaAlgorithm(algorithm_)) {
    GLOSS_CHECK(md_ != nullptr);  // Set by the constructor; null only after a move.
    GLOSS_CHECK(EVP_DigestInit_ex(md_.get(), md, nullptr) == 1);
  }
}

void Checksummer::Update(std::string_view data) {
  switch (algorithm_) {
    case ChecksumAlgorithm::kCrc32:
      crc_ = crc32_z(static_cast<uLong>(crc_), reinterpret_cast<const Bytef*>(data.data()),
                     data.size());
      return;
    case ChecksumAlgorithm::kCrc32c: crc_ = Crc32c(data, static_cast<uint32_t>(crc_)); return;
    case ChecksumAlgorithm::kCrc64Nvme: crc_ = Crc64Nvme(data, crc_); return;
    case ChecksumAlgorithm::kSha1:
    case ChecksumAlgorithm::kSha256:
      GLOSS_CHECK(md_ != nullptr);  // Set by the constructor; null only after a move.
      GLOSS_CHECK(EVP_DigestUpdate(md_.get(), data.data(), data.size()) == 1);
      return;
  }
}

std::string Checksummer::Digest() const {
  switch (algorithm_) {
    case ChecksumAlgorithm::kCrc32:
    case ChecksumAlgorithm::kCrc32c:
    case ChecksumAlgorithm::kCrc64Nvme: return BigEndian(crc_, ChecksumDigestSize(algorithm_));
    case ChecksumAlgorithm::kSha1:
    case ChecksumAlgorithm::kSha256: {
      GLOSS_CHECK(md_ != nullptr);  // Set by the constructor; null only after a move.
      // Finish a copy so the running digest can be extended further.
      std::unique_ptr<evp_md_ctx_st, EvpCtxDeleter> copy(EVP_MD_CTX_new());
      GLOSS_CHECK(copy != nullptr && EVP_MD_CTX_copy_ex(copy.get(), md_.get()) == 1);
      std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
      unsigned int size = 0;
      GLOSS_CHECK(EVP_DigestFinal_ex(copy.get(), digest.data(), &size) == 1);
      GLOSS_CHECK(size == ChecksumDigestSize(algorithm_));
      return std::string(reinterpret_cast<const char*>(digest.data()), size);
    }
  }
  return {};
}

bool IsWellFormedChecksumValue(ChecksumAlgorithm algorithm, std::string_view value) {
  // Padded base64 has 3 * (length / 4) - padding bytes, so only one length and
  // one padding decode to the digest size.
  const Result<std::string> digest = Base64Decode(value);
  return digest.ok() && digest->size() == ChecksumDigestSize(algorithm);
}

Status VerifyChecksum(const Checksummer& checksummer, std::string_view value,
                      std::string_view source) {
  const ChecksumAlgorithm algorithm = checksummer.algorithm();
  if (!IsWellFormedChecksumValue(algorithm, value)) {
    return InvalidRequest("Value for " + std::string(ChecksumHeaderName(algorithm)) + " " +
                          std::string(source) + " is invalid");
  }
  // Base64 of a fixed-size digest is canonical up to the unused bits of the
  // last character; a value that differs only there does not decode to our
  // digest either way, so comparing the text is enough.
  if (checksummer.Base64() != value) {
    return Status::InvalidArgument("BadDigest: the " +
                                   std::string(ChecksumAlgorithmName(algorithm)) +
                                   " you specified did not match the calculated checksum");
  }
  return Status::Ok();
}

Result<std::optional<ExpectedChecksum>> ExpectedChecksumFromHeaders(const http::Headers& headers) {
  std::optional<ChecksumAlgorithm> sdk_algorithm;
  if (const std::optional<std::string_view> name = headers.Get("x-amz-sdk-checksum-algorithm")) {
    sdk_algorithm = ChecksumAlgorithmFromName(Trim(*name));
    if (!sdk_algorithm) {
      return InvalidRequest(
          "Checksum algorithm provided is unsupported; use one of CRC32, CRC32C, CRC64NVME, "
          "SHA1, SHA256");
    }
  }

  std::optional<ExpectedChecksum> found;
  auto add = [&found](ExpectedChecksum checksum) -> Status {
    if (found) {
      return InvalidRequest("Expecting a single x-amz-checksum- header");
    }
    found = std::move(checksum);
    return Status::Ok();
  };
  for (const auto& [name, value] : headers.fields()) {
    if (!name.starts_with(kChecksumHeaderPrefix)) {
      continue;
    }
    if (name == "x-amz-checksum-type" || name == "x-amz-checksum-mode") {
      continue;  // Not a checksum value.
    }
    const std::optional<ChecksumAlgorithm> algorithm = ChecksumAlgorithmFromHeaderName(name);
    if (!algorithm) {
      return InvalidRequest("unknown checksum header '" + name + "'");
    }
    const std::string_view trimmed = Trim(value);
    if (!IsWellFormedChecksumValue(*algorithm, trimmed)) {
      return InvalidRequest("Value for " + name + " header is invalid");
    }
    RETURN_IF_ERROR(add({*algorithm, std::string(trimmed), false}));
  }
  if (const std::optional<std::string_view> trailer = headers.Get("x-amz-trailer")) {
    std::string_view rest = *trailer;
    while (!rest.empty()) {
      const size_t comma = rest.find(',');
      const std::string_view name = Trim(rest.substr(0, comma));
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      if (const std::optional<ChecksumAlgorithm> algorithm =
              ChecksumAlgorithmFromHeaderName(name)) {
        RETURN_IF_ERROR(add({*algorithm, std::string(), true}));
      }
    }
  }

  if (sdk_algorithm && !found) {
    return InvalidRequest(
        "x-amz-sdk-checksum-algorithm specified, but no corresponding x-amz-checksum-* or "
        "x-amz-trailer headers were found");
  }
  if (sdk_algorithm && found && found->algorithm != *sdk_algorithm) {
    return InvalidRequest("Value for x-amz-sdk-checksum-algorithm header is invalid: it names " +
                          std::string(ChecksumAlgorithmName(*sdk_algorithm)) +
                          " but the checksum is " +
                          std::string(ChecksumAlgorithmName(found->algorithm)));
  }
  return found;
}

}  // namespace gloss::aws
