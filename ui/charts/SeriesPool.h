#pragma once

#include <functional>
#include <vector>

class QAbstractSeries;
class QChart;

namespace annealer {

// Series a chart keeps from one update to the next, so that new data only replaces their
// points: in QtCharts, building a fit chart's 27 series anew took some 80 ms (a stall the user
// feels), replacing their points under 20. resize() adds series at the end of the chart (drawn
// above the others, attached to all its axes) or deletes the last ones.
class SeriesPool {
public:
    // Series of a pool kept out of the legend (bands, observed points) have their markers hidden.
    SeriesPool(QChart* chart, bool inLegend);

    void resize(std::size_t count, const std::function<QAbstractSeries*()>& make);
    QAbstractSeries* at(std::size_t index) const { return series_[index]; }
    std::size_t size() const { return series_.size(); }

private:
    QChart* chart_;
    bool inLegend_;
    std::vector<QAbstractSeries*> series_;
};

}  // namespace annealer
