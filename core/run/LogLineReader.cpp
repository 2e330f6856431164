#include "run/LogLineReader.h"

#include "MessageText.h"
#include "run/TextCheck.h"

#include <algorithm>

namespace annealer {

LogLineReader::LogLineReader(const QString& path, const LogReadOptions& options,
                             double progressShare)
    : source_(path), options_(options), progressShare_(progressShare) {}

Status LogLineReader::open() {
    return source_.open(options_);
}

bool LogLineReader::fail(QString message) {
    error_ = std::move(message);
    atEnd_ = true;
    pos_ = buffer_.size();
    return false;
}

// Drops the lines handed out, appends the next piece and checks the complete lines in it.
bool LogLineReader::fill() {
    if (pos_ > 0) {
        buffer_.erase(0, pos_);
        offset_ += static_cast<qint64>(pos_);
        checked_ -= std::min(checked_, pos_);
        pos_ = 0;
    }
    bool end = false;
    if (Status s = source_.readMore(buffer_, &end); !s) return fail(s.error());
    const std::string_view text(buffer_);
    // Lines end at '\n', an ASCII byte, so text up to the last line break holds no cut-off
    // UTF-8 sequence; at the end of the file everything is checked.
    std::size_t upTo = text.size();
    if (!end) {
        const std::size_t lastBreak = text.rfind('\n');
        upTo =
            lastBreak == std::string_view::npos || lastBreak < checked_ ? checked_ : lastBreak + 1;
    }
    bool isNul = false;
    const std::string_view unchecked = text.substr(checked_, upTo - checked_);
    // A piece without a line break is checked as far as it is complete, so that binary data
    // without line breaks is reported as such rather than as one long line.
    const std::size_t bad = upTo > checked_ ? firstNonTextByte(unchecked, false, &isNul)
                                            : firstNonTextByte(text.substr(checked_), true, &isNul);
    if (bad != kAllText) {
        const std::size_t at = checked_ + bad;
        const std::int64_t line = number_ + 1 +
                                  std::count(text.begin() + static_cast<std::ptrdiff_t>(pos_),
                                             text.begin() + static_cast<std::ptrdiff_t>(at), '\n');
        return fail(notTextMessage(source_.path(), line, isNul,
                                   offset_ + static_cast<qint64>(at) + source_.droppedBytes()));
    }
    checked_ = upTo;
    atEnd_ = end;
    if (buffer_.size() - pos_ > kMaxLineBytes && text.find('\n', pos_) == std::string_view::npos) {
        return fail(
            formatMessage(QStringLiteral("%1:%2: a line longer than %3 MB (is this a log?)"),
                          source_.path(), number_ + 1, kMaxLineBytes >> 20));
    }
    if (!source_.reportProgress(options_, progressShare_))
        return fail(source_.path() + QStringLiteral(": cancelled"));
    return true;
}

bool LogLineReader::next(std::string_view* line) {
    for (;;) {
        const std::string_view text(buffer_);
        const std::size_t lineBreak = text.find('\n', pos_);
        const bool complete = lineBreak != std::string_view::npos && lineBreak < checked_;
        // At the end of the file, the last line may have no line break.
        if (!complete && !(atEnd_ && pos_ < checked_)) {
            if (atEnd_ || !fill()) return false;
            continue;
        }
        const std::size_t end = complete ? lineBreak : checked_;
        std::string_view found = text.substr(pos_, end - pos_);
        if (!found.empty() && found.back() == '\r') found.remove_suffix(1);
        pos_ = complete ? lineBreak + 1 : checked_;
        unterminated_ = !complete;
        ++number_;
        sawText_ = sawText_ || found.find_first_not_of(" \t\r") != std::string_view::npos;
        *line = found;
        return true;
    }
}

}  // namespace annealer
