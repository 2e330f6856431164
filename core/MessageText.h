#pragma once

#include <QString>

#include <type_traits>

namespace annealer {

namespace detail {
inline QString messageArgument(const QString& text) { return text; }
template <typename T>
    requires std::is_integral_v<T>
QString messageArgument(T number) {
    return QString::number(number);
}
}  // namespace detail

// Fills %1, %2, ... of an error message in one pass, so that a '%' inside a path or a column
// name is left alone (chained QString::arg calls would replace it).
template <typename... Args>
QString formatMessage(const QString& pattern, const Args&... args) {
    return pattern.arg(detail::messageArgument(args)...);
}

}  // namespace annealer
