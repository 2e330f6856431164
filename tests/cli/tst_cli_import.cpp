// `annealer import`, and fit/predict on any log with --run/--loss/--lr, --schedule and
// --parent/--branch-step, run as the user runs them: the built binary.
#include "AnnealerProcess.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <cstdint>
#include <map>
#include <numbers>
#include <set>
#include <vector>

namespace {

bool writeAll(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           file.write(bytes) == bytes.size();
}

bool isOneLine(const QByteArray& text) {
    return text.endsWith('\n') && text.count('\n') == 1;
}

double lossAt(std::int64_t s) {
    return 2.5 + 8.0 * std::pow(1.0 + static_cast<double>(s), -0.4);
}

QByteArray number(double value) {
    return QByteArray::number(value, 'g', 17);
}

// A log with a validation and a training loss, an LR that follows no schedule family (so that it
// is interpolated), and a column with text in it.
//   LR samples: step 100: 1e-3, 300: 8e-4, 700: 7.5e-4, 900: 2e-4
//   train_loss every 100 steps from 100 to 1000; val_loss at 500 and 1000
const std::map<std::int64_t, double> kLr = {{100, 1e-3}, {300, 8e-4}, {700, 7.5e-4}, {900, 2e-4}};

QByteArray mixedLog() {
    QByteArray bytes = "step,train_loss,val_loss,lr,grad_norm\n";
    for (std::int64_t s = 100; s <= 1000; s += 100) {
        bytes += QByteArray::number(static_cast<qlonglong>(s)) + ',' + number(lossAt(s)) + ',' +
                 (s % 500 == 0 ? number(lossAt(s) + 0.1) : QByteArray()) + ',' +
                 (kLr.count(s) ? number(kLr.at(s)) : QByteArray()) + ',' +
                 (s == 600 ? QByteArray("n/a") : QByteArray("1.5")) + '\n';
    }
    return bytes;
}

// The per-step LR the program rebuilds from kLr: a linear warmup from 0 to the first sample,
// straight lines between samples (slope first, as np.interp), the last one held.
double interpolatedLr(std::int64_t step) {
    auto after = kLr.lower_bound(step);
    if (after == kLr.end()) return std::prev(after)->second;
    if (after->first == step) return after->second;
    const double x = static_cast<double>(step);
    if (after == kLr.begin()) {
        return after->second / static_cast<double>(after->first) * x;
    }
    const auto before = std::prev(after);
    const double slope =
        (after->second - before->second) / static_cast<double>(after->first - before->first);
    return slope * (x - static_cast<double>(before->first)) + before->second;
}

struct Row {
    std::int64_t step = 0;
    double lr = 0.0;
    QByteArray loss;
};

std::vector<Row> readRows(const QByteArray& csv, bool* ok) {
    std::vector<Row> rows;
    const QList<QByteArray> lines = csv.trimmed().split('\n');
    *ok = !lines.isEmpty() && lines.front() == "step,lr,loss";
    for (qsizetype i = 1; *ok && i < lines.size(); ++i) {
        const QList<QByteArray> fields = lines[i].split(',');
        if (fields.size() != 3) {
            *ok = false;
            break;
        }
        Row row;
        bool stepOk = false;
        bool lrOk = false;
        row.step = fields[0].toLongLong(&stepOk);
        row.lr = fields[1].toDouble(&lrOk);
        row.loss = fields[2];
        *ok = stepOk && lrOk;
        rows.push_back(row);
    }
    return rows;
}

}  // namespace

class TestCliImport : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;

    QString path(const QString& name) const { return dir_.filePath(name); }

private slots:
    void initTestCase() {
        QVERIFY(QFile::exists(QStringLiteral(ANNEALER_EXECUTABLE)));
        QVERIFY(dir_.isValid());
        QVERIFY(writeAll(path("mixed.csv"), mixedLog()));
    }

    void listsRunsAndMetrics() {
        const Outcome listed = runAnnealer({"import", "mixed.csv"}, dir_.path());
        QCOMPARE(listed.exitCode, 0);
        QVERIFY2(listed.err.isEmpty(), listed.err.constData());
        const QString out = QString::fromUtf8(listed.out);
        QVERIFY2(out.startsWith("mixed.csv: delimited text (comma), 1 run(s)\nrun mixed (3 "
                                "metrics)\n"),
                 qPrintable(out));
        // Each metric with its points and step range (counted from mixedLog()).
        const auto hasLine = [&](const QString& pattern) {
            return QRegularExpression(pattern, QRegularExpression::MultilineOption)
                .match(out)
                .hasMatch();
        };
        QVERIFY2(hasLine("^  train_loss +10  100\\.\\.1000$"), qPrintable(out));
        QVERIFY2(hasLine("^  val_loss +2  500\\.\\.1000$"), qPrintable(out));
        QVERIFY2(hasLine("^  lr +4  100\\.\\.900$"), qPrintable(out));
        QVERIFY2(hasLine("^  left out: grad_norm: mixed\\.csv:7: column 'grad_norm': 'n/a' is "
                         "not a number$"),
                 qPrintable(out));
        QVERIFY2(hasLine("^  loss: val_loss: validation loss, taken over the training loss "
                         "'train_loss'$"),
                 qPrintable(out));
        QVERIFY2(hasLine("^  LR:   lr: the usual name of an LR metric$"), qPrintable(out));
        QVERIFY2(hasLine("^  LR schedule: not recognised: "), qPrintable(out));
        QVERIFY2(hasLine("^  per-step LR: linear interpolation of 4 LR samples; linear warmup "
                         "from 0 over steps 0\\.\\.100; the last LR \\(0\\.0002\\) held over "
                         "steps 901\\.\\.1000; warmup \\(the initial LR rise\\) ends at step 100$"),
                 qPrintable(out));
    }

    // Small logs are read two at a time (app/cli/LogInputs.cpp): of two broken logs the first
    // named is the one reported, as when they were read one after the other.
    void logsReadTogetherKeepTheirOrder() {
        QVERIFY(writeAll(path("broken1.csv"), "step,lr,loss\n1,1e-3,x\n"));
        QVERIFY(writeAll(path("broken2.csv"), "step,lr,loss\n1,1e-3,y\n"));
        for (const QStringList& files : {QStringList{"broken1.csv", "mixed.csv", "broken2.csv"},
                                         QStringList{"mixed.csv", "broken2.csv", "broken1.csv"}}) {
            const Outcome failed = runAnnealer(QStringList{"fit", "--law", "momentum"} + files,
                                               dir_.path());
            QCOMPARE(failed.exitCode, 1);
            const QString err = QString::fromUtf8(failed.err);
            const QString broken = files.front() == "mixed.csv" ? files[1] : files[0];
            QVERIFY2(err.contains(broken) &&
                         !err.contains(broken == "broken1.csv" ? "broken2.csv" : "broken1.csv"),
                     qPrintable(err));
        }
    }

    void listsEveryFileAndFormat() {
        const QString logs = QStringLiteral(ANNEALER_TEST_DATA_DIR "/logs/");
        const Outcome listed =
            runAnnealer({"import", logs + "jsonl/train_log.jsonl",
                         logs + "wandb_panel/wandb_export_2024-05-01T12_00_00.000+02_00.csv"},
                        dir_.path());
        QCOMPARE(listed.exitCode, 0);
        const QString out = QString::fromUtf8(listed.out);
        QVERIFY2(out.contains("train_log.jsonl: JSON Lines, 1 run(s)\n"), qPrintable(out));
        QVERIFY2(out.contains(", 3 run(s)\n"), qPrintable(out));
        for (const char* run : {"run gpt2-lr3e-4 ", "run gpt2-lr1e-3 ", "run Group: sweep-a "}) {
            QVERIFY2(out.contains(QLatin1String(run)), run);
        }
        // --run narrows the listing.
        const Outcome one =
            runAnnealer({"import", "--run", "gpt2-lr1e-3",
                         logs + "wandb_panel/wandb_export_2024-05-01T12_00_00.000+02_00.csv"},
                        dir_.path());
        QCOMPARE(one.exitCode, 0);
        QCOMPARE(QString::fromUtf8(one.out).count(
                     QRegularExpression("^run ", QRegularExpression::MultilineOption)),
                 1);
    }

    // `annealer import` lists what each of the new formats holds: the format, the runs, the
    // loss and LR taken (paths relative to tests/data/logs).
    void listsTheNewFormats_data() {
        QTest::addColumn<QString>("log");
        QTest::addColumn<QString>("header");
        QTest::addColumn<QString>("loss");
        QTest::addColumn<QString>("lr");
        QTest::newRow("W&B run file")
            << "wandb_run/wandb/run-20261205_120000-abc123/run-abc123.wandb"
            << "W&B run file (.wandb), 1 run(s)" << "val_loss" << "lr";
        QTest::newRow("DVCLive") << "dvclive" << "DVCLive folder, 1 run(s)" << "eval/loss"
                                 << "lr";
        QTest::newRow("MLflow run, no meta.yaml")
            << "mlflow_bare/7c1e0a9b3d2f4e5a8b6c0d1e2f3a4b5c" << "MLflow file store, 1 run(s)"
            << "eval/loss" << "learning_rate";
        QTest::newRow("Lightning versions") << "lightning_resumed/lightning_logs"
                                            << "PyTorch Lightning logs folder, 2 run(s)"
                                            << "val_loss" << "lr-AdamW";
        QTest::newRow("Keras TensorBoard") << "keras_tensorboard/logs"
                                           << "TensorBoard run folder, 1 run(s)"
                                           << "validation/epoch_loss" << "epoch_learning_rate";
        QTest::newRow("fairseq JSON") << "fairseq/hydra_train.log" << "fairseq JSON log, 1 run(s)"
                                      << "valid_loss" << "lr";
        QTest::newRow("word-language-model")
            << "word_language_model/train.log" << "PyTorch word-language-model log, 1 run(s)"
            << "valid_loss" << "lr";
    }
    void listsTheNewFormats() {
        QFETCH(QString, log);
        QFETCH(QString, header);
        QFETCH(QString, loss);
        QFETCH(QString, lr);
        const Outcome listed = runAnnealer(
            {"import", QStringLiteral(ANNEALER_TEST_DATA_DIR "/logs/") + log}, dir_.path());
        QCOMPARE(listed.exitCode, 0);
        const QString out = QString::fromUtf8(listed.out);
        QVERIFY2(out.contains(log + ": " + header + "\n"), qPrintable(out));
        QVERIFY2(out.contains("\n  loss: " + loss + ": "), qPrintable(out));
        QVERIFY2(out.contains("\n  LR:   " + lr + ": "), qPrintable(out));
    }

    void summaryIsRefusedInOneLine() {
        const Outcome refused = runAnnealer(
            {"import", QStringLiteral(ANNEALER_TEST_DATA_DIR "/logs/wandb_run/wandb/"
                                      "run-20261205_120000-abc123/files/wandb-summary.json")},
            dir_.path());
        QCOMPARE(refused.exitCode, 1);
        QVERIFY(isOneLine(refused.err));
        QVERIFY2(refused.err.contains("holds final values only, not a history: use the run's "
                                      ".wandb file"),
                 refused.err.constData());
    }

    void convertsToStepLrLoss() {
        const Outcome converted = runAnnealer({"import", "mixed.csv", "--run", "mixed", "--loss",
                                               "train_loss", "--lr", "lr", "-o", "run.csv"},
                                              dir_.path());
        QCOMPARE(converted.exitCode, 0);
        QVERIFY2(converted.err.isEmpty(), converted.err.constData());
        QVERIFY2(converted.out.startsWith("wrote run.csv: run mixed, 11 rows, loss 'train_loss', "
                                          "LR 'lr'; linear interpolation of 4 LR samples"),
                 converted.out.constData());
        bool ok = false;
        const std::vector<Row> rows = readRows(readAll(path("run.csv")), &ok);
        QVERIFY(ok);
        // A row at step 0, at each loss point (100..1000) and at each LR sample (all on loss
        // points here): 11 rows.
        std::vector<std::int64_t> steps;
        for (const Row& row : rows) steps.push_back(row.step);
        QCOMPARE(steps,
                 (std::vector<std::int64_t>{0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000}));
        for (const Row& row : rows) {
            QCOMPARE(row.lr, interpolatedLr(row.step));
            if (row.step == 0) {
                QVERIFY(row.loss.isEmpty());
            } else {
                QCOMPARE(row.loss.toDouble(), lossAt(row.step));
            }
        }

        // The validation loss by default; its two points, plus the rows of the LR samples.
        const Outcome defaults = runAnnealer({"import", "mixed.csv", "-o", "-"}, dir_.path());
        QCOMPARE(defaults.exitCode, 0);
        const std::vector<Row> valRows = readRows(defaults.out, &ok);
        QVERIFY(ok);
        std::vector<std::int64_t> valSteps;
        for (const Row& row : valRows) valSteps.push_back(row.step);
        QCOMPARE(valSteps, (std::vector<std::int64_t>{0, 100, 300, 500, 700, 900, 1000}));
        QCOMPARE(valRows[3].loss.toDouble(), lossAt(500) + 0.1);
        QVERIFY(valRows[4].loss.isEmpty());
        QCOMPARE(valRows[4].lr, 7.5e-4);
    }

    void convertsARecognisedScheduleEveryStep() {
        // A linear warmup to 1e-3 over 200 steps, then cosine to 0 at step 2000, logged every 50
        // steps from step 0: recognised, so the per-step LR is the formula's.
        QByteArray bytes = "step,lr,loss\n";
        const auto lrAt = [](std::int64_t s) {
            const double x = static_cast<double>(s);
            if (s < 200) return 1e-3 * x / 200.0;
            return 1e-3 * 0.5 * (1.0 + std::cos(std::numbers::pi * (x - 200.0) / 1800.0));
        };
        for (std::int64_t s = 0; s < 2000; s += 50) {
            bytes += QByteArray::number(static_cast<qlonglong>(s)) + ',' +
                     QByteArray::number(lrAt(s), 'g', 6) + ',' + number(lossAt(s)) + '\n';
        }
        QVERIFY(writeAll(path("cosine.csv"), bytes));
        const Outcome converted =
            runAnnealer({"import", "cosine.csv", "--every-step", "-o", "every.csv"}, dir_.path());
        QCOMPARE(converted.exitCode, 0);
        QVERIFY2(converted.out.contains("recognised as cosine decay from 0.001 at step 200 to 0 at "
                                        "step 2000; linear warmup from 0 over steps 0..200"),
                 converted.out.constData());
        bool ok = false;
        const std::vector<Row> rows = readRows(readAll(path("every.csv")), &ok);
        QVERIFY(ok);
        QCOMPARE(rows.size(), std::size_t(1951));
        for (const Row& row : rows) {
            QVERIFY2(std::abs(row.lr - lrAt(row.step)) <= 1e-15,
                     qPrintable(QString::number(row.step)));
        }
    }

    void fitWithAScheduleForALogWithoutLr() {
        QByteArray bytes = "iteration,lm loss\n";
        for (std::int64_t s = 100; s <= 5000; s += 100) {
            bytes += QByteArray::number(static_cast<qlonglong>(s)) + ',' + number(lossAt(s)) + '\n';
        }
        QVERIFY(writeAll(path("nolr.csv"), bytes));
        const Outcome made = runAnnealer({"schedule", "cosine", "steps=5001", "peak=3e-4",
                                          "warmup=200", "floor_ratio=0.1", "-o", "s.json"},
                                         dir_.path());
        QCOMPARE(made.exitCode, 0);
        // Without a schedule, the missing LR is named.
        const Outcome without = runAnnealer({"fit", "--law", "momentum", "nolr.csv"}, dir_.path());
        QCOMPARE(without.exitCode, 1);
        QVERIFY2(isOneLine(without.err), without.err.constData());
        QVERIFY2(without.err.contains("no LR metric found") && without.err.contains("--schedule"),
                 without.err.constData());
        const Outcome fit = runAnnealer(
            {"fit", "--law", "momentum", "--schedule", "s.json", "-o", "fit.json", "nolr.csv"},
            dir_.path());
        QCOMPARE(fit.exitCode, 0);
        QVERIFY2(fit.err.isEmpty(), fit.err.constData());
        QVERIFY2(fit.out.contains("momentum-literal law fitted to 1 run(s), 50 points"),
                 fit.out.constData());
        // predict takes the same log and schedule.
        const Outcome predicted = runAnnealer(
            {"predict", "--fit", "fit.json", "--schedule", "s.json", "-o", "p.csv", "nolr.csv"},
            dir_.path());
        QCOMPARE(predicted.exitCode, 0);
        const QList<QByteArray> lines = readAll(path("p.csv")).trimmed().split('\n');
        QCOMPARE(lines.size(), qsizetype(51));
        QCOMPARE(lines[0], QByteArray("step,lr,predicted_loss,observed_loss"));
        // step 100 is in the warmup: 3e-4 * 100 / 200
        const QList<QByteArray> first = lines[1].split(',');
        QCOMPARE(first.size(), qsizetype(4));
        QCOMPARE(first[0], QByteArray("100"));
        QCOMPARE(first[1].toDouble(), 3e-4 * 100.0 / 200.0);
        QCOMPARE(first[3].toDouble(), lossAt(100));
    }

    void convertsOneRunOfAMultiRunLog() {
        const QString panel =
            QStringLiteral(ANNEALER_TEST_DATA_DIR
                           "/logs/wandb_panel/wandb_export_2024-05-01T12_00_00.000+02_00.csv");
        const Outcome converted = runAnnealer({"import", panel, "--run", "gpt2-lr3e-4", "--loss",
                                               "train/loss", "--lr", "train/lr", "-o", "-"},
                                              dir_.path());
        QCOMPARE(converted.exitCode, 0);
        // The fixture's values (tests/data/logs/README.md): LR 0, 3e-4, 1.5e-4, 0.
        bool ok = false;
        const std::vector<Row> rows = readRows(converted.out, &ok);
        QVERIFY(ok);
        QCOMPARE(rows.size(), std::size_t(4));
        const double lr[] = {0.0, 3e-4, 1.5e-4, 0.0};
        const double loss[] = {10.9, 6.5, 5.25, 4.75};
        for (std::size_t i = 0; i < rows.size(); ++i) {
            QCOMPARE(rows[i].step, static_cast<std::int64_t>(100 * i));
            QCOMPARE(rows[i].lr, lr[i]);
            QCOMPARE(rows[i].loss.toDouble(), loss[i]);
        }
    }

    void errorsAreOneLine_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown run")
            << QStringList{"import", "mixed.csv", "--run", "nope", "-o", "x.csv"}
            << "annealer import: mixed.csv: no run 'nope'; the runs are: mixed\n";
        QTest::newRow("unknown tag")
            << QStringList{"import", "mixed.csv", "--loss", "nope", "-o", "x.csv"}
            << "annealer import: mixed.csv: no metric 'nope' (asked for as the loss); the "
               "metrics are: train_loss, val_loss, lr\n";
        QTest::newRow("unknown LR tag in fit")
            << QStringList{"fit", "--law", "momentum", "--lr", "eta", "mixed.csv"}
            << "annealer fit: mixed.csv: no metric 'eta' (asked for as the LR); the metrics "
               "are: train_loss, val_loss, lr\n";
        QTest::newRow("unknown run in fit")
            << QStringList{"fit", "--law", "momentum", "--run", "other", "mixed.csv"}
            << "annealer fit: no run 'other' in mixed.csv; the runs are: mixed\n";
        QTest::newRow("schedule shorter than the log")
            << QStringList{"import", "nolr.csv", "--schedule", "s.json", "-o", "x.csv"}
            << "annealer import: s.json: the schedule has 5000 steps (0..4999), but run 'nolr' "
               "(nolr.csv) goes to step 5000\n";
        QTest::newRow("parent without a branch step")
            << QStringList{"fit", "--law", "momentum", "--parent", "mixed.csv", "nolr.csv"}
            << "annealer fit: --parent mixed.csv needs --branch-step S before the log it applies "
               "to\n";
    }

    void errorsAreOneLine() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        // The schedule case needs a schedule shorter than the log (steps 0..4999 for a log to
        // step 5000).
        const Outcome made = runAnnealer(
            {"schedule", "cosine", "steps=5000", "peak=3e-4", "warmup=200", "-o", "s.json"},
            dir_.path());
        QCOMPARE(made.exitCode, 0);
        QByteArray bytes = "step,loss\n";
        for (std::int64_t s = 100; s <= 5000; s += 100) {
            bytes += QByteArray::number(static_cast<qlonglong>(s)) + ',' + number(lossAt(s)) + '\n';
        }
        QVERIFY(writeAll(path("nolr.csv"), bytes));
        const Outcome outcome = runAnnealer(args, dir_.path());
        QVERIFY(outcome.exitCode != 0);
        QVERIFY2(isOneLine(outcome.err), outcome.err.constData());
        QCOMPARE(QString::fromUtf8(outcome.err), message);
        QVERIFY(!QFile::exists(path("x.csv")));
    }

    // A folder of CSV logs is not a run folder: one line saying it is a folder, which folders
    // are read, and that its files can be imported themselves (not "not a log format").
    void aFolderOfLogFilesSaysToChooseTheFiles() {
        QVERIFY(QDir(dir_.path()).mkpath(QStringLiteral("set_of_csvs")));
        QVERIFY(writeAll(path("set_of_csvs/a.csv"), mixedLog()));
        const Outcome outcome = runAnnealer({"import", "set_of_csvs"}, dir_.path());
        QVERIFY(outcome.exitCode != 0);
        QVERIFY2(isOneLine(outcome.err), outcome.err.constData());
        QVERIFY2(outcome.err.contains("set_of_csvs: a folder that holds no run") &&
                     outcome.err.contains("TensorBoard") &&
                     outcome.err.contains("choose the files themselves") &&
                     !outcome.err.contains("not a log format"),
                 outcome.err.constData());
        const Outcome file = runAnnealer({"import", "set_of_csvs/a.csv"}, dir_.path());
        QCOMPARE(file.exitCode, 0);
    }

    void branchedRunTakesTheParentsLr() {
        // A constant-LR parent (linear warmup over 1000 steps, logged from step 0) and a
        // cooldown branched from it at step 3000, linear to 0 at step 4000.
        QByteArray parent = "step,lr,loss\n";
        for (std::int64_t s = 0; s <= 4000; s += 100) {
            const double lr = s < 1000 ? 3e-4 * static_cast<double>(s) / 1000.0 : 3e-4;
            parent += QByteArray::number(static_cast<qlonglong>(s)) + ',' +
                      QByteArray::number(lr, 'g', 6) + ',' + number(lossAt(s)) + '\n';
        }
        QByteArray cooldown = "step,lr,loss\n";
        for (std::int64_t s = 3000; s <= 4000; s += 100) {
            const double lr = 3e-4 * static_cast<double>(4000 - s) / 1000.0;
            cooldown += QByteArray::number(static_cast<qlonglong>(s)) + ',' +
                        QByteArray::number(lr, 'g', 6) + ',' + number(lossAt(s) - 0.05) + '\n';
        }
        QVERIFY(writeAll(path("constant.csv"), parent));
        QVERIFY(writeAll(path("cooldown.csv"), cooldown));
        const Outcome converted =
            runAnnealer({"import", "--parent", "constant.csv", "--branch-step", "3000",
                         "cooldown.csv", "--every-step", "-o", "branched.csv"},
                        dir_.path());
        QCOMPARE(converted.exitCode, 0);
        bool ok = false;
        const std::vector<Row> rows = readRows(readAll(path("branched.csv")), &ok);
        QVERIFY(ok);
        QCOMPARE(rows.size(), std::size_t(4001));
        for (const Row& row : rows) {
            const double x = static_cast<double>(row.step);
            const double want = row.step < 1000   ? 3e-4 * x / 1000.0
                                : row.step < 3000 ? 3e-4
                                                  : 3e-4 * (4000.0 - x) / 1000.0;
            QVERIFY2(std::abs(row.lr - want) <= 1e-15, qPrintable(QString::number(row.step)));
        }
        // Without --every-step, the rows where the LR bends come along, so that reading the
        // file back gives the same LR.
        const Outcome sparse = runAnnealer({"import", "--parent", "constant.csv", "--branch-step",
                                            "3000", "cooldown.csv", "-o", "sparse.csv"},
                                           dir_.path());
        QCOMPARE(sparse.exitCode, 0);
        const std::vector<Row> sparseRows = readRows(readAll(path("sparse.csv")), &ok);
        QVERIFY(ok);
        std::set<std::int64_t> steps;
        for (const Row& row : sparseRows) steps.insert(row.step);
        QVERIFY(steps.count(0) && steps.count(1000) && steps.count(3000) && steps.count(4000));
        QVERIFY2(sparseRows.size() <= 20, qPrintable(QString::number(sparseRows.size())));

        // fit: the parent and the branched run together.
        const Outcome fit = runAnnealer({"fit", "--law", "momentum", "constant.csv", "--parent",
                                         "constant.csv", "--branch-step", "3000", "cooldown.csv"},
                                        dir_.path());
        QCOMPARE(fit.exitCode, 0);
        // 41 loss points of the parent (steps 0..4000) and 11 of the cooldown (3000..4000),
        // less the parent's loss at step 0, before any LR area: the law has no value there.
        QVERIFY2(fit.out.contains("fitted to 2 run(s), 51 points"), fit.out.constData());
        QVERIFY2(fit.out.contains("the loss at step 0 is left out"), fit.out.constData());
    }

    void helpDocumentsLineage() {
        const Outcome help = runAnnealer({"fit", "--help"}, dir_.path());
        QCOMPARE(help.exitCode, 0);
        for (const char* text : {"--parent PARENT_LOG --branch-step S before the LOG",
                                 "--parent-run", "--schedule", "--no-recognize", "--run"}) {
            QVERIFY2(help.out.contains(text), text);
        }
        const Outcome usage = runAnnealer({"help"}, dir_.path());
        QVERIFY2(usage.out.contains("annealer import FILE..."), usage.out.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliImport)
#include "tst_cli_import.moc"
