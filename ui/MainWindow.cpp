#include "MainWindow.h"

#include "schedule/Schedule.h"

#include <QChart>
#include <QChartView>
#include <QLineSeries>
#include <QValueAxis>

namespace annealer {

namespace {

QLineSeries* lrSeries(const Schedule& schedule, int points) {
    auto* series = new QLineSeries;
    series->setName(schedule.name);
    const std::int64_t steps = schedule.totalSteps();
    for (int i = 0; i < points; ++i) {
        const std::int64_t step = (steps - 1) * i / (points - 1);
        series->append(static_cast<double>(step), schedule.lrAt(step));
    }
    return series;
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("Annealer"));
    Schedule cosine;
    cosine.name = tr("cosine to 10%");
    cosine.family = ScheduleFamily::Cosine;
    cosine.steps = 24000;
    cosine.warmupSteps = 2160;
    cosine.floorRatio = 0.1;
    Schedule wsd = cosine;
    wsd.name = tr("WSD, 20% 1-sqrt decay");
    wsd.family = ScheduleFamily::Wsd;
    wsd.decayShape = DecayShape::OneMinusSqrt;

    auto* chart = new QChart;
    chart->setTitle(tr("Learning rate"));
    for (const Schedule& schedule : {cosine, wsd}) chart->addSeries(lrSeries(schedule, 400));
    chart->createDefaultAxes();
    auto* view = new QChartView(chart);
    view->setRenderHint(QPainter::Antialiasing);
    setCentralWidget(view);
}

}  // namespace annealer
