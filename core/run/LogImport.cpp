#include "run/LogImport.h"

#include "run/readers/DelimitedTextReader.h"
#include "run/readers/JsonLinesReader.h"
#include "run/readers/KeyValueLogReader.h"
#include "run/readers/HuggingFaceTrainerStateReader.h"
#include "run/readers/WandbPanelCsvReader.h"
#include "run/readers/WandbHistoryJsonReader.h"
#include "run/readers/LightningCsvReader.h"
#include "run/readers/MlflowReader.h"
#include "run/readers/MegatronLogReader.h"
#include "run/readers/NemoLogReader.h"
#include "run/readers/TensorBoardReader.h"

#include <QFile>
#include <QFileInfo>
#include <QStringList>

namespace annealer {

const std::vector<std::unique_ptr<LogReader>>& logReaders() {
    static const std::vector<std::unique_ptr<LogReader>> readers = [] {
        std::vector<std::unique_ptr<LogReader>> list;
        list.push_back(std::make_unique<DelimitedTextReader>());
        list.push_back(std::make_unique<JsonLinesReader>());
        list.push_back(std::make_unique<HuggingFaceTrainerStateReader>());
        list.push_back(std::make_unique<WandbPanelCsvReader>());
        list.push_back(std::make_unique<WandbHistoryJsonReader>());
        list.push_back(std::make_unique<LightningCsvReader>());
        list.push_back(std::make_unique<MlflowReader>());
        list.push_back(std::make_unique<MegatronLogReader>());
        list.push_back(std::make_unique<NemoLogReader>());
        list.push_back(std::make_unique<TensorBoardReader>());
        // The fallback, least confident of all.
        list.push_back(std::make_unique<KeyValueLogReader>());
        return list;
    }();
    return readers;
}

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
    if (best == nullptr) {
        QStringList formats;
        for (const auto& reader : logReaders()) formats << reader->formatName();
        return Error{QStringLiteral("%1: not a log format this program reads (tried: %2)")
                         .arg(path, formats.join(QStringLiteral(", ")))};
    }
    return best->read(path, options);
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
