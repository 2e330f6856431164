#include "EditScheduleCommand.h"

#include "ProjectDocument.h"
#include "schedule/ScheduleJson.h"

namespace annealer {

namespace {
constexpr int kEditScheduleCommandId = 1001;
}

EditScheduleCommand::EditScheduleCommand(ProjectDocument* document, ItemId id, Schedule after,
                                         const QString& text, int mergeKey)
    : QUndoCommand(text),
      document_(document),
      scheduleId_(id),
      after_(std::move(after)),
      mergeKey_(mergeKey) {
    if (const ProjectSchedule* entry = document->project().findSchedule(id))
        before_ = entry->schedule;
}

void EditScheduleCommand::redo() {
    document_->applySchedule(scheduleId_, after_);
}

void EditScheduleCommand::undo() {
    document_->applySchedule(scheduleId_, before_);
}

int EditScheduleCommand::id() const {
    return mergeKey_ != 0 ? kEditScheduleCommandId : -1;
}

bool EditScheduleCommand::mergeWith(const QUndoCommand* other) {
    const auto* edit = static_cast<const EditScheduleCommand*>(other);
    if (edit->mergeKey_ != mergeKey_ || edit->scheduleId_ != scheduleId_) return false;
    after_ = edit->after_;
    // A drag that ends where it began leaves nothing to undo.
    setObsolete(scheduleToJson(after_) == scheduleToJson(before_));
    return true;
}

int EditScheduleCommand::newMergeKey() {
    static int lastKey = 0;
    return ++lastKey;
}

}  // namespace annealer
