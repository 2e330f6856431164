#include "RemoveRunCommand.h"

#include "ProjectDocument.h"

namespace annealer {

RemoveRunCommand::RemoveRunCommand(ProjectDocument* document, ItemId id) : document_(document) {
    index_ = document->project().runIndex(id);
    if (index_ >= 0) run_ = document->project().runs[static_cast<std::size_t>(index_)];
    setText(QObject::tr("Delete run %1").arg(run_.run.name));
}

void RemoveRunCommand::redo() {
    document_->removeRuns({run_.id});
}

void RemoveRunCommand::undo() {
    document_->insertRuns(index_, {run_});
}

}  // namespace annealer
