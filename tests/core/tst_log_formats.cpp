#include "run/readers/DelimitedTextReader.h"
#include "run/readers/HuggingFaceTrainerStateReader.h"
#include "run/readers/JsonLinesReader.h"
#include "run/readers/LightningCsvReader.h"
#include "run/LogImport.h"
#include "run/readers/MegatronLogReader.h"
#include "run/readers/MlflowReader.h"
#include "run/readers/NemoLogReader.h"
#include "run/RunAssembly.h"
#include "run/readers/WandbHistoryJsonReader.h"
#include "run/readers/WandbPanelCsvReader.h"

#include "TestFiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace annealer;

namespace {

using Steps = std::vector<std::int64_t>;
using Values = std::vector<double>;

// Relative closeness for values computed by hand (a few roundings apart at most).
bool near(double actual, double expected) {
    return std::abs(actual - expected) <= 1e-14 * std::max(std::abs(expected), 1e-300);
}

QString fixture(const QString& relative) {
    return QStringLiteral(ANNEALER_TEST_DATA_DIR "/logs/") + relative;
}

QByteArray fileBytes(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) qFatal("cannot read %s", qPrintable(path));
    return file.readAll();
}

// UTF-16 little-endian without a byte order mark, as some Windows tools write.
QByteArray utf16WithoutBom(const QString& text) {
    return QByteArray(reinterpret_cast<const char*>(text.utf16()), text.size() * 2);
}

const QByteArray kGarbage("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\xff\xd8\xff\0\x01", 21);

QStringList metricNames(const LogRun& run) {
    QStringList names;
    for (const MetricSeries& series : run.metrics) names << series.name;
    return names;
}

const LogReader& readerNamed(const QString& name) {
    static const JsonLinesReader jsonl;
    static const HuggingFaceTrainerStateReader hf;
    static const WandbPanelCsvReader panel;
    static const WandbHistoryJsonReader history;
    static const LightningCsvReader lightning;
    static const MlflowReader mlflow;
    static const MegatronLogReader megatron;
    static const NemoLogReader nemo;
    if (name == "jsonl") return jsonl;
    if (name == "hf") return hf;
    if (name == "panel") return panel;
    if (name == "history") return history;
    if (name == "lightning") return lightning;
    if (name == "mlflow") return mlflow;
    if (name == "megatron") return megatron;
    if (name == "nemo") return nemo;
    qFatal("no reader %s", qPrintable(name));
}

// One Megatron training line as Megatron-LM prints it (old style: no time stamp).
QByteArray megatronLine(int iteration, const char* lr, const char* loss) {
    return QStringLiteral(
               " iteration %1/     100 | consumed samples: %2 | learning rate: %3 | "
               "lm loss: %4 | loss scale: 1.0 |\n")
        .arg(iteration, 8)
        .arg(iteration * 512)
        .arg(QLatin1String(lr), QLatin1String(loss))
        .toUtf8();
}

QByteArray nemoLine(int step, const char* lr, const char* loss, const char* extra = "") {
    return QStringLiteral(
               "Training epoch 0, iteration %1/99 | lr: %2 | global_step: %1 | "
               "reduced_train_loss: %3%4\n")
        .arg(step)
        .arg(QLatin1String(lr), QLatin1String(loss), QLatin1String(extra))
        .toUtf8();
}

}  // namespace

class TstLogFormats : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;

    QString write(const QString& name, const QByteArray& bytes) {
        return writeTestFile(dir_, name, bytes);
    }

    static Result<LogContents> readWith(const QString& reader, const QString& path,
                                        const LogReadOptions& options = {}) {
        return readerNamed(reader).read(path, options);
    }

private slots:
    // Console logs name their metrics their own way; the defaults must still find them.
    void consoleLogDefaults() {
        auto megatron = readRuns(fixture(QStringLiteral("megatron/gpt-345m-train.log")), {}, {});
        QVERIFY2(megatron.ok(), qPrintable(megatron.error()));
        QCOMPARE(megatron->front().lossMetric, QStringLiteral("validation lm loss"));
        QCOMPARE(megatron->front().lrMetric, QStringLiteral("learning rate"));
        auto nemo = readRuns(fixture(QStringLiteral("nemo/llama3-tiny-pretrain.log")), {}, {});
        QVERIFY2(nemo.ok(), qPrintable(nemo.error()));
        QCOMPARE(nemo->front().lossMetric, QStringLiteral("val_loss"));
        QCOMPARE(nemo->front().lrMetric, QStringLiteral("lr"));
    }

    void initTestCase() { QVERIFY(dir_.isValid()); }

    // ---- Recognition -------------------------------------------------------------------------

    void recognisesEachFixture_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("format");
        QTest::newRow("jsonl") << "jsonl/train_log.jsonl"
                               << "JSON Lines";
        QTest::newRow("hf final") << "huggingface/gpt2-small-wiki/trainer_state.json"
                                  << "Hugging Face trainer_state.json";
        QTest::newRow("hf checkpoint") << "huggingface/gpt2-small-wiki/checkpoint-40/"
                                          "trainer_state.json"
                                       << "Hugging Face trainer_state.json";
        QTest::newRow("wandb panel") << "wandb_panel/wandb_export_2024-05-01T12_00_00.000+02_00.csv"
                                     << "W&B panel export (CSV)";
        QTest::newRow("wandb history columns") << "wandb_history/nanogpt-shakespeare-history.json"
                                               << "W&B run history (JSON)";
        QTest::newRow("wandb history rows") << "wandb_history/lightning-run-history.json"
                                            << "W&B run history (JSON)";
        QTest::newRow("lightning") << "lightning/lightning_logs/tiny-gpt/version_2/metrics.csv"
                                   << "PyTorch Lightning metrics.csv";
        QTest::newRow("mlflow store") << "mlflow/mlruns"
                                      << "MLflow file store";
        QTest::newRow("mlflow experiment") << "mlflow/mlruns/417392011283846271"
                                           << "MLflow file store";
        QTest::newRow("mlflow run") << "mlflow/mlruns/0/4f1c2d3e4b5a69788796a5b4c3d2e1f0"
                                    << "MLflow file store";
        QTest::newRow("megatron") << "megatron/gpt-345m-train.log"
                                  << "Megatron-LM console log";
        QTest::newRow("megatron old") << "megatron/old-format.log"
                                      << "Megatron-LM console log";
        QTest::newRow("nemo") << "nemo/llama3-tiny-pretrain.log"
                              << "NeMo console log";
    }

    void recognisesEachFixture() {
        QFETCH(QString, path);
        QFETCH(QString, format);
        const auto log = readLog(fixture(path), {});
        QVERIFY2(log.ok(), qPrintable(log.error()));
        QCOMPARE(log->format, format);
        QCOMPARE(log->source, fixture(path));
        QVERIFY(!log->runs.empty());
    }

    // The same bytes under names that say nothing: the content decides.
    void recognisesByContent_data() {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("format");
        QTest::newRow("jsonl as .json") << "jsonl/train_log.jsonl"
                                        << "content/train.json"
                                        << "JSON Lines";
        QTest::newRow("jsonl as .log") << "jsonl/train_log.jsonl"
                                       << "content/train.log"
                                       << "JSON Lines";
        QTest::newRow("trainer state renamed") << "huggingface/gpt2-small-wiki/trainer_state.json"
                                               << "content/state.json"
                                               << "Hugging Face trainer_state.json";
        QTest::newRow("history renamed") << "wandb_history/nanogpt-shakespeare-history.json"
                                         << "content/export.json"
                                         << "W&B run history (JSON)";
        QTest::newRow("panel renamed")
            << "wandb_panel/wandb_export_2024-05-01T12_00_00.000+02_00.csv"
            << "content/panel.csv"
            << "W&B panel export (CSV)";
        QTest::newRow("megatron as .txt") << "megatron/gpt-345m-train.log"
                                          << "content/stdout.txt"
                                          << "Megatron-LM console log";
        QTest::newRow("megatron old, no suffix") << "megatron/old-format.log"
                                                 << "content/slurm-1234.out"
                                                 << "Megatron-LM console log";
        QTest::newRow("nemo as .txt") << "nemo/llama3-tiny-pretrain.log"
                                      << "content/nemo.txt"
                                      << "NeMo console log";
        // Outside a version_<n> folder a Lightning file is plain delimited text.
        QTest::newRow("lightning elsewhere")
            << "lightning/lightning_logs/tiny-gpt/version_2/metrics.csv"
            << "content/metrics.csv"
            << "delimited text (comma)";
    }

    void recognisesByContent() {
        QFETCH(QString, from);
        QFETCH(QString, name);
        QFETCH(QString, format);
        const QString path = write(name, fileBytes(fixture(from)));
        const auto log = readLog(path, {});
        QVERIFY2(log.ok(), qPrintable(log.error()));
        QCOMPARE(log->format, format);
    }

    void confidence_data() {
        QTest::addColumn<QString>("reader");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<int>("expected");
        QTest::newRow("jsonl step key")
            << "jsonl"
            << "a.jsonl" << QByteArray("{\"step\": 1, \"loss\": 2}\n") << 80;
        QTest::newRow("jsonl nested step key")
            << "jsonl"
            << "a.json" << QByteArray("{\"trainer\": {\"global_step\": 1}}\n{") << 80;
        QTest::newRow("jsonl no step key") << "jsonl"
                                           << "a.jsonl" << QByteArray("{\"loss\": 2}\n") << 50;
        QTest::newRow("jsonl pretty json") << "jsonl"
                                           << "a.json" << QByteArray("{\n  \"step\": 1\n}\n") << 0;
        QTest::newRow("jsonl binary named .jsonl") << "jsonl"
                                                   << "a.jsonl" << QByteArray("\0\1\2", 3) << 10;
        QTest::newRow("hf by name") << "hf"
                                    << "x/trainer_state.json" << QByteArray() << 95;
        QTest::newRow("hf by content")
            << "hf"
            << "x/state.json" << QByteArray("{\n  \"log_history\": [\n") << 85;
        QTest::newRow("hf other json") << "hf"
                                       << "x/config.json" << QByteArray("{\"a\": 1}") << 0;
        QTest::newRow("history") << "history"
                                 << "h.json" << QByteArray("{\"history\" : {\"train\"") << 85;
        QTest::newRow("history word in a string")
            << "history"
            << "h.json" << QByteArray("{\"note\": \"history\"}") << 0;
        QTest::newRow("panel with bands")
            << "panel"
            << "p.csv" << QByteArray("\"Step\",\"r - loss\",\"r - loss__MIN\",\"r - loss__MAX\"\n")
            << 90;
        QTest::newRow("panel without bands")
            << "panel"
            << "p.csv" << QByteArray("Step,r1 - loss,r2 - loss\n") << 65;
        QTest::newRow("plain csv") << "panel"
                                   << "p.csv" << QByteArray("step,loss,lr\n") << 0;
        QTest::newRow("lightning")
            << "lightning"
            << "logs/x/version_12/metrics.csv" << QByteArray("epoch,step,train_loss\n") << 75;
        QTest::newRow("lightning wrong folder")
            << "lightning"
            << "logs/x/v12/metrics.csv" << QByteArray("epoch,step,train_loss\n") << 0;
        QTest::newRow("megatron") << "megatron"
                                  << "a.log"
                                  << QByteArray("x\n iteration 10/ 100 | lm loss: 5.0E+00 |\n")
                                  << 90;
        QTest::newRow("megatron validation")
            << "megatron"
            << "a.log" << QByteArray(" validation loss at iteration 10 | lm loss value: 4 |\n")
            << 90;
        QTest::newRow("megatron argument dump only")
            << "megatron"
            << "a.log" << QByteArray("Megatron-LM arguments:\n  lr ...... 0.1\n") << 50;
        QTest::newRow("megatron on nemo") << "megatron"
                                          << "a.log" << QByteArray(nemoLine(3, "0.1", "2")) << 0;
        QTest::newRow("nemo") << "nemo"
                              << "a.log" << QByteArray(nemoLine(3, "0.1", "2")) << 90;
        QTest::newRow("nemo on megatron") << "nemo"
                                          << "a.log" << megatronLine(10, "1.0E-04", "5.0E+00") << 0;
    }

    void confidence() {
        QFETCH(QString, reader);
        QFETCH(QString, path);
        QFETCH(QByteArray, head);
        QFETCH(int, expected);
        QCOMPARE(readerNamed(reader).confidence(path, head), expected);
    }

    void panelBeatsDelimitedText() {
        const QString path = fixture("wandb_panel/wandb_export_2024-05-01T12_00_00.000+02_00.csv");
        const QByteArray head = fileBytes(path).left(64 * 1024);
        QVERIFY(WandbPanelCsvReader().confidence(path, head) >
                DelimitedTextReader().confidence(path, head));
    }

    // ---- JSON Lines ---------------------------------------------------------------------------

    void jsonLines() {
        const QString path = fixture("jsonl/train_log.jsonl");
        const auto log = readWith("jsonl", path);
        QVERIFY2(log.ok(), qPrintable(log.error()));
        QCOMPARE(log->runs.size(), std::size_t(1));
        const LogRun& run = log->runs.front();
        QCOMPARE(run.name, QString("train_log"));
        QCOMPARE(metricNames(run), (QStringList{"loss", "lr", "tokens", "train/grad_norm",
                                                "train/tokens_per_sec", "val_loss", "val_ppl"}));
        QVERIFY(run.leftOut.empty());
        QCOMPARE(run.metric("loss")->steps, (Steps{0, 10, 20, 30, 40, 50}));
        QCOMPARE(run.metric("loss")->values, (Values{10.95, 8.1, 6.9, 6.2, 5.7, 5.4}));
        QCOMPARE(run.metric("val_loss")->steps, (Steps{25, 50}));
        QCOMPARE(run.metric("val_loss")->values, (Values{6.85, 5.5}));
        QCOMPARE(run.metric("train/grad_norm")->steps, (Steps{10, 20, 30, 40, 50}));
        QCOMPARE(run.metric("train/grad_norm")->values, (Values{4.0, 2.5, 1.75, 1.25, 1.0}));
        QVERIFY(log->notes.isEmpty());

        const auto runs = readRuns(path, {}, {});
        QVERIFY2(runs.ok(), qPrintable(runs.error()));
        const Run& r = runs->front();
        QCOMPARE(r.lossMetric, QString("val_loss"));
        QCOMPARE(r.lrMetric, QString("lr"));
        QCOMPARE(r.lossSteps, (Steps{25, 50}));
        QCOMPARE(r.loss, (Values{6.85, 5.5}));
        QCOMPARE(r.schedule.lr.size(), std::size_t(51));
        QCOMPARE(r.schedule.warmupSteps, std::int64_t(50));  // the logged LR rises to step 50
        QVERIFY(near(r.schedule.lr[45], 0.00027));
        QVERIFY(near(r.schedule.lr[5], 3e-05));
        QCOMPARE(r.schedule.lr[50], 0.0003);
    }

    void jsonLinesDetails() {
        // Escaped keys, strings holding numbers, null as not logged, CRLF, a UTF-8 BOM, and the
        // step named by the user.
        const QByteArray bytes =
            "\xEF\xBB\xBF{\"iter\": 0, \"n\": 5, \"lo\\u0073s\": \"3.5\", \"lr\": null}\r\n"
            "{\"iter\": 1, \"n\": 6, \"loss\": 2.5e0, \"lr\": 0.1}\r\n";
        auto log = readWith("jsonl", write("details.jsonl", bytes));
        QVERIFY2(log.ok(), qPrintable(log.error()));
        const LogRun& run = log->runs.front();
        QCOMPARE(metricNames(run), (QStringList{"n", "loss", "lr"}));
        QCOMPARE(run.metric("loss")->values, (Values{3.5, 2.5}));
        QCOMPARE(run.metric("lr")->steps, (Steps{1}));

        LogReadOptions options;
        options.stepColumn = "N";
        log = readWith("jsonl", dir_.filePath("details.jsonl"), options);
        QVERIFY2(log.ok(), qPrintable(log.error()));
        QCOMPARE(log->runs.front().metric("loss")->steps, (Steps{5, 6}));
        QVERIFY(log->runs.front().metric("iter"));

        options.stepColumn = "epoch";
        log = readWith("jsonl", dir_.filePath("details.jsonl"), options);
        QVERIFY(!log.ok());
        QCOMPARE(log.error(), dir_.filePath("details.jsonl") +
                                  ": no key 'epoch' (asked for as the step); the keys are: iter, "
                                  "n, loss, lr");
    }

    // ---- Hugging Face -------------------------------------------------------------------------

    void huggingFaceFinalState() {
        const QString path = fixture("huggingface/gpt2-small-wiki/trainer_state.json");
        const auto log = readWith("hf", path);
        QVERIFY2(log.ok(), qPrintable(log.error()));
        const LogRun& run = log->runs.front();
        QCOMPARE(run.name, QString("gpt2-small-wiki"));
        // The summary row (train_loss, train_runtime, total_flos, ...) is no point.
        QCOMPARE(metricNames(run),
                 (QStringList{"epoch", "grad_norm", "learning_rate", "loss", "eval_loss",
                              "eval_runtime", "eval_samples_per_second", "eval_steps_per_second"}));
        QVERIFY(run.leftOut.empty());
        QCOMPARE(run.metric("loss")->steps, (Steps{10, 20, 30, 40, 50}));
        QCOMPARE(run.metric("loss")->values, (Values{4.1234, 3.6, 3.3, 3.1, 2.95}));
        QCOMPARE(run.metric("eval_loss")->steps, (Steps{20, 40}));
        QCOMPARE(run.metric("eval_loss")->values, (Values{3.55, 3.2}));
        // Training and evaluation rows of a step agree on the epoch and are merged.
        QCOMPARE(run.metric("epoch")->steps, (Steps{10, 20, 30, 40, 50}));
        QCOMPARE(run.metric("epoch")->values, (Values{0.1, 0.2, 0.3, 0.4, 0.5}));

        const auto runs = readRuns(path, {}, {});
        QVERIFY2(runs.ok(), qPrintable(runs.error()));
        const Run& r = runs->front();
        QCOMPARE(r.lossMetric, QString("eval_loss"));
        QCOMPARE(r.lrMetric, QString("learning_rate"));
        QCOMPARE(r.lossSteps, (Steps{20, 40}));
        QCOMPARE(r.schedule.lr.size(), std::size_t(51));
        QCOMPARE(r.schedule.warmupSteps, std::int64_t(10));
        QVERIFY(near(r.schedule.lr[5], 2.5e-05));
        QVERIFY(near(r.schedule.lr[15], 4.75e-05));
        QCOMPARE(r.schedule.lr[50], 3e-05);
    }

    void huggingFaceCheckpoint() {
        const auto log =
            readWith("hf", fixture("huggingface/gpt2-small-wiki/checkpoint-40/trainer_state.json"));
        QVERIFY2(log.ok(), qPrintable(log.error()));
        QCOMPARE(log->runs.front().name, QString("gpt2-small-wiki"));
        QCOMPARE(log->runs.front().metric("loss")->steps, (Steps{10, 20, 30, 40}));
    }

    void huggingFaceRunNames() {
        const QByteArray bytes = "{\"log_history\": [{\"loss\": 2, \"step\": 1}]}";
        auto log = readWith("hf", write("out/my-finetune/trainer_state.json", bytes));
        QVERIFY2(log.ok(), qPrintable(log.error()));
        QCOMPARE(log->runs.front().name, QString("my-finetune"));
        log = readWith("hf", write("out/sweep-3/checkpoint-1200/trainer_state.json", bytes));
        QVERIFY2(log.ok(), qPrintable(log.error()));
        QCOMPARE(log->runs.front().name, QString("sweep-3"));
        // Only checkpoint-<number> is a checkpoint folder.
        log = readWith("hf", write("out/checkpoint-best/trainer_state.json", bytes));
        QVERIFY2(log.ok(), qPrintable(log.error()));
        QCOMPARE(log->runs.front().name, QString("checkpoint-best"));
    }

    // ---- W&B panel export ---------------------------------------------------------------------

    void wandbPanel() {
        const QString path = fixture("wandb_panel/wandb_export_2024-05-01T12_00_00.000+02_00.csv");
        const auto log = readWith("panel", path);
        QVERIFY2(log.ok(), qPrintable(log.error()));
        QCOMPARE(log->runs.size(), std::size_t(3));
        QCOMPARE(log->runs[0].name, QString("gpt2-lr3e-4"));
        QCOMPARE(log->runs[1].name, QString("gpt2-lr1e-3"));
        QCOMPARE(log->runs[2].name, QString("Group: sweep-a"));
        for (const LogRun& run : log->runs) {
            QCOMPARE(metricNames(run), (QStringList{"train/loss", "train/lr"}));
            QVERIFY(run.leftOut.empty());
        }
        QCOMPARE(log->runs[0].metric("train/loss")->steps, (Steps{0, 100, 200, 300}));
        QCOMPARE(log->runs[0].metric("train/loss")->values, (Values{10.9, 6.5, 5.25, 4.75}));
        // Blank where the run has no point.
        QCOMPARE(log->runs[1].metric("train/loss")->steps, (Steps{0, 100, 200}));
        QCOMPARE(log->runs[1].metric("train/lr")->values, (Values{0.0, 0.001, 0.0005}));
        // The group's line is its mean; the band (__MIN/__MAX) is left aside.
        QCOMPARE(log->runs[2].metric("train/loss")->values, (Values{10.9, 6.25, 5.125, 4.625}));

        const auto runs = readRuns(path, {}, {});
        QVERIFY2(runs.ok(), qPrintable(runs.error()));
        QCOMPARE(runs->size(), std::size_t(3));
        QCOMPARE((*runs)[0].lossMetric, QString("train/loss"));
        QCOMPARE((*runs)[0].lrMetric, QString("train/lr"));
        QVERIFY(near((*runs)[0].schedule.lr[150], 0.000225));
        QCOMPARE((*runs)[1].name, QString("gpt2-lr1e-3"));
        QCOMPARE((*runs)[1].lossSteps, (Steps{0, 100, 200}));
        QCOMPARE((*runs)[1].schedule.lr.size(), std::size_t(201));
        QVERIFY(near((*runs)[1].schedule.lr[150], 0.00075));
    }

    void wandbPanelOtherXAxis() {
        // The x axis is the first column, whatever its name.
        const QByteArray bytes =
            "\"trainer/global_step\",\"a - loss\",\"a - loss__MIN\",\"a - loss__MAX\",\"b - "
            "loss\",\"b - loss__MIN\",\"b - loss__MAX\"\n"
            "\"10\",\"3\",\"3\",\"3\",\"\",\"\",\"\"\n"
            "\"20\",\"2\",\"2\",\"2\",\"2.5\",\"2.5\",\"2.5\"\n";
        const auto log = readWith("panel", write("xaxis.csv", bytes));
        QVERIFY2(log.ok(), qPrintable(log.error()));
        QCOMPARE(log->runs.size(), std::size_t(2));
        QCOMPARE(log->runs[0].metric("loss")->steps, (Steps{10, 20}));
        QCOMPARE(log->runs[1].metric("loss")->steps, (Steps{20}));
    }

    // ---- W&B history JSON ---------------------------------------------------------------------

    void wandbHistoryColumns() {
        const QString path = fixture("wandb_history/nanogpt-shakespeare-history.json");
        const auto log = readWith("history", path);
        QVERIFY2(log.ok(), qPrintable(log.error()));
        QCOMPARE(log->runs.size(), std::size_t(1));
        const LogRun& run = log->runs.front();
        QCOMPARE(run.name, QString("nanogpt-shakespeare-history"));
        QCOMPARE(metricNames(run), (QStringList{"train_lr", "train_loss", "mfu", "val_loss"}));
        QCOMPARE(run.metric("train_loss")->steps, (Steps{0, 10, 20, 30, 40}));
        QCOMPARE(run.metric("train_loss")->values, (Values{4.25, 3.5, 2.75, 2.5, 2.375}));
        QCOMPARE(run.metric("mfu")->steps, (Steps{10, 20, 30, 40}));  // null: not logged
        QCOMPARE(run.metric("val_loss")->steps, (Steps{0, 20, 40}));
        QCOMPARE(run.metric("val_loss")->values, (Values{4.3125, 2.875, 2.5}));

        const auto runs = readRuns(path, {}, {});
        QVERIFY2(runs.ok(), qPrintable(runs.error()));
        const Run& r = runs->front();
        QCOMPARE(r.lossMetric, QString("val_loss"));
        QCOMPARE(r.lrMetric, QString("train_lr"));
        QCOMPARE(r.lossSteps, (Steps{0, 20, 40}));
        QVERIFY(near(r.schedule.lr[5], 0.00015));
        QCOMPARE(r.schedule.lr[25], 0.0006);
        QVERIFY(near(r.schedule.lr[35], 0.00045));
    }

    void wandbHistoryRows() {
        const QString path = fixture("wandb_history/lightning-run-history.json");
        const auto log = readWith("history", path);
        QVERIFY2(log.ok(), qPrintable(log.error()));
        const LogRun& run = log->runs.front();
        // trainer/global_step is the step; _step (W&B's count of log calls) stays a metric.
        QCOMPARE(metricNames(run),
                 (QStringList{"_runtime", "_step", "_timestamp", "train/learning_rate",
                              "train/loss", "eval/loss", "eval/runtime"}));
        QCOMPARE(run.metric("train/loss")->steps, (Steps{0, 50, 100}));
        QCOMPARE(run.metric("eval/loss")->steps, (Steps{50, 100}));
        QCOMPARE(run.metric("eval/loss")->values, (Values{6.625, 5.875}));
        // W&B's own keys count log calls: at a step logged twice, the later call's value.
        QCOMPARE(run.metric("_step")->values, (Values{0, 2, 4}));

        const auto runs = readRuns(path, {}, {});
        QVERIFY2(runs.ok(), qPrintable(runs.error()));
        QCOMPARE(runs->front().lossMetric, QString("eval/loss"));
        QCOMPARE(runs->front().lrMetric, QString("train/learning_rate"));
        QVERIFY(near(runs->front().schedule.lr[25], 0.0002));
        QVERIFY(near(runs->front().schedule.lr[75], 0.0003));
    }

    void wandbHistorySharedKeys() {
        // "loss" in both groups: each is named after its group.
        const QByteArray bytes =
            "{\"history\": {\"train\": {\"_step\": [0, 5, 10], \"loss\": [3, 2.5, 2], \"lr\": "
            "[0.1, 0.1, 0.05]},\n \"val\": {\"_step\": [10], \"loss\": [2.25]}}}";
        const QString path = write("shared.json", bytes);
        const auto log = readWith("history", path);
        QVERIFY2(log.ok(), qPrintable(log.error()));
        QCOMPARE(metricNames(log->runs.front()), (QStringList{"train/loss", "lr", "val/loss"}));
        const auto runs = readRuns(path, {}, {});
        QVERIFY2(runs.ok(), qPrintable(runs.error()));
        QCOMPARE(runs->front().lossMetric, QString("val/loss"));
        QCOMPARE(runs->front().loss, (Values{2.25}));

        // Lists right under "history": one group.
        const auto flat = readWith(
            "history", write("flat.json", "{\"history\": {\"step\": [1, 2], \"loss\": [3, 2]}}"));
        QVERIFY2(flat.ok(), qPrintable(flat.error()));
        QCOMPARE(flat->runs.front().metric("loss")->steps, (Steps{1, 2}));
    }

    // ---- Lightning ----------------------------------------------------------------------------

    void lightning() {
        const QString path = fixture("lightning/lightning_logs/tiny-gpt/version_2/metrics.csv");
        const auto log = readWith("lightning", path);
        QVERIFY2(log.ok(), qPrintable(log.error()));
        const LogRun& run = log->runs.front();
        QCOMPARE(run.name, QString("tiny-gpt/version_2"));
        QCOMPARE(metricNames(run), (QStringList{"epoch", "lr-AdamW", "train_loss", "val_loss"}));
        // DelimitedTextReader merges the rows a step is split over.
        QCOMPARE(run.metric("val_loss")->steps, (Steps{99, 199}));
        QCOMPARE(run.metric("val_loss")->values, (Values{4.375, 3.625}));
        QCOMPARE(run.metric("train_loss")->steps, (Steps{49, 99, 149, 199}));
        QCOMPARE(run.metric("epoch")->steps, (Steps{49, 99, 149, 199}));
        QCOMPARE(run.metric("epoch")->values, (Values{0, 0, 1, 1}));
        QCOMPARE(run.metric("lr-AdamW")->steps, (Steps{0, 50, 100, 150}));

        const auto runs = readRuns(path, {}, {});
        QVERIFY2(runs.ok(), qPrintable(runs.error()));
        const Run& r = runs->front();
        QCOMPARE(r.name, QString("tiny-gpt/version_2"));
        QCOMPARE(r.lossMetric, QString("val_loss"));
        QCOMPARE(r.lrMetric, QString("lr-AdamW"));
        QCOMPARE(r.schedule.warmupSteps, std::int64_t(100));  // the logged LR rises to step 100
        QVERIFY(near(r.schedule.lr[75], 0.00025));
        QCOMPARE(r.schedule.lr[199], 0.0003);
    }

    // ---- MLflow -------------------------------------------------------------------------------

    void mlflowStore() {
        const QString path = fixture("mlflow/mlruns");
        const auto log = readWith("mlflow", path);
        QVERIFY2(log.ok(), qPrintable(log.error()));
        // Experiment 0 first; the deleted run is left out.
        QCOMPARE(log->runs.size(), std::size_t(2));
        const LogRun& owl = log->runs[0];
        QCOMPARE(owl.name, QString("bright-owl-42"));
        QCOMPARE(metricNames(owl), (QStringList{"lr", "train/loss", "val_loss"}));
        QCOMPARE(owl.metric("train/loss")->steps, (Steps{0, 10, 20, 30, 40}));
        QCOMPARE(owl.metric("train/loss")->values, (Values{10.9, 7.5, 6.25, 5.5, 5.125}));
        const LogRun& unnamed = log->runs[1];
        QCOMPARE(unnamed.name, QString("9a8b7c6d5e4f30211203f4e5d6c7b8a9"));
        QCOMPARE(metricNames(unnamed),
                 (QStringList{"learning_rate", "loss", "system/gpu_utilization"}));
        // Sorted by step; of the two points at step 20 the later one wins.
        QCOMPARE(unnamed.metric("loss")->steps, (Steps{0, 10, 15, 20}));
        QCOMPARE(unnamed.metric("loss")->values, (Values{10.875, 7.25, 6.75, 6.375}));
        // Two fields: step 0.
        QCOMPARE(unnamed.metric("system/gpu_utilization")->steps, (Steps{0}));
        QCOMPARE(unnamed.metric("system/gpu_utilization")->values, (Values{97.5}));

        const auto runs = readRuns(path, {}, {});
        QVERIFY2(runs.ok(), qPrintable(runs.error()));
        QCOMPARE((*runs)[0].lossMetric, QString("val_loss"));
        QCOMPARE((*runs)[0].lrMetric, QString("lr"));
        QCOMPARE((*runs)[0].lossSteps, (Steps{20, 40}));
        QVERIFY(near((*runs)[0].schedule.lr[35], 7.5e-05));
        QCOMPARE((*runs)[1].lossMetric, QString("loss"));
        QCOMPARE((*runs)[1].lrMetric, QString("learning_rate"));
        QVERIFY(near((*runs)[1].schedule.lr[15], 0.00075));
    }

    void mlflowExperimentAndRun() {
        auto log = readWith("mlflow", fixture("mlflow/mlruns/417392011283846271"));
        QVERIFY2(log.ok(), qPrintable(log.error()));
        QCOMPARE(log->runs.size(), std::size_t(1));
        QCOMPARE(log->runs[0].name, QString("9a8b7c6d5e4f30211203f4e5d6c7b8a9"));
        // A run folder asked for by name is read even if deleted.
        log = readWith(
            "mlflow", fixture("mlflow/mlruns/417392011283846271/0d1e2f3a4b5c6d7e8f90a1b2c3d4e5f6"));
        QVERIFY2(log.ok(), qPrintable(log.error()));
        QCOMPARE(log->runs.size(), std::size_t(1));
        QCOMPARE(log->runs[0].name, QString("failed-start"));
        QCOMPARE(log->runs[0].metric("loss")->values, (Values{11.0}));
    }

    void mlflowBroken_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("message");  // after ".../metrics/loss"
        QTest::newRow("four fields") << QByteArray("1 2.5 0\n2 2.0 1 7\n")
                                     << ":2: expected \"timestamp value step\" (2 or 3 fields), "
                                        "found 4 fields";
        QTest::newRow("one field") << QByteArray("1714568400100\n")
                                   << ":1: expected \"timestamp value step\" (2 or 3 fields), "
                                      "found 1 fields";
        QTest::newRow("text timestamp")
            << QByteArray("1 2.5 0\nnoon 2.0 1\n") << ":2: timestamp 'noon' is not a whole number";
        QTest::newRow("text step") << QByteArray("1 2.5 x\n") << ":1: step 'x' is not a number";
        QTest::newRow("negative step")
            << QByteArray("1 2.5 -3\n") << ":1: step -3 is negative (steps count from 0)";
        QTest::newRow("binary") << kGarbage
                                << ":1: not a text file (bytes that are not UTF-8 at "
                                   "byte 0)";
        QTest::newRow("UTF-16 without BOM")
            << utf16WithoutBom("1 2.5 0\n") << ":1: not a text file (a NUL byte at byte 1)";
        QTest::newRow("Latin-1") << QByteArray("1 2.5 0\n2 2,0\xB0 1\n")
                                 << ":2: not a text file (bytes that are not UTF-8 at byte 13)";
    }

    void mlflowBroken() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, message);
        static int n = 0;
        const QString run = QStringLiteral("mlbroken%1/mlruns/0/abc").arg(++n);
        write(run + "/meta.yaml", "run_id: abc\n");
        const QString metric = write(run + "/metrics/loss", bytes);
        const auto log = readWith("mlflow", dir_.filePath(run));
        QVERIFY(!log.ok());
        QCOMPARE(log.error(), metric + message);
    }

    void mlflowKeptOut() {
        const QString run = QStringLiteral("mlkept/mlruns/0/abc");
        write(run + "/meta.yaml", "run_id: abc\n");
        write(run + "/metrics/lr", "1 0.1 0\n2 0.1 10\n");
        const QString loss = write(run + "/metrics/loss", "1 3.0 0\n2 nan 10\n3 2.0 20\n");
        const QString acc = write(run + "/metrics/acc", "1 0.5 0\n2 n/a 10\n");
        // A bad value overwritten at its step by a later good one does no harm.
        write(run + "/metrics/tokens", "1 inf 0\n2 100 0\n");
        const auto log = readWith("mlflow", dir_.filePath(run));
        QVERIFY2(log.ok(), qPrintable(log.error()));
        const LogRun& r = log->runs.front();
        QCOMPARE(metricNames(r), (QStringList{"lr", "tokens"}));
        QCOMPARE(r.leftOutMetric("loss")->problem,
                 loss + ":2: metric 'loss': nan is not a finite number");
        QCOMPARE(r.leftOutMetric("acc")->problem, acc + ":2: metric 'acc': 'n/a' is not a number");
        const auto runs = readRuns(dir_.filePath(run), {}, {});
        QVERIFY(!runs.ok());
        QCOMPARE(runs.error(), r.leftOutMetric("loss")->problem);
    }

    void mlflowNotAStore() {
        const QString empty = dir_.filePath("emptystore");
        QDir().mkpath(empty);
        auto log = readWith("mlflow", empty);
        QVERIFY(!log.ok());
        QCOMPARE(log.error(),
                 empty + ": holds no MLflow runs (folders with meta.yaml and metrics/)");
        QCOMPARE(MlflowReader().confidence(empty, {}), 0);
        const QString file = write("notafolder.txt", "x");
        log = readWith("mlflow", file);
        QVERIFY(!log.ok());
        QCOMPARE(log.error(), file +
                                  ": not a folder (an MLflow run, experiment or mlruns "
                                  "folder is needed)");
    }

    // ---- Megatron -----------------------------------------------------------------------------

    void megatron() {
        const QString path = fixture("megatron/gpt-345m-train.log");
        const auto log = readWith("megatron", path);
        QVERIFY2(log.ok(), qPrintable(log.error()));
        const LogRun& run = log->runs.front();
        QCOMPARE(run.name, QString("gpt-345m-train"));
        QCOMPARE(
            metricNames(run),
            (QStringList{"consumed samples", "elapsed time per iteration (ms)", "learning rate",
                         "global batch size", "lm loss", "loss scale", "grad norm",
                         "number of skipped iterations", "number of nan iterations",
                         "validation lm loss", "validation lm loss PPL"}));
        QVERIFY(run.leftOut.empty());
        // The restart from the checkpoint at iteration 20 logs 30 and 40 again: those win.
        QCOMPARE(run.metric("lm loss")->steps, (Steps{10, 20, 30, 40, 50}));
        QCOMPARE(run.metric("lm loss")->values, (Values{9.876543, 7.5, 6.4, 5.9, 5.6}));
        QCOMPARE(run.metric("learning rate")->values,
                 (Values{1.5e-04, 3e-04, 2.8e-04, 2.5e-04, 2.2e-04}));
        QCOMPARE(run.metric("validation lm loss")->steps, (Steps{20, 40}));
        QCOMPARE(run.metric("validation lm loss")->values, (Values{7.25, 6.0}));
        QCOMPARE(run.metric("validation lm loss PPL")->values, (Values{1408.105, 403.4288}));
        QCOMPARE(run.metric("consumed samples")->values,
                 (Values{5120, 10240, 15360, 20480, 25600}));
        QCOMPARE(log->notes.size(), 1);
        QCOMPARE(log->notes.front(),
                 path +
                     ":53: the log goes back from step 40 to step 30 (a restarted run?); what "
                     "was logged before from step 30 on is replaced by the later values");

        RunAssemblyOptions options;
        options.lossMetric = "validation lm loss";
        options.lrMetric = "learning rate";
        const auto runs = readRuns(path, {}, options);
        QVERIFY2(runs.ok(), qPrintable(runs.error()));
        const Run& r = runs->front();
        QCOMPARE(r.lossSteps, (Steps{20, 40}));
        QCOMPARE(r.loss, (Values{7.25, 6.0}));
        QCOMPARE(r.schedule.warmupSteps, std::int64_t(20));  // the logged LR rises to step 20
        QVERIFY(near(r.schedule.lr[5], 7.5e-05));
        QVERIFY(near(r.schedule.lr[35], 2.65e-04));
        QCOMPARE(r.schedule.lr[50], 2.2e-04);
    }

    void megatronOldFormat() {
        const auto log = readWith("megatron", fixture("megatron/old-format.log"));
        QVERIFY2(log.ok(), qPrintable(log.error()));
        const LogRun& run = log->runs.front();
        QVERIFY(!run.metric("grad norm"));
        QCOMPARE(run.metric("lm loss")->steps, (Steps{100, 200, 300}));
        QCOMPARE(run.metric("lm loss")->values, (Values{6.25, 5.5, 5.0}));
        QCOMPARE(run.metric("loss scale")->values, (Values{65536, 65536, 131072}));
        QCOMPARE(run.metric("validation lm loss")->steps, (Steps{200}));
        QCOMPARE(run.metric("validation lm loss")->values, (Values{5.75}));
        QVERIFY(log->notes.isEmpty());
    }

    void megatronVariants() {
        // A rank prefix, a test-set line, an iteration logged twice in a row, a line cut off.
        const QByteArray bytes =
            "[default0]: iteration       10/     100 | lm loss: 5.000000E+00 | learning rate: "
            "1.0E-04 |\n"
            "[default0]: iteration       10/     100 | lm loss: 4.900000E+00 | learning rate: "
            "1.0E-04 |\n"
            " validation loss at iteration 10 on test set | lm loss value: 4.8E+00 | \n"
            " iteration       20/     100 | lm loss: 4.";
        const QString path = write("variants.log", bytes);
        const auto log = readWith("megatron", path);
        QVERIFY2(log.ok(), qPrintable(log.error()));
        const LogRun& run = log->runs.front();
        QCOMPARE(run.metric("lm loss")->steps, (Steps{10}));
        QCOMPARE(run.metric("lm loss")->values, (Values{4.9}));
        QCOMPARE(run.metric("test lm loss")->values, (Values{4.8}));
        QCOMPARE(log->notes,
                 (QStringList{path + ":4: the last line has no line break (the log is still "
                                     "being written?) and is left out",
                              path + ":2: step 10 is logged again with other values; the later "
                                     "values are used (1 repeated values in all)"}));
    }

    // ---- NeMo ---------------------------------------------------------------------------------

    void nemo() {
        const QString path = fixture("nemo/llama3-tiny-pretrain.log");
        const auto log = readWith("nemo", path);
        QVERIFY2(log.ok(), qPrintable(log.error()));
        const LogRun& run = log->runs.front();
        QCOMPARE(run.name, QString("llama3-tiny-pretrain"));
        QCOMPARE(metricNames(run),
                 (QStringList{"epoch", "iteration", "lr", "consumed_samples", "global_batch_size",
                              "reduced_train_loss", "train_step_timing in s", "val_loss"}));
        QCOMPARE(run.metric("reduced_train_loss")->steps, (Steps{0, 1, 2, 3, 4, 5, 6, 7, 8}));
        QCOMPARE(run.metric("reduced_train_loss")->values,
                 (Values{10.98, 10.5, 9.875, 9.25, 8.75, 8.4375, 8.125, 7.875, 7.75}));
        // Taken where each validation's value first shows, not on every line that repeats it.
        QCOMPARE(run.metric("val_loss")->steps, (Steps{4, 7}));
        QCOMPARE(run.metric("val_loss")->values, (Values{8.875, 8.0}));
        QCOMPARE(run.metric("train_step_timing in s")->values[5], 9.101);
        QCOMPARE(log->notes.size(), 1);
        QVERIFY2(log->notes.front().startsWith(path + ":20: the log goes back from step 6 to "
                                                      "step 5"),
                 qPrintable(log->notes.front()));

        const auto runs = readRuns(path, {}, {});
        QVERIFY2(runs.ok(), qPrintable(runs.error()));
        QCOMPARE(runs->front().lossMetric, QString("val_loss"));
        QCOMPARE(runs->front().lrMetric, QString("lr"));
        QCOMPARE(runs->front().lossSteps, (Steps{4, 7}));
        QCOMPARE(runs->front().schedule.lr[8], 6e-05);
        QVERIFY(near(runs->front().schedule.lr[1], 3e-05));
    }

    void nemoWithoutGlobalStep() {
        const QByteArray bytes =
            "Training epoch 0, iteration 0/? | lr: 0.001 | reduced_train_loss: 3\n"
            "Training epoch 0, iteration 1/? | lr: 0.001 | reduced_train_loss: 2.5\n";
        const auto log = readWith("nemo", write("nogs.log", bytes));
        QVERIFY2(log.ok(), qPrintable(log.error()));
        QCOMPARE(log->runs.front().metric("reduced_train_loss")->steps, (Steps{0, 1}));
    }

    // ---- Broken files: each error names the file and where ------------------------------------

    void brokenFiles_data() {
        QTest::addColumn<QString>("reader");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("message");  // after the path

        // JSON Lines
        const QByteArray jsonl = fileBytes(fixture("jsonl/train_log.jsonl"));
        {
            const qsizetype cut = jsonl.indexOf("\"loss\": 6.2") + 10;  // inside "6.2"
            const QByteArray truncated = jsonl.left(cut);
            const qsizetype lineStart = truncated.lastIndexOf('\n') + 1;
            QTest::newRow("jsonl truncated")
                << "jsonl"
                << "b.jsonl" << truncated
                << QStringLiteral(
                       ":6: not a JSON object (the text ends inside a number (cut "
                       "short?), at column %1)")
                       .arg(cut - lineStart + 1);
        }
        QTest::newRow("jsonl truncated in a string")
            << "jsonl"
            << "b.jsonl" << QByteArray("{\"step\": 1}\n{\"step\": 2, \"lo")
            << ":2: not a JSON object (the text ends inside a string (cut short?), at column 16)";
        QTest::newRow("jsonl empty") << "jsonl"
                                     << "b.jsonl" << QByteArray() << ": the file is empty";
        QTest::newRow("jsonl blank lines")
            << "jsonl"
            << "b.jsonl" << QByteArray("\n  \r\n\n") << ": the file is empty";
        QTest::newRow("jsonl list line") << "jsonl"
                                         << "b.jsonl" << QByteArray("{\"step\": 1}\n[1, 2]\n")
                                         << ":2: not a JSON object (a list)";
        QTest::newRow("jsonl two objects")
            << "jsonl"
            << "b.jsonl" << QByteArray("{\"step\": 1} {\"step\": 2}\n")
            << ":1: not a JSON object (more text after the JSON value, at column 13)";
        QTest::newRow("jsonl single quotes")
            << "jsonl"
            << "b.jsonl" << QByteArray("{'step': 1}\n")
            << ":1: not a JSON object (expected a key (a string in double quotes), at column 2)";
        QTest::newRow("jsonl UTF-16 without BOM") << "jsonl"
                                                  << "b.jsonl" << utf16WithoutBom("{\"step\": 1}\n")
                                                  << ":1: not a text file (a NUL byte at byte 1)";
        QTest::newRow("jsonl Latin-1")
            << "jsonl"
            << "b.jsonl" << QByteArray("{\"step\": 1}\n{\"step\": 2, \"temp \xB0\x43\": 20}\n")
            << ":2: not a text file (bytes that are not UTF-8 at byte 30)";
        QTest::newRow("jsonl binary")
            << "jsonl"
            << "b.jsonl" << kGarbage << ":1: not a text file (bytes that are not UTF-8 at byte 0)";
        QTest::newRow("jsonl nested too deeply")
            << "jsonl"
            << "b.jsonl" << QByteArray(100000, '[')
            << ":1: not a JSON object (nested too deeply, at column 513)";
        QTest::newRow("jsonl decreasing step")
            << "jsonl"
            << "b.jsonl"
            << QByteArray(
                   "{\"step\": 0, \"loss\": 3}\n{\"step\": 20, \"loss\": 2}\n"
                   "{\"step\": 10, \"loss\": 1}\n")
            << ":3: step 10 comes after step 20 (steps must increase)";
        QTest::newRow("jsonl repeated step")
            << "jsonl"
            << "b.jsonl"
            << QByteArray(
                   "{\"step\": 0, \"loss\": 3}\n{\"step\": 10, \"loss\": 2}\n\n"
                   "{\"step\": 10, \"loss\": 1.5}\n")
            << ":4: step 10 is repeated with another value of 'loss' (steps must increase)";
        QTest::newRow("jsonl no step")
            << "jsonl"
            << "b.jsonl" << QByteArray("{\"loss\": 3, \"lr\": 0.1}\n")
            << ": no step (looked for step, iter, iteration, global_step, trainer/global_step, "
               "_step, Step, current_steps, epoch); the keys are: loss, lr; name the step (--step-col)";
        QTest::newRow("jsonl fractional step")
            << "jsonl"
            << "b.jsonl" << QByteArray("{\"step\": 0}\n{\"step\": 1.5, \"loss\": 3}\n")
            << ":2: step '1.5' is not a whole number";
        QTest::newRow("jsonl text step")
            << "jsonl"
            << "b.jsonl" << QByteArray("{\"step\": \"ten\"}\n") << ":1: step 'ten' is not a number";
        QTest::newRow("jsonl NaN step")
            << "jsonl"
            << "b.jsonl" << QByteArray("{\"step\": NaN}\n") << ":1: step 'NaN' is not a number";
        QTest::newRow("jsonl negative step") << "jsonl"
                                             << "b.jsonl" << QByteArray("{\"step\": -1}\n")
                                             << ":1: step -1 is negative (steps count from 0)";

        // Hugging Face
        const QByteArray hf = fileBytes(fixture("huggingface/gpt2-small-wiki/trainer_state.json"));
        {
            const QByteArray truncated = hf.left(hf.indexOf("\"loss\": 3.6,") + 12);
            QTest::newRow("hf truncated")
                << "hf"
                << "trainer_state.json" << truncated
                << QStringLiteral(
                       ":%1: not valid JSON (the text ends inside an object (cut "
                       "short?), at byte %2)")
                       .arg(truncated.count('\n') + 1)
                       .arg(truncated.size());
        }
        QTest::newRow("hf empty") << "hf"
                                  << "trainer_state.json" << QByteArray() << ": the file is empty";
        QTest::newRow("hf UTF-16 without BOM")
            << "hf"
            << "trainer_state.json" << utf16WithoutBom("{\"log_history\": []}")
            << ":1: not a text file (a NUL byte at byte 1)";
        QTest::newRow("hf Latin-1")
            << "hf"
            << "trainer_state.json"
            << QByteArray(
                   "{\n\"log_history\": [{\"step\": 1, \"loss\": 2, \"note\": \"\xE9t\xE9\"}]}")
            << ":2: not a text file (bytes that are not UTF-8 at byte 50)";
        QTest::newRow("hf binary") << "hf"
                                   << "trainer_state.json" << kGarbage
                                   << ":1: not a text file (bytes that are not UTF-8 at byte 0)";
        QTest::newRow("hf a list") << "hf"
                                   << "trainer_state.json" << QByteArray("[]")
                                   << ": not a Trainer state file (the file holds a list, not an "
                                      "object)";
        QTest::newRow("hf no log_history")
            << "hf"
            << "trainer_state.json" << QByteArray("{\"global_step\": 5}")
            << ": no \"log_history\" (is this a Hugging Face trainer_state.json?)";
        QTest::newRow("hf log_history an object")
            << "hf"
            << "trainer_state.json" << QByteArray("{\n\"log_history\": {}}")
            << ":2: \"log_history\" is an object, not a list";
        QTest::newRow("hf record not an object")
            << "hf"
            << "trainer_state.json" << QByteArray("{\"log_history\": [\n{\"step\": 1},\n 7]}")
            << ":3: log_history[1] is a number, not an object";
        QTest::newRow("hf only the summary")
            << "hf"
            << "trainer_state.json"
            << QByteArray(
                   "{\"log_history\": [{\"step\": 5, \"train_loss\": 2.5, "
                   "\"train_runtime\": 10.0}]}")
            << ": \"log_history\" holds no training or evaluation records";
        QTest::newRow("hf decreasing step")
            << "hf"
            << "trainer_state.json"
            << QByteArray(
                   "{\"log_history\": [\n{\"loss\": 3, \"step\": 20},\n{\"loss\": 2, "
                   "\"step\": 10}\n]}")
            << ":3: step 10 comes after step 20 (steps must increase)";
        QTest::newRow("hf repeated step")
            << "hf"
            << "trainer_state.json"
            << QByteArray(
                   "{\"log_history\": [\n{\"loss\": 3, \"step\": 10},\n{\"loss\": 2, "
                   "\"step\": 10}\n]}")
            << ":3: step 10 is repeated with another value of 'loss' (steps must increase)";
        QTest::newRow("hf bad literal")
            << "hf"
            << "trainer_state.json" << QByteArray("{\"log_history\": [{\"loss\": nan}]}")
            << ":1: not valid JSON (unexpected text (not a JSON value), at byte 26)";

        // W&B panel export (the cells are read by DelimitedTextReader, with its messages)
        const QByteArray panel =
            fileBytes(fixture("wandb_panel/wandb_export_2024-05-01T12_00_00.000+02_00.csv"));
        {
            const QByteArray truncated = panel.left(panel.indexOf("\"6.25\"") + 3);
            QTest::newRow("panel truncated")
                << "panel"
                << "p.csv" << truncated
                << QStringLiteral(":%1: a quote (\") opened on this line is never closed")
                       .arg(truncated.count('\n') + 1);
        }
        QTest::newRow("panel empty") << "panel"
                                     << "p.csv" << QByteArray() << ": the file is empty";
        QTest::newRow("panel UTF-16 without BOM")
            << "panel"
            << "p.csv" << utf16WithoutBom("Step,r - loss\n0,1\n")
            << ": not a text file (a NUL byte at byte 1)";
        QTest::newRow("panel Latin-1") << "panel"
                                       << "p.csv" << QByteArray("Step,caf\xE9 - loss\n0,1\n")
                                       << ": not a text file (bytes that are not UTF-8 at byte 8)";
        QTest::newRow("panel binary")
            << "panel"
            << "p.csv" << kGarbage << ": not a text file (bytes that are not UTF-8 at byte 0)";
        QTest::newRow("panel decreasing step")
            << "panel"
            << "p.csv" << QByteArray("Step,r - loss\n0,3\n100,2\n50,1\n")
            << ":4: step 50 comes after step 100 (steps must increase)";
        QTest::newRow("panel repeated step")
            << "panel"
            << "p.csv" << QByteArray("Step,r - loss\n0,3\n100,2\n100,1\n")
            << ":4: step 100 is repeated with another value of 'r - loss' (steps must increase)";
        QTest::newRow("panel without run columns")
            << "panel"
            << "p.csv" << QByteArray("Step,loss\n0,3\n")
            << ": no \"<run> - <metric>\" columns (is this a W&B panel export?)";

        // W&B history JSON
        const QByteArray history =
            fileBytes(fixture("wandb_history/nanogpt-shakespeare-history.json"));
        {
            const QByteArray truncated = history.left(history.indexOf("[0, 20, 40]") + 5);
            QTest::newRow("history truncated")
                << "history"
                << "h.json" << truncated
                << QStringLiteral(
                       ":%1: not valid JSON (the text ends inside a list (cut short?), "
                       "at byte %2)")
                       .arg(truncated.count('\n') + 1)
                       .arg(truncated.size());
        }
        QTest::newRow("history empty") << "history"
                                       << "h.json" << QByteArray(" \n") << ": the file is empty";
        QTest::newRow("history UTF-16 without BOM")
            << "history"
            << "h.json" << utf16WithoutBom("{\"history\": []}")
            << ":1: not a text file (a NUL byte at byte 1)";
        QTest::newRow("history Latin-1")
            << "history"
            << "h.json" << QByteArray("{\"history\": {\"\xB5s\": [1]}}")
            << ":1: not a text file (bytes that are not UTF-8 at byte 14)";
        QTest::newRow("history binary") << "history"
                                        << "h.json" << kGarbage
                                        << ":1: not a text file (bytes that are not UTF-8 at byte "
                                           "0)";
        QTest::newRow("history missing") << "history"
                                         << "h.json" << QByteArray("{\"config\": {}}")
                                         << ": no \"history\" (is this a W&B run history export?)";
        QTest::newRow("history unequal lists")
            << "history"
            << "h.json"
            << QByteArray(
                   "{\"history\": {\"train\": {\"iter\": [0, 10, 20],\n"
                   "\"train_loss\": [3, 2]}}}")
            << ":2: history group 'train': 'train_loss' has 2 values but 'iter' has 3";
        QTest::newRow("history decreasing step")
            << "history"
            << "h.json"
            << QByteArray(
                   "{\"history\": {\"train\": {\"iter\": [0, 20,\n 10], \"loss\": [3, 2, "
                   "1]}}}")
            << ":2: history.train.iter[2]: step 10 comes after step 20 (steps must increase)";
        QTest::newRow("history repeated step")
            << "history"
            << "h.json"
            << QByteArray(
                   "{\"history\": {\"train\": {\"iter\": [0, 10, 10], \"loss\": [3, 2, "
                   "1]}}}")
            << ":1: history.train.loss[2]: step 10 is repeated with another value (steps must "
               "increase)";
        QTest::newRow("history no step list")
            << "history"
            << "h.json" << QByteArray("{\"history\": {\"train\": {\"loss\": [1], \"lr\": [2]}}}")
            << ":1: history group 'train' has no step list (looked for step, iter, iteration, "
               "global_step, trainer/global_step, _step, Step, current_steps, epoch); its lists "
               "are: loss, lr; name "
               "the step (--step-col)";
        QTest::newRow("history text step")
            << "history"
            << "h.json" << QByteArray("{\"history\": {\"step\": [0, \"x\"], \"loss\": [1, 2]}}")
            << ":1: history.step[1]: step 'x' is not a number";
        QTest::newRow("history rows decreasing")
            << "history"
            << "h.json" << QByteArray("{\"history\": [\n{\"_step\": 1},\n{\"_step\": 0}]}")
            << ":3: step 0 comes after step 1 (steps must increase)";
        QTest::newRow("history rows not objects")
            << "history"
            << "h.json" << QByteArray("{\"history\": [{\"_step\": 1}, \"x\"]}")
            << ":1: history[1] is a string, not an object";

        // Lightning
        QTest::newRow("lightning empty")
            << "lightning"
            << "lightning_logs/m/version_0/metrics.csv" << QByteArray() << ": the file is empty";
        QTest::newRow("lightning decreasing step")
            << "lightning"
            << "lightning_logs/m/version_0/metrics.csv"
            << QByteArray("epoch,step,train_loss\n0,10,3\n0,20,2\n0,5,1\n")
            << ":4: step 5 comes after step 20 (steps must increase)";

        // Megatron
        QTest::newRow("megatron empty") << "megatron"
                                        << "m.log" << QByteArray("\n\n") << ": the file is empty";
        QTest::newRow("megatron nothing matches")
            << "megatron"
            << "m.log" << QByteArray("starting\n iteration ten | lm loss: 1 |\ndone\n")
            << ": no Megatron-LM training or validation lines (such as \" iteration 100/ 1000 | "
               "lm loss: 5.1E+00 |\")";
        QTest::newRow("megatron UTF-16 without BOM")
            << "megatron"
            << "m.log" << utf16WithoutBom(QString::fromUtf8(megatronLine(10, "1E-4", "5")))
            << ":1: not a text file (a NUL byte at byte 1)";
        QTest::newRow("megatron Latin-1")
            << "megatron"
            << "m.log" << megatronLine(10, "1E-4", "5") + "temp 40\xB0\x43\n"
            << QStringLiteral(":2: not a text file (bytes that are not UTF-8 at byte %1)")
                   .arg(megatronLine(10, "1E-4", "5").size() + 7);
        QTest::newRow("megatron binary") << "megatron"
                                         << "m.log" << kGarbage
                                         << ":1: not a text file (bytes that are not UTF-8 at byte "
                                            "0)";

        // NeMo
        QTest::newRow("nemo empty") << "nemo"
                                    << "n.log" << QByteArray() << ": the file is empty";
        QTest::newRow("nemo nothing matches")
            << "nemo"
            << "n.log" << QByteArray("Validation: iteration 1/2\n")
            << ": no NeMo training lines (such as \"Training epoch 0, iteration 3/9 | lr: 0.0006 "
               "| global_step: 3 | reduced_train_loss: 8.595\")";
        QTest::newRow("nemo UTF-16 without BOM")
            << "nemo"
            << "n.log" << utf16WithoutBom(QString::fromUtf8(nemoLine(1, "0.1", "3")))
            << ":1: not a text file (a NUL byte at byte 1)";
        QTest::newRow("nemo Latin-1")
            << "nemo"
            << "n.log" << QByteArray("Training epoch 0, iteration 1/9 | lr: 0.1 | \xE9t\xE9: 1\n")
            << ":1: not a text file (bytes that are not UTF-8 at byte 44)";
        QTest::newRow("nemo binary")
            << "nemo"
            << "n.log" << kGarbage << ":1: not a text file (bytes that are not UTF-8 at byte 0)";
        QTest::newRow("nemo fractional step")
            << "nemo"
            << "n.log" << nemoLine(1, "0.1", "3").replace("global_step: 1", "global_step: 1.5")
            << ":1: step '1.5' is not a whole number";
    }

    void brokenFiles() {
        QFETCH(QString, reader);
        QFETCH(QString, name);
        QFETCH(QByteArray, bytes);
        QFETCH(QString, message);
        static int n = 0;
        const QString path = write(QStringLiteral("broken%1/").arg(++n) + name, bytes);
        const auto log = readWith(reader, path);
        QVERIFY2(!log.ok(), qPrintable(QStringLiteral("read although broken: ") + path));
        QCOMPARE(log.error(), path + message);
    }

    // ---- Values that are not numbers: the metric is left out, with the reason ----------------

    void keptOut_data() {
        QTest::addColumn<QString>("reader");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("run");
        QTest::addColumn<QString>("metric");
        QTest::addColumn<QString>("problem");  // after the path

        QTest::newRow("jsonl NaN")
            << "jsonl"
            << "k.jsonl"
            << QByteArray(
                   "{\"step\": 0, \"loss\": 3, \"lr\": 1}\n{\"step\": 10, \"loss\": NaN, "
                   "\"lr\": 1}\n")
            << "k"
            << "loss"
            << ":2: key 'loss': NaN is not a finite number";
        QTest::newRow("jsonl -Infinity")
            << "jsonl"
            << "k.jsonl" << QByteArray("{\"step\": 0, \"lr\": -Infinity}\n") << "k"
            << "lr"
            << ":1: key 'lr': -Infinity is not a finite number";
        QTest::newRow("jsonl overflow")
            << "jsonl"
            << "k.jsonl" << QByteArray("{\"step\": 0, \"loss\": 1e999}\n") << "k"
            << "loss"
            << ":1: key 'loss': 1e999 is not a finite number";
        QTest::newRow("jsonl nan string")
            << "jsonl"
            << "k.jsonl" << QByteArray("{\"step\": 0, \"loss\": \"nan\"}\n") << "k"
            << "loss"
            << ":1: key 'loss': nan is not a finite number";
        QTest::newRow("jsonl text")
            << "jsonl"
            << "k.jsonl"
            << QByteArray(
                   "{\"step\": 0, \"train\": {\"lr\": 0.1}}\n{\"step\": 1, \"train\": "
                   "{\"lr\": \"warmup\"}}\n")
            << "k"
            << "train/lr"
            << ":2: key 'train/lr': 'warmup' is not a number";
        QTest::newRow("jsonl true")
            << "jsonl"
            << "k.jsonl" << QByteArray("{\"step\": 0, \"lr\": 0.1}\n{\"step\": 1, \"lr\": true}\n")
            << "k"
            << "lr"
            << ":2: key 'lr': 'true' is not a number";
        QTest::newRow("hf NaN grad_norm")
            << "hf"
            << "trainer_state.json"
            << QByteArray(
                   "{\"log_history\": [\n{\"grad_norm\": 1.5, \"loss\": 3, \"step\": "
                   "10},\n{\"grad_norm\": NaN, \"loss\": 2, \"step\": 20}\n]}")
            << "k"
            << "grad_norm"
            << ":3: key 'grad_norm': NaN is not a finite number";
        QTest::newRow("hf Infinity loss")
            << "hf"
            << "trainer_state.json"
            << QByteArray("{\"log_history\": [\n{\"loss\": Infinity, \"step\": 10}]}") << "k"
            << "loss"
            << ":2: key 'loss': Infinity is not a finite number";
        QTest::newRow("hf text")
            << "hf"
            << "trainer_state.json"
            << QByteArray(
                   "{\"log_history\": [\n{\"learning_rate\": \"1e-4 (warmup)\", \"step\": "
                   "10}]}")
            << "k"
            << "learning_rate"
            << ":2: key 'learning_rate': '1e-4 (warmup)' is not a number";
        QTest::newRow("panel NaN")
            << "panel"
            << "p.csv" << QByteArray("Step,r1 - loss,r2 - loss\n0,3,3\n10,NaN,2\n") << "r1"
            << "loss"
            << ":3: column 'r1 - loss': NaN is not a finite number";
        QTest::newRow("panel text")
            << "panel"
            << "p.csv" << QByteArray("Step,r1 - loss,r2 - loss\n0,3,3\n10,2,abc\n") << "r2"
            << "loss"
            << ":3: column 'r2 - loss': 'abc' is not a number";
        QTest::newRow("history NaN")
            << "history"
            << "h.json"
            << QByteArray(
                   "{\"history\": {\"train\": {\"iter\": [0, 10],\n\"train_loss\": [3, "
                   "NaN]}}}")
            << "h"
            << "train_loss"
            << ":2: history.train.train_loss[1]: NaN is not a finite number";
        QTest::newRow("history text")
            << "history"
            << "h.json" << QByteArray("{\"history\": {\"iter\": [0, 10], \"lr\": [0.1, \"x\"]}}")
            << "h"
            << "lr"
            << ":1: history.lr[1]: 'x' is not a number";
        QTest::newRow("history rows NaN")
            << "history"
            << "h.json" << QByteArray("{\"history\": [\n{\"_step\": 0, \"loss\": NaN}]}") << "h"
            << "loss"
            << ":2: key 'loss': NaN is not a finite number";
        QTest::newRow("lightning nan")
            << "lightning"
            << "lightning_logs/m/version_1/metrics.csv"
            << QByteArray("epoch,step,train_loss\n0,10,3\n0,20,nan\n") << "m/version_1"
            << "train_loss"
            << ":3: column 'train_loss': nan is not a finite number";
        QTest::newRow("megatron nan")
            << "megatron"
            << "m.log" << megatronLine(10, "1E-4", "5") + megatronLine(20, "1E-4", "nan") << "m"
            << "lm loss"
            << ":2: metric 'lm loss': nan is not a finite number";
        QTest::newRow("megatron text") << "megatron"
                                       << "m.log" << megatronLine(10, "n/a", "5") << "m"
                                       << "learning rate"
                                       << ":1: metric 'learning rate': 'n/a' is not a number";
        QTest::newRow("nemo inf") << "nemo"
                                  << "n.log" << nemoLine(1, "0.1", "3") + nemoLine(2, "0.1", "inf")
                                  << "n"
                                  << "reduced_train_loss"
                                  << ":2: metric 'reduced_train_loss': inf is not a finite number";
        QTest::newRow("nemo text") << "nemo"
                                   << "n.log" << nemoLine(1, "0.1", "3", " | val_loss: --") << "n"
                                   << "val_loss"
                                   << ":1: metric 'val_loss': '--' is not a number";
    }

    void keptOut() {
        QFETCH(QString, reader);
        QFETCH(QString, name);
        QFETCH(QByteArray, bytes);
        QFETCH(QString, run);
        QFETCH(QString, metric);
        QFETCH(QString, problem);
        static int n = 0;
        const QString path = write(QStringLiteral("kept%1/").arg(++n) + name, bytes);
        const auto log = readWith(reader, path);
        QVERIFY2(log.ok(), qPrintable(log.error()));
        const LogRun* found = nullptr;
        for (const LogRun& r : log->runs) {
            if (r.name == run || log->runs.size() == 1) found = &r;
        }
        QVERIFY(found);
        QVERIFY(!found->metric(metric));
        QVERIFY2(found->leftOutMetric(metric), qPrintable(metricNames(*found).join(", ")));
        QCOMPARE(found->leftOutMetric(metric)->problem, path + problem);
    }

    // A left-out value a restart logs again is forgotten with what it replaced.
    void restartForgetsKeptOutValue() {
        const QByteArray bytes = megatronLine(10, "1E-4", "5") + megatronLine(20, "1E-4", "nan") +
                                 megatronLine(20, "1E-4", "4.5") + megatronLine(30, "1E-4", "4");
        auto log = readWith("megatron", write("restart-nan.log", bytes));
        QVERIFY2(log.ok(), qPrintable(log.error()));
        // Step 20 came twice in a row: a repeat, not a restart, so the nan stays.
        QVERIFY(log->runs.front().leftOutMetric("lm loss"));

        const QByteArray restarted =
            megatronLine(10, "1E-4", "5") + megatronLine(20, "1E-4", "nan") +
            megatronLine(10, "1E-4", "5") + megatronLine(20, "1E-4", "4.5");
        log = readWith("megatron", write("restart-nan2.log", restarted));
        QVERIFY2(log.ok(), qPrintable(log.error()));
        QVERIFY(log->runs.front().metric("lm loss"));
        QCOMPARE(log->runs.front().metric("lm loss")->values, (Values{5, 4.5}));
    }

    void keptOutLossFailsAssembly() {
        const QString path = write("nanloss.jsonl",
                                   "{\"step\": 0, \"loss\": 3, \"lr\": 1}\n{\"step\": 10, "
                                   "\"loss\": NaN, \"lr\": 1}\n");
        const auto runs = readRuns(path, {}, {});
        QVERIFY(!runs.ok());
        QCOMPARE(runs.error(), path + ":2: key 'loss': NaN is not a finite number");
    }

    // Cut and damaged copies of every fixture file, read by every reader: each read ends with
    // runs or an error naming the file, never a crash or a hang.
    void damagedFilesNeverCrash() {
        const QStringList files = {
            "jsonl/train_log.jsonl",
            "huggingface/gpt2-small-wiki/trainer_state.json",
            "wandb_panel/wandb_export_2024-05-01T12_00_00.000+02_00.csv",
            "wandb_history/nanogpt-shakespeare-history.json",
            "wandb_history/lightning-run-history.json",
            "lightning/lightning_logs/tiny-gpt/version_2/metrics.csv",
            "mlflow/mlruns/0/4f1c2d3e4b5a69788796a5b4c3d2e1f0/metrics/train/loss",
            "megatron/gpt-345m-train.log",
            "nemo/llama3-tiny-pretrain.log",
        };
        const QStringList readers = {"jsonl",     "hf",       "panel", "history",
                                     "lightning", "megatron", "nemo"};
        QRandomGenerator random(20240501);
        int reads = 0;
        for (const QString& file : files) {
            const QByteArray original = fileBytes(fixture(file));
            for (int round = 0; round < 40; ++round) {
                QByteArray bytes = original.left(random.bounded(original.size() + 1));
                const int flips = random.bounded(4);
                for (int k = 0; k < flips && !bytes.isEmpty(); ++k) {
                    bytes[random.bounded(bytes.size())] = static_cast<char>(random.bounded(256));
                }
                const QString path = write(
                    QStringLiteral("damaged/lightning_logs/x/version_%1/metrics.csv").arg(round),
                    bytes);
                for (const QString& reader : readers) {
                    const auto log = readWith(reader, path);
                    if (!log.ok()) QVERIFY2(log.error().startsWith(path), qPrintable(log.error()));
                    ++reads;
                }
                const QString run = QStringLiteral("damaged/mlruns/0/run%1").arg(round);
                write(run + "/meta.yaml", "run_id: x\n");
                write(run + "/metrics/loss", bytes);
                const auto log = readWith("mlflow", dir_.filePath(run));
                if (!log.ok()) {
                    QVERIFY2(log.error().startsWith(dir_.filePath(run)), qPrintable(log.error()));
                }
                ++reads;
            }
        }
        QCOMPARE(reads, 9 * 40 * 8);
    }

    // ---- Progress and cancel ------------------------------------------------------------------

    void progressAndCancel_data() {
        QTest::addColumn<QString>("reader");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("bytes");
        const int rows = 150000;
        QByteArray jsonl, megatron, nemo, hf("{\"log_history\": [\n"), columns;
        QByteArray steps, losses;
        for (int i = 0; i < rows; ++i) {
            jsonl +=
                QStringLiteral("{\"step\": %1, \"loss\": %2, \"lr\": 0.0003, \"tokens\": %3}\n")
                    .arg(i)
                    .arg(10.0 - i * 1e-5, 0, 'g', 10)
                    .arg(i * 4096)
                    .toUtf8();
            megatron += megatronLine(i + 1, "3.000000E-04", "5.123456E+00");
            nemo += nemoLine(i, "0.0003", "5.125");
            hf += QStringLiteral(
                      "{\"epoch\": %1, \"learning_rate\": 3e-05, \"loss\": 2.5, "
                      "\"step\": %2},\n")
                      .arg(i * 1e-4)
                      .arg(i + 1)
                      .toUtf8();
        }
        for (int i = 0; i < 3 * rows; ++i) {
            steps += QByteArray::number(i) + ", ";
            losses += "5.125000, ";
        }
        hf += "{\"loss\": 1, \"step\": 999999999}]}";
        columns = "{\"history\": {\"train\": {\"iter\": [" + steps + "999999999], \"loss\": [" +
                  losses + "1], \"lr\": [" + losses + "1]}}}";
        QTest::newRow("jsonl") << "jsonl"
                               << "big.jsonl" << jsonl;
        QTest::newRow("megatron") << "megatron"
                                  << "big.log" << megatron;
        QTest::newRow("nemo") << "nemo"
                              << "big-nemo.log" << nemo;
        QTest::newRow("hf") << "hf"
                            << "big/trainer_state.json" << hf;
        QTest::newRow("history") << "history"
                                 << "big-history.json" << columns;
    }

    void progressAndCancel() {
        QFETCH(QString, reader);
        QFETCH(QString, name);
        QFETCH(QByteArray, bytes);
        QVERIFY(bytes.size() > 8 * 1024 * 1024);
        const QString path = write(name, bytes);

        std::vector<double> reported;
        LogReadOptions options;
        options.progress = [&reported](double fraction) {
            reported.push_back(fraction);
            return true;
        };
        const auto log = readWith(reader, path, options);
        QVERIFY2(log.ok(), qPrintable(log.error()));
        QVERIFY2(reported.size() >= 3, qPrintable(QString::number(reported.size())));
        for (std::size_t i = 0; i < reported.size(); ++i) {
            QVERIFY(reported[i] >= 0.0 && reported[i] <= 1.0);
            if (i > 0) QVERIFY(reported[i] >= reported[i - 1]);
        }
        QVERIFY(reported.back() > 0.5);

        int calls = 0;
        options.progress = [&calls](double) { return ++calls < 3; };
        const auto cancelled = readWith(reader, path, options);
        QVERIFY(!cancelled.ok());
        QCOMPARE(cancelled.error(), path + ": cancelled");
        QCOMPARE(calls, 3);
    }

    void cancelMlflow() {
        LogReadOptions options;
        options.progress = [](double) { return false; };
        const QString path = fixture("mlflow/mlruns");
        const auto log = readWith("mlflow", path, options);
        QVERIFY(!log.ok());
        QCOMPARE(log.error(), path + ": cancelled");
    }
};

QTEST_GUILESS_MAIN(TstLogFormats)
#include "tst_log_formats.moc"
