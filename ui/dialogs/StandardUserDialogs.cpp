#include "StandardUserDialogs.h"

#include <QColorDialog>
#include <QFileDialog>
#include <QInputDialog>
#include <QMessageBox>

namespace annealer {

namespace {
QString projectFilter() {
    return QObject::tr("Annealer projects (*.annealer *.json);;All files (*)");
}
}  // namespace

void StandardUserDialogs::showError(QWidget* parent, const QString& title, const QString& message) {
    // Window-modal and opened without a nested event loop: the caller carries on.
    auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, parent);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setWindowModality(Qt::WindowModal);
    box->open();
}

UserDialogs::SaveChoice StandardUserDialogs::askToSaveChanges(QWidget* parent,
                                                              const QString& documentName) {
    const auto answer = QMessageBox::warning(
        parent, QObject::tr("Unsaved changes"),
        QObject::tr("Save the changes to %1 first?").arg(documentName),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Save) return SaveChoice::Save;
    if (answer == QMessageBox::Discard) return SaveChoice::Discard;
    return SaveChoice::Cancel;
}

QString StandardUserDialogs::projectFileToOpen(QWidget* parent, const QString& directory) {
    return QFileDialog::getOpenFileName(parent, QObject::tr("Open project"), directory,
                                        projectFilter());
}

QString StandardUserDialogs::projectFileToSave(QWidget* parent, const QString& suggestedPath) {
    return QFileDialog::getSaveFileName(parent, QObject::tr("Save project"), suggestedPath,
                                        projectFilter());
}

QStringList StandardUserDialogs::logFilesToImport(QWidget* parent, const QString& directory) {
    return QFileDialog::getOpenFileNames(
        parent, QObject::tr("Import training logs"), directory,
        QObject::tr("Training logs (*.csv *.tsv *.txt *.log *tfevents* *.wandb);;All files (*)"));
}

QString StandardUserDialogs::logFolderToImport(QWidget* parent, const QString& directory) {
    return QFileDialog::getExistingDirectory(
        parent, QObject::tr("Import a folder of logs (TensorBoard run folder, MLflow runs)"),
        directory);
}

std::optional<QColor> StandardUserDialogs::chooseColour(QWidget* parent, const QColor& initial) {
    const QColor colour = QColorDialog::getColor(initial, parent, QObject::tr("Colour"));
    if (!colour.isValid()) return std::nullopt;
    return colour;
}

std::optional<double> StandardUserDialogs::askNumber(QWidget* parent, const QString& title,
                                                     const QString& label, double value,
                                                     double minimum, double maximum) {
    bool ok = false;
    const double number =
        QInputDialog::getDouble(parent, title, label, value, minimum, maximum, 0, &ok);
    if (!ok) return std::nullopt;
    return number;
}

QString StandardUserDialogs::fileToSave(QWidget* parent, const QString& title,
                                        const QString& suggestedPath, const QString& filter) {
    return QFileDialog::getSaveFileName(parent, title, suggestedPath, filter);
}

bool StandardUserDialogs::confirm(QWidget* parent, const QString& title,
                                  const QString& question) {
    return QMessageBox::question(parent, title, question, QMessageBox::Save | QMessageBox::Cancel,
                                 QMessageBox::Cancel) == QMessageBox::Save;
}

}  // namespace annealer
