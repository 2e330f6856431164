#include "run/parsing/MetricTable.h"

#include "MessageText.h"
#include "NumberText.h"

#include "run/parsing/LogLineReader.h"
#include "run/parsing/LogText.h"
#include "run/RunAssembly.h"

#include <QFileInfo>
#include <QScopeGuard>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace annealer {
namespace {

constexpr std::size_t kNone = static_cast<std::size_t>(-1);
constexpr int kMaxRestartNotes = 10;

QString fromUtf8(std::string_view s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

}  // namespace

MetricTable::MetricTable(QString path, QString what, RepeatedSteps repeats)
    : path_(std::move(path)), what_(std::move(what)), repeats_(repeats) {}

void MetricTable::beginRow(std::int64_t line) {
    rowLines_.push_back(line);
    position_ = 0;
}

MetricTable::Column& MetricTable::column(std::string_view name) {
    std::size_t index = kNone;
    if (position_ < hints_.size() && columns_[hints_[position_]].name == name) {
        index = hints_[position_];
    } else {
        const auto it = index_.find(name);
        if (it != index_.end()) {
            index = it->second;
        } else {
            index = columns_.size();
            columns_.push_back(Column{std::string(name), {}, {}, {}});
            index_.emplace(std::string(name), index);
        }
        if (position_ >= hints_.size()) hints_.resize(position_ + 1, 0);
        hints_[position_] = index;
    }
    ++position_;
    return columns_[index];
}

void MetricTable::addBad(Column& target, std::string_view text, bool notANumber) {
    // Only the start of a long text makes it into a message.
    target.bads.push_back(Bad{rowLines_.size() - 1, std::string(text.substr(0, 64)), notANumber});
}

void MetricTable::addNumber(std::string_view name, double value, std::string_view text) {
    Column& target = column(name);
    // Once left out for good, a column's later values are of no use.
    if (repeats_ == RepeatedSteps::Error && !target.bads.empty()) return;
    if (!std::isfinite(value)) {
        addBad(target, text, false);
        return;
    }
    target.rows.push_back(rowLines_.size() - 1);
    target.values.push_back(value);
}

void MetricTable::addText(std::string_view name, std::string_view text) {
    Column& target = column(name);
    if (repeats_ == RepeatedSteps::Error && !target.bads.empty()) return;
    addBad(target, text, true);
}

void MetricTable::addJsonObject(const JsonTape& tape, std::size_t object) {
    std::string name;
    addJsonMembers(tape, object, name);
}

void MetricTable::addJsonValue(const JsonTape& tape, std::size_t v, std::string& name) {
    switch (tape.kind(v)) {
        case JsonTape::Kind::Number:
            addNumber(name, tape[v].number, tape.raw(v));
            break;
        case JsonTape::Kind::String: {
            const std::string text = tape.stringValue(v);
            const std::string_view trimmed = trimmedView(text);
            if (trimmed.empty()) break;
            double value = 0;
            const NumberParse parsed = parseNumber(trimmed, &value);
            if (parsed == NumberParse::Ok) {
                addNumber(name, value, text);
            } else if (parsed == NumberParse::OutOfRange) {
                addNumber(name, std::numeric_limits<double>::infinity(), text);
            } else {
                addText(name, text);
            }
            break;
        }
        case JsonTape::Kind::Object:
            addJsonMembers(tape, v, name);
            break;
        case JsonTape::Kind::Null:
            break;
        case JsonTape::Kind::True:
        case JsonTape::Kind::False:
        case JsonTape::Kind::Array:
            addText(name, tape.raw(v));
            break;
    }
}

void MetricTable::addJsonMembers(const JsonTape& tape, std::size_t object, std::string& name) {
    const std::size_t prefix = name.size();
    for (std::size_t k = tape.firstChild(object); k < tape.childrenEnd(object);
         k = tape.next(k + 1)) {
        name.resize(prefix);
        if (prefix > 0) name.push_back('/');
        if (tape[k].escaped) {
            name += tape.stringValue(k);
        } else {
            name += tape.raw(k);
        }
        addJsonValue(tape, k + 1, name);
    }
    name.resize(prefix);
}

QString MetricTable::columnList() const {
    QStringList names;
    for (const Column& c : columns_) names << fromUtf8(c.name);
    return names.join(QStringLiteral(", "));
}

QString MetricTable::lineRef(std::size_t row) const {
    return formatMessage(byteOffsets_ ? QStringLiteral("%1: byte %2") : QStringLiteral("%1:%2"),
                         path_, rowLines_[row]);
}

QString MetricTable::badProblem(const Column& c, const Bad& bad) const {
    if (bad.notANumber) {
        return formatMessage(QStringLiteral("%1: %2 '%3': '%4' is not a number"), lineRef(bad.row),
                             what_, fromUtf8(c.name), quotedText(bad.text));
    }
    return formatMessage(QStringLiteral("%1: %2 '%3': %4 is not a finite number"), lineRef(bad.row),
                         what_, fromUtf8(c.name), quotedText(bad.text));
}

Result<LogRun> MetricTable::finish(const QString& runName, const QStringList& stepKeys,
                                   const QString& userStepKey, QStringList* notes) {
    // The step column.
    auto find = [this](const QString& name, Qt::CaseSensitivity cs) {
        for (std::size_t j = 0; j < columns_.size(); ++j) {
            if (fromUtf8(columns_[j].name).compare(name, cs) == 0) return j;
        }
        return kNone;
    };
    std::size_t stepCol = kNone;
    if (!userStepKey.isEmpty()) {
        stepCol = find(userStepKey, Qt::CaseSensitive);
        if (stepCol == kNone) stepCol = find(userStepKey, Qt::CaseInsensitive);
        if (stepCol == kNone) {
            return Error{formatMessage(
                QStringLiteral("%1: no %2 '%3' (asked for as the step); the %2s are: %4"), path_,
                what_, userStepKey, columnList())};
        }
    } else {
        for (const QString& key : stepKeys) {
            stepCol = find(key, Qt::CaseInsensitive);
            if (stepCol != kNone) break;
        }
        if (stepCol == kNone) {
            return Error{formatMessage(QStringLiteral("%1: no step (looked for %2); the %3s are: "
                                                      "%4; name the step (--step-col)"),
                                       path_, stepKeys.join(QStringLiteral(", ")), what_,
                                       columnList())};
        }
    }

    // The step of each row (-1: none), checked up to the first value that is no step.
    const std::size_t rowCount = rowLines_.size();
    std::vector<std::int64_t> stepOf(rowCount, -1);
    {
        const Column& sc = columns_[stepCol];
        const std::size_t firstBad = sc.bads.empty() ? kNone : sc.bads.front().row;
        for (std::size_t k = 0; k < sc.rows.size() && sc.rows[k] < firstBad; ++k) {
            std::int64_t step = 0;
            const StepParse parsed = stepFromNumber(sc.values[k], &step);
            if (parsed != StepParse::Ok) {
                return Error{formatMessage(QStringLiteral("%1: %2"), lineRef(sc.rows[k]),
                                           stepProblem(parsed, shortestText(sc.values[k])))};
            }
            stepOf[sc.rows[k]] = step;
        }
        if (firstBad != kNone) {
            return Error{formatMessage(
                QStringLiteral("%1: %2"), lineRef(firstBad),
                stepProblem(StepParse::NotANumber, quotedText(sc.bads.front().text)))};
        }
    }

    // Row order; in a restarted log, where it goes back.
    struct Restart {
        std::size_t row;
        std::int64_t step;
    };
    std::vector<Restart> restarts;
    std::int64_t previous = -1;
    for (std::size_t r = 0; r < rowCount; ++r) {
        const std::int64_t step = stepOf[r];
        if (step < 0) continue;
        if (step < previous) {
            if (repeats_ == RepeatedSteps::Error) {
                return Error{formatMessage(
                    QStringLiteral("%1: step %2 comes after step %3 (steps must increase)"),
                    lineRef(r), step, previous)};
            }
            restarts.push_back(Restart{r, step});
            if (notes && restarts.size() <= kMaxRestartNotes) {
                *notes << formatMessage(
                    QStringLiteral("%1: the log goes back from step %2 to step %3 (a restarted "
                                   "run?); what was logged before from step %3 on is replaced by "
                                   "the later values"),
                    lineRef(r), previous, step);
            }
        }
        previous = step;
    }
    if (notes && restarts.size() > kMaxRestartNotes) {
        *notes << formatMessage(QStringLiteral("%1: %2 more restarts like these"), path_,
                                restarts.size() - kMaxRestartNotes);
    }

    LogRun run;
    run.name = runName;
    run.epochAxis = isEpochName(fromUtf8(columns_[stepCol].name));
    std::size_t firstRepeatRow = kNone;
    std::int64_t firstRepeatStep = 0;
    std::size_t repeats = 0;
    for (std::size_t j = 0; j < columns_.size(); ++j) {
        if (j == stepCol) continue;
        Column& c = columns_[j];
        // Each column's values are let go once its series is made, so that the peak holds the
        // values about once rather than twice (a 3 GB console log: 0.9 GB instead of 1.7 GB).
        const auto release = qScopeGuard([&c] {
            std::vector<std::size_t>().swap(c.rows);
            std::vector<double>().swap(c.values);
        });
        MetricSeries series;
        series.name = fromUtf8(c.name);
        // At most one point per value: no room lost to growth by doubling in large logs.
        series.steps.reserve(c.rows.size());
        series.values.reserve(c.rows.size());

        if (repeats_ == RepeatedSteps::Error) {
            if (!c.bads.empty()) {
                run.leftOut.push_back(LeftOutMetric{series.name, badProblem(c, c.bads.front())});
                continue;
            }
            for (std::size_t k = 0; k < c.rows.size(); ++k) {
                const std::int64_t step = stepOf[c.rows[k]];
                if (step < 0) continue;
                const double value = c.values[k];
                if (!series.steps.empty() && series.steps.back() == step) {
                    // Rows of one step with different metrics are merged; the same value
                    // logged twice is harmless.
                    if (series.values.back() == value) continue;
                    // The keys W&B adds to every log call (_step, _runtime, _timestamp) differ
                    // between the rows of one training step: they count calls, not steps.
                    if (c.name.starts_with('_')) {
                        series.values.back() = value;
                        continue;
                    }
                    return Error{
                        formatMessage(QStringLiteral("%1: step %2 is repeated with another "
                                                     "value of '%3' (steps must "
                                                     "increase)"),
                                      lineRef(c.rows[k]), step, series.name)};
                }
                series.steps.push_back(step);
                series.values.push_back(value);
            }
        } else {
            // Values, kept-out values and restarts merged in row order.
            std::optional<std::pair<std::int64_t, std::size_t>> firstBad;  // step, index
            std::size_t k = 0, b = 0, e = 0;
            for (;;) {
                const std::size_t valueRow = k < c.rows.size() ? c.rows[k] : kNone;
                const std::size_t badRow = b < c.bads.size() ? c.bads[b].row : kNone;
                const std::size_t row = std::min(valueRow, badRow);
                if (row == kNone) break;
                for (; e < restarts.size() && restarts[e].row <= row; ++e) {
                    const std::int64_t from = restarts[e].step;
                    while (!series.steps.empty() && series.steps.back() >= from) {
                        series.steps.pop_back();
                        series.values.pop_back();
                    }
                    if (firstBad && firstBad->first >= from) firstBad.reset();
                }
                const std::int64_t step = stepOf[row];
                if (row == valueRow) {
                    const double value = c.values[k++];
                    if (step < 0) continue;
                    if (!series.steps.empty() && series.steps.back() == step) {
                        if (series.values.back() != value) {
                            ++repeats;
                            if (row < firstRepeatRow) {
                                firstRepeatRow = row;
                                firstRepeatStep = step;
                            }
                        }
                        series.values.back() = value;
                    } else {
                        series.steps.push_back(step);
                        series.values.push_back(value);
                    }
                } else {
                    const std::size_t index = b++;
                    if (step >= 0 && !firstBad) firstBad.emplace(step, index);
                }
            }
            if (firstBad) {
                run.leftOut.push_back(
                    LeftOutMetric{series.name, badProblem(c, c.bads[firstBad->second])});
                continue;
            }
        }
        // A key that only came with rows without a step has nothing to show.
        if (series.steps.empty()) continue;
        run.metrics.push_back(std::move(series));
    }
    if (notes && repeats > 0) {
        *notes << formatMessage(QStringLiteral("%1: step %2 is logged again with other values; "
                                               "the later values are used (%3 repeated values in "
                                               "all)"),
                                lineRef(firstRepeatRow), firstRepeatStep, repeats);
    }
    return run;
}

void addPrintedValue(MetricTable& table, std::string_view name, std::string_view value) {
    if (value.empty()) return;
    double number = 0;
    switch (parseNumber(value, &number)) {
        case NumberParse::Ok:
            table.addNumber(name, number, value);
            break;
        case NumberParse::OutOfRange:
            table.addNumber(name, std::numeric_limits<double>::infinity(), value);
            break;
        case NumberParse::NotANumber:
            table.addText(name, value);
            break;
    }
}

Result<LogContents> readConsoleLog(const QString& path, const LogReadOptions& options,
                                   const QString& format, const QStringList& stepKeys,
                                   const QString& nothingFound,
                                   const ConsoleLineParser& parseLine) {
    LogLineReader lines(path, options, 0.95);
    if (Status s = lines.open(); !s) return Error{s.error()};
    MetricTable table(path, QStringLiteral("metric"), RepeatedSteps::LaterWins);
    std::string_view line;
    QStringList notes;
    while (lines.next(&line)) {
        // A last line without a line break may be cut off mid-number by a job still writing.
        if (lines.lastLineUnterminated() && !isBlank(line)) {
            notes << formatMessage(QStringLiteral("%1:%2: the last line has no line break (the "
                                                  "log is still being written?) and is left out"),
                                   path, lines.number());
            break;
        }
        parseLine(line, lines.number(), table);
    }
    if (!lines.error().isEmpty()) return Error{lines.error()};
    if (!lines.sawText()) return Error{path + QStringLiteral(": the file is empty")};
    if (table.rowCount() == 0) return Error{path + QStringLiteral(": ") + nothingFound};

    LogContents contents;
    contents.notes = notes;
    contents.source = path;
    contents.format = format;
    auto run = table.finish(QFileInfo(path).completeBaseName(), stepKeys, options.stepColumn,
                            &contents.notes);
    if (!run) return Error{run.error()};
    contents.runs.push_back(std::move(*run));
    return contents;
}

}  // namespace annealer
