#include "ParameterPanel.h"

#include "EditScheduleCommand.h"
#include "NumberText.h"
#include "ProjectDocument.h"
#include "ScheduleKeyTexts.h"

#include <QComboBox>
#include <QFormLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QUndoStack>
#include <QVBoxLayout>

namespace annealer {

namespace {

struct KeyLabel {
    const char* key;
    const char* label;
};
constexpr KeyLabel kLabels[] = {
    {"steps", QT_TRANSLATE_NOOP("ParameterPanel", "Steps")},
    {"peak", QT_TRANSLATE_NOOP("ParameterPanel", "Peak LR")},
    {"warmup", QT_TRANSLATE_NOOP("ParameterPanel", "Warmup steps")},
    {"warmup_shape", QT_TRANSLATE_NOOP("ParameterPanel", "Warmup shape")},
    {"warmup_init", QT_TRANSLATE_NOOP("ParameterPanel", "Warmup start LR")},
    {"floor", QT_TRANSLATE_NOOP("ParameterPanel", "Floor LR")},
    {"floor_ratio", QT_TRANSLATE_NOOP("ParameterPanel", "Floor / peak")},
    {"decay", QT_TRANSLATE_NOOP("ParameterPanel", "Decay fraction")},
    {"decay_steps", QT_TRANSLATE_NOOP("ParameterPanel", "Decay steps")},
    {"shape", QT_TRANSLATE_NOOP("ParameterPanel", "Decay shape")},
    {"power", QT_TRANSLATE_NOOP("ParameterPanel", "Power")},
    {"gamma", QT_TRANSLATE_NOOP("ParameterPanel", "Gamma")},
    {"step_size", QT_TRANSLATE_NOOP("ParameterPanel", "Step size")},
    {"milestones", QT_TRANSLATE_NOOP("ParameterPanel", "Milestones")},
    {"timescale", QT_TRANSLATE_NOOP("ParameterPanel", "Timescale")},
    {"cycle", QT_TRANSLATE_NOOP("ParameterPanel", "Cycle steps")},
    {"cycle_decay", QT_TRANSLATE_NOOP("ParameterPanel", "Cycle decay")},
    {"rewarm", QT_TRANSLATE_NOOP("ParameterPanel", "Re-warm steps")},
    {"points", QT_TRANSLATE_NOOP("ParameterPanel", "Control points")},
    {"interpolation", QT_TRANSLATE_NOOP("ParameterPanel", "Interpolation")},
    {"phases", QT_TRANSLATE_NOOP("ParameterPanel", "Phases")},
    {"power_a", QT_TRANSLATE_NOOP("ParameterPanel", "Power law a")},
    {"power_b", QT_TRANSLATE_NOOP("ParameterPanel", "Power law b")},
    {"tokens_per_step", QT_TRANSLATE_NOOP("ParameterPanel", "Tokens per step")},
    {"pct_start", QT_TRANSLATE_NOOP("ParameterPanel", "Rise fraction")},
    {"anneal_strategy", QT_TRANSLATE_NOOP("ParameterPanel", "Annealing")},
    {"div_factor", QT_TRANSLATE_NOOP("ParameterPanel", "Peak / start LR")},
    {"final_div_factor", QT_TRANSLATE_NOOP("ParameterPanel", "Start / final LR")},
    {"three_phase", QT_TRANSLATE_NOOP("ParameterPanel", "Three phases")},
};

QString labelOf(const QString& key) {
    for (const KeyLabel& entry : kLabels)
        if (key == QLatin1String(entry.key)) return ParameterPanel::tr(entry.label);
    return key;
}

// Keys whose value is one of a few names: a combo box rather than a text field.
QStringList choicesOf(const QString& key) {
    if (key == QLatin1String("warmup_shape"))
        return {QStringLiteral("none"), QStringLiteral("linear"), QStringLiteral("cosine"),
                QStringLiteral("exponential")};
    if (key == QLatin1String("shape"))
        return {QStringLiteral("linear"),     QStringLiteral("cosine"),
                QStringLiteral("1-sqrt"),     QStringLiteral("exponential"),
                QStringLiteral("polynomial"), QStringLiteral("rex")};
    if (key == QLatin1String("anneal_strategy"))
        return {QStringLiteral("cos"), QStringLiteral("linear")};
    if (key == QLatin1String("three_phase"))
        return {QStringLiteral("false"), QStringLiteral("true")};
    if (key == QLatin1String("interpolation"))
        return {QStringLiteral("linear"), QStringLiteral("monotone_cubic")};
    return {};
}

QString familyTitle(ScheduleFamily family) {
    switch (family) {
        case ScheduleFamily::Constant:
            return ParameterPanel::tr("Constant");
        case ScheduleFamily::Linear:
            return ParameterPanel::tr("Linear");
        case ScheduleFamily::Cosine:
            return ParameterPanel::tr("Cosine");
        case ScheduleFamily::Wsd:
            return ParameterPanel::tr("Warmup-stable-decay (WSD)");
        case ScheduleFamily::Step:
            return ParameterPanel::tr("Step");
        case ScheduleFamily::MultiStep:
            return ParameterPanel::tr("Multi-step");
        case ScheduleFamily::Exponential:
            return ParameterPanel::tr("Exponential");
        case ScheduleFamily::InverseSqrt:
            return ParameterPanel::tr("Inverse square root");
        case ScheduleFamily::Polynomial:
            return ParameterPanel::tr("Polynomial");
        case ScheduleFamily::Cyclic:
            return ParameterPanel::tr("Cyclic cosine");
        case ScheduleFamily::FreeForm:
            return ParameterPanel::tr("Free-form curve");
        case ScheduleFamily::Chain:
            return ParameterPanel::tr("Chain of schedules");
        case ScheduleFamily::Rex:
            return ParameterPanel::tr("REX (reflected exponential)");
        case ScheduleFamily::PowerScheduler:
            return ParameterPanel::tr("Power scheduler");
        case ScheduleFamily::OneCycle:
            return ParameterPanel::tr("One-cycle");
    }
    return {};
}

}  // namespace

ParameterPanel::ParameterPanel(ProjectDocument* document, QWidget* parent)
    : QWidget(parent),
      document_(document),
      form_(new QFormLayout),
      title_(new QLabel(tr("Schedule"), this)),
      error_(new QLabel(this)),
      name_(new QLineEdit(this)),
      family_(new QComboBox(this)) {
    setObjectName(QStringLiteral("parameterPanel"));
    QFont bold = title_->font();
    bold.setBold(true);
    title_->setFont(bold);
    error_->setWordWrap(true);
    error_->setObjectName(QStringLiteral("parameterError"));
    error_->hide();
    QPalette errorPalette = error_->palette();
    errorPalette.setColor(QPalette::WindowText, QColor(QStringLiteral("#d62728")));
    error_->setPalette(errorPalette);

    name_->setObjectName(QStringLiteral("field_name"));
    name_->setToolTip(tr("The schedule's name, as the lists and legends show it"));
    family_->setObjectName(QStringLiteral("field_family"));
    family_->setToolTip(tr("The kind of schedule; switching keeps length, peak and warmup"));
    family_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    family_->setMinimumContentsLength(8);
    for (const QString& name : allFamilyNames()) {
        const auto family = familyFromName(name);
        family_->addItem(familyTitle(*family), name);
    }
    fields_.insert(QStringLiteral("name"), name_);
    fields_.insert(QStringLiteral("family"), family_);

    form_->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form_->setLabelAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    form_->addRow(tr("Name"), name_);
    form_->addRow(tr("Family"), family_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(title_);
    layout->addLayout(form_);
    layout->addWidget(error_);

    routeUndoKeys(name_, QStringLiteral("name"));
    connect(name_, &QLineEdit::editingFinished, this, &ParameterPanel::applyName);
    connect(family_, &QComboBox::activated, this, &ParameterPanel::applyFamily);
    // The schedule list chooses the schedule after a reset; one that is gone is dropped here.
    connect(document_, &ProjectDocument::projectReset, this, [this] { setSchedule(scheduleId_); });
    connect(document_, &ProjectDocument::scheduleChanged, this, [this](ItemId id) {
        if (id == scheduleId_) refreshValues();
    });
    connect(document_, &ProjectDocument::scheduleRemoved, this, [this](ItemId id) {
        if (id == scheduleId_) setSchedule(0);
    });
    setSchedule(0);
}

const ProjectSchedule* ParameterPanel::entry() const {
    return document_->project().findSchedule(scheduleId_);
}

QString ParameterPanel::errorText() const {
    return error_->isVisible() || !error_->isHidden() ? error_->text() : QString();
}

void ParameterPanel::setSchedule(ItemId id) {
    scheduleId_ = document_->project().findSchedule(id) ? id : 0;
    formBuilt_ = false;
    error_->hide();
    refreshValues();
}

void ParameterPanel::rebuildForm() {
    for (QWidget* row : generatedRows_) form_->removeRow(row);
    generatedRows_.clear();
    for (auto it = fields_.begin(); it != fields_.end();) {
        if (it.key() == QLatin1String("name") || it.key() == QLatin1String("family"))
            ++it;
        else
            it = fields_.erase(it);
    }
    const ProjectSchedule* selected = entry();
    if (!selected) return;
    formFamily_ = selected->schedule.family;
    formBuilt_ = true;
    QWidget* previous = family_;
    for (const ScheduleParameterInfo& info : parameterKeys(formFamily_)) {
        const QString key = info.key;
        QWidget* editor = nullptr;
        const QStringList choices = choicesOf(key);
        if (!choices.isEmpty()) {
            auto* combo = new QComboBox(this);
            combo->addItems(choices);
            combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
            combo->setMinimumContentsLength(8);
            connect(combo, &QComboBox::activated, this,
                    [this, key, combo] { applyText(key, combo->currentText()); });
            editor = combo;
        } else {
            auto* line = new QLineEdit(this);
            line->setClearButtonEnabled(false);
            connect(line, &QLineEdit::editingFinished, this,
                    [this, key, line] { applyText(key, line->text()); });
            if (key == QLatin1String("phases")) line->setReadOnly(true);
            routeUndoKeys(line, key);
            editor = line;
        }
        editor->setObjectName(QStringLiteral("field_") + key);
        editor->setToolTip(QStringLiteral("%1 (%2)").arg(info.description, key));
        auto* label = new QLabel(labelOf(key), this);
        label->setToolTip(editor->toolTip());
        label->setBuddy(editor);
        form_->addRow(label, editor);
        generatedRows_ << editor;
        fields_.insert(key, editor);
        // Tab goes down the form: new fields come right after the family, not at the end of
        // the window's tab chain.
        setTabOrder(previous, editor);
        previous = editor;
    }
}

void ParameterPanel::refreshValues() {
    const ProjectSchedule* selected = entry();
    name_->setEnabled(selected != nullptr);
    family_->setEnabled(selected != nullptr);
    if (!selected) {
        for (QWidget* row : generatedRows_) form_->removeRow(row);
        generatedRows_.clear();
        formBuilt_ = false;
        name_->clear();
        title_->setText(tr("Schedule: none selected"));
        return;
    }
    const Schedule& schedule = selected->schedule;
    if (!formBuilt_ || formFamily_ != schedule.family) rebuildForm();
    refreshing_ = true;
    title_->setText(tr("Schedule"));
    if (!name_->hasFocus() && name_->text() != schedule.name) {
        name_->setText(schedule.name);
        name_->setCursorPosition(0);
    }
    const int familyIndex = family_->findData(familyName(schedule.family));
    if (family_->currentIndex() != familyIndex) family_->setCurrentIndex(familyIndex);
    const QMap<QString, QString> texts = scheduleKeyTexts(schedule);
    for (const ScheduleParameterInfo& info : parameterKeys(schedule.family)) {
        QWidget* editor = fields_.value(info.key);
        if (auto* combo = qobject_cast<QComboBox*>(editor)) {
            const int index = std::max(0, combo->findText(texts.value(info.key)));
            if (combo->currentIndex() != index) combo->setCurrentIndex(index);
        } else if (auto* line = qobject_cast<QLineEdit*>(editor)) {
            // Only what changed: a drag refreshes the panel on every mouse move.
            if (line->text() != texts.value(info.key)) {
                line->setText(texts.value(info.key));
                line->setCursorPosition(0);
            }
            // What an unset key amounts to, so the user sees the value in use.
            QString placeholder;
            if (info.key == QLatin1String("floor") && schedule.floorRatio)
                placeholder = tr("%1 (from floor / peak)").arg(roundedText(schedule.floorLr(), 4));
            else if (info.key == QLatin1String("floor_ratio") && !schedule.floorRatio)
                placeholder = tr("(floor LR is given)");
            else if (info.key == QLatin1String("decay") && schedule.decaySteps)
                placeholder = tr("(decay steps are given)");
            else if (info.key == QLatin1String("decay_steps") && !schedule.decaySteps)
                placeholder = tr("%1 (from the fraction)")
                                  .arg(std::llround(schedule.decayFraction *
                                                    static_cast<double>(schedule.steps)));
            else if (info.key == QLatin1String("timescale"))
                placeholder = tr("%1 (default: the warmup)")
                                  .arg(std::max<std::int64_t>(schedule.warmupSteps, 1));
            if (line->placeholderText() != placeholder) line->setPlaceholderText(placeholder);
            if (line->property("invalid").toBool()) {
                line->setProperty("invalid", false);
                line->setStyleSheet(QString());
            }
        }
    }
    refreshing_ = false;
}

void ParameterPanel::applyText(const QString& key, const QString& text) {
    if (refreshing_) return;
    const ProjectSchedule* selected = entry();
    if (!selected) return;
    if (scheduleKeyTexts(selected->schedule).value(key) == text.trimmed()) {
        error_->hide();
        return;
    }
    Result<Schedule> changed = withKeyText(selected->schedule, key, text);
    if (!changed) {
        showError(key, changed.error());
        return;
    }
    error_->hide();
    document_->undoStack()->push(new EditScheduleCommand(
        document_, selected->id, std::move(changed).value(), tr("Set %1").arg(labelOf(key))));
}

void ParameterPanel::applyFamily(int index) {
    const ProjectSchedule* selected = entry();
    if (!selected || refreshing_) return;
    const auto family = familyFromName(family_->itemData(index).toString());
    if (!family || *family == selected->schedule.family) return;
    Schedule changed = withFamily(selected->schedule, *family);
    error_->hide();
    document_->undoStack()->push(
        new EditScheduleCommand(document_, selected->id, std::move(changed),
                                tr("Change family to %1").arg(familyTitle(*family))));
}

void ParameterPanel::applyName() {
    const ProjectSchedule* selected = entry();
    if (!selected || refreshing_) return;
    const QString name = name_->text().trimmed();
    if (name.isEmpty() || name == selected->schedule.name) {
        name_->setText(selected->schedule.name);
        return;
    }
    Schedule renamed = selected->schedule;
    renamed.name = name;
    document_->undoStack()->push(
        new EditScheduleCommand(document_, selected->id, renamed, tr("Rename to %1").arg(name)));
}

void ParameterPanel::routeUndoKeys(QLineEdit* line, const QString& key) {
    line->setProperty("scheduleKey", key);
    line->installEventFilter(this);
}

QString ParameterPanel::appliedText(const QString& key) const {
    const ProjectSchedule* selected = entry();
    if (!selected) return {};
    return key == QLatin1String("name") ? selected->schedule.name
                                        : scheduleKeyTexts(selected->schedule).value(key);
}

bool ParameterPanel::eventFilter(QObject* watched, QEvent* event) {
    auto* line = qobject_cast<QLineEdit*>(watched);
    if (!line || (event->type() != QEvent::ShortcutOverride && event->type() != QEvent::KeyPress))
        return QWidget::eventFilter(watched, event);
    auto* key = static_cast<QKeyEvent*>(event);
    const bool undo = key->matches(QKeySequence::Undo);
    const bool redo = key->matches(QKeySequence::Redo) ||
                      key->keyCombination() == QKeyCombination(Qt::CTRL | Qt::SHIFT, Qt::Key_Z) ||
                      key->keyCombination() == QKeyCombination(Qt::CTRL, Qt::Key_Y);
    if (!undo && !redo) return QWidget::eventFilter(watched, event);
    if (event->type() == QEvent::ShortcutOverride) {
        event->accept();  // the key comes to this field (and here) rather than to a shortcut
        return true;
    }
    const QString applied = appliedText(line->property("scheduleKey").toString());
    if (line->text().trimmed() != applied) {
        // Typing not yet applied: Ctrl+Z drops it, and the field shows the schedule again.
        if (undo) {
            line->setText(applied);
            line->setCursorPosition(0);
            error_->hide();
        }
        return true;
    }
    QUndoStack* stack = document_->undoStack();
    if (undo)
        stack->undo();
    else
        stack->redo();
    line->setText(appliedText(line->property("scheduleKey").toString()));  // focused: not refreshed
    line->setCursorPosition(0);
    return true;
}

void ParameterPanel::showError(const QString& key, const QString& message) {
    error_->setText(message);
    error_->show();
    if (auto* line = qobject_cast<QLineEdit*>(fields_.value(key))) {
        line->setProperty("invalid", true);
        line->setStyleSheet(QStringLiteral("QLineEdit { border: 1px solid #d62728; }"));
    }
    emit statusMessage(message);
}

}  // namespace annealer
