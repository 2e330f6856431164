#include "run/parsing/LogText.h"

#include "MessageText.h"

#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

namespace annealer {
namespace {

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

}  // namespace

Error cancelledError(const QString& path) {
    return Error{path + QStringLiteral(": cancelled")};
}

QByteArray readHead(const QString& path, qint64 size) {
    QFile file(path);
    if (QFileInfo(path).isDir() || !file.open(QIODevice::ReadOnly)) return {};
    return file.read(size);
}

bool hasNulByte(const QByteArray& head) {
    return head.contains('\0');
}

std::int64_t lineOfOffset(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    return 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n');
}

bool LineCursor::next(std::string_view* line) {
    if (pos_ >= text_.size()) return false;
    std::size_t end = text_.find('\n', pos_);
    if (end == std::string_view::npos) end = text_.size();
    std::string_view found = text_.substr(pos_, end - pos_);
    if (!found.empty() && found.back() == '\r') found.remove_suffix(1);
    *line = found;
    pos_ = end + 1;
    ++number_;
    return true;
}

std::string_view trimmedView(std::string_view s) {
    while (!s.empty() && isSpace(s.front())) s.remove_prefix(1);
    while (!s.empty() && isSpace(s.back())) s.remove_suffix(1);
    return s;
}

bool isBlank(std::string_view s) {
    return trimmedView(s).empty();
}

std::size_t skipBlanks(std::string_view s, std::size_t at) {
    while (at < s.size() && (s[at] == ' ' || s[at] == '\t')) ++at;
    return at;
}

std::size_t skipDigits(std::string_view s, std::size_t at) {
    while (at < s.size() && s[at] >= '0' && s[at] <= '9') ++at;
    return at;
}

NumberParse parseNumber(std::string_view s, double* value) {
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    if (s.empty()) return NumberParse::NotANumber;
    const char* end = s.data() + s.size();
    const auto [ptr, ec] = std::from_chars(s.data(), end, *value);
    if (ptr != end) return NumberParse::NotANumber;
    if (ec == std::errc::result_out_of_range) return NumberParse::OutOfRange;
    if (ec != std::errc()) return NumberParse::NotANumber;
    return NumberParse::Ok;
}

StepParse stepFromInteger(std::int64_t value, std::int64_t* step) {
    if (value < 0) return StepParse::Negative;
    if (value > kMaxLogStep) return StepParse::TooLarge;
    *step = value;
    return StepParse::Ok;
}

StepParse stepFromNumber(double value, std::int64_t* step) {
    if (!std::isfinite(value)) return StepParse::NotANumber;
    if (value != std::floor(value)) return StepParse::NotWhole;
    if (value < 0) return StepParse::Negative;
    // Compared as doubles before the conversion, which would be undefined beyond 2^63.
    if (value > static_cast<double>(kMaxLogStep)) return StepParse::TooLarge;
    *step = static_cast<std::int64_t>(value);
    return StepParse::Ok;
}

StepParse parseStep(std::string_view s, std::int64_t* step) {
    std::string_view digits = s;
    if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
    const char* end = digits.data() + digits.size();
    std::int64_t integer = 0;
    const auto [ptr, ec] = std::from_chars(digits.data(), end, integer);
    if (!digits.empty() && ec == std::errc() && ptr == end) return stepFromInteger(integer, step);
    // Digits beyond the range of std::int64_t.
    if (!digits.empty() && ec == std::errc::result_out_of_range && ptr == end) {
        return digits.front() == '-' ? StepParse::Negative : StepParse::TooLarge;
    }
    double value = 0;
    if (parseNumber(s, &value) != NumberParse::Ok) return StepParse::NotANumber;
    return stepFromNumber(value, step);
}

QString stepProblem(StepParse problem, const QString& text) {
    switch (problem) {
        case StepParse::NotANumber:
            return formatMessage(QStringLiteral("step '%1' is not a number"), text);
        case StepParse::NotWhole:
            return formatMessage(QStringLiteral("step '%1' is not a whole number"), text);
        case StepParse::Negative:
            return formatMessage(QStringLiteral("step %1 is negative (steps count from 0)"), text);
        case StepParse::TooLarge:
            return formatMessage(
                QStringLiteral("step %1 is beyond %2 (2^53), the largest step the program can "
                               "represent"),
                text, kMaxLogStep);
        case StepParse::Ok:
            break;
    }
    return {};
}

QString quotedText(std::string_view s) {
    QString text = QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
    if (text.size() > 40) text = text.left(37) + QStringLiteral("...");
    return text;
}

void splitNameValues(std::string_view text, std::vector<NameValue>* out) {
    out->clear();
    while (!text.empty()) {
        std::size_t bar = text.find('|');
        if (bar == std::string_view::npos) bar = text.size();
        const std::string_view part = text.substr(0, bar);
        text.remove_prefix(std::min(bar + 1, text.size()));
        const std::size_t colon = part.find(':');
        if (colon == std::string_view::npos) continue;
        const std::string_view name = trimmedView(part.substr(0, colon));
        if (name.empty()) continue;
        out->push_back(NameValue{name, trimmedView(part.substr(colon + 1))});
    }
}

}  // namespace annealer
