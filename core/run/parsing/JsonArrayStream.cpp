#include "run/parsing/JsonArrayStream.h"

#include "MessageText.h"
#include "run/parsing/LogText.h"
#include "run/parsing/TextCheck.h"

#include <algorithm>

namespace annealer {
namespace {

bool isJsonSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool isBlankJson(std::string_view s) {
    return std::all_of(s.begin(), s.end(), isJsonSpace);
}

std::int64_t countLines(std::string_view s) {
    return std::count(s.begin(), s.end(), '\n');
}

// Keys are compared as written; longer ones than this cannot be the one looked for.
constexpr std::size_t kMaxKeyBytes = 256;

}  // namespace

JsonArrayStream::JsonArrayStream(const QString& path, std::string key,
                                 const LogReadOptions& options, double progressShare)
    : source_(path), key_(std::move(key)), options_(options), progressShare_(progressShare) {}

Status JsonArrayStream::open() {
    return source_.open(options_);
}

bool JsonArrayStream::fail(QString message) {
    error_ = std::move(message);
    return false;
}

bool JsonArrayStream::failAt(std::size_t from, std::int64_t fromLine, std::size_t at,
                             const QString& reason) {
    const std::int64_t line =
        fromLine + countLines(std::string_view(buffer_).substr(from, at - from));
    return fail(formatMessage(QStringLiteral("%1:%2: not valid JSON (%3, at byte %4)"),
                              source_.path(), line, reason,
                              offset_ + static_cast<qint64>(at) + source_.droppedBytes()));
}

bool JsonArrayStream::withinString(char c) {
    if (!inString_) return false;
    if (escape_)
        escape_ = false;
    else if (c == '\\')
        escape_ = true;
    else if (c == '"')
        inString_ = false;
    return true;
}

// Keeps what is not needed any more out of the buffer (into the rest of the document, outside
// the list), then appends the next piece and checks that it is text.
bool JsonArrayStream::fill() {
    if (mode_ != Mode::InList) keepRest(scan_);
    const std::size_t drop = mode_ == Mode::InList ? elementStart_ : scan_;
    buffer_.erase(0, drop);
    offset_ += static_cast<qint64>(drop);
    scan_ -= drop;
    checked_ -= std::min(checked_, drop);
    kept_ -= std::min(kept_, drop);
    elementStart_ -= std::min(elementStart_, drop);

    if (Status s = source_.readMore(buffer_, &atEnd_); !s) return fail(s.error());
    const std::string_view text(buffer_);
    const std::size_t upTo = atEnd_ ? text.size() : completeUtf8Prefix(text);
    bool isNul = false;
    const std::size_t bad = firstNonTextByte(text.substr(checked_, upTo - checked_), false, &isNul);
    if (bad != kAllText) {
        const std::size_t at = checked_ + bad;
        return fail(notTextMessage(source_.path(),
                                   line_ + countLines(text.substr(scan_, at - scan_)), isNul,
                                   offset_ + static_cast<qint64>(at) + source_.droppedBytes()));
    }
    checked_ = upTo;
    if (!source_.reportProgress(options_, progressShare_))
        return fail(cancelledError(source_.path()).message);
    return true;
}

void JsonArrayStream::keepRest(std::size_t upTo) {
    if (upTo > kept_) rest_.append(buffer_, kept_, upTo - kept_);
    kept_ = std::max(kept_, upTo);
}

bool JsonArrayStream::next(JsonTape* tape, std::int64_t* line) {
    while (error_.isEmpty()) {
        const std::string_view text(buffer_);
        if (mode_ != Mode::InList) {
            scanDocument();
            if (mode_ != Mode::InList) {
                if (atEnd_) {
                    keepRest(scan_);
                    return false;
                }
                if (!fill()) return false;
                continue;
            }
        }
        // In the list: up to the ',' that ends an element or the ']' that ends the list.
        for (; scan_ < checked_; ++scan_) {
            const char c = text[scan_];
            if (c == '\n') ++line_;
            if (withinString(c)) continue;
            switch (c) {
                case '"':
                    inString_ = true;
                    break;
                case '{':
                case '[':
                    // Garbage such as "[[[[..." is left to the element's parser to refuse.
                    ++depth_;
                    break;
                case '}':
                case ']':
                    if (--depth_ > 1) break;
                    {
                        // The list closes: its last element, unless it is empty.
                        const std::size_t end = scan_;
                        mode_ = Mode::AfterList;
                        ++depth_;  // the ']' is scanned again as part of the document
                        kept_ = end;
                        cutBytes_ = offset_ + static_cast<qint64>(end) - cutBytes_;
                        cutLines_ = line_ - cutLines_;
                        const std::string_view element =
                            text.substr(elementStart_, end - elementStart_);
                        if (elements_ == 0 && isBlankJson(element)) break;
                        return parseElement(end, tape, line);
                    }
                case ',':
                    if (depth_ == 2) {
                        const std::size_t end = scan_++;
                        const bool parsed = parseElement(end, tape, line);
                        elementStart_ = scan_;
                        elementLine_ = line_;
                        return parsed;
                    }
                    break;
                default:
                    break;
            }
            if (mode_ != Mode::InList) break;
        }
        if (mode_ != Mode::InList) continue;
        if (atEnd_) {
            const std::string_view element = text.substr(elementStart_);
            // Parsing what there is, if anything, says where it breaks off.
            if (!isBlankJson(element) && !parseElement(text.size(), tape, line)) return false;
            return failAt(elementStart_, elementLine_, text.size(),
                          QStringLiteral("the text ends inside a list (cut short?)"));
        }
        if (!fill()) return false;
    }
    return false;
}

bool JsonArrayStream::parseElement(std::size_t end, JsonTape* tape, std::int64_t* line) {
    const std::string_view element =
        std::string_view(buffer_).substr(elementStart_, end - elementStart_);
    JsonTape::ParseError parseError;
    if (!tape->parse(element, &parseError))
        return failAt(elementStart_, elementLine_, elementStart_ + parseError.offset,
                      parseError.reason);
    ++elements_;
    const std::size_t first = element.find_first_not_of(" \t\r\n");
    *line = elementLine_ + countLines(element.substr(0, first));
    return true;
}

// Scans the document outside the list for the list's start ('[' as the value of the key at
// depth 1) or the end of what has been read.
void JsonArrayStream::scanDocument() {
    const std::string_view text(buffer_);
    for (; scan_ < checked_; ++scan_) {
        const char c = text[scan_];
        if (c == '\n') ++line_;
        if (withinString(c)) {
            if (inString_ && depth_ == 1 && lastString_.size() <= kMaxKeyBytes)
                lastString_.push_back(c);
            continue;
        }
        if (isJsonSpace(c)) continue;
        const bool valueOfKey = keyFollows_;
        keyFollows_ = false;
        switch (c) {
            case '"':
                inString_ = true;
                if (depth_ == 1) lastString_.clear();
                break;
            case ':':
                keyFollows_ = depth_ == 1;
                break;
            case '[':
                if (depth_ == 1 && valueOfKey && mode_ == Mode::Document && lastString_ == key_) {
                    // The list: its elements are taken out of the rest of the document.
                    ++scan_;
                    keepRest(scan_);
                    cutAt_ = rest_.size();
                    cutBytes_ = offset_ + static_cast<qint64>(scan_);
                    cutLines_ = line_;
                    mode_ = Mode::InList;
                    depth_ = 2;
                    elementStart_ = scan_;
                    elementLine_ = line_;
                    return;
                }
                ++depth_;
                break;
            case '{':
                ++depth_;
                break;
            case '}':
            case ']':
                --depth_;
                break;
            default:
                break;
        }
    }
}

Status JsonArrayStream::finish(JsonTape* rest) {
    if (!error_.isEmpty()) return Error{error_};
    if (isBlankJson(rest_)) return Error{source_.path() + QStringLiteral(": the file is empty")};
    JsonTape::ParseError parseError;
    if (!rest->parse(rest_, &parseError)) {
        qint64 at = static_cast<qint64>(parseError.offset);
        if (parseError.offset >= cutAt_) at += cutBytes_;
        return Error{formatMessage(QStringLiteral("%1:%2: not valid JSON (%3, at byte %4)"),
                                   source_.path(), restLineOf(parseError.offset), parseError.reason,
                                   at + source_.droppedBytes())};
    }
    return {};
}

std::int64_t JsonArrayStream::restLineOf(std::size_t offset) const {
    offset = std::min(offset, rest_.size());
    std::int64_t line = 1 + countLines(std::string_view(rest_).substr(0, offset));
    if (offset >= cutAt_) line += cutLines_;
    return line;
}

}  // namespace annealer
