#pragma once

#include "project/Project.h"

#include <QUndoCommand>

namespace annealer {

class ProjectDocument;

// Changes the law that predicts the curves or its parameters.
class SetLawCommand : public QUndoCommand {
public:
    SetLawCommand(ProjectDocument* document, LawSelection after, const QString& text);

    void redo() override;
    void undo() override;

private:
    ProjectDocument* document_;
    LawSelection before_;
    LawSelection after_;
};

}  // namespace annealer
