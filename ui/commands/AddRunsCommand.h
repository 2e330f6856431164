#pragma once

#include "project/Project.h"

#include <QUndoCommand>

#include <vector>

namespace annealer {

class ProjectDocument;

// A run already in the project given another name as runs join it (RunNames.h: a newcomer of
// its name makes both take telling names).
struct RunRename {
    ItemId id = 0;
    QString before;
    QString after;
};

// Adds observed runs (imported or dropped logs) at the end of the project's runs, renaming the
// runs `renames` lists first; undo removes them and gives the old names back.
class AddRunsCommand : public QUndoCommand {
public:
    AddRunsCommand(ProjectDocument* document, std::vector<ProjectRun> runs, const QString& text,
                   std::vector<RunRename> renames = {});

    void redo() override;
    void undo() override;

private:
    ProjectDocument* document_;
    std::vector<ProjectRun> runs_;
    std::vector<RunRename> renames_;
    int index_;
};

}  // namespace annealer
