#pragma once

// Runs the built `annealer` executable for the command-line suites.
#include <QByteArray>
#include <QFile>
#include <QProcess>
#include <QString>
#include <QStringList>

struct Outcome {
    int exitCode = -1;  // -1: it crashed or did not finish
    QByteArray out;
    QByteArray err;
};

inline Outcome runAnnealer(const QStringList& args, const QString& workingDirectory = QString()) {
    QProcess process;
    if (!workingDirectory.isEmpty()) process.setWorkingDirectory(workingDirectory);
    process.start(QStringLiteral(ANNEALER_EXECUTABLE), args);
    Outcome outcome;
    if (!process.waitForFinished(300000) || process.exitStatus() != QProcess::NormalExit)
        return outcome;
    outcome.exitCode = process.exitCode();
    outcome.out = process.readAllStandardOutput();
    outcome.err = process.readAllStandardError();
    return outcome;
}

inline QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}
