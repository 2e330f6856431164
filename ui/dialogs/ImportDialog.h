#pragma once

#include "Result.h"
#include "run/LogContents.h"
#include "run/Run.h"
#include "schedule/Schedule.h"

#include <QDialog>
#include <QFutureWatcher>

#include <memory>
#include <vector>

class QComboBox;
class QLabel;
class QPushButton;
class QTableWidget;

namespace annealer {

// Shows what dropped or chosen logs hold before their runs join the project. Each run gets a
// row: the metric taken as its loss and the one taken as its LR, chosen as the importer would
// (the reason is shown) and open to another choice, a run without an LR metric may take the
// per-step LR of one of the project's schedules, and what the run becomes with that choice
// (points, steps, how its per-step LR is made) or why it cannot be used. Below, the selected
// run's file: its format, notes and the columns that could not be read. Runs are assembled off
// the GUI thread whenever a choice changes; Add emits the checked runs that assembled.
class ImportDialog : public QDialog {
    Q_OBJECT
public:
    ImportDialog(std::vector<LogContents> logs, std::vector<Schedule> schedules,
                 QWidget* parent = nullptr);
    ~ImportDialog() override;

    int rowCount() const;
    QTableWidget* runTable() const { return table_; }
    QComboBox* lossBox(int row) const;
    QComboBox* lrBox(int row) const;
    QLabel* detailsLabel() const { return details_; }
    QPushButton* addButton() const { return add_; }
    bool isAssembling() const { return assembling_; }
    // The checked runs as assembled for the current choices, and the problems of the others.
    std::vector<Run> chosenRuns() const;
    QString rowProblem(int row) const;

signals:
    void runsChosen(const std::vector<annealer::Run>& runs);
    void assembled();  // every row reflects the current choices

private:
    struct Row;
    void buildRows();
    void assemble();
    void assemblyDone();
    void showRowResult(int row);
    void showDetails(int row);
    void updateAddButton();

    std::shared_ptr<const std::vector<LogContents>> logs_;
    std::vector<Schedule> schedules_;
    std::vector<Row> rows_;
    QTableWidget* table_;
    QLabel* details_;
    QPushButton* add_;
    QFutureWatcher<std::vector<Result<Run>>> watcher_;
    std::vector<Result<Run>> results_;  // per row, for the choices the table shows
    bool assembling_ = false;           // until the newest assembly's results are taken
};

}  // namespace annealer
