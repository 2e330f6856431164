#include "run/parsing/JsonTape.h"

#include "MessageText.h"

#include <charconv>
#include <cmath>
#include <limits>

namespace annealer {
namespace {

constexpr std::size_t kTickBytes = 4 << 20;
// Deeper nesting than any log needs; the limit keeps garbage such as "[[[[..." from exhausting
// the stack.
constexpr int kMaxDepth = 512;

bool isJsonSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
bool isDigit(char c) {
    return c >= '0' && c <= '9';
}
bool isHex(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
unsigned hexValue(char c) {
    if (isDigit(c)) return static_cast<unsigned>(c - '0');
    if (c >= 'a' && c <= 'f') return static_cast<unsigned>(c - 'a' + 10);
    return static_cast<unsigned>(c - 'A' + 10);
}

class Parser {
public:
    Parser(std::string_view text, std::vector<JsonTape::Node>& nodes, JsonTape::ParseError* error,
           const std::function<bool(std::size_t)>& tick)
        : begin_(text.data()),
          p_(text.data()),
          end_(text.data() + text.size()),
          nodes_(nodes),
          error_(error),
          tick_(tick) {}

    bool parseDocument() {
        skipSpace();
        if (p_ == end_) return fail(QStringLiteral("no JSON value (the text is empty)"));
        if (!value(0)) return false;
        skipSpace();
        if (p_ != end_) return fail(QStringLiteral("more text after the JSON value"));
        return true;
    }

private:
    std::size_t offset() const { return static_cast<std::size_t>(p_ - begin_); }

    bool fail(const QString& reason) {
        error_->offset = offset();
        error_->reason = reason;
        return false;
    }
    bool failEnd(const char* inside) {
        return fail(
            QStringLiteral("the text ends inside %1 (cut short?)").arg(QLatin1String(inside)));
    }

    void skipSpace() {
        while (p_ != end_ && isJsonSpace(*p_)) ++p_;
    }

    bool matchWord(std::string_view word) {
        if (static_cast<std::size_t>(end_ - p_) < word.size() ||
            std::string_view(p_, word.size()) != word) {
            return false;
        }
        p_ += word.size();
        return true;
    }

    std::size_t push(JsonTape::Kind kind, const char* start) {
        JsonTape::Node node;
        node.kind = kind;
        node.offset = static_cast<std::size_t>(start - begin_);
        nodes_.push_back(node);
        return nodes_.size() - 1;
    }

    void close(std::size_t index, const char* start) {
        nodes_[index].end = nodes_.size();
        nodes_[index].length = static_cast<std::size_t>(p_ - start);
    }

    bool value(int depth) {
        if (tick_ && offset() >= nextTick_) {
            nextTick_ = offset() + kTickBytes;
            if (!tick_(offset())) {
                error_->cancelled = true;
                return fail(QStringLiteral("cancelled"));
            }
        }
        if (p_ == end_) return failEnd("a value");
        const char* start = p_;
        switch (*p_) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return string();
            case 't':
            case 'f':
            case 'n': {
                JsonTape::Kind kind = JsonTape::Kind::Null;
                if (matchWord("true")) {
                    kind = JsonTape::Kind::True;
                } else if (matchWord("false")) {
                    kind = JsonTape::Kind::False;
                } else if (!matchWord("null")) {
                    return fail(QStringLiteral("unexpected text (not a JSON value)"));
                }
                close(push(kind, start), start);
                return true;
            }
            default:
                return number();
        }
    }

    bool number() {
        const char* start = p_;
        const std::size_t index = push(JsonTape::Kind::Number, start);
        double value = 0;
        // The Python spellings are tried only where a digit cannot start.
        const bool word = *p_ == 'N' || *p_ == 'I' || (*p_ == '-' && end_ - p_ > 1 && p_[1] == 'I');
        if (word && matchWord("NaN")) {
            value = std::numeric_limits<double>::quiet_NaN();
        } else if (word && matchWord("Infinity")) {
            value = std::numeric_limits<double>::infinity();
        } else if (word && matchWord("-Infinity")) {
            value = -std::numeric_limits<double>::infinity();
        } else {
            // The JSON grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
            if (p_ != end_ && *p_ == '-') ++p_;
            if (p_ == end_ && p_ != start) return failEnd("a number");
            if (p_ == end_ || !isDigit(*p_)) {
                p_ = start;
                nodes_.pop_back();
                return p_ == end_ ? failEnd("a value")
                                  : fail(QStringLiteral("unexpected text (not a JSON value)"));
            }
            if (*p_ == '0') {
                ++p_;
            } else {
                while (p_ != end_ && isDigit(*p_)) ++p_;
            }
            if (p_ != end_ && *p_ == '.') {
                ++p_;
                if (p_ == end_) return failEnd("a number");
                if (!isDigit(*p_))
                    return fail(QStringLiteral("a digit must follow the decimal point"));
                while (p_ != end_ && isDigit(*p_)) ++p_;
            }
            bool negativeExponent = false;
            if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
                ++p_;
                if (p_ != end_ && (*p_ == '+' || *p_ == '-')) negativeExponent = *p_++ == '-';
                if (p_ == end_) return failEnd("a number");
                if (!isDigit(*p_))
                    return fail(QStringLiteral("a digit must follow the exponent mark"));
                while (p_ != end_ && isDigit(*p_)) ++p_;
            }
            const auto [ptr, ec] = std::from_chars(start, p_, value);
            if (ec == std::errc::result_out_of_range) {
                // Too small is zero; too large is beyond any double and kept out as infinite.
                const bool negative = *start == '-';
                value = negativeExponent ? (negative ? -0.0 : 0.0)
                                         : (negative ? -std::numeric_limits<double>::infinity()
                                                     : std::numeric_limits<double>::infinity());
            } else if (ec != std::errc() || ptr != p_) {
                return fail(QStringLiteral("not a number"));
            }
        }
        nodes_[index].number = value;
        close(index, start);
        return true;
    }

    bool string() {
        ++p_;  // the opening quote
        const char* start = p_;
        const std::size_t index = push(JsonTape::Kind::String, start);
        bool escaped = false;
        for (;;) {
            if (p_ == end_) return failEnd("a string");
            const char c = *p_;
            if (c == '"') break;
            if (static_cast<unsigned char>(c) < 0x20) {
                return fail(
                    QStringLiteral("a control character (such as a line break) inside a "
                                   "string"));
            }
            if (c == '\\') {
                escaped = true;
                ++p_;
                if (p_ == end_) return failEnd("a string");
                const char e = *p_;
                if (e == 'u') {
                    for (int k = 0; k < 4; ++k) {
                        ++p_;
                        if (p_ == end_) return failEnd("a string");
                        if (!isHex(*p_))
                            return fail(QStringLiteral("a bad \\u escape in a string"));
                    }
                } else if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' &&
                           e != 'r' && e != 't') {
                    return fail(QStringLiteral("an unknown escape in a string"));
                }
            }
            ++p_;
        }
        nodes_[index].escaped = escaped;
        close(index, start);
        ++p_;  // the closing quote
        return true;
    }

    bool array(int depth) {
        if (depth >= kMaxDepth) return fail(QStringLiteral("nested too deeply"));
        const char* start = p_;
        const std::size_t index = push(JsonTape::Kind::Array, start);
        ++p_;
        skipSpace();
        if (p_ != end_ && *p_ == ']') {
            ++p_;
            close(index, start);
            return true;
        }
        for (;;) {
            if (!value(depth + 1)) return false;
            skipSpace();
            if (p_ == end_) return failEnd("a list");
            if (*p_ == ']') break;
            if (*p_ != ',') return fail(QStringLiteral("expected ',' or ']' in a list"));
            ++p_;
            skipSpace();
        }
        ++p_;
        close(index, start);
        return true;
    }

    bool object(int depth) {
        if (depth >= kMaxDepth) return fail(QStringLiteral("nested too deeply"));
        const char* start = p_;
        const std::size_t index = push(JsonTape::Kind::Object, start);
        ++p_;
        skipSpace();
        if (p_ != end_ && *p_ == '}') {
            ++p_;
            close(index, start);
            return true;
        }
        for (;;) {
            if (p_ == end_) return failEnd("an object");
            if (*p_ != '"')
                return fail(QStringLiteral("expected a key (a string in double quotes)"));
            if (!string()) return false;
            skipSpace();
            if (p_ == end_) return failEnd("an object");
            if (*p_ != ':') return fail(QStringLiteral("expected ':' after a key"));
            ++p_;
            skipSpace();
            if (!value(depth + 1)) return false;
            skipSpace();
            if (p_ == end_) return failEnd("an object");
            if (*p_ == '}') break;
            if (*p_ != ',') return fail(QStringLiteral("expected ',' or '}' in an object"));
            ++p_;
            skipSpace();
        }
        ++p_;
        close(index, start);
        return true;
    }

    const char* begin_;
    const char* p_;
    const char* end_;
    std::vector<JsonTape::Node>& nodes_;
    JsonTape::ParseError* error_;
    const std::function<bool(std::size_t)>& tick_;
    std::size_t nextTick_ = kTickBytes;
};

void appendUtf8(std::string& out, unsigned code) {
    if (code < 0x80) {
        out.push_back(static_cast<char>(code));
    } else if (code < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (code >> 6)));
        out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else if (code < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (code >> 12)));
        out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (code >> 18)));
        out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    }
}

}  // namespace

bool JsonTape::parse(std::string_view text, ParseError* error,
                     const std::function<bool(std::size_t)>& tick) {
    text_ = text;
    nodes_.clear();
    // Log JSON holds a value every 10 to 20 bytes; reserving spares most regrowth copies.
    nodes_.reserve(text.size() / 16 + 4);
    Parser parser(text, nodes_, error, tick);
    if (parser.parseDocument()) return true;
    nodes_.clear();
    return false;
}

std::string_view JsonTape::raw(std::size_t i) const {
    return text_.substr(nodes_[i].offset, nodes_[i].length);
}

std::string JsonTape::stringValue(std::size_t i) const {
    const std::string_view s = raw(i);
    if (!nodes_[i].escaped) return std::string(s);
    std::string out;
    out.reserve(s.size());
    // The parser has checked every escape, so none runs past the end here.
    for (std::size_t k = 0; k < s.size(); ++k) {
        if (s[k] != '\\') {
            out.push_back(s[k]);
            continue;
        }
        const char e = s[++k];
        switch (e) {
            case 'b':
                out.push_back('\b');
                break;
            case 'f':
                out.push_back('\f');
                break;
            case 'n':
                out.push_back('\n');
                break;
            case 'r':
                out.push_back('\r');
                break;
            case 't':
                out.push_back('\t');
                break;
            case 'u': {
                auto hex4 = [&s](std::size_t at) {
                    unsigned code = 0;
                    for (std::size_t j = 0; j < 4; ++j) code = code * 16 + hexValue(s[at + j]);
                    return code;
                };
                unsigned code = hex4(k + 1);
                k += 4;
                if (code >= 0xD800 && code <= 0xDBFF && k + 6 < s.size() && s[k + 1] == '\\' &&
                    s[k + 2] == 'u') {
                    const unsigned low = hex4(k + 3);
                    if (low >= 0xDC00 && low <= 0xDFFF) {
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                        k += 6;
                    }
                }
                if (code >= 0xD800 && code <= 0xDFFF) code = 0xFFFD;  // a lone surrogate
                appendUtf8(out, code);
                break;
            }
            default:
                out.push_back(e);  // '"', '\\' and '/'
        }
    }
    return out;
}

std::size_t JsonTape::childCount(std::size_t i) const {
    std::size_t count = 0;
    for (std::size_t c = firstChild(i); c < childrenEnd(i); c = next(c)) ++count;
    return nodes_[i].kind == Kind::Object ? count / 2 : count;
}

std::size_t JsonTape::member(std::size_t object, std::string_view key) const {
    if (nodes_[object].kind != Kind::Object) return npos;
    for (std::size_t k = firstChild(object); k < childrenEnd(object); k = next(k + 1)) {
        if (nodes_[k].escaped ? stringValue(k) == key : raw(k) == key) return k + 1;
    }
    return npos;
}

QString JsonTape::kindName(Kind kind) {
    switch (kind) {
        case Kind::Null:
            return QStringLiteral("null");
        case Kind::False:
        case Kind::True:
            return QStringLiteral("a true/false value");
        case Kind::Number:
            return QStringLiteral("a number");
        case Kind::String:
            return QStringLiteral("a string");
        case Kind::Array:
            return QStringLiteral("a list");
        case Kind::Object:
            return QStringLiteral("an object");
    }
    return {};
}

}  // namespace annealer
