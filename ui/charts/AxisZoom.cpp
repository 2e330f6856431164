#include "AxisZoom.h"

#include <cmath>

namespace annealer {

bool AxisZoom::zoom(double low, double high, double at, double factor, bool logarithmic) {
    if (logarithmic) {
        if (!(low > 0.0) || !(at > 0.0)) return false;
        low = std::log10(low);
        high = std::log10(high);
        at = std::log10(at);
    }
    double newLow = at - (at - low) * factor;
    double newHigh = at + (high - at) * factor;
    if (!std::isfinite(newLow) || !std::isfinite(newHigh) ||
        !(newHigh - newLow > 1e-9 * std::max(1.0, std::abs(newHigh))))
        return false;
    if (logarithmic) {
        newLow = std::pow(10.0, newLow);
        newHigh = std::pow(10.0, newHigh);
    }
    range_ = Range{newLow, newHigh};
    return true;
}

void AxisZoom::beginPan(double pixelY, double low, double high) {
    panStart_ = PanStart{pixelY, Range{low, high}};
}

void AxisZoom::panTo(double pixelY, double plotHeight, bool logarithmic) {
    if (!panStart_ || !(plotHeight > 0.0)) return;
    auto [low, high] = panStart_->range;
    if (logarithmic) {
        low = std::log10(low);
        high = std::log10(high);
    }
    // Dragging down shows higher values: the range moves up by the distance dragged.
    const double shift = (pixelY - panStart_->pixelY) / plotHeight * (high - low);
    low += shift;
    high += shift;
    if (logarithmic) {
        low = std::pow(10.0, low);
        high = std::pow(10.0, high);
    }
    if (std::isfinite(low) && std::isfinite(high)) range_ = Range{low, high};
}

}  // namespace annealer
