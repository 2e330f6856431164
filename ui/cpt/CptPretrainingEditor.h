#pragma once

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;

namespace annealer {

class CptDocument;

// The pre-training schedule of a CPT project, designed here: family (constant, linear, cosine,
// WSD), steps, peak, warmup, WSD decay fraction and floor. A checkpoint at the end of the
// pre-training stays at its end. A pre-training taken from a log's LR is shown, not edited
// (its fields are off until a family is picked).
class CptPretrainingEditor : public QWidget {
    Q_OBJECT
public:
    explicit CptPretrainingEditor(CptDocument* document, QWidget* parent = nullptr);

private:
    void refresh();
    void commit();

    CptDocument* document_;
    QLabel* source_;
    QComboBox* family_;
    QSpinBox* steps_;
    QDoubleSpinBox* peak_;
    QSpinBox* warmup_;
    QDoubleSpinBox* decay_;
    QDoubleSpinBox* floor_;
    bool refreshing_ = false;
};

}  // namespace annealer
