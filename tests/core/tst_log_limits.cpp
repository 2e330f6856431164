// Values at the limits of what a log can hold (issue 16): steps near 2^63, negative, not whole,
// duplicated or decreasing; LRs and losses out of range. Each gives a one-line error naming the
// file and line (or step), or a correct result; CI runs this suite under ASan + UBSan too.
#include "TestFiles.h"

#include "run/LogImport.h"
#include "run/LogLimits.h"
#include "run/RunAssembly.h"
#include "run/recognition/ScheduleRecognizer.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cstdint>
#include <limits>

using namespace annealer;

class TestLogLimits : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    int written_ = 0;

    // The five-line log of issue 16 with `last` as the fourth data step (and `lr`, `loss` there).
    QString fiveLineLog(const QByteArray& last, const QByteArray& lr = "1e-3",
                        const QByteArray& loss = "3.7") {
        return writeTestFile(dir_, QStringLiteral("log%1.csv").arg(++written_),
                             "step,lr,loss\n10,1e-3,4.0\n20,5e-4,3.9\n30,1e-3,3.8\n" + last + "," +
                                 lr + "," + loss + "\n");
    }

    // The error of assembling the log's only run ("" if it assembles).
    static QString assemblyError(const QString& path) {
        const auto log = readLog(path, {});
        if (!log.ok()) return log.error();
        const auto run = assembleRun(*log, log->runs.at(0), {});
        return run.ok() ? QString() : run.error();
    }

private slots:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void stepsTheProgramCannotRepresent_data() {
        QTest::addColumn<QByteArray>("step");
        QTest::addColumn<QString>("reason");
        QTest::newRow("2^63-1") << QByteArray("9223372036854775807") << "is beyond 9007199254740992";
        QTest::newRow("2^53+1") << QByteArray("9007199254740993") << "is beyond 9007199254740992";
        QTest::newRow("2^64") << QByteArray("18446744073709551616") << "is beyond 9007199254740992";
        QTest::newRow("1e300") << QByteArray("1e300") << "is beyond 9007199254740992";
        QTest::newRow("negative") << QByteArray("-5") << "is negative";
        QTest::newRow("-2^63") << QByteArray("-9223372036854775808") << "is negative";
        QTest::newRow("-2^64") << QByteArray("-18446744073709551616") << "is negative";
        QTest::newRow("not whole") << QByteArray("30.5") << "is not a whole number";
        QTest::newRow("inf") << QByteArray("inf") << "is not a number";
        QTest::newRow("duplicated") << QByteArray("30") << "step 30 is repeated with another value";
        QTest::newRow("decreasing") << QByteArray("20") << "comes after step 30";
    }
    void stepsTheProgramCannotRepresent() {
        QFETCH(QByteArray, step);
        QFETCH(QString, reason);
        const QString path = fiveLineLog(step);
        const auto log = readLog(path, {});
        QVERIFY(!log.ok());
        QVERIFY2(log.error().startsWith(path + ":5: step "), qPrintable(log.error()));
        QVERIFY2(log.error().contains(reason), qPrintable(log.error()));
        QVERIFY(!log.error().contains('\n'));
    }

    // 2^53 itself is a step the program holds: the log reads, and what comes after refuses it
    // in words, with no overflow on the way.
    void largestStep() {
        const QString path = fiveLineLog("9007199254740992");
        const auto log = readLog(path, {});
        QVERIFY2(log.ok(), qPrintable(log.error()));
        const MetricSeries* lr = nullptr;
        for (const MetricSeries& m : log->runs.at(0).metrics)
            if (m.name == "lr") lr = &m;
        QVERIFY(lr);
        QCOMPARE(lr->steps.back(), kMaxLogStep);
        const ScheduleRecognition recognition = recognizeSchedule(lr->steps, lr->values);
        QVERIFY(!recognition.recognized);
        QVERIFY(!recognition.reason.isEmpty());
        QVERIFY(assemblyError(path).contains("the last step is 9007199254740992"));
    }

    // The recogniser is given steps by other code too: it checks them before any arithmetic.
    void recognizerChecksItsSteps() {
        const std::int64_t big = std::numeric_limits<std::int64_t>::max();
        ScheduleRecognition r = recognizeSchedule({10, 20, 30, big}, {1e-3, 5e-4, 1e-3, 1e-3});
        QVERIFY(!r.recognized);
        QVERIFY2(r.reason.contains("outside 0..2^53"), qPrintable(r.reason));
        r = recognizeSchedule({-10, 20}, {1e-3, 5e-4});
        QVERIFY(r.reason.contains("outside 0..2^53"));
        r = recognizeSchedule({10, 20, 20}, {1e-3, 5e-4, 5e-4});
        QVERIFY(r.reason.contains("steps must increase"));
        ScheduleRecognitionOptions options;
        options.lastStep = big;
        r = recognizeSchedule({0, 10, 20}, {1e-3, 1e-3, 1e-3}, options);
        QVERIFY(!r.recognized);
        r = recognizeSchedule({0, 10, 20}, {1e-3, 1e308, 1e-3});
        QVERIFY2(r.reason.contains("not below 1000"), qPrintable(r.reason));
        // A constant LR up to the largest step is recognised, with no overflow at its end.
        options.lastStep = kMaxLogStep;
        std::vector<std::int64_t> steps;
        for (std::int64_t s = 0; s <= 1000; s += 100) steps.push_back(s);
        r = recognizeSchedule(steps, std::vector<double>(steps.size(), 1e-3), options);
        QVERIFY2(r.recognized, qPrintable(r.reason));
        QCOMPARE(r.recognized->lrAt(kMaxLogStep), 1e-3);
    }

    void valuesAtTheLimits_data() {
        QTest::addColumn<QByteArray>("lr");
        QTest::addColumn<QByteArray>("loss");
        QTest::addColumn<QString>("reason");
        QTest::newRow("lr 1e308") << QByteArray("1e308") << QByteArray("3.7") << "lr at step 40 is not below 1000";
        QTest::newRow("lr 1e3") << QByteArray("1e3") << QByteArray("3.7") << "lr at step 40 is not below 1000";
        QTest::newRow("lr negative") << QByteArray("-1e-3") << QByteArray("3.7") << "lr at step 40 is negative";
        QTest::newRow("lr nan") << QByteArray("nan") << QByteArray("3.7") << "column 'lr': nan is not a finite number";
        QTest::newRow("loss 0") << QByteArray("1e-3") << QByteArray("0") << "loss at step 40 is not positive";
        QTest::newRow("loss -1") << QByteArray("1e-3") << QByteArray("-1") << "loss at step 40 is not positive";
        QTest::newRow("loss inf") << QByteArray("1e-3") << QByteArray("inf") << "column 'loss': inf is not a finite number";
        QTest::newRow("loss 1e-320") << QByteArray("1e-3") << QByteArray("1e-320") << "";
    }
    void valuesAtTheLimits() {
        QFETCH(QByteArray, lr);
        QFETCH(QByteArray, loss);
        QFETCH(QString, reason);
        const QString path = fiveLineLog("40", lr, loss);
        const QString error = assemblyError(path);
        if (reason.isEmpty()) {
            QVERIFY2(error.isEmpty(), qPrintable(error));
            return;
        }
        // Named by line where the reader refuses it, by metric and step where assembly does.
        QVERIFY2(error.startsWith(path + ":"), qPrintable(error));
        QVERIFY(!error.contains('\n'));
        QVERIFY2(error.contains(reason), qPrintable(error));
    }

    void checkedArithmetic() {
        const std::int64_t big = std::numeric_limits<std::int64_t>::max();
        const std::int64_t small = std::numeric_limits<std::int64_t>::min();
        QVERIFY(!checkedAdd(big, 1));
        QCOMPARE(*checkedAdd(kMaxLogStep, kMaxLogStep), kMaxLogStep * 2);
        QVERIFY(!checkedSub(small, 1));
        QCOMPARE(*checkedSub(0, kMaxLogStep), -kMaxLogStep);
        QVERIFY(!checkedMul(kMaxLogStep, 1 << 20));
        QCOMPARE(*checkedMul(200'000'000, 524'288), std::int64_t(104'857'600'000'000));
    }
};

QTEST_GUILESS_MAIN(TestLogLimits)
#include "tst_log_limits.moc"
