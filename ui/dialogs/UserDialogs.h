#pragma once

#include <QColor>
#include <QString>
#include <QStringList>

#include <optional>

class QWidget;

namespace annealer {

// Everything the window asks the user through a dialog. The window calls these and never opens
// a dialog itself, so tests can answer instead of a person (and are never stuck in a modal
// loop). StandardUserDialogs is the real one.
class UserDialogs {
public:
    enum class SaveChoice { Save, Discard, Cancel };

    virtual ~UserDialogs() = default;

    // A problem the user should read (a file that does not load, a failed save). Must not
    // block: the window goes on as it was.
    virtual void showError(QWidget* parent, const QString& title, const QString& message) = 0;
    virtual SaveChoice askToSaveChanges(QWidget* parent, const QString& documentName) = 0;
    virtual QString projectFileToOpen(QWidget* parent, const QString& directory) = 0;
    virtual QString projectFileToSave(QWidget* parent, const QString& suggestedPath) = 0;
    virtual QStringList logFilesToImport(QWidget* parent, const QString& directory) = 0;
    // A folder of logs (a TensorBoard run folder, an MLflow store or run); empty: cancelled.
    // Not pure, so existing implementations need not answer it.
    virtual QString logFolderToImport(QWidget* /*parent*/, const QString& /*directory*/) {
        return {};
    }
    virtual std::optional<QColor> chooseColour(QWidget* parent, const QColor& initial) = 0;
    virtual std::optional<double> askNumber(QWidget* parent, const QString& title,
                                            const QString& label, double value, double minimum,
                                            double maximum) = 0;
    // A file to write an export to (a schedule's config, a chart image, a CSV); empty:
    // cancelled. Not pure, so existing implementations need not answer it.
    virtual QString fileToSave(QWidget* /*parent*/, const QString& /*title*/,
                               const QString& /*suggestedPath*/, const QString& /*filter*/) {
        return {};
    }
    // Asks before doing something the user may not mean (saving an export that is not exact);
    // true: go on. Not pure, so existing implementations need not answer it.
    virtual bool confirm(QWidget* /*parent*/, const QString& /*title*/,
                         const QString& /*question*/) {
        return true;
    }
};

}  // namespace annealer
