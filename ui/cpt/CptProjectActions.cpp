#include "CptProjectActions.h"

#include "CptDocument.h"
#include "fit/FitJson.h"
#include "run/PretrainingLog.h"
#include "schedule/ScheduleJson.h"

#include <QFileDialog>
#include <QInputDialog>
#include <QMenu>
#include <QtConcurrent/QtConcurrentRun>

namespace annealer {

CptProjectActions::CptProjectActions(CptDocument* document, QWidget* window)
    : QObject(window), document_(document), window_(window) {
    connect(&logReader_, &QFutureWatcherBase::finished, this, [this] {
        auto schedule = logReader_.result();
        if (!schedule) {
            report(schedule.error());
            emit finished(schedule.error());
            return;
        }
        setPretraining(*schedule, tr("Pre-training from a log"));
        emit finished(QString());
    });
}

void CptProjectActions::addTo(QMenu* menu) {
    menu->addAction(tr("Pre-training from a &Schedule File..."), this, [this] {
        const QString path = QFileDialog::getOpenFileName(window_, tr("Pre-training schedule"),
                                                          QString(), tr("Schedules (*.json)"));
        if (!path.isEmpty())
            if (Status status = setPretrainingFromScheduleFile(path); !status)
                report(status.error());
    });
    menu->addAction(tr("Pre-training from a &Log's LR..."), this, [this] {
        const QString path = QFileDialog::getOpenFileName(window_, tr("Pre-training log"));
        if (path.isEmpty()) return;
        bool ok = false;
        const QString loss =
            QInputDialog::getText(window_, tr("Pre-training log"),
                                  tr("The loss column, which sets how far the run goes\n"
                                     "(empty: found by itself):"),
                                  QLineEdit::Normal, QString(), &ok);
        if (ok) setPretrainingFromLog(path, loss.trimmed());
    });
    menu->addAction(tr("Load a CPT &Fit..."), this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            window_, tr("CPT fit (annealer fit --law cpt)"), QString(), tr("Fits (*.json)"));
        if (!path.isEmpty())
            if (Status status = loadFit(path); !status) report(status.error());
    });
}

void CptProjectActions::setPretraining(const Schedule& pretraining, const QString& text) {
    CptProject project = document_->project();
    project.pretraining = pretraining;
    project.transferStep = pretraining.totalSteps() - 1;
    document_->edit(project, text);
}

Status CptProjectActions::setPretrainingFromScheduleFile(const QString& path) {
    auto schedule = loadScheduleFile(path);
    if (!schedule) return Error{schedule.error()};
    if (schedule->totalSteps() < 2)
        return Error{path + QStringLiteral(": the pre-training needs at least 2 steps")};
    setPretraining(*schedule, tr("Pre-training from a schedule"));
    return {};
}

void CptProjectActions::setPretrainingFromLog(const QString& path, const QString& lossMetric) {
    if (logReader_.isRunning()) return;
    logReader_.setFuture(
        QtConcurrent::run([path, lossMetric] { return pretrainingFromLog(path, lossMetric); }));
}

Status CptProjectActions::loadFit(const QString& path) {
    auto fit = loadFitFile(path);
    if (!fit) return Error{fit.error()};
    CptProject project = document_->project();
    if (fit->lawId == QLatin1String("cpt-pt"))
        project.ptFit = *fit;
    else if (fit->lawId == QLatin1String("cpt-cpt"))
        project.cptFit = *fit;
    else
        return Error{
            path +
            QStringLiteral(": a fit of the law '%1', not of the CPT law (annealer fit --law cpt "
                           "--domain pt|cpt)")
                .arg(fit->lawId)};
    document_->edit(project, tr("Load a CPT fit"));
    return {};
}

void CptProjectActions::report(const QString& message) {
    emit errorShown(message);
}

}  // namespace annealer
