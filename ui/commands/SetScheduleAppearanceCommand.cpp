#include "SetScheduleAppearanceCommand.h"

#include "ProjectDocument.h"

namespace annealer {

SetScheduleAppearanceCommand::SetScheduleAppearanceCommand(ProjectDocument* document, ItemId id,
                                                           const QString& colour, bool visible,
                                                           const QString& text)
    : QUndoCommand(text),
      document_(document),
      scheduleId_(id),
      colourAfter_(colour),
      visibleAfter_(visible) {
    if (const ProjectSchedule* entry = document->project().findSchedule(id)) {
        colourBefore_ = entry->colour;
        visibleBefore_ = entry->visible;
    }
}

void SetScheduleAppearanceCommand::redo() {
    document_->applyScheduleAppearance(scheduleId_, colourAfter_, visibleAfter_);
}

void SetScheduleAppearanceCommand::undo() {
    document_->applyScheduleAppearance(scheduleId_, colourBefore_, visibleBefore_);
}

}  // namespace annealer
