#include "AddScheduleCommand.h"

#include "ProjectDocument.h"

namespace annealer {

AddScheduleCommand::AddScheduleCommand(ProjectDocument* document, ProjectSchedule entry, int index,
                                       const QString& text)
    : QUndoCommand(text), document_(document), entry_(std::move(entry)), index_(index) {}

void AddScheduleCommand::redo() {
    document_->insertSchedule(index_, entry_);
}

void AddScheduleCommand::undo() {
    document_->removeSchedule(entry_.id);
}

}  // namespace annealer
