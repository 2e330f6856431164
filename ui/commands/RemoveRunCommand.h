#pragma once

#include "project/Project.h"

#include <QUndoCommand>

namespace annealer {

class ProjectDocument;

// Deletes one observed run; undo puts it back in its place.
class RemoveRunCommand : public QUndoCommand {
public:
    RemoveRunCommand(ProjectDocument* document, ItemId id);

    void redo() override;
    void undo() override;

private:
    ProjectDocument* document_;
    ProjectRun run_;
    int index_ = -1;
};

}  // namespace annealer
