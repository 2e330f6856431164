#pragma once

#include "project/Project.h"

#include <QUndoCommand>

namespace annealer {

class ProjectDocument;

// Adds a fit to the project and, unless told not to (a doubtful fit the user has not chosen),
// predicts with it from then on.
class AddFitCommand : public QUndoCommand {
public:
    AddFitCommand(ProjectDocument* document, FitResult fit, const QString& text,
                  bool predictWithIt = true);

    void redo() override;
    void undo() override;

private:
    ProjectDocument* document_;
    FitResult fit_;
    int index_;
    LawSelection lawBefore_;
    bool predictWithIt_;
};

}  // namespace annealer
