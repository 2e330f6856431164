#pragma once

#include "Result.h"
#include "schedule/Schedule.h"

#include <QFutureWatcher>
#include <QObject>

class QMenu;
class QWidget;

namespace annealer {

class CptDocument;

// The File menu's edits of a CPT project's inputs, each one undoable edit: the pre-training
// schedule from a schedule file or from a log's LR (read on a worker thread), its checkpoint
// at the end; and a CPT fit file, which takes the place of the project's fit of its domain
// (law cpt-pt: loss on the old data; cpt-cpt: on the new data).
class CptProjectActions : public QObject {
    Q_OBJECT
public:
    CptProjectActions(CptDocument* document, QWidget* window);

    void addTo(QMenu* menu);

    // What the menu entries do once a file is chosen.
    Status setPretrainingFromScheduleFile(const QString& path);
    void setPretrainingFromLog(const QString& path,
                               const QString& lossMetric);  // finished() when done
    Status loadFit(const QString& path);

signals:
    void finished(const QString& error);      // of setPretrainingFromLog: empty on success
    void errorShown(const QString& message);  // for the window to show

private:
    void setPretraining(const Schedule& pretraining, const QString& text);
    void report(const QString& message);

    CptDocument* document_;
    QWidget* window_;
    QFutureWatcher<Result<Schedule>> logReader_;
};

}  // namespace annealer
