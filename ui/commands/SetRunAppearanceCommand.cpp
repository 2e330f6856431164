#include "SetRunAppearanceCommand.h"

#include "ProjectDocument.h"

namespace annealer {

SetRunAppearanceCommand::SetRunAppearanceCommand(ProjectDocument* document, ItemId id,
                                                 const QString& colour, bool visible,
                                                 const QString& text)
    : QUndoCommand(text),
      document_(document),
      runId_(id),
      colourAfter_(colour),
      visibleAfter_(visible) {
    if (const ProjectRun* run = document->project().findRun(id)) {
        colourBefore_ = run->colour;
        visibleBefore_ = run->visible;
    }
}

void SetRunAppearanceCommand::redo() {
    document_->applyRunAppearance(runId_, colourAfter_, visibleAfter_);
}

void SetRunAppearanceCommand::undo() {
    document_->applyRunAppearance(runId_, colourBefore_, visibleBefore_);
}

}  // namespace annealer
