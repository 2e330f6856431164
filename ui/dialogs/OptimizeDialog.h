#pragma once

#include "optimize/ScheduleOptimizer.h"
#include "project/Project.h"

#include <QDialog>
#include <QFutureWatcher>

#include <optional>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace annealer {

class ProjectDocument;

// What one optimiser run produced, with the baseline it is compared against.
struct OptimizeOutcome {
    std::optional<OptimizationResult> result;  // empty: failed or cancelled
    QString error;
    bool cancelled = false;
    OptimizationFamily family = OptimizationFamily::FreeForm;
    QString baselineName;
    std::optional<double> baselineLoss;  // the project's baseline under the same fit
};

// "Find Best Schedule": the schedule that minimises the project's law's predicted final loss
// under the selected schedule's steps, peak and warmup. The optimiser runs on a worker thread
// (it takes seconds for long runs) and cancels through its progress callback; the best
// schedule is added to the project by an undoable command.
class OptimizeDialog : public QDialog {
    Q_OBJECT
public:
    // Constraints are prefilled from schedule `selected` (0: defaults).
    OptimizeDialog(ProjectDocument* document, ItemId selected, QWidget* parent = nullptr);
    ~OptimizeDialog() override;

    QComboBox* familyCombo() const { return family_; }
    OptimizationConstraints constraints() const;
    OptimizationOptions options() const;  // without the progress callback

    void start();
    void cancel();
    bool isRunning() const;
    const OptimizeOutcome& outcome() const { return outcome_; }
    QTableWidget* resultTable() const { return table_; }
    QLabel* summaryLabel() const { return summary_; }
    QPushButton* addButton() const { return add_; }
    // The name the best schedule gets, e.g. "optimal free-form (-0.041 vs baseline)".
    QString proposedName() const;
    // Adds the best schedule; returns its id (0 if there is none).
    ItemId addToProject();

signals:
    void finished();  // a run ended: done, failed or cancelled
    void scheduleAdded(annealer::ItemId id);

private:
    void runFinished();
    void showOutcome();
    void updateButtons();
    std::optional<FitResult> currentFit(QString* problem) const;

    ProjectDocument* document_;
    ItemId selected_;
    QSpinBox* steps_;
    QLineEdit* peak_;
    QSpinBox* warmup_;
    QLineEdit* floor_;
    QComboBox* family_;
    QDoubleSpinBox* smoothness_;
    QProgressBar* progress_;
    QPushButton* run_;
    QPushButton* cancel_;
    QPushButton* add_;
    QLabel* summary_;
    QLabel* caveat_;
    QTableWidget* table_;
    QFutureWatcher<OptimizeOutcome> watcher_;
    WarmupShape warmupShape_ = WarmupShape::Linear;
    OptimizeOutcome outcome_;
};

}  // namespace annealer
