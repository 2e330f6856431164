#pragma once

#include "project/CptProject.h"

#include <QUndoCommand>

namespace annealer {

class CptDocument;

// One edit of a CPT project: the whole project before and after (a CPT project is small: a
// schedule, a few phases and two fits). Edits with the same non-zero merge key merge.
class CptEditCommand : public QUndoCommand {
public:
    CptEditCommand(CptDocument* document, CptProject before, CptProject after, const QString& text,
                   int mergeKey);
    void undo() override;
    void redo() override;
    int id() const override { return mergeKey_ != 0 ? mergeKey_ : -1; }
    bool mergeWith(const QUndoCommand* other) override;

private:
    CptDocument* document_;
    CptProject before_;
    CptProject after_;
    int mergeKey_;
};

}  // namespace annealer
