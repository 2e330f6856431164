#pragma once

#include "project/Project.h"

#include <QUndoCommand>

#include <optional>

namespace annealer {

class ProjectDocument;

// Chooses the schedule the final-loss table compares the others with.
class SetBaselineCommand : public QUndoCommand {
public:
    SetBaselineCommand(ProjectDocument* document, std::optional<ItemId> after);

    void redo() override;
    void undo() override;

private:
    ProjectDocument* document_;
    std::optional<ItemId> before_;
    std::optional<ItemId> after_;
};

}  // namespace annealer
