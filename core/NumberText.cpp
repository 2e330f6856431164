#include "NumberText.h"

#include <charconv>
#include <cstring>

namespace annealer {

char* writeShortest(char* first, char* last, double value) {
    char* end = std::to_chars(first, last, value).ptr;
    // to_chars writes at least two exponent digits ("3e-04"); drop the padding zeros.
    char* exponent = static_cast<char*>(std::memchr(first, 'e', static_cast<std::size_t>(end - first)));
    if (exponent == nullptr) return end;
    char* digits = exponent + 1;
    if (*digits == '+' || *digits == '-') ++digits;
    char* firstNonZero = digits;
    while (firstNonZero + 1 < end && *firstNonZero == '0') ++firstNonZero;
    if (firstNonZero == digits) return end;
    std::memmove(digits, firstNonZero, static_cast<std::size_t>(end - firstNonZero));
    return end - (firstNonZero - digits);
}

QString shortestText(double value) {
    char buffer[32];
    return QString::fromLatin1(buffer, writeShortest(buffer, buffer + sizeof buffer, value) - buffer);
}

QString shortestText(std::int64_t value) { return QString::number(value); }

}  // namespace annealer
