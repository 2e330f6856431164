#include "NumberText.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <utility>

namespace annealer {

namespace {

char* withShortExponent(char* first, char* end) {
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

}  // namespace

char* writeShortest(char* first, char* last, double value) {
    return withShortExponent(first, std::to_chars(first, last, value).ptr);
}

QString shortestText(double value) {
    char buffer[32];
    return QString::fromLatin1(buffer, writeShortest(buffer, buffer + sizeof buffer, value) - buffer);
}

QString shortestText(std::int64_t value) { return QString::number(value); }

namespace {

// The double nearest `value` rounded to `significant` digits.
double roundedTo(double value, int significant) {
    char buffer[48];
    const auto written = std::to_chars(buffer, buffer + sizeof buffer, value,
                                       std::chars_format::scientific, std::max(significant, 1) - 1);
    double rounded = value;
    std::from_chars(buffer, written.ptr, rounded);
    return rounded;
}

// The shortest text of `value` with an exponent: "1.58e-4", "2.5e+6".
QString withExponent(double value) {
    char buffer[48];
    char* end =
        std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific).ptr;
    return QString::fromLatin1(buffer, withShortExponent(buffer, end) - buffer);
}

}  // namespace

QString roundedText(double value, int significant) {
    if (!std::isfinite(value) || value == 0.0) return shortestText(value);
    const double rounded = roundedTo(value, significant);
    // Small and large values always with an exponent ("1.58e-4", not "0.000158").
    const double size = std::abs(rounded);
    if (size >= 1e-3 && size < 1e6) return shortestText(rounded);
    return withExponent(rounded);
}

QString compactNumber(double value) {
    if (!std::isfinite(value)) return shortestText(value);
    if (value == 0.0) return QStringLiteral("0");
    constexpr int kSignificant = 4;
    const double rounded = roundedTo(value, kSignificant);
    static const std::pair<double, char> units[] = {{1e12, 'T'}, {1e9, 'B'}, {1e6, 'M'}, {1e3, 'k'}};
    for (const auto& [unit, suffix] : units)
        if (std::abs(rounded) >= unit)
            return shortestText(roundedTo(rounded / unit, kSignificant)) + QLatin1Char(suffix);
    return shortestText(rounded);
}

QString exponentText(double value, int significant) {
    if (!std::isfinite(value)) return shortestText(value);
    if (value == 0.0) return QStringLiteral("0");
    return withExponent(roundedTo(value, significant));
}

}  // namespace annealer
