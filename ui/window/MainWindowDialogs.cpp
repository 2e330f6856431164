// The window's optimise and export commands. They live apart from MainWindow.cpp because they
// only open dialogs and write files, and share nothing with the window's layout and wiring.
#include "MainWindow.h"

#include "ExportDialog.h"
#include "OptimizeDialog.h"
#include "PredictedCurvesCsv.h"
#include "ProjectDocument.h"
#include "ScheduleListPanel.h"
#include "UserDialogs.h"

#include <QAction>
#include <QBuffer>
#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QPainter>
#include <QSvgGenerator>
#include <QMenu>
#include <QPixmap>
#include <QSaveFile>
#include <QSplitter>
#include <QStatusBar>
#include <QtConcurrent/QtConcurrentRun>

namespace annealer {

namespace {

// Empty on success, else why the file could not be written. QSaveFile replaces the file only
// once everything is written, so a failed export never leaves half a file.
QString writeWhole(const QString& path, const QByteArray& data) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) return file.errorString();
    if (file.write(data) != data.size() || !file.commit()) return file.errorString();
    return {};
}

QString exportDirectory(const QString& projectPath) {
    return projectPath.isEmpty() ? QDir::homePath() : QFileInfo(projectPath).absolutePath();
}

}  // namespace

void MainWindow::addDialogActions(QMenu* file, QMenu* schedule) {
    auto* optimize = new QAction(tr("Find &Best Schedule…"), this);
    optimize->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    optimize->setStatusTip(
        tr("Find the schedule with the lowest predicted final loss under the "
           "selected schedule's steps, peak and warmup"));
    // Ctrl+E is Draw Mode's; an ambiguous shortcut would fire neither.
    auto* exportSchedule = new QAction(tr("&Export Schedule…"), this);
    exportScheduleAction_ = exportSchedule;
    exportSchedule->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    exportSchedule->setStatusTip(
        tr("Write the selected schedule as a training framework's config file"));
    auto* exportChart = new QAction(tr("Export &Chart as Image…"), this);
    exportChart->setStatusTip(tr("Save the LR and loss charts as a PNG image or an SVG drawing"));
    auto* exportCurves = new QAction(tr("Export &Predicted Curves as CSV…"), this);
    exportCurves->setStatusTip(tr("Save every visible schedule's predicted loss as CSV"));

    connect(optimize, &QAction::triggered, this, [this] { showOptimizeDialog(); });
    connect(exportSchedule, &QAction::triggered, this, [this] { showExportDialog(); });
    connect(exportChart, &QAction::triggered, this, [this] {
        const QString path = dialogs_->fileToSave(
            this, tr("Export chart"),
            QDir(exportDirectory(document_->filePath())).filePath(QStringLiteral("chart.png")),
            tr("PNG images (*.png);;SVG drawings (*.svg)"));
        if (!path.isEmpty()) exportChartImage(path);
    });
    connect(exportCurves, &QAction::triggered, this, [this] {
        const QString path =
            dialogs_->fileToSave(this, tr("Export predicted curves"),
                                 QDir(exportDirectory(document_->filePath()))
                                     .filePath(QStringLiteral("predicted_curves.csv")),
                                 tr("CSV files (*.csv)"));
        if (!path.isEmpty()) exportCurvesCsv(path);
    });

    file->insertAction(quitAction_, exportSchedule);
    file->insertAction(quitAction_, exportChart);
    file->insertAction(quitAction_, exportCurves);
    file->insertSeparator(quitAction_);
    schedule->insertAction(drawAction_, optimize);
    schedule->insertSeparator(drawAction_);
    for (QAction* action : {optimize, exportSchedule}) addAction(action);
}

OptimizeDialog* MainWindow::showOptimizeDialog() {
    auto* dialog = new OptimizeDialog(document_, scheduleList_->currentSchedule(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &OptimizeDialog::scheduleAdded, this, [this](ItemId id) {
        scheduleList_->setCurrentSchedule(id);
        statusBar()->showMessage(tr("Added the optimal schedule"), 5000);
    });
    dialog->show();
    return dialog;
}

ExportDialog* MainWindow::showExportDialog() {
    const ProjectSchedule* entry =
        document_->project().findSchedule(scheduleList_->currentSchedule());
    if (!entry) {
        showError(tr("Nothing to export"), tr("Select a schedule to export first."));
        return nullptr;
    }
    auto* dialog = new ExportDialog(entry->schedule, dialogs_, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ExportDialog::saved, this, [this](const QString& path) {
        statusBar()->showMessage(tr("Exported %1").arg(QDir::toNativeSeparators(path)), 5000);
    });
    dialog->show();
    return dialog;
}

bool MainWindow::exportChartImage(const QString& path) {
    // A name ending in .svg gets vector output (the charts painted into an SVG generator);
    // anything else a PNG of the charts as shown.
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (path.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive)) {
        QSvgGenerator generator;
        generator.setOutputDevice(&buffer);
        generator.setSize(chartSplitter_->size());
        generator.setViewBox(QRect(QPoint(0, 0), chartSplitter_->size()));
        generator.setTitle(tr("Annealer charts"));
        QPainter painter(&generator);
        chartSplitter_->render(&painter);
        painter.end();
    } else if (!chartSplitter_->grab().save(&buffer, "PNG")) {
        showError(tr("Cannot export the chart"), tr("The chart could not be encoded as PNG."));
        return false;
    }
    if (const QString error = writeWhole(path, bytes); !error.isEmpty()) {
        showError(tr("Cannot export the chart"),
                  tr("%1: %2").arg(QDir::toNativeSeparators(path), error));
        return false;
    }
    statusBar()->showMessage(tr("Exported %1").arg(QDir::toNativeSeparators(path)), 5000);
    return true;
}

void MainWindow::exportCurvesCsv(const QString& path) {
    // Sampling and predicting every step of long schedules takes a while: off the GUI thread,
    // on a copy of the project.
    auto* watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, path] {
        const QString error = watcher->result();
        watcher->deleteLater();
        if (!error.isEmpty()) {
            showError(tr("Cannot export the predicted curves"), error);
            return;
        }
        statusBar()->showMessage(tr("Exported %1").arg(QDir::toNativeSeparators(path)), 5000);
        emit curvesExported(path);
    });
    watcher->setFuture(QtConcurrent::run([project = document_->project(), path]() -> QString {
        const Result<QString> csv = predictedCurvesCsv(project);
        if (!csv) return csv.error();
        const QString error = writeWhole(path, csv->toUtf8());
        return error.isEmpty()
                   ? QString()
                   : QStringLiteral("%1: %2").arg(QDir::toNativeSeparators(path), error);
    }));
}

}  // namespace annealer
