#include "OptimizeDialog.h"

#include "AddScheduleCommand.h"
#include "ItemColours.h"
#include "NumberText.h"
#include "PredictionEngine.h"
#include "ProjectDocument.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QDoubleValidator>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPromise>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QUndoStack>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>
#include <limits>

namespace annealer {

namespace {

constexpr int kProgressRange = 1000;

QString familyLabel(OptimizationFamily family) {
    switch (family) {
        case OptimizationFamily::FreeForm:
            return QObject::tr("free-form");
        case OptimizationFamily::Wsd:
            return QObject::tr("WSD");
        case OptimizationFamily::Cosine:
            return QObject::tr("cosine");
        case OptimizationFamily::Linear:
            return QObject::tr("linear");
    }
    return {};
}

// Loss differences are a few hundredths: three decimals show them, and a difference too small
// for that keeps two significant digits rather than reading as zero.
QString signedLoss(double value) {
    const QString text =
        std::abs(value) >= 1e-3 ? QString::number(value, 'f', 3) : QString::number(value, 'g', 2);
    return value >= 0.0 ? QStringLiteral("+") + text : text;
}

std::vector<OptimizedSchedule*> candidatesOf(OptimizationResult& result) {
    std::vector<OptimizedSchedule*> candidates{&result.best};
    for (OptimizedSchedule& candidate : result.familyBests) candidates.push_back(&candidate);
    return candidates;
}

QString lossText(double value) {
    return QString::number(value, 'f', 4);
}

// LRs span decades, so they are typed as numbers ("3e-4") rather than spun.
QLineEdit* numberField(double value, double minimum, QWidget* parent) {
    auto* field = new QLineEdit(shortestText(value), parent);
    auto* validator = new QDoubleValidator(minimum, 1e6, 12, field);
    validator->setLocale(QLocale::c());
    validator->setNotation(QDoubleValidator::ScientificNotation);
    field->setValidator(validator);
    return field;
}

double numberOf(const QLineEdit* field) {
    bool ok = false;
    const double value = QLocale::c().toDouble(field->text().trimmed(), &ok);
    return ok ? value : std::numeric_limits<double>::quiet_NaN();
}

int clampedInt(std::int64_t value) {
    return static_cast<int>(std::clamp<std::int64_t>(value, 0, std::numeric_limits<int>::max()));
}

}  // namespace

OptimizeDialog::OptimizeDialog(ProjectDocument* document, ItemId selected, QWidget* parent)
    : QDialog(parent), document_(document), selected_(selected) {
    setObjectName(QStringLiteral("optimizeDialog"));
    setWindowTitle(tr("Find Best Schedule"));

    Schedule start;
    if (const ProjectSchedule* entry = document_->project().findSchedule(selected))
        start = entry->schedule;
    warmupShape_ = start.warmupShape;

    steps_ = new QSpinBox(this);
    steps_->setRange(2, std::numeric_limits<int>::max());
    steps_->setGroupSeparatorShown(true);
    steps_->setValue(clampedInt(start.totalSteps()));
    peak_ = numberField(start.peak, 0.0, this);
    warmup_ = new QSpinBox(this);
    warmup_->setRange(0, std::numeric_limits<int>::max());
    warmup_->setGroupSeparatorShown(true);
    warmup_->setValue(clampedInt(start.totalWarmupSteps()));
    floor_ = numberField(0.0, 0.0, this);
    family_ = new QComboBox(this);
    for (OptimizationFamily family : {OptimizationFamily::FreeForm, OptimizationFamily::Wsd,
                                      OptimizationFamily::Cosine, OptimizationFamily::Linear})
        family_->addItem(familyLabel(family), static_cast<int>(family));
    family_->setToolTip(
        tr("Free-form: any non-increasing LR after warmup; the families search "
           "only their own parameters"));
    smoothness_ = new QDoubleSpinBox(this);
    smoothness_->setRange(0.0, 1e6);
    smoothness_->setDecimals(3);
    smoothness_->setToolTip(
        tr("Free-form only: trades a little predicted loss for a smoother "
           "curve (0 = none)"));

    auto* form = new QFormLayout;
    form->addRow(tr("Total steps:"), steps_);
    form->addRow(tr("Peak LR:"), peak_);
    form->addRow(tr("Warmup steps:"), warmup_);
    form->addRow(tr("LR floor:"), floor_);
    form->addRow(tr("Family:"), family_);
    form->addRow(tr("Smoothness:"), smoothness_);

    progress_ = new QProgressBar(this);
    progress_->setRange(0, kProgressRange);
    progress_->setValue(0);
    summary_ = new QLabel(this);
    summary_->setObjectName(QStringLiteral("optimizeSummary"));
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    caveat_ = new QLabel(this);
    caveat_->setObjectName(QStringLiteral("optimizeCaveat"));
    caveat_->setWordWrap(true);
    caveat_->setVisible(false);
    table_ = new QTableWidget(0, 3, this);
    table_->setHorizontalHeaderLabels(
        {tr("Schedule"), tr("Predicted final loss"), tr("vs baseline")});
    table_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    table_->verticalHeader()->hide();
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionMode(QAbstractItemView::NoSelection);

    auto* buttons = new QDialogButtonBox(this);
    run_ = buttons->addButton(tr("&Optimise"), QDialogButtonBox::ActionRole);
    cancel_ = buttons->addButton(tr("&Cancel Run"), QDialogButtonBox::ActionRole);
    add_ = buttons->addButton(tr("&Add to Project"), QDialogButtonBox::ApplyRole);
    QPushButton* close = buttons->addButton(QDialogButtonBox::Close);
    run_->setDefault(true);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(progress_);
    layout->addWidget(summary_);
    layout->addWidget(caveat_);
    layout->addWidget(table_, 1);
    layout->addWidget(buttons);
    resize(560, 480);

    connect(run_, &QPushButton::clicked, this, &OptimizeDialog::start);
    connect(cancel_, &QPushButton::clicked, this, &OptimizeDialog::cancel);
    connect(add_, &QPushButton::clicked, this, [this] { addToProject(); });
    connect(close, &QPushButton::clicked, this, &QDialog::reject);
    connect(&watcher_, &QFutureWatcher<OptimizeOutcome>::progressValueChanged, progress_,
            &QProgressBar::setValue);
    connect(&watcher_, &QFutureWatcher<OptimizeOutcome>::finished, this,
            &OptimizeDialog::runFinished);
    summary_->setText(
        tr("Minimises the predicted final loss of the project's law under these "
           "constraints."));
    updateButtons();
}

OptimizeDialog::~OptimizeDialog() {
    // The worker holds copies of everything it reads, so it may finish after the dialog is
    // gone; cancelling only makes it stop sooner.
    if (isRunning()) watcher_.cancel();
}

OptimizationConstraints OptimizeDialog::constraints() const {
    OptimizationConstraints constraints;
    constraints.steps = steps_->value();
    constraints.peak = numberOf(peak_);
    constraints.warmupSteps = warmup_->value();
    constraints.warmupShape = warmupShape_;
    constraints.floor = numberOf(floor_);
    return constraints;
}

OptimizationOptions OptimizeDialog::options() const {
    OptimizationOptions options;
    options.family = static_cast<OptimizationFamily>(family_->currentData().toInt());
    options.smoothness = smoothness_->value();
    return options;
}

bool OptimizeDialog::isRunning() const {
    return watcher_.isRunning();
}

std::optional<FitResult> OptimizeDialog::currentFit(QString* problem) const {
    const Project& project = document_->project();
    const LawSelection& law = project.law;
    if (!law.isSet()) {
        *problem = tr("The project has no law: fit one to runs or type its parameters first.");
        return std::nullopt;
    }
    // The law the window predicts with: a fit's parameters or typed-in ones.
    FitResult fit;
    if (law.fitIndex && *law.fitIndex >= 0 && *law.fitIndex < static_cast<int>(project.fits.size()))
        fit = project.fits[static_cast<std::size_t>(*law.fitIndex)];
    fit.lawId = law.lawId;
    fit.parameters = law.parameters;
    return fit;
}

void OptimizeDialog::start() {
    if (isRunning()) return;
    QString problem;
    const std::optional<FitResult> fit = currentFit(&problem);
    if (!fit) {
        summary_->setText(problem);
        return;
    }
    const OptimizationConstraints fixed = constraints();
    if (!std::isfinite(fixed.peak) || !std::isfinite(fixed.floor)) {
        summary_->setText(tr("The peak LR and floor must be numbers."));
        return;
    }
    const OptimizationOptions chosen = options();

    // The gain is over the project's baseline; without one, over the schedule the constraints
    // came from, which is what the user would otherwise run.
    const Project& project = document_->project();
    const ProjectSchedule* baselineEntry =
        project.baseline ? project.findSchedule(*project.baseline) : nullptr;
    if (!baselineEntry) baselineEntry = project.findSchedule(selected_);
    std::optional<Schedule> baseline;
    if (baselineEntry) baseline = baselineEntry->schedule;

    outcome_ = OptimizeOutcome{};
    table_->setRowCount(0);
    caveat_->setVisible(false);
    progress_->setValue(0);
    summary_->setText(tr("Optimising…"));
    QFuture<OptimizeOutcome> future = QtConcurrent::run(
        [fit = *fit, fixed, chosen, baseline](QPromise<OptimizeOutcome>& promise) {
            promise.setProgressRange(0, kProgressRange);
            OptimizationOptions options = chosen;
            options.progress = [&promise](double fraction) {
                promise.setProgressValue(
                    static_cast<int>(std::lround(std::clamp(fraction, 0.0, 1.0) * kProgressRange)));
                return !promise.isCanceled();
            };
            OptimizeOutcome outcome;
            outcome.family = chosen.family;
            // Every loss reported as the final-loss table will show it for the same schedule.
            const auto asPredicted = [&fit](const Schedule& schedule) {
                return finalLossAsPredicted(fit.lawId, fit.parameters, schedule);
            };
            if (baseline) {
                outcome.baselineName = baseline->name;
                if (Result<double> loss = asPredicted(*baseline)) outcome.baselineLoss = *loss;
            }
            Result<OptimizationResult> result = ScheduleOptimizer().optimize(fit, fixed, options);
            if (promise.isCanceled()) {
                outcome.cancelled = true;
            } else if (!result) {
                outcome.error = result.error();
            } else {
                for (OptimizedSchedule* candidate : candidatesOf(*result))
                    if (Result<double> loss = asPredicted(candidate->schedule))
                        candidate->finalLoss = *loss;
                outcome.result = std::move(result).value();
            }
            promise.addResult(std::move(outcome));
        });
    watcher_.setFuture(future);
    updateButtons();
}

void OptimizeDialog::cancel() {
    if (!isRunning()) return;
    watcher_.cancel();
    summary_->setText(tr("Cancelling…"));
    cancel_->setEnabled(false);
}

void OptimizeDialog::runFinished() {
    const QFuture<OptimizeOutcome> future = watcher_.future();
    // A cancelled future drops the result reported after the cancel.
    if (future.isCanceled() || future.resultCount() == 0) {
        outcome_ = OptimizeOutcome{};
        outcome_.cancelled = true;
    } else {
        outcome_ = future.result();
    }
    showOutcome();
    updateButtons();
    emit finished();
}

void OptimizeDialog::showOutcome() {
    table_->setRowCount(0);
    if (outcome_.cancelled) {
        progress_->setValue(0);
        summary_->setText(tr("Cancelled; the project is unchanged."));
        return;
    }
    if (!outcome_.result) {
        summary_->setText(tr("The optimiser failed: %1").arg(outcome_.error));
        return;
    }
    progress_->setValue(kProgressRange);
    const OptimizationResult& result = *outcome_.result;
    const auto addRow = [this](const QString& name, double loss, const QString& versus, bool bold) {
        const int row = table_->rowCount();
        table_->insertRow(row);
        const QStringList texts{name, lossText(loss), versus};
        for (int column = 0; column < 3; ++column) {
            auto* item = new QTableWidgetItem(texts[column]);
            if (column > 0) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            QFont font = item->font();
            font.setBold(bold);
            item->setFont(font);
            table_->setItem(row, column, item);
        }
    };
    const auto versus = [this](double loss) {
        return outcome_.baselineLoss ? signedLoss(loss - *outcome_.baselineLoss) : QString();
    };
    if (outcome_.baselineLoss)
        addRow(tr("Baseline: %1").arg(outcome_.baselineName), *outcome_.baselineLoss,
               QStringLiteral("0"), false);
    addRow(tr("Best: %1").arg(result.best.description), result.best.finalLoss,
           versus(result.best.finalLoss), true);
    for (const OptimizedSchedule& candidate : result.familyBests)
        addRow(candidate.description, candidate.finalLoss, versus(candidate.finalLoss), false);
    table_->resizeColumnsToContents();
    table_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);

    QString text = tr("Best predicted final loss %1").arg(lossText(result.best.finalLoss));
    if (outcome_.baselineLoss)
        text += tr(", %1 vs the baseline \"%2\" (%3)")
                    .arg(signedLoss(result.best.finalLoss - *outcome_.baselineLoss),
                         outcome_.baselineName, lossText(*outcome_.baselineLoss));
    else
        text += tr(" (the project has no baseline schedule to compare with)");
    summary_->setText(text + QStringLiteral("."));
    caveat_->setText(result.caveat);
    caveat_->setVisible(!result.caveat.isEmpty());
}

void OptimizeDialog::updateButtons() {
    const bool running = isRunning();
    run_->setEnabled(!running);
    cancel_->setEnabled(running);
    add_->setEnabled(!running && outcome_.result.has_value());
    for (QWidget* field :
         std::initializer_list<QWidget*>{steps_, peak_, warmup_, floor_, family_, smoothness_})
        field->setEnabled(!running);
}

QString OptimizeDialog::proposedName() const {
    const QString family = familyLabel(outcome_.family);
    if (!outcome_.result || !outcome_.baselineLoss) return tr("optimal %1").arg(family);
    return tr("optimal %1 (%2 vs baseline)")
        .arg(family, signedLoss(outcome_.result->best.finalLoss - *outcome_.baselineLoss));
}

ItemId OptimizeDialog::addToProject() {
    if (isRunning() || !outcome_.result) return 0;
    QStringList used;
    for (const ProjectSchedule& entry : document_->project().schedules) used << entry.colour;
    ProjectSchedule entry;
    entry.id = document_->takeId();
    entry.schedule = outcome_.result->best.schedule;
    entry.schedule.name = proposedName();
    entry.colour = nextScheduleColour(used);
    document_->undoStack()->push(new AddScheduleCommand(
        document_, entry, static_cast<int>(document_->project().schedules.size()),
        tr("Add %1").arg(entry.schedule.name)));
    emit scheduleAdded(entry.id);
    return entry.id;
}

}  // namespace annealer
