#pragma once

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;

namespace annealer {

class CptDocument;

// The parameters of the selected CPT schedule, typed in (the LR chart's handles set the same):
// name, re-warm length and peak, decay shape, WSD decay fraction, floor, CPT length; and
// buttons to add a schedule, remove it, or make it the baseline.
class CptScheduleEditor : public QWidget {
    Q_OBJECT
public:
    explicit CptScheduleEditor(CptDocument* document, QWidget* parent = nullptr);

private:
    void refresh();
    void commit(const QString& what);

    CptDocument* document_;
    QLineEdit* name_;
    QSpinBox* rewarm_;
    QDoubleSpinBox* peak_;
    QComboBox* shape_;
    QDoubleSpinBox* decay_;
    QDoubleSpinBox* floor_;
    QSpinBox* steps_;
    bool refreshing_ = false;
};

}  // namespace annealer
