#include "aws/crc.h"

#include <array>
#include <cstddef>

#if defined(__x86_64__)
#include <nmmintrin.h>
#endif

namespace gloss::aws {
namespace {

template <typename Word>
using SliceTables = std::array<std::array<Word, 256>, 8>;

// Tables for slice-by-8 of a reflected CRC: tables[0] is the classic
// byte-at-a-time table; tables[k][n] is the CRC of byte n followed by k zero
// bytes, so eight table lookups advance the register by eight bytes.
template <typename Word>
constexpr SliceTables<Word> MakeSliceTables(Word reflected_polynomial) {
  SliceTables<Word> tables{};
  for (uint32_t byte = 0; byte < 256; ++byte) {
    Word crc = byte;
    for (int bit = 0; bit < 8; ++bit) {
      crc = (crc & 1) != 0 ? (crc >> 1) ^ reflected_polynomial : crc >> 1;
    }
    tables[0][byte] = crc;
  }
  for (uint32_t byte = 0; byte < 256; ++byte) {
    for (size_t slice = 1; slice < 8; ++slice) {
      const Word previous = tables[slice - 1][byte];
      tables[slice][byte] = (previous >> 8) ^ tables[0][previous & 0xff];
    }
  }
  return tables;
}

constexpr SliceTables<uint32_t> kCrc32cTables = MakeSliceTables<uint32_t>(0x82f63b78u);
constexpr SliceTables<uint64_t> kCrc64NvmeTables = MakeSliceTables<uint64_t>(0x9a6c9329ac4bc9b5ull);

uint64_t LoadLittleEndian64(const unsigned char* bytes) {
  uint64_t value = 0;
  for (int idx = 7; idx >= 0; --idx) {
    value = (value << 8) | bytes[idx];
  }
  return value;
}

// Advances the (pre-inverted) register over `data` with slice-by-8.
template <typename Word>
Word UpdateSliceBy8(Word reg, std::string_view data, const SliceTables<Word>& tables) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
  size_t size = data.size();
  while (size >= 8) {
    // XOR the register into the low bytes of the next eight input bytes;
    // a 32-bit register only reaches the first four.
    const uint64_t word = LoadLittleEndian64(bytes) ^ static_cast<uint64_t>(reg);
    reg = tables[7][word & 0xff] ^ tables[6][(word >> 8) & 0xff] ^ tables[5][(word >> 16) & 0xff] ^
          tables[4][(word >> 24) & 0xff] ^ tables[3][(word >> 32) & 0xff] ^
          tables[2][(word >> 40) & 0xff] ^ tables[1][(word >> 48) & 0xff] ^ tables[0][word >> 56];
    bytes += 8;
    size -= 8;
  }
  for (; size > 0; --size, ++bytes) {
    reg = (reg >> 8) ^ tables[0][(reg ^ *bytes) & 0xff];
  }
  return reg;
}

#if defined(__x86_64__)
__attribute__((target("sse4.2"))) uint32_t Crc32cSse42(std::string_view data, uint32_t crc) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
  size_t size = data.size();
  uint64_t reg = ~crc;
  while (size >= 8) {
    reg = _mm_crc32_u64(reg, LoadLittleEndian64(bytes));
    bytes += 8;
    size -= 8;
  }
  auto reg32 = static_cast<uint32_t>(reg);
  for (; size > 0; --size, ++bytes) {
    reg32 = _mm_crc32_u8(reg32, *bytes);
  }
  return ~reg32;
}
#endif

}  // namespace

uint32_t Crc32cPortable(std::string_view data, uint32_t crc) {
  return ~UpdateSliceBy8<uint32_t>(~crc, data, kCrc32cTables);
}

bool Crc32cUsesHardware() {
#if defined(__x86_64__)
  // Immutable after its thread-safe first initialisation.
  static const bool has_sse42 = __builtin_cpu_supports("sse4.2") != 0;
  return has_sse42;
#else
  return false;
#endif
}

uint32_t Crc32c(std::string_view data, uint32_t crc) {
#if defined(__x86_64__)
  if (Crc32cUsesHardware()) {
    return Crc32cSse42(data, crc);
  }
#endif
  return Crc32cPortable(data, crc);
}

uint64_t Crc64Nvme(std::string_view data, uint64_t crc) {
  return ~UpdateSliceBy8<uint64_t>(~crc, data, kCrc64NvmeTables);
}

}  // namespace gloss::aws
