#pragma once

class QDoubleSpinBox;

namespace annealer {

// The number fields the CPT designer's editors share.
QDoubleSpinBox* newLrField();        // an LR: 0..1, seven decimals, steps of 1e-4
QDoubleSpinBox* newFractionField();  // a WSD decay fraction: 0.01..1, steps of 0.05

}  // namespace annealer
