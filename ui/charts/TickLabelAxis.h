#pragma once

#include <QCategoryAxis>
#include <QPointer>
#include <QStringList>

#include <functional>
#include <vector>

class QChart;

namespace annealer {

// The ticks, labels, grid and title of a chart axis whose labels a printf format cannot write
// ("0", "5k", "1.5M" on a step axis: zero has no suffix; "1e-4", "3e-4" on a log LR axis: no
// padded exponent). The host axis (a QValueAxis or QLogValueAxis) keeps mapping the series, so
// curves, handles and zoom are unchanged, but is hidden; this category axis, laid over it on
// the same side with no series, draws a label at each tick's value (AxisLabelsPositionOnValue)
// and follows the host's range, ticks and title, and the plot area's size (a log host's ticks
// are spaced as its height allows). Over a log host it is linear over log10 of the range.
// The chart owns it, as any axis; remove it with its host.
class TickLabelAxis : public QCategoryAxis {
    Q_OBJECT
public:
    using Format = std::function<QString(double)>;  // a tick's label from its value in host units

    // `host` must already be on `chart`; the new axis goes on the same side.
    TickLabelAxis(QChart* chart, QAbstractAxis* host, Format format);

    // A new format (the unit of a step axis changed) relabels at once.
    void setFormat(Format format);
    // The ticks labelled now, in host units, and their labels (same order).
    const std::vector<double>& tickValues() const { return values_; }
    const QStringList& tickLabels() const { return labels_; }
    QAbstractAxis* host() const { return host_; }

    // Follows the host (called on its changes; public for a chart that changed what the
    // format reads).
    void refresh();

private:
    void copyStyle();
    int room() const;  // how many labels fit along the plot area
    // Whether `labels` labels, each `labelLength` long along the axis, are drawn whole.
    bool fitsWhole(qsizetype labels, double labelLength) const;
    // Gives the host fewer ticks, so that `labels` labels would fit; false if it cannot.
    bool thinHostTicks(qsizetype labels, double labelLength);

    QPointer<QChart> chart_;
    QPointer<QAbstractAxis> host_;
    Format format_;
    std::vector<double> values_;
    std::vector<double> positions_;  // in this axis's units (log10 over a log host)
    QStringList labels_;
    double low_ = 0.0, high_ = 0.0;
};

// Tick values for a log axis over [low, high] with at most `maxTicks` of them: every 1-9
// times a power of ten, else 1, 2, 5, else 1, 3, else the decades (every second, third... one
// when even they are too many); a range inside one such step gets evenly spaced round values.
std::vector<double> logTickValues(double low, double high, int maxTicks);

}  // namespace annealer
