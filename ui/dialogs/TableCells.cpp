#include "TableCells.h"

#include <QHeaderView>
#include <QTableWidget>

#include <cmath>

namespace annealer {

void setUpReadOnlyTable(QTableWidget* table, const QStringList& headers) {
    table->setColumnCount(static_cast<int>(headers.size()));
    table->setHorizontalHeaderLabels(headers);
    table->verticalHeader()->hide();
    table->setShowGrid(false);
    table->setAlternatingRowColors(true);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setWordWrap(false);
    table->horizontalHeader()->setHighlightSections(false);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 8);
}

QTableWidgetItem* textCell(const QString& text) {
    auto* item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    item->setToolTip(text);
    return item;
}

QString numberText(double value, int decimals, bool showSign) {
    if (!std::isfinite(value)) return QStringLiteral("–");
    QString text = QString::number(value, 'f', decimals);
    if (showSign && value > 0) text.prepend(QLatin1Char('+'));
    text.replace(QLatin1Char('-'), QChar(0x2212));
    return text;
}

QTableWidgetItem* numberCell(double value, int decimals, bool showSign) {
    auto* item = new QTableWidgetItem(numberText(value, decimals, showSign));
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

}  // namespace annealer
