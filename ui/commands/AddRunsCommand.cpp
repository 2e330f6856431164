#include "AddRunsCommand.h"

#include "ProjectDocument.h"

namespace annealer {

AddRunsCommand::AddRunsCommand(ProjectDocument* document, std::vector<ProjectRun> runs,
                               const QString& text, std::vector<RunRename> renames)
    : QUndoCommand(text),
      document_(document),
      runs_(std::move(runs)),
      renames_(std::move(renames)),
      index_(static_cast<int>(document->project().runs.size())) {}

void AddRunsCommand::redo() {
    for (const RunRename& rename : renames_) document_->applyRunName(rename.id, rename.after);
    document_->insertRuns(index_, runs_);
}

void AddRunsCommand::undo() {
    std::vector<ItemId> ids;
    for (const ProjectRun& run : runs_) ids.push_back(run.id);
    document_->removeRuns(ids);
    for (const RunRename& rename : renames_) document_->applyRunName(rename.id, rename.before);
}

}  // namespace annealer
