#pragma once

#include "UserDialogs.h"

namespace annealer {

// The dialogs of a desktop app: QMessageBox, QFileDialog, QColorDialog, QInputDialog.
class StandardUserDialogs : public UserDialogs {
public:
    void showError(QWidget* parent, const QString& title, const QString& message) override;
    SaveChoice askToSaveChanges(QWidget* parent, const QString& documentName) override;
    QString projectFileToOpen(QWidget* parent, const QString& directory) override;
    QString projectFileToSave(QWidget* parent, const QString& suggestedPath) override;
    QStringList logFilesToImport(QWidget* parent, const QString& directory) override;
    QString logFolderToImport(QWidget* parent, const QString& directory) override;
    std::optional<QColor> chooseColour(QWidget* parent, const QColor& initial) override;
    std::optional<double> askNumber(QWidget* parent, const QString& title, const QString& label,
                                    double value, double minimum, double maximum) override;
    QString fileToSave(QWidget* parent, const QString& title, const QString& suggestedPath,
                       const QString& filter) override;
    bool confirm(QWidget* parent, const QString& title, const QString& question) override;
};

}  // namespace annealer
