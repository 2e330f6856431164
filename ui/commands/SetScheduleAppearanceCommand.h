#pragma once

#include "project/Project.h"

#include <QUndoCommand>

namespace annealer {

class ProjectDocument;

// Changes how a schedule is shown: its colour or whether its curves are drawn.
class SetScheduleAppearanceCommand : public QUndoCommand {
public:
    SetScheduleAppearanceCommand(ProjectDocument* document, ItemId id, const QString& colour,
                                 bool visible, const QString& text);

    void redo() override;
    void undo() override;

private:
    ProjectDocument* document_;
    ItemId scheduleId_;
    QString colourBefore_, colourAfter_;
    bool visibleBefore_ = true, visibleAfter_ = true;
};

}  // namespace annealer
