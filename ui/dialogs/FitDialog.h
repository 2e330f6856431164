#pragma once

#include "project/Project.h"

#include <QDialog>

#include <map>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace annealer {

class FitResultsView;
class FitTask;
class LawComparisonView;
class ProjectDocument;
struct FitOutcome;

// Fits a law to the project's runs and shows what came of it. On the left the set-up: the law,
// each run's role (fitted, held out to test the fit's predictions, or left out), the window of
// steps; Fit, or Fit Both Laws to compare them. The fit runs off the GUI thread (FitTask) with a
// progress bar and Cancel. A fit that ends well is added to the project as one undoable command
// and predicts from then on; one that fails says why here and changes nothing. On the right the
// project's stored fits: results of the chosen one, and the last comparison of two laws.
class FitDialog : public QDialog {
    Q_OBJECT
public:
    enum class RunRole { Fit, HoldOut, Ignore };

    explicit FitDialog(ProjectDocument* document, QWidget* parent = nullptr);
    ~FitDialog() override;

    void setRunRole(ItemId runId, RunRole role);
    RunRole runRole(ItemId runId) const;
    // Starts a fit of the chosen law, or of both laws for a comparison; false (with the reason
    // in the status line) if the set-up cannot be fitted or a fit is running.
    bool startFit();
    bool startComparison();
    void cancelFit();
    bool isFitting() const;
    // Deletes the fit shown on the right (undoably); false if there is none.
    bool deleteChosenFit();
    // Predicts with the fit shown on the right (undoably): how a doubtful fit, which a finished
    // fit does not make the one in use, is chosen anyway. False if it already is.
    bool useChosenFit();

    QComboBox* lawBox() const { return law_; }
    QComboBox* roleBox(ItemId runId) const;
    QSpinBox* fromBox() const { return from_; }
    QSpinBox* toBox() const { return to_; }
    QDoubleSpinBox* huberBox() const { return huber_; }
    QPushButton* deleteFitButton() const { return deleteFit_; }
    QPushButton* useFitButton() const { return useFit_; }
    QPushButton* fitButton() const { return fitButton_; }
    QPushButton* closeButton() const { return closeButton_; }
    QPushButton* compareButton() const { return compareButton_; }
    QPushButton* cancelButton() const { return cancelButton_; }
    QProgressBar* progressBar() const { return progress_; }
    QLabel* statusLabel() const { return status_; }
    QComboBox* fitBox() const { return fitChoice_; }
    QLabel* staleLabel() const { return stale_; }
    FitResultsView* results() const { return results_; }
    LawComparisonView* comparison() const { return comparison_; }

signals:
    void fitAdded(int index);  // a finished fit is in the project (the last one, for a comparison)
    void fitFailed(const QString& reason);
    void fitCancelled();
    void fittingChanged(bool fitting);

private:
    QWidget* createSetup();
    QWidget* createResults();
    void rebuildRunTable();
    RunRole defaultRole(const ProjectRun& entry) const;
    bool start(const QStringList& lawIds);
    void finished(const FitOutcome& outcome);
    void setStatus(const QString& text, bool problem);
    void rebuildFitBox(int select);
    void showChosenFit();
    void updateSummary();
    void updateButtons();

    ProjectDocument* document_;
    FitTask* task_;
    QComboBox* law_ = nullptr;
    QTableWidget* runTable_ = nullptr;
    QSpinBox* from_ = nullptr;
    QSpinBox* to_ = nullptr;
    QPushButton* fitButton_ = nullptr;
    QPushButton* closeButton_ = nullptr;
    QPushButton* compareButton_ = nullptr;
    QPushButton* cancelButton_ = nullptr;
    QPushButton* deleteFit_ = nullptr;
    QPushButton* useFit_ = nullptr;
    QDoubleSpinBox* huber_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* status_ = nullptr;
    QComboBox* fitChoice_ = nullptr;
    QLabel* summary_ = nullptr;
    QLabel* stale_ = nullptr;
    FitResultsView* results_ = nullptr;
    LawComparisonView* comparison_ = nullptr;
    std::map<ItemId, RunRole> roles_;  // what the user chose, kept across table rebuilds
    bool comparing_ = false;
};

}  // namespace annealer
