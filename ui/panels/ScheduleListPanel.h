#pragma once

#include "project/Project.h"

#include <QWidget>

class QAction;
class QListView;
class QMenu;
class QToolButton;

namespace annealer {

class ProjectDocument;
class ScheduleListModel;
class UserDialogs;

// The list of schedules with what can be done to them: add from a preset, duplicate, rename,
// colour, show or hide, use as baseline, delete. The actions are the window's too (menus,
// shortcuts).
class ScheduleListPanel : public QWidget {
    Q_OBJECT
public:
    ScheduleListPanel(ProjectDocument* document, UserDialogs* dialogs, QWidget* parent = nullptr);

    ItemId currentSchedule() const;  // 0 for none
    void setCurrentSchedule(ItemId id);

    QMenu* addMenu() const { return addMenu_; }
    QAction* addScheduleAction() const { return addAction_; }  // pops the preset menu up
    QAction* duplicateAction() const { return duplicateAction_; }
    QAction* renameAction() const { return renameAction_; }
    QAction* colourAction() const { return colourAction_; }
    QAction* baselineAction() const { return baselineAction_; }
    QAction* deleteAction() const { return deleteAction_; }
    QListView* listView() const { return list_; }

    // Adds a copy of the preset at `index` of schedulePresets() (what the add menu does).
    void addPreset(int index);
    void duplicateCurrent();
    void deleteCurrent();

signals:
    void currentScheduleChanged(annealer::ItemId id);

private:
    void rebuildAddMenu();
    void updateActions();
    void chooseColour();
    void addSchedule(Schedule schedule, const QString& commandText);

    ProjectDocument* document_;
    UserDialogs* dialogs_;
    ScheduleListModel* model_;
    QListView* list_;
    QMenu* addMenu_;
    QToolButton* addButton_;
    QAction* addAction_;
    QAction* duplicateAction_;
    QAction* renameAction_;
    QAction* colourAction_;
    QAction* baselineAction_;
    QAction* deleteAction_;
    ItemId current_ = 0;
};

}  // namespace annealer
