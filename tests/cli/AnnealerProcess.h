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

// `environment`: the process's own, unless given (a test of a machine without a display).
inline Outcome runAnnealer(const QStringList& args, const QString& workingDirectory = QString(),
                           const QProcessEnvironment& environment =
                               QProcessEnvironment::systemEnvironment()) {
    QProcess process;
    process.setProcessEnvironment(environment);
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
