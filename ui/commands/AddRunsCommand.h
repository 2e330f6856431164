#pragma once

#include "project/Project.h"

#include <QUndoCommand>

#include <vector>

namespace annealer {

class ProjectDocument;

// Adds observed runs (imported or dropped logs) at the end of the project's runs.
class AddRunsCommand : public QUndoCommand {
public:
    AddRunsCommand(ProjectDocument* document, std::vector<ProjectRun> runs, const QString& text);

    void redo() override;
    void undo() override;

private:
    ProjectDocument* document_;
    std::vector<ProjectRun> runs_;
    int index_;
};

}  // namespace annealer
