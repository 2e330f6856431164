#include "run/parsing/TextCheck.h"

#include "MessageText.h"

#include <cstdint>
#include <cstring>

namespace annealer {

std::size_t firstNonTextByte(std::string_view data, bool truncated, bool* isNul) {
    const auto* p = reinterpret_cast<const unsigned char*>(data.data());
    const std::size_t n = data.size();
    std::size_t i = 0;
    while (i < n) {
        // Fast path: eight ASCII bytes with no NUL among them.
        if (i + 8 <= n) {
            std::uint64_t word;
            std::memcpy(&word, p + i, 8);
            const std::uint64_t high = word & 0x8080808080808080ULL;
            const std::uint64_t zero =
                (word - 0x0101010101010101ULL) & ~word & 0x8080808080808080ULL;
            if ((high | zero) == 0) {
                i += 8;
                continue;
            }
        }
        const unsigned char c = p[i];
        if (c == 0) {
            *isNul = true;
            return i;
        }
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = 0;
        unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0) lo = 0xA0;
            if (c == 0xED) hi = 0x9F;  // no UTF-16 surrogates
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0) lo = 0x90;
            if (c == 0xF4) hi = 0x8F;
        } else {
            *isNul = false;
            return i;
        }
        for (std::size_t k = 1; k < len; ++k) {
            if (i + k >= n) {
                if (truncated) return kAllText;
                *isNul = false;
                return i;
            }
            const unsigned char d = p[i + k];
            const bool okByte = k == 1 ? (d >= lo && d <= hi) : (d >= 0x80 && d <= 0xBF);
            if (!okByte) {
                *isNul = false;
                return i;
            }
        }
        i += len;
    }
    return kAllText;
}

QString notTextMessage(const QString& path, std::int64_t line, bool isNul, std::int64_t offset) {
    return formatMessage(
        QStringLiteral("%1:%2: not a text file (%3 at byte %4)"), path, line,
        isNul ? QStringLiteral("a NUL byte") : QStringLiteral("bytes that are not UTF-8"),
        static_cast<qint64>(offset));
}

}  // namespace annealer
