#include "SetViewCommand.h"

#include "ProjectDocument.h"

namespace annealer {

SetViewCommand::SetViewCommand(ProjectDocument* document, ViewSettings after, const QString& text)
    : QUndoCommand(text), document_(document), before_(document->project().view), after_(after) {}

void SetViewCommand::redo() {
    document_->applyView(after_);
}

void SetViewCommand::undo() {
    document_->applyView(before_);
}

}  // namespace annealer
