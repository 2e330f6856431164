#include "MainWindow.h"

#include "AddFitCommand.h"
#include "AddRunsCommand.h"
#include "AddScheduleCommand.h"
#include "AppIcon.h"
#include "AppResources.h"
#include "CptDesignerWindow.h"
#include "ElidedLabel.h"
#include "FileTasks.h"
#include "FinalLossTable.h"
#include "FitDialog.h"
#include "ImportDialog.h"
#include "ItemColours.h"
#include "LawPanel.h"
#include "LivePrediction.h"
#include "LossChartView.h"
#include "LrChartView.h"
#include "ParameterPanel.h"
#include "ProjectDocument.h"
#include "RecentFiles.h"
#include "RunListPanel.h"
#include "ScheduleListPanel.h"
#include "SetViewCommand.h"
#include "StandardUserDialogs.h"
#include "law/LossLaw.h"
#include "run/RunDataKey.h"
#include "run/RunNames.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileInfo>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QScrollArea>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

#include <cmath>

namespace annealer {

namespace {

QString withShortcut(const QString& text, const QKeySequence& shortcut) {
    return shortcut.isEmpty()
               ? text
               : QStringLiteral("%1 (%2)").arg(text, shortcut.toString(QKeySequence::NativeText));
}

QAction* makeAction(QObject* parent, const QString& text, const QKeySequence& shortcut,
                    const QString& tip) {
    auto* action = new QAction(text, parent);
    action->setShortcut(shortcut);
    action->setToolTip(withShortcut(tip, shortcut));
    action->setStatusTip(tip);
    return action;
}

QFrame* separatorLine(QWidget* parent) {
    auto* line = new QFrame(parent);
    line->setFrameShape(QFrame::HLine);
    line->setFrameShadow(QFrame::Sunken);
    return line;
}

}  // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      document_(new ProjectDocument(this)),
      prediction_(new LivePrediction(document_, this)),
      fileTasks_(new FileTasks(this)),
      recentFiles_(new RecentFiles(QStringLiteral("recentProjects"), this)),
      standardDialogs_(std::make_unique<StandardUserDialogs>()),
      dialogs_(standardDialogs_.get()) {
    loadAppResources();
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(appIcon());
    setAcceptDrops(true);
    createActions();
    createLayout();
    createMenus();
    createToolBars();
    createStatusBar();
    connectParts();
    orderTabStops();
    updateTitle();
    updateViewActions();
    updatePredictionStatus();
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(defaultSize());
    mainSplitter_->restoreState(
        settings.value(QStringLiteral("window/mainSplitter")).toByteArray());
    chartSplitter_->restoreState(
        settings.value(QStringLiteral("window/chartSplitter")).toByteArray());
}

MainWindow::~MainWindow() = default;

void MainWindow::setUserDialogs(UserDialogs* dialogs) {
    dialogs_ = dialogs ? dialogs : standardDialogs_.get();
}

// ---------------------------------------------------------------------------------------------
// Construction

void MainWindow::createActions() {
    newAction_ =
        makeAction(this, tr("&New Project"), QKeySequence::New, tr("Start an empty project"));
    newAction_->setIcon(style()->standardIcon(QStyle::SP_FileIcon));
    openAction_ = makeAction(this, tr("&Open…"), QKeySequence::Open, tr("Open a project file"));
    openAction_->setIcon(style()->standardIcon(QStyle::SP_DialogOpenButton));
    saveAction_ = makeAction(this, tr("&Save"), QKeySequence::Save, tr("Save the project"));
    saveAction_->setIcon(style()->standardIcon(QStyle::SP_DialogSaveButton));
    saveAsAction_ = makeAction(this, tr("Save &As…"), QKeySequence::SaveAs,
                               tr("Save the project to another file"));
    demoAction_ = makeAction(this, tr("Open &Demo Project"), QKeySequence(),
                             tr("Open the built-in demo: a tiny GPT's runs under eight schedules, "
                                "and a fit on three of them"));
    quitAction_ = makeAction(this, tr("&Quit"), QKeySequence::Quit, tr("Quit Annealer"));
    quitAction_->setMenuRole(QAction::QuitRole);

    undoAction_ = document_->undoStack()->createUndoAction(this, tr("&Undo"));
    undoAction_->setShortcut(QKeySequence::Undo);
    undoAction_->setIcon(style()->standardIcon(QStyle::SP_ArrowBack));
    redoAction_ = document_->undoStack()->createRedoAction(this, tr("&Redo"));
    // Both common redo keys, whatever the platform's own binding.
    QList<QKeySequence> redoKeys = QKeySequence::keyBindings(QKeySequence::Redo);
    for (const QKeySequence& key :
         {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)})
        if (!redoKeys.contains(key)) redoKeys << key;
    redoAction_->setShortcuts(redoKeys);
    redoAction_->setIcon(style()->standardIcon(QStyle::SP_ArrowForward));

    drawAction_ = makeAction(this, tr("&Draw Mode"), QKeySequence(Qt::CTRL | Qt::Key_E),
                             tr("Draw the selected schedule's LR with the mouse; the stroke "
                                "becomes editable control points"));
    drawAction_->setCheckable(true);
    drawAction_->setIconText(tr("Draw"));
    logLrAction_ = makeAction(this, tr("&Log LR Axis"), QKeySequence(Qt::CTRL | Qt::Key_L),
                              tr("Show the learning rate on a logarithmic axis"));
    logLrAction_->setCheckable(true);
    logLrAction_->setIconText(tr("Log LR"));
    tokensAction_ = makeAction(this, tr("&Tokens on X Axis"), QKeySequence(Qt::CTRL | Qt::Key_T),
                               tr("Show tokens instead of steps on the x axis"));
    tokensAction_->setCheckable(true);
    tokensAction_->setIconText(tr("Tokens"));
    focusEndAction_ = makeAction(
        this, tr("&End of Training"), QKeySequence(Qt::CTRL | Qt::Key_J),
        tr("Show the loss over the last quarter of the steps, where the final losses differ"));
    focusEndAction_->setCheckable(true);
    focusEndAction_->setIconText(tr("End of Training"));
    tokensPerStepAction_ = makeAction(this, tr("Tokens per &Step…"), QKeySequence(),
                                      tr("Set how many tokens one optimizer step trains on"));
    fitAction_ =
        makeAction(this, tr("&Fit Law to Runs…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F),
                   tr("Fit a loss law to the observed runs, hold runs out to test it, "
                      "compare the two laws"));
    fitAction_->setIconText(tr("Fit…"));
    importFolderAction_ = makeAction(
        this, tr("Import &Folder…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I),
        tr("Add the runs of a folder of logs: a TensorBoard run folder (its event files and "
           "restarts merged by step), an MLflow store or run; or drop the folder on the window"));
    connect(importFolderAction_, &QAction::triggered, this, &MainWindow::importFolderWithDialog);
    fitViewAction_ = makeAction(
        this, tr("&Fit Charts to View"), QKeySequence(Qt::CTRL | Qt::Key_0),
        tr("Undo the zoom and pan of both charts: each axis fits its curves again (the wheel "
           "zooms an axis, the middle button or Shift+drag moves it)"));
    connect(fitViewAction_, &QAction::triggered, this, [this] {
        lrChart_->fitToView();
        lossChart_->fitToView();
    });
    aboutAction_ = makeAction(this, tr("&About Annealer"), QKeySequence(), tr("About Annealer"));
    aboutAction_->setMenuRole(QAction::AboutRole);

    connect(newAction_, &QAction::triggered, this, &MainWindow::newProject);
    connect(openAction_, &QAction::triggered, this, &MainWindow::openWithDialog);
    connect(saveAction_, &QAction::triggered, this, &MainWindow::save);
    connect(saveAsAction_, &QAction::triggered, this, &MainWindow::saveAs);
    connect(demoAction_, &QAction::triggered, this,
            [this] { whenChangesHandled([this] { openDemo(); }); });
    connect(quitAction_, &QAction::triggered, this, &QWidget::close);
    // Ways of looking, not edits: off the undo stack, the project not modified (they are saved
    // with the project when it is saved).
    connect(logLrAction_, &QAction::triggered, this, [this](bool on) {
        ViewSettings view = document_->project().view;
        view.logLr = on;
        document_->applyView(view);
    });
    connect(tokensAction_, &QAction::triggered, this, [this](bool on) {
        ViewSettings view = document_->project().view;
        view.xUnit = on ? XUnit::Tokens : XUnit::Steps;
        document_->applyView(view);
    });
    connect(tokensPerStepAction_, &QAction::triggered, this, &MainWindow::setTokensPerStep);
    connect(focusEndAction_, &QAction::toggled, this,
            [this](bool on) { lossChart_->setFocusOnEnd(on); });
    connect(fitAction_, &QAction::triggered, this, &MainWindow::showFitDialog);
    connect(aboutAction_, &QAction::triggered, this, [this] {
        QMessageBox::about(
            this, tr("About Annealer"),
            tr("<h3>Annealer %1</h3><p>Design learning-rate schedules and see the validation "
               "loss each one will produce, from a loss-curve law fitted to real runs "
               "(the momentum law of Tissue et al. 2024, the multi-power law of Luo et al. "
               "2025).</p><p>Demo data: the validation losses of a tiny GPT that this project "
               "trained itself under eight schedules (resources/demo/NOTICE).</p>")
                .arg(QApplication::applicationVersion()));
    });
    for (QAction* action : {newAction_, openAction_, saveAction_, saveAsAction_, quitAction_,
                            undoAction_, redoAction_, drawAction_, logLrAction_, tokensAction_,
                            focusEndAction_, fitAction_, importFolderAction_})
        addAction(action);
}

QSize MainWindow::defaultSize() const {
    // 1280x800 where there is room; on a smaller screen, nine tenths of what it offers (but not
    // below what the panels need).
    QSize size(1280, 800);
    if (const QScreen* shown = screen())
        size = size.boundedTo(shown->availableGeometry().size() * 0.9);
    return size.expandedTo(minimumSizeHint());
}

void MainWindow::createLayout() {
    scheduleList_ = new ScheduleListPanel(document_, dialogs_, this);
    runList_ = new RunListPanel(document_, this);
    finalLoss_ = new FinalLossTable(document_, prediction_, this);
    lrChart_ = new LrChartView(document_, this);
    lossChart_ = new LossChartView(document_, prediction_, this);
    parameters_ = new ParameterPanel(document_, this);
    lawPanel_ = new LawPanel(document_, this);

    sideSplitter_ = new QSplitter(Qt::Vertical, this);
    sideSplitter_->addWidget(scheduleList_);
    sideSplitter_->addWidget(finalLoss_);
    sideSplitter_->addWidget(runList_);
    sideSplitter_->setStretchFactor(0, 3);
    sideSplitter_->setStretchFactor(1, 3);
    sideSplitter_->setStretchFactor(2, 4);
    sideSplitter_->setChildrenCollapsible(false);
    auto* side = new QWidget(this);
    auto* sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(8, 6, 4, 6);
    sideLayout->addWidget(sideSplitter_);
    side->setMinimumWidth(std::max(250, finalLoss_->minimumWidth() + 12));

    chartSplitter_ = new QSplitter(Qt::Vertical, this);
    chartSplitter_->addWidget(lrChart_);
    chartSplitter_->addWidget(lossChart_);
    chartSplitter_->setStretchFactor(0, 2);
    chartSplitter_->setStretchFactor(1, 3);
    chartSplitter_->setChildrenCollapsible(false);
    auto* centre = new QWidget(this);
    auto* centreLayout = new QVBoxLayout(centre);
    centreLayout->setContentsMargins(0, 4, 0, 0);
    centreLayout->setSpacing(2);
    centreLayout->addWidget(createChartBar());
    centreLayout->addWidget(chartSplitter_, 1);

    auto* panels = new QWidget;
    auto* panelLayout = new QVBoxLayout(panels);
    panelLayout->setContentsMargins(8, 6, 10, 6);
    panelLayout->setSpacing(10);
    panelLayout->addWidget(parameters_);
    panelLayout->addWidget(separatorLine(panels));
    panelLayout->addWidget(lawPanel_);
    panelLayout->addStretch(1);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(panels);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(270);
    scroll->setFocusPolicy(Qt::NoFocus);  // its fields take focus; the area itself shows none

    mainSplitter_ = new QSplitter(Qt::Horizontal, this);
    mainSplitter_->addWidget(side);
    mainSplitter_->addWidget(centre);
    mainSplitter_->addWidget(scroll);
    sidePanel_ = side;
    centrePanel_ = centre;
    rightPanel_ = scroll;
    mainSplitter_->setStretchFactor(0, 0);
    mainSplitter_->setStretchFactor(1, 1);
    mainSplitter_->setStretchFactor(2, 0);
    mainSplitter_->setChildrenCollapsible(false);
    mainSplitter_->setSizes({290, 700, 290});
    setCentralWidget(mainSplitter_);
}

QWidget* MainWindow::createChartBar() {
    auto* bar = new QWidget(this);
    auto* layout = new QHBoxLayout(bar);
    layout->setContentsMargins(8, 0, 8, 0);
    layout->setSpacing(4);
    auto* title = new ElidedLabel(tr("Learning rate and predicted loss"), bar);
    title->setObjectName(QStringLiteral("chartBarTitle"));
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    // The title gives way first when the window is narrow (cut with "…"); the buttons keep their
    // short texts.
    title->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    title->setMinimumWidth(0);
    layout->addWidget(title, 1);
    layout->addStretch();
    for (QAction* action : {drawAction_, logLrAction_, tokensAction_, focusEndAction_}) {
        auto* button = new QToolButton(bar);
        button->setDefaultAction(action);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        button->setAutoRaise(true);
        button->setText(action->iconText());
        layout->addWidget(button);
    }
    return bar;
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(newAction_);
    file->addAction(openAction_);
    recentMenu_ = file->addMenu(tr("Open &Recent"));
    file->addAction(demoAction_);
    file->addAction(tr("Continual Pre-training Designer (demo)"), this,
                    [] { showCptDesignerDemo(); });
    file->addSeparator();
    file->addAction(saveAction_);
    file->addAction(saveAsAction_);
    file->addSeparator();
    file->addAction(runList_->importAction());
    file->addAction(importFolderAction_);
    file->addSeparator();
    file->addAction(quitAction_);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(undoAction_);
    edit->addAction(redoAction_);

    QMenu* schedule = menuBar()->addMenu(tr("&Schedule"));
    schedule->addMenu(scheduleList_->addMenu());
    schedule->addAction(scheduleList_->duplicateAction());
    schedule->addAction(scheduleList_->renameAction());
    schedule->addAction(scheduleList_->colourAction());
    schedule->addAction(scheduleList_->baselineAction());
    schedule->addSeparator();
    schedule->addAction(drawAction_);
    schedule->addSeparator();
    schedule->addAction(scheduleList_->deleteAction());
    for (QAction* action : {scheduleList_->duplicateAction(), scheduleList_->renameAction(),
                            scheduleList_->baselineAction(), scheduleList_->addScheduleAction()})
        addAction(action);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(logLrAction_);
    view->addAction(tokensAction_);
    view->addAction(focusEndAction_);
    view->addAction(fitViewAction_);
    view->addAction(tokensPerStepAction_);

    QMenu* law = menuBar()->addMenu(tr("&Law"));
    law->addAction(runList_->importAction());
    law->addAction(importFolderAction_);
    law->addAction(fitAction_);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(aboutAction_);

    addDialogActions(file, schedule);
    connect(recentFiles_, &RecentFiles::changed, this, &MainWindow::rebuildRecentMenu);
    rebuildRecentMenu();
}

void MainWindow::createToolBars() {
    QToolBar* toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolBar"));
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addAction(newAction_);
    toolbar->addAction(openAction_);
    toolbar->addAction(saveAction_);
    toolbar->addSeparator();
    toolbar->addAction(undoAction_);
    toolbar->addAction(redoAction_);
    toolbar->addSeparator();
    toolbar->addAction(runList_->importAction());
    toolbar->addAction(fitAction_);
}

void MainWindow::orderTabStops() {
    // Tab follows the panels left to right (each keeping its own order), not the order in which
    // the widgets happened to be made.
    QList<QWidget*> stops;
    for (QWidget* column : panelColumns()) {
        QWidget* widget = column;
        do {
            if ((widget->focusPolicy() & Qt::TabFocus) && !widget->focusProxy() &&
                column->isAncestorOf(widget) && !stops.contains(widget))
                stops << widget;
            widget = widget->nextInFocusChain();
        } while (widget != column);
    }
    for (qsizetype i = 1; i < stops.size(); ++i) setTabOrder(stops[i - 1], stops[i]);
}

void MainWindow::createStatusBar() {
    predictionStatus_ = new QLabel(this);
    predictionStatus_->setObjectName(QStringLiteral("predictionStatus"));
    // As wide as its longest text: a label that changes width on every frame of a drag would
    // lay the whole window out again each time.
    const QFontMetrics metrics(predictionStatus_->font());
    int widest = 0;
    for (const QString& text :
         {tr("Predictions up to date"), tr("Predicting…"), tr("No predictions")})
        widest = std::max(widest, metrics.horizontalAdvance(text));
    predictionStatus_->setFixedWidth(widest + 8);
    predictionStatus_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    lawStatus_ = new QLabel(this);
    lawStatus_->setObjectName(QStringLiteral("lawStatus"));
    // Shown while logs are read: how far, and a way to stop a read of a large file.
    importProgress_ = new QProgressBar(this);
    importProgress_->setObjectName(QStringLiteral("importProgress"));
    importProgress_->setRange(0, 1000);
    importProgress_->setMaximumWidth(220);
    importProgress_->setVisible(false);
    importCancel_ = new QToolButton(this);
    importCancel_->setObjectName(QStringLiteral("importCancel"));
    importCancel_->setText(tr("Cancel"));
    importCancel_->setToolTip(tr("Stop reading the files (nothing of them is added)"));
    importCancel_->setVisible(false);
    statusBar()->addPermanentWidget(importProgress_);
    statusBar()->addPermanentWidget(importCancel_);
    statusBar()->addPermanentWidget(lawStatus_);
    statusBar()->addPermanentWidget(predictionStatus_);
}

void MainWindow::connectParts() {
    // What needs a selected schedule is off without one (drawing, exporting it).
    const auto enableScheduleActions = [this](ItemId id) {
        if (id == 0) drawAction_->setChecked(false);
        drawAction_->setEnabled(id != 0);
        exportScheduleAction_->setEnabled(id != 0);
    };
    connect(scheduleList_, &ScheduleListPanel::currentScheduleChanged, this,
            [this, enableScheduleActions](ItemId id) {
                lrChart_->setCurrentSchedule(id == 0 ? std::nullopt : std::optional<ItemId>(id));
                parameters_->setSchedule(id);
                enableScheduleActions(id);
            });
    enableScheduleActions(scheduleList_->currentSchedule());
    connect(lrChart_, &LrChartView::interactionStarted, this, [this](ItemId id) {
        prediction_->beginInteraction(id);
        lossChart_->setInteractionActive(true);
    });
    connect(lrChart_, &LrChartView::interactionFinished, this, [this](ItemId id) {
        prediction_->endInteraction(id);
        lossChart_->setInteractionActive(false);
    });
    connect(lrChart_, &LrChartView::drawModeChanged, drawAction_, &QAction::setChecked);
    connect(drawAction_, &QAction::toggled, lrChart_, &LrChartView::setDrawMode);
    connect(lossChart_, &LossChartView::columnsChanged, prediction_, &LivePrediction::setColumns);
    prediction_->setColumns(lossChart_->columns());

    const auto showStatus = [this](const QString& text) {
        if (text.isEmpty())
            statusBar()->clearMessage();
        else
            statusBar()->showMessage(text);
    };
    connect(lrChart_, &LrChartView::statusMessage, this, showStatus);
    connect(lossChart_, &LossChartView::statusMessage, this, showStatus);
    connect(parameters_, &ParameterPanel::statusMessage, this,
            [this](const QString& text) { statusBar()->showMessage(text, 8000); });
    connect(lawPanel_, &LawPanel::statusMessage, this,
            [this](const QString& text) { statusBar()->showMessage(text, 8000); });

    connect(runList_, &RunListPanel::importRequested, this, &MainWindow::importWithDialog);
    connect(document_, &ProjectDocument::modifiedChanged, this, &MainWindow::updateTitle);
    connect(document_, &ProjectDocument::filePathChanged, this, &MainWindow::updateTitle);
    connect(document_, &ProjectDocument::viewChanged, this, &MainWindow::updateViewActions);
    connect(document_, &ProjectDocument::projectReset, this, &MainWindow::updateViewActions);
    connect(document_, &ProjectDocument::lawChanged, this, &MainWindow::updatePredictionStatus);
    connect(document_, &ProjectDocument::projectReset, this, &MainWindow::updatePredictionStatus);
    // A fit goes stale when its runs change.
    connect(document_, &ProjectDocument::runsChanged, this, &MainWindow::updatePredictionStatus);
    connect(document_, &ProjectDocument::fitsChanged, this, &MainWindow::updatePredictionStatus);
    connect(prediction_, &LivePrediction::busyChanged, this, &MainWindow::updatePredictionStatus);
    connect(prediction_, &LivePrediction::problemChanged, this,
            &MainWindow::updatePredictionStatus);
    connect(prediction_, &LivePrediction::settled, this, &MainWindow::checkSettled);

    connect(fileTasks_, &FileTasks::projectOpened, this, &MainWindow::projectLoaded);
    connect(fileTasks_, &FileTasks::filesImported, this, &MainWindow::filesImported);
    connect(fileTasks_, &FileTasks::projectSaved, this, &MainWindow::saveFinished);
    connect(fileTasks_, &FileTasks::importingChanged, this, [this](bool importing) {
        importProgress_->setValue(0);
        importProgress_->setVisible(importing);
        importCancel_->setVisible(importing);
    });
    connect(fileTasks_, &FileTasks::importProgress, this,
            [this](double fraction, const QString& file) {
                importProgress_->setValue(static_cast<int>(std::lround(fraction * 1000)));
                importProgress_->setFormat(file + QStringLiteral("  %p%"));
            });
    connect(importCancel_, &QToolButton::clicked, fileTasks_, &FileTasks::cancelImports);
    connect(fileTasks_, &FileTasks::busyChanged, this, [this](bool busy) {
        if (busy)
            statusBar()->showMessage(tr("Reading files…"));
        else
            checkSettled();
    });
}

// ---------------------------------------------------------------------------------------------
// Files

void MainWindow::whenChangesHandled(std::function<void()> next) {
    if (!document_->isModified()) {
        next();
        return;
    }
    switch (dialogs_->askToSaveChanges(this, document_->displayName())) {
        case UserDialogs::SaveChoice::Cancel:
            return;
        case UserDialogs::SaveChoice::Discard:
            next();
            return;
        case UserDialogs::SaveChoice::Save:
            afterSave_ = std::move(next);
            save();
            return;
    }
}

void MainWindow::openProject(const QString& path) {
    statusBar()->showMessage(tr("Opening %1…").arg(QFileInfo(path).fileName()));
    fileTasks_->openProject(path);
}

void MainWindow::openDemo() {
    statusBar()->showMessage(tr("Opening the demo project…"));
    fileTasks_->openDemo();
}

void MainWindow::saveProjectAs(const QString& path) {
    statusBar()->showMessage(tr("Saving %1…").arg(QFileInfo(path).fileName()));
    fileTasks_->saveProject(document_->project(), path);
}

void MainWindow::importFiles(const QStringList& paths) {
    if (paths.isEmpty()) return;
    statusBar()->showMessage(tr("Reading %n file(s)…", nullptr, static_cast<int>(paths.size())));
    fileTasks_->importFiles(paths);
}

void MainWindow::newProject() {
    whenChangesHandled([this] {
        document_->resetProject(Project{}, QString(), tr("Untitled"));
        scheduleList_->addPreset(0);
        document_->undoStack()->clear();
        document_->undoStack()->setClean();
    });
}

void MainWindow::openWithDialog() {
    whenChangesHandled([this] {
        const QString directory = document_->filePath().isEmpty()
                                      ? QDir::homePath()
                                      : QFileInfo(document_->filePath()).absolutePath();
        const QString path = dialogs_->projectFileToOpen(this, directory);
        if (!path.isEmpty()) openProject(path);
    });
}

QString MainWindow::importDirectory() const {
    return document_->filePath().isEmpty() ? QDir::homePath()
                                           : QFileInfo(document_->filePath()).absolutePath();
}

void MainWindow::importWithDialog() {
    importFiles(dialogs_->logFilesToImport(this, importDirectory()));
}

void MainWindow::importFolderWithDialog() {
    const QString folder = dialogs_->logFolderToImport(this, importDirectory());
    if (!folder.isEmpty()) importFiles({folder});
}

void MainWindow::save() {
    if (document_->filePath().isEmpty()) {
        saveAs();
        return;
    }
    saveProjectAs(document_->filePath());
}

void MainWindow::saveAs() {
    QString suggested = document_->filePath();
    if (suggested.isEmpty())
        suggested = QDir::home().filePath(document_->displayName() + QStringLiteral(".annealer"));
    const QString path = dialogs_->projectFileToSave(this, suggested);
    if (path.isEmpty()) {
        afterSave_ = nullptr;
        return;
    }
    saveProjectAs(path);
}

void MainWindow::saveFinished(const QString& path, const QString& error) {
    if (!error.isEmpty()) {
        afterSave_ = nullptr;
        showError(tr("Cannot save the project"), error);
        return;
    }
    document_->markSaved(path);
    recentFiles_->add(path);
    statusBar()->showMessage(tr("Saved %1").arg(path), 5000);
    emit projectSaved(path);
    if (auto next = std::move(afterSave_)) {
        afterSave_ = nullptr;
        next();
    }
}

void MainWindow::projectLoaded(const OpenedProject& opened) {
    if (!opened.project) {
        // The window keeps what the user had; only a message is added.
        if (!opened.path.isEmpty()) recentFiles_->remove(opened.path);
        showError(tr("Cannot open the project"), opened.error);
        checkSettled();
        return;
    }
    document_->resetProject(*opened.project, opened.path, opened.displayName);
    if (!opened.path.isEmpty()) recentFiles_->add(opened.path);
    statusBar()->showMessage(
        opened.path.isEmpty() ? tr("Opened the demo project") : tr("Opened %1").arg(opened.path),
        5000);
    emit projectOpened(opened.path);
}

void MainWindow::filesImported(const ImportedFiles& files) {
    if (files.cancelled) {
        statusBar()->showMessage(tr("Import cancelled; nothing was added"), 5000);
        return;
    }
    if (!files.errors.isEmpty())
        showError(tr("Some files could not be read"), files.errors.join(QLatin1Char('\n')));
    if (files.project) {
        const OpenedProject opened = *files.project;
        whenChangesHandled([this, opened] { projectLoaded(opened); });
    }
    if (!files.logs.empty()) openImportDialog(files.logs);
    QUndoStack* stack = document_->undoStack();
    const int added = static_cast<int>(files.schedules.size() + files.fits.size());
    if (added == 0) return;
    stack->beginMacro(tr("Import %n item(s)", nullptr, added));
    for (const Schedule& schedule : files.schedules) {
        QStringList used;
        for (const ProjectSchedule& entry : document_->project().schedules) used << entry.colour;
        ProjectSchedule entry;
        entry.id = document_->takeId();
        entry.schedule = schedule;
        entry.colour = nextScheduleColour(used);
        stack->push(new AddScheduleCommand(document_, entry,
                                           static_cast<int>(document_->project().schedules.size()),
                                           tr("Add %1").arg(schedule.name)));
    }
    for (const FitResult& fit : files.fits)
        stack->push(new AddFitCommand(document_, fit, tr("Add a %1 fit").arg(fit.lawId)));
    stack->endMacro();
    statusBar()->showMessage(tr("Added %n item(s)", nullptr, added), 5000);
}

void MainWindow::openImportDialog(std::vector<LogContents> logs) {
    std::vector<Schedule> schedules;
    for (const ProjectSchedule& entry : document_->project().schedules)
        schedules.push_back(entry.schedule);
    auto* dialog = new ImportDialog(std::move(logs), std::move(schedules), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ImportDialog::runsChosen, this, &MainWindow::addRuns);
    importDialog_ = dialog;
    dialog->open();
}

const ProjectRun* MainWindow::sameRunInProject(const Run& run) const {
    if (run.source.isEmpty()) return nullptr;
    const QFileInfo file(run.source);
    QString key;  // computed once, and only for a run from the same file
    for (const ProjectRun& entry : document_->project().runs) {
        if (entry.run.source.isEmpty() || QFileInfo(entry.run.source) != file) continue;
        if (key.isEmpty()) key = runDataKey(run);
        if (document_->runDataKey(entry.id) == key) return &entry;
    }
    return nullptr;
}

void MainWindow::addRuns(const std::vector<Run>& chosen) {
    // A file imported again with the same data adds no second copy of it (one whose contents
    // changed is a new run).
    std::vector<Run> runs;
    QStringList alreadyIn;
    for (const Run& run : chosen) {
        if (const ProjectRun* same = sameRunInProject(run))
            alreadyIn << tr("%1 is already in the project as run \"%2\"")
                           .arg(QFileInfo(run.source).fileName(), same->run.name);
        else
            runs.push_back(run);
    }
    if (runs.empty()) {
        if (!alreadyIn.isEmpty()) statusBar()->showMessage(alreadyIn.join(QStringLiteral("; ")), 10000);
        return;
    }
    const std::vector<ProjectRun>& existing = document_->project().runs;
    QStringList used;
    std::vector<NamedRun> present;
    for (const ProjectRun& run : existing) {
        used << run.colour;
        present.push_back({run.run.name, run.run.source});
    }
    std::vector<NamedRun> joining;
    for (const Run& run : runs) joining.push_back({run.name, run.source});
    // Every run keeps a name of its own: on a collision both take telling names.
    const JoiningNames named = namesForJoining(present, joining);
    std::vector<RunRename> renames;
    for (const auto& [index, name] : named.renamed)
        renames.push_back(RunRename{existing[index].id, existing[index].run.name, name});
    std::vector<ProjectRun> entries;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        ProjectRun entry;
        entry.id = document_->takeId();
        entry.run = runs[i];
        entry.run.name = named.joining[i];
        entry.colour = nextRunColour(used);
        used << entry.colour;
        entries.push_back(std::move(entry));
    }
    document_->undoStack()->push(
        new AddRunsCommand(document_, std::move(entries),
                           tr("Import %n run(s)", nullptr, static_cast<int>(runs.size())),
                           std::move(renames)));
    alreadyIn.prepend(tr("Added %n run(s)", nullptr, static_cast<int>(runs.size())));
    statusBar()->showMessage(alreadyIn.join(QStringLiteral("; ")), alreadyIn.size() > 1 ? 10000 : 5000);
}

ImportDialog* MainWindow::importDialog() const {
    return importDialog_.data();
}

FitDialog* MainWindow::fitDialog() {
    if (!fitDialog_) {
        fitDialog_ = new FitDialog(document_, this);
        // Also heard with the dialog closed (a fit runs on when its dialog is closed): say
        // whether the new fit predicts, as a doubtful one does not until Use This Fit.
        connect(fitDialog_, &FitDialog::fitAdded, this, [this](int index) {
            const bool inUse = document_->project().law.fitIndex == index;
            statusBar()->showMessage(
                inUse ? tr("Fit %1 added; it predicts the curves now").arg(index + 1)
                      : tr("Fit %1 added but not used: it is doubtful; the curves are predicted "
                           "as before (Use This Fit in the fit dialog predicts with it)")
                            .arg(index + 1),
                8000);
        });
        // A fit runs on with its dialog closed: the status bar says so until it ends.
        connect(fitDialog_, &FitDialog::fittingChanged, this, &MainWindow::updatePredictionStatus);
    }
    return fitDialog_;
}

void MainWindow::showFitDialog() {
    FitDialog* dialog = fitDialog();
    dialog->show();
    dialog->raise();
    dialog->activateWindow();
}

void MainWindow::showError(const QString& title, const QString& message) {
    statusBar()->showMessage(message, 10000);
    emit errorShown(message);
    dialogs_->showError(this, title, message);
}

void MainWindow::rebuildRecentMenu() {
    recentMenu_->clear();
    const QStringList files = recentFiles_->files();
    for (int i = 0; i < files.size(); ++i) {
        const QString path = files[i];
        QAction* action = recentMenu_->addAction(
            QStringLiteral("&%1 %2").arg(i + 1).arg(QFileInfo(path).fileName()));
        action->setToolTip(path);
        action->setStatusTip(path);
        connect(action, &QAction::triggered, this,
                [this, path] { whenChangesHandled([this, path] { openProject(path); }); });
    }
    if (!files.isEmpty()) {
        recentMenu_->addSeparator();
        recentMenu_->addAction(tr("Clear List"), recentFiles_, &RecentFiles::clear);
    }
    recentMenu_->setEnabled(!files.isEmpty());
}

// ---------------------------------------------------------------------------------------------
// State shown in the window

void MainWindow::updateTitle() {
    const QString name =
        document_->displayName().isEmpty() ? tr("Untitled") : document_->displayName();
    setWindowTitle(tr("%1[*] — Annealer").arg(name));
    setWindowModified(document_->isModified());
    setWindowFilePath(document_->filePath());
}

void MainWindow::updateViewActions() {
    const ViewSettings& view = document_->project().view;
    logLrAction_->setChecked(view.logLr);
    tokensAction_->setChecked(view.xUnit == XUnit::Tokens);
    tokensPerStepAction_->setText(
        tr("Tokens per &Step (%L1)…").arg(static_cast<qlonglong>(view.tokensPerStep)));
}

void MainWindow::updatePredictionStatus() {
    const LawSelection& law = document_->project().law;
    QString lawText = tr("No law");
    if (law.isSet()) {
        auto made = makeLaw(law.lawId);
        lawText = made ? (*made)->displayName() : law.lawId;
        lawText += law.fitIndex ? tr(", fit %1").arg(*law.fitIndex + 1) : tr(", typed in");
        const QStringList stale =
            law.fitIndex ? document_->fitStaleness(*law.fitIndex) : QStringList();
        if (!stale.isEmpty()) lawText += tr(" (stale)");
        lawStatus_->setToolTip(
            stale.isEmpty() ? QString()
                            : tr("The fit is stale: %1").arg(stale.join(QStringLiteral("; "))));
    }
    if (fitDialog_ && fitDialog_->isFitting()) lawText += tr("; fitting…");
    lawStatus_->setText(lawText);
    if (!prediction_->problem().isEmpty()) {
        predictionStatus_->setText(tr("No predictions"));
        predictionStatus_->setToolTip(prediction_->problem());
    } else {
        predictionStatus_->setText(prediction_->isSettled() ? tr("Predictions up to date")
                                                            : tr("Predicting…"));
        predictionStatus_->setToolTip(QString());
    }
}

bool MainWindow::isSettled() const {
    return !fileTasks_->isBusy() && prediction_->isSettled();
}

void MainWindow::checkSettled() {
    updatePredictionStatus();
    if (isSettled()) emit settled();
}

void MainWindow::setTokensPerStep() {
    const ViewSettings& current = document_->project().view;
    const auto tokens = dialogs_->askNumber(this, tr("Tokens per step"),
                                            tr("Tokens per optimizer step (batch × sequence):"),
                                            current.tokensPerStep, 1.0, 1e12);
    if (!tokens || *tokens == current.tokensPerStep) return;
    ViewSettings view = current;
    view.tokensPerStep = *tokens;
    document_->undoStack()->push(new SetViewCommand(document_, view, tr("Tokens per step")));
}

// ---------------------------------------------------------------------------------------------
// Events

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!closeAllowed_ && document_->isModified()) {
        event->ignore();
        whenChangesHandled([this] {
            closeAllowed_ = true;
            close();
        });
        return;
    }
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/mainSplitter"), mainSplitter_->saveState());
    settings.setValue(QStringLiteral("window/chartSplitter"), chartSplitter_->saveState());
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls()) {
        for (const QUrl& url : event->mimeData()->urls())
            if (url.isLocalFile()) {
                event->acceptProposedAction();
                return;
            }
    }
}

void MainWindow::dropEvent(QDropEvent* event) {
    QStringList paths;
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile()) paths << url.toLocalFile();
    if (paths.isEmpty()) return;
    event->acceptProposedAction();
    importFiles(paths);
}

}  // namespace annealer
