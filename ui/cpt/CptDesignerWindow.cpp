#include "CptDesignerWindow.h"

#include "CptCheckpointPanel.h"
#include "CptDemo.h"
#include "CptDocument.h"
#include "CptFinalLossTable.h"
#include "CptLossChart.h"
#include "CptLrChart.h"
#include "CptOptimizerPanel.h"
#include "CptPredictions.h"
#include "CptPretrainingEditor.h"
#include "CptProjectActions.h"
#include "CptScheduleEditor.h"

#include <QFileDialog>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSlider>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>

#include <cmath>

namespace annealer {

namespace {
constexpr int kWeightSteps = 100;  // the slider's resolution: w in steps of 0.01
}

CptDesignerWindow::CptDesignerWindow(QWidget* parent)
    : QMainWindow(parent),
      document_(new CptDocument(this)),
      predictions_(new CptPredictions(document_, this)),
      lrChart_(new CptLrChart(document_, predictions_)),
      lossCharts_{new CptLossChart(CptLossChart::Measure::PretrainingData, document_, predictions_),
                  new CptLossChart(CptLossChart::Measure::NewData, document_, predictions_),
                  new CptLossChart(CptLossChart::Measure::Weighted, document_, predictions_)},
      table_(new CptFinalLossTable(document_, predictions_)),
      editor_(new CptScheduleEditor(document_)),
      checkpoint_(new CptCheckpointPanel(document_)),
      optimizer_(new CptOptimizerPanel(document_, predictions_)),
      weight_(new QSlider(Qt::Horizontal)),
      weightLabel_(new QLabel),
      actions_(new CptProjectActions(document_, this)) {
    setObjectName(QStringLiteral("cptDesigner"));
    setWindowTitle(tr("Annealer: continual pre-training designer"));

    auto* charts = new QWidget;
    auto* chartsLayout = new QVBoxLayout(charts);
    chartsLayout->setContentsMargins(0, 0, 0, 0);
    chartsLayout->setSpacing(0);
    chartsLayout->addWidget(lrChart_, 1);
    for (CptLossChart* chart : lossCharts_) chartsLayout->addWidget(chart, 1);

    weight_->setObjectName(QStringLiteral("cptWeight"));
    weight_->setRange(0, kWeightSteps);
    weight_->setToolTip(
        tr("w: how much the loss on the old (pre-training) data counts against the new data's"));
    auto* weightBox = new QGroupBox(tr("Balance: w * L old + (1 - w) * L new"));
    auto* weightLayout = new QHBoxLayout(weightBox);
    weightLayout->addWidget(new QLabel(tr("new data")));
    weightLayout->addWidget(weight_, 1);
    weightLayout->addWidget(new QLabel(tr("old data")));
    weightLayout->addWidget(weightLabel_);

    auto* tabs = new QTabWidget;
    tabs->addTab(editor_, tr("Schedule"));
    tabs->addTab(new CptPretrainingEditor(document_), tr("Pre-training"));
    tabs->addTab(checkpoint_, tr("Checkpoint"));
    tabs->addTab(optimizer_, tr("Best schedule"));
    auto* side = new QWidget;
    auto* sideLayout = new QVBoxLayout(side);
    sideLayout->addWidget(weightBox);
    sideLayout->addWidget(table_, 2);
    sideLayout->addWidget(tabs, 3);

    auto* splitter = new QSplitter;
    splitter->addWidget(charts);
    splitter->addWidget(side);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    setCentralWidget(splitter);

    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open CPT Project..."), QKeySequence::Open, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open CPT project"), QString(),
                                                          tr("CPT projects (*.annealer-cpt)"));
        if (!path.isEmpty()) openProject(path);
    });
    file->addAction(tr("Open the CPT &Demo"), this, [this] { openDemo(); });
    file->addAction(tr("Save CPT Project &As..."), QKeySequence::SaveAs, this,
                    &CptDesignerWindow::saveAs);
    file->addSeparator();
    actions_->addTo(file);
    file->addSeparator();
    file->addAction(tr("&Close"), QKeySequence::Close, this, &QWidget::close);
    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = document_->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = document_->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);

    connect(weight_, &QSlider::valueChanged, this, [this](int value) {
        const double w = static_cast<double>(value) / kWeightSteps;
        if (w == document_->project().weight) return;
        CptProject project = document_->project();
        project.weight = w;
        document_->edit(project, tr("Balance weight"), 0x43505700);
    });
    connect(document_, &CptDocument::changed, this, &CptDesignerWindow::refreshWeight);
    connect(actions_, &CptProjectActions::errorShown, this, &CptDesignerWindow::showError);
    connect(lrChart_, &CptLrChart::statusMessage, this,
            [this](const QString& text) { statusBar()->showMessage(text, 4000); });
    statusBar()->showMessage(
        tr("Drag the handles on the LR chart; the predicted losses on both data sets follow"));
}

void CptDesignerWindow::refreshWeight() {
    const double w = document_->project().weight;
    const QSignalBlocker block(weight_);
    weight_->setValue(static_cast<int>(std::lround(w * kWeightSteps)));
    weightLabel_->setText(QStringLiteral("w = %1").arg(w, 0, 'f', 2));
}

void CptDesignerWindow::showError(const QString& message) {
    emit errorShown(message);
    statusBar()->showMessage(message);
    if (!isVisible()) return;
    // Not modal: the window stays usable (and a test driving it is not held up).
    auto* box =
        new QMessageBox(QMessageBox::Warning, windowTitle(), message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

bool CptDesignerWindow::openDemo() {
    auto project = buildCptDemoProject();
    if (!project) {
        showError(project.error());
        return false;
    }
    document_->open(std::move(*project), QString());
    setWindowTitle(tr("Annealer: continual pre-training designer (demo)"));
    return true;
}

bool CptDesignerWindow::openProject(const QString& path) {
    auto project = loadCptProjectFile(path);
    if (!project) {
        showError(project.error());
        return false;
    }
    document_->open(std::move(*project), path);
    setWindowTitle(tr("Annealer: continual pre-training designer - %1").arg(path));
    return true;
}

void CptDesignerWindow::saveAs() {
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save CPT project"), document_->filePath(), tr("CPT projects (*.annealer-cpt)"));
    if (path.isEmpty()) return;
    if (Status saved = saveCptProjectFile(document_->project(), path); !saved) {
        showError(saved.error());
        return;
    }
    document_->setFilePath(path);
    document_->undoStack()->setClean();
    statusBar()->showMessage(tr("Saved %1").arg(path), 4000);
}

void showCptDesignerDemo() {
    auto* window = new CptDesignerWindow;
    window->setAttribute(Qt::WA_DeleteOnClose);
    window->resize(1280, 800);
    window->show();
    window->openDemo();
}

}  // namespace annealer
