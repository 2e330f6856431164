#pragma once

#include <QWidget>

class QLabel;
class QSpinBox;
class QTableWidget;

namespace annealer {

class CptDocument;

// "Which checkpoint to start from": the checkpoint (transfer step) the CPT schedules branch
// from, its loss potential (final PT LR over the PT peak), and what the law predicts for the
// selected CPT schedule from checkpoints with more or less potential (the last step at the
// peak, where the PT decay has fallen to 75%, 50% and 25% of it, and the end). A double click
// on a row moves the checkpoint there.
class CptCheckpointPanel : public QWidget {
    Q_OBJECT
public:
    explicit CptCheckpointPanel(CptDocument* document, QWidget* parent = nullptr);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void refresh();

    CptDocument* document_;
    QSpinBox* checkpoint_;
    QLabel* potential_;
    QTableWidget* whatIf_;
    bool refreshing_ = false;
};

}  // namespace annealer
