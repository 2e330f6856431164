#include "FinalLossTable.h"

#include "LivePrediction.h"
#include "ProjectDocument.h"
#include "SetBaselineCommand.h"
#include "SwatchIcons.h"
#include "fit/PredictionBand.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace annealer {

FinalLossTable::FinalLossTable(ProjectDocument* document, LivePrediction* prediction,
                               QWidget* parent)
    : QWidget(parent),
      document_(document),
      prediction_(prediction),
      baseline_(new QComboBox(this)),
      table_(new QTableWidget(this)) {
    setObjectName(QStringLiteral("finalLossTable"));
    auto* title = new QLabel(tr("Final loss"), this);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    baseline_->setObjectName(QStringLiteral("baselineBox"));
    baseline_->setToolTip(tr("The schedule the others are compared with"));
    baseline_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    baseline_->setMinimumContentsLength(8);
    auto* header = new QHBoxLayout;
    header->setContentsMargins(0, 0, 0, 0);
    header->addWidget(title);
    header->addStretch();
    header->addWidget(new QLabel(tr("vs."), this));
    header->addWidget(baseline_, 1);

    table_->setColumnCount(3);
    table_->setHorizontalHeaderLabels({tr("Schedule"), tr("Loss"), tr("Δ baseline")});
    table_->horizontalHeaderItem(1)->setToolTip(
        tr("Predicted loss at the schedule's last step; with a fitted law, ± %1 standard "
           "deviations of the fit's uncertainty (beyond the range the fit saw, its "
           "cross-validated error too)")
            .arg(kBandSigmas));
    table_->horizontalHeaderItem(2)->setToolTip(
        tr("Difference to the baseline's final loss: negative is better"));
    table_->verticalHeader()->hide();
    table_->setShowGrid(false);
    table_->setAlternatingRowColors(true);
    table_->setSelectionMode(QAbstractItemView::NoSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setFocusPolicy(Qt::NoFocus);
    // A name too long for its column loses its middle: duplicates ("... (copy 2)", "... (copy
    // 3)") differ at the end. The tooltip has it whole.
    table_->setTextElideMode(Qt::ElideMiddle);
    table_->setWordWrap(false);  // wrapped, each line was cut on its own: "WSD, l…% to …"
    table_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    // Fixed widths for the numbers: columns that follow their contents would make the table
    // lay itself out again on every frame of a drag.
    const QFontMetrics metrics(table_->font());
    const int padding = 3 * metrics.averageCharWidth();
    table_->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Fixed);
    table_->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Fixed);
    table_->setColumnWidth(
        1, std::max(
               metrics.horizontalAdvance(kExtrapolationMark + QStringLiteral(" ≈ 0.0000 ± 0.0000")),
               metrics.horizontalAdvance(tr("Loss"))) +
               padding);
    table_->setColumnWidth(2, std::max(metrics.horizontalAdvance(QStringLiteral("+0.0000")),
                                       metrics.horizontalAdvance(tr("Δ baseline"))) +
                                  padding);
    table_->horizontalHeader()->setHighlightSections(false);
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 8);
    table_->setMinimumHeight(90);
    // Room for a schedule's name next to the numbers (a loss with its ± takes some width).
    setMinimumWidth(table_->columnWidth(1) + table_->columnWidth(2) +
                    metrics.horizontalAdvance(QStringLiteral("Cosine to 3e-5")) + 48);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addLayout(header);
    layout->addWidget(table_);

    connect(baseline_, &QComboBox::activated, this, [this](int index) {
        if (refreshing_) return;
        const qint64 id = baseline_->itemData(index).toLongLong();
        const std::optional<ItemId> chosen = id == 0 ? std::nullopt : std::optional<ItemId>(id);
        if (chosen != document_->project().baseline)
            document_->undoStack()->push(new SetBaselineCommand(document_, chosen));
    });
    const auto both = [this] {
        rebuildBaselineBox();
        refresh();
    };
    connect(document_, &ProjectDocument::projectReset, this, both);
    connect(document_, &ProjectDocument::scheduleInserted, this, both);
    connect(document_, &ProjectDocument::scheduleRemoved, this, both);
    connect(document_, &ProjectDocument::scheduleChanged, this, both);
    connect(document_, &ProjectDocument::scheduleAppearanceChanged, this, both);
    connect(document_, &ProjectDocument::baselineChanged, this, both);
    connect(prediction_, &LivePrediction::curveChanged, this, &FinalLossTable::refresh);
    connect(prediction_, &LivePrediction::curvesCleared, this, &FinalLossTable::refresh);
    both();
}

void FinalLossTable::rebuildBaselineBox() {
    refreshing_ = true;
    const Project& project = document_->project();
    baseline_->clear();
    baseline_->addItem(tr("(no baseline)"), qint64(0));
    for (const ProjectSchedule& entry : project.schedules)
        baseline_->addItem(entry.schedule.name, qint64(entry.id));
    baseline_->setCurrentIndex(
        std::max(0, baseline_->findData(qint64(project.baseline.value_or(0)))));
    refreshing_ = false;
}

void FinalLossTable::setCell(int row, int column, const QString& text, Qt::Alignment alignment,
                             const QColor& foreground, const QString& tip,
                             const QString& swatchColour) {
    QTableWidgetItem* item = table_->item(row, column);
    if (!item) {
        item = new QTableWidgetItem;
        item->setFlags(Qt::ItemIsEnabled);
        table_->setItem(row, column, item);
    }
    if (item->text() != text) item->setText(text);
    const int align = static_cast<int>(alignment | Qt::AlignVCenter);
    if (item->textAlignment() != align) item->setTextAlignment(Qt::Alignment(align));
    const QBrush brush = foreground.isValid() ? QBrush(foreground) : QBrush();
    if (item->foreground() != brush) item->setForeground(brush);
    if (item->toolTip() != tip) item->setToolTip(tip);
    if (!swatchColour.isEmpty() && item->data(Qt::UserRole).toString() != swatchColour) {
        item->setIcon(lineSwatch(QColor(swatchColour)));
        item->setData(Qt::UserRole, swatchColour);
    }
}

void FinalLossTable::refresh() {
    const Project& project = document_->project();
    std::vector<const ProjectSchedule*> rows;
    for (const ProjectSchedule& entry : project.schedules)
        if (entry.visible) rows.push_back(&entry);
    if (table_->rowCount() != static_cast<int>(rows.size()))
        table_->setRowCount(static_cast<int>(rows.size()));

    const auto finalLoss = [this](ItemId id) -> std::optional<double> {
        const PredictedCurve* curve = prediction_->curve(id);
        if (!curve || !curve->error.isEmpty() || !std::isfinite(curve->finalLoss))
            return std::nullopt;
        return curve->finalLoss;
    };
    std::optional<double> baseline;
    if (project.baseline) baseline = finalLoss(*project.baseline);

    const QColor better(QStringLiteral("#2ca02c"));
    const QColor worse(QStringLiteral("#d62728"));
    const QColor muted = palette().color(QPalette::PlaceholderText);
    for (std::size_t row = 0; row < rows.size(); ++row) {
        const ProjectSchedule& entry = *rows[row];
        const int r = static_cast<int>(row);
        setCell(r, 0, entry.schedule.name, Qt::AlignLeft, QColor(), entry.schedule.name,
                entry.colour.isEmpty() ? QStringLiteral("#1f77b4") : entry.colour);

        const PredictedCurve* curve = prediction_->curve(entry.id);
        const std::optional<double> loss = finalLoss(entry.id);
        const bool approximate = curve && (!curve->exact || !prediction_->isCurrent(entry.id));
        QString lossText = QStringLiteral("–");
        QString lossTip;
        if (loss) {
            lossText =
                (approximate ? QStringLiteral("≈ ") : QString()) + QString::number(*loss, 'f', 4);
            if (curve->finalSigma > 0.0) {
                const double half = kBandSigmas * curve->finalSigma;
                lossText += half < 5e-5 ? QStringLiteral(" ± <0.0001")
                                        : QStringLiteral(" ± ") + QString::number(half, 'f', 4);
                lossTip = tr("± %1σ: the uncertainty the fit leaves in its parameters (delta "
                             "method), not the noise of a single run")
                              .arg(kBandSigmas);
            }
        }
        if (curve && !curve->error.isEmpty())
            lossTip = curve->error;
        else if (approximate)
            lossTip = tr("Preview; the exact value follows");
        // Outside the range the fit saw, the number is extrapolation; its ± is the band widened
        // by the fit's cross-validated error there, or says that it could not be.
        const bool outside = loss && curve && !curve->outsideText.isEmpty();
        if (outside) {
            lossText.prepend(kExtrapolationMark + QLatin1Char(' '));
            lossTip = curve->bandNote.isEmpty()
                          ? tr("Extrapolated: %1. The law was not fitted there.")
                                .arg(curve->outsideText)
                          : tr("Extrapolated: %1. The law was not fitted there; %2.")
                                .arg(curve->outsideText, curve->bandNote);
        }
        setCell(r, 1, lossText, Qt::AlignRight, outside ? worse : QColor(), lossTip);

        if (project.baseline == entry.id) {
            setCell(r, 2, tr("baseline"), Qt::AlignRight, muted);
        } else if (loss && baseline) {
            const double difference = *loss - *baseline;
            QString deltaText = QString::number(difference, 'f', 4);
            if (difference > 0) deltaText.prepend(QLatin1Char('+'));
            deltaText.replace(QLatin1Char('-'), QChar(0x2212));
            const QColor colour = std::abs(difference) < 5e-5 ? QColor()
                                  : difference < 0            ? better
                                                              : worse;
            setCell(r, 2, deltaText, Qt::AlignRight, colour,
                    difference < 0 ? tr("Lower than the baseline: better")
                                   : tr("Higher than the baseline"));
        } else {
            setCell(r, 2, QStringLiteral("–"), Qt::AlignRight);
        }
    }
}

}  // namespace annealer
