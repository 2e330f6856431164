#include "run/readers/WandbHistoryJsonReader.h"

#include "MessageText.h"

#include "run/parsing/JsonArrayStream.h"
#include "run/parsing/JsonTape.h"
#include "run/parsing/LogText.h"
#include "run/parsing/MetricTable.h"
#include "run/RunAssembly.h"

#include <QFileInfo>
#include <QHash>
#include <QStringList>

#include <cmath>
#include <limits>

namespace annealer {
namespace {

using Kind = JsonTape::Kind;

// Whether `head` has a "history" key whose value is an object or a list.
bool hasHistoryKey(const QByteArray& head) {
    static const QByteArray key("\"history\"");
    for (qsizetype at = head.indexOf(key); at >= 0; at = head.indexOf(key, at + 1)) {
        qsizetype p = at + key.size();
        auto skip = [&] {
            while (p < head.size() &&
                   (head[p] == ' ' || head[p] == '\t' || head[p] == '\n' || head[p] == '\r')) {
                ++p;
            }
        };
        skip();
        if (p >= head.size() || head[p] != ':') continue;
        ++p;
        skip();
        if (p < head.size() && (head[p] == '{' || head[p] == '[')) return true;
    }
    return false;
}

struct Group {
    QString name;  // empty: the lists sit in "history" itself
    std::size_t node = 0;
};

struct List {
    QString key;
    std::size_t node = 0;
};

// The column-list form: each group its own step list, all metrics into one run.
class ColumnReader {
public:
    ColumnReader(const QString& path, const JsonTape& tape, std::string_view text,
                 const LogReadOptions& options)
        : path_(path), tape_(tape), text_(text), options_(options) {}

    Result<LogRun> read(std::size_t history, const QString& runName) {
        std::vector<Group> groups;
        bool allLists = tape_.childrenEnd(history) > tape_.firstChild(history);
        for (std::size_t k = tape_.firstChild(history); k < tape_.childrenEnd(history);
             k = tape_.next(k + 1)) {
            allLists = allLists && tape_.kind(k + 1) == Kind::Array;
        }
        if (allLists) {
            groups.push_back(Group{QString(), history});
        } else {
            for (std::size_t k = tape_.firstChild(history); k < tape_.childrenEnd(history);
                 k = tape_.next(k + 1)) {
                if (tape_.kind(k + 1) == Kind::Object) groups.push_back(Group{key(k), k + 1});
            }
        }
        if (groups.empty()) {
            return Error{formatMessage(QStringLiteral("%1: \"history\" holds no lists of values"),
                                       at(history))};
        }

        // Lists and step lists of every group first: a key found in several groups is named
        // after its group.
        std::vector<std::vector<List>> lists(groups.size());
        std::vector<std::size_t> stepList(groups.size());
        QHash<QString, int> keyCount;
        for (std::size_t g = 0; g < groups.size(); ++g) {
            const std::size_t node = groups[g].node;
            for (std::size_t k = tape_.firstChild(node); k < tape_.childrenEnd(node);
                 k = tape_.next(k + 1)) {
                if (tape_.kind(k + 1) == Kind::Array) lists[g].push_back(List{key(k), k + 1});
            }
            auto found = findStepList(groups[g], lists[g]);
            if (!found) return Error{found.error()};
            stepList[g] = *found;
            for (std::size_t j = 0; j < lists[g].size(); ++j) {
                if (j != stepList[g]) ++keyCount[lists[g][j].key];
            }
        }

        LogRun run;
        run.name = runName;
        for (std::size_t g = 0; g < groups.size(); ++g) {
            const Group& group = groups[g];
            const List& steps = lists[g][stepList[g]];
            auto stepValues = readSteps(group, steps);
            if (!stepValues) return Error{stepValues.error()};
            for (std::size_t j = 0; j < lists[g].size(); ++j) {
                if (j == stepList[g]) continue;
                const List& list = lists[g][j];
                const std::size_t count = tape_.childCount(list.node);
                if (count != stepValues->size()) {
                    return Error{formatMessage(
                        QStringLiteral("%1: %2: '%3' has %4 values but '%5' has %6"), at(list.node),
                        groupLabel(group), list.key, count, steps.key, stepValues->size())};
                }
                const QString name = keyCount.value(list.key) > 1 && !group.name.isEmpty()
                                         ? group.name + QLatin1Char('/') + list.key
                                         : list.key;
                if (Status s = readMetric(group, list, name, *stepValues, &run); !s) {
                    return Error{s.error()};
                }
            }
        }
        return run;
    }

private:
    QString key(std::size_t node) const { return QString::fromStdString(tape_.stringValue(node)); }

    // A value as quoted in a message: a string without its quotes and escapes.
    QString valueText(std::size_t node) const {
        return tape_.kind(node) == Kind::String ? quotedText(tape_.stringValue(node))
                                                : quotedText(tape_.raw(node));
    }

    QString at(std::size_t node) const {
        return formatMessage(QStringLiteral("%1:%2"), path_,
                             lineOfOffset(text_, tape_[node].offset));
    }

    static QString groupLabel(const Group& group) {
        return group.name.isEmpty()
                   ? QStringLiteral("\"history\"")
                   : formatMessage(QStringLiteral("history group '%1'"), group.name);
    }

    static QString elementLabel(const Group& group, const QString& listKey, std::size_t index) {
        QString label = QStringLiteral("history");
        if (!group.name.isEmpty()) label += QLatin1Char('.') + group.name;
        return formatMessage(QStringLiteral("%1.%2[%3]"), label, listKey, index);
    }

    Result<std::size_t> findStepList(const Group& group, const std::vector<List>& lists) const {
        auto find = [&lists](const QString& name, Qt::CaseSensitivity cs) {
            for (std::size_t j = 0; j < lists.size(); ++j) {
                if (lists[j].key.compare(name, cs) == 0) return j;
            }
            return static_cast<std::size_t>(-1);
        };
        QStringList keys;
        for (const List& list : lists) keys << list.key;
        const QString keyList =
            keys.isEmpty() ? QStringLiteral("(none)") : keys.join(QStringLiteral(", "));
        if (!options_.stepColumn.isEmpty()) {
            std::size_t j = find(options_.stepColumn, Qt::CaseSensitive);
            if (j == static_cast<std::size_t>(-1))
                j = find(options_.stepColumn, Qt::CaseInsensitive);
            if (j != static_cast<std::size_t>(-1)) return j;
            return Error{formatMessage(
                QStringLiteral(
                    "%1: %2 has no list '%3' (asked for as the step); its lists are: %4"),
                at(group.node), groupLabel(group), options_.stepColumn, keyList)};
        }
        const QStringList candidates = stepColumnCandidates();
        for (const QString& candidate : candidates) {
            const std::size_t j = find(candidate, Qt::CaseInsensitive);
            if (j != static_cast<std::size_t>(-1)) return j;
        }
        return Error{formatMessage(QStringLiteral("%1: %2 has no step list (looked for %3); its "
                                                  "lists are: %4; name the step (--step-col)"),
                                   at(group.node), groupLabel(group),
                                   candidates.join(QStringLiteral(", ")), keyList)};
    }

    // The step of each index (-1: none given); steps may not go back.
    Result<std::vector<std::int64_t>> readSteps(const Group& group, const List& list) const {
        std::vector<std::int64_t> steps;
        steps.reserve(tape_.childCount(list.node));
        std::int64_t previous = -1;
        for (std::size_t e = tape_.firstChild(list.node); e < tape_.childrenEnd(list.node);
             e = tape_.next(e)) {
            std::int64_t step = -1;
            StepParse parsed = StepParse::Ok;
            switch (tape_.kind(e)) {
                case Kind::Null:
                    break;
                case Kind::Number:
                    parsed = stepFromNumber(tape_[e].number, &step);
                    break;
                case Kind::String: {
                    const std::string value = tape_.stringValue(e);
                    if (!isBlank(value)) parsed = parseStep(trimmedView(value), &step);
                    break;
                }
                default:
                    parsed = StepParse::NotANumber;
            }
            // Messages are made only when needed: finding a line costs a scan of the text.
            if (parsed != StepParse::Ok) {
                return Error{formatMessage(QStringLiteral("%1: %2: %3"), at(e),
                                           elementLabel(group, list.key, steps.size()),
                                           stepProblem(parsed, valueText(e)))};
            }
            if (step >= 0 && step < previous) {
                return Error{formatMessage(
                    QStringLiteral("%1: %2: step %3 comes after step %4 (steps must increase)"),
                    at(e), elementLabel(group, list.key, steps.size()), step, previous)};
            }
            if (step >= 0) previous = step;
            steps.push_back(step);
        }
        return steps;
    }

    Status readMetric(const Group& group, const List& list, const QString& name,
                      const std::vector<std::int64_t>& steps, LogRun* run) const {
        MetricSeries series;
        series.name = name;
        std::size_t index = 0;
        for (std::size_t e = tape_.firstChild(list.node); e < tape_.childrenEnd(list.node);
             e = tape_.next(e), ++index) {
            const std::int64_t step = steps[index];
            if (step < 0) continue;
            double value = 0;
            bool isNumber = true;
            switch (tape_.kind(e)) {
                case Kind::Null:
                    continue;
                case Kind::Number:
                    value = tape_[e].number;
                    break;
                case Kind::String: {
                    const std::string s = tape_.stringValue(e);
                    const std::string_view trimmed = trimmedView(s);
                    if (trimmed.empty()) continue;
                    const NumberParse parsed = parseNumber(trimmed, &value);
                    if (parsed == NumberParse::OutOfRange) {
                        value = std::numeric_limits<double>::infinity();
                    }
                    isNumber = parsed != NumberParse::NotANumber;
                    break;
                }
                default:
                    isNumber = false;
            }
            auto where = [&] {
                return formatMessage(QStringLiteral("%1: %2"), at(e),
                                     elementLabel(group, list.key, index));
            };
            if (!isNumber || !std::isfinite(value)) {
                run->leftOut.push_back(LeftOutMetric{
                    name, isNumber ? formatMessage(QStringLiteral("%1: %2 is not a finite number"),
                                                   where(), valueText(e))
                                   : formatMessage(QStringLiteral("%1: '%2' is not a number"),
                                                   where(), valueText(e))});
                return {};
            }
            if (!series.steps.empty() && series.steps.back() == step) {
                if (series.values.back() == value) continue;
                return Error{formatMessage(QStringLiteral("%1: step %2 is repeated with another "
                                                          "value (steps must increase)"),
                                           where(), step)};
            }
            series.steps.push_back(step);
            series.values.push_back(value);
        }
        run->metrics.push_back(std::move(series));
        return {};
    }

    const QString& path_;
    const JsonTape& tape_;
    std::string_view text_;
    const LogReadOptions& options_;
};

}  // namespace

QString WandbHistoryJsonReader::formatName() const {
    return QStringLiteral("W&B run history (JSON)");
}

int WandbHistoryJsonReader::confidence(const QString& path, const QByteArray& head) const {
    if (hasNulByte(head) || !hasHistoryKey(head)) return 0;
    return QFileInfo(path).suffix().compare(QLatin1String("json"), Qt::CaseInsensitive) == 0 ? 85
                                                                                             : 45;
}

Result<LogContents> WandbHistoryJsonReader::read(const QString& path,
                                                 const LogReadOptions& options) const {
    // A history that is a list of rows is read a row at a time; one of columns is read whole.
    JsonArrayStream stream(path, "history", options, 0.9);
    if (Status s = stream.open(); !s) return Error{s.error()};
    // A list of rows, as pandas writes a history with orient="records".
    MetricTable table(path, QStringLiteral("key"), RepeatedSteps::Error);
    JsonTape row;
    std::int64_t line = 0;
    for (std::size_t index = 0; stream.next(&row, &line); ++index) {
        if (row.kind(0) != Kind::Object) {
            return Error{formatMessage(QStringLiteral("%1:%2: history[%3] is %4, not an object"),
                                       path, line, index, JsonTape::kindName(row.kind(0)))};
        }
        table.beginRow(line);
        table.addJsonObject(row, 0);
    }
    if (!stream.error().isEmpty()) return Error{stream.error()};
    JsonTape tape;
    if (Status s = stream.finish(&tape); !s) return Error{s.error()};
    if (tape.kind(0) != Kind::Object) {
        return Error{formatMessage(QStringLiteral("%1: not a W&B history export (the file holds "
                                                  "%2, not an object)"),
                                   path, JsonTape::kindName(tape.kind(0)))};
    }
    const std::size_t history = tape.member(0, "history");
    if (history == JsonTape::npos) {
        return Error{path + QStringLiteral(": no \"history\" (is this a W&B run history "
                                           "export?)")};
    }

    LogContents contents;
    contents.source = path;
    contents.format = formatName();
    const QString runName = QFileInfo(path).completeBaseName();
    if (tape.kind(history) == Kind::Array) {
        if (table.rowCount() == 0) return Error{path + QStringLiteral(": \"history\" is empty")};
        auto run =
            table.finish(runName, stepColumnCandidates(), options.stepColumn, &contents.notes);
        if (!run) return Error{run.error()};
        contents.runs.push_back(std::move(*run));
        return contents;
    }
    if (tape.kind(history) != Kind::Object) {
        return Error{formatMessage(
            QStringLiteral("%1:%2: \"history\" is %3, not an object or a list"), path,
            stream.restLineOf(tape[history].offset), JsonTape::kindName(tape.kind(history)))};
    }
    // No list was taken out: the rest is the whole document, its offsets the file's.
    ColumnReader reader(path, tape, stream.restText(), options);
    auto run = reader.read(history, runName);
    if (!run) return Error{run.error()};
    contents.runs.push_back(std::move(*run));
    return contents;
}

}  // namespace annealer
