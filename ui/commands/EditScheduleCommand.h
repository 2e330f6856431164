#pragma once

#include "project/Project.h"

#include <QUndoCommand>

namespace annealer {

class ProjectDocument;

// Changes one schedule's parameters or name. The steps of one handle drag share a non-zero
// mergeKey and merge into a single command, so one undo takes the whole drag back.
class EditScheduleCommand : public QUndoCommand {
public:
    EditScheduleCommand(ProjectDocument* document, ItemId id, Schedule after, const QString& text,
                        int mergeKey = 0);

    void redo() override;
    void undo() override;
    int id() const override;
    bool mergeWith(const QUndoCommand* other) override;

    // A fresh key for one drag (or other gesture whose steps should merge).
    static int newMergeKey();

private:
    ProjectDocument* document_;
    ItemId scheduleId_;
    Schedule before_;
    Schedule after_;
    int mergeKey_;
};

}  // namespace annealer
