#pragma once

#include "project/Project.h"

#include <QUndoCommand>

namespace annealer {

class ProjectDocument;

// Deletes a stored fit. If the law predicted with it, its parameters stay in use as if typed in
// (without the fit's uncertainty); undo puts the fit back and predicts with it again.
class RemoveFitCommand : public QUndoCommand {
public:
    RemoveFitCommand(ProjectDocument* document, int index, const QString& text);

    void redo() override;
    void undo() override;

private:
    ProjectDocument* document_;
    int index_;
    FitResult fit_;
    LawSelection lawBefore_;
};

}  // namespace annealer
