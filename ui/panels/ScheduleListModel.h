#pragma once

#include "project/Project.h"

#include <QAbstractListModel>

namespace annealer {

class ProjectDocument;

// The project's schedules as a list: name (editable: a rename), colour swatch, and a check box
// for whether its curves are shown. Edits become undo commands.
class ScheduleListModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role { IdRole = Qt::UserRole + 1 };

    explicit ScheduleListModel(ProjectDocument* document, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

    QModelIndex indexOf(ItemId id) const;
    ItemId idAt(const QModelIndex& index) const;  // 0 for none

private:
    void rowChanged(ItemId id);

    ProjectDocument* document_;
};

}  // namespace annealer
