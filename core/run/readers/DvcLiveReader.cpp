#include "run/readers/DvcLiveReader.h"

#include "MessageText.h"
#include "run/parsing/LogLineReader.h"
#include "run/parsing/LogText.h"
#include "run/parsing/MetricTable.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>

#include <algorithm>
#include <string>
#include <vector>

namespace annealer {
namespace {

bool holdsTsv(const QString& folder) {
    return !QDir(folder).entryList(QStringList{QStringLiteral("*.tsv")}, QDir::Files).isEmpty();
}

// The folder of metric files of a DVCLive folder given in any of the three ways, or "": its
// plots/metrics (DVCLive 1 and later), scalars/ (0.x), or the dvclive folder itself when the
// files lie in it (the first versions).
QString metricsFolder(const QString& path) {
    const QDir dir(path);
    for (const QString& candidate :
         {dir.filePath(QStringLiteral("plots/metrics")),
          dir.filePath(QStringLiteral("dvclive/plots/metrics")),
          dir.filePath(QStringLiteral("scalars")), dir.filePath(QStringLiteral("dvclive/scalars"))}) {
        if (QFileInfo(candidate).isDir()) return candidate;
    }
    if (dir.dirName() == QLatin1String("dvclive") && holdsTsv(dir.path())) return dir.path();
    if (holdsTsv(dir.filePath(QStringLiteral("dvclive")))) {
        return dir.filePath(QStringLiteral("dvclive"));
    }
    QDir parent = dir;
    if (dir.dirName() == QLatin1String("metrics") && parent.cdUp() &&
        parent.dirName() == QLatin1String("plots")) {
        return dir.path();
    }
    return {};
}

// The name of the run: the folder holding the DVCLive folder (the project or experiment), else
// the DVCLive folder's.
QString runName(const QString& metrics) {
    QDir dir(QFileInfo(metrics).absoluteFilePath());
    if (dir.dirName() == QLatin1String("metrics")) {
        dir.cdUp();
        if (dir.dirName() == QLatin1String("plots")) dir.cdUp();
    } else if (dir.dirName() == QLatin1String("scalars")) {
        dir.cdUp();
    }
    const QString live = dir.dirName();
    return dir.cdUp() && !dir.dirName().isEmpty() ? dir.dirName() : live;
}

// Splits a TSV line at tabs (DVCLive's documentation shows runs of spaces too).
std::vector<std::string_view> cells(std::string_view line) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == '\t' || line[i] == ' ')) ++i;
        const std::size_t start = i;
        while (i < line.size() && line[i] != '\t' && line[i] != ' ') ++i;
        if (i > start) out.push_back(line.substr(start, i - start));
    }
    return out;
}

// One metric file into `run` under `key`.
Status readMetricFile(const QString& file, const QString& key, LogRun* run, QStringList* notes) {
    LogLineReader lines(file, LogReadOptions{}, 1.0);
    if (Status s = lines.open(); !s) return s;
    const std::string name = key.toStdString();
    MetricTable table(file, QStringLiteral("metric"), RepeatedSteps::LaterWins);
    std::string_view line;
    std::size_t stepAt = 0, valueAt = 0, columns = 0;
    bool header = false;
    while (lines.next(&line)) {
        if (isBlank(line)) continue;
        const auto parts = cells(line);
        if (!header) {
            header = true;
            columns = parts.size();
            const auto step = std::find(parts.begin(), parts.end(), std::string_view("step"));
            if (step == parts.end()) {
                return Error{formatMessage(QStringLiteral("%1:%2: no 'step' column in the header "
                                                          "(DVCLive writes \"timestamp step "
                                                          "<metric>\")"),
                                           file, lines.number())};
            }
            stepAt = static_cast<std::size_t>(step - parts.begin());
            // The value: the column named after the file, else the last that is no step or time.
            const std::string stem = QFileInfo(file).completeBaseName().toStdString();
            valueAt = columns;
            for (std::size_t c = columns; c-- > 0;) {
                if (parts[c] == stem) {
                    valueAt = c;
                    break;
                }
                if (valueAt == columns && c != stepAt && parts[c] != "timestamp") valueAt = c;
            }
            if (valueAt == columns) {
                return Error{formatMessage(QStringLiteral("%1:%2: no value column in the header"),
                                           file, lines.number())};
            }
            continue;
        }
        if (parts.size() != columns) {
            return Error{formatMessage(QStringLiteral("%1:%2: %3 fields where the header has %4"),
                                       file, lines.number(), parts.size(), columns)};
        }
        table.beginRow(lines.number());
        addPrintedValue(table, "step", parts[stepAt]);
        addPrintedValue(table, name, parts[valueAt]);
    }
    if (!lines.error().isEmpty()) return Error{lines.error()};
    if (table.rowCount() == 0) {
        notes->append(file + QStringLiteral(": no values; left out"));
        return {};
    }
    auto one = table.finish(key, {QStringLiteral("step")}, {}, notes);
    if (!one) return Error{one.error()};
    for (MetricSeries& series : one->metrics) run->metrics.push_back(std::move(series));
    for (LeftOutMetric& left : one->leftOut) run->leftOut.push_back(std::move(left));
    return {};
}

}  // namespace

QString DvcLiveReader::formatName() const {
    return QStringLiteral("DVCLive folder");
}

int DvcLiveReader::confidence(const QString& path, const QByteArray& head) const {
    Q_UNUSED(head);
    if (!QFileInfo(path).isDir()) return 0;
    const QString metrics = metricsFolder(path);
    if (metrics.isEmpty()) return 0;
    QDirIterator it(metrics, QStringList{QStringLiteral("*.tsv")}, QDir::Files,
                    QDirIterator::Subdirectories);
    return it.hasNext() ? 92 : 0;
}

Result<LogContents> DvcLiveReader::read(const QString& path, const LogReadOptions& options) const {
    const QString metrics = metricsFolder(path);
    if (metrics.isEmpty()) {
        return Error{path + QStringLiteral(": not a DVCLive folder (no plots/metrics/ in it or "
                                           "in its dvclive/ folder)")};
    }
    std::vector<std::pair<QString, QString>> files;  // key, file
    const QDir root(QFileInfo(metrics).absoluteFilePath());
    QDirIterator it(metrics, QStringList{QStringLiteral("*.tsv")}, QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString file = it.next();
        QString key = root.relativeFilePath(QFileInfo(file).absoluteFilePath());
        key.chop(4);  // ".tsv"
        files.emplace_back(key, file);
    }
    if (files.empty()) {
        return Error{metrics + QStringLiteral(": holds no metric files (*.tsv)")};
    }
    std::sort(files.begin(), files.end());
    LogContents contents;
    contents.source = path;
    contents.format = formatName();
    LogRun run;
    run.name = runName(metrics);
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (options.progress &&
            !options.progress(static_cast<double>(i) / static_cast<double>(files.size()))) {
            return cancelledError(path);
        }
        if (Status s = readMetricFile(files[i].second, files[i].first, &run, &contents.notes); !s)
            return Error{s.error()};
    }
    contents.runs.push_back(std::move(run));
    return contents;
}

}  // namespace annealer
