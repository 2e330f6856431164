#pragma once

#include "project/Project.h"
#include "run/LogContents.h"

#include <QMainWindow>
#include <QPointer>

#include <functional>
#include <memory>

class QAction;
class QLabel;
class QMenu;
class QProgressBar;
class QSplitter;
class QToolButton;

namespace annealer {

class FileTasks;
class FinalLossTable;
class ExportDialog;
class FitDialog;
class OptimizeDialog;
class ImportDialog;
class LawPanel;
class LivePrediction;
class LossChartView;
class LrChartView;
class ParameterPanel;
class ProjectDocument;
class RecentFiles;
class RunListPanel;
class ScheduleListPanel;
class UserDialogs;
struct ImportedFiles;
struct OpenedProject;

// The designer window: schedules on the left, the LR chart with its handles above the loss
// chart in the middle, the selected schedule's parameters and the law on the right, the final
// losses under the schedule list. It wires the parts together and owns the file handling;
// each part observes the ProjectDocument itself.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Replaces the dialogs (tests answer instead of a person); the window does not own it.
    void setUserDialogs(UserDialogs* dialogs);

    // File operations; reading and writing run in the background, and projectOpened(),
    // projectSaved() or errorShown() tell how they ended.
    void openProject(const QString& path);
    void openDemo();
    void saveProjectAs(const QString& path);
    // Reads the files in the background; logs then open the import dialog, where the user
    // chooses their metrics before the runs are added.
    void importFiles(const QStringList& paths);
    // The fit dialog (made on first use) and its window.
    FitDialog* fitDialog();
    void showFitDialog();
    // Optimise and export (MainWindowDialogs.cpp). The dialogs are for the selected schedule
    // and delete themselves on close; showExportDialog() is nullptr without a selection.
    OptimizeDialog* showOptimizeDialog();
    ExportDialog* showExportDialog();
    bool exportChartImage(const QString& path);  // PNG of the charts; false after an error
    void exportCurvesCsv(const QString& path);   // in the background: curvesExported() or
                                                 // errorShown() tells how it ended

    // Nothing loading or saving, and every visible curve predicted.
    bool isSettled() const;

    ProjectDocument* document() const { return document_; }
    LivePrediction* prediction() const { return prediction_; }
    LrChartView* lrChart() const { return lrChart_; }
    LossChartView* lossChart() const { return lossChart_; }
    // The size a window without saved geometry opens at: 1280x800, bounded by the screen.
    QSize defaultSize() const;
    ParameterPanel* parameterPanel() const { return parameters_; }
    LawPanel* lawPanel() const { return lawPanel_; }
    ScheduleListPanel* scheduleList() const { return scheduleList_; }
    RunListPanel* runList() const { return runList_; }
    FinalLossTable* finalLossTable() const { return finalLoss_; }
    ImportDialog* importDialog() const;  // the open one, if any
    RecentFiles* recentFiles() const { return recentFiles_; }
    QAction* importFolderAction() const { return importFolderAction_; }
    QAction* fitViewAction() const { return fitViewAction_; }
    // The three columns, left to right: Tab visits them in this order.
    QList<QWidget*> panelColumns() const { return {sidePanel_, centrePanel_, rightPanel_}; }

signals:
    void projectOpened(const QString& path);  // empty path: the demo
    void projectSaved(const QString& path);
    void errorShown(const QString& message);
    void settled();
    void curvesExported(const QString& path);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createActions();
    void createMenus();
    void createToolBars();
    QWidget* createChartBar();
    void createLayout();
    void createStatusBar();
    void connectParts();
    void orderTabStops();

    // Asks to save unsaved changes; then runs `next` unless the user cancelled.
    void whenChangesHandled(std::function<void()> next);
    void save();
    void saveAs();
    void newProject();
    void openWithDialog();
    void importWithDialog();
    void importFolderWithDialog();
    QString importDirectory() const;
    void projectLoaded(const OpenedProject& opened);
    void filesImported(const ImportedFiles& files);
    void openImportDialog(std::vector<LogContents> logs);
    void addRuns(const std::vector<Run>& chosen);
    // The project's run read from the same file as `run`, with the same data; null if none.
    const ProjectRun* sameRunInProject(const Run& run) const;
    void saveFinished(const QString& path, const QString& error);
    void showError(const QString& title, const QString& message);
    void updateTitle();
    void updateViewActions();
    void updatePredictionStatus();
    void rebuildRecentMenu();
    void checkSettled();
    void setTokensPerStep();
    void addDialogActions(QMenu* file, QMenu* schedule);

    ProjectDocument* document_;
    LivePrediction* prediction_;
    FileTasks* fileTasks_;
    RecentFiles* recentFiles_;
    std::unique_ptr<UserDialogs> standardDialogs_;
    UserDialogs* dialogs_;

    ScheduleListPanel* scheduleList_ = nullptr;
    RunListPanel* runList_ = nullptr;
    FinalLossTable* finalLoss_ = nullptr;
    LrChartView* lrChart_ = nullptr;
    LossChartView* lossChart_ = nullptr;
    ParameterPanel* parameters_ = nullptr;
    LawPanel* lawPanel_ = nullptr;
    FitDialog* fitDialog_ = nullptr;
    QPointer<ImportDialog> importDialog_;
    QSplitter* mainSplitter_ = nullptr;
    QSplitter* chartSplitter_ = nullptr;
    QSplitter* sideSplitter_ = nullptr;
    QWidget* sidePanel_ = nullptr;
    QWidget* centrePanel_ = nullptr;
    QWidget* rightPanel_ = nullptr;
    QLabel* predictionStatus_ = nullptr;
    QLabel* lawStatus_ = nullptr;
    QProgressBar* importProgress_ = nullptr;
    QToolButton* importCancel_ = nullptr;

    QAction* newAction_ = nullptr;
    QAction* openAction_ = nullptr;
    QAction* saveAction_ = nullptr;
    QAction* saveAsAction_ = nullptr;
    QAction* demoAction_ = nullptr;
    QAction* quitAction_ = nullptr;
    QAction* undoAction_ = nullptr;
    QAction* redoAction_ = nullptr;
    QAction* drawAction_ = nullptr;
    QAction* exportScheduleAction_ = nullptr;  // made in addDialogActions
    QAction* logLrAction_ = nullptr;
    QAction* tokensAction_ = nullptr;
    QAction* focusEndAction_ = nullptr;
    QAction* tokensPerStepAction_ = nullptr;
    QAction* fitAction_ = nullptr;
    QAction* importFolderAction_ = nullptr;
    QAction* fitViewAction_ = nullptr;
    QAction* aboutAction_ = nullptr;
    QMenu* recentMenu_ = nullptr;

    std::function<void()> afterSave_;  // what a "save first" was for (open, close, ...)
    bool closeAllowed_ = false;
};

}  // namespace annealer
