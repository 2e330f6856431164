#include "run/readers/LightningCsvReader.h"

#include "run/readers/DelimitedTextReader.h"
#include "run/parsing/LogText.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

#include "MessageText.h"

#include <algorithm>
#include <vector>

namespace annealer {
namespace {

// The version_<n> folder a CSVLogger file sits in, or an empty string.
QString versionFolder(const QString& path) {
    const QFileInfo info(path);
    if (info.fileName() != QLatin1String("metrics.csv")) return {};
    static const QRegularExpression version(QStringLiteral("^version_[0-9]+$"));
    const QString folder = info.absoluteDir().dirName();
    return version.match(folder).hasMatch() ? folder : QString();
}

// The metrics.csv files of the version_<n> folders directly in `dir`, by n.
std::vector<std::pair<long long, QString>> versionFiles(const QDir& dir) {
    std::vector<std::pair<long long, QString>> out;
    const QStringList names =
        dir.entryList(QStringList{QStringLiteral("version_*")}, QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString& name : names) {
        bool ok = false;
        const long long n = name.mid(8).toLongLong(&ok);
        const QString file = dir.filePath(name + QStringLiteral("/metrics.csv"));
        if (ok && QFileInfo(file).isFile()) out.emplace_back(n, file);
    }
    std::sort(out.begin(), out.end());
    return out;
}

// The folders of versions in a folder given: itself (lightning_logs/<name>), else each of its
// subfolders (lightning_logs/).
QStringList experimentFolders(const QString& path) {
    const QDir dir(path);
    if (!versionFiles(dir).empty()) return {dir.path()};
    QStringList out;
    for (const QString& name : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        if (!versionFiles(QDir(dir.filePath(name))).empty()) out << dir.filePath(name);
    }
    return out;
}

struct StepSpan {
    std::int64_t first = -1;
    std::int64_t last = -1;
    std::int64_t widestGap = 1;  // between two logged steps of one metric
};

StepSpan stepSpan(const LogRun& run) {
    StepSpan span;
    for (const MetricSeries& m : run.metrics) {
        if (m.steps.empty()) continue;
        if (span.first < 0 || m.steps.front() < span.first) span.first = m.steps.front();
        span.last = std::max(span.last, m.steps.back());
        for (std::size_t i = 1; i < m.steps.size(); ++i) {
            span.widestGap = std::max(span.widestGap, m.steps[i] - m.steps[i - 1]);
        }
    }
    return span;
}

// A version resumed from a checkpoint of the run before begins after that run's first step
// and no later than one logging interval past its last; a new run begins where the first did.
bool resumes(const StepSpan& earlier, const StepSpan& later) {
    return earlier.first >= 0 && later.first > earlier.first &&
           later.first <= earlier.last + earlier.widestGap;
}

// `later` (a resumed version) continues `run`: what `run` logged from later's first step on is
// replaced by later's values.
void continueWith(LogRun& run, LogRun&& later, std::int64_t from) {
    for (MetricSeries& m : run.metrics) {
        const auto cut = std::lower_bound(m.steps.begin(), m.steps.end(), from);
        m.values.resize(static_cast<std::size_t>(cut - m.steps.begin()));
        m.steps.erase(cut, m.steps.end());
    }
    for (MetricSeries& m : later.metrics) {
        auto same = std::find_if(run.metrics.begin(), run.metrics.end(),
                                 [&](const MetricSeries& x) { return x.name == m.name; });
        if (same == run.metrics.end()) {
            run.metrics.push_back(std::move(m));
            continue;
        }
        same->steps.insert(same->steps.end(), m.steps.begin(), m.steps.end());
        same->values.insert(same->values.end(), m.values.begin(), m.values.end());
    }
    for (LeftOutMetric& left : later.leftOut) {
        if (!run.leftOutMetric(left.name)) run.leftOut.push_back(std::move(left));
    }
    run.metrics.erase(std::remove_if(run.metrics.begin(), run.metrics.end(),
                                     [](const MetricSeries& m) { return m.steps.empty(); }),
                      run.metrics.end());
}

Result<LogContents> readVersionFolders(const QString& path, const QStringList& experiments,
                                       const LogReadOptions& options, const QString& format) {
    LogContents contents;
    contents.source = path;
    contents.format = format;
    for (const QString& experiment : experiments) {
        const QString name = QDir(experiment).dirName();
        LogRun* chain = nullptr;
        QString chainName;
        for (const auto& [n, file] : versionFiles(QDir(experiment))) {
            if (options.progress && !options.progress(0.0)) return cancelledError(path);
            auto log = DelimitedTextReader().read(file, LogReadOptions{options.stepColumn, 0, {}});
            if (!log) return Error{log.error()};
            contents.notes << log->notes;
            if (log->runs.empty()) continue;
            LogRun run = std::move(log->runs.front());
            const QString version = QStringLiteral("version_%1").arg(n);
            const StepSpan span = stepSpan(run);
            const std::int64_t first = span.first;
            if (chain != nullptr && resumes(stepSpan(*chain), span)) {
                contents.notes << formatMessage(
                    QStringLiteral("%1: %2 begins at step %3: a run resumed from a checkpoint, "
                                   "continuing %4 (merged by step; from step %3 on the values "
                                   "of %2)"),
                    path, name + QLatin1Char('/') + version, first, chainName);
                continueWith(*chain, std::move(run), first);
                chain->name += QLatin1Char('+') + QString::number(n);
                chainName = name + QLatin1Char('/') + version;
                continue;
            }
            run.name = name + QLatin1Char('/') + version;
            contents.runs.push_back(std::move(run));
            chain = &contents.runs.back();
            chainName = chain->name;
        }
    }
    if (contents.runs.empty()) return Error{path + QStringLiteral(": holds no Lightning runs")};
    return contents;
}

}  // namespace

QString LightningCsvReader::formatName() const {
    return QStringLiteral("PyTorch Lightning metrics.csv");
}

int LightningCsvReader::confidence(const QString& path, const QByteArray& head) const {
    if (QFileInfo(path).isDir()) return experimentFolders(path).isEmpty() ? 0 : 85;
    if (versionFolder(path).isEmpty()) return 0;
    // Above DelimitedTextReader for what it would read anyway.
    return DelimitedTextReader().confidence(path, head) >= 40 ? 75 : 0;
}

Result<LogContents> LightningCsvReader::read(const QString& path,
                                             const LogReadOptions& options) const {
    if (QFileInfo(path).isDir()) {
        return readVersionFolders(path, experimentFolders(path), options,
                                  QStringLiteral("PyTorch Lightning logs folder"));
    }
    if (options.progress && !options.progress(0.0)) return cancelledError(path);
    auto log = DelimitedTextReader().read(path, options);
    if (!log) return Error{log.error()};
    const QString version = versionFolder(path);
    if (!version.isEmpty() && !log->runs.empty()) {
        QDir dir = QFileInfo(path).absoluteDir();
        const QString name = dir.cdUp() ? dir.dirName() : QString();
        log->runs.front().name = name.isEmpty() ? version : name + QLatin1Char('/') + version;
    }
    log->format = formatName();
    if (options.progress && !options.progress(1.0)) return cancelledError(path);
    return log;
}

}  // namespace annealer
