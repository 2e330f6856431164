#include "TickLabelAxis.h"

#include <QChart>
#include <QFontMetricsF>
#include <QLogValueAxis>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace annealer {

namespace {

// Room a label needs beyond its text: Qt Charts' label padding on each side (4 px) and its
// text item's margins (half a pixel each side).
constexpr double kLabelSlack = 2 * 4.0 + 1.0;

// m * 10^exponent as the double nearest the decimal (3 / 1e4 is the double nearest 3e-4,
// 3 * 1e-4 is not).
double timesPowerOfTen(double m, int exponent) {
    return exponent >= 0 ? m * std::pow(10.0, exponent) : m / std::pow(10.0, -exponent);
}

// Multiples of a round interval (1, 2, 2.5 or 5 times a power of ten) inside [low, high],
// at most maxTicks of them.
std::vector<double> evenTicks(double low, double high, int maxTicks) {
    std::vector<double> values;
    const double span = high - low;
    if (!(span > 0.0) || !std::isfinite(span)) return values;
    const int exponent = static_cast<int>(std::floor(std::log10(span / maxTicks)));
    for (int e = exponent; e <= exponent + 2 && values.empty(); ++e) {
        for (const double unit : {1.0, 2.0, 2.5, 5.0}) {
            const double interval = timesPowerOfTen(unit, e);
            const double first = std::ceil(low / interval - 1e-9);
            const double last = std::floor(high / interval + 1e-9);
            if (last - first + 1.0 > maxTicks) continue;
            for (double k = first; k <= last; ++k) values.push_back(k * interval);
            break;
        }
    }
    return values;
}

// The ticks a value axis draws: its tick count over the range, or the dynamic ones from the
// anchor at the interval.
std::vector<double> valueAxisTicks(const QValueAxis* axis) {
    constexpr int kMostTicks = 100;
    std::vector<double> values;
    const double low = axis->min(), high = axis->max();
    if (!(high > low)) return values;
    if (axis->tickType() == QValueAxis::TicksDynamic && axis->tickInterval() > 0.0) {
        const double interval = axis->tickInterval();
        const double anchor = axis->tickAnchor();
        const double first = std::ceil((low - anchor) / interval - 1e-9);
        for (double k = first; values.size() < kMostTicks; ++k) {
            const double value = anchor + k * interval;
            if (value > high + 1e-9 * interval) break;
            values.push_back(value);
        }
        return values;
    }
    const int count = std::clamp(axis->tickCount(), 2, kMostTicks);
    for (int tick = 0; tick < count; ++tick)
        values.push_back(low + (high - low) * tick / (count - 1));
    return values;
}

}  // namespace

std::vector<double> logTickValues(double low, double high, int maxTicks) {
    std::vector<double> values;
    if (!(low > 0.0) || !(high > low) || !std::isfinite(high)) return values;
    maxTicks = std::max(maxTicks, 2);
    const double tolerance = 1e-9;
    const auto inside = [&](double value) {
        return value >= low * (1.0 - tolerance) && value <= high * (1.0 + tolerance);
    };
    const int firstDecade = static_cast<int>(std::floor(std::log10(low)));
    const int lastDecade = static_cast<int>(std::ceil(std::log10(high)));
    static const std::vector<std::vector<double>> mantissas = {
        {1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 5}, {1, 3}, {1}};
    for (const std::vector<double>& set : mantissas) {
        values.clear();
        for (int decade = firstDecade; decade <= lastDecade; ++decade)
            for (const double m : set)
                if (const double value = timesPowerOfTen(m, decade); inside(value))
                    values.push_back(value);
        if (static_cast<int>(values.size()) <= maxTicks) break;
    }
    // Too many decades even: every second, third, ... one, the fewest left out that fit; at
    // worst the first and last decade.
    if (static_cast<int>(values.size()) > maxTicks) {
        const double lowest = values.front(), highest = values.back();
        for (int stride = 2; static_cast<int>(values.size()) > maxTicks; ++stride) {
            values.clear();
            for (int decade = firstDecade; decade <= lastDecade; ++decade)
                if (decade % stride == 0)
                    if (const double value = timesPowerOfTen(1.0, decade); inside(value))
                        values.push_back(value);
        }
        if (values.size() < 2) values = {lowest, highest};
    }
    if (values.size() < 2) values = evenTicks(low, high, maxTicks);
    return values;
}

TickLabelAxis::TickLabelAxis(QChart* chart, QAbstractAxis* host, Format format)
    : chart_(chart), host_(host), format_(std::move(format)) {
    setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    setMinorGridLineVisible(false);
    chart->addAxis(this, host->alignment());
    host->setVisible(false);
    copyStyle();
    setTitleText(host->titleText());
    connect(host, &QAbstractAxis::linePenChanged, this, &TickLabelAxis::copyStyle);
    connect(host, &QAbstractAxis::gridLinePenChanged, this, &TickLabelAxis::copyStyle);
    connect(host, &QAbstractAxis::labelsBrushChanged, this, &TickLabelAxis::copyStyle);
    connect(host, &QAbstractAxis::titleBrushChanged, this, &TickLabelAxis::copyStyle);
    connect(host, &QAbstractAxis::labelsFontChanged, this, &TickLabelAxis::copyStyle);
    connect(host, &QAbstractAxis::titleFontChanged, this, &TickLabelAxis::copyStyle);
    connect(host, &QAbstractAxis::titleTextChanged, this, &QAbstractAxis::setTitleText);
    if (auto* log = qobject_cast<QLogValueAxis*>(host)) {
        connect(log, &QLogValueAxis::rangeChanged, this, &TickLabelAxis::refresh);
    } else if (auto* value = qobject_cast<QValueAxis*>(host)) {
        connect(value, &QValueAxis::rangeChanged, this, &TickLabelAxis::refresh);
        connect(value, &QValueAxis::tickCountChanged, this, &TickLabelAxis::refresh);
        connect(value, &QValueAxis::tickIntervalChanged, this, &TickLabelAxis::refresh);
        connect(value, &QValueAxis::tickAnchorChanged, this, &TickLabelAxis::refresh);
        connect(value, &QValueAxis::tickTypeChanged, this, &TickLabelAxis::refresh);
    }
    connect(chart, &QChart::plotAreaChanged, this, &TickLabelAxis::refresh);
    refresh();
}

void TickLabelAxis::setFormat(Format format) {
    format_ = std::move(format);
    refresh();
}

void TickLabelAxis::copyStyle() {
    if (!host_) return;
    if (linePen() != host_->linePen()) setLinePen(host_->linePen());
    if (labelsBrush() != host_->labelsBrush()) setLabelsBrush(host_->labelsBrush());
    if (labelsFont() != host_->labelsFont()) setLabelsFont(host_->labelsFont());
    if (gridLinePen() != host_->gridLinePen()) setGridLinePen(host_->gridLinePen());
    if (titleBrush() != host_->titleBrush()) setTitleBrush(host_->titleBrush());
    if (titleFont() != host_->titleFont()) setTitleFont(host_->titleFont());
}

int TickLabelAxis::room() const {
    const QRectF plot = chart_ ? chart_->plotArea() : QRectF();
    const QFontMetricsF metrics(labelsFont());
    const double perLabel = orientation() == Qt::Vertical
                                ? 2.2 * metrics.lineSpacing()
                                : metrics.horizontalAdvance(QStringLiteral("1.5e-4")) + 16.0;
    const double length = orientation() == Qt::Vertical ? plot.height() : plot.width();
    return std::clamp(static_cast<int>(length / perLabel) + 1, 2, 12);
}

bool TickLabelAxis::fitsWhole(qsizetype labels, double labelLength) const {
    if (!chart_) return true;
    const QRectF plot = chart_->plotArea();
    const double length = orientation() == Qt::Vertical ? plot.height() : plot.width();
    return labelLength <= length / static_cast<double>(labels + 1);
}

bool TickLabelAxis::thinHostTicks(qsizetype labels, double labelLength) {
    auto* value = qobject_cast<QValueAxis*>(host_);
    if (!value) return false;  // a log host's ticks are spaced by room()
    if (value->tickType() == QValueAxis::TicksDynamic && value->tickInterval() > 0.0) {
        for (int stride = 2; stride <= labels; ++stride) {
            const qsizetype left = (labels + stride - 1) / stride;
            if (fitsWhole(left, labelLength) || left <= 2) {
                value->setTickInterval(value->tickInterval() * stride);
                return true;
            }
        }
        return false;
    }
    // Evenly spaced ticks: the largest count whose ticks are every k-th of the present ones,
    // else the two ends.
    const int intervals = value->tickCount() - 1;
    for (int count = value->tickCount() - 1; count > 2; --count)
        if (intervals % (count - 1) == 0 && fitsWhole(count, labelLength)) {
            value->setTickCount(count);
            return true;
        }
    if (value->tickCount() == 2) return false;
    value->setTickCount(2);
    return true;
}

void TickLabelAxis::refresh() {
    if (!host_ || !format_) return;
    std::vector<double> values, positions;
    double low = 0.0, high = 0.0;
    if (auto* log = qobject_cast<QLogValueAxis*>(host_)) {
        if (!(log->min() > 0.0) || !(log->max() > log->min())) return;
        values = logTickValues(log->min(), log->max(), room());
        for (double value : values) positions.push_back(std::log10(value));
        low = std::log10(log->min());
        high = std::log10(log->max());
    } else if (auto* value = qobject_cast<QValueAxis*>(host_)) {
        values = valueAxisTicks(value);
        positions = values;
        low = value->min();
        high = value->max();
    }
    if (!(high > low)) return;
    // Category ends must rise and labels be unique: a tick Qt would drop is left out here.
    std::vector<double> kept, keptPositions;
    QStringList labels;
    for (std::size_t i = 0; i < values.size(); ++i) {
        const QString label = format_(values[i]);
        if ((!keptPositions.empty() && !(positions[i] > keptPositions.back())) ||
            labels.contains(label))
            continue;
        kept.push_back(values[i]);
        keptPositions.push_back(positions[i]);
        labels << label;
    }
    // Fewer ticks while the widest label would not fit whole: Qt elides ("1....") a category
    // label wider than the axis length over (labels + 1), less a padding each side. The host
    // takes the fewer ticks (a subset of its own, both ends kept where they can be), so grid
    // and labels stay its ticks; its change comes back here.
    if (labels.size() > 2) {
        const QFontMetricsF metrics(labelsFont());
        double widest = 0.0;
        for (const QString& label : labels)
            widest = std::max(widest, orientation() == Qt::Vertical
                                          ? metrics.lineSpacing()
                                          : metrics.horizontalAdvance(label));
        const double need = widest + kLabelSlack;
        if (!fitsWhole(labels.size(), need) && thinHostTicks(labels.size(), need)) return;
    }
    if (kept == values_ && keptPositions == positions_ && labels == labels_ && low == low_ &&
        high == high_)
        return;

    for (const QString& label : categoriesLabels()) remove(label);
    // Each label marks the end of its category; the first category starts below the axis.
    setStartValue(low - (high - low));
    for (qsizetype i = 0; i < labels.size(); ++i)
        append(labels[i], keptPositions[static_cast<std::size_t>(i)]);
    values_ = std::move(kept);
    positions_ = std::move(keptPositions);
    labels_ = std::move(labels);
    if (min() != low || max() != high) setRange(low, high);
    low_ = low;
    high_ = high;
}

}  // namespace annealer
