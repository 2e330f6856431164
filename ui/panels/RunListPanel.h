#pragma once

#include "project/Project.h"

#include <QWidget>

class QAction;
class QListWidget;
class QListWidgetItem;

namespace annealer {

class ProjectDocument;

// The observed runs of the project: show or hide each one's points on the loss chart, delete,
// and import more from logs.
class RunListPanel : public QWidget {
    Q_OBJECT
public:
    explicit RunListPanel(ProjectDocument* document, QWidget* parent = nullptr);

    QAction* importAction() const { return importAction_; }
    QAction* deleteAction() const { return deleteAction_; }
    QListWidget* listWidget() const { return list_; }

signals:
    void importRequested();

private:
    void rebuild();
    void itemChanged(QListWidgetItem* item);

    ProjectDocument* document_;
    QListWidget* list_;
    QAction* importAction_;
    QAction* deleteAction_;
    bool rebuilding_ = false;
};

}  // namespace annealer
