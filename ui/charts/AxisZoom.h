#pragma once

#include <QPointF>

#include <optional>
#include <utility>

namespace annealer {

// A value axis the user zooms with the wheel and pans by dragging (middle button, or Shift with
// the left one), until "fit to view" hands it back to the chart's automatic range. Linear or
// logarithmic (zoom and pan then act on the logarithm). The range is in the axis's values.
class AxisZoom {
public:
    using Range = std::pair<double, double>;

    bool isActive() const { return range_.has_value(); }
    const std::optional<Range>& range() const { return range_; }
    void reset() {
        range_.reset();
        panStart_.reset();
    }

    // Zooms [low, high] about `at` by `factor` (< 1 zooms in); false if the result is degenerate.
    bool zoom(double low, double high, double at, double factor, bool logarithmic);

    // A pan starts at a pixel height with the range shown; moves follow it.
    void beginPan(double pixelY, double low, double high);
    bool isPanning() const { return panStart_.has_value(); }
    // The range moved with the mouse now at `pixelY` on a plot `plotHeight` pixels high.
    void panTo(double pixelY, double plotHeight, bool logarithmic);
    void endPan() { panStart_.reset(); }

private:
    std::optional<Range> range_;
    struct PanStart {
        double pixelY;
        Range range;
    };
    std::optional<PanStart> panStart_;
};

}  // namespace annealer
