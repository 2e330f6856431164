#include "run/LogImport.h"

#include "MessageText.h"
#include "run/LogLimits.h"

#include "run/readers/DelimitedTextReader.h"
#include "run/readers/JsonLinesReader.h"
#include "run/readers/KeyValueLogReader.h"
#include "run/readers/HuggingFaceTrainerStateReader.h"
#include "run/readers/WandbPanelCsvReader.h"
#include "run/readers/WandbHistoryJsonReader.h"
#include "run/readers/WandbRunFileReader.h"
#include "run/readers/WandbSummaryReader.h"
#include "run/readers/LightningCsvReader.h"
#include "run/readers/MlflowReader.h"
#include "run/readers/DvcLiveReader.h"
#include "run/readers/MegatronLogReader.h"
#include "run/readers/NemoLogReader.h"
#include "run/readers/FairseqJsonLogReader.h"
#include "run/readers/WordLanguageModelLogReader.h"
#include "run/readers/TensorBoardReader.h"

#include <QFile>
#include <QFileInfo>
#include <QStringList>

#include <algorithm>

namespace annealer {

const std::vector<std::unique_ptr<LogReader>>& logReaders() {
    static const std::vector<std::unique_ptr<LogReader>> readers = [] {
        std::vector<std::unique_ptr<LogReader>> list;
        list.push_back(std::make_unique<DelimitedTextReader>());
        list.push_back(std::make_unique<JsonLinesReader>());
        list.push_back(std::make_unique<HuggingFaceTrainerStateReader>());
        list.push_back(std::make_unique<WandbPanelCsvReader>());
        list.push_back(std::make_unique<WandbHistoryJsonReader>());
        list.push_back(std::make_unique<WandbRunFileReader>());
        list.push_back(std::make_unique<WandbSummaryReader>());
        list.push_back(std::make_unique<LightningCsvReader>());
        list.push_back(std::make_unique<MlflowReader>());
        list.push_back(std::make_unique<DvcLiveReader>());
        list.push_back(std::make_unique<MegatronLogReader>());
        list.push_back(std::make_unique<NemoLogReader>());
        list.push_back(std::make_unique<FairseqJsonLogReader>());
        list.push_back(std::make_unique<WordLanguageModelLogReader>());
        list.push_back(std::make_unique<TensorBoardReader>());
        // The fallback, least confident of all.
        list.push_back(std::make_unique<KeyValueLogReader>());
        return list;
    }();
    return readers;
}

namespace {

// Logs of epochs only: says so, and with --steps-per-epoch N counts epoch e as step e * N.
Status applyEpochAxis(LogContents& contents, std::int64_t stepsPerEpoch) {
    if (stepsPerEpoch < 0) {
        return Error{formatMessage(QStringLiteral("--steps-per-epoch %1 is negative"),
                                   stepsPerEpoch)};
    }
    bool anyEpochs = false;
    for (LogRun& run : contents.runs) {
        if (!run.epochAxis) continue;
        anyEpochs = true;
        if (stepsPerEpoch == 0) {
            contents.notes << formatMessage(
                QStringLiteral("%1: run %2 logs epochs and no step: the epoch is the step axis "
                               "(--steps-per-epoch N counts epoch e as step e*N)"),
                contents.source, run.name);
            continue;
        }
        for (MetricSeries& metric : run.metrics) {
            for (std::int64_t& step : metric.steps) {
                const std::optional<std::int64_t> scaled = checkedMul(step, stepsPerEpoch);
                if (!scaled || *scaled > kMaxLogStep) {
                    return Error{formatMessage(
                        QStringLiteral("%1: run %2: epoch %3 times --steps-per-epoch %4 is "
                                       "beyond %5 (2^53), the largest step the program can "
                                       "represent"),
                        contents.source, run.name, step, stepsPerEpoch, kMaxLogStep)};
                }
                step = *scaled;
            }
        }
        run.epochAxis = false;
        contents.notes << formatMessage(
            QStringLiteral("%1: run %2 logs epochs: epoch e is step e*%3 (--steps-per-epoch)"),
            contents.source, run.name, stepsPerEpoch);
    }
    if (stepsPerEpoch > 0 && !anyEpochs) {
        contents.notes << formatMessage(
            QStringLiteral("%1: --steps-per-epoch is not used: the log has steps"),
            contents.source);
    }
    return {};
}

}  // namespace

Result<LogContents> readLog(const QString& path, const LogReadOptions& options) {
    QFile file(path);
    if (!QFileInfo(path).isDir()) {
        if (!file.exists()) return Error{path + QStringLiteral(": no such file")};
        if (!file.open(QIODevice::ReadOnly))
            return Error{path + QStringLiteral(": cannot open: ") + file.errorString()};
    }
    const QByteArray head = file.isOpen() ? file.read(64 * 1024) : QByteArray();
    const LogReader* best = nullptr;
    int bestConfidence = 0;
    for (const auto& reader : logReaders()) {
        const int confidence = reader->confidence(path, head);
        if (confidence > bestConfidence) {
            bestConfidence = confidence;
            best = reader.get();
        }
    }
    if (best == nullptr && QFileInfo(path).isDir()) {
        // A folder of log files (a set of CSVs, a W&B or trainer output folder) is not a run
        // folder: say which folders are read, and that its files can be imported themselves.
        QStringList folders;
        for (const auto& reader : logReaders())
            if (reader->readsFolders()) folders << reader->formatName();
        return Error{QStringLiteral("%1: a folder that holds no run this program reads (the "
                                    "folders it reads: %2); to import the log files in it, "
                                    "choose the files themselves")
                         .arg(path, folders.join(QStringLiteral(", ")))};
    }
    if (best == nullptr) {
        QStringList formats;
        for (const auto& reader : logReaders()) formats << reader->formatName();
        return Error{QStringLiteral("%1: not a log format this program reads (tried: %2)")
                         .arg(path, formats.join(QStringLiteral(", ")))};
    }
    auto contents = best->read(path, options);
    if (!contents) return contents;
    if (Status s = applyEpochAxis(*contents, options.stepsPerEpoch); !s) return Error{s.error()};
    return contents;
}

std::vector<QStringList> groupLogPaths(const QStringList& paths) {
    std::vector<QStringList> groups;
    std::vector<QString> eventFolders;  // per group: the folder of its event files, or empty
    for (const QString& path : paths) {
        const QFileInfo info(path);
        const QString folder =
            !info.isDir() && isTensorBoardEventFile(path) ? info.absolutePath() : QString();
        const auto same = folder.isEmpty()
                              ? eventFolders.end()
                              : std::find(eventFolders.begin(), eventFolders.end(), folder);
        if (same != eventFolders.end()) {
            groups[static_cast<std::size_t>(same - eventFolders.begin())] << path;
            continue;
        }
        groups.push_back({path});
        eventFolders.push_back(folder);
    }
    return groups;
}

Result<LogContents> readLogGroup(const QStringList& group, const LogReadOptions& options) {
    if (group.size() == 1) return readLog(group.front(), options);
    auto contents = readTensorBoardEventFiles(group, options);
    if (!contents) return contents;
    if (Status s = applyEpochAxis(*contents, options.stepsPerEpoch); !s) return Error{s.error()};
    return contents;
}

Result<std::vector<Run>> readRuns(const QString& path, const LogReadOptions& readOptions,
                                  const RunAssemblyOptions& assemblyOptions) {
    auto log = readLog(path, readOptions);
    if (!log) return Error{log.error()};
    if (log->runs.empty()) return Error{path + QStringLiteral(": holds no runs")};
    std::vector<Run> runs;
    for (const LogRun& logRun : log->runs) {
        auto run = assembleRun(*log, logRun, assemblyOptions);
        if (!run) return Error{run.error()};
        runs.push_back(std::move(*run));
    }
    return runs;
}

}  // namespace annealer
