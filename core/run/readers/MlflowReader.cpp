#include "run/readers/MlflowReader.h"

#include "MessageText.h"

#include "run/parsing/LogLineReader.h"
#include "run/parsing/LogText.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>

namespace annealer {
namespace {

// Splits a line at runs of blanks.
std::vector<std::string_view> fields(std::string_view line);

// A run folder copied out of a store without its meta.yaml: metrics/ whose first metric file
// begins with an MLflow line ("timestamp value step", a whole timestamp).
bool isBareRunFolder(const QDir& dir) {
    const QString metrics = dir.filePath(QStringLiteral("metrics"));
    if (dir.exists(QStringLiteral("meta.yaml")) || !QFileInfo(metrics).isDir()) return false;
    QDirIterator it(metrics, QDir::Files, QDirIterator::Subdirectories);
    if (!it.hasNext()) return false;
    const QByteArray head = readHead(it.next(), 4096);
    const std::string_view text(head.constData(), static_cast<std::size_t>(head.size()));
    const auto parts = fields(text.substr(0, text.find('\n')));
    if (parts.size() != 2 && parts.size() != 3) return false;
    std::int64_t timestamp = 0;
    const auto [ptr, ec] =
        std::from_chars(parts[0].data(), parts[0].data() + parts[0].size(), timestamp);
    return ec == std::errc() && ptr == parts[0].data() + parts[0].size();
}

bool isRunFolder(const QDir& dir) {
    return dir.exists(QStringLiteral("meta.yaml")) &&
           QFileInfo(dir.filePath(QStringLiteral("metrics"))).isDir();
}

// The run folders of an experiment folder, by name.
QStringList runFolders(const QDir& experiment) {
    QStringList runs;
    const QStringList names = experiment.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (const QString& name : names) {
        const QDir run(experiment.filePath(name));
        if (isRunFolder(run)) runs << run.path();
    }
    return runs;
}

bool isExperimentFolder(const QDir& dir) {
    return dir.exists(QStringLiteral("meta.yaml")) && !runFolders(dir).isEmpty();
}

// The experiment folders of a store, numeric ids in numeric order; the trash is left out.
QStringList experimentFolders(const QDir& store) {
    QStringList names = store.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    std::stable_sort(names.begin(), names.end(), [](const QString& a, const QString& b) {
        bool okA = false, okB = false;
        const qlonglong x = a.toLongLong(&okA);
        const qlonglong y = b.toLongLong(&okB);
        if (okA && okB) return x < y;
        return okA && !okB;
    });
    QStringList experiments;
    for (const QString& name : names) {
        if (name == QLatin1String(".trash")) continue;
        const QDir experiment(store.filePath(name));
        if (isExperimentFolder(experiment)) experiments << experiment.path();
    }
    return experiments;
}

// A small text file (a tag, meta.yaml), or an empty string.
QString smallFile(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    return QString::fromUtf8(file.read(64 * 1024));
}

bool isDeleted(const QDir& run) {
    const QStringList lines =
        smallFile(run.filePath(QStringLiteral("meta.yaml"))).split(QLatin1Char('\n'));
    for (const QString& line : lines) {
        if (line.trimmed() == QLatin1String("lifecycle_stage: deleted")) return true;
    }
    return false;
}

QString runName(const QDir& run) {
    const QString tag = smallFile(run.filePath(QStringLiteral("tags/mlflow.runName"))).trimmed();
    return tag.isEmpty() ? run.dirName() : tag;
}

struct Point {
    std::int64_t step = 0;
    double value = 0;
    std::int64_t line = 0;
    int bad = -1;  // index into the bad texts, or -1
};

struct BadValue {
    std::string text;
    bool notANumber = false;
};

// Splits a line at runs of blanks.
std::vector<std::string_view> fields(std::string_view line) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
        const std::size_t start = i;
        while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
        if (i > start) out.push_back(line.substr(start, i - start));
    }
    return out;
}

// One metric file: "timestamp value [step]" per line.
Status readMetricFile(const QString& file, const QString& key, LogRun* run) {
    LogLineReader lines(file, LogReadOptions{}, 1.0);
    if (Status s = lines.open(); !s) return s;
    std::vector<Point> points;
    std::vector<BadValue> bads;
    std::string_view line;
    while (lines.next(&line)) {
        if (isBlank(line)) continue;
        const auto parts = fields(line);
        const std::int64_t at = lines.number();
        if (parts.size() != 2 && parts.size() != 3) {
            return Error{formatMessage(QStringLiteral("%1:%2: expected \"timestamp value step\" "
                                                      "(2 or 3 fields), found %3 fields"),
                                       file, at, parts.size())};
        }
        std::int64_t timestamp = 0;
        const auto [ptr, ec] =
            std::from_chars(parts[0].data(), parts[0].data() + parts[0].size(), timestamp);
        if (ec != std::errc() || ptr != parts[0].data() + parts[0].size()) {
            return Error{
                formatMessage(QStringLiteral("%1:%2: timestamp '%3' is not a whole number"), file,
                              at, quotedText(parts[0]))};
        }
        Point point;
        point.line = at;
        if (parts.size() == 3) {
            const StepParse parsed = parseStep(parts[2], &point.step);
            if (parsed != StepParse::Ok) {
                return Error{formatMessage(QStringLiteral("%1:%2: %3"), file, at,
                                           stepProblem(parsed, quotedText(parts[2])))};
            }
        }
        const NumberParse parsed = parseNumber(parts[1], &point.value);
        if (parsed != NumberParse::Ok || !std::isfinite(point.value)) {
            point.bad = static_cast<int>(bads.size());
            bads.push_back(
                BadValue{std::string(parts[1].substr(0, 64)), parsed == NumberParse::NotANumber});
        }
        points.push_back(point);
    }
    if (!lines.error().isEmpty()) return Error{lines.error()};
    // MLflow keeps points in the order they were logged; the last one at a step wins.
    std::stable_sort(points.begin(), points.end(),
                     [](const Point& a, const Point& b) { return a.step < b.step; });
    MetricSeries series;
    series.name = key;
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (i + 1 < points.size() && points[i + 1].step == points[i].step) continue;
        const Point& point = points[i];
        if (point.bad >= 0) {
            const BadValue& bad = bads[static_cast<std::size_t>(point.bad)];
            const QString problem =
                bad.notANumber
                    ? formatMessage(QStringLiteral("%1:%2: metric '%3': '%4' is not a number"),
                                    file, point.line, key, quotedText(bad.text))
                    : formatMessage(QStringLiteral("%1:%2: metric '%3': %4 is not a finite number"),
                                    file, point.line, key, quotedText(bad.text));
            run->leftOut.push_back(LeftOutMetric{key, problem});
            return {};
        }
        series.steps.push_back(point.step);
        series.values.push_back(point.value);
    }
    run->metrics.push_back(std::move(series));
    return {};
}

}  // namespace

QString MlflowReader::formatName() const {
    return QStringLiteral("MLflow file store");
}

int MlflowReader::confidence(const QString& path, const QByteArray& head) const {
    Q_UNUSED(head);
    if (!QFileInfo(path).isDir()) return 0;
    const QDir dir(path);
    if (isRunFolder(dir) || isExperimentFolder(dir)) return 95;
    if (isBareRunFolder(dir)) return 80;
    return experimentFolders(dir).isEmpty() ? 0 : 90;
}

Result<LogContents> MlflowReader::read(const QString& path, const LogReadOptions& options) const {
    if (!QFileInfo(path).isDir()) {
        return Error{path + QStringLiteral(": not a folder (an MLflow run, experiment or mlruns "
                                           "folder is needed)")};
    }
    const QDir dir(path);
    QStringList runs;
    bool skipDeleted = true;
    QStringList notes;
    if (isRunFolder(dir)) {
        runs << dir.path();
        skipDeleted = false;  // asked for by name
    } else if (isBareRunFolder(dir)) {
        runs << dir.path();
        skipDeleted = false;
        notes << path + QStringLiteral(": no meta.yaml: read as one MLflow run folder (metrics/ "
                                       "copied out of a store), named after the folder");
    } else if (dir.exists(QStringLiteral("meta.yaml"))) {
        runs = runFolders(dir);
    } else {
        for (const QString& experiment : experimentFolders(dir))
            runs << runFolders(QDir(experiment));
    }
    if (skipDeleted) {
        runs.erase(std::remove_if(runs.begin(), runs.end(),
                                  [](const QString& run) { return isDeleted(QDir(run)); }),
                   runs.end());
    }
    if (runs.isEmpty()) {
        return Error{path + QStringLiteral(": holds no MLflow runs (folders with meta.yaml and "
                                           "metrics/)")};
    }

    // The metric files of every run first, so that progress can count them.
    std::vector<std::vector<std::pair<QString, QString>>> files(
        static_cast<std::size_t>(runs.size()));
    std::size_t total = 0;
    for (qsizetype r = 0; r < runs.size(); ++r) {
        // Absolute, so that keys are relative to metrics/ whatever folder the path is given from.
        const QDir metrics(
            QFileInfo(QDir(runs[r]).filePath(QStringLiteral("metrics"))).absoluteFilePath());
        auto& list = files[static_cast<std::size_t>(r)];
        QDirIterator it(metrics.path(), QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString file = it.next();
            list.emplace_back(metrics.relativeFilePath(file), file);
        }
        std::sort(list.begin(), list.end());
        total += list.size();
    }

    LogContents contents;
    contents.source = path;
    contents.format = formatName();
    contents.notes = notes;
    std::size_t done = 0;
    for (qsizetype r = 0; r < runs.size(); ++r) {
        const QDir runDir(runs[r]);
        LogRun run;
        run.name = runName(runDir);
        for (const auto& [key, file] : files[static_cast<std::size_t>(r)]) {
            if (options.progress && done % 16 == 0 &&
                !options.progress(static_cast<double>(done) / static_cast<double>(total))) {
                return cancelledError(path);
            }
            ++done;
            if (Status s = readMetricFile(file, key, &run); !s) return Error{s.error()};
        }
        contents.runs.push_back(std::move(run));
    }
    return contents;
}

}  // namespace annealer
