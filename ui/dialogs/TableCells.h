#pragma once

#include <QStringList>

class QTableWidget;
class QTableWidgetItem;

namespace annealer {

// The read-only tables of the fit and import dialogs, made alike: headers, no editing, no grid,
// alternating rows, columns as wide as their contents with the first one stretching.
void setUpReadOnlyTable(QTableWidget* table, const QStringList& headers);

// A cell that can be selected but not edited.
QTableWidgetItem* textCell(const QString& text);
// A right-aligned number with `decimals` decimals ("–" for NaN, a true minus sign, "+" in front
// of a positive value when `showSign`).
QTableWidgetItem* numberCell(double value, int decimals, bool showSign = false);
QString numberText(double value, int decimals, bool showSign = false);

}  // namespace annealer
