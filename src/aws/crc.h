// CRC-32C (Castagnoli) and CRC-64/NVME, the two CRCs of S3's flexible
// checksums that zlib does not provide. CRC-32C uses the SSE4.2 crc32
// instruction when the CPU has it (checked once at run time) and a portable
// slice-by-8 table implementation otherwise; CRC-64/NVME is slice-by-8 only.
//
// Each function takes the CRC of the data so far (0 for none) and returns the
// CRC of that data followed by `data`, like zlib's crc32(), so a stream can be
// checksummed piecewise.
//
// Thread safety: pure functions; the tables are compile-time constants.

#pragma once

#include <cstdint>
#include <string_view>

namespace gloss::aws {

// CRC-32C (iSCSI, RFC 3720): reflected polynomial 0x82f63b78, init and final
// xor all ones. Check value of "123456789": 0xe3069283.
uint32_t Crc32c(std::string_view data, uint32_t crc = 0);

// The table implementation behind Crc32c, exposed so tests can compare it
// with the hardware path.
uint32_t Crc32cPortable(std::string_view data, uint32_t crc = 0);

// True when Crc32c uses the SSE4.2 instruction on this machine.
bool Crc32cUsesHardware();

// CRC-64/NVME: reflected polynomial 0x9a6c9329ac4bc9b5 (0xad93d23594c93659
// unreflected), init and final xor all ones. Check value of "123456789":
// 0xae8b14860a799888.
uint64_t Crc64Nvme(std::string_view data, uint64_t crc = 0);

}  // namespace gloss::aws
