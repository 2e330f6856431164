#include "CptPretrainingEditor.h"

#include "CptDocument.h"
#include "CptFields.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace annealer {

namespace {
const QStringList kFamilies = {QStringLiteral("constant"), QStringLiteral("linear"),
                               QStringLiteral("cosine"), QStringLiteral("wsd")};
}

CptPretrainingEditor::CptPretrainingEditor(CptDocument* document, QWidget* parent)
    : QWidget(parent),
      document_(document),
      source_(new QLabel),
      family_(new QComboBox),
      steps_(new QSpinBox),
      peak_(newLrField()),
      warmup_(new QSpinBox),
      decay_(newFractionField()),
      floor_(newLrField()) {
    family_->setObjectName(QStringLiteral("cptPtFamily"));
    steps_->setObjectName(QStringLiteral("cptPtSteps"));
    source_->setWordWrap(true);
    family_->addItems(kFamilies);
    steps_->setRange(2, 50'000'000);
    warmup_->setRange(0, 50'000'000);
    auto* form = new QFormLayout;
    form->addRow(tr("Family"), family_);
    form->addRow(tr("Steps"), steps_);
    form->addRow(tr("Peak LR"), peak_);
    form->addRow(tr("Warmup steps"), warmup_);
    form->addRow(tr("WSD decay fraction"), decay_);
    form->addRow(tr("Floor LR"), floor_);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(source_);
    layout->addLayout(form);
    layout->addStretch();
    connect(family_, &QComboBox::currentTextChanged, this, &CptPretrainingEditor::commit);
    for (QSpinBox* box : {steps_, warmup_})
        connect(box, &QSpinBox::valueChanged, this, &CptPretrainingEditor::commit);
    for (QDoubleSpinBox* box : {peak_, decay_, floor_})
        connect(box, &QDoubleSpinBox::valueChanged, this, &CptPretrainingEditor::commit);
    connect(document_, &CptDocument::changed, this, &CptPretrainingEditor::refresh);
}

void CptPretrainingEditor::refresh() {
    refreshing_ = true;
    const Schedule& pt = document_->project().pretraining;
    const bool designed =
        kFamilies.contains(familyName(pt.family)) && pt.family != ScheduleFamily::Chain;
    source_->setText(designed ? tr("The pre-training schedule (%1 steps); the CPT runs branch from "
                                   "its checkpoint.")
                                    .arg(pt.totalSteps())
                              : tr("The pre-training LR of %1 steps comes from a log or a schedule "
                                   "file (%2); pick a family to design one instead.")
                                    .arg(pt.totalSteps())
                                    .arg(familyName(pt.family)));
    if (designed) {
        family_->setCurrentText(familyName(pt.family));
        steps_->setValue(static_cast<int>(pt.steps));
        peak_->setValue(pt.peak);
        warmup_->setValue(static_cast<int>(pt.warmupSteps));
        decay_->setValue(pt.decayFraction);
        floor_->setValue(pt.floorLr());
    } else {
        family_->setCurrentIndex(-1);
    }
    for (QWidget* field : std::initializer_list<QWidget*>{steps_, peak_, warmup_, decay_, floor_})
        field->setEnabled(designed);
    decay_->setEnabled(designed && pt.family == ScheduleFamily::Wsd);
    refreshing_ = false;
}

void CptPretrainingEditor::commit() {
    if (refreshing_ || family_->currentIndex() < 0) return;
    CptProject project = document_->project();
    const Schedule& old = project.pretraining;
    const bool wasDesigned = steps_->isEnabled();
    Schedule pt;
    pt.name = old.name;
    pt.family = *familyFromName(family_->currentText());
    // From a log's LR to a family: start from its length and largest LR.
    pt.steps = wasDesigned ? steps_->value() : old.totalSteps();
    pt.peak = wasDesigned               ? peak_->value()
              : old.sample().lr.empty() ? 1e-3
                                        : [&] {
                                              const auto lr = old.sample().lr;
                                              return *std::max_element(lr.begin(), lr.end());
                                          }();
    pt.warmupSteps = wasDesigned ? warmup_->value() : old.totalWarmupSteps();
    pt.warmupShape = pt.warmupSteps > 0 ? WarmupShape::Linear : WarmupShape::None;
    pt.decayFraction = decay_->value();
    pt.floor = wasDesigned ? floor_->value() : 0.1 * pt.peak;
    pt.decayShape = DecayShape::Linear;
    if (!pt.validate() || pt.floor > pt.peak) {
        refresh();
        return;
    }
    const bool atEnd = project.transferStep == old.totalSteps() - 1;
    project.pretraining = pt;
    if (atEnd || project.transferStep > pt.totalSteps() - 1)
        project.transferStep = pt.totalSteps() - 1;
    document_->edit(project, tr("Pre-training schedule"), 0x43505000);
}

}  // namespace annealer
