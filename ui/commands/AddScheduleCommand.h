#pragma once

#include "project/Project.h"

#include <QUndoCommand>

namespace annealer {

class ProjectDocument;

// Adds a schedule (a new one from a preset, a duplicate, a dropped schedule file) at an index.
class AddScheduleCommand : public QUndoCommand {
public:
    AddScheduleCommand(ProjectDocument* document, ProjectSchedule entry, int index,
                       const QString& text);

    void redo() override;
    void undo() override;

private:
    ProjectDocument* document_;
    ProjectSchedule entry_;
    int index_;
};

}  // namespace annealer
