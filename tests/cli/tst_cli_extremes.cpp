// The command line at the extremes: values a file or an argument can hold are refused in one
// line or give finite output; no command writes inf or NaN; an interrupted `sample -o` leaves no
// file; progress shows on a terminal (a pseudo-terminal here) and not in a pipe.
#include "AnnealerProcess.h"

#include <QDir>
#include <QElapsedTimer>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>

#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

QString dataFile(const char* name) {
    return QStringLiteral(ANNEALER_DEMO_CURVES_DIR "/") + QLatin1String(name);
}

bool writeFile(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

// Any "inf" or "nan" as a value in CSV or JSON text.
bool holdsNonFinite(const QByteArray& text) {
    static const QRegularExpression pattern(QStringLiteral("(^|[,:\\s\\[])[-+]?(inf|nan)"),
                                            QRegularExpression::CaseInsensitiveOption |
                                                QRegularExpression::MultilineOption);
    return pattern.match(QString::fromUtf8(text)).hasMatch();
}

// One line on stderr, exit 1.
void checkRefusedInOneLine(const Outcome& outcome, const char* expected) {
    QCOMPARE(outcome.exitCode, 1);
    QCOMPARE(outcome.err.count('\n'), 1);
    QVERIFY2(outcome.err.contains(expected), outcome.err.constData());
}

// Runs the annealer on a new pseudo-terminal (as stdin, stdout and stderr); returns all it
// printed there.
QByteArray runOnTerminal(const QStringList& args, const QString& workingDirectory) {
    int master = -1;
    const pid_t pid = forkpty(&master, nullptr, nullptr, nullptr);
    if (pid < 0) return {};
    if (pid == 0) {
        if (::chdir(QFile::encodeName(workingDirectory).constData()) != 0) _exit(127);
        std::vector<QByteArray> bytes;
        bytes.push_back(QByteArrayLiteral(ANNEALER_EXECUTABLE));
        for (const QString& arg : args) bytes.push_back(arg.toLocal8Bit());
        std::vector<char*> argv;
        for (QByteArray& b : bytes) argv.push_back(b.data());
        argv.push_back(nullptr);
        ::execv(argv[0], argv.data());
        _exit(127);
    }
    QByteArray seen;
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::read(master, buffer, sizeof buffer);
        if (n <= 0) break;  // EIO once the child has closed the terminal
        seen.append(buffer, static_cast<qsizetype>(n));
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    ::close(master);
    return seen;
}

}  // namespace

class TestCliExtremes : public QObject {
    Q_OBJECT

private slots:
    // The values of issue 16, each refused by `annealer schedule` with the key and the reason,
    // and no file written.
    void extremeScheduleValuesAreRefused() {
        QTemporaryDir dir;
        struct Case {
            QStringList args;
            const char* message;
        };
        const std::vector<Case> cases = {
            {{"cosine", "steps=1000", "peak=1e308"}, "peak: must be below 1000"},
            {{"cosine", "steps=1000", "peak=9.9e307"}, "peak: must be below 1000"},
            {{"cosine", "steps=1000", "peak=1e308", "floor=5e-324"}, "peak: must be below 1000"},
            {{"cosine", "steps=1000", "peak=1e-3", "floor=1e-2"}, "floor: 0.01 is above the peak"},
            {{"step", "steps=1000", "peak=1e-3", "gamma=1e308", "step_size=1"},
             "gamma: would raise the LR to more than 1e308"},
            {{"cyclic", "steps=100000", "peak=1e-3", "cycle=10", "cycle_decay=1e10"},
             "cycle_decay: would raise the LR"},
            {{"constant", "steps=1000", "peak=1e-3", "warmup=10", "warmup_init=1e308"},
             "warmup_init: must be below 1000"},
        };
        for (const Case& c : cases) {
            const QString out = dir.filePath("s.json");
            const Outcome outcome = runAnnealer(QStringList{"schedule"} + c.args + QStringList{"-o", out});
            checkRefusedInOneLine(outcome, c.message);
            QVERIFY(!QFile::exists(out));
        }
    }

    // A schedule file written by hand with such values: `sample` and `export` refuse it.
    void extremeScheduleFilesAreRefused() {
        QTemporaryDir dir;
        const QString path = dir.filePath("big.json");
        QVERIFY(writeFile(path, R"({"format": "annealer.schedule", "version": 1,
            "family": "step", "steps": 1000, "peak": 1e-3, "gamma": 1e308, "step_size": 1})"));
        checkRefusedInOneLine(runAnnealer({"sample", path, "-o", dir.filePath("lr.csv")}),
                              "gamma: would raise the LR");
        checkRefusedInOneLine(
            runAnnealer({"export", path, "--to", "csv", "-o", dir.filePath("x.csv")}),
            "gamma: would raise the LR");
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{"big.json"});
    }

    // Growth just inside the limit samples to finite values only.
    void risingScheduleSamplesFinite() {
        QTemporaryDir dir;
        const QString schedule = dir.filePath("rise.json");
        QCOMPARE(runAnnealer({"schedule", "step", "steps=20000", "peak=1e-3", "gamma=1.0003",
                              "step_size=1", "-o", schedule})
                     .exitCode,
                 0);
        const Outcome sampled = runAnnealer({"sample", schedule});
        QCOMPARE(sampled.exitCode, 0);
        QVERIFY(sampled.out.count('\n') == 20001);
        QVERIFY(!holdsNonFinite(sampled.out));
    }

    // A log whose first loss is at step 0 with LR 0: the law has no finite loss there (its LR
    // area is 0). predict leaves that row out and says so, and writes no inf; the metrics are
    // finite.
    void predictWritesNoInfinity() {
        QTemporaryDir dir;
        const QString fit = dir.filePath("fit.json");
        QCOMPARE(runAnnealer({"fit", "--law", "momentum", "-o", fit, dataFile("cosine10.csv"),
                              dataFile("constant.csv")})
                     .exitCode,
                 0);
        const QString log = dir.filePath("zero.csv");
        QVERIFY(writeFile(log, "step,lr,loss\n0,0,5.0\n100,1e-4,4.8\n200,2e-4,4.5\n"
                               "1000,3e-4,4.0\n2000,3e-4,3.9\n"));
        const QString out = dir.filePath("pred.csv");
        const Outcome predicted = runAnnealer({"predict", "--fit", fit, "-o", out, log});
        QCOMPARE(predicted.exitCode, 0);
        const QByteArray csv = readAll(out);
        QVERIFY(!holdsNonFinite(csv));
        QVERIFY(!holdsNonFinite(predicted.out));
        QCOMPARE(csv.count('\n'), 5);  // the header and the four steps after 0
        QVERIFY(!csv.contains("\n0,"));
        QVERIFY2(predicted.err.contains("left out 1 step(s)") && predicted.err.contains("step 0"),
                 predicted.err.constData());

        // A schedule prediction: every row finite.
        const QString schedule = dir.filePath("cos.json");
        QCOMPARE(runAnnealer({"schedule", "cosine", "steps=24000", "peak=3e-4", "warmup=100",
                              "floor=1e-300", "-o", schedule})
                     .exitCode,
                 0);
        const Outcome curve = runAnnealer({"predict", "--fit", fit, schedule});
        QCOMPARE(curve.exitCode, 0);
        QVERIFY(!holdsNonFinite(curve.out));
    }

    // Ctrl-C during `sample -o` of 50M steps: the command ends by the signal, and neither the
    // output nor its temporary file is left.
    void interruptedSampleLeavesNoFile() {
        QTemporaryDir dir;
        const QString schedule = dir.filePath("long.json");
        QCOMPARE(runAnnealer({"schedule", "cosine", "steps=50000000", "peak=3e-4", "-o", schedule})
                     .exitCode,
                 0);
        QProcess process;
        process.setWorkingDirectory(dir.path());
        process.start(QStringLiteral(ANNEALER_EXECUTABLE),
                      {"sample", schedule, "-o", dir.filePath("lr.csv")});
        QVERIFY(process.waitForStarted());
        // Wait until writing has begun (the temporary file holds bytes), then interrupt.
        QElapsedTimer timer;
        timer.start();
        bool writing = false;
        while (!writing && timer.elapsed() < 60000) {
            for (const QFileInfo& info : QDir(dir.path()).entryInfoList(QDir::Files))
                if (info.fileName().startsWith("lr.csv") && info.size() > 0) writing = true;
            if (!writing) QThread::msleep(20);
        }
        QVERIFY2(writing, "sample never began to write");
        QVERIFY(process.state() == QProcess::Running);
        ::kill(static_cast<pid_t>(process.processId()), SIGINT);
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitStatus(), QProcess::CrashExit);  // ended by the signal
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{"long.json"});
    }

    // Progress on a terminal; nothing of it in a pipe.
    void progressOnlyOnATerminal() {
        QTemporaryDir dir;
        const QString schedule = dir.filePath("long.json");
        QCOMPARE(runAnnealer({"schedule", "cosine", "steps=5000000", "peak=3e-4", "-o", schedule})
                     .exitCode,
                 0);
        const QByteArray terminal =
            runOnTerminal({"sample", schedule, "-o", dir.filePath("a.csv")}, dir.path());
        QVERIFY2(terminal.contains("annealer sample: ") && terminal.contains("%"),
                 terminal.left(200).constData());
        QCOMPARE(readAll(dir.filePath("a.csv")).count('\n'), 5000001);

        const Outcome piped = runAnnealer({"sample", schedule, "-o", dir.filePath("b.csv")});
        QCOMPARE(piped.exitCode, 0);
        QVERIFY2(piped.err.isEmpty(), piped.err.constData());
        QVERIFY(piped.out.isEmpty());
    }

    // `predict` too: preparing a multi-power law on a long schedule says how far it is.
    void predictShowsProgressOnATerminal() {
        QTemporaryDir dir;
        const QString schedule = dir.filePath("long.json");
        QCOMPARE(runAnnealer({"schedule", "cosine", "steps=3000000", "peak=3e-4", "warmup=1000",
                              "-o", schedule})
                     .exitCode,
                 0);
        const QString fit = QStringLiteral(ANNEALER_DEMO_CURVES_DIR "/../fit.json");
        const QByteArray terminal = runOnTerminal(
            {"predict", "--fit", fit, "-o", dir.filePath("p.csv"), schedule}, dir.path());
        QVERIFY2(terminal.contains("predicting ") && terminal.contains("%"),
                 terminal.left(200).constData());
        QVERIFY(readAll(dir.filePath("p.csv")).startsWith("step,lr,predicted_loss\n"));

        const Outcome piped =
            runAnnealer({"predict", "--fit", fit, "-o", dir.filePath("q.csv"), schedule});
        QCOMPARE(piped.exitCode, 0);
        QVERIFY2(!piped.err.contains("predicting"), piped.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliExtremes)
#include "tst_cli_extremes.moc"
