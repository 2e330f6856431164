#include "PredictedCurvesCsv.h"

#include "NumberText.h"
#include "law/LossLaw.h"

#include <QObject>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

namespace annealer {

namespace {

QString csvField(const QString& text) {
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) &&
        !text.contains(QLatin1Char('\n')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

}  // namespace

Result<QString> predictedCurvesCsv(const Project& project, int points) {
    if (!project.law.isSet())
        return Error{QObject::tr("The project has no law to predict the curves with.")};
    auto law = makeLaw(project.law.lawId);
    if (!law) return Error{law.error()};

    std::vector<const Schedule*> schedules;
    for (const ProjectSchedule& entry : project.schedules)
        if (entry.visible && entry.schedule.validate() && entry.schedule.totalSteps() > 1)
            schedules.push_back(&entry.schedule);
    if (schedules.empty()) return Error{QObject::tr("No visible schedule to export.")};

    // One step grid for all columns, so the file reads as a table; every schedule's last step
    // is on it, since the final loss is what the curves are compared by.
    std::int64_t first = std::numeric_limits<std::int64_t>::max();
    std::int64_t last = 0;
    std::set<std::int64_t> grid;
    for (const Schedule* schedule : schedules) {
        first = std::min(first, std::max<std::int64_t>(schedule->totalWarmupSteps(), 1));
        last = std::max(last, schedule->totalSteps() - 1);
        grid.insert(schedule->totalSteps() - 1);
    }
    first = std::min(first, last);
    const int count = std::max(points, 2);
    for (int i = 0; i < count; ++i)
        grid.insert(first + static_cast<std::int64_t>(
                                std::llround(static_cast<double>(last - first) * i / (count - 1))));
    const std::vector<std::int64_t> steps(grid.begin(), grid.end());

    std::vector<std::vector<double>> columns;
    for (const Schedule* schedule : schedules) {
        const std::int64_t begin = std::max<std::int64_t>(schedule->totalWarmupSteps(), 1);
        const std::int64_t end = schedule->totalSteps() - 1;
        std::vector<std::int64_t> at;
        for (std::int64_t step : steps)
            if (step >= begin && step <= end) at.push_back(step);
        std::vector<double> values(at.size());
        if (!at.empty())
            (*law)
                ->prepare(schedule->sample())
                ->evaluate(project.law.parameters, at, values, nullptr);
        std::vector<double> column(steps.size(), std::nan(""));
        std::size_t next = 0;
        for (std::size_t row = 0; row < steps.size() && next < at.size(); ++row)
            if (steps[row] == at[next]) column[row] = values[next++];
        columns.push_back(std::move(column));
    }

    QString text = QStringLiteral("step");
    for (const Schedule* schedule : schedules)
        text += QLatin1Char(',') + csvField(QStringLiteral("predicted_loss:") + schedule->name);
    text += QLatin1Char('\n');
    for (std::size_t row = 0; row < steps.size(); ++row) {
        text += shortestText(steps[row]);
        for (const std::vector<double>& column : columns) {
            text += QLatin1Char(',');
            if (std::isfinite(column[row])) text += shortestText(column[row]);
        }
        text += QLatin1Char('\n');
    }
    return text;
}

}  // namespace annealer
