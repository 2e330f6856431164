#pragma once

#include <QMap>
#include <QWidget>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;

namespace annealer {

class ProjectDocument;

// The law that predicts the curves and its parameters: taken from one of the project's fits,
// or typed in (editing a fitted value turns the set into typed-in values). Each change is an
// undoable edit.
class LawPanel : public QWidget {
    Q_OBJECT
public:
    explicit LawPanel(ProjectDocument* document, QWidget* parent = nullptr);

    QLineEdit* parameterField(const QString& name) const { return fields_.value(name); }
    QComboBox* sourceBox() const { return source_; }
    QComboBox* lawBox() const { return law_; }

signals:
    void statusMessage(const QString& text);

private:
    void refresh();
    void rebuildFields(const QString& lawId);
    void applySource(int index);
    void applyLaw(int index);
    void applyParameter(const QString& name, const QString& text);

    ProjectDocument* document_;
    QComboBox* source_;
    QComboBox* law_;
    QFormLayout* form_;
    QLabel* formula_;
    QLabel* error_;
    QString fieldsLaw_;
    QMap<QString, QLineEdit*> fields_;
    QList<QWidget*> rows_;
    QMap<QString, QString> shown_;  // field -> the text refresh() put there
    bool refreshing_ = false;
};

}  // namespace annealer
