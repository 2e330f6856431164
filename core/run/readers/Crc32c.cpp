#include "run/readers/Crc32c.h"

#include <array>
#include <cstring>

namespace annealer {
namespace {

// Slicing-by-8: table k gives the CRC of a byte followed by k zero bytes, so that eight bytes are
// folded in per step (about 1-2 GB/s, well above what parsing the records costs).
using Tables = std::array<std::array<std::uint32_t, 256>, 8>;

constexpr Tables makeTables(std::uint32_t polynomial) {
    Tables t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
        std::uint32_t c = i;
        for (int bit = 0; bit < 8; ++bit) c = (c & 1U) ? (c >> 1) ^ polynomial : c >> 1;
        t[0][i] = c;
    }
    for (std::size_t k = 1; k < 8; ++k) {
        for (std::size_t i = 0; i < 256; ++i) {
            t[k][i] = (t[k - 1][i] >> 8) ^ t[0][t[k - 1][i] & 0xFFU];
        }
    }
    return t;
}

constexpr Tables kCastagnoli = makeTables(0x82F63B78U);
constexpr Tables kIeee = makeTables(0xEDB88320U);

std::uint32_t reflectedCrc(const Tables& tables, const void* data, std::size_t size,
                           std::uint32_t crc) {
    const auto* p = static_cast<const unsigned char*>(data);
    std::uint32_t c = ~crc;
    while (size >= 8) {
        // Little-endian loads, as the tables assume (x86-64 and AArch64).
        std::uint32_t lo;
        std::uint32_t hi;
        std::memcpy(&lo, p, 4);
        std::memcpy(&hi, p + 4, 4);
        lo ^= c;
        c = tables[7][lo & 0xFFU] ^ tables[6][(lo >> 8) & 0xFFU] ^
            tables[5][(lo >> 16) & 0xFFU] ^ tables[4][lo >> 24] ^ tables[3][hi & 0xFFU] ^
            tables[2][(hi >> 8) & 0xFFU] ^ tables[1][(hi >> 16) & 0xFFU] ^ tables[0][hi >> 24];
        p += 8;
        size -= 8;
    }
    while (size-- > 0) c = (c >> 8) ^ tables[0][(c ^ *p++) & 0xFFU];
    return ~c;
}

}  // namespace

std::uint32_t crc32c(const void* data, std::size_t size, std::uint32_t crc) {
    return reflectedCrc(kCastagnoli, data, size, crc);
}

std::uint32_t crc32Ieee(const void* data, std::size_t size, std::uint32_t crc) {
    return reflectedCrc(kIeee, data, size, crc);
}

}  // namespace annealer
