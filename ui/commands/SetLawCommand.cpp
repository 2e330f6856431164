#include "SetLawCommand.h"

#include "ProjectDocument.h"

namespace annealer {

SetLawCommand::SetLawCommand(ProjectDocument* document, LawSelection after, const QString& text)
    : QUndoCommand(text),
      document_(document),
      before_(document->project().law),
      after_(std::move(after)) {}

void SetLawCommand::redo() {
    document_->applyLaw(after_);
}

void SetLawCommand::undo() {
    document_->applyLaw(before_);
}

}  // namespace annealer
