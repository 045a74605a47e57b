// One kernel in the heatmap grid: a caption ("kernel 3") above its table.
#pragma once

#include <QWidget>

class QLabel;

namespace cnnwb::ui {

class KernelTable;
class KernelTableModel;

class KernelCell : public QWidget {
    Q_OBJECT
public:
    explicit KernelCell(QWidget* parent = nullptr);

    KernelTableModel* model() const { return model_; }
    KernelTable* table() const { return table_; }
    void setCaption(const QString& caption);

private:
    KernelTableModel* model_;
    KernelTable* table_;
    QLabel* caption_;
};

}  // namespace cnnwb::ui
