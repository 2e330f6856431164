#pragma once

#include "CptChartView.h"
#include "CptHandles.h"

#include <optional>

namespace annealer {

class CptDocument;
class CptPredictions;

// The LR chart of the CPT designer: the end of pre-training (grey) up to the checkpoint, then
// each visible CPT schedule in its colour, the selected one bold with drag handles for its
// re-warm end and peak, WSD decay start, floor and length. A drag is one undoable edit.
class CptLrChart : public CptChartView {
    Q_OBJECT
public:
    CptLrChart(CptDocument* document, CptPredictions* predictions, QWidget* parent = nullptr);

    // The selected schedule's handles and where they are drawn (viewport coordinates).
    std::vector<CptHandle> handles() const;
    QPoint handlePosition(const CptHandle& handle) const;

signals:
    void statusMessage(const QString& text);

protected:
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void drawForeground(QPainter* painter, const QRectF& rect) override;

private:
    void redraw();
    std::optional<CptHandle> handleAt(const QPointF& position) const;

    CptDocument* document_;
    CptPredictions* predictions_;
    double yFactor_ = 1.0;  // axis units per LR (a power of ten, in the axis title)
    std::optional<CptHandle> dragged_;
    int dragKey_ = 0;
};

}  // namespace annealer
