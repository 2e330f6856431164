#pragma once

#include "project/Project.h"

#include <QWidget>

class QComboBox;
class QTableWidget;

namespace annealer {

class LivePrediction;
class ProjectDocument;

// Each visible schedule's predicted loss at its last step, and how much lower or higher that is
// than the baseline schedule's (chosen here, or with "Use as baseline"). A value from a quick
// preview is marked "≈" until the exact prediction arrives; one outside the range the fit saw
// (fit/FitRange.h) is marked kExtrapolationMark, in red, its tooltip saying how.
class FinalLossTable : public QWidget {
    Q_OBJECT
public:
    static inline const QString kExtrapolationMark = QStringLiteral("⚠");

    FinalLossTable(ProjectDocument* document, LivePrediction* prediction,
                   QWidget* parent = nullptr);

    QTableWidget* table() const { return table_; }
    QComboBox* baselineBox() const { return baseline_; }

private:
    void rebuildBaselineBox();
    void refresh();
    // Sets a cell's text, colour, icon and tip only where they differ: refresh() runs on every
    // frame of a drag.
    void setCell(int row, int column, const QString& text, Qt::Alignment alignment,
                 const QColor& foreground = QColor(), const QString& tip = QString(),
                 const QString& swatchColour = QString());

    ProjectDocument* document_;
    LivePrediction* prediction_;
    QComboBox* baseline_;
    QTableWidget* table_;
    bool refreshing_ = false;
};

}  // namespace annealer
