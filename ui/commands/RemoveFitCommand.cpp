#include "RemoveFitCommand.h"

#include "ProjectDocument.h"

namespace annealer {

RemoveFitCommand::RemoveFitCommand(ProjectDocument* document, int index, const QString& text)
    : QUndoCommand(text),
      document_(document),
      index_(index),
      fit_(document->project().fits.at(static_cast<std::size_t>(index))),
      lawBefore_(document->project().law) {}

void RemoveFitCommand::redo() {
    document_->removeFit(index_);
}

void RemoveFitCommand::undo() {
    document_->insertFit(index_, fit_);
    document_->applyLaw(lawBefore_);
}

}  // namespace annealer
