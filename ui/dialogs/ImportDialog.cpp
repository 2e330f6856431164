#include "ImportDialog.h"

#include "NumberText.h"
#include "TableCells.h"
#include "run/RunAssembly.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace annealer {

namespace {

enum Column { kRunColumn, kLossColumn, kLrColumn, kResultColumn };

// What a combo entry stands for: a metric by name, a project schedule by index, or nothing
// (let the importer decide, which then says what is missing).
const QString kMetricPrefix = QStringLiteral("metric:");
const QString kSchedulePrefix = QStringLiteral("schedule:");

// One row's choice, copied for the assembly thread.
struct Choice {
    std::size_t log = 0;
    std::size_t run = 0;
    QString loss;
    QString lr;
    std::optional<Schedule> schedule;
};

}  // namespace

struct ImportDialog::Row {
    std::size_t log = 0;
    std::size_t run = 0;
    QString lossDefault;  // the metric the importer picks, and why
    QString lossWhy;
    QString lrDefault;
    QString lrWhy;
};

ImportDialog::ImportDialog(std::vector<LogContents> logs, std::vector<Schedule> schedules,
                           QWidget* parent)
    : QDialog(parent),
      logs_(std::make_shared<const std::vector<LogContents>>(std::move(logs))),
      schedules_(std::move(schedules)),
      table_(new QTableWidget(this)),
      details_(new QLabel(this)),
      add_(new QPushButton(this)) {
    setObjectName(QStringLiteral("importDialog"));
    setWindowTitle(tr("Import Training Logs"));
    setSizeGripEnabled(true);
    table_->setObjectName(QStringLiteral("importRuns"));
    setUpReadOnlyTable(table_, {tr("Run"), tr("Loss"), tr("LR"), tr("Becomes")});
    table_->horizontalHeader()->setSectionResizeMode(kRunColumn, QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setSectionResizeMode(kResultColumn, QHeaderView::Stretch);
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 14);
    table_->horizontalHeaderItem(kLossColumn)
        ->setToolTip(tr("The metric fitted as the loss (validation loss is preferred)"));
    table_->horizontalHeaderItem(kLrColumn)->setToolTip(
        tr("The metric holding the learning rate, or a schedule of the project for "
           "a run that logs none"));
    details_->setObjectName(QStringLiteral("importDetails"));
    details_->setWordWrap(true);
    details_->setTextFormat(Qt::RichText);
    details_->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    details_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    details_->setMargin(6);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(details_);
    scroll->setWidgetResizable(true);
    scroll->setMinimumHeight(120);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(table_);
    splitter->addWidget(scroll);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);

    auto* buttons = new QDialogButtonBox(this);
    add_->setObjectName(QStringLiteral("importAddButton"));
    buttons->addButton(add_, QDialogButtonBox::AcceptRole);
    buttons->addButton(QDialogButtonBox::Cancel);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter, 1);
    layout->addWidget(buttons);
    resize(900, 560);

    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        const std::vector<Run> runs = chosenRuns();
        if (runs.empty() || isAssembling()) return;
        emit runsChosen(runs);
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(table_, &QTableWidget::currentCellChanged, this, [this](int row) { showDetails(row); });
    connect(table_, &QTableWidget::itemChanged, this, [this] { updateAddButton(); });
    connect(&watcher_, &QFutureWatcher<std::vector<Result<Run>>>::finished, this,
            &ImportDialog::assemblyDone);
    buildRows();
    assemble();
}

ImportDialog::~ImportDialog() = default;

int ImportDialog::rowCount() const {
    return static_cast<int>(rows_.size());
}

QComboBox* ImportDialog::lossBox(int row) const {
    return qobject_cast<QComboBox*>(table_->cellWidget(row, kLossColumn));
}

QComboBox* ImportDialog::lrBox(int row) const {
    return qobject_cast<QComboBox*>(table_->cellWidget(row, kLrColumn));
}

void ImportDialog::buildRows() {
    table_->blockSignals(true);
    for (std::size_t l = 0; l < logs_->size(); ++l) {
        const LogContents& log = (*logs_)[l];
        for (std::size_t r = 0; r < log.runs.size(); ++r) {
            const LogRun& logRun = log.runs[r];
            Row row;
            row.log = l;
            row.run = r;
            const MetricChoice loss = chooseLossMetric(logRun, QString());
            const MetricChoice lr = chooseLrMetric(logRun, QString());
            row.lossDefault = loss.series ? loss.series->name : QString();
            row.lossWhy = loss.why;
            row.lrDefault = lr.series ? lr.series->name : QString();
            row.lrWhy = lr.why;

            const int index = table_->rowCount();
            table_->insertRow(index);
            QTableWidgetItem* name = textCell(logRun.name);
            name->setFlags(name->flags() | Qt::ItemIsUserCheckable);
            name->setCheckState(Qt::Checked);
            name->setToolTip(log.source);
            table_->setItem(index, kRunColumn, name);

            auto* lossBox = new QComboBox;
            auto* lrBox = new QComboBox;
            if (row.lossDefault.isEmpty()) lossBox->addItem(tr("(none found)"), QString());
            if (row.lrDefault.isEmpty()) lrBox->addItem(tr("(none found)"), QString());
            for (const MetricSeries& metric : logRun.metrics) {
                const QString label =
                    metric.values.size() == 1
                        ? tr("%1 (1 value)").arg(metric.name)
                        : tr("%1 (%2 values)").arg(metric.name).arg(metric.values.size());
                lossBox->addItem(label, kMetricPrefix + metric.name);
                lrBox->addItem(label, kMetricPrefix + metric.name);
            }
            // The importer takes a schedule's LR only for a run that logs none (RunAssembly.h).
            if (row.lrDefault.isEmpty())
                for (std::size_t s = 0; s < schedules_.size(); ++s)
                    lrBox->addItem(tr("schedule: %1").arg(schedules_[s].name),
                                   kSchedulePrefix + QString::number(s));
            lossBox->setCurrentIndex(
                std::max(0, lossBox->findData(kMetricPrefix + row.lossDefault)));
            lrBox->setCurrentIndex(std::max(0, lrBox->findData(kMetricPrefix + row.lrDefault)));
            for (QComboBox* box : {lossBox, lrBox}) {
                box->setSizeAdjustPolicy(QComboBox::AdjustToContents);
                connect(box, &QComboBox::currentIndexChanged, this, [this, index] {
                    if (table_->currentRow() == index) showDetails(index);
                    assemble();
                });
            }
            table_->setCellWidget(index, kLossColumn, lossBox);
            table_->setCellWidget(index, kLrColumn, lrBox);
            table_->setItem(index, kResultColumn, textCell(tr("reading…")));
            rows_.push_back(row);
        }
    }
    table_->blockSignals(false);
    if (!rows_.empty()) table_->setCurrentCell(0, kRunColumn);
    showDetails(rows_.empty() ? -1 : 0);
}

void ImportDialog::assemble() {
    std::vector<Choice> choices;
    for (std::size_t i = 0; i < rows_.size(); ++i) {
        const int row = static_cast<int>(i);
        Choice choice;
        choice.log = rows_[i].log;
        choice.run = rows_[i].run;
        const QString loss = lossBox(row)->currentData().toString();
        const QString lr = lrBox(row)->currentData().toString();
        if (loss.startsWith(kMetricPrefix)) choice.loss = loss.mid(kMetricPrefix.size());
        if (lr.startsWith(kMetricPrefix)) choice.lr = lr.mid(kMetricPrefix.size());
        if (lr.startsWith(kSchedulePrefix))
            choice.schedule = schedules_.at(lr.mid(kSchedulePrefix.size()).toULongLong());
        choices.push_back(std::move(choice));
    }
    for (int row = 0; row < rowCount(); ++row)
        table_->item(row, kResultColumn)->setText(tr("assembling…"));
    // The newest choices replace the watched assembly; an older one finishes unseen.
    assembling_ = true;
    watcher_.setFuture(QtConcurrent::run([logs = logs_, choices = std::move(choices)] {
        std::vector<Result<Run>> runs;
        for (const Choice& choice : choices) {
            const LogContents& log = (*logs)[choice.log];
            RunAssemblyOptions options;
            options.lossMetric = choice.loss;
            options.lrMetric = choice.lr;
            if (choice.schedule) {
                options.schedule = choice.schedule;
                options.scheduleSource = choice.schedule->name;
            }
            runs.push_back(assembleRun(log, log.runs[choice.run], options));
        }
        return runs;
    }));
    updateAddButton();
}

void ImportDialog::assemblyDone() {
    if (watcher_.future().resultCount() == 0) return;
    results_ = watcher_.result();
    assembling_ = false;
    for (int row = 0; row < rowCount(); ++row) showRowResult(row);
    updateAddButton();
    showDetails(table_->currentRow());
    emit assembled();
}

void ImportDialog::showRowResult(int row) {
    QTableWidgetItem* item = table_->item(row, kResultColumn);
    const Result<Run>& result = results_.at(static_cast<std::size_t>(row));
    if (!result) {
        item->setText(result.error());
        item->setForeground(QColor(QStringLiteral("#d62728")));
        item->setToolTip(result.error());
        return;
    }
    const Run& run = *result;
    item->setForeground(QBrush());
    const QString first = shortestText(run.lossSteps.front());
    const QString last = shortestText(run.lossSteps.back());
    item->setText(run.loss.size() == 1
                      ? tr("1 loss point, at step %1").arg(last)
                      : tr("%1 loss points, steps %2 to %3").arg(run.loss.size()).arg(first, last));
    item->setToolTip(tr("Per-step LR: %1").arg(run.lrRebuild));
}

QString ImportDialog::rowProblem(int row) const {
    if (row < 0 || static_cast<std::size_t>(row) >= results_.size()) return {};
    const Result<Run>& result = results_[static_cast<std::size_t>(row)];
    return result ? QString() : result.error();
}

void ImportDialog::showDetails(int row) {
    if (row < 0 || row >= rowCount()) {
        details_->setText(tr("The files hold no runs."));
        return;
    }
    const Row& entry = rows_[static_cast<std::size_t>(row)];
    const LogContents& log = (*logs_)[entry.log];
    const LogRun& logRun = log.runs[entry.run];
    const auto escaped = [](const QString& text) { return text.toHtmlEscaped(); };
    const auto why = [&](const QComboBox* box, const QString& chosenDefault,
                         const QString& reason) {
        const QString chosen = box->currentData().toString();
        if (chosen.startsWith(kSchedulePrefix))
            return tr("the per-step LR of a schedule of the project");
        if (chosen.isEmpty() || chosen == kMetricPrefix + chosenDefault) return reason;
        if (chosenDefault.isEmpty()) return tr("chosen here");
        return tr("chosen here (the importer takes %1: %2)").arg(chosenDefault, reason);
    };
    QString html =
        QStringLiteral("<b>%1</b> — %2<br>")
            .arg(escaped(logRun.name), escaped(tr("%1, read as %2").arg(log.source, log.format)));
    html += tr("Loss: <b>%1</b> — %2<br>")
                .arg(escaped(lossBox(row)->currentText()),
                     escaped(why(lossBox(row), entry.lossDefault, entry.lossWhy)));
    html += tr("LR: <b>%1</b> — %2<br>")
                .arg(escaped(lrBox(row)->currentText()),
                     escaped(why(lrBox(row), entry.lrDefault, entry.lrWhy)));
    if (static_cast<std::size_t>(row) < results_.size()) {
        const Result<Run>& result = results_[static_cast<std::size_t>(row)];
        html += result ? tr("Per-step LR: %1<br>").arg(escaped(result->lrRebuild))
                       : QStringLiteral("<span style=\"color:#d62728\">%1</span><br>")
                             .arg(escaped(result.error()));
    }
    if (!log.notes.isEmpty()) {
        html += tr("<br><b>Notes on the file</b><ul>");
        for (const QString& note : log.notes)
            html += QStringLiteral("<li>%1</li>").arg(escaped(note));
        html += QStringLiteral("</ul>");
    }
    if (!logRun.leftOut.empty()) {
        html += tr("<br><b>Left out</b> (could not be read as metrics)<ul>");
        for (const LeftOutMetric& metric : logRun.leftOut)
            html += QStringLiteral("<li>%1: %2</li>")
                        .arg(escaped(metric.name), escaped(metric.problem));
        html += QStringLiteral("</ul>");
    }
    details_->setText(html);
}

std::vector<Run> ImportDialog::chosenRuns() const {
    std::vector<Run> runs;
    for (int row = 0; row < rowCount() && static_cast<std::size_t>(row) < results_.size(); ++row) {
        const Result<Run>& result = results_[static_cast<std::size_t>(row)];
        if (result && table_->item(row, kRunColumn)->checkState() == Qt::Checked)
            runs.push_back(*result);
    }
    return runs;
}

void ImportDialog::updateAddButton() {
    int count = 0;
    for (int row = 0; row < rowCount() && static_cast<std::size_t>(row) < results_.size(); ++row)
        if (results_[static_cast<std::size_t>(row)] &&
            table_->item(row, kRunColumn)->checkState() == Qt::Checked)
            ++count;
    if (isAssembling()) count = 0;
    add_->setText(count == 1 ? tr("&Add 1 Run") : tr("&Add %1 Runs").arg(count));
    add_->setEnabled(count > 0);
}

}  // namespace annealer
