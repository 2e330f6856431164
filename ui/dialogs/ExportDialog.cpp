#include "ExportDialog.h"

#include "ChartStyle.h"
#include "NumberText.h"
#include "TickLabelAxis.h"
#include "UserDialogs.h"
#include "XAxisScale.h"

#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLineSeries>
#include <QPen>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSplitter>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>

namespace annealer {

namespace {

// A few hundred points draw a schedule faithfully; every step of a long run would not.
constexpr std::size_t kChartPoints = 800;

QList<QPointF> chartPoints(const std::vector<double>& values) {
    QList<QPointF> points;
    if (values.empty()) return points;
    const std::size_t stride = std::max<std::size_t>(1, values.size() / kChartPoints);
    for (std::size_t step = 0; step < values.size(); step += stride)
        points.append(QPointF(static_cast<double>(step), values[step]));
    const std::size_t last = values.size() - 1;
    if (last % stride != 0) points.append(QPointF(static_cast<double>(last), values[last]));
    return points;
}

QString fileNameFor(const QString& scheduleName, const QString& extension) {
    QString base = scheduleName.trimmed();
    base.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]+")), QStringLiteral("_"));
    if (base.isEmpty()) base = QStringLiteral("schedule");
    return base + QLatin1Char('.') + extension;
}

// A target as the list shows it: the trainer's name from its description ("Hugging Face
// transformers: TrainingArguments JSON ..." gives "Hugging Face transformers") with the id the
// command line takes: "Hugging Face transformers (hf)".
QString targetDisplayName(const ScheduleExporter& exporter) {
    const QString description = exporter.description();
    QString name = description.section(QLatin1Char(':'), 0, 0);
    if (name == description) name = description.section(QLatin1Char(','), 0, 0);
    if (name.isEmpty() || name.size() > 40) return exporter.id();
    return QStringLiteral("%1 (%2)").arg(name.trimmed(), exporter.id());
}

}  // namespace

ExportDialog::ExportDialog(const Schedule& schedule, UserDialogs* dialogs, QWidget* parent)
    : QDialog(parent), schedule_(schedule), dialogs_(dialogs) {
    setObjectName(QStringLiteral("exportDialog"));
    setWindowTitle(tr("Export Schedule “%1”").arg(schedule.name));
    if (schedule_.validate()) designed_ = schedule_.sample().lr;

    target_ = new QComboBox(this);
    for (const ScheduleExporter* exporter : allExporters()) {
        target_->addItem(targetDisplayName(*exporter), exporter->id());
        target_->setItemData(target_->count() - 1, exporter->description(), Qt::ToolTipRole);
    }
    verdict_ = new QLabel(this);
    verdict_->setObjectName(QStringLiteral("exportVerdict"));
    verdict_->setWordWrap(true);
    verdict_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    useAlternative_ = new QCheckBox(tr("Use the exact alternative"), this);

    chart_ = new QChart;
    designedSeries_ = new QLineSeries;
    designedSeries_->setName(tr("Designed"));
    previewSeries_ = new QLineSeries;
    previewSeries_->setName(tr("Target's formula"));
    QPen previewPen(QColor(0xd6, 0x27, 0x28));
    previewPen.setWidthF(1.5);
    previewPen.setStyle(Qt::DashLine);
    previewSeries_->setPen(previewPen);
    chart_->addSeries(designedSeries_);
    chart_->addSeries(previewSeries_);
    chart_->createDefaultAxes();
    if (QAbstractAxis* steps = chart_->axes(Qt::Horizontal).value(0))
        xLabels_ = new TickLabelAxis(chart_, steps, nullptr);
    styleChart(chart_, palette());
    for (QAbstractAxis* axis : chart_->axes()) styleAxis(axis, palette());
    auto* chartView = new QChartView(chart_, this);
    chartView->setRenderHint(QPainter::Antialiasing);
    chartView->setMinimumHeight(200);
    deviation_ = new QLabel(this);
    deviation_->setObjectName(QStringLiteral("exportDeviation"));

    text_ = new QPlainTextEdit(this);
    text_->setReadOnly(true);
    text_->setLineWrapMode(QPlainTextEdit::NoWrap);
    text_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    auto* buttons = new QDialogButtonBox(this);
    save_ = buttons->addButton(QDialogButtonBox::Save);
    QPushButton* close = buttons->addButton(QDialogButtonBox::Close);

    auto* top = new QFormLayout;
    top->addRow(tr("Target:"), target_);
    auto* chartArea = new QWidget(this);
    auto* chartLayout = new QVBoxLayout(chartArea);
    chartLayout->setContentsMargins(0, 0, 0, 0);
    chartLayout->addWidget(chartView, 1);
    chartLayout->addWidget(deviation_);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(chartArea);
    splitter->addWidget(text_);
    splitter->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(verdict_);
    layout->addWidget(useAlternative_);
    layout->addWidget(splitter, 1);
    layout->addWidget(buttons);
    resize(720, 680);

    connect(target_, &QComboBox::currentIndexChanged, this, &ExportDialog::exportForTarget);
    connect(useAlternative_, &QCheckBox::toggled, this, &ExportDialog::showResult);
    connect(save_, &QPushButton::clicked, this, &ExportDialog::save);
    connect(close, &QPushButton::clicked, this, &QDialog::reject);
    exportForTarget();
}

void ExportDialog::setTarget(const QString& id) {
    const int index = target_->findData(id);
    if (index >= 0) target_->setCurrentIndex(index);
}

const ExportResult& ExportDialog::shownResult() const {
    if (useAlternative_->isChecked() && result_.fallback) return *result_.fallback;
    return result_;
}

void ExportDialog::exportForTarget() {
    const ScheduleExporter* exporter = findExporter(target_->currentData().toString());
    const Status valid = schedule_.validate();
    result_ = ExportResult{};
    if (exporter && valid) {
        result_ = exporter->exportSchedule(schedule_);
    } else {
        result_.reasons << (valid ? tr("Unknown target.") : valid.error());
    }
    {
        // A new target starts from its own verdict, not the previous target's choice.
        const QSignalBlocker blocker(useAlternative_);
        useAlternative_->setChecked(false);
    }
    showResult();
}

void ExportDialog::showResult() {
    const bool hasAlternative = !result_.exact && result_.fallback != nullptr;
    useAlternative_->setEnabled(hasAlternative);
    useAlternative_->setVisible(!result_.exact);
    useAlternative_->setToolTip(hasAlternative ? result_.alternative : QString());
    useAlternative_->setText(hasAlternative
                                 ? tr("Use the exact alternative: %1").arg(result_.alternative)
                                 : tr("Use the exact alternative (none for this target)"));

    QString verdict;
    if (result_.exact) {
        verdict = tr("<b>Exact</b>: %1 runs the designed LR at every step.").arg(result_.target);
    } else {
        verdict =
            tr("<b>Not exact</b>: %1").arg(result_.reasons.join(QLatin1Char(' ')).toHtmlEscaped());
    }
    if (!result_.notes.isEmpty())
        verdict += QStringLiteral("<br>") + result_.notes.join(QLatin1Char(' ')).toHtmlEscaped();
    verdict_->setText(verdict);

    const ExportResult& shown = shownResult();
    // The axes read as the designer's: steps as "0", "5k", "10k", the LR in a power of ten
    // given in the title ("LR (×10⁻⁴)").
    double top = 0.0;
    for (double lr : designed_) top = std::max(top, lr);
    for (double lr : shown.preview) top = std::max(top, lr);
    double high = 1.0;
    int ticks = 6;
    niceAxisEnd(top > 0.0 ? top * 1.04 : 1.0, high, ticks);
    const LrAxisLabels lr = lrAxisLabels(high, ticks);
    const XAxisScale x = XAxisScale::ofSteps(static_cast<std::int64_t>(
        std::max<std::size_t>(1, std::max(designed_.size(), shown.preview.size()))));
    const auto scaled = [&](const std::vector<double>& values) {
        QList<QPointF> points = chartPoints(values);
        for (QPointF& point : points) point = {x.toDisplay(point.x()), point.y() * lr.factor};
        return points;
    };
    designedSeries_->replace(scaled(designed_));
    previewSeries_->replace(scaled(shown.preview));
    const auto horizontal = chart_->axes(Qt::Horizontal);
    const auto vertical = chart_->axes(Qt::Vertical);
    if (auto* axis = horizontal.isEmpty() ? nullptr : qobject_cast<QValueAxis*>(horizontal.first()))
        setValueAxis(axis, 0.0, x.maximum, x.tickCount, QStringLiteral("%g"), x.title);
    if (xLabels_) xLabels_->setFormat([x](double display) { return x.tickLabel(display); });
    if (auto* axis = vertical.isEmpty() ? nullptr : qobject_cast<QValueAxis*>(vertical.first()))
        setValueAxis(axis, 0.0, high * lr.factor, ticks, lr.labelFormat, lr.title);

    if (shown.preview.empty())
        deviation_->setText(tr("No preview for this target."));
    else
        deviation_->setText(tr("Largest deviation: %1 of the peak LR, at step %2")
                                .arg(QString::number(shown.maxDeviation, 'g', 3))
                                .arg(shown.worstStep));
    text_->setPlainText(shown.text);
    save_->setEnabled(!shown.text.isEmpty());
}

bool ExportDialog::saveTo(const QString& path) {
    const ExportResult& shown = shownResult();
    QSaveFile file(path);
    QString error;
    if (!file.open(QIODevice::WriteOnly))
        error = file.errorString();
    else if (file.write(shown.text.toUtf8()) < 0 || !file.commit())
        error = file.errorString();
    if (!error.isEmpty()) {
        dialogs_->showError(this, tr("Cannot export the schedule"),
                            tr("%1: %2").arg(QDir::toNativeSeparators(path), error));
        return false;
    }
    emit saved(path);
    return true;
}

void ExportDialog::save() {
    const ExportResult& shown = shownResult();
    // The command line refuses an export that is not exact; here the user may want it anyway,
    // but says so first.
    if (!shown.exact &&
        !dialogs_->confirm(this, tr("Export is not exact"),
                           tr("%1 will not run the designed LR at every step: %2\n\nSave it "
                              "anyway?")
                               .arg(shown.target, shown.reasons.join(QLatin1Char(' ')))))
        return;
    const QString extension =
        shown.fileExtension.isEmpty() ? QStringLiteral("txt") : shown.fileExtension;
    const QString suggested = QDir::home().filePath(fileNameFor(schedule_.name, extension));
    const QString path = dialogs_->fileToSave(
        this, tr("Export schedule"), suggested,
        tr("%1 files (*.%2);;All files (*)").arg(extension.toUpper(), extension));
    if (!path.isEmpty()) saveTo(path);
}

}  // namespace annealer
