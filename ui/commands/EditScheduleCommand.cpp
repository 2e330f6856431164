#include "EditScheduleCommand.h"

#include "ProjectDocument.h"
#include "SchedulePresets.h"
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
    // A name the parameters gave follows them (unless this edit renames it); a name the user
    // chose stays.
    if (after_.name == before_.name && before_.name == describedName(before_)) {
        const QString described = describedName(after_);
        if (!described.isEmpty()) after_.name = described;
    }
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
