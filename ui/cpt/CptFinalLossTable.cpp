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

QTableWidgetItem* cell(const QString& text, const QString& tip = {}) {
    auto* item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    if (!tip.isEmpty()) item->setToolTip(tip);
    return item;
}

}  // namespace

CptFinalLossTable::CptFinalLossTable(CptDocument* document, CptPredictions* predictions, QWidget* parent)
    : QTableWidget(0, kColumns, parent), document_(document), predictions_(predictions) {
    setObjectName(QStringLiteral("cptFinalLossTable"));
    setHorizontalHeaderLabels({tr("Schedule"), tr("L old"), tr("L new"), tr("Weighted"), tr("vs baseline"), tr("Turning")});
    horizontalHeaderItem(kLossPt)->setToolTip(tr("Predicted final loss on the pre-training data"));
    horizontalHeaderItem(kLossCpt)->setToolTip(tr("Predicted final loss on the new data"));
    horizontalHeaderItem(kWeighted)->setToolTip(tr("w * L old + (1 - w) * L new at the balance weight w"));
    horizontalHeaderItem(kVsBaseline)->setToolTip(tr("Weighted final loss minus the baseline's (negative: better)"));
    horizontalHeaderItem(kTurning)->setToolTip(
        tr("CPT steps until the weighted loss is back at its value at the checkpoint; never: it does not come back"));
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

void CptFinalLossTable::refresh() {
    refreshing_ = true;
    const CptProject& project = document_->project();
    const double w = project.weight;
    setRowCount(static_cast<int>(predictions_->count()));
    std::optional<double> baseline;
    if (project.baseline && static_cast<std::size_t>(*project.baseline) < predictions_->count())
        if (const auto& curves = predictions_->curves(static_cast<std::size_t>(*project.baseline)))
            baseline = curves->final.weighted(w);
    for (std::size_t i = 0; i < predictions_->count(); ++i) {
        const int row = static_cast<int>(i);
        const CptDesignedSchedule& entry = project.schedules[i];
        const bool isBaseline = project.baseline && *project.baseline == row;
        auto* name = new QTableWidgetItem(swatch(QColor(entry.colour)),
                                          isBaseline ? entry.name + tr(" (baseline)") : entry.name);
        name->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
        setItem(row, kName, name);
        const auto& curves = predictions_->curves(i);
        if (!curves) {
            setItem(row, kLossPt, cell(tr("-"), curves.error()));
            for (int column = kLossCpt; column < kColumns; ++column) setItem(row, column, cell(QString()));
            continue;
        }
        const CptOutcome& final = curves->final;
        setItem(row, kLossPt, cell(QString::number(final.lossPt, 'f', 4)));
        setItem(row, kLossCpt, cell(QString::number(final.lossCpt, 'f', 4)));
        setItem(row, kWeighted, cell(QString::number(final.weighted(w), 'f', 4)));
        setItem(row, kVsBaseline,
                cell(!baseline || isBaseline ? QString() : QString::asprintf("%+.4f", final.weighted(w) - *baseline)));
        setItem(row, kTurning, cell(curves->turning(w) ? QString::number(*curves->turning(w)) : tr("never")));
    }
    if (document_->currentSchedule() < rowCount()) selectRow(document_->currentSchedule());
    // Tall enough for every row (up to eight), so the tabs below never squeeze it.
    resizeRowsToContents();
    int height = horizontalHeader()->height() + 2 * frameWidth();
    for (int row = 0; row < std::min(rowCount(), 8); ++row) height += rowHeight(row);
    setMinimumHeight(height);
    refreshing_ = false;
}

}  // namespace annealer
