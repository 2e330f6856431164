#include "run/readers/DelimitedTextReader.h"

#include "MessageText.h"
#include "run/parsing/TextCheck.h"

#include "run/parsing/LogText.h"
#include "run/RunAssembly.h"
#include "run/parsing/TextSource.h"

#include <QFile>
#include <QFileInfo>
#include <QStringList>

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace annealer {
namespace {

enum class Delimiter { Comma, Tab, Semicolon, Whitespace };

QString delimiterName(Delimiter d) {
    switch (d) {
        case Delimiter::Comma:
            return QStringLiteral("comma");
        case Delimiter::Tab:
            return QStringLiteral("tab");
        case Delimiter::Semicolon:
            return QStringLiteral("semicolon");
        case Delimiter::Whitespace:
            return QStringLiteral("whitespace");
    }
    return {};
}

char delimiterChar(Delimiter d) {
    switch (d) {
        case Delimiter::Comma:
            return ',';
        case Delimiter::Tab:
            return '\t';
        case Delimiter::Semicolon:
            return ';';
        case Delimiter::Whitespace:
            return ' ';
    }
    return ',';
}

constexpr std::size_t kNotFound = static_cast<std::size_t>(-1);

bool isBlankChar(char c) {
    return c == ' ' || c == '\t';
}
bool isLineEnd(char c) {
    return c == '\n' || c == '\r';
}

// One cell of a record: its text, inside the quotes if it was quoted.
struct Cell {
    std::string_view text;
    bool escapedQuotes = false;  // text holds "" pairs that each stand for one quote
};

std::string cellBytes(const Cell& cell) {
    if (!cell.escapedQuotes) return std::string(cell.text);
    std::string out;
    out.reserve(cell.text.size());
    for (std::size_t i = 0; i < cell.text.size(); ++i) {
        out.push_back(cell.text[i]);
        if (cell.text[i] == '"' && i + 1 < cell.text.size() && cell.text[i + 1] == '"') ++i;
    }
    return out;
}

QString cellString(const Cell& cell) {
    return QString::fromUtf8(cellBytes(cell));
}

// A cell as quoted in a message, cut short if long.
QString quotedForMessage(const Cell& cell) {
    return quotedText(cellBytes(cell));
}

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && isBlankChar(s.front())) s.remove_prefix(1);
    while (!s.empty() && isBlankChar(s.back())) s.remove_suffix(1);
    return s;
}

// A cell's number, blanks around it allowed (LogText's parseNumber).
NumberParse parseDouble(std::string_view s, double* value) {
    return parseNumber(trimmed(s), value);
}

// Splits the text into records (rows). Quoted cells may hold delimiters, line breaks and
// doubled quotes. Records with only blank cells (blank lines) are skipped.
//
// The text may be a piece of a longer file: unless `atEnd`, a record that runs into the end of
// the piece is not taken (NeedMore) and the parser stays at its start, so that the caller can
// append the next piece and call setText() again. Line numbers carry over.
class RecordParser {
public:
    enum class Outcome { Record, End, NeedMore, UnclosedQuote, TextAfterQuote };

    RecordParser(std::int64_t firstLine, Delimiter delimiter)
        : delim_(delimiterChar(delimiter)),
          whitespace_(delimiter == Delimiter::Whitespace),
          line_(firstLine) {}

    RecordParser(std::string_view text, std::int64_t firstLine, Delimiter delimiter)
        : RecordParser(firstLine, delimiter) {
        setText(text, true);
    }

    // The text from where the parser stands on, and whether it runs to the end of the file.
    void setText(std::string_view text, bool atEnd) {
        begin_ = text.data();
        p_ = begin_;
        end_ = begin_ + text.size();
        atEnd_ = atEnd;
    }
    // Bytes of the text consumed by the records returned so far.
    std::size_t consumed() const { return static_cast<std::size_t>(p_ - begin_); }

    Outcome next(std::vector<Cell>& cells) {
        for (;;) {
            cells.clear();
            if (p_ == end_) return atEnd_ ? Outcome::End : Outcome::NeedMore;
            const char* start = p_;
            const std::int64_t startLine = line_;
            recordLine_ = line_;
            const Outcome outcome = whitespace_ ? readWhitespaceRecord(cells) : readRecord(cells);
            // A record that reaches the end of a piece may go on in the next one (a quote
            // closed there, the '\n' of a "\r\n", more digits of its last cell).
            const bool cut =
                outcome == Outcome::UnclosedQuote || (outcome == Outcome::Record && p_ == end_);
            if (cut && !atEnd_) {
                p_ = start;
                line_ = startLine;
                return Outcome::NeedMore;
            }
            if (outcome != Outcome::Record) return outcome;
            for (const Cell& cell : cells) {
                if (!cell.text.empty()) return Outcome::Record;
            }
        }
    }

    // The line the last record started on (1-based), and the line the parser is on now.
    std::int64_t recordLine() const { return recordLine_; }
    std::int64_t line() const { return line_; }

private:
    bool isPadding(char c) const { return c == ' ' || (c == '\t' && delim_ != '\t'); }

    void consumeLineEnd() {
        if (p_ == end_) return;
        if (*p_ == '\r') {
            ++p_;
            if (p_ != end_ && *p_ == '\n') ++p_;
        } else {
            ++p_;
        }
        ++line_;
    }

    // At an opening quote: reads up to the closing one.
    bool readQuoted(Cell& cell) {
        ++p_;
        const char* start = p_;
        for (;;) {
            if (p_ == end_) return false;
            const char c = *p_;
            if (c == '"') {
                if (p_ + 1 != end_ && p_[1] == '"') {
                    cell.escapedQuotes = true;
                    p_ += 2;
                    continue;
                }
                break;
            }
            if (c == '\n' || (c == '\r' && !(p_ + 1 != end_ && p_[1] == '\n'))) ++line_;
            ++p_;
        }
        cell.text = std::string_view(start, static_cast<std::size_t>(p_ - start));
        ++p_;
        return true;
    }

    Outcome readRecord(std::vector<Cell>& cells) {
        const char delim = delim_;
        for (;;) {
            while (p_ != end_ && isPadding(*p_)) ++p_;
            Cell cell;
            if (p_ != end_ && *p_ == '"') {
                if (!readQuoted(cell)) return Outcome::UnclosedQuote;
                while (p_ != end_ && isPadding(*p_)) ++p_;
                if (p_ != end_ && *p_ != delim && !isLineEnd(*p_)) return Outcome::TextAfterQuote;
            } else {
                const char* start = p_;
                const char* p = p_;
                const char* end = end_;
                while (p != end && *p != delim && *p != '\n' && *p != '\r') ++p;
                p_ = p;
                while (p != start && isPadding(p[-1])) --p;
                cell.text = std::string_view(start, static_cast<std::size_t>(p - start));
            }
            cells.push_back(cell);
            if (p_ != end_ && *p_ == delim) {
                ++p_;
                continue;
            }
            consumeLineEnd();
            return Outcome::Record;
        }
    }

    Outcome readWhitespaceRecord(std::vector<Cell>& cells) {
        for (;;) {
            while (p_ != end_ && isBlankChar(*p_)) ++p_;
            if (p_ == end_ || isLineEnd(*p_)) {
                consumeLineEnd();
                return Outcome::Record;
            }
            Cell cell;
            if (*p_ == '"') {
                if (!readQuoted(cell)) return Outcome::UnclosedQuote;
                if (p_ != end_ && !isBlankChar(*p_) && !isLineEnd(*p_)) {
                    return Outcome::TextAfterQuote;
                }
            } else {
                const char* start = p_;
                while (p_ != end_ && !isBlankChar(*p_) && !isLineEnd(*p_)) ++p_;
                cell.text = std::string_view(start, static_cast<std::size_t>(p_ - start));
            }
            cells.push_back(cell);
        }
    }

    const char* begin_ = nullptr;
    const char* p_ = nullptr;
    const char* end_ = nullptr;
    bool atEnd_ = true;
    char delim_;
    bool whitespace_;
    std::int64_t line_;
    std::int64_t recordLine_ = 0;
};

// Per line: how often each delimiter occurs outside quotes, and how many whitespace-separated
// fields there are.
struct LineCounts {
    std::array<int, 3> chars{};  // comma, tab, semicolon
    int fields = 0;
};

// Counts over the first lines from `text` on (the header first), skipping blank lines.
std::vector<LineCounts> countDelimiters(std::string_view text, int maxLines) {
    std::vector<LineCounts> lines;
    const char* p = text.data();
    const char* end = p + text.size();
    while (p != end && static_cast<int>(lines.size()) < maxLines) {
        LineCounts counts;
        bool inQuotes = false;
        bool inField = false;
        for (; p != end; ++p) {
            const char c = *p;
            if (c == '"') inQuotes = !inQuotes;
            if (inQuotes) {
                if (!inField) ++counts.fields;
                inField = true;
                continue;
            }
            if (isLineEnd(c)) break;
            if (c == ',') ++counts.chars[0];
            if (c == '\t') ++counts.chars[1];
            if (c == ';') ++counts.chars[2];
            if (isBlankChar(c)) {
                inField = false;
            } else if (!inField) {
                inField = true;
                ++counts.fields;
            }
        }
        if (p != end) ++p;  // a "\r\n" leaves a blank line behind, which is skipped
        if (counts.fields > 0) lines.push_back(counts);
    }
    return lines;
}

// The delimiter that splits every sampled line into the same number of cells; if none does, the
// most frequent one in the header (so that the ragged row is then reported by line).
Delimiter sniffDelimiter(const std::vector<LineCounts>& lines) {
    static constexpr std::array<Delimiter, 3> kChars = {Delimiter::Comma, Delimiter::Tab,
                                                        Delimiter::Semicolon};
    if (lines.empty()) return Delimiter::Comma;
    int bestCount = 0;
    Delimiter best = Delimiter::Comma;
    // Tab first: a tab-separated file may well hold commas in its (consistent) header names.
    for (int k : {1, 0, 2}) {
        const int count = lines.front().chars[static_cast<std::size_t>(k)];
        bool consistent = count > 0;
        for (const LineCounts& line : lines) {
            consistent = consistent && line.chars[static_cast<std::size_t>(k)] == count;
        }
        if (consistent && count > bestCount) {
            bestCount = count;
            best = kChars[static_cast<std::size_t>(k)];
        }
    }
    if (bestCount > 0) return best;
    const int fields = lines.front().fields;
    bool wsConsistent = fields > 1;
    for (const LineCounts& line : lines) wsConsistent = wsConsistent && line.fields == fields;
    if (wsConsistent) return Delimiter::Whitespace;
    for (int k : {1, 0, 2}) {
        const int count = lines.front().chars[static_cast<std::size_t>(k)];
        if (count > bestCount) {
            bestCount = count;
            best = kChars[static_cast<std::size_t>(k)];
        }
    }
    if (bestCount > 0) return best;
    return fields > 1 ? Delimiter::Whitespace : Delimiter::Comma;
}

// Skips blank lines and '#' comment lines; returns the offset of the first other line and
// advances *line to its number.
std::size_t skipPreamble(std::string_view text, std::int64_t* line) {
    std::size_t i = 0;
    const std::size_t n = text.size();
    while (i < n) {
        std::size_t j = i;
        while (j < n && isBlankChar(text[j])) ++j;
        const bool comment = j < n && text[j] == '#';
        if (!comment && j < n && !isLineEnd(text[j])) return i;
        while (j < n && !isLineEnd(text[j])) ++j;
        if (j < n && text[j] == '\r' && j + 1 < n && text[j + 1] == '\n') ++j;
        if (j < n) ++j;
        ++*line;
        i = j;
    }
    return n;
}

// Skips blank lines and '#' comment lines from *offset on, as skipPreamble does, in a piece of
// the file. True when it stopped at the first other line (or at the end of the file); false when
// the piece ends inside a blank or comment line (or between the '\r' and '\n' of its end), which
// the next piece must complete. *offset and *line are left at the first line not yet skipped.
bool skipPreambleLines(std::string_view text, bool atEnd, std::size_t* offset, std::int64_t* line) {
    std::size_t i = *offset;
    const std::size_t n = text.size();
    while (i < n) {
        std::size_t j = i;
        while (j < n && isBlankChar(text[j])) ++j;
        const bool comment = j < n && text[j] == '#';
        if (!comment && j < n && !isLineEnd(text[j])) break;
        while (j < n && !isLineEnd(text[j])) ++j;
        if (!atEnd && (j == n || (text[j] == '\r' && j + 1 == n))) break;
        if (j < n && text[j] == '\r' && j + 1 < n && text[j + 1] == '\n') ++j;
        if (j < n) ++j;
        ++*line;
        i = j;
    }
    *offset = i;
    if (i < n) {
        const std::size_t j = text.find_first_not_of(" \t", i);
        return j != std::string_view::npos && text[j] != '#' && !isLineEnd(text[j]);
    }
    return atEnd;
}

bool isNumberText(std::string_view s) {
    double value = 0;
    return parseDouble(s, &value) != NumberParse::NotANumber;
}

struct Column {
    QString name;
    std::vector<std::int64_t> steps;
    std::vector<double> values;
    QString problem;  // non-empty: left out, and why
};

// Reads the file a piece at a time: the text not yet parsed (a partial record at most, plus the
// new piece) is all that is held, besides the series of each column.
class Parser {
public:
    Parser(const QString& path, const LogReadOptions& options)
        : path_(path), options_(options), source_(path) {}

    Result<LogContents> parse() {
        if (Status s = source_.open(); !s) return fail(s.error());
        if (options_.progress && !options_.progress(0.0)) return cancelled();

        // Blank and comment lines before the header.
        std::int64_t line = 1;
        for (;;) {
            std::size_t offset = 0;
            const bool found = skipPreambleLines(rest(), atEnd_, &offset, &line);
            pos_ += offset;
            if (found || atEnd_) break;
            if (Status s = fill(); !s) return fail(s.error());
        }
        if (rest().empty()) {
            if (!sawText_) return fail(QStringLiteral("%1: the file is empty").arg(path_));
            return fail(QStringLiteral("%1: no header row (the file holds only blank or comment "
                                       "lines)")
                            .arg(path_));
        }

        // The delimiter, from the header and the lines after it (50 in all, as many as there are
        // in a shorter file).
        constexpr int kSniffLines = 50;
        std::vector<LineCounts> sample;
        for (;;) {
            std::string_view text = rest();
            if (!atEnd_) text = text.substr(0, text.find_last_of("\r\n") + 1);
            sample = countDelimiters(text, kSniffLines + 1);  // the last one may be cut short
            if (static_cast<int>(sample.size()) > kSniffLines || atEnd_ ||
                buffer_.size() - pos_ > kMaxSniffBytes) {
                break;
            }
            if (Status s = fill(); !s) return fail(s.error());
        }
        if (static_cast<int>(sample.size()) > kSniffLines) sample.resize(kSniffLines);
        const Delimiter delimiter = sniffDelimiter(sample);
        RecordParser records(line, delimiter);
        records.setText(rest(), atEnd_);
        std::vector<Cell> cells;

        // Header.
        auto outcome = nextRecord(records, cells);
        if (outcome == RecordParser::Outcome::NeedMore) return fail(error_);
        if (outcome != RecordParser::Outcome::Record) return recordError(outcome, records);
        const std::int64_t headerLine = records.recordLine();
        bool allNumbers = true;
        for (const Cell& cell : cells) allNumbers = allNumbers && isNumberText(cell.text);
        if (allNumbers) {
            return fail(
                formatMessage(QStringLiteral("%1:%2: the first row holds numbers, not column names "
                                             "(a header row with the column names is needed)"),
                              path_, headerLine));
        }
        if (cells.size() < 2) {
            return fail(formatMessage(
                QStringLiteral("%1:%2: the header has a single column ('%3'); columns must "
                               "be separated by commas, tabs, semicolons or spaces"),
                path_, headerLine, quotedForMessage(cells.front())));
        }
        columns_.resize(cells.size());
        for (std::size_t j = 0; j < cells.size(); ++j) {
            QString name = cellString(cells[j]).trimmed();
            if (name.isEmpty()) name = QStringLiteral("column %1").arg(j + 1);
            columns_[j].name = name;
        }
        const auto stepColumn = findStepColumn();
        if (!stepColumn.ok()) return fail(stepColumn.error());
        const std::size_t stepCol = *stepColumn;

        // Data rows.
        std::int64_t previousStep = -1;
        const std::size_t columnCount = columns_.size();
        while ((outcome = nextRecord(records, cells)) == RecordParser::Outcome::Record) {
            const std::int64_t at = records.recordLine();
            if (cells.size() != columnCount) {
                return fail(formatMessage(
                    QStringLiteral("%1:%2: %3 cells, but the header (line %4) has %5 columns"),
                    path_, at, cells.size(), headerLine, columnCount));
            }
            const Cell& stepCell = cells[stepCol];
            // A row without a step cannot be placed; such rows hold nothing a run can use.
            if (trimmed(stepCell.text).empty()) continue;
            std::int64_t step = 0;
            if (Status s = parseStep(stepCell, at, &step); !s) return fail(s.error());
            if (step < previousStep) {
                return fail(formatMessage(
                    QStringLiteral("%1:%2: step %3 comes after step %4 (steps must increase)"),
                    path_, at, step, previousStep));
            }
            for (std::size_t j = 0; j < columnCount; ++j) {
                if (j == stepCol) continue;
                Column& column = columns_[j];
                const Cell& cell = cells[j];
                if (!column.problem.isEmpty() || cell.text.empty()) continue;
                double value = 0;
                const NumberParse parsed =
                    cell.escapedQuotes ? NumberParse::NotANumber : parseDouble(cell.text, &value);
                if (parsed == NumberParse::NotANumber) {
                    if (trimmed(cell.text).empty()) continue;
                    leaveOut(column, formatMessage(
                                         QStringLiteral("%1:%2: column '%3': '%4' is not a number"),
                                         path_, at, column.name, quotedForMessage(cell)));
                    continue;
                }
                if (parsed == NumberParse::OutOfRange || !std::isfinite(value)) {
                    leaveOut(column,
                             formatMessage(
                                 QStringLiteral("%1:%2: column '%3': %4 is not a finite number"),
                                 path_, at, column.name, quotedForMessage(cell).trimmed()));
                    continue;
                }
                if (!column.steps.empty() && column.steps.back() == step) {
                    // Loggers such as Lightning's CSVLogger write the training and validation
                    // metrics of one step on separate rows; those rows are merged.
                    if (column.values.back() == value) continue;
                    return fail(formatMessage(
                        QStringLiteral("%1:%2: step %3 is repeated with another value of '%4' "
                                       "(steps must increase)"),
                        path_, at, step, column.name));
                }
                column.steps.push_back(step);
                column.values.push_back(value);
            }
            previousStep = step;
            ++rows_;
        }
        if (outcome == RecordParser::Outcome::NeedMore) return fail(error_);
        if (outcome != RecordParser::Outcome::End) return recordError(outcome, records);
        if (rows_ == 0) {
            return fail(
                formatMessage(QStringLiteral("%1: only a header row (line %2), no data rows"),
                              path_, headerLine));
        }
        if (options_.progress && !options_.progress(1.0)) return cancelled();

        LogContents contents;
        contents.source = path_;
        contents.format = QStringLiteral("delimited text (%1)").arg(delimiterName(delimiter));
        LogRun run;
        run.name = QFileInfo(path_).completeBaseName();
        run.epochAxis = isEpochName(columns_[stepCol].name);
        for (std::size_t j = 0; j < columnCount; ++j) {
            if (j == stepCol) continue;
            Column& column = columns_[j];
            if (column.problem.isEmpty()) {
                run.metrics.push_back(MetricSeries{std::move(column.name), std::move(column.steps),
                                                   std::move(column.values)});
            } else {
                run.leftOut.push_back(
                    LeftOutMetric{std::move(column.name), std::move(column.problem)});
            }
        }
        contents.runs.push_back(std::move(run));
        return contents;
    }

private:
    // However long the lines, the delimiter is sniffed from at most this much text.
    static constexpr std::size_t kMaxSniffBytes = 64 << 20;

    static Result<LogContents> fail(const QString& message) { return Error{message}; }
    Result<LogContents> cancelled() const { return fail(path_ + QStringLiteral(": cancelled")); }

    std::string_view rest() const {
        return std::string_view(buffer_.data() + pos_, buffer_.size() - pos_);
    }

    // Drops the text parsed so far, appends the next piece, and checks that it is text.
    Status fill() {
        if (pos_ > 0) {
            buffer_.erase(0, pos_);
            offset_ += pos_;
            checked_ -= pos_;
            pos_ = 0;
        }
        if (atEnd_) return {};
        if (Status s = source_.readMore(buffer_, &atEnd_); !s) return s;

        const std::string_view text(buffer_);
        const std::size_t upTo = atEnd_ ? text.size() : completeUtf8Prefix(text);
        if (!sawText_) {
            sawText_ = text.find_first_not_of(" \t\r\n", checked_) != std::string_view::npos;
        }
        bool isNul = false;
        const std::size_t bad =
            firstNonTextByte(text.substr(checked_, upTo - checked_), false, &isNul);
        if (bad != kAllText) {
            return Error{formatMessage(
                QStringLiteral("%1: not a text file (%2 at byte %3)"), path_,
                isNul ? QStringLiteral("a NUL byte") : QStringLiteral("bytes that are not UTF-8"),
                static_cast<qint64>(offset_ + checked_ + bad) + source_.droppedBytes())};
        }
        checked_ = upTo;
        reserveColumns();
        if (options_.progress && source_.size() > 0 &&
            !options_.progress(std::min(1.0, static_cast<double>(source_.bytesRead()) /
                                                 static_cast<double>(source_.size())))) {
            return Error{path_ + QStringLiteral(": cancelled")};
        }
        return {};
    }

    // The next record, reading on as needed. NeedMore here means that reading failed (error_).
    RecordParser::Outcome nextRecord(RecordParser& records, std::vector<Cell>& cells) {
        for (;;) {
            const RecordParser::Outcome outcome = records.next(cells);
            if (outcome != RecordParser::Outcome::NeedMore) return outcome;
            pos_ += records.consumed();
            if (Status s = fill(); !s) {
                error_ = s.error();
                return outcome;
            }
            records.setText(rest(), atEnd_);
        }
    }

    // Once the first piece of rows is in: room for each column's whole series, estimated from
    // that piece, so that the series do not grow by doubling (which would hold up to twice
    // their size, and a copy while they move).
    void reserveColumns() {
        if (reserved_ || rows_ < 1000 || source_.bytesRead() <= 0) return;
        reserved_ = true;
        const double scale =
            static_cast<double>(source_.size()) / static_cast<double>(source_.bytesRead());
        if (!(scale > 1.0)) return;
        for (Column& column : columns_) {
            const double expected = static_cast<double>(column.steps.size()) * scale * 1.02 + 16;
            if (!column.problem.isEmpty() || expected > 4e9) continue;
            column.steps.reserve(static_cast<std::size_t>(expected));
            column.values.reserve(static_cast<std::size_t>(expected));
        }
    }

    static void leaveOut(Column& column, QString problem) {
        column.problem = std::move(problem);
        column.steps = {};
        column.values = {};
    }

    Result<LogContents> recordError(RecordParser::Outcome outcome,
                                    const RecordParser& records) const {
        if (outcome == RecordParser::Outcome::UnclosedQuote) {
            return fail(formatMessage(
                QStringLiteral("%1:%2: a quote (\") opened on this line is never closed"), path_,
                records.recordLine()));
        }
        if (outcome == RecordParser::Outcome::TextAfterQuote) {
            return fail(
                formatMessage(QStringLiteral("%1:%2: text after the closing quote of a cell"),
                              path_, records.line()));
        }
        return fail(QStringLiteral("%1: no header row").arg(path_));
    }

    QString columnList() const {
        QStringList names;
        for (const Column& column : columns_) names << column.name;
        return names.join(QStringLiteral(", "));
    }

    Result<std::size_t> findStepColumn() const {
        auto find = [this](const QString& name, Qt::CaseSensitivity cs) -> std::size_t {
            for (std::size_t j = 0; j < columns_.size(); ++j) {
                if (columns_[j].name.compare(name, cs) == 0) return j;
            }
            return kNotFound;
        };
        if (!options_.stepColumn.isEmpty()) {
            std::size_t j = find(options_.stepColumn, Qt::CaseSensitive);
            if (j == kNotFound) j = find(options_.stepColumn, Qt::CaseInsensitive);
            if (j == kNotFound) {
                return Error{formatMessage(
                    QStringLiteral("%1: no column '%2' (asked for as the step column); "
                                   "the columns are: %3"),
                    path_, options_.stepColumn, columnList())};
            }
            return j;
        }
        const QStringList candidates = stepColumnCandidates();
        for (const QString& candidate : candidates) {
            const std::size_t j = find(candidate, Qt::CaseInsensitive);
            if (j != kNotFound) return j;
        }
        return Error{
            formatMessage(QStringLiteral("%1: no step column (looked for %2); the columns are: %3; "
                                         "name the step column (--step-col)"),
                          path_, candidates.join(QStringLiteral(", ")), columnList())};
    }

    Status parseStep(const Cell& cell, std::int64_t line, std::int64_t* step) const {
        const StepParse parsed = cell.escapedQuotes ? StepParse::NotANumber
                                                    : annealer::parseStep(trimmed(cell.text), step);
        if (parsed == StepParse::Ok) return {};
        return Error{formatMessage(QStringLiteral("%1:%2: %3"), path_, line,
                                   stepProblem(parsed, quotedForMessage(cell)))};
    }

    QString path_;
    const LogReadOptions& options_;
    TextSource source_;
    std::string buffer_;  // text read and not yet parsed (from pos_ on)
    std::size_t pos_ = 0;
    std::size_t offset_ = 0;   // of buffer_[0] in the text
    std::size_t checked_ = 0;  // buffer_ up to here is known to be text
    bool atEnd_ = false;
    bool sawText_ = false;  // anything but blanks and line breaks so far
    bool reserved_ = false;
    QString error_;
    std::int64_t rows_ = 0;
    std::vector<Column> columns_;
};

}  // namespace

QString DelimitedTextReader::formatName() const {
    return QStringLiteral("delimited text");
}

int DelimitedTextReader::confidence(const QString& path, const QByteArray& head) const {
    const QString suffix = QFileInfo(path).suffix().toLower();
    const bool tableSuffix = suffix == QLatin1String("csv") || suffix == QLatin1String("tsv");
    const bool textSuffix = suffix == QLatin1String("txt");

    QByteArray bytes = head;
    if (hasUtf16Bom(bytes)) {
        bytes.truncate(bytes.size() & ~qsizetype(1));  // the head may end inside a code unit
        const auto converted = utf16ToUtf8(bytes);
        if (!converted) return 0;
        bytes = *converted;
    }
    std::string_view text = withoutUtf8Bom(std::string_view(bytes.constData(), bytes.size()));
    bool isNul = false;
    if (firstNonTextByte(text, true, &isNul) != kAllText) return 0;
    if (text.empty()) return tableSuffix ? 10 : 0;

    std::int64_t line = 1;
    text.remove_prefix(skipPreamble(text, &line));
    const std::vector<LineCounts> counts = countDelimiters(text, 1);
    if (counts.empty()) return tableSuffix ? 10 : 1;
    const std::size_t first = text.find_first_not_of(" \t");
    if (text[first] == '{' || text[first] == '[') return 5;  // JSON
    const Delimiter delimiter = sniffDelimiter(counts);

    std::vector<Cell> cells;
    RecordParser records(text, line, delimiter);
    if (records.next(cells) != RecordParser::Outcome::Record || cells.size() < 2) {
        return tableSuffix ? 20 : 5;
    }
    // A header row holds names only; a row with a number in it is data or a console line.
    bool header = true;
    bool stepName = false;
    const QStringList candidates = stepColumnCandidates();
    for (const Cell& cell : cells) {
        header = header && !isNumberText(cell.text);
        stepName = stepName || candidates.contains(cellString(cell).trimmed(), Qt::CaseInsensitive);
    }
    if (!header) return tableSuffix ? 20 : 5;
    // Console logs are whitespace-separated words too; only a step column name makes a
    // whitespace-separated .txt file look like a table.
    const bool clearDelimiter = delimiter != Delimiter::Whitespace || stepName;
    if (tableSuffix || (textSuffix && clearDelimiter)) return 60;
    if (textSuffix) return 35;
    return clearDelimiter ? 40 : 15;
}

Result<LogContents> DelimitedTextReader::read(const QString& path,
                                              const LogReadOptions& options) const {
    Parser parser(path, options);
    return parser.parse();
}

}  // namespace annealer
