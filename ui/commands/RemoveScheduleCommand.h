#pragma once

#include "project/Project.h"

#include <QUndoCommand>

namespace annealer {

class ProjectDocument;

// Deletes a schedule; undo puts it back where it was, as the baseline if it was one.
class RemoveScheduleCommand : public QUndoCommand {
public:
    RemoveScheduleCommand(ProjectDocument* document, ItemId id);

    void redo() override;
    void undo() override;

private:
    ProjectDocument* document_;
    ProjectSchedule entry_;
    int index_ = -1;
    bool wasBaseline_ = false;
};

}  // namespace annealer
