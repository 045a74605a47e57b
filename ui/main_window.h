// The main window: for now the model of the open preset as a summary table.
#pragma once

#include "engine/model_spec.h"

#include <QMainWindow>

class QTableWidget;
class QLabel;

namespace cnnwb::ui {

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    // Shows preset `id`; on error shows the message and keeps the window usable.
    bool openPreset(const QString& id);

private:
    void showSpec(const ModelSpec& spec);
    QTableWidget* table_;
    QLabel* totals_;
};

}  // namespace cnnwb::ui
