#pragma once

#include "Result.h"
#include "run/LogReader.h"
#include "run/LogLimits.h"

#include <QByteArray>
#include <QString>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace annealer {

// Helpers the log readers share: strict numbers, steps, line splitting and
// "name: value | name: value" lists. (Files are read through TextSource, LogLineReader and
// JsonArrayStream.)

Error cancelledError(const QString& path);

// The first bytes of a file (or nothing for a folder or an unreadable file).
QByteArray readHead(const QString& path, qint64 size = 64 * 1024);

// Whether the head of a file holds a NUL byte (binary data or UTF-16 text).
bool hasNulByte(const QByteArray& head);

// The 1-based line of a byte offset.
std::int64_t lineOfOffset(std::string_view text, std::size_t offset);

// Walks the lines of a text; the line break ("\n" or "\r\n") is not part of a line.
class LineCursor {
public:
    explicit LineCursor(std::string_view text) : text_(text) {}
    bool next(std::string_view* line);
    std::int64_t number() const { return number_; }  // of the line last returned
    std::size_t offset() const { return pos_; }      // where the next line starts

private:
    std::string_view text_;
    std::size_t pos_ = 0;
    std::int64_t number_ = 0;
};

std::string_view trimmedView(std::string_view s);
bool isBlank(std::string_view s);
// The offset after the spaces and tabs (or the digits) from `at` on.
std::size_t skipBlanks(std::string_view s, std::size_t at);
std::size_t skipDigits(std::string_view s, std::size_t at);

enum class NumberParse { Ok, NotANumber, OutOfRange };

// The whole of `s` (no blanks around it) as a double; "nan" and "inf" read as such. A leading
// '+' is allowed.
NumberParse parseNumber(std::string_view s, double* value);

enum class StepParse { Ok, NotANumber, NotWhole, Negative, TooLarge };

// Every reader turns file values into steps through the functions below, which refuse what the
// program cannot represent (run/LogLimits.h: whole numbers from 0 to kMaxLogStep).
// A step from a whole number a file holds (a protobuf varint, a JSON integer).
StepParse stepFromInteger(std::int64_t value, std::int64_t* step);
// A step from a number: whole, not negative, at most kMaxLogStep.
StepParse stepFromNumber(double value, std::int64_t* step);
// A step from text: an integer or a whole decimal number ("100", "100.0", "1e3").
StepParse parseStep(std::string_view s, std::int64_t* step);

// The message for a step that did not parse, e.g. "step 'x' is not a number".
QString stepProblem(StepParse problem, const QString& text);

// Text from a log quoted in a message, cut short if long.
QString quotedText(std::string_view s);

struct NameValue {
    std::string_view name;
    std::string_view value;
};

// Splits "a: 1 | b c: 2.5 | ..." at each '|' into trimmed name and value (divided at the first
// ':' of the part, as values such as times may hold one). Parts without a ':' or with an empty
// name are skipped.
void splitNameValues(std::string_view text, std::vector<NameValue>* out);

}  // namespace annealer
