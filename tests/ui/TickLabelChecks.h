#pragma once

// Tick labels checked as a user sees them: the axis carrying a chart's labels (TickLabelAxis),
// each of its labels drawn in the chart's scene, whole, beside the plot area, centred on the
// pixel the chart maps its value to, and reading back as that value.
#include "TickLabelAxis.h"

#include <QChart>
#include <QGraphicsScene>
#include <QGraphicsTextItem>
#include <QLogValueAxis>
#include <QRegularExpression>
#include <QTest>
#include <QValueAxis>

#include <cmath>
#include <limits>

namespace tick_label_checks {

// The axis carrying the labels along `orientation`; null where the host labels itself.
inline annealer::TickLabelAxis* labelAxis(QChart* chart, Qt::Orientation orientation) {
    for (QAbstractAxis* axis : chart->axes(orientation))
        if (auto* labels = qobject_cast<annealer::TickLabelAxis*>(axis)) return labels;
    return nullptr;
}

// What a label says: "5k" 5000, "1.5M", "2B", "3e-4", "250".
inline double labelValue(const QString& label) {
    const QString units = QStringLiteral("kMBT");
    const qsizetype unit = label.isEmpty() ? -1 : units.indexOf(label.back());
    bool ok = false;
    const double number = (unit >= 0 ? label.chopped(1) : label).toDouble(&ok);
    if (!ok) return std::numeric_limits<double>::quiet_NaN();
    return unit >= 0 ? number * std::pow(1000.0, static_cast<double>(unit + 1)) : number;
}

// A count as the step axes write it: "250", "5k", "12.5k", "1.5M", "2B" (zero as "0").
inline bool isCompactCount(const QString& label) {
    static const QRegularExpression compact(
        QStringLiteral("^(0|[1-9][0-9]{0,2}(\\.[0-9]+)?[kMBT]?)$"));
    return compact.match(label).hasMatch();
}

// A value with a short exponent, as the log LR axes write it: "1e-4", "3e-4", "1.5e-4".
inline bool isShortExponent(const QString& label) {
    static const QRegularExpression exponent(QStringLiteral("^[1-9](\\.[0-9]+)?e[-+][1-9][0-9]*$"));
    return exponent.match(label).hasMatch();
}

// The low end of an axis's range (a log axis's is positive: a point there maps).
inline double lowEnd(QAbstractAxis* axis) {
    if (auto* log = qobject_cast<QLogValueAxis*>(axis)) return log->min();
    if (auto* value = qobject_cast<QValueAxis*>(axis)) return value->min();
    return 0.0;
}

// Every label of `labels` is drawn: a visible text item of that text in the chart's scene,
// inside the chart, outside the plot area on its axis's side, centred within 2.5 pixels on
// where the chart maps the tick's value (the curves' own mapping, through `series`); and it
// reads back as the value times `unit` (steps or tokens per axis unit), to its rounding.
inline void checkTickLabels(QChart* chart, annealer::TickLabelAxis* labels, QAbstractSeries* series,
                            double unit, const QString& where) {
    QVERIFY2(labels && series, qPrintable(where));
    QAbstractAxis* host = labels->host();
    QVERIFY2(host && !host->isVisible(), qPrintable(where));
    const bool vertical = labels->orientation() == Qt::Vertical;
    QAbstractAxis* other = chart->axes(vertical ? Qt::Horizontal : Qt::Vertical).value(0);
    QVERIFY2(other, qPrintable(where));
    const std::vector<double>& values = labels->tickValues();
    const QStringList& texts = labels->tickLabels();
    QVERIFY2(values.size() >= 2 && static_cast<qsizetype>(values.size()) == texts.size(),
             qPrintable(where + QStringLiteral(": labels ") + texts.join(QLatin1Char(' '))));
    QVERIFY2(labels->categoriesLabels() == texts, qPrintable(where));
    const QRectF plot = chart->mapRectToScene(chart->plotArea());
    const QRectF whole = chart->mapRectToScene(QRectF(QPointF(0, 0), chart->size()));
    for (std::size_t i = 0; i < values.size(); ++i) {
        const QString& text = texts[static_cast<qsizetype>(i)];
        const QString what = where + QStringLiteral(": label \"%1\" of %2").arg(text).arg(values[i]);
        const double read = labelValue(text);
        const double expected = values[i] * unit;
        QVERIFY2(std::abs(read - expected) <= 5e-3 * std::abs(expected) + 1e-12,
                 qPrintable(what + QStringLiteral(" reads %1").arg(read)));
        const QPointF inChart = chart->mapToPosition(
            vertical ? QPointF(lowEnd(other), values[i]) : QPointF(values[i], lowEnd(other)), series);
        const QPointF tick = chart->mapToScene(inChart);
        double nearest = std::numeric_limits<double>::infinity();
        QRectF drawn;
        for (QGraphicsItem* item : chart->scene()->items()) {
            auto* label = qgraphicsitem_cast<QGraphicsTextItem*>(item);
            if (!label || !label->isVisibleTo(nullptr) || label->toPlainText() != text) continue;
            const QRectF rect = label->sceneBoundingRect();
            const double distance = vertical ? std::abs(rect.center().y() - tick.y())
                                             : std::abs(rect.center().x() - tick.x());
            if (distance < nearest) {
                nearest = distance;
                drawn = rect;
            }
        }
        QVERIFY2(nearest <= 2.5, qPrintable(what + QStringLiteral(": drawn %1 px from its tick")
                                                      .arg(nearest)));
        QVERIFY2(whole.adjusted(-1, -1, 1, 1).contains(drawn), qPrintable(what + QStringLiteral(": clipped")));
        QVERIFY2(vertical ? drawn.right() <= plot.left() + 1.0 : drawn.top() >= plot.bottom() - 1.0,
                 qPrintable(what + QStringLiteral(": over the plot area")));
    }
}

}  // namespace tick_label_checks
