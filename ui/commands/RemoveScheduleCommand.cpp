#include "RemoveScheduleCommand.h"

#include "ProjectDocument.h"

namespace annealer {

RemoveScheduleCommand::RemoveScheduleCommand(ProjectDocument* document, ItemId id)
    : document_(document) {
    const Project& project = document->project();
    index_ = project.scheduleIndex(id);
    if (index_ >= 0) entry_ = project.schedules[static_cast<std::size_t>(index_)];
    wasBaseline_ = project.baseline == id;
    setText(QObject::tr("Delete %1").arg(entry_.schedule.name));
}

void RemoveScheduleCommand::redo() {
    document_->removeSchedule(entry_.id);
}

void RemoveScheduleCommand::undo() {
    document_->insertSchedule(index_, entry_);
    if (wasBaseline_) document_->applyBaseline(entry_.id);
}

}  // namespace annealer
