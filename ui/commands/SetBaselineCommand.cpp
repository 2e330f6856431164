#include "SetBaselineCommand.h"

#include "ProjectDocument.h"

namespace annealer {

SetBaselineCommand::SetBaselineCommand(ProjectDocument* document, std::optional<ItemId> after)
    : QUndoCommand(QObject::tr("Change baseline")),
      document_(document),
      before_(document->project().baseline),
      after_(after) {}

void SetBaselineCommand::redo() {
    document_->applyBaseline(after_);
}

void SetBaselineCommand::undo() {
    document_->applyBaseline(before_);
}

}  // namespace annealer
