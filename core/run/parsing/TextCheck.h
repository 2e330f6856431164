#pragma once

#include <QString>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace annealer {

inline constexpr std::size_t kAllText = static_cast<std::size_t>(-1);

// The offset of the first byte that makes `data` not UTF-8 text (a NUL byte, then *isNul is
// set, or an invalid sequence), or kAllText. A sequence cut off by the end is accepted when
// `truncated` (the data is only a piece of a file, read on later). Shared by the log readers.
std::size_t firstNonTextByte(std::string_view data, bool truncated, bool* isNul);

// "FILE:LINE: not a text file (a NUL byte at byte N)" or "(bytes that are not UTF-8 ...)".
QString notTextMessage(const QString& path, std::int64_t line, bool isNul, std::int64_t offset);

}  // namespace annealer
