#pragma once

#include <QMainWindow>

namespace annealer {

// The designer window. For now a placeholder that shows the built-in demo schedules' LR.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
};

}  // namespace annealer
