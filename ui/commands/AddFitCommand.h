#pragma once

#include "project/Project.h"

#include <QUndoCommand>

namespace annealer {

class ProjectDocument;

// Adds a fit to the project and predicts with it from then on.
class AddFitCommand : public QUndoCommand {
public:
    AddFitCommand(ProjectDocument* document, FitResult fit, const QString& text);

    void redo() override;
    void undo() override;

private:
    ProjectDocument* document_;
    FitResult fit_;
    int index_;
    LawSelection lawBefore_;
};

}  // namespace annealer
