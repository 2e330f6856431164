#pragma once

#include <QMainWindow>

class QLabel;
class QSlider;

namespace annealer {

class CptCheckpointPanel;
class CptDocument;
class CptFinalLossTable;
class CptLossChart;
class CptLrChart;
class CptOptimizerPanel;
class CptPredictions;
class CptProjectActions;
class CptScheduleEditor;

// The CPT designer: a continual pre-training project (CptProject) in one window. Left, four
// charts over the same steps: the LR (end of pre-training, then the CPT schedules, with drag
// handles), the predicted loss on the pre-training data, on the new data, and their weighted
// sum, so the trade-off of each schedule is seen at a glance. Right, the balance weight w, the
// final-loss table against the baseline, and tabs for the selected schedule's parameters, the
// checkpoint (loss potential, what-if) and the search for the best CPT schedule.
class CptDesignerWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit CptDesignerWindow(QWidget* parent = nullptr);

    bool openDemo();                        // false (and a message) if the demo cannot be built
    bool openProject(const QString& path);  // a .annealer-cpt file
    CptDocument* document() const { return document_; }

    CptLrChart* lrChart() const { return lrChart_; }
    CptLossChart* lossChart(int index) const {
        return lossCharts_[index];
    }  // 0 old, 1 new, 2 weighted
    CptFinalLossTable* finalLossTable() const { return table_; }
    CptOptimizerPanel* optimizerPanel() const { return optimizer_; }
    QSlider* weightSlider() const { return weight_; }
    CptProjectActions* projectActions() const { return actions_; }

signals:
    void errorShown(const QString& message);

private:
    void showError(const QString& message);
    void saveAs();
    void refreshWeight();

    CptDocument* document_;
    CptPredictions* predictions_;
    CptLrChart* lrChart_;
    CptLossChart* lossCharts_[3];
    CptFinalLossTable* table_;
    CptScheduleEditor* editor_;
    CptCheckpointPanel* checkpoint_;
    CptOptimizerPanel* optimizer_;
    QSlider* weight_;
    QLabel* weightLabel_;
    CptProjectActions* actions_;
};

// Opens the CPT designer on its demo in a window of its own (deleted when closed).
void showCptDesignerDemo();

}  // namespace annealer
