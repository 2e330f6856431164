#pragma once

// Answers the window's dialogs in tests: records every error instead of showing a box, and
// returns preset answers, so no test ever waits in a modal loop.
#include "UserDialogs.h"

#include <QStringList>

class FakeUserDialogs : public annealer::UserDialogs {
public:
    QStringList errors;
    SaveChoice saveChoice = SaveChoice::Discard;
    QString openPath;
    QString savePath;
    QStringList logPaths;
    std::optional<QColor> colour;
    std::optional<double> number;
    QString exportPath;  // answers fileToSave()

    void showError(QWidget*, const QString& title, const QString& message) override {
        errors << title + QStringLiteral(": ") + message;
    }
    SaveChoice askToSaveChanges(QWidget*, const QString&) override { return saveChoice; }
    QString projectFileToOpen(QWidget*, const QString&) override { return openPath; }
    QString projectFileToSave(QWidget*, const QString&) override { return savePath; }
    QStringList logFilesToImport(QWidget*, const QString&) override { return logPaths; }
    QString folderPath;  // answers logFolderToImport()
    QString logFolderToImport(QWidget*, const QString&) override { return folderPath; }
    std::optional<QColor> chooseColour(QWidget*, const QColor&) override { return colour; }
    std::optional<double> askNumber(QWidget*, const QString&, const QString&, double, double,
                                    double) override {
        return number;
    }
    QString fileToSave(QWidget*, const QString&, const QString&, const QString&) override {
        return exportPath;
    }
    bool confirmAnswer = true;  // answers confirm()
    QStringList confirmations;  // the questions asked
    bool confirm(QWidget*, const QString&, const QString& question) override {
        confirmations << question;
        return confirmAnswer;
    }
};
