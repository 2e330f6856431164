#pragma once

#include "project/Project.h"

#include <QUndoCommand>

namespace annealer {

class ProjectDocument;

// Changes how an observed run is shown: its colour or whether its points are drawn.
class SetRunAppearanceCommand : public QUndoCommand {
public:
    SetRunAppearanceCommand(ProjectDocument* document, ItemId id, const QString& colour,
                            bool visible, const QString& text);

    void redo() override;
    void undo() override;

private:
    ProjectDocument* document_;
    ItemId runId_;
    QString colourBefore_, colourAfter_;
    bool visibleBefore_ = true, visibleAfter_ = true;
};

}  // namespace annealer
