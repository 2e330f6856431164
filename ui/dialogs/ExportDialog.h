#pragma once

#include "export/ScheduleExporter.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QChart;
class QLabel;
class QLineSeries;
class QPlainTextEdit;
class QPushButton;

namespace annealer {

class TickLabelAxis;
class UserDialogs;

// "Export Schedule": one schedule as a target's config file. Shows whether the target runs the
// designed LR exactly (and why not), offers the nearest exact alternative, overlays what the
// file will produce under the target's own formula on the designed LR, and writes the text
// shown, so what is saved is what was checked.
class ExportDialog : public QDialog {
    Q_OBJECT
public:
    // `dialogs` asks for the file and shows errors; the dialog does not own it.
    ExportDialog(const Schedule& schedule, UserDialogs* dialogs, QWidget* parent = nullptr);

    QComboBox* targetCombo() const { return target_; }
    void setTarget(const QString& id);
    QCheckBox* alternativeBox() const { return useAlternative_; }
    QLabel* verdictLabel() const { return verdict_; }
    QLabel* deviationLabel() const { return deviation_; }
    QPlainTextEdit* textView() const { return text_; }
    QLineSeries* designedSeries() const { return designedSeries_; }
    QLineSeries* previewSeries() const { return previewSeries_; }

    // The export as the target produced it, and what Save writes (it, or its exact alternative
    // when that box is ticked).
    const ExportResult& exportResult() const { return result_; }
    const ExportResult& shownResult() const;

    // Writes shownResult().text atomically (QSaveFile: a failed write leaves any old file
    // whole); false after showing the error.
    bool saveTo(const QString& path);

signals:
    void saved(const QString& path);

private:
    void exportForTarget();
    void showResult();
    void save();

    Schedule schedule_;
    UserDialogs* dialogs_;
    std::vector<double> designed_;
    ExportResult result_;

    QComboBox* target_;
    QLabel* verdict_;
    QCheckBox* useAlternative_;
    QChart* chart_;
    TickLabelAxis* xLabels_ = nullptr;  // the step labels ("0", "5k")
    QLineSeries* designedSeries_;
    QLineSeries* previewSeries_;
    QLabel* deviation_;
    QPlainTextEdit* text_;
    QPushButton* save_;
};

}  // namespace annealer
