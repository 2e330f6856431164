#pragma once

#include "project/Project.h"

#include <QUndoCommand>

namespace annealer {

class ProjectDocument;

// Changes the view settings stored with the project (log LR axis, steps or tokens on x).
class SetViewCommand : public QUndoCommand {
public:
    SetViewCommand(ProjectDocument* document, ViewSettings after, const QString& text);

    void redo() override;
    void undo() override;

private:
    ProjectDocument* document_;
    ViewSettings before_;
    ViewSettings after_;
};

}  // namespace annealer
