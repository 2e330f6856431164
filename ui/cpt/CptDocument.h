#pragma once

#include "Result.h"
#include "optimize/CptPlanner.h"
#include "project/CptProject.h"

#include <QObject>
#include <QUndoStack>

namespace annealer {

// The open CPT project: the model the CPT designer's views observe. Every edit replaces the
// project through one undoable command (successive edits with the same merge key, such as the
// moves of one drag, merge into one); views listen to changed().
class CptDocument : public QObject {
    Q_OBJECT
public:
    explicit CptDocument(QObject* parent = nullptr);

    const CptProject& project() const { return project_; }
    // The two fits as laws, or why there are none.
    const Result<CptLaws>& laws() const { return laws_; }
    QUndoStack* undoStack() { return &undo_; }
    QString filePath() const { return filePath_; }

    // Opens a project (not undoable: the history starts again).
    void open(CptProject project, const QString& filePath);
    // An edit: `text` names it in the Edit menu; mergeKey != 0 merges it into the previous edit
    // with the same key.
    void edit(const CptProject& project, const QString& text, int mergeKey = 0);
    void setFilePath(const QString& path) { filePath_ = path; }

    int currentSchedule() const { return current_; }
    void setCurrentSchedule(int index);

    // Applies a project state; for the undo commands.
    void apply(const CptProject& project);

signals:
    void changed();
    void currentScheduleChanged(int index);

private:
    CptProject project_;
    Result<CptLaws> laws_;
    QUndoStack undo_;
    QString filePath_;
    int current_ = 0;
};

}  // namespace annealer
