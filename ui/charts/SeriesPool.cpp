#include "SeriesPool.h"

#include <QAbstractSeries>
#include <QChart>
#include <QLegend>
#include <QLegendMarker>

namespace annealer {

SeriesPool::SeriesPool(QChart* chart, bool inLegend) : chart_(chart), inLegend_(inLegend) {}

void SeriesPool::resize(std::size_t count, const std::function<QAbstractSeries*()>& make) {
    while (series_.size() > count) {
        chart_->removeSeries(series_.back());
        delete series_.back();
        series_.pop_back();
    }
    while (series_.size() < count) {
        QAbstractSeries* series = make();
        chart_->addSeries(series);
        for (QAbstractAxis* axis : chart_->axes()) series->attachAxis(axis);
        if (!inLegend_)
            for (QLegendMarker* marker : chart_->legend()->markers(series))
                marker->setVisible(false);
        series_.push_back(series);
    }
}

}  // namespace annealer
