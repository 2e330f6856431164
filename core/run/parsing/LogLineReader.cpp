#include "run/parsing/LogLineReader.h"

#include "MessageText.h"
#include "run/parsing/LogText.h"
#include "run/parsing/TextCheck.h"

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
    // A UTF-8 sequence cut off by the end of the piece is checked once the rest is read; lines
    // are handed out up to what is checked.
    const std::size_t upTo = end ? text.size() : completeUtf8Prefix(text);
    bool isNul = false;
    const std::size_t bad = firstNonTextByte(text.substr(checked_, upTo - checked_), false, &isNul);
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
        return fail(cancelledError(source_.path()).message);
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
