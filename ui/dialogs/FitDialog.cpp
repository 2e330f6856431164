#include "FitDialog.h"

#include "AddFitCommand.h"
#include "FitResultsView.h"
#include "FitTask.h"
#include "FitTitle.h"
#include "LawComparisonView.h"
#include "NumberText.h"
#include "ProjectDocument.h"
#include "RemoveFitCommand.h"
#include "SetLawCommand.h"
#include "SwatchIcons.h"
#include "TableCells.h"
#include "fit/FitDoubts.h"
#include "fit/PredictionBand.h"
#include "law/LossLaw.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QDialogButtonBox>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QUndoStack>
#include <QVBoxLayout>

#include <cmath>
#include <limits>

namespace annealer {

namespace {

constexpr int kIdRole = Qt::UserRole + 1;
constexpr int kProgressSteps = 1000;

QLabel* heading(const QString& text, QWidget* parent) {
    auto* label = new QLabel(text, parent);
    QFont bold = label->font();
    bold.setBold(true);
    label->setFont(bold);
    return label;
}

QString doubtText(const QStringList& doubts) {
    return doubts.join(QStringLiteral("; "));
}

// Mean PredE on the runs a fit did not see (on its fitted runs if it held none out).
double judgedPredE(const FitResult& fit) {
    const std::vector<FittedRun>& runs = fit.heldOut.empty() ? fit.runs : fit.heldOut;
    double sum = 0.0;
    for (const FittedRun& run : runs) sum += run.metrics.predE;
    return runs.empty() ? std::numeric_limits<double>::infinity()
                        : sum / static_cast<double>(runs.size());
}

}  // namespace

FitDialog::FitDialog(ProjectDocument* document, QWidget* parent)
    : QDialog(parent), document_(document), task_(new FitTask(this)) {
    setObjectName(QStringLiteral("fitDialog"));
    setWindowTitle(tr("Fit a Loss Law"));
    setSizeGripEnabled(true);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(createSetup());
    splitter->addWidget(createResults());
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(splitter);
    // A Close button as every dialog has (Esc does the same).
    auto* closeButtons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    closeButton_ = closeButtons->button(QDialogButtonBox::Close);
    connect(closeButtons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(closeButtons);
    resize(1200, 720);

    connect(task_, &FitTask::progressChanged, this, [this](double fraction) {
        progress_->setValue(static_cast<int>(std::lround(fraction * kProgressSteps)));
    });
    connect(task_, &FitTask::finished, this, &FitDialog::finished);
    connect(task_, &FitTask::cancelled, this, [this] {
        setStatus(tr("Cancelled. The project is as it was."), false);
        emit fitCancelled();
    });
    connect(task_, &FitTask::runningChanged, this, [this](bool running) {
        updateButtons();
        emit fittingChanged(running);
    });
    connect(document_, &ProjectDocument::projectReset, this, [this] {
        task_->cancel();  // its runs are gone
        roles_.clear();
        results_->showFit(-1);  // fit numbers now mean other fits
        rebuildRunTable();
        const auto& law = document_->project().law;
        rebuildFitBox(law.fitIndex ? *law.fitIndex
                                   : static_cast<int>(document_->project().fits.size()) - 1);
        comparison_->compare(-1, -1);
        setStatus(QString(), false);
    });
    connect(document_, &ProjectDocument::runsChanged, this, [this] {
        rebuildRunTable();
        rebuildFitBox(fitChoice_->currentData().toInt());  // titles say which fits are stale
    });
    connect(document_, &ProjectDocument::fitsChanged, this, [this] {
        const int count = static_cast<int>(document_->project().fits.size());
        const int current = fitChoice_->currentData().toInt();
        rebuildFitBox(current >= 0 && current < count ? current : count - 1);
        const auto [first, second] = comparison_->fits();
        if (first >= count || second >= count) comparison_->compare(-1, -1);
    });
    rebuildRunTable();
    const auto& law = document_->project().law;
    rebuildFitBox(law.fitIndex ? *law.fitIndex
                               : static_cast<int>(document_->project().fits.size()) - 1);
    updateButtons();
}

FitDialog::~FitDialog() = default;

QWidget* FitDialog::createSetup() {
    auto* setup = new QWidget(this);
    law_ = new QComboBox(setup);
    law_->setObjectName(QStringLiteral("fitLaw"));
    for (const QString& id : knownLawIds()) {
        auto made = makeLaw(id);
        law_->addItem(made ? (*made)->displayName() : id, id);
        if (made)
            law_->setItemData(law_->count() - 1, (*made)->warmupConvention(), Qt::ToolTipRole);
    }
    const QString lawId = document_->project().law.isSet() ? document_->project().law.lawId
                                                           : QStringLiteral("multipower");
    law_->setCurrentIndex(std::max(0, law_->findData(lawId)));

    runTable_ = new QTableWidget(setup);
    runTable_->setObjectName(QStringLiteral("fitRuns"));
    setUpReadOnlyTable(runTable_, {tr("Run"), tr("Role"), tr("Points"), tr("Last step")});
    runTable_->setSelectionMode(QAbstractItemView::NoSelection);
    runTable_->horizontalHeaderItem(1)->setToolTip(
        tr("Fit: the law's parameters are fitted to it. Hold out: predicted with the fitted "
           "parameters, to see how well the fit predicts a run it has not seen. Leave out: not "
           "used."));
    runTable_->verticalHeader()->setDefaultSectionSize(runTable_->fontMetrics().height() + 14);

    from_ = new QSpinBox(setup);
    from_->setObjectName(QStringLiteral("fitFrom"));
    to_ = new QSpinBox(setup);
    to_->setObjectName(QStringLiteral("fitTo"));
    for (QSpinBox* box : {from_, to_}) {
        box->setRange(0, std::numeric_limits<int>::max());
        box->setSingleStep(500);
        box->setAccelerated(true);
        box->setGroupSeparatorShown(true);
    }
    from_->setSpecialValueText(tr("first step"));
    to_->setSpecialValueText(tr("last step"));
    from_->setToolTip(
        tr("Fit only loss points at or after this step (the first steps after "
           "warmup are often left out)"));
    to_->setToolTip(tr("Fit only loss points at or before this step"));

    huber_ = new QDoubleSpinBox(setup);
    huber_->setObjectName(QStringLiteral("fitHuber"));
    huber_->setDecimals(4);
    huber_->setRange(0.0, 1.0);
    huber_->setSingleStep(0.0005);
    huber_->setValue(FitOptions{}.huberDelta);
    huber_->setSpecialValueText(tr("0 (least squares)"));
    huber_->setToolTip(
        tr("The Huber loss's δ on the log-loss residuals: residuals beyond it count linearly, "
           "so that loss spikes pull less on the fit. 0 fits plain least squares. The default "
           "(0.001) is the papers'."));

    fitButton_ = new QPushButton(tr("&Fit"), setup);
    fitButton_->setObjectName(QStringLiteral("fitButton"));
    fitButton_->setDefault(true);
    fitButton_->setToolTip(tr("Fit the chosen law to the runs marked Fit"));
    compareButton_ = new QPushButton(tr("Fit &Both Laws"), setup);
    compareButton_->setObjectName(QStringLiteral("compareButton"));
    compareButton_->setToolTip(
        tr("Fit the momentum and the multi-power law to the same runs and compare their "
           "predictions of the held-out runs"));
    cancelButton_ = new QPushButton(tr("Cancel"), setup);
    cancelButton_->setObjectName(QStringLiteral("cancelFitButton"));
    progress_ = new QProgressBar(setup);
    progress_->setObjectName(QStringLiteral("fitProgress"));
    progress_->setRange(0, kProgressSteps);
    progress_->setValue(0);
    status_ = new QLabel(setup);
    status_->setObjectName(QStringLiteral("fitStatus"));
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("Law"), law_);
    auto* window = new QHBoxLayout;
    window->addWidget(from_, 1);
    window->addWidget(new QLabel(tr("to"), setup));
    window->addWidget(to_, 1);
    form->addRow(tr("Window"), window);
    form->addRow(tr("Huber δ"), huber_);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(fitButton_);
    buttons->addWidget(compareButton_);
    buttons->addStretch();
    auto* running = new QHBoxLayout;
    running->addWidget(progress_, 1);
    running->addWidget(cancelButton_);

    auto* layout = new QVBoxLayout(setup);
    layout->setContentsMargins(0, 0, 8, 0);
    layout->addWidget(heading(tr("Set-up"), setup));
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("Runs"), setup));
    layout->addWidget(runTable_, 1);
    layout->addLayout(buttons);
    layout->addLayout(running);
    layout->addWidget(status_);
    setup->setMinimumWidth(410);

    connect(fitButton_, &QPushButton::clicked, this, [this] { startFit(); });
    connect(compareButton_, &QPushButton::clicked, this, [this] { startComparison(); });
    connect(cancelButton_, &QPushButton::clicked, this, &FitDialog::cancelFit);
    return setup;
}

QWidget* FitDialog::createResults() {
    auto* panel = new QWidget(this);
    fitChoice_ = new QComboBox(panel);
    fitChoice_->setObjectName(QStringLiteral("fitChoice"));
    fitChoice_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    fitChoice_->setMinimumContentsLength(24);
    fitChoice_->setToolTip(tr("The project's fits; the results below are of this one"));
    summary_ = new QLabel(panel);
    summary_->setObjectName(QStringLiteral("fitSummary"));
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    stale_ = new QLabel(panel);
    stale_->setObjectName(QStringLiteral("fitStale"));
    stale_->setWordWrap(true);
    QPalette warning = stale_->palette();
    warning.setColor(QPalette::WindowText, QColor(QStringLiteral("#d62728")));
    stale_->setPalette(warning);
    stale_->hide();
    deleteFit_ = new QPushButton(tr("Delete"), panel);
    deleteFit_->setObjectName(QStringLiteral("deleteFitButton"));
    deleteFit_->setToolTip(
        tr("Delete this fit from the project (undoable). If it is the one predicting, its "
           "parameters stay in use, without their uncertainty."));
    useFit_ = new QPushButton(tr("&Use This Fit"), panel);
    useFit_->setObjectName(QStringLiteral("useFitButton"));
    useFit_->setToolTip(tr("Predict the curves with this fit (undoable)"));
    results_ = new FitResultsView(document_, panel);
    comparison_ = new LawComparisonView(document_, panel);
    results_->addTab(comparison_, tr("Compare Laws"));

    auto* header = new QHBoxLayout;
    header->addWidget(heading(tr("Results"), panel));
    header->addSpacing(8);
    header->addWidget(fitChoice_, 1);
    header->addWidget(useFit_);
    header->addWidget(deleteFit_);
    auto* layout = new QVBoxLayout(panel);
    layout->setContentsMargins(8, 0, 0, 0);
    layout->addLayout(header);
    layout->addWidget(summary_);
    layout->addWidget(stale_);
    layout->addWidget(results_, 1);
    connect(fitChoice_, &QComboBox::currentIndexChanged, this, [this] { showChosenFit(); });
    connect(deleteFit_, &QPushButton::clicked, this, &FitDialog::deleteChosenFit);
    connect(useFit_, &QPushButton::clicked, this, &FitDialog::useChosenFit);
    connect(document_, &ProjectDocument::lawChanged, this, &FitDialog::updateSummary);
    return panel;
}

QComboBox* FitDialog::roleBox(ItemId runId) const {
    for (int row = 0; row < runTable_->rowCount(); ++row)
        if (runTable_->item(row, 0)->data(kIdRole).toLongLong() == runId)
            return qobject_cast<QComboBox*>(runTable_->cellWidget(row, 1));
    return nullptr;
}

void FitDialog::setRunRole(ItemId runId, RunRole role) {
    roles_[runId] = role;
    if (QComboBox* box = roleBox(runId)) box->setCurrentIndex(static_cast<int>(role));
}

FitDialog::RunRole FitDialog::runRole(ItemId runId) const {
    if (auto found = roles_.find(runId); found != roles_.end()) return found->second;
    const ProjectRun* entry = document_->project().findRun(runId);
    return entry ? defaultRole(*entry) : RunRole::Ignore;
}

FitDialog::RunRole FitDialog::defaultRole(const ProjectRun& entry) const {
    // Follow the fit in use (else the newest): its runs are fitted again, the rest held out,
    // which tests the new fit on every other run for free.
    const Project& project = document_->project();
    const FitResult* fit = nullptr;
    if (project.law.fitIndex && *project.law.fitIndex < static_cast<int>(project.fits.size()))
        fit = &project.fits[static_cast<std::size_t>(*project.law.fitIndex)];
    else if (!project.fits.empty())
        fit = &project.fits.back();
    if (!fit) return RunRole::Fit;
    // A new run is never fitted by default, even one named as a fitted run (another model's
    // run in a file of the same name: runOfFit tells them apart by their warmup).
    for (const FittedRun& used : fit->runs)
        if (document_->runOfFit(used) == &entry) return RunRole::Fit;
    for (const FittedRun& used : fit->heldOut)
        if (document_->runOfFit(used) == &entry) return RunRole::HoldOut;
    // A fit that records held-out runs left the others out ("Leave out" comes back as it was
    // chosen); one that records none (as the command line makes them) is tested on every other.
    return fit->heldOut.empty() ? RunRole::HoldOut : RunRole::Ignore;
}

void FitDialog::rebuildRunTable() {
    const Project& project = document_->project();
    runTable_->setRowCount(static_cast<int>(project.runs.size()));
    for (std::size_t i = 0; i < project.runs.size(); ++i) {
        const ProjectRun& entry = project.runs[i];
        const int row = static_cast<int>(i);
        QTableWidgetItem* name = textCell(entry.run.name);
        name->setIcon(dotSwatch(QColor(entry.colour)));
        name->setData(kIdRole, QVariant::fromValue<qint64>(entry.id));
        name->setToolTip(entry.run.source);
        runTable_->setItem(row, 0, name);
        auto* role = new QComboBox;
        role->addItems({tr("Fit"), tr("Hold out"), tr("Leave out")});
        role->setCurrentIndex(static_cast<int>(runRole(entry.id)));
        const ItemId id = entry.id;
        connect(role, &QComboBox::currentIndexChanged, this,
                [this, id](int index) { roles_[id] = static_cast<RunRole>(index); });
        runTable_->setCellWidget(row, 1, role);
        runTable_->setItem(row, 2, numberCell(static_cast<double>(entry.run.loss.size()), 0));
        runTable_->setItem(row, 3,
                           numberCell(entry.run.lossSteps.empty()
                                          ? std::numeric_limits<double>::quiet_NaN()
                                          : static_cast<double>(entry.run.lossSteps.back()),
                                      0));
    }
    updateButtons();
}

bool FitDialog::startFit() {
    return start({law_->currentData().toString()});
}

bool FitDialog::startComparison() {
    const QString chosen = law_->currentData().toString();
    const QString other = chosen.startsWith(QLatin1String("momentum"))
                              ? QStringLiteral("multipower")
                              : QStringLiteral("momentum-literal");
    return start({chosen, other});
}

void FitDialog::cancelFit() {
    if (!task_->isRunning()) return;
    setStatus(tr("Cancelling…"), false);
    task_->cancel();
}

bool FitDialog::isFitting() const {
    return task_->isRunning();
}

bool FitDialog::start(const QStringList& lawIds) {
    if (task_->isRunning()) return false;
    FitJob job;
    job.lawIds = lawIds;
    for (const ProjectRun& entry : document_->project().runs) {
        const RunRole role = runRole(entry.id);
        if (role == RunRole::Fit) job.fitted.push_back(entry.run);
        if (role == RunRole::HoldOut) job.heldOut.push_back(entry.run);
    }
    if (job.fitted.empty()) {
        const QString reason = tr("Mark at least one run “Fit”.");
        setStatus(reason, true);
        emit fitFailed(reason);
        return false;
    }
    if (from_->value() > 0) job.options.fromStep = from_->value();
    if (to_->value() > 0) job.options.toStep = to_->value();
    job.options.huberDelta = huber_->value();
    const auto fitted = static_cast<int>(job.fitted.size());
    comparing_ = lawIds.size() > 1;
    progress_->setValue(0);
    setStatus(comparing_ ? tr("Fitting both laws to %n run(s)…", nullptr, fitted)
                         : tr("Fitting to %n run(s)…", nullptr, fitted),
              false);
    return task_->start(std::move(job));
}

void FitDialog::finished(const FitOutcome& outcome) {
    progress_->setValue(kProgressSteps);
    if (!outcome.error.isEmpty() || outcome.fits.empty()) {
        const QString reason = outcome.error.isEmpty() ? tr("no fit came back") : outcome.error;
        setStatus(tr("The fit failed: %1").arg(reason), true);
        emit fitFailed(reason);
        return;
    }
    QUndoStack* stack = document_->undoStack();
    const int fitted = static_cast<int>(outcome.fits.front().runs.size());
    const int first = static_cast<int>(document_->project().fits.size());
    const int last = first + static_cast<int>(outcome.fits.size()) - 1;
    // A doubtful fit (fit/FitDoubts.h) is added and shown, but predicts only when the user
    // chooses it (Use This Fit); of two laws, the better on the runs it did not see among the
    // trusted ones predicts.
    std::vector<QStringList> doubts;
    int best = -1;
    for (int i = 0; i <= last - first; ++i) {
        const FitResult& fit = outcome.fits[static_cast<std::size_t>(i)];
        doubts.push_back(fitDoubts(fit));
        if (doubts.back().isEmpty() &&
            (best < 0 ||
             judgedPredE(fit) < judgedPredE(outcome.fits[static_cast<std::size_t>(best)])))
            best = i;
    }
    const bool single = outcome.fits.size() == 1;
    if (single && best == 0) {
        stack->push(new AddFitCommand(
            document_, outcome.fits.front(),
            tr("Fit %1 to %n run(s)", nullptr, fitted).arg(outcome.fits.front().lawId)));
    } else {
        stack->beginMacro(
            single ? tr("Fit %1 to %n run(s)", nullptr, fitted).arg(outcome.fits.front().lawId)
                   : tr("Fit and compare laws"));
        for (const FitResult& fit : outcome.fits)
            stack->push(new AddFitCommand(
                document_, fit, tr("Fit %1 to %n run(s)", nullptr, fitted).arg(fit.lawId), false));
        if (best >= 0) {
            const FitResult& fit =
                document_->project().fits[static_cast<std::size_t>(first + best)];
            stack->push(new SetLawCommand(document_,
                                          LawSelection{fit.lawId, fit.parameters, first + best},
                                          tr("Predict with fit %1").arg(first + best + 1)));
        }
        stack->endMacro();
    }
    const int chosen = best >= 0 ? first + best : last;
    if (!single) {
        comparison_->compare(first, first + 1);
        results_->setCurrentWidget(comparison_);
    } else if (results_->currentWidget() == comparison_) {
        results_->setCurrentIndex(0);
    }
    rebuildFitBox(chosen);

    QStringList notes;
    for (const FitResult& fit : outcome.fits)
        if (!fit.converged)
            notes << tr("the %1 fit did not converge (%2)").arg(fit.lawId, fit.solverMessage);
    const FitResult& shown = document_->project().fits[static_cast<std::size_t>(chosen)];
    QString text;
    if (best < 0) {
        QStringList why;
        for (std::size_t i = 0; i < doubts.size(); ++i)
            why << tr("fit %1: %2").arg(first + static_cast<int>(i) + 1).arg(doubtText(doubts[i]));
        text = tr("Not used: the fit is doubtful (%1). The curves are still predicted as before; "
                  "press Use This Fit to predict with it anyway.",
                  nullptr, static_cast<int>(doubts.size()))
                   .arg(why.join(QStringLiteral("; ")));
        notes.clear();  // the doubts say it
    } else if (comparing_) {
        text = tr("Fitted both laws; predicting with fit %1 (%2), the better on the runs it did "
                  "not see.")
                   .arg(chosen + 1)
                   .arg(shown.lawId);
        for (std::size_t i = 0; i < doubts.size(); ++i)
            if (!doubts[i].isEmpty())
                text += QLatin1Char(' ') + tr("Fit %1 is doubtful: %2.")
                                               .arg(first + static_cast<int>(i) + 1)
                                               .arg(doubtText(doubts[i]));
    } else {
        text = tr("Fitted in %1 s; predicting with fit %2.")
                   .arg(shown.seconds, 0, 'f', 2)
                   .arg(chosen + 1);
    }
    if (!notes.isEmpty())
        text += QLatin1Char(' ') + tr("Note: %1.").arg(notes.join(QStringLiteral("; ")));
    setStatus(text, !notes.isEmpty() || best < 0);
    emit fitAdded(chosen);
}

void FitDialog::setStatus(const QString& text, bool problem) {
    QPalette palette = status_->palette();
    palette.setColor(QPalette::WindowText, problem ? QColor(QStringLiteral("#d62728"))
                                                   : this->palette().color(QPalette::WindowText));
    status_->setPalette(palette);
    status_->setText(text);
}

void FitDialog::rebuildFitBox(int select) {
    const auto& fits = document_->project().fits;
    fitChoice_->blockSignals(true);
    fitChoice_->clear();
    for (std::size_t i = 0; i < fits.size(); ++i) {
        const int index = static_cast<int>(i);
        fitChoice_->addItem(fitTitle(fits[i], index, document_->isFitStale(index)), index);
    }
    if (fits.empty()) fitChoice_->addItem(tr("(no fits yet)"), -1);
    fitChoice_->setEnabled(!fits.empty());
    deleteFit_->setEnabled(!fits.empty());
    fitChoice_->setCurrentIndex(std::max(0, fitChoice_->findData(select)));
    fitChoice_->blockSignals(false);
    showChosenFit();
}

bool FitDialog::deleteChosenFit() {
    const int index = fitChoice_->currentData().toInt();
    if (index < 0 || index >= static_cast<int>(document_->project().fits.size())) return false;
    const FitResult& fit = document_->project().fits[static_cast<std::size_t>(index)];
    auto law = makeLaw(fit.lawId);
    document_->undoStack()->push(new RemoveFitCommand(
        document_, index,
        tr("Delete the %1 fit").arg(law ? (*law)->displayName() : fit.lawId)));
    return true;
}

bool FitDialog::useChosenFit() {
    const int index = fitChoice_->currentData().toInt();
    const auto& fits = document_->project().fits;
    if (index < 0 || index >= static_cast<int>(fits.size()) ||
        document_->project().law.fitIndex == index)
        return false;
    const FitResult& fit = fits[static_cast<std::size_t>(index)];
    document_->undoStack()->push(new SetLawCommand(document_,
                                                   LawSelection{fit.lawId, fit.parameters, index},
                                                   tr("Predict with fit %1").arg(index + 1)));
    setStatus(tr("Predicting with fit %1.").arg(index + 1), false);
    return true;
}

void FitDialog::showChosenFit() {
    const int index = fitChoice_->currentData().toInt();
    if (index != results_->fitIndex()) results_->showFit(index);
    updateSummary();
}

void FitDialog::updateSummary() {
    const int index = results_->fitIndex();
    const auto& fits = document_->project().fits;
    if (index < 0 || index >= static_cast<int>(fits.size())) {
        summary_->setText(tr("No fit yet: choose the runs on the left and press Fit."));
        stale_->hide();
        useFit_->setEnabled(false);
        return;
    }
    const bool inUse = document_->project().law.fitIndex == index;
    useFit_->setEnabled(!inUse);
    useFit_->setText(inUse ? tr("In Use") : tr("&Use This Fit"));
    const FitResult& fit = fits[static_cast<std::size_t>(index)];
    auto law = makeLaw(fit.lawId);
    int points = 0;
    for (const FittedRun& run : fit.runs) points += run.metrics.points;
    QString window = tr("all steps");
    if (fit.fromStep || fit.toStep)
        window = tr("steps %1 to %2")
                     .arg(fit.fromStep ? shortestText(*fit.fromStep) : tr("first"),
                          fit.toStep ? shortestText(*fit.toStep) : tr("last"));
    summary_->setText(
        tr("%1 fitted to %n run(s), %2 points (%3), in %4 s: %5 after %6 iterations from %7 "
           "starts; Huber δ %8 on log loss. Bands: ± %9σ by the delta method.",
           nullptr, static_cast<int>(fit.runs.size()))
            .arg(law ? (*law)->displayName() : fit.lawId)
            .arg(points)
            .arg(window)
            .arg(fit.seconds, 0, 'f', 2)
            .arg(fit.converged ? tr("converged") : tr("did not converge"))
            .arg(fit.iterations)
            .arg(fit.starts)
            .arg(shortestText(fit.huberDelta))
            .arg(kBandSigmas) +
        (std::isfinite(fit.crossValidatedPredE)
             ? tr("\nCross-validated PredE %1: each run predicted by a fit on the others, the "
                  "error to expect on a run the fit has not seen.")
                   .arg(fit.crossValidatedPredE, 0, 'f', 5)
             : QString()) +
        [&] {
            QString text;
            for (const QString& warning : fit.warnings) text += tr("\nWarning: %1.").arg(warning);
            return text;
        }());
    const QStringList stale = document_->fitStaleness(index);
    const QStringList doubts = fitDoubts(fit);
    QStringList problems;
    if (!doubts.isEmpty())
        problems << tr("Doubtful: %1.%2")
                        .arg(doubtText(doubts),
                             inUse ? QString() : tr(" Not used unless you press Use This Fit."));
    if (!stale.isEmpty())
        problems << tr("Stale: %1. Fit again to bring it up to date.")
                        .arg(stale.join(QStringLiteral("; ")));
    stale_->setText(problems.join(QLatin1Char('\n')));
    stale_->setVisible(!problems.isEmpty());
}

void FitDialog::updateButtons() {
    const bool running = task_->isRunning();
    const bool runs = !document_->project().runs.empty();
    fitButton_->setEnabled(!running && runs);
    compareButton_->setEnabled(!running && runs);
    cancelButton_->setEnabled(running);
    law_->setEnabled(!running);
    progress_->setTextVisible(running);
}

}  // namespace annealer
