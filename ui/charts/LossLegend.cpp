#include "LossLegend.h"

#include <QFontMetricsF>
#include <QObject>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace annealer {

namespace {

constexpr double kPadding = 6.0;      // inside the frame
constexpr double kInset = 6.0;        // between the frame and the plot's edge
constexpr double kSwatch = 14.0;      // the curve's sample
constexpr double kSwatchGap = 6.0;    // between sample and label
constexpr double kColumnGap = 12.0;   // between columns
constexpr double kEndClearance = 10.0;  // kept free around a curve's end

}  // namespace

void LossLegend::arrange(std::vector<Entry> entries, const QFont& font, const QRectF& plot,
                         const std::vector<QPointF>& ends, const std::vector<QPointF>& points) {
    font_ = font;
    const QFontMetricsF metrics(font);
    const double line = std::ceil(metrics.height()) + 4.0;
    const double usable = std::max(line, plot.height() - 2.0 * kInset - 2.0 * kPadding);
    const auto fits = [&](std::size_t count) { return static_cast<double>(count) * line <= usable; };

    // Schedules first: the runs collapse into one entry, then the band's entry goes.
    const auto runCount = std::count_if(entries.begin(), entries.end(),
                                        [](const Entry& e) { return e.kind == Kind::Run; });
    if (!fits(entries.size()) && runCount > 1) {
        Entry all;
        all.kind = Kind::AllRuns;
        all.label = QObject::tr("observed runs (%1)").arg(runCount);
        all.colour = QColor(QStringLiteral("#7f7f7f"));
        all.shown = std::any_of(entries.begin(), entries.end(), [](const Entry& e) {
            return e.kind == Kind::Run && e.shown;
        });
        entries.erase(std::remove_if(entries.begin(), entries.end(),
                                     [](const Entry& e) { return e.kind == Kind::Run; }),
                      entries.end());
        entries.push_back(all);
    }
    if (!fits(entries.size()))
        entries.erase(std::remove_if(entries.begin(), entries.end(),
                                     [](const Entry& e) { return e.kind == Kind::Band; }),
                      entries.end());
    entries_ = std::move(entries);
    frame_ = QRectF();
    if (entries_.empty()) return;

    // Then columns, as many as the height asks for; labels elided only if they cannot fit
    // the plot's width.
    const int rows = std::max(1, static_cast<int>(std::floor(usable / line)));
    const int count = static_cast<int>(entries_.size());
    const int columns = (count + rows - 1) / rows;
    const int perColumn = (count + columns - 1) / columns;
    const double available = plot.width() - 2.0 * kInset - 2.0 * kPadding - (columns - 1) * kColumnGap;
    const auto columnWidths = [&] {
        std::vector<double> widths(static_cast<std::size_t>(columns), 0.0);
        for (int i = 0; i < count; ++i) {
            double& width = widths[static_cast<std::size_t>(i / perColumn)];
            width = std::max(width, kSwatch + kSwatchGap + 2.0 +
                                        std::ceil(metrics.horizontalAdvance(
                                            entries_[static_cast<std::size_t>(i)].label)));
        }
        return widths;
    };
    std::vector<double> columnWidth = columnWidths();
    if (std::accumulate(columnWidth.begin(), columnWidth.end(), 0.0) > available) {
        const double labelLimit = std::max(20.0, available / columns - kSwatch - kSwatchGap - 2.0);
        for (Entry& entry : entries_)
            if (metrics.horizontalAdvance(entry.label) > labelLimit)
                entry.label = metrics.elidedText(entry.label, Qt::ElideMiddle, labelLimit);
        columnWidth = columnWidths();
    }
    double frameWidth = 2.0 * kPadding + (columns - 1) * kColumnGap;
    for (double width : columnWidth) frameWidth += width;
    const double frameHeight = 2.0 * kPadding + perColumn * line;

    // Candidate places: the four corners first, then along the top and bottom edges and the
    // side edges. Those covering the fewest curve ends win; among them, the fewest points.
    std::vector<QPointF> places;
    const double left = plot.left() + kInset, right = plot.right() - kInset - frameWidth;
    const double top = plot.top() + kInset, bottom = plot.bottom() - kInset - frameHeight;
    places = {{right, top}, {right, bottom}, {left, bottom}, {left, top}};
    for (double x = right - 8.0; x > left; x -= 8.0) places.insert(places.end(), {{x, top}, {x, bottom}});
    for (double y = top + 8.0; y < bottom; y += 8.0) places.insert(places.end(), {{right, y}, {left, y}});
    const auto covered = [&](const QRectF& rect, const std::vector<QPointF>& of) {
        return static_cast<int>(std::count_if(of.begin(), of.end(),
                                              [&](const QPointF& p) { return rect.contains(p); }));
    };
    const QSizeF size(frameWidth, frameHeight);
    const auto endsNear = [&](const QPointF& place) {
        return covered(QRectF(place, size).adjusted(-kEndClearance, -kEndClearance, kEndClearance,
                                                    kEndClearance),
                       ends);
    };
    int fewestEnds = std::numeric_limits<int>::max();
    for (const QPointF& place : places) fewestEnds = std::min(fewestEnds, endsNear(place));
    QRectF best;
    int bestPoints = std::numeric_limits<int>::max();
    for (const QPointF& place : places) {
        if (endsNear(place) != fewestEnds) continue;
        const QRectF rect(place, size);
        const int inside = covered(rect, points);
        if (inside < bestPoints) {
            bestPoints = inside;
            best = rect;
        }
        if (inside == 0) break;
    }
    frame_ = best;
    for (int i = 0; i < count; ++i) {
        const int column = i / perColumn, row = i % perColumn;
        double x = frame_.left() + kPadding;
        for (int c = 0; c < column; ++c) x += columnWidth[static_cast<std::size_t>(c)] + kColumnGap;
        entries_[static_cast<std::size_t>(i)].rect =
            QRectF(x, frame_.top() + kPadding + row * line,
                   columnWidth[static_cast<std::size_t>(column)], line);
    }
}

void LossLegend::paint(QPainter* painter, const QColor& text, const QColor& background,
                       const QColor& border) const {
    if (entries_.empty()) return;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setFont(font_);
    painter->setPen(QPen(border, 1.0));
    painter->setBrush(background);
    painter->drawRect(frame_);
    for (const Entry& entry : entries_) {
        const QRectF swatch(entry.rect.left(), entry.rect.center().y() - kSwatch / 2.0, kSwatch,
                            kSwatch);
        QColor colour = entry.colour;
        if (!entry.shown) colour.setAlphaF(0.3f);
        switch (entry.kind) {
        case Kind::Schedule:
            painter->setPen(QPen(colour, 2.5, Qt::SolidLine, Qt::FlatCap));
            painter->drawLine(QPointF(swatch.left(), swatch.center().y()),
                              QPointF(swatch.right(), swatch.center().y()));
            break;
        case Kind::Band:
            painter->setPen(Qt::NoPen);
            painter->setBrush(colour);
            painter->drawRect(swatch.adjusted(0, 3, 0, -3));
            break;
        case Kind::Run:
        case Kind::AllRuns:
            painter->setPen(Qt::NoPen);
            painter->setBrush(colour);
            painter->drawEllipse(swatch.center(), 3.5, 3.5);
            break;
        }
        QColor label = text;
        if (!entry.shown) label.setAlphaF(0.4f);
        painter->setPen(label);
        painter->drawText(entry.rect.adjusted(kSwatch + kSwatchGap, 0, 0, 0),
                          Qt::AlignLeft | Qt::AlignVCenter, entry.label);
    }
    painter->restore();
}

const LossLegend::Entry* LossLegend::entryAt(const QPointF& position) const {
    for (const Entry& entry : entries_)
        if (entry.rect.contains(position)) return &entry;
    return nullptr;
}

}  // namespace annealer
