#pragma once

#include <cstddef>
#include <cstdint>

namespace annealer {

// CRC-32C (Castagnoli: reflected polynomial 0x82F63B78, initial value and final xor ~0), the
// checksum TFRecord and TensorBoard event files use. `crc` continues an earlier call's result.
std::uint32_t crc32c(const void* data, std::size_t size, std::uint32_t crc = 0);

// CRC-32 (IEEE 802.3, zlib's crc32: reflected polynomial 0xEDB88320), the checksum of W&B's
// run files. `crc` continues an earlier call's result.
std::uint32_t crc32Ieee(const void* data, std::size_t size, std::uint32_t crc = 0);

// The masked form stored in TFRecords: rotated right by 15 bits plus 0xa282ead8 (mod 2^32), so
// that a CRC computed over bytes that hold CRCs stays well distributed.
inline std::uint32_t maskCrc32c(std::uint32_t crc) {
    return ((crc >> 15) | (crc << 17)) + 0xa282ead8U;
}

inline std::uint32_t maskedCrc32c(const void* data, std::size_t size) {
    return maskCrc32c(crc32c(data, size));
}

}  // namespace annealer
