#include "CptScheduleEditor.h"

#include "CptDocument.h"
#include "CptFields.h"
#include "ItemColours.h"
#include "SchedulePresets.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

#include <cmath>

namespace annealer {

CptScheduleEditor::CptScheduleEditor(CptDocument* document, QWidget* parent)
    : QWidget(parent),
      document_(document),
      name_(new QLineEdit),
      rewarm_(new QSpinBox),
      peak_(newLrField()),
      shape_(new QComboBox),
      decay_(newFractionField()),
      floor_(newLrField()),
      steps_(new QSpinBox) {
    rewarm_->setObjectName(QStringLiteral("cptRewarm"));
    peak_->setObjectName(QStringLiteral("cptPeak"));
    shape_->setObjectName(QStringLiteral("cptShape"));
    steps_->setObjectName(QStringLiteral("cptSteps"));
    rewarm_->setRange(0, 100'000'000);
    steps_->setRange(2, 100'000'000);
    shape_->addItems({QStringLiteral("cosine"), QStringLiteral("linear"), QStringLiteral("wsd")});
    auto* form = new QFormLayout;
    form->addRow(tr("Name"), name_);
    form->addRow(tr("Re-warm steps"), rewarm_);
    form->addRow(tr("Re-warm peak LR"), peak_);
    form->addRow(tr("Decay shape"), shape_);
    form->addRow(tr("WSD decay fraction"), decay_);
    form->addRow(tr("Floor LR"), floor_);
    form->addRow(tr("CPT steps"), steps_);
    auto* add = new QPushButton(tr("Add"));
    auto* remove = new QPushButton(tr("Remove"));
    auto* baseline = new QPushButton(tr("Make baseline"));
    add->setToolTip(tr("A copy of this schedule, to change"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addWidget(baseline);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addStretch();

    connect(name_, &QLineEdit::editingFinished, this, [this] { commit(tr("Rename")); });
    connect(rewarm_, &QSpinBox::valueChanged, this, [this] { commit(tr("Re-warm steps")); });
    connect(peak_, &QDoubleSpinBox::valueChanged, this, [this] { commit(tr("Re-warm peak")); });
    connect(shape_, &QComboBox::currentTextChanged, this, [this] { commit(tr("Decay shape")); });
    connect(decay_, &QDoubleSpinBox::valueChanged, this, [this] { commit(tr("Decay fraction")); });
    connect(floor_, &QDoubleSpinBox::valueChanged, this, [this] { commit(tr("Floor")); });
    connect(steps_, &QSpinBox::valueChanged, this, [this] { commit(tr("CPT steps")); });
    connect(add, &QPushButton::clicked, this, [this] {
        CptProject project = document_->project();
        const int current = document_->currentSchedule();
        CptDesignedSchedule copy = current < static_cast<int>(project.schedules.size())
                                       ? project.schedules[static_cast<std::size_t>(current)]
                                       : CptDesignedSchedule{};
        QStringList used;
        for (const CptDesignedSchedule& entry : project.schedules) used << entry.colour;
        copy.colour = nextScheduleColour(used);
        QStringList names;
        for (const CptDesignedSchedule& entry : project.schedules) names << entry.name;
        copy.name = copyName(copy.name, names);
        copy.observed.reset();
        project.schedules.push_back(copy);
        document_->edit(project, tr("Add CPT schedule"));
        document_->setCurrentSchedule(static_cast<int>(project.schedules.size()) - 1);
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        CptProject project = document_->project();
        const int current = document_->currentSchedule();
        if (project.schedules.size() <= 1 || current >= static_cast<int>(project.schedules.size()))
            return;
        project.schedules.erase(project.schedules.begin() + current);
        if (project.baseline && *project.baseline == current)
            project.baseline.reset();
        else if (project.baseline && *project.baseline > current)
            --*project.baseline;
        document_->edit(project, tr("Remove CPT schedule"));
    });
    connect(baseline, &QPushButton::clicked, this, [this] {
        CptProject project = document_->project();
        project.baseline = document_->currentSchedule();
        document_->edit(project, tr("Set baseline"));
    });
    connect(document_, &CptDocument::changed, this, &CptScheduleEditor::refresh);
    connect(document_, &CptDocument::currentScheduleChanged, this, &CptScheduleEditor::refresh);
}

void CptScheduleEditor::refresh() {
    const CptProject& project = document_->project();
    const int current = document_->currentSchedule();
    setEnabled(current < static_cast<int>(project.schedules.size()));
    if (!isEnabled()) return;
    refreshing_ = true;
    const CptDesignedSchedule& entry = project.schedules[static_cast<std::size_t>(current)];
    if (name_->text() != entry.name) name_->setText(entry.name);
    rewarm_->setValue(static_cast<int>(entry.phase.rewarmSteps));
    peak_->setValue(entry.phase.peak);
    shape_->setCurrentText(entry.phase.shape);
    decay_->setValue(entry.phase.decayFraction);
    decay_->setEnabled(entry.phase.shape == QLatin1String("wsd"));
    floor_->setValue(entry.phase.floor);
    steps_->setValue(static_cast<int>(entry.phase.steps));
    refreshing_ = false;
}

void CptScheduleEditor::commit(const QString& what) {
    if (refreshing_) return;
    CptProject project = document_->project();
    const int current = document_->currentSchedule();
    if (current >= static_cast<int>(project.schedules.size())) return;
    CptDesignedSchedule& entry = project.schedules[static_cast<std::size_t>(current)];
    CptPhase phase = entry.phase;
    phase.rewarmSteps = rewarm_->value();
    phase.peak = peak_->value();
    phase.shape = shape_->currentText();
    phase.decayFraction = decay_->value();
    phase.floor = floor_->value();
    phase.steps = steps_->value();
    // A typed value that would make the phase invalid is not taken; the fields show the phase.
    entry.phase = phase;
    if (phase.peak <= 0.0 || phase.floor > phase.peak || phase.rewarmSteps >= phase.steps ||
        !project.chain(static_cast<std::size_t>(current))) {
        refresh();
        return;
    }
    entry.name = name_->text().trimmed().isEmpty() ? entry.name : name_->text().trimmed();
    document_->edit(project, what, 0x43505300 + current);
}

}  // namespace annealer
