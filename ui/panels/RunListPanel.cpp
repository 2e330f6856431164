#include "RunListPanel.h"

#include "NumberText.h"
#include "ProjectDocument.h"
#include "RemoveRunCommand.h"
#include "SetRunAppearanceCommand.h"
#include "SwatchIcons.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace annealer {

namespace {

constexpr int kIdRole = Qt::UserRole + 1;

}  // namespace

RunListPanel::RunListPanel(ProjectDocument* document, QWidget* parent)
    : QWidget(parent), document_(document), list_(new QListWidget(this)) {
    setObjectName(QStringLiteral("runList"));
    list_->setObjectName(QStringLiteral("runListWidget"));
    list_->setMinimumHeight(80);
    importAction_ = new QAction(tr("&Import Logs…"), this);
    importAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    importAction_->setToolTip(
        tr("Add training runs from log files (%1); or drop files on the window")
            .arg(importAction_->shortcut().toString(QKeySequence::NativeText)));
    deleteAction_ = new QAction(tr("Delete Run"), this);
    deleteAction_->setToolTip(tr("Delete the selected run from the project"));
    deleteAction_->setShortcut(QKeySequence::Delete);
    deleteAction_->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    list_->addAction(deleteAction_);

    auto* title = new QLabel(tr("Observed runs"), this);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    auto* importButton = new QToolButton(this);
    importButton->setDefaultAction(importAction_);
    importButton->setAutoRaise(true);
    auto* deleteButton = new QToolButton(this);
    deleteButton->setDefaultAction(deleteAction_);
    deleteAction_->setIconText(tr("Delete"));
    deleteButton->setAutoRaise(true);
    auto* header = new QHBoxLayout;
    header->setContentsMargins(0, 0, 0, 0);
    header->addWidget(title);
    header->addStretch();
    header->addWidget(importButton);
    header->addWidget(deleteButton);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addLayout(header);
    layout->addWidget(list_);

    connect(importAction_, &QAction::triggered, this, &RunListPanel::importRequested);
    connect(deleteAction_, &QAction::triggered, this, [this] {
        if (QListWidgetItem* item = list_->currentItem())
            document_->undoStack()->push(
                new RemoveRunCommand(document_, item->data(kIdRole).toLongLong()));
    });
    connect(list_, &QListWidget::itemChanged, this, &RunListPanel::itemChanged);
    connect(list_, &QListWidget::currentItemChanged, this,
            [this](QListWidgetItem* item) { deleteAction_->setEnabled(item != nullptr); });
    connect(document_, &ProjectDocument::projectReset, this, &RunListPanel::rebuild);
    connect(document_, &ProjectDocument::runsChanged, this, &RunListPanel::rebuild);
    rebuild();
}

void RunListPanel::rebuild() {
    rebuilding_ = true;
    const ItemId selected =
        list_->currentItem() ? list_->currentItem()->data(kIdRole).toLongLong() : 0;
    list_->clear();
    for (const ProjectRun& entry : document_->project().runs) {
        const Run& run = entry.run;
        auto* item = new QListWidgetItem(run.name, list_);
        item->setData(kIdRole, QVariant::fromValue<qint64>(entry.id));
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        item->setCheckState(entry.visible ? Qt::Checked : Qt::Unchecked);
        item->setIcon(
            dotSwatch(QColor(entry.colour.isEmpty() ? QStringLiteral("#7f7f7f") : entry.colour)));
        const QString last = run.lossSteps.empty() ? QString() : shortestText(run.lossSteps.back());
        item->setToolTip(tr("%1\nfrom %2\n%3 loss points (%4) up to step %5\nLR: %6")
                             .arg(run.name, run.source)
                             .arg(run.loss.size())
                             .arg(run.lossMetric, last, run.lrRebuild));
        if (entry.id == selected) list_->setCurrentItem(item);
    }
    deleteAction_->setEnabled(list_->currentItem() != nullptr);
    rebuilding_ = false;
}

void RunListPanel::itemChanged(QListWidgetItem* item) {
    if (rebuilding_) return;
    const ItemId id = item->data(kIdRole).toLongLong();
    const ProjectRun* entry = document_->project().findRun(id);
    if (!entry) return;
    const bool visible = item->checkState() == Qt::Checked;
    if (visible == entry->visible) return;
    // The command rebuilds this list: not while the list is still delivering this signal.
    QMetaObject::invokeMethod(
        this,
        [this, id, visible] {
            const ProjectRun* run = document_->project().findRun(id);
            if (!run || run->visible == visible) return;
            document_->undoStack()->push(
                new SetRunAppearanceCommand(document_, id, run->colour, visible,
                                            visible ? tr("Show run %1").arg(run->run.name)
                                                    : tr("Hide run %1").arg(run->run.name)));
        },
        Qt::QueuedConnection);
}

}  // namespace annealer
