#pragma once

#include <QBrush>
#include <QColor>
#include <QRectF>
#include <QString>

class QAbstractScrollArea;
class QPainter;
class QWidget;

class QAbstractAxis;
class QValueAxis;
class QChart;
class QFont;
class QGraphicsScene;
class QPalette;

namespace annealer {

// Colours the chart from the widget palette (so it follows the system light or dark theme):
// window-coloured margins, a base-coloured plot area, text-coloured labels, faint grid lines.
void styleChart(QChart* chart, const QPalette& palette);
void styleAxis(QAbstractAxis* axis, const QPalette& palette);

// The plot area both charts use, with the same left and right margins whatever their labels,
// so that their x axes line up pixel for pixel.
QRectF sharedPlotArea(const QRectF& chartRect, const QFont& font);

// Gives `chart` the shared plot area for its current size and lays it out at once: Qt Charts
// moves the series to a new fixed plot area straight away but the axes, grid and background
// only when its layout runs again, which a new plot area alone does not make it do. The plot
// area's background is then drawn by a rectangle of ours at exactly that area (Qt's own is
// sized by its automatic layout: beside the axes, and stale after a second resize).
void layoutSharedPlotArea(QChart* chart, const QFont& font);

// The brush the plot area's background is drawn with (ours in a chart laid out by
// layoutSharedPlotArea, else Qt's).
QBrush plotBackgroundBrush(const QChart* chart);

// Sets what differs only: every change of a range or format makes the chart lay out and
// recompute each series' geometry again, which costs more than a frame's worth on long curves.
void setValueAxis(QValueAxis* axis, double minimum, double maximum, int tickCount,
                  const QString& labelFormat, const QString& title);

// [low, high] widened to multiples of 1, 2, 2.5 or 5 times a power of ten, with 4 to 8 ticks.
struct NiceRange {
    double low = 0.0;
    double high = 1.0;
    int tickCount = 6;
    // The printf format that writes every tick exactly with the fewest decimals ("%.1f" for
    // steps of 0.5, "%.2f" for 0.25: never "2.8" for 2.75).
    QString labelFormat() const;
};
NiceRange niceRange(double low, double high);

// A keyboard-focused chart view shows it: its plot area outlined in the highlight colour
// (charts draw no focus frame of their own). Call from drawForeground (scene coordinates);
// the view repaints on focus changes (repaintOnFocusChange).
void drawFocusFrame(QPainter* painter, const QChart* chart, const QWidget* view);
// Repaints a chart view's viewport when it gains or loses focus, so the frame above follows.
void repaintOnFocusChange(QAbstractScrollArea* view);

// A linear LR axis labelled in a common power of ten: the values times `factor` ("0.5", "1.0",
// ...), the factor in the title ("LR (×10⁻⁴)"); short at any window size, where 5e-05, 0.0001
// would be cut. For an axis from 0 to `high` with `tickCount` ticks.
struct LrAxisLabels {
    double factor = 1.0;
    QString title;
    QString labelFormat;
};
LrAxisLabels lrAxisLabels(double high, int tickCount);

// Caches the chart's items as pictures where that is safe: series (in the loss chart, where
// one curve changes while the others stay), markers, grid and tick lines. An item that did not
// change is then copied rather than drawn on every frame of a drag. Text items are left alone
// (QtCharts changes their text without telling a cache). Call after items are created.
void cacheChartItems(QGraphicsScene* scene, bool includeSeries);

// A colour's mix with the background, for curves drawn behind the one being edited.
QColor faded(const QColor& colour, const QColor& background, double opacity);

}  // namespace annealer
