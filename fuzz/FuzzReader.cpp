// A libFuzzer harness of one log reader: each input is written to a file of the name the reader
// expects (ANNEALER_FUZZ_FILE, in a folder of its own) and read (ANNEALER_FUZZ_READ: the file
// itself, or the folder for readers of run folders); every run read is then assembled and its
// LR schedule recognised, so that values the reader lets through are fuzzed further on.
// Built once per reader family by fuzz/CMakeLists.txt (ANNEALER_FUZZ_READER names the class).
// Any crash, sanitizer finding or timeout is a finding; an error message is a correct answer.
#include "run/LogImport.h"
#include "run/RunAssembly.h"
#include "run/readers/DelimitedTextReader.h"
#include "run/readers/DvcLiveReader.h"
#include "run/readers/FairseqJsonLogReader.h"
#include "run/readers/HuggingFaceTrainerStateReader.h"
#include "run/readers/JsonLinesReader.h"
#include "run/readers/LightningCsvReader.h"
#include "run/readers/MegatronLogReader.h"
#include "run/readers/MlflowReader.h"
#include "run/readers/NemoLogReader.h"
#include "run/readers/TensorBoardReader.h"
#include "run/readers/WandbHistoryJsonReader.h"
#include "run/readers/WandbPanelCsvReader.h"
#include "run/readers/WandbRunFileReader.h"
#include "run/readers/WordLanguageModelLogReader.h"
#include "run/recognition/ScheduleRecognizer.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace annealer;

namespace {

// Runs longer than this are not assembled: assembly holds one LR a step (up to 200M steps,
// 1.6 GB), which is its documented limit, not a finding.
constexpr std::int64_t kLongestAssembled = 1'000'000;

void writeFile(const QString& path, const char* data, qint64 size) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate)) std::abort();
    out.write(data, size);
}

// The folder the input is written to; with ANNEALER_FUZZ_MLFLOW_RUN, the meta.yaml an MLflow
// run folder needs beside the metric file is written there once; with
// ANNEALER_FUZZ_LIGHTNING_VERSION_0, a version_0 that the input (version_1) may continue; with
// ANNEALER_FUZZ_COMPANION_FROM, a fixture copied to ANNEALER_FUZZ_COMPANION_TO beside the input.
const QTemporaryDir& folder() {
    static const QTemporaryDir* const dir = [] {
        auto* made = new QTemporaryDir;  // kept to the end (reachable, no leak)
        if (!made->isValid()) std::abort();
#ifdef ANNEALER_FUZZ_MLFLOW_RUN
        const char text[] = "run_id: fuzz\nrun_name: fuzz\nexperiment_id: '0'\nstatus: 3\n";
        writeFile(made->filePath(QStringLiteral("run/meta.yaml")), text,
                  static_cast<qint64>(sizeof text - 1));
#endif
#ifdef ANNEALER_FUZZ_LIGHTNING_VERSION_0
        const char version0[] = "epoch,lr-AdamW,step,train_loss\n0,0.001,9,4.5\n0,0.001,19,4.4\n";
        writeFile(made->filePath(QStringLiteral("lightning_logs/gpt/version_0/metrics.csv")),
                  version0, static_cast<qint64>(sizeof version0 - 1));
#endif
#ifdef ANNEALER_FUZZ_COMPANION_FROM
        QFile companion(QStringLiteral(ANNEALER_FUZZ_COMPANION_FROM));
        if (!companion.open(QIODevice::ReadOnly)) std::abort();
        const QByteArray bytes = companion.readAll();
        writeFile(made->filePath(QStringLiteral(ANNEALER_FUZZ_COMPANION_TO)), bytes.constData(),
                  bytes.size());
#endif
        return made;
    }();
    return *dir;
}

Result<LogContents> readInput(const QString& path) {
#ifdef ANNEALER_FUZZ_READER
    return ANNEALER_FUZZ_READER().read(path, {});
#else
    return readLog(path, {});  // the reader chosen from the content, as `annealer import` does
#endif
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    writeFile(folder().filePath(QStringLiteral(ANNEALER_FUZZ_FILE)),
              reinterpret_cast<const char*>(data), static_cast<qint64>(size));
    const QString read = QDir(folder().path()).filePath(QStringLiteral(ANNEALER_FUZZ_READ));
    const Result<LogContents> log = readInput(read);
    if (!log.ok()) return 0;
    for (const LogRun& run : log->runs) {
        std::int64_t last = 0;
        for (const MetricSeries& metric : run.metrics) {
            if (!metric.steps.empty()) last = std::max(last, metric.steps.back());
            (void)recognizeSchedule(metric.steps, metric.values);
        }
        if (last <= kLongestAssembled) (void)assembleRun(*log, run, {});
    }
    return 0;
}
