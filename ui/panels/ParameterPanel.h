#pragma once

#include "project/Project.h"

#include <QMap>
#include <QWidget>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;

namespace annealer {

class ProjectDocument;

// The selected schedule's family and every parameter of it as a field, generated from
// parameterKeys(family). A field the user changes becomes an undoable edit (parsed and checked
// by the same code as the command line, errors shown under the form); a change from anywhere
// else (a dragged handle, undo) shows in the fields at once.
class ParameterPanel : public QWidget {
    Q_OBJECT
public:
    explicit ParameterPanel(ProjectDocument* document, QWidget* parent = nullptr);

    void setSchedule(ItemId id);  // 0: none
    ItemId schedule() const { return scheduleId_; }

    // The editor of a key ("warmup", "peak", ...; "name" and "family" too), or nullptr.
    QWidget* field(const QString& key) const { return fields_.value(key); }
    QString errorText() const;

signals:
    void statusMessage(const QString& text);

protected:
    // Undo and redo keys in a field go to the project's one undo stack, so that Ctrl+Z after an
    // edit takes the value back in the chart too; typing not yet applied is dropped first.
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void routeUndoKeys(QLineEdit* line, const QString& key);
    QString appliedText(const QString& key) const;  // the field's text as the schedule has it
    void rebuildForm();
    void refreshValues();
    void applyText(const QString& key, const QString& text);
    void applyFamily(int index);
    void applyName();
    void showError(const QString& key, const QString& message);
    const ProjectSchedule* entry() const;

    ProjectDocument* document_;
    ItemId scheduleId_ = 0;
    ScheduleFamily formFamily_ = ScheduleFamily::Chain;
    bool formBuilt_ = false;
    QFormLayout* form_;
    QLabel* title_;
    QLabel* error_;
    QLineEdit* name_;
    QComboBox* family_;
    QMap<QString, QWidget*> fields_;
    QList<QWidget*> generatedRows_;
    bool refreshing_ = false;
};

}  // namespace annealer
