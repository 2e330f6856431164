#pragma once

#include "Result.h"
#include "run/parsing/JsonTape.h"
#include "run/LogContents.h"
#include "run/LogReader.h"

#include <QString>
#include <QStringList>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace annealer {

// What a log that goes back to a step it has logged before means.
enum class RepeatedSteps {
    // A file written once: a step going back, or a metric logged twice at one step with
    // another value, is an error (rows of one step with different metrics are merged; keys
    // starting with '_', W&B's per-call counters, keep the later value).
    Error,
    // A console log appended to by a restarted job: the later values win. A step going back
    // drops what was logged from that step on; a metric logged again at its step is replaced.
    LaterWins,
};

// The values of a log read row by row (JSON Lines, console lines, ...), in file order. Once the
// rows are read, the step key is chosen and each other key becomes a metric of one run; a key
// with text or a non-finite number in it is left out, with the first such value as the reason.
class MetricTable {
public:
    // `what` names a key in messages: "key" for JSON, "metric" for console logs.
    MetricTable(QString path, QString what, RepeatedSteps repeats);

    void beginRow(std::int64_t line);
    // Rows are numbered by the byte offset of their record (binary files), not by line: messages
    // say "file: byte N".
    void numberRowsByByteOffset() { byteOffsets_ = true; }
    // `text` is the value as written, for messages; a non-finite value is kept out.
    void addNumber(std::string_view name, double value, std::string_view text);
    // A value that is not a number.
    void addText(std::string_view name, std::string_view text);
    // The members of a JSON object, nested objects flattened with '/' ("train/loss"). Strings
    // that hold a number count as that number; null and empty strings as not logged.
    void addJsonObject(const JsonTape& tape, std::size_t object);
    // One JSON value (node `value` of the tape) under `name`, as addJsonObject reads members.
    void addJsonValue(const JsonTape& tape, std::size_t value, std::string& name);

    std::size_t rowCount() const { return rowLines_.size(); }

    // The run: the step is the key the user named, else the first of `stepKeys` (any case)
    // present in any row; rows without it are passed over. Notes (restarts) go to `notes`.
    // Called once: the values are let go as the run is made.
    Result<LogRun> finish(const QString& runName, const QStringList& stepKeys,
                          const QString& userStepKey, QStringList* notes);

private:
    struct Bad {
        std::size_t row = 0;
        std::string text;
        bool notANumber = false;  // else a number that is not finite
    };
    struct Column {
        std::string name;
        std::vector<std::size_t> rows;
        std::vector<double> values;
        std::vector<Bad> bads;  // RepeatedSteps::Error keeps the first only
    };
    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const {
            return std::hash<std::string_view>{}(s);
        }
    };

    Column& column(std::string_view name);
    void addBad(Column& column, std::string_view text, bool notANumber);
    void addJsonMembers(const JsonTape& tape, std::size_t object, std::string& name);
    QString columnList() const;
    QString lineRef(std::size_t row) const;
    QString badProblem(const Column& column, const Bad& bad) const;

    QString path_;
    QString what_;
    RepeatedSteps repeats_;
    bool byteOffsets_ = false;
    std::vector<Column> columns_;
    std::unordered_map<std::string, std::size_t, Hash, std::equal_to<>> index_;
    // The column of the k-th value of the last row: rows mostly repeat their keys in the same
    // order, so most lookups are one string compare.
    std::vector<std::size_t> hints_;
    std::size_t position_ = 0;
    std::vector<std::int64_t> rowLines_;
};

// A value as printed in a console log ("5.123E+00", "nan", "n/a") into the current row.
void addPrintedValue(MetricTable& table, std::string_view name, std::string_view value);

// Adds what one line of a console log holds to the table (beginning a row if it holds any).
using ConsoleLineParser =
    std::function<void(std::string_view line, std::int64_t number, MetricTable& table)>;

// Reads a console log line by line (restarts: the later values win) into one run named after
// the file. `nothingFound` is the error when no line holds values.
Result<LogContents> readConsoleLog(const QString& path, const LogReadOptions& options,
                                   const QString& format, const QStringList& stepKeys,
                                   const QString& nothingFound, const ConsoleLineParser& parseLine);

}  // namespace annealer
