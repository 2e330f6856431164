#include "ScheduleListPanel.h"

#include "AddScheduleCommand.h"
#include "ItemColours.h"
#include "ProjectDocument.h"
#include "RemoveScheduleCommand.h"
#include "ScheduleListModel.h"
#include "SchedulePresets.h"
#include "SetBaselineCommand.h"
#include "SetScheduleAppearanceCommand.h"
#include "UserDialogs.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QToolButton>
#include <QVBoxLayout>

namespace annealer {

namespace {

QToolButton* toolButton(QAction* action, QWidget* parent) {
    auto* button = new QToolButton(parent);
    button->setDefaultAction(action);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    button->setAutoRaise(true);
    return button;
}

QString withShortcut(const QString& text, const QKeySequence& shortcut) {
    return shortcut.isEmpty()
               ? text
               : QStringLiteral("%1 (%2)").arg(text, shortcut.toString(QKeySequence::NativeText));
}

}  // namespace

ScheduleListPanel::ScheduleListPanel(ProjectDocument* document, UserDialogs* dialogs,
                                     QWidget* parent)
    : QWidget(parent),
      document_(document),
      dialogs_(dialogs),
      model_(new ScheduleListModel(document, this)),
      list_(new QListView(this)),
      addMenu_(new QMenu(tr("&Add Schedule"), this)) {
    setObjectName(QStringLiteral("scheduleList"));
    list_->setModel(model_);
    list_->setObjectName(QStringLiteral("scheduleListView"));
    list_->setSelectionMode(QAbstractItemView::SingleSelection);
    list_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    list_->setContextMenuPolicy(Qt::CustomContextMenu);
    list_->setUniformItemSizes(true);
    list_->setMinimumHeight(90);

    addMenu_->setToolTipsVisible(true);
    addAction_ = new QAction(tr("Add Schedule…"), this);
    addAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    duplicateAction_ = new QAction(tr("D&uplicate"), this);
    duplicateAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    renameAction_ = new QAction(tr("&Rename"), this);
    renameAction_->setShortcut(QKeySequence(Qt::Key_F2));
    colourAction_ = new QAction(tr("C&olour…"), this);
    baselineAction_ = new QAction(tr("Use as &Baseline"), this);
    baselineAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_B));
    deleteAction_ = new QAction(tr("&Delete Schedule"), this);
    deleteAction_->setShortcut(QKeySequence::Delete);
    // Delete acts on the list only: in a text field it must delete text.
    deleteAction_->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    duplicateAction_->setIconText(tr("Duplicate"));
    deleteAction_->setIconText(tr("Delete"));
    list_->addAction(deleteAction_);

    const auto describe = [](QAction* action, const QString& tip) {
        action->setToolTip(withShortcut(tip, action->shortcut()));
        action->setStatusTip(tip);
    };
    describe(duplicateAction_, tr("Add a copy of the selected schedule"));
    describe(renameAction_, tr("Rename the selected schedule"));
    describe(colourAction_, tr("Choose the selected schedule's colour"));
    describe(baselineAction_, tr("Compare the other schedules' final loss with the selected one"));
    describe(deleteAction_, tr("Delete the selected schedule"));

    connect(duplicateAction_, &QAction::triggered, this, &ScheduleListPanel::duplicateCurrent);
    connect(renameAction_, &QAction::triggered, this, [this] {
        const QModelIndex index = model_->indexOf(current_);
        if (index.isValid()) list_->edit(index);
    });
    connect(colourAction_, &QAction::triggered, this, &ScheduleListPanel::chooseColour);
    connect(baselineAction_, &QAction::triggered, this, [this] {
        if (current_ != 0 && document_->project().baseline != current_)
            document_->undoStack()->push(new SetBaselineCommand(document_, current_));
    });
    connect(deleteAction_, &QAction::triggered, this, &ScheduleListPanel::deleteCurrent);

    auto* title = new QLabel(tr("Schedules"), this);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    addButton_ = new QToolButton(this);
    addButton_->setText(tr("Add"));
    addButton_->setToolTip(tr("Add a schedule from a preset (%1)")
                               .arg(addAction_->shortcut().toString(QKeySequence::NativeText)));
    addButton_->setMenu(addMenu_);
    addButton_->setPopupMode(QToolButton::InstantPopup);
    addButton_->setAutoRaise(true);
    addButton_->setObjectName(QStringLiteral("addScheduleButton"));
    addAction_->setStatusTip(tr("Add a schedule from a preset"));
    connect(addAction_, &QAction::triggered, addButton_, &QToolButton::showMenu);

    auto* header = new QHBoxLayout;
    header->setContentsMargins(0, 0, 0, 0);
    header->addWidget(title);
    header->addStretch();
    header->addWidget(addButton_);
    header->addWidget(toolButton(duplicateAction_, this));
    header->addWidget(toolButton(deleteAction_, this));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addLayout(header);
    layout->addWidget(list_);

    connect(list_->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& index) {
                const ItemId id = model_->idAt(index);
                if (id == current_) return;
                current_ = id;
                updateActions();
                emit currentScheduleChanged(id);
            });
    connect(model_, &QAbstractItemModel::modelReset, this, [this] {
        // Keep the selection on the same schedule, else the nearest one.
        ItemId keep = document_->project().findSchedule(current_) ? current_ : 0;
        if (keep == 0 && !document_->project().schedules.empty())
            keep = document_->project().schedules.front().id;
        current_ = 0;
        setCurrentSchedule(keep);
        if (keep == 0) {
            updateActions();
            emit currentScheduleChanged(0);
        }
    });
    connect(document_, &ProjectDocument::scheduleInserted, this,
            [this](ItemId id) { setCurrentSchedule(id); });
    connect(list_, &QWidget::customContextMenuRequested, this, [this](const QPoint& at) {
        QMenu menu(this);
        menu.addMenu(addMenu_);
        menu.addSeparator();
        for (QAction* action :
             {duplicateAction_, renameAction_, colourAction_, baselineAction_, deleteAction_})
            menu.addAction(action);
        menu.exec(list_->viewport()->mapToGlobal(at));
    });
    connect(addMenu_, &QMenu::aboutToShow, this, &ScheduleListPanel::rebuildAddMenu);
    rebuildAddMenu();
    updateActions();
}

ItemId ScheduleListPanel::currentSchedule() const {
    return current_;
}

void ScheduleListPanel::setCurrentSchedule(ItemId id) {
    const QModelIndex index = model_->indexOf(id);
    if (index.isValid())
        list_->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
}

void ScheduleListPanel::rebuildAddMenu() {
    addMenu_->clear();
    const ProjectSchedule* selected = document_->project().findSchedule(current_);
    const ScheduleBasics basics =
        selected ? ScheduleBasics::of(selected->schedule) : ScheduleBasics{};
    const std::vector<SchedulePreset> presets = schedulePresets(basics);
    for (std::size_t i = 0; i < presets.size(); ++i) {
        QAction* action = addMenu_->addAction(presets[i].title);
        action->setToolTip(tr("A %1 schedule of %2 steps, peak %3")
                               .arg(familyName(presets[i].schedule.family))
                               .arg(basics.steps)
                               .arg(basics.peak));
        connect(action, &QAction::triggered, this, [this, i] { addPreset(static_cast<int>(i)); });
    }
}

void ScheduleListPanel::addPreset(int index) {
    const ProjectSchedule* selected = document_->project().findSchedule(current_);
    const ScheduleBasics basics =
        selected ? ScheduleBasics::of(selected->schedule) : ScheduleBasics{};
    const std::vector<SchedulePreset> presets = schedulePresets(basics);
    if (index < 0 || index >= static_cast<int>(presets.size())) return;
    const SchedulePreset& preset = presets[static_cast<std::size_t>(index)];
    addSchedule(preset.schedule, tr("Add %1").arg(preset.title));
}

void ScheduleListPanel::duplicateCurrent() {
    const ProjectSchedule* selected = document_->project().findSchedule(current_);
    if (!selected) return;
    Schedule copy = selected->schedule;
    QStringList taken;
    for (const ProjectSchedule& entry : document_->project().schedules)
        taken << entry.schedule.name;
    copy.name = copyName(copy.name, taken);
    addSchedule(copy, tr("Duplicate %1").arg(selected->schedule.name));
}

void ScheduleListPanel::addSchedule(Schedule schedule, const QString& commandText) {
    QStringList used;
    for (const ProjectSchedule& entry : document_->project().schedules) used << entry.colour;
    ProjectSchedule entry;
    entry.id = document_->takeId();
    entry.schedule = std::move(schedule);
    entry.colour = nextScheduleColour(used);
    entry.visible = true;
    const int selectedRow = document_->project().scheduleIndex(current_);
    const int row =
        selectedRow < 0 ? static_cast<int>(document_->project().schedules.size()) : selectedRow + 1;
    document_->undoStack()->push(new AddScheduleCommand(document_, entry, row, commandText));
}

void ScheduleListPanel::deleteCurrent() {
    if (!document_->project().findSchedule(current_)) return;
    // Select the neighbour first, so the selection does not jump to the top.
    const int row = document_->project().scheduleIndex(current_);
    const auto& schedules = document_->project().schedules;
    const ItemId removed = current_;
    ItemId next = 0;
    if (row + 1 < static_cast<int>(schedules.size()))
        next = schedules[static_cast<std::size_t>(row + 1)].id;
    else if (row > 0)
        next = schedules[static_cast<std::size_t>(row - 1)].id;
    current_ = next;
    document_->undoStack()->push(new RemoveScheduleCommand(document_, removed));
}

void ScheduleListPanel::chooseColour() {
    const ProjectSchedule* selected = document_->project().findSchedule(current_);
    if (!selected) return;
    const auto colour = dialogs_->chooseColour(window(), QColor(selected->colour));
    if (!colour) return;
    const ProjectSchedule* entry = document_->project().findSchedule(current_);
    if (!entry) return;
    document_->undoStack()->push(
        new SetScheduleAppearanceCommand(document_, entry->id, colour->name(), entry->visible,
                                         tr("Colour of %1").arg(entry->schedule.name)));
}

void ScheduleListPanel::updateActions() {
    const bool any = document_->project().findSchedule(current_) != nullptr;
    for (QAction* action :
         {duplicateAction_, renameAction_, colourAction_, baselineAction_, deleteAction_})
        action->setEnabled(any);
}

}  // namespace annealer
