#include "AddFitCommand.h"

#include "ProjectDocument.h"

namespace annealer {

AddFitCommand::AddFitCommand(ProjectDocument* document, FitResult fit, const QString& text,
                             bool predictWithIt)
    : QUndoCommand(text),
      document_(document),
      fit_(std::move(fit)),
      index_(static_cast<int>(document->project().fits.size())),
      lawBefore_(document->project().law),
      predictWithIt_(predictWithIt) {}

void AddFitCommand::redo() {
    document_->insertFit(index_, fit_);
    if (predictWithIt_) document_->applyLaw(LawSelection{fit_.lawId, fit_.parameters, index_});
}

void AddFitCommand::undo() {
    document_->removeFit(index_);
    if (predictWithIt_) document_->applyLaw(lawBefore_);
}

}  // namespace annealer
