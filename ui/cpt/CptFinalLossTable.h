#pragma once

#include <QTableWidget>

namespace annealer {

class CptDocument;
class CptPredictions;

// The final losses of every CPT schedule: on the pre-training data, on the new data, their
// weighted sum at the project's weight, its gain against the baseline (negative: better), and
// the turning length (CPT steps until the weighted loss is back at its value at the
// checkpoint; "never" where the law says it does not come back). A click selects a schedule.
class CptFinalLossTable : public QTableWidget {
    Q_OBJECT
public:
    enum Column { kName, kLossPt, kLossCpt, kWeighted, kVsBaseline, kTurning, kColumns };
    CptFinalLossTable(CptDocument* document, CptPredictions* predictions,
                      QWidget* parent = nullptr);

private:
    void refresh();
    void setCell(int row, int column, const QString& text, const QString& tip = {});

    CptDocument* document_;
    CptPredictions* predictions_;
    bool refreshing_ = false;
};

}  // namespace annealer
