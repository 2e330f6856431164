#include "ScheduleListModel.h"

#include "EditScheduleCommand.h"
#include "NumberText.h"
#include "ProjectDocument.h"
#include "SetScheduleAppearanceCommand.h"
#include "SwatchIcons.h"

#include <QColor>

namespace annealer {

ScheduleListModel::ScheduleListModel(ProjectDocument* document, QObject* parent)
    : QAbstractListModel(parent), document_(document) {
    const auto reset = [this] {
        beginResetModel();
        endResetModel();
    };
    // The document has changed already when it tells; a reset is the honest report of that.
    connect(document_, &ProjectDocument::projectReset, this, reset);
    connect(document_, &ProjectDocument::scheduleInserted, this, reset);
    connect(document_, &ProjectDocument::scheduleRemoved, this, reset);
    connect(document_, &ProjectDocument::scheduleChanged, this, &ScheduleListModel::rowChanged);
    connect(document_, &ProjectDocument::scheduleAppearanceChanged, this,
            &ScheduleListModel::rowChanged);
    connect(document_, &ProjectDocument::baselineChanged, this, [this] {
        if (rowCount() > 0) emit dataChanged(index(0), index(rowCount() - 1));
    });
}

int ScheduleListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(document_->project().schedules.size());
}

QVariant ScheduleListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const Project& project = document_->project();
    const ProjectSchedule& entry = project.schedules[static_cast<std::size_t>(index.row())];
    switch (role) {
        case Qt::DisplayRole: {
            const QString name =
                entry.schedule.name.isEmpty() ? tr("(unnamed)") : entry.schedule.name;
            return project.baseline == entry.id ? tr("%1 (baseline)").arg(name) : name;
        }
        case Qt::EditRole:
            return entry.schedule.name;
        case Qt::DecorationRole:
            return lineSwatch(
                QColor(entry.colour.isEmpty() ? QStringLiteral("#1f77b4") : entry.colour));
        case Qt::CheckStateRole:
            return entry.visible ? Qt::Checked : Qt::Unchecked;
        case Qt::ToolTipRole:
            return tr("%1: %2 schedule, %3 steps\nTick to show its curves; double-click to rename")
                .arg(entry.schedule.name, familyName(entry.schedule.family),
                     shortestText(entry.schedule.totalSteps()));
        case IdRole:
            return QVariant::fromValue<qint64>(entry.id);
        default:
            return {};
    }
}

bool ScheduleListModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    const ItemId id = idAt(index);
    const ProjectSchedule* entry = document_->project().findSchedule(id);
    if (!entry) return false;
    if (role == Qt::EditRole) {
        const QString name = value.toString().trimmed();
        if (name.isEmpty() || name == entry->schedule.name) return false;
        Schedule renamed = entry->schedule;
        renamed.name = name;
        document_->undoStack()->push(
            new EditScheduleCommand(document_, id, renamed, tr("Rename to %1").arg(name)));
        return true;
    }
    if (role == Qt::CheckStateRole) {
        const bool visible = value.toInt() == Qt::Checked;
        if (visible == entry->visible) return false;
        document_->undoStack()->push(
            new SetScheduleAppearanceCommand(document_, id, entry->colour, visible,
                                             visible ? tr("Show %1").arg(entry->schedule.name)
                                                     : tr("Hide %1").arg(entry->schedule.name)));
        return true;
    }
    return false;
}

Qt::ItemFlags ScheduleListModel::flags(const QModelIndex& index) const {
    if (!index.isValid()) return Qt::NoItemFlags;
    return Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemIsEditable | Qt::ItemIsUserCheckable;
}

QModelIndex ScheduleListModel::indexOf(ItemId id) const {
    const int row = document_->project().scheduleIndex(id);
    return row < 0 ? QModelIndex() : index(row);
}

ItemId ScheduleListModel::idAt(const QModelIndex& index) const {
    if (!index.isValid() || index.row() >= rowCount()) return 0;
    return document_->project().schedules[static_cast<std::size_t>(index.row())].id;
}

void ScheduleListModel::rowChanged(ItemId id) {
    const QModelIndex changed = indexOf(id);
    if (changed.isValid()) emit dataChanged(changed, changed);
}

}  // namespace annealer
