#include "CptCheckpointPanel.h"

#include "CptDocument.h"

#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <set>

namespace annealer {

namespace {

// The checkpoints the what-if compares: for each potential p in {1, 0.75, 0.5, 0.25}, the last
// step after the warmup at which the potential is still at least p; the last PT step; the
// current checkpoint.
std::vector<std::int64_t> whatIfCheckpoints(const Schedule& pretraining, std::int64_t current) {
    const std::int64_t total = pretraining.totalSteps();
    std::vector<double> lr(static_cast<std::size_t>(total));
    pretraining.sampleRange(0, lr.data(), total);
    const auto peakAt = std::max_element(lr.begin(), lr.end());
    const double peak = *peakAt;
    std::set<std::int64_t> steps{total - 1, current};
    for (const double potential : {1.0, 0.75, 0.5, 0.25}) {
        std::int64_t last = -1;
        for (auto s = static_cast<std::int64_t>(peakAt - lr.begin()); s < total; ++s)
            if (lr[static_cast<std::size_t>(s)] >= potential * peak * (1.0 - 1e-12)) last = s;
        if (last >= 1) steps.insert(last);
    }
    return {steps.begin(), steps.end()};
}

}  // namespace

CptCheckpointPanel::CptCheckpointPanel(CptDocument* document, QWidget* parent)
    : QWidget(parent),
      document_(document),
      checkpoint_(new QSpinBox),
      potential_(new QLabel),
      whatIf_(new QTableWidget(0, 5)) {
    checkpoint_->setObjectName(QStringLiteral("cptCheckpoint"));
    whatIf_->setObjectName(QStringLiteral("cptWhatIf"));
    potential_->setWordWrap(true);
    whatIf_->setHorizontalHeaderLabels(
        {tr("Checkpoint"), tr("Potential"), tr("L old"), tr("L new"), tr("Weighted")});
    whatIf_->verticalHeader()->hide();
    whatIf_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    whatIf_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    whatIf_->setSelectionBehavior(QAbstractItemView::SelectRows);
    whatIf_->setToolTip(
        tr("The selected CPT schedule from other checkpoints; double click to branch there"));
    auto* form = new QFormLayout;
    form->addRow(tr("Checkpoint (last PT step)"), checkpoint_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(potential_);
    layout->addWidget(new QLabel(tr("The selected schedule from another checkpoint:")));
    layout->addWidget(whatIf_, 1);

    connect(checkpoint_, &QSpinBox::valueChanged, this, [this](int step) {
        if (refreshing_) return;
        CptProject project = document_->project();
        project.transferStep = step;
        document_->edit(project, tr("Checkpoint"), 0x43504b00);
    });
    connect(whatIf_, &QTableWidget::cellDoubleClicked, this, [this](int row) {
        if (QTableWidgetItem* item = whatIf_->item(row, 0))
            checkpoint_->setValue(item->data(Qt::UserRole).toInt());
    });
    connect(document_, &CptDocument::changed, this, &CptCheckpointPanel::refresh);
    connect(document_, &CptDocument::currentScheduleChanged, this, &CptCheckpointPanel::refresh);
}

void CptCheckpointPanel::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    refresh();
}

void CptCheckpointPanel::refresh() {
    // The what-if predicts whole runs: only while the panel is seen (a drag elsewhere stays fast).
    if (!isVisible()) return;
    refreshing_ = true;
    const CptProject& project = document_->project();
    const std::int64_t total = project.pretraining.totalSteps();
    checkpoint_->setRange(1, static_cast<int>(std::min<std::int64_t>(total - 1, 2'000'000'000)));
    checkpoint_->setValue(static_cast<int>(project.transferStep));
    const double potential = lossPotential(project.pretraining, project.transferStep);
    potential_->setText(tr("Loss potential of the checkpoint: %1% (its LR %2 over the PT peak). "
                           "A checkpoint before the PT decay has more: the CPT run realises it.")
                            .arg(potential * 100.0, 0, 'f', 0)
                            .arg(project.pretraining.lrAt(project.transferStep), 0, 'g', 3));
    whatIf_->setRowCount(0);
    const int current = document_->currentSchedule();
    if (document_->laws() && current < static_cast<int>(project.schedules.size())) {
        const auto checkpoints = whatIfCheckpoints(project.pretraining, project.transferStep);
        auto outcomes = checkpointOutcomes(
            *document_->laws(), project.pretraining,
            project.schedules[static_cast<std::size_t>(current)].phase, checkpoints);
        if (outcomes) {
            whatIf_->setRowCount(static_cast<int>(outcomes->size()));
            for (std::size_t i = 0; i < outcomes->size(); ++i) {
                const CheckpointOutcome& row = (*outcomes)[i];
                const bool here = row.checkpoint == project.transferStep;
                auto* step = new QTableWidgetItem(QString::number(row.checkpoint) +
                                                  (here ? tr(" (now)") : QString()));
                step->setData(Qt::UserRole, static_cast<qint64>(row.checkpoint));
                QFont font = step->font();
                font.setBold(here);
                step->setFont(font);
                const int r = static_cast<int>(i);
                whatIf_->setItem(r, 0, step);
                whatIf_->setItem(r, 1,
                                 new QTableWidgetItem(
                                     QStringLiteral("%1%").arg(row.potential * 100.0, 0, 'f', 0)));
                whatIf_->setItem(r, 2,
                                 new QTableWidgetItem(QString::number(row.outcome.lossPt, 'f', 4)));
                whatIf_->setItem(
                    r, 3, new QTableWidgetItem(QString::number(row.outcome.lossCpt, 'f', 4)));
                whatIf_->setItem(r, 4,
                                 new QTableWidgetItem(QString::number(
                                     row.outcome.weighted(project.weight), 'f', 4)));
            }
        }
    }
    refreshing_ = false;
}

}  // namespace annealer
