#include "CptFinalLossTable.h"

#include "CptDocument.h"
#include "CptPredictions.h"

#include <QHeaderView>
#include <QPainter>
#include <QPixmap>

#include <algorithm>

namespace annealer {

namespace {

QIcon swatch(const QColor& colour) {
    QPixmap pixmap(12, 12);
    pixmap.fill(colour);
    return QIcon(pixmap);
}

}  // namespace

CptFinalLossTable::CptFinalLossTable(CptDocument* document, CptPredictions* predictions,
                                     QWidget* parent)
    : QTableWidget(0, kColumns, parent), document_(document), predictions_(predictions) {
    setObjectName(QStringLiteral("cptFinalLossTable"));
    setHorizontalHeaderLabels({tr("Schedule"), tr("L old"), tr("L new"), tr("Weighted"),
                               tr("vs baseline"), tr("Turning")});
    horizontalHeaderItem(kLossPt)->setToolTip(tr("Predicted final loss on the pre-training data"));
    horizontalHeaderItem(kLossCpt)->setToolTip(tr("Predicted final loss on the new data"));
    horizontalHeaderItem(kWeighted)->setToolTip(
        tr("w * L old + (1 - w) * L new at the balance weight w"));
    horizontalHeaderItem(kVsBaseline)
        ->setToolTip(tr("Weighted final loss minus the baseline's (negative: better)"));
    horizontalHeaderItem(kTurning)->setToolTip(
        tr("CPT steps until the weighted loss is back at its value at the checkpoint; never: it "
           "does not come back"));
    verticalHeader()->hide();
    horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    horizontalHeader()->setSectionResizeMode(kName, QHeaderView::Stretch);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    connect(predictions_, &CptPredictions::updated, this, &CptFinalLossTable::refresh);
    connect(document_, &CptDocument::currentScheduleChanged, this, &CptFinalLossTable::refresh);
    connect(this, &QTableWidget::currentCellChanged, this, [this](int row) {
        if (!refreshing_ && row >= 0) document_->setCurrentSchedule(row);
    });
}

// Sets a cell's text (and tooltip), making its item once: in a drag only the texts change, and
// new items would make the view lay itself out again.
void CptFinalLossTable::setCell(int row, int column, const QString& text, const QString& tip) {
    QTableWidgetItem* cell = item(row, column);
    if (!cell) {
        cell = new QTableWidgetItem;
        cell->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
        if (column != kName) cell->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        setItem(row, column, cell);
    }
    if (cell->text() != text) cell->setText(text);
    if (cell->toolTip() != tip) cell->setToolTip(tip);
}

void CptFinalLossTable::refresh() {
    refreshing_ = true;
    const CptProject& project = document_->project();
    const double w = project.weight;
    const int rows = static_cast<int>(predictions_->count());
    const bool newRows = rows != rowCount();
    setRowCount(rows);
    std::optional<double> baseline;
    if (project.baseline && static_cast<std::size_t>(*project.baseline) < predictions_->count())
        if (const auto& curves = predictions_->curves(static_cast<std::size_t>(*project.baseline)))
            baseline = curves->final.weighted(w);
    for (std::size_t i = 0; i < predictions_->count(); ++i) {
        const int row = static_cast<int>(i);
        const CptDesignedSchedule& entry = project.schedules[i];
        const bool isBaseline = project.baseline && *project.baseline == row;
        setCell(row, kName, entry.name);
        if (item(row, kName)->data(Qt::UserRole).toString() != entry.colour) {
            item(row, kName)->setIcon(swatch(QColor(entry.colour)));
            item(row, kName)->setData(Qt::UserRole, entry.colour);
        }
        const auto& curves = predictions_->curves(i);
        if (!curves) {
            setCell(row, kLossPt, tr("-"), curves.error());
            for (int column = kLossCpt; column < kColumns; ++column)
                setCell(row, column, QString());
            continue;
        }
        const CptOutcome& final = curves->final;
        const auto turning = curves->turning(w);
        setCell(row, kLossPt, QString::number(final.lossPt, 'f', 4));
        setCell(row, kLossCpt, QString::number(final.lossCpt, 'f', 4));
        setCell(row, kWeighted, QString::number(final.weighted(w), 'f', 4));
        setCell(row, kVsBaseline,
                isBaseline  ? tr("baseline")
                : !baseline ? QString()
                            : QString::asprintf("%+.4f", final.weighted(w) - *baseline));
        setCell(row, kTurning, turning ? QString::number(*turning) : tr("never"));
    }
    if (document_->currentSchedule() < rowCount() && currentRow() != document_->currentSchedule())
        selectRow(document_->currentSchedule());
    refreshing_ = false;
    if (!newRows) return;
    // Tall enough for every row (up to eight), so the tabs below never squeeze it.
    resizeRowsToContents();
    int height = horizontalHeader()->height() + 2 * frameWidth();
    for (int row = 0; row < std::min(rowCount(), 8); ++row) height += rowHeight(row);
    setMinimumHeight(height);
}

}  // namespace annealer
