#include "CptEditCommand.h"

#include "CptDocument.h"

namespace annealer {

CptEditCommand::CptEditCommand(CptDocument* document, CptProject before, CptProject after,
                               const QString& text, int mergeKey)
    : document_(document),
      before_(std::move(before)),
      after_(std::move(after)),
      mergeKey_(mergeKey) {
    setText(text);
}

void CptEditCommand::undo() {
    document_->apply(before_);
}
void CptEditCommand::redo() {
    document_->apply(after_);
}

bool CptEditCommand::mergeWith(const QUndoCommand* other) {
    const auto* edit = static_cast<const CptEditCommand*>(other);
    if (mergeKey_ == 0 || edit->mergeKey_ != mergeKey_) return false;
    after_ = edit->after_;
    return true;
}

}  // namespace annealer
