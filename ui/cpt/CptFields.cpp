#include "CptFields.h"

#include <QDoubleSpinBox>

namespace annealer {

QDoubleSpinBox* newLrField() {
    auto* field = new QDoubleSpinBox;
    field->setDecimals(7);
    field->setRange(0.0, 1.0);
    field->setSingleStep(1e-4);
    return field;
}

QDoubleSpinBox* newFractionField() {
    auto* field = new QDoubleSpinBox;
    field->setRange(0.01, 1.0);
    field->setSingleStep(0.05);
    return field;
}

}  // namespace annealer
