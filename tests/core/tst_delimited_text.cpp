#include "run/readers/DelimitedTextReader.h"
#include "run/RunAssembly.h"

#include "MultipowerRuns.h"
#include "TestFiles.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>

using namespace annealer;

namespace {

// Relative closeness for values computed by hand (a few roundings apart at most).
bool near(double actual, double expected) {
    return std::abs(actual - expected) <= 1e-14 * std::max(std::abs(expected), 1e-300);
}

}  // namespace

class TstDelimitedText : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    DelimitedTextReader reader_;

    QString write(const QString& name, const QByteArray& bytes) {
        return writeTestFile(dir_, name, bytes);
    }

    Result<LogContents> read(const QString& name, const QByteArray& bytes,
                             const LogReadOptions& options = {}) {
        return reader_.read(write(name, bytes), options);
    }

    // Reads and assembles; an error of either step comes back as the Run's error.
    Result<Run> assemble(const QString& name, const QByteArray& bytes,
                         const RunAssemblyOptions& options = {},
                         const LogReadOptions& readOptions = {}) {
        const Result<LogContents> log = read(name, bytes, readOptions);
        if (!log.ok()) return Error{log.error()};
        return assembleRun(*log, log->runs.front(), options);
    }

private slots:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void sniffsEachDelimiter_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("format");
        QTest::newRow("comma") << QByteArray("step,lr,loss\n0,0.001,4\n10,0.002,3.5\n")
                               << "delimited text (comma)";
        QTest::newRow("tab") << QByteArray("step\tlr\tloss\n0\t0.001\t4\n10\t0.002\t3.5\n")
                             << "delimited text (tab)";
        QTest::newRow("semicolon") << QByteArray("step;lr;loss\n0;0.001;4\n10;0.002;3.5\n")
                                   << "delimited text (semicolon)";
        QTest::newRow("whitespace")
            << QByteArray("  step     lr    loss\n     0  0.001  4\n    10  0.002 \t 3.5  \n")
            << "delimited text (whitespace)";
        // Commas inside the tab-separated names must not win the sniff.
        QTest::newRow("tab with commas in names")
            << QByteArray("step\tlr\tloss (a, b)\n0\t0.001\t4\n10\t0.002\t3.5\n")
            << "delimited text (tab)";
        QTest::newRow("comma with spaces in names")
            << QByteArray("step, lr , my loss\n0, 0.001, 4\n10,0.002 ,3.5\n")
            << "delimited text (comma)";
    }

    void sniffsEachDelimiter() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, format);
        const auto log = read("sniff.csv", bytes);
        QVERIFY2(log.ok(), qPrintable(log.error()));
        QCOMPARE(log->format, format);
        QCOMPARE(log->runs.size(), std::size_t(1));
        const LogRun& run = log->runs.front();
        QCOMPARE(run.name, QString("sniff"));
        QCOMPARE(run.metrics.size(), std::size_t(2));
        QCOMPARE(run.metrics[0].name, QString("lr"));
        QCOMPARE(run.metrics[0].steps, (std::vector<std::int64_t>{0, 10}));
        QCOMPARE(run.metrics[0].values, (std::vector<double>{0.001, 0.002}));
        QCOMPARE(run.metrics[1].values, (std::vector<double>{4.0, 3.5}));
    }

    void quotedFields() {
        const QByteArray bytes =
            "\"step\",\"lr, peak\",\"note \"\"x\"\"\",loss\n"
            "0,\"0.5\",\"a, \"\"quoted\"\" note\",4\n"
            "1, \"0.25\" ,\"two\nlines\",3\n"
            "2,0.125,plain,2\n";
        const auto log = read("quoted.csv", bytes);
        QVERIFY2(log.ok(), qPrintable(log.error()));
        QCOMPARE(log->format, QString("delimited text (comma)"));
        const LogRun& run = log->runs.front();
        QCOMPARE(run.metrics.size(), std::size_t(2));
        QCOMPARE(run.metrics[0].name, QString("lr, peak"));
        QCOMPARE(run.metrics[0].values, (std::vector<double>{0.5, 0.25, 0.125}));
        QCOMPARE(run.metrics[1].name, QString("loss"));
        QCOMPARE(run.metrics[1].steps, (std::vector<std::int64_t>{0, 1, 2}));
        // The text column is left out, with the first offending cell (unescaped) and its line.
        QCOMPARE(run.leftOut.size(), std::size_t(1));
        QCOMPARE(run.leftOut[0].name, QString("note \"x\""));
        QCOMPARE(run.leftOut[0].problem,
                 dir_.filePath("quoted.csv") +
                     ":2: column 'note \"x\"': 'a, \"quoted\" note' is not a number");
    }

    void quotedLineBreakKeepsLineNumbers() {
        // The record starting on line 3 spans two lines; the bad cell after it is on line 5.
        const QByteArray bytes = "step,note,lr\n0,x,1\n1,\"a\nb\",2\n2,y,abc\n";
        const auto log = read("lines.csv", bytes);
        QVERIFY2(log.ok(), qPrintable(log.error()));
        const LeftOutMetric* lr = log->runs.front().leftOutMetric("lr");
        QVERIFY(lr);
        QCOMPARE(lr->problem,
                 dir_.filePath("lines.csv") + ":5: column 'lr': 'abc' is not a number");
    }

    void percentInNamesIsKeptAsIs() {
        // A '%' followed by a digit must not be taken for a message placeholder.
        const auto log = read("p%1.csv", "step,acc%2,lr\n0,x,1\n");
        QVERIFY2(log.ok(), qPrintable(log.error()));
        QCOMPARE(log->runs.front().leftOut.at(0).problem,
                 dir_.filePath("p%1.csv") + ":2: column 'acc%2': 'x' is not a number");
    }

    void crlfBomAndComments() {
        const QByteArray bytes =
            "\xEF\xBB\xBF# written by a script\r\n\r\n# second comment\r\nstep,lr,loss\r\n"
            "\r\n0,0.1,3\r\n10,0.2,2.5\r\n20,x,2\r\n";
        const auto log = read("crlf.csv", bytes);
        QVERIFY2(log.ok(), qPrintable(log.error()));
        const LogRun& run = log->runs.front();
        QVERIFY(run.metric("loss"));
        QCOMPARE(run.metric("loss")->steps, (std::vector<std::int64_t>{0, 10, 20}));
        QCOMPARE(run.metric("loss")->values, (std::vector<double>{3, 2.5, 2}));
        // Lines count from the top of the file, comments and blank lines included.
        QVERIFY(run.leftOutMetric("lr"));
        QCOMPARE(run.leftOutMetric("lr")->problem,
                 dir_.filePath("crlf.csv") + ":8: column 'lr': 'x' is not a number");
    }

    void utf16File() {
        const QString text = "step\tlr\tval_loss\n0\t0.001\t4\n5\t0.002\t3.5\n";
        QByteArray bytes("\xFF\xFE", 2);
        bytes.append(reinterpret_cast<const char*>(text.utf16()), text.size() * 2);
        const auto log = read("excel.txt", bytes);
        QVERIFY2(log.ok(), qPrintable(log.error()));
        QCOMPARE(log->format, QString("delimited text (tab)"));
        QCOMPARE(log->runs.front().metric("val_loss")->values, (std::vector<double>{4, 3.5}));
    }

    void blankCells() {
        // LR every 10 steps, loss every 20 steps and not at step 0; a blank line and an
        // all-blank row in between.
        const QByteArray bytes =
            "step,lr,loss,tokens\n"
            "0,0.1,,\n"
            "10,0.2,,\n"
            "\n"
            ",,,\n"
            "20,,3.5,\n"
            "25,0.3,3.0,1000\n";
        const auto log = read("sparse.csv", bytes);
        QVERIFY2(log.ok(), qPrintable(log.error()));
        const LogRun& run = log->runs.front();
        QCOMPARE(run.metric("lr")->steps, (std::vector<std::int64_t>{0, 10, 25}));
        QCOMPARE(run.metric("lr")->values, (std::vector<double>{0.1, 0.2, 0.3}));
        QCOMPARE(run.metric("loss")->steps, (std::vector<std::int64_t>{20, 25}));
        QCOMPARE(run.metric("loss")->values, (std::vector<double>{3.5, 3.0}));
        QCOMPARE(run.metric("tokens")->steps, (std::vector<std::int64_t>{25}));
    }

    void stepForms() {
        // "100.0" is a whole step, "+5" a step; a row without a step is passed over.
        const QByteArray bytes = "step,loss\n+5,3\n100.0,2\n,1.5\n1e3,1\n";
        const auto log = read("steps.csv", bytes);
        QVERIFY2(log.ok(), qPrintable(log.error()));
        QCOMPARE(log->runs.front().metric("loss")->steps,
                 (std::vector<std::int64_t>{5, 100, 1000}));
    }

    void rowsOfOneStepAreMerged() {
        // Lightning's CSVLogger: training and validation metrics of a step on separate rows,
        // both carrying the epoch.
        const QByteArray bytes =
            "epoch,step,train_loss,val_loss,lr-AdamW\n"
            "0,49,3.1,,0.001\n"
            "0,99,2.9,,0.002\n"
            "0,99,,2.95,\n"
            "1,149,2.7,,0.002\n";
        const auto run = assemble("metrics.csv", bytes);
        QVERIFY2(run.ok(), qPrintable(run.error()));
        QCOMPARE(run->lossMetric, QString("val_loss"));
        QCOMPARE(run->lrMetric, QString("lr-AdamW"));
        QCOMPARE(run->lossSteps, (std::vector<std::int64_t>{99}));
        QCOMPARE(run->schedule.steps(), std::int64_t(150));
    }

    void detectionOrder() {
        const QByteArray bytes =
            "Step,loss,LEARNING_RATE,Val_Loss,lr-AdamW\n"
            "0,5,0.01,,0.5\n"
            "10,4,0.02,4.5,0.5\n"
            "20,3,0.02,3.5,0.5\n";
        const auto run = assemble("detect.csv", bytes);
        QVERIFY2(run.ok(), qPrintable(run.error()));
        // Validation loss over training loss, learning_rate over lr-AdamW; names as in the file.
        QCOMPARE(run->lossMetric, QString("Val_Loss"));
        QCOMPARE(run->lrMetric, QString("LEARNING_RATE"));
        QCOMPARE(run->lossSteps, (std::vector<std::int64_t>{10, 20}));
        QCOMPARE(run->loss, (std::vector<double>{4.5, 3.5}));
        QCOMPARE(run->name, QString("detect"));
        QCOMPARE(run->source, dir_.filePath("detect.csv"));
    }

    void blankColumnIsPassedOver() {
        const QByteArray bytes = "step,val_loss,train_loss,lr\n0,,5,0.1\n10,,4,0.1\n";
        const auto run = assemble("blankcol.csv", bytes);
        QVERIFY2(run.ok(), qPrintable(run.error()));
        QCOMPARE(run->lossMetric, QString("train_loss"));
        QCOMPARE(run->loss, (std::vector<double>{5, 4}));
    }

    void stepColumnDetectionAndOverride() {
        const QByteArray bytes = "_step,trainer/global_step,loss,lr\n0,0,5,0.1\n1,50,4,0.1\n";
        auto log = read("wandb.csv", bytes);
        QVERIFY2(log.ok(), qPrintable(log.error()));
        // trainer/global_step is the training step; _step counts W&B log calls.
        QCOMPARE(log->runs.front().metric("loss")->steps, (std::vector<std::int64_t>{0, 50}));
        QVERIFY(log->runs.front().metric("_step"));

        LogReadOptions options;
        options.stepColumn = "_STEP";  // case does not matter when nothing matches exactly
        log = read("wandb.csv", bytes, options);
        QVERIFY2(log.ok(), qPrintable(log.error()));
        QCOMPARE(log->runs.front().metric("loss")->steps, (std::vector<std::int64_t>{0, 1}));
        QVERIFY(log->runs.front().metric("trainer/global_step"));

        options.stepColumn = "tokens";
        log = read("wandb.csv", bytes, options);
        QVERIFY(!log.ok());
        QCOMPARE(log.error(), dir_.filePath("wandb.csv") +
                                  ": no column 'tokens' (asked for as the step column); the "
                                  "columns are: _step, trainer/global_step, loss, lr");
    }

    void metricOverrides() {
        const QByteArray bytes = "step,val_loss,train_loss,lr,my_lr\n0,,5,0.1,1\n10,4.5,4,0.1,2\n";
        RunAssemblyOptions options;
        options.lossMetric = "train_loss";
        options.lrMetric = "my_lr";
        auto run = assemble("override.csv", bytes, options);
        QVERIFY2(run.ok(), qPrintable(run.error()));
        QCOMPARE(run->lossMetric, QString("train_loss"));
        QCOMPARE(run->lrMetric, QString("my_lr"));
        QCOMPARE(run->loss, (std::vector<double>{5, 4}));
        QCOMPARE(run->schedule.lr[10], 2.0);

        options.lossMetric = "nope";
        run = assemble("override.csv", bytes, options);
        QVERIFY(!run.ok());
        QCOMPARE(run.error(), dir_.filePath("override.csv") +
                                  ": no metric 'nope' (asked for as the loss); the metrics are: "
                                  "val_loss, train_loss, lr, my_lr");
        options.lossMetric.clear();
        options.lrMetric = "eta";
        run = assemble("override.csv", bytes, options);
        QVERIFY(!run.ok());
        QVERIFY2(run.error().contains("no metric 'eta' (asked for as the LR)"),
                 qPrintable(run.error()));
    }

    void missingLossOrLr() {
        auto run = assemble("nolr.csv", "step,loss,tokens\n0,5,1\n10,4,2\n");
        QVERIFY(!run.ok());
        QVERIFY2(run.error().startsWith(dir_.filePath("nolr.csv") + ": no LR metric found"),
                 qPrintable(run.error()));
        QVERIFY2(run.error().contains("give a schedule"), qPrintable(run.error()));
        QVERIFY2(run.error().contains("the metrics are: loss, tokens"), qPrintable(run.error()));

        run = assemble("noloss.csv", "step,lr,acc\n0,0.1,0.5\n10,0.1,0.6\n");
        QVERIFY(!run.ok());
        QVERIFY2(run.error().contains("no loss metric found"), qPrintable(run.error()));

        // An LR column with no values at all.
        RunAssemblyOptions options;
        options.lrMetric = "lr";
        run = assemble("blanklr.csv", "step,lr,loss\n0,,5\n10,,4\n", options);
        QVERIFY(!run.ok());
        QVERIFY2(run.error().contains("'lr' has no values; the run needs an LR column or a "
                                      "schedule"),
                 qPrintable(run.error()));
        options = {};
        options.lossMetric = "loss";
        run = assemble("blankloss.csv", "step,lr,loss\n0,0.1,\n10,0.1,\n", options);
        QVERIFY(!run.ok());
        QVERIFY2(run.error().contains("the loss metric 'loss' has no values"),
                 qPrintable(run.error()));
    }

    // LR samples at steps 100 (1e-3), 200 (5e-4), 300 (2e-4); loss up to step 400.
    static QByteArray scheduleLog() {
        return "step,lr,loss\n"
               "50,,5\n"
               "100,0.001,4\n"
               "150,,3.5\n"
               "200,0.0005,3.2\n"
               "300,0.0002,3.1\n"
               "400,,3.0\n";
    }

    void perStepLrWarmupFromZero() {
        const auto run = assemble("sched.csv", scheduleLog());
        QVERIFY2(run.ok(), qPrintable(run.error()));
        const std::vector<double>& lr = run->schedule.lr;
        QCOMPARE(lr.size(), std::size_t(401));
        QCOMPARE(run->schedule.warmupSteps, std::int64_t(100));
        QCOMPARE(lr[0], 0.0);
        QVERIFY(near(lr[1], 1e-5));
        QVERIFY(near(lr[25], 2.5e-4));
        QVERIFY(near(lr[99], 9.9e-4));
        QCOMPARE(lr[100], 0.001);
        QVERIFY(near(lr[150], 7.5e-4));
        QVERIFY(near(lr[101], 0.001 - 5e-6));
        QCOMPARE(lr[200], 0.0005);
        QVERIFY(near(lr[250], 3.5e-4));
        QVERIFY(near(lr[290], 2.3e-4));
        QCOMPARE(lr[300], 0.0002);
        QCOMPARE(lr[301], 0.0002);
        QCOMPARE(lr[400], 0.0002);
        QCOMPARE(run->lossSteps, (std::vector<std::int64_t>{50, 100, 150, 200, 300, 400}));
        QCOMPARE(run->lrRebuild, QString("linear interpolation of 3 LR samples; linear warmup "
                                         "from 0 over steps 0..100; the last LR (0.0002) held "
                                         "over steps 301..400; warmup (the initial LR rise) "
                                         "ends at step 100"));
    }

    void perStepLrOtherLeadingModes() {
        RunAssemblyOptions options;
        options.leading = LeadingLr::WarmupFromValue;
        options.leadingValue = 1e-4;
        auto run = assemble("sched.csv", scheduleLog(), options);
        QVERIFY2(run.ok(), qPrintable(run.error()));
        QCOMPARE(run->schedule.lr[0], 1e-4);
        QVERIFY(near(run->schedule.lr[50], 5.5e-4));
        QVERIFY(near(run->schedule.lr[10], 1.9e-4));
        QCOMPARE(run->schedule.lr[100], 0.001);
        QCOMPARE(run->schedule.warmupSteps, std::int64_t(100));
        QVERIFY2(run->lrRebuild.contains("linear warmup from 0.0001 over steps 0..100"),
                 qPrintable(run->lrRebuild));

        options.leading = LeadingLr::HoldFirst;
        run = assemble("sched.csv", scheduleLog(), options);
        QVERIFY2(run.ok(), qPrintable(run.error()));
        QCOMPARE(run->schedule.lr[0], 0.001);
        QCOMPARE(run->schedule.lr[99], 0.001);
        QVERIFY(near(run->schedule.lr[150], 7.5e-4));
        QCOMPARE(run->schedule.warmupSteps, std::int64_t(0));
        QVERIFY2(run->lrRebuild.contains("the first LR (0.001) held over steps 0..99"),
                 qPrintable(run->lrRebuild));

        // The warmup length the laws see can be set apart from how the LR is filled in.
        options.warmupSteps = 30;
        run = assemble("sched.csv", scheduleLog(), options);
        QVERIFY2(run.ok(), qPrintable(run.error()));
        QCOMPARE(run->schedule.warmupSteps, std::int64_t(30));
        QCOMPARE(run->schedule.lr[0], 0.001);
        options.warmupSteps = 402;
        run = assemble("sched.csv", scheduleLog(), options);
        QVERIFY(!run.ok());
        QVERIFY2(run.error().contains("warmup of 402 steps does not fit"), qPrintable(run.error()));
        options.warmupSteps = -1;
        QVERIFY(!assemble("sched.csv", scheduleLog(), options).ok());
    }

    void lrFromStepZeroAndSingleSample() {
        // An LR sample at step 0: no warmup part at all.
        auto run = assemble("zero.csv", "step,lr,loss\n0,0.5,4\n4,0.1,3\n");
        QVERIFY2(run.ok(), qPrintable(run.error()));
        QCOMPARE(run->schedule.warmupSteps, std::int64_t(0));
        QCOMPARE(run->schedule.lr[0], 0.5);
        QVERIFY(near(run->schedule.lr[1], 0.4));
        QVERIFY(near(run->schedule.lr[3], 0.2));
        QCOMPARE(run->schedule.lr[4], 0.1);
        QCOMPARE(run->lrRebuild, QString("linear interpolation of 2 LR samples; no warmup (the "
                                         "LR does not rise at the start)"));

        // One LR sample after the last loss point: the run reaches the LR's step.
        run = assemble("single.csv", "step,lr,loss\n2,,4\n8,0.4,\n");
        QVERIFY2(run.ok(), qPrintable(run.error()));
        QCOMPARE(run->schedule.lr.size(), std::size_t(9));
        QVERIFY(near(run->schedule.lr[2], 0.1));
        QCOMPARE(run->schedule.lr[8], 0.4);
        QCOMPARE(run->lrRebuild,
                 QString("a single LR sample; linear warmup from 0 over steps 0..8; warmup (the "
                         "initial LR rise) ends at step 8"));
    }

    void readerErrors_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("message");  // after "PATH"
        QTest::newRow("empty") << "empty.csv" << QByteArray() << ": the file is empty";
        QTest::newRow("only blank lines")
            << "blank.csv" << QByteArray("\n  \r\n\n") << ": the file is empty";
        QTest::newRow("only comments")
            << "comments.csv" << QByteArray("# a\n# b\n")
            << ": no header row (the file holds only blank or comment lines)";
        QTest::newRow("header only") << "header.csv" << QByteArray("step,lr,loss\n")
                                     << ": only a header row (line 1), no data rows";
        QTest::newRow("header and blank rows")
            << "header2.csv" << QByteArray("# c\nstep,lr,loss\n,,\n\n")
            << ": only a header row (line 2), no data rows";
        QTest::newRow("binary") << "garbage.csv" << QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16)
                                << ": not a text file (bytes that are not UTF-8 at byte 0)";
        QTest::newRow("NUL bytes") << "nul.csv" << QByteArray("step,lr\n0,1\0\n", 13)
                                   << ": not a text file (a NUL byte at byte 11)";
        QTest::newRow("invalid UTF-8") << "latin1.csv" << QByteArray("step,l\xE9r\n0,1\n")
                                       << ": not a text file (bytes that are not UTF-8 at byte 6)";
        QTest::newRow("overlong UTF-8") << "overlong.csv" << QByteArray("step,a\xC0\xAF\n0,1\n")
                                        << ": not a text file (bytes that are not UTF-8 at byte 6)";
        QTest::newRow("decreasing step")
            << "down.csv" << QByteArray("step,lr,loss\n0,1,3\n100,1,2\n90,1,1\n")
            << ":4: step 90 comes after step 100 (steps must increase)";
        QTest::newRow("repeated step")
            << "dup.csv" << QByteArray("step,lr,loss\n0,1,3\n100,1,2\n100,1,1.5\n")
            << ":4: step 100 is repeated with another value of 'loss' (steps must increase)";
        QTest::newRow("short row") << "ragged.csv" << QByteArray("step,lr,loss\n0,1,3\n10,1\n")
                                   << ":3: 2 cells, but the header (line 1) has 3 columns";
        QTest::newRow("long row") << "ragged2.csv"
                                  << QByteArray("step,lr,loss\n0,1,3\n10,1,2,7\n20,1,1\n")
                                  << ":3: 4 cells, but the header (line 1) has 3 columns";
        QTest::newRow("no step column")
            << "nostep.csv" << QByteArray("wall,lr,loss\n0,1,3\n")
            << ": no step column (looked for step, iter, iteration, global_step, "
               "trainer/global_step, _step, Step, current_steps, epoch); the columns are: wall, "
               "lr, loss; name the "
               "step column (--step-col)";
        QTest::newRow("fractional step") << "half.csv" << QByteArray("step,loss\n100.5,3\n")
                                         << ":2: step '100.5' is not a whole number";
        QTest::newRow("text step") << "textstep.csv" << QByteArray("step,loss\n0,4\nten,3\n")
                                   << ":3: step 'ten' is not a number";
        QTest::newRow("negative step") << "negstep.csv" << QByteArray("step,loss\n-5,3\n")
                                       << ":2: step -5 is negative (steps count from 0)";
        QTest::newRow("unclosed quote") << "quote.csv" << QByteArray("step,loss\n0,3\n1,\"2\n2,1\n")
                                        << ":3: a quote (\") opened on this line is never closed";
        QTest::newRow("text after quote") << "quote2.csv" << QByteArray("step,loss\n0,\"3\"x\n")
                                          << ":2: text after the closing quote of a cell";
        QTest::newRow("no header") << "numbers.csv" << QByteArray("0,0.1,3\n10,0.1,2\n")
                                   << ":1: the first row holds numbers, not column names (a "
                                      "header row with the column names is needed)";
        QTest::newRow("one column") << "pipes.csv" << QByteArray("step|lr|loss\n0|1|3\n")
                                    << ":1: the header has a single column ('step|lr|loss'); "
                                       "columns must be separated by commas, tabs, semicolons "
                                       "or spaces";
    }

    void readerErrors() {
        QFETCH(QString, name);
        QFETCH(QByteArray, bytes);
        QFETCH(QString, message);
        const auto log = read(name, bytes);
        QVERIFY(!log.ok());
        QCOMPARE(log.error(), dir_.filePath(name) + message);
    }

    void assemblyErrors_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("lossColumn");
        QTest::addColumn<QString>("message");  // after "PATH"
        QTest::newRow("nan loss") << "nan.csv" << QByteArray("step,lr,loss\n0,1,3\n10,1,nan\n")
                                  << ""
                                  << ":3: column 'loss': nan is not a finite number";
        QTest::newRow("inf lr") << "inf.csv" << QByteArray("step,lr,loss\n0,-inf,3\n10,1,2\n") << ""
                                << ":2: column 'lr': -inf is not a finite number";
        QTest::newRow("overflow") << "big.csv" << QByteArray("step,lr,loss\n0,1,3\n10,1,1e999\n")
                                  << ""
                                  << ":3: column 'loss': 1e999 is not a finite number";
        QTest::newRow("text in lr")
            << "text.csv" << QByteArray("step,lr,loss\n0,1,3\n10,abc,2\n20,def,1\n") << ""
            << ":3: column 'lr': 'abc' is not a number";
        // Named by the user, a column with text is reported the same way.
        QTest::newRow("text in named loss")
            << "text2.csv" << QByteArray("step,lr,loss,mine\n0,1,3,4\n10,1,2,n/a\n") << "mine"
            << ":3: column 'mine': 'n/a' is not a number";
        QTest::newRow("negative lr")
            << "neglr.csv" << QByteArray("step,lr,loss\n0,0.1,3\n500,-1e-4,2\n") << ""
            << ": lr at step 500 is negative (-0.0001)";
        QTest::newRow("zero loss")
            << "zero.csv" << QByteArray("step,lr,loss\n0,0.1,3\n7,0.1,0\n") << ""
            << ": loss at step 7 is not positive (0)";
        QTest::newRow("negative loss")
            << "negloss.csv" << QByteArray("step,lr,val_loss\n0,0.1,-2.5\n") << ""
            << ": val_loss at step 0 is not positive (-2.5)";
        QTest::newRow("loss is lr") << "same.csv" << QByteArray("step,lr,loss\n0,0.1,3\n") << "lr"
                                    << ": 'lr' cannot be both the loss and the LR";
    }

    void assemblyErrors() {
        QFETCH(QString, name);
        QFETCH(QByteArray, bytes);
        QFETCH(QString, lossColumn);
        QFETCH(QString, message);
        RunAssemblyOptions options;
        options.lossMetric = lossColumn;
        const auto run = assemble(name, bytes, options);
        QVERIFY(!run.ok());
        QCOMPARE(run.error(), dir_.filePath(name) + message);
    }

    void unusedBadColumnIsHarmless() {
        // A grad_norm that overflowed does not stop the run from being read.
        const auto run = assemble("gn.csv", "step,lr,loss,grad_norm\n0,1,3,inf\n10,1,2,0.5\n");
        QVERIFY2(run.ok(), qPrintable(run.error()));
        QCOMPARE(run->loss, (std::vector<double>{3, 2}));
    }

    void confidence_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<int>("expected");
        QTest::newRow("csv header") << "a.csv" << QByteArray("step,lr,loss\n0,1,2\n") << 60;
        QTest::newRow("tsv cut mid-line") << "a.tsv" << QByteArray("step\tlr\tloss\n0\t1") << 60;
        QTest::newRow("txt with comment") << "a.txt" << QByteArray("# x\nstep;lr\n") << 60;
        QTest::newRow("txt whitespace step header")
            << "a.txt" << QByteArray("iter loss lr\n") << 60;
        QTest::newRow("txt console log")
            << "a.txt" << QByteArray(" iteration      100/    1000 | lm loss: 3.2\n") << 5;
        QTest::newRow("txt whitespace other header") << "a.txt" << QByteArray("time value\n") << 35;
        QTest::newRow("csv without header") << "a.csv" << QByteArray("0,1,2\n1,2,3\n") << 20;
        QTest::newRow("log with comma header") << "a.log" << QByteArray("step,loss\n") << 40;
        QTest::newRow("cut inside UTF-8") << "a.csv" << QByteArray("step,l\xC3") << 60;
        QTest::newRow("binary") << "a.csv" << QByteArray("step\0\0\1", 7) << 0;
        QTest::newRow("invalid UTF-8") << "a.csv" << QByteArray("step,\xFF\xFE\xFD") << 0;
        QTest::newRow("json") << "a.json" << QByteArray("{\"step\": 1}\n") << 5;
    }

    void confidence() {
        QFETCH(QString, name);
        QFETCH(QByteArray, head);
        QFETCH(int, expected);
        QCOMPARE(reader_.confidence(name, head), expected);
    }

    // The reader reads 4 MiB at a time: records, quotes, "\r\n" and UTF-8 sequences cut by the
    // end of a piece must read as if whole. The tricky record starts k bytes before the cut.
    void largeFileAcrossPieces_data() {
        QTest::addColumn<int>("before");
        for (int k = 0; k <= 14; ++k) QTest::addRow("%d bytes before the cut", k) << k;
        QTest::addRow("100 bytes before the cut") << 100;
    }

    void largeFileAcrossPieces() {
        QFETCH(int, before);
        const qsizetype piece = 4 << 20;
        QByteArray bytes = "step,note,loss,lr\r\n";
        std::int64_t step = 0;
        qint64 line = 1;
        const QByteArray tricky = ",\"q \"\"\xC3\xA9\"\"\r\nz\",2,abc\r\n";
        while (true) {
            const QByteArray row = QByteArray::number(step) + ",x,1,1\r\n";
            // Stop when the tricky record (its step, then `tricky`) would start past the mark.
            if (bytes.size() + row.size() > piece - before) break;
            bytes += row;
            ++step;
            ++line;
        }
        // Pad with spaces in the step cell (trimmed) so that the record starts exactly there.
        const qsizetype pad = piece - before - bytes.size();
        bytes += QByteArray(pad, ' ') + QByteArray::number(step) + tricky;
        const qint64 trickyLine = line + 1;
        bytes += QByteArray::number(step + 1) + ",y,3,4\r\n";
        const auto log = read("pieces.csv", bytes);
        QVERIFY2(log.ok(), qPrintable(log.error()));
        const LogRun& run = log->runs.front();
        QVERIFY(run.metric("loss"));
        QCOMPARE(run.metric("loss")->steps.size(), static_cast<std::size_t>(step + 2));
        QCOMPARE(run.metric("loss")->steps.back(), step + 1);
        QCOMPARE(run.metric("loss")->values[static_cast<std::size_t>(step)], 2.0);
        QCOMPARE(run.metric("loss")->values.back(), 3.0);
        QVERIFY(run.leftOutMetric("lr"));
        QCOMPARE(run.leftOutMetric("lr")->problem,
                 dir_.filePath("pieces.csv") +
                     QStringLiteral(":%1: column 'lr': 'abc' is not a number").arg(trickyLine));
        QCOMPARE(run.leftOutMetric("note")->problem,
                 dir_.filePath("pieces.csv") + ":2: column 'note': 'x' is not a number");
    }

    void notTextInALaterPiece() {
        // A NUL byte 10 bytes into the second piece, after a UTF-8 byte order mark: the offset is
        // the file's, as a hex editor shows it.
        QByteArray bytes = "\xEF\xBB\xBFstep,loss\n";
        for (int s = 0; bytes.size() < (5 << 20); ++s) bytes += QByteArray::number(s) + ",1\n";
        const qsizetype at = (4 << 20) + 10;
        bytes[at] = '\0';
        auto log = read("late_nul.csv", bytes);
        QVERIFY(!log.ok());
        QCOMPARE(log.error(),
                 dir_.filePath("late_nul.csv") +
                     QStringLiteral(": not a text file (a NUL byte at byte %1)").arg(at));
        // A UTF-8 sequence cut by the piece's end is fine; one broken there is not.
        bytes[at] = '1';
        bytes[(4 << 20) + 2] = '\xC3';
        bytes[(4 << 20) + 3] = '(';
        log = read("late_utf8.csv", bytes);
        QVERIFY(!log.ok());
        QCOMPARE(log.error(), dir_.filePath("late_utf8.csv") +
                                  QStringLiteral(": not a text file (bytes that are not UTF-8 at "
                                                 "byte %1)")
                                      .arg((4 << 20) + 2));
    }

    void largeUtf16File() {
        // Excel's UTF-16 over several pieces, with a character outside the BMP (a surrogate
        // pair) in a name; 3 bytes of BOM-less UTF-8 per row would not be the same size.
        QString text = QString::fromUtf8("step\tlr\tval_loss \xF0\x9F\x98\x80\n");
        std::int64_t rows = 0;
        while (text.size() < (5 << 20)) {
            text += QStringLiteral("%1\t0.001\t%2\n")
                        .arg(rows)
                        .arg(4.0 - 1e-7 * static_cast<double>(rows), 0, 'g', 17);
            ++rows;
        }
        QByteArray bytes("\xFF\xFE", 2);
        bytes.append(reinterpret_cast<const char*>(text.utf16()), text.size() * 2);
        const auto log = read("large_utf16.txt", bytes);
        QVERIFY2(log.ok(), qPrintable(log.error()));
        const MetricSeries* loss =
            log->runs.front().metric(QString::fromUtf8("val_loss \xF0\x9F\x98\x80"));
        QVERIFY(loss);
        QCOMPARE(loss->steps.size(), static_cast<std::size_t>(rows));
        QCOMPARE(loss->values.back(), 4.0 - 1e-7 * static_cast<double>(rows - 1));
        // An odd number of bytes is not UTF-16.
        bytes.chop(1);
        const auto odd = read("odd_utf16.txt", bytes);
        QVERIFY(!odd.ok());
        QCOMPARE(odd.error(), dir_.filePath("odd_utf16.txt") +
                                  ": not a text file (its first bytes say UTF-16, but the rest is "
                                  "not)");
    }

    void progressAndCancel() {
        QByteArray bytes = "step,loss\n";
        for (int s = 0; bytes.size() < (10 << 20); ++s) bytes += QByteArray::number(s) + ",2.5\n";
        std::vector<double> reported;
        LogReadOptions options;
        options.progress = [&](double fraction) {
            reported.push_back(fraction);
            return true;
        };
        auto log = read("progress.csv", bytes, options);
        QVERIFY2(log.ok(), qPrintable(log.error()));
        // Every 4 MiB: at the start, after each of the three pieces, at the end of the file
        // and when done.
        QVERIFY2(reported.size() >= 4, qPrintable(QString::number(reported.size())));
        QCOMPARE(reported.front(), 0.0);
        QCOMPARE(reported.back(), 1.0);
        QVERIFY(std::is_sorted(reported.begin(), reported.end()));
        QVERIFY(reported[1] > 0.3 && reported[1] < 0.5);

        // Cancelled after the first piece: the read stops there.
        int calls = 0;
        options.progress = [&](double fraction) {
            ++calls;
            return fraction < 0.3;
        };
        log = read("progress.csv", bytes, options);
        QVERIFY(!log.ok());
        QCOMPARE(log.error(), dir_.filePath("progress.csv") + ": cancelled");
        QCOMPARE(calls, 2);
    }

    void multipowerCosine() {
        SKIP_WITHOUT_SHARED_DATA("multipower");
        const QString path = multipowerCurvePath(QStringLiteral("cosine_24000"));
        const auto log = reader_.read(path, {});
        QVERIFY2(log.ok(), qPrintable(log.error()));
        QCOMPARE(log->runs.front().name, QString("cosine_24000"));
        const auto run = assembleRun(*log, log->runs.front(), {});
        QVERIFY2(run.ok(), qPrintable(run.error()));
        QCOMPARE(run->lossMetric, QString("loss"));
        QCOMPARE(run->lrMetric, QString("lr"));
        QCOMPARE(run->loss.size(), std::size_t(171));
        QCOMPARE(run->lossSteps.front(), std::int64_t(2160));
        QCOMPARE(run->lossSteps.back(), std::int64_t(23920));
        QCOMPARE(run->schedule.warmupSteps, std::int64_t(2160));
        QCOMPARE(run->schedule.lr.size(), std::size_t(23921));
        QCOMPARE(run->schedule.lr[2160], 3e-4);
        QVERIFY(near(run->schedule.lr[1080], 1.5e-4));
        QCOMPARE(run->schedule.lr[0], 0.0);
        QCOMPARE(run->lrRebuild, QString("linear interpolation of 171 LR samples; linear warmup "
                                         "from 0 over steps 0..2160; warmup (the initial LR "
                                         "rise) ends at step 2160"));
    }
};

QTEST_GUILESS_MAIN(TstDelimitedText)
#include "tst_delimited_text.moc"
