// The designer's live loop, end to end: the time from a parameter change to the updated loss
// curve in the chart, with five schedules of a million steps each. Drives the real window
// (offscreen): mouse moves on a handle of the LR chart, and values typed in the panel.
#include "AppResources.h"
#include "DemoProject.h"
#include "FitDialog.h"
#include "FitResultsView.h"
#include "LivePrediction.h"
#include "LossChartView.h"
#include "LrChartView.h"
#include "MainWindow.h"
#include "ParameterPanel.h"
#include "PredictionEngine.h"
#include "PredictionRequest.h"
#include "ProjectDocument.h"
#include "ScheduleListPanel.h"
#include "UserDialogs.h"
#include "fit/FitJson.h"

#include <QAbstractScrollArea>
#include <QApplication>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QLineSeries>
#include <QStandardPaths>
#include <QTest>
#include <QTextStream>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>

using namespace annealer;

namespace {

constexpr std::int64_t kSteps = 1'000'000;
constexpr double kTargetMs = 16.0;
constexpr double kCloseTargetMs = 1000.0;  // closing the window during a long prediction
constexpr double kStallTargetMs = 100.0;   // the GUI thread's longest stall during a fit

class SilentDialogs : public UserDialogs {
public:
    void showError(QWidget*, const QString&, const QString& message) override {
        std::fprintf(stderr, "error: %s\n", qPrintable(message));
    }
    SaveChoice askToSaveChanges(QWidget*, const QString&) override { return SaveChoice::Discard; }
    QString projectFileToOpen(QWidget*, const QString&) override { return {}; }
    QString projectFileToSave(QWidget*, const QString&) override { return {}; }
    QStringList logFilesToImport(QWidget*, const QString&) override { return {}; }
    std::optional<QColor> chooseColour(QWidget*, const QColor&) override { return {}; }
    std::optional<double> askNumber(QWidget*, const QString&, const QString&, double, double,
                                    double) override {
        return {};
    }
};

Schedule millionSteps(const QString& name, ScheduleFamily family) {
    Schedule schedule;
    schedule.name = name;
    schedule.family = family;
    schedule.steps = kSteps;
    schedule.peak = 3e-4;
    schedule.warmupSteps = 10000;
    schedule.warmupShape = WarmupShape::Linear;
    schedule.floor = 3e-5;
    return schedule;
}

// Turns the event loop until `done`, sleeping while no event is pending (a busy loop would take
// a core from the prediction thread). A timer makes sure the loop wakes now and then.
double waitMs(const std::function<bool()>& done) {
    QElapsedTimer timer;
    timer.start();
    QTimer wakeUp;
    wakeUp.start(50);
    while (!done()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents);
        if (timer.elapsed() > 120000) {
            std::fprintf(stderr, "timed out\n");
            std::exit(1);
        }
    }
    return static_cast<double>(timer.nsecsElapsed()) / 1e6;
}

struct Summary {
    double median = 0, p90 = 0, worst = 0;
};
// With --events: where the GUI thread's time goes while dragging, by event type and receiver
// (nested events are charged to the outermost one).
class TimingApplication : public QApplication {
public:
    using QApplication::QApplication;
    bool recording = false;
    std::map<QString, std::pair<int, double>> totals;

    bool notify(QObject* receiver, QEvent* event) override {
        if (!recording || depth_ > 0) {
            ++depth_;
            const bool result = QApplication::notify(receiver, event);
            --depth_;
            return result;
        }
        const QString key = QStringLiteral("%1 %2")
                                .arg(int(event->type()), 3)
                                .arg(QString::fromLatin1(receiver->metaObject()->className()));
        QElapsedTimer timer;
        timer.start();
        ++depth_;
        const bool result = QApplication::notify(receiver, event);
        --depth_;
        auto& total = totals[key];
        ++total.first;
        total.second += static_cast<double>(timer.nsecsElapsed()) / 1e6;
        return result;
    }

private:
    int depth_ = 0;
};

std::unique_ptr<MainWindow> shownWindow(UserDialogs* dialogs) {
    auto window = std::make_unique<MainWindow>();
    window->setUserDialogs(dialogs);
    window->resize(1280, 800);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get())) return nullptr;
    return window;
}

// Closing a window while the exact prediction of a 50M-step schedule runs (seconds of work on
// the prediction thread): how long until the window is gone. tst_designer checks that the work
// is given up rather than finished; this is what that is worth.
double closeDuringLongPredictionMs(const FitResult& fit, UserDialogs* dialogs) {
    std::unique_ptr<MainWindow> window = shownWindow(dialogs);
    if (!window) std::exit(1);
    Project project;
    ProjectSchedule entry;
    entry.id = project.takeId();
    entry.schedule = millionSteps(QStringLiteral("cosine"), ScheduleFamily::Cosine);
    entry.schedule.steps = 50'000'000;
    entry.colour = QStringLiteral("#1f77b4");
    project.schedules.push_back(entry);
    project.fits.push_back(fit);
    project.law = LawSelection{fit.lawId, fit.parameters, 0};
    window->document()->resetProject(project, QString(), QStringLiteral("close"));
    // The preview is drawn; the exact prediction is running.
    waitMs([&] { return window->prediction()->curve(entry.id) != nullptr; });
    if (window->isSettled()) std::fprintf(stderr, "the 50M-step prediction was already done\n");
    QElapsedTimer timer;
    timer.start();
    window.reset();
    return static_cast<double>(timer.nsecsElapsed()) / 1e6;
}

struct FitStall {
    double fitMs = 0.0;
    double longestGapMs = 0.0;
};

// A fit of the demo's eight runs from the fit dialog, and the longest gap between the ticks of a
// 5 ms timer until the fit and what it sets off (its results, the predictions with the new law)
// are done: the longest the window could not react. tst_fit_ui checks that events keep coming
// while the fit runs; this is how evenly.
FitStall stallDuringAFit(UserDialogs* dialogs) {
    auto demo = buildDemoProject();
    std::unique_ptr<MainWindow> window = shownWindow(dialogs);
    if (!demo || !window) std::exit(1);
    window->document()->resetProject(*demo, QString(), QStringLiteral("fit"));
    waitMs([&] { return window->isSettled(); });
    FitDialog* dialog = window->fitDialog();
    dialog->show();
    for (const ProjectRun& entry : window->document()->project().runs)
        dialog->setRunRole(entry.id, FitDialog::RunRole::Fit);
    QElapsedTimer clock;
    qint64 last = 0, longest = 0;
    QTimer timer;
    timer.setTimerType(Qt::PreciseTimer);
    timer.setInterval(5);
    QObject::connect(&timer, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        longest = std::max(longest, now - last);
        last = now;
    });
    bool added = false;
    QObject::connect(dialog, &FitDialog::fitAdded, [&] { added = true; });
    if (!dialog->startFit()) std::exit(1);
    clock.start();
    timer.start();
    waitMs([&] { return added; });
    FitStall stall;
    stall.fitMs = static_cast<double>(clock.nsecsElapsed()) / 1e6;
    waitMs([&] { return window->isSettled() && !dialog->results()->isPredicting(); });
    timer.stop();
    stall.longestGapMs = static_cast<double>(longest) / 1e6;
    return stall;
}

Summary summarise(std::vector<double> times) {
    std::sort(times.begin(), times.end());
    Summary summary;
    summary.median = times[times.size() / 2];
    summary.p90 = times[std::min(times.size() - 1, times.size() * 9 / 10)];
    summary.worst = times.back();
    return summary;
}

}  // namespace

int main(int argc, char* argv[]) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    TimingApplication app(argc, argv);
    const bool showEvents = app.arguments().contains(QStringLiteral("--events"));
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("AnnealerBench"));
    loadAppResources();

    SilentDialogs dialogs;
    MainWindow window;
    window.setUserDialogs(&dialogs);
    window.resize(1280, 800);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window)) return 1;

    auto fit = loadFitFile(QStringLiteral(":/demo/fit.json"));
    if (!fit) {
        std::fprintf(stderr, "%s\n", qPrintable(fit.error()));
        return 1;
    }
    Project project;
    const QStringList colours{"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd"};
    std::vector<Schedule> schedules{millionSteps("cosine", ScheduleFamily::Cosine),
                                    millionSteps("wsd", ScheduleFamily::Wsd),
                                    millionSteps("linear", ScheduleFamily::Linear),
                                    millionSteps("wsd 1-sqrt", ScheduleFamily::Wsd),
                                    millionSteps("exponential", ScheduleFamily::Exponential)};
    schedules[3].decayShape = DecayShape::OneMinusSqrt;
    for (std::size_t i = 0; i < schedules.size(); ++i) {
        ProjectSchedule entry;
        entry.id = project.takeId();
        entry.schedule = schedules[i];
        entry.colour = colours[static_cast<int>(i)];
        project.schedules.push_back(entry);
    }
    project.fits.push_back(*fit);
    project.law = LawSelection{fit->lawId, fit->parameters, 0};
    // The demo's runs, hidden: the fit's range is known, and every 1M-step schedule leaves it
    // (over 2x the longest run), so the drag draws the extrapolation marker and the band widened
    // by the fit's cross-validated error beyond it.
    auto demo = buildDemoProject();
    if (!demo) {
        std::fprintf(stderr, "%s\n", qPrintable(demo.error()));
        return 1;
    }
    for (ProjectRun& entry : demo->runs) {
        entry.id = project.takeId();
        entry.visible = false;
        project.runs.push_back(std::move(entry));
    }
    const ItemId wsd = project.schedules[1].id;

    ProjectDocument* document = window.document();
    QElapsedTimer opening;
    opening.start();
    document->resetProject(project, QString(), QStringLiteral("bench"));
    waitMs([&] { return window.isSettled(); });
    const double settleMs = static_cast<double>(opening.nsecsElapsed()) / 1e6;

    if (window.prediction()->curve(wsd)->bandNote.isEmpty()) {
        std::fprintf(stderr, "bench_designer: the schedules do not leave the fit's range\n");
        return 1;
    }
    window.scheduleList()->setCurrentSchedule(wsd);
    LrChartView* lrChart = window.lrChart();
    QLineSeries* series = window.lossChart()->curveSeries(wsd);
    LivePrediction* prediction = window.prediction();
    std::optional<ScheduleHandle> decayStart;
    for (const ScheduleHandle& handle : lrChart->handles())
        if (handle.kind == ScheduleHandle::Kind::DecayStart) decayStart = handle;
    if (!series || !decayStart) {
        std::fprintf(stderr, "no curve or handle to drag\n");
        return 1;
    }

    if (showEvents) {
        // What one repaint of each chart costs.
        for (QWidget* view :
             {static_cast<QWidget*>(lrChart), static_cast<QWidget*>(window.lossChart())}) {
            std::vector<double> paints;
            for (int i = 0; i < 10; ++i) {
                QElapsedTimer timer;
                timer.start();
                static_cast<QAbstractScrollArea*>(view)->viewport()->repaint();
                paints.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
            }
            std::printf("  repaint %s: median %.2f ms\n", view->metaObject()->className(),
                        summarise(paints).median);
        }
    }
    // A drag: every mouse move changes the decay length; the preview of the changed schedule
    // must reach the chart.
    const QPoint from = lrChart->handlePosition(*decayStart);
    QTest::mousePress(lrChart->viewport(), Qt::LeftButton, {}, from);
    app.recording = showEvents;
    std::vector<double> dragTimes;
    std::vector<double> handlingTimes;  // the move's own work on the GUI thread
    const int moves = 60;
    for (int i = 1; i <= moves; ++i) {
        const QList<QPointF> before = series->points();
        const QByteArray scheduleBefore =
            scheduleIdentity(document->project().findSchedule(wsd)->schedule);
        const QPoint to = from - QPoint(8 + 4 * i, 0);
        QElapsedTimer timer;
        timer.start();
        QTest::mouseMove(lrChart->viewport(), to);
        handlingTimes.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
        if (scheduleIdentity(document->project().findSchedule(wsd)->schedule) == scheduleBefore) {
            std::fprintf(stderr, "move %d changed nothing\n", i);
            continue;
        }
        waitMs([&] { return prediction->isCurrent(wsd) && series->points() != before; });
        dragTimes.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
    }
    app.recording = false;
    QElapsedTimer refine;
    refine.start();
    QTest::mouseRelease(lrChart->viewport(), Qt::LeftButton, {}, from - QPoint(8 + 4 * moves, 0));
    waitMs([&] { return window.isSettled(); });
    const double refineMs = static_cast<double>(refine.nsecsElapsed()) / 1e6;

    // Typed values: the first curve on screen (preview), then the exact one.
    auto* decayField = qobject_cast<QLineEdit*>(window.parameterPanel()->field("decay_steps"));
    std::vector<double> typedPreview, typedExact;
    for (int i = 0; i < 8; ++i) {
        const QList<QPointF> before = series->points();
        decayField->selectAll();
        QElapsedTimer timer;
        timer.start();
        QTest::keyClicks(decayField, QString::number(150000 + 10000 * i));
        QTest::keyClick(decayField, Qt::Key_Return);
        typedPreview.push_back(
            waitMs([&] { return prediction->isCurrent(wsd) && series->points() != before; }) + 0.0);
        waitMs([&] { return window.isSettled(); });
        typedExact.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
    }

    const Summary drag = summarise(dragTimes);
    const Summary preview = summarise(typedPreview);
    const Summary exact = summarise(typedExact);
    QTextStream out(stdout);
    out << "bench_designer: 5 schedules x 1M steps (beyond the fit's range, band widened), multi-power law, loss chart "
        << window.lossChart()->columns() << " px wide\n";
    out << QStringLiteral("  opening (5 exact predictions):          %1 ms\n")
               .arg(settleMs, 0, 'f', 0);
    out << QStringLiteral(
               "  drag a handle -> curve in the chart:     median %1 ms, p90 %2 ms, worst "
               "%3 ms (%4 moves; target <= %5 ms): %6\n")
               .arg(drag.median, 0, 'f', 2)
               .arg(drag.p90, 0, 'f', 2)
               .arg(drag.worst, 0, 'f', 2)
               .arg(moves)
               .arg(kTargetMs, 0, 'f', 0)
               .arg(drag.median <= kTargetMs ? QStringLiteral("ok") : QStringLiteral("MISSED"));
    out << QStringLiteral("    of which the GUI thread handling the move: median %1 ms\n")
               .arg(summarise(handlingTimes).median, 0, 'f', 2);
    {
        // The worker's part alone: a preview of one million-step schedule.
        PredictionEngine engine;
        PredictionRequest request;
        request.lawId = fit->lawId;
        request.parameters = fit->parameters;
        request.lawKey = lawIdentity(request.lawId, request.parameters);
        request.columns = window.lossChart()->columns();
        request.liveIds = {wsd};
        std::vector<double> engineTimes;
        for (int i = 0; i < 20; ++i) {
            Schedule schedule = document->project().findSchedule(wsd)->schedule;
            schedule.decaySteps = 100000 + 1000 * i;
            request.jobs = {PredictionJob{wsd, schedule, scheduleIdentity(schedule), true}};
            QElapsedTimer timer;
            timer.start();
            engine.run(
                request, [](PredictedCurve) {}, [] { return false; });
            engineTimes.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
        }
        out << QStringLiteral(
                   "    of which the worker's preview (sample blocks, prepare, "
                   "evaluate): median %1 ms\n")
                   .arg(summarise(engineTimes).median, 0, 'f', 2);
    }
    out << QStringLiteral("  release -> exact curve of the schedule:  %1 ms\n")
               .arg(refineMs, 0, 'f', 1);
    out << QStringLiteral("  typed value -> preview in the chart:     median %1 ms\n")
               .arg(preview.median, 0, 'f', 2);
    out << QStringLiteral("  typed value -> exact curve:              median %1 ms\n")
               .arg(exact.median, 0, 'f', 1);
    const double closeMs = closeDuringLongPredictionMs(*fit, &dialogs);
    out << QStringLiteral("  close the window during an exact 50M-step prediction: %1 ms "
                          "(target <= %2 ms): %3\n")
               .arg(closeMs, 0, 'f', 0)
               .arg(kCloseTargetMs, 0, 'f', 0)
               .arg(closeMs <= kCloseTargetMs ? QStringLiteral("ok") : QStringLiteral("MISSED"));
    out.flush();
    const FitStall stall = stallDuringAFit(&dialogs);
    out << QStringLiteral("  fit of the demo's eight runs (%1 ms): longest GUI stall %2 ms "
                          "(target <= %3 ms): %4\n")
               .arg(stall.fitMs, 0, 'f', 0)
               .arg(stall.longestGapMs, 0, 'f', 1)
               .arg(kStallTargetMs, 0, 'f', 0)
               .arg(stall.longestGapMs <= kStallTargetMs ? QStringLiteral("ok")
                                                         : QStringLiteral("MISSED"));
    if (showEvents) {
        out << "  GUI thread while dragging (event type, receiver: count, total ms):\n";
        std::vector<std::pair<double, QString>> rows;
        for (const auto& [key, total] : app.totals)
            rows.push_back({total.second, QStringLiteral("    %1: %2, %3 ms\n")
                                              .arg(key)
                                              .arg(total.first)
                                              .arg(total.second, 0, 'f', 1)});
        std::sort(rows.rbegin(), rows.rend());
        for (std::size_t i = 0; i < rows.size() && i < 12; ++i) out << rows[i].second;
    }
    out.flush();
    return drag.median <= kTargetMs && closeMs <= kCloseTargetMs &&
                   stall.longestGapMs <= kStallTargetMs
               ? 0
               : 1;
}
