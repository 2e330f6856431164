#pragma once

#include <QColor>
#include <QFont>
#include <QPointF>
#include <QRectF>
#include <QString>

#include <cstdint>
#include <vector>

class QPainter;

namespace annealer {

// The loss chart's legend, drawn by the chart itself (Qt's QLegend spills a long list into a
// clipped second column and drops entries). Every schedule is always listed: when all entries
// do not fit the plot's height, the observed runs collapse into one entry, then the band's
// entry goes, then the entries flow into columns. The legend takes the place inside the plot
// that covers no curve's end and the fewest drawn points.
class LossLegend {
public:
    enum class Kind { Schedule, Band, Run, AllRuns };
    struct Entry {
        Kind kind = Kind::Schedule;
        QString label;
        QColor colour;
        bool shown = true;  // false: its curve or run hidden by a click, the entry faded
        std::int64_t id = 0;  // the schedule's or run's id
        QRectF rect;        // where it is drawn, chart coordinates (after arrange)
    };

    // Lays `entries` (schedules first, then the band, then the runs) out in `plot`, away from
    // the points in `ends` (the curve ends: never covered if any place can avoid them) and
    // covering as few of `points` as it can.
    void arrange(std::vector<Entry> entries, const QFont& font, const QRectF& plot,
                 const std::vector<QPointF>& ends, const std::vector<QPointF>& points);
    void paint(QPainter* painter, const QColor& text, const QColor& background,
               const QColor& border) const;
    // The entry at `position` (chart coordinates), if any.
    const Entry* entryAt(const QPointF& position) const;

    const std::vector<Entry>& entries() const { return entries_; }
    const QRectF& frame() const { return frame_; }

private:
    std::vector<Entry> entries_;
    QRectF frame_;
    QFont font_;
};

}  // namespace annealer
