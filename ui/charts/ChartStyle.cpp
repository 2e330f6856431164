#include "ChartStyle.h"

#include <QAbstractAxis>
#include <QAbstractScrollArea>
#include <QChart>
#include <QEvent>
#include <QFontMetricsF>
#include <QGraphicsEllipseItem>
#include <QGraphicsLayout>
#include <QGraphicsLineItem>
#include <QGraphicsRectItem>
#include <QGraphicsScene>
#include <QLegend>
#include <QObject>
#include <QPainter>
#include <QPalette>
#include <QPen>
#include <QValueAxis>

#include <cmath>

namespace annealer {

namespace {

constexpr int kPlotFrameKey = 0x504c4f54;  // the plot frame's QGraphicsItem::data key

// The rectangle drawn as the plot area's background in a chart with a fixed plot area. Qt
// Charts sizes its own plot-area background from its automatic layout, not from the fixed
// plot area (it shows beside the axes, and keeps an old size after a resize), so such a chart
// draws this one instead; Qt's stays "visible" but transparent, since a fixed-geometry chart
// lays its axes out again only while its plot-area background is visible.
QGraphicsRectItem* plotFrame(const QChart* chart) {
    for (QGraphicsItem* item : chart->childItems())
        if (item->data(kPlotFrameKey).toBool()) return static_cast<QGraphicsRectItem*>(item);
    return nullptr;
}

}  // namespace

void styleChart(QChart* chart, const QPalette& palette) {
    chart->setBackgroundBrush(palette.color(QPalette::Window));
    chart->setBackgroundPen(Qt::NoPen);
    chart->setBackgroundRoundness(0);
    QColor border = palette.color(QPalette::Text);
    border.setAlphaF(0.35f);
    if (QGraphicsRectItem* frame = plotFrame(chart)) {
        frame->setBrush(palette.color(QPalette::Base));
        frame->setPen(QPen(border, 1.0));
        chart->setPlotAreaBackgroundBrush(Qt::NoBrush);
        chart->setPlotAreaBackgroundPen(Qt::NoPen);
    } else {
        chart->setPlotAreaBackgroundBrush(palette.color(QPalette::Base));
        chart->setPlotAreaBackgroundPen(QPen(border, 1.0));
    }
    chart->setPlotAreaBackgroundVisible(true);
    chart->setTitleBrush(palette.color(QPalette::WindowText));
    QLegend* legend = chart->legend();
    legend->setLabelColor(palette.color(QPalette::Text));
    QColor legendBackground = palette.color(QPalette::Base);
    legendBackground.setAlphaF(0.85f);
    legend->setBrush(legendBackground);
    legend->setPen(QPen(border, 1.0));
    for (QAbstractAxis* axis : chart->axes()) styleAxis(axis, palette);
}

void styleAxis(QAbstractAxis* axis, const QPalette& palette) {
    const QColor text = palette.color(QPalette::WindowText);
    axis->setLabelsBrush(text);
    axis->setTitleBrush(text);
    QColor line = text;
    line.setAlphaF(0.5f);
    axis->setLinePen(QPen(line, 1.0));
    QColor grid = text;
    grid.setAlphaF(0.12f);
    axis->setGridLinePen(QPen(grid, 1.0));
    QColor minor = text;
    minor.setAlphaF(0.06f);
    axis->setMinorGridLinePen(QPen(minor, 1.0));
}

QRectF sharedPlotArea(const QRectF& chartRect, const QFont& font) {
    const QFontMetricsF metrics(font);
    const double line = metrics.lineSpacing();
    // Room for labels like "3.0e-04" and a rotated axis title.
    const double left = metrics.horizontalAdvance(QStringLiteral("0.0e-00")) + line + 22.0;
    const double right = metrics.horizontalAdvance(QStringLiteral("000")) + 8.0;
    const double top = line + 16.0;
    const double bottom = 2.0 * line + 18.0;
    return QRectF(chartRect.left() + left, chartRect.top() + top,
                  std::max(10.0, chartRect.width() - left - right),
                  std::max(10.0, chartRect.height() - top - bottom));
}

void layoutSharedPlotArea(QChart* chart, const QFont& font) {
    const QRectF plot = sharedPlotArea(QRectF(QPointF(0, 0), chart->size()), font);
    QGraphicsRectItem* frame = plotFrame(chart);
    if (!frame) {
        frame = new QGraphicsRectItem(chart);
        frame->setData(kPlotFrameKey, true);
        frame->setZValue(0.0);  // Qt Charts' plot-area level: above the chart's background,
                                // below shades, grid, axes and series
        frame->setBrush(chart->plotAreaBackgroundBrush());
        frame->setPen(chart->plotAreaBackgroundPen());
        chart->setPlotAreaBackgroundBrush(Qt::NoBrush);
        chart->setPlotAreaBackgroundPen(Qt::NoPen);
    }
    if (frame->rect() != plot) frame->setRect(plot);
    if (plot == chart->plotArea()) return;
    chart->setPlotArea(plot);
    if (QGraphicsLayout* layout = chart->layout()) {
        layout->invalidate();
        layout->activate();
    }
}

QBrush plotBackgroundBrush(const QChart* chart) {
    const QGraphicsRectItem* frame = plotFrame(chart);
    return frame ? frame->brush() : chart->plotAreaBackgroundBrush();
}

void setValueAxis(QValueAxis* axis, double minimum, double maximum, int tickCount,
                  const QString& labelFormat, const QString& title) {
    if (axis->min() != minimum || axis->max() != maximum) axis->setRange(minimum, maximum);
    if (axis->tickCount() != tickCount) axis->setTickCount(tickCount);
    if (axis->labelFormat() != labelFormat) axis->setLabelFormat(labelFormat);
    if (axis->titleText() != title) axis->setTitleText(title);
}

NiceRange niceRange(double low, double high) {
    NiceRange range;
    if (!std::isfinite(low) || !std::isfinite(high) || !(high > low)) return range;
    const double power = std::pow(10.0, std::floor(std::log10(high - low)));
    for (double unit : {0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 2.5, 5.0, 10.0}) {
        const double interval = unit * power;
        const double niceLow = std::floor(low / interval + 1e-9) * interval;
        const double niceHigh = std::ceil(high / interval - 1e-9) * interval;
        const auto intervals = static_cast<int>(std::llround((niceHigh - niceLow) / interval));
        if (intervals <= 7) {
            range.low = niceLow;
            range.high = niceHigh;
            range.tickCount = intervals + 1;
            return range;
        }
    }
    range.low = low;
    range.high = high;
    return range;
}

QString NiceRange::labelFormat() const {
    const double interval = (high - low) / std::max(tickCount - 1, 1);
    int decimals = 0;
    for (double scaled = interval; decimals < 6; ++decimals, scaled *= 10.0)
        if (std::abs(scaled - std::round(scaled)) <= 1e-6 * std::max(1.0, std::abs(scaled))) break;
    return QStringLiteral("%.%1f").arg(decimals);
}

void cacheChartItems(QGraphicsScene* scene, bool includeSeries) {
    for (QGraphicsItem* item : scene->items()) {
        const int type = item->type();
        const bool cache = type == QGraphicsLineItem::Type || type == QGraphicsEllipseItem::Type ||
                           (includeSeries && type == QGraphicsItem::UserType);
        if (cache && item->cacheMode() != QGraphicsItem::DeviceCoordinateCache)
            item->setCacheMode(QGraphicsItem::DeviceCoordinateCache);
    }
}

QColor faded(const QColor& colour, const QColor& background, double opacity) {
    const auto mix = [&](double a, double b) { return opacity * a + (1.0 - opacity) * b; };
    return QColor::fromRgbF(static_cast<float>(mix(colour.redF(), background.redF())),
                            static_cast<float>(mix(colour.greenF(), background.greenF())),
                            static_cast<float>(mix(colour.blueF(), background.blueF())));
}

namespace {

// Repaints its view's viewport on focus in and out.
class FocusRepaint : public QObject {
public:
    explicit FocusRepaint(QAbstractScrollArea* view) : QObject(view), view_(view) {}
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (event->type() == QEvent::FocusIn || event->type() == QEvent::FocusOut)
            view_->viewport()->update();
        return QObject::eventFilter(watched, event);
    }

private:
    QAbstractScrollArea* view_;
};

}  // namespace

void drawFocusFrame(QPainter* painter, const QChart* chart, const QWidget* view) {
    if (!view->hasFocus()) return;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, false);
    painter->setPen(QPen(view->palette().color(QPalette::Highlight), 2.0));
    painter->setBrush(Qt::NoBrush);
    painter->drawRect(chart->mapRectToScene(chart->plotArea()).adjusted(-1, -1, 1, 1));
    painter->restore();
}

void repaintOnFocusChange(QAbstractScrollArea* view) {
    view->installEventFilter(new FocusRepaint(view));
}

LrAxisLabels lrAxisLabels(double high, int tickCount) {
    static const QString digits = QStringLiteral("⁰¹²³⁴⁵⁶⁷⁸⁹");
    LrAxisLabels labels;
    labels.title = QObject::tr("LR");
    const int exponent = high > 0.0 ? static_cast<int>(std::floor(std::log10(high))) : 0;
    labels.factor = std::pow(10.0, -exponent);
    if (exponent != 0) {
        QString power = exponent < 0 ? QStringLiteral("⁻") : QString();
        for (QChar c : QString::number(std::abs(exponent))) power += digits[c.digitValue()];
        labels.title += QStringLiteral(" (×10%1)").arg(power);
    }
    const double interval = high * labels.factor / std::max(tickCount - 1, 1);
    labels.labelFormat = std::abs(interval * 10.0 - std::round(interval * 10.0)) < 1e-6
                             ? QStringLiteral("%.1f")
                             : QStringLiteral("%.2f");
    return labels;
}

}  // namespace annealer
