// A compact, header-less table view for one kernel: fixed-size cells sized
// for a 2–3 digit number, no scroll bars, sized to show every cell.
#pragma once

#include <QTableView>

namespace cnnwb::ui {

class KernelTableModel;

class KernelTable : public QTableView {
    Q_OBJECT
public:
    explicit KernelTable(KernelTableModel* model, QWidget* parent = nullptr);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return sizeHint(); }

    static constexpr int kCellWidth = 46;
    static constexpr int kCellHeight = 20;
};

}  // namespace cnnwb::ui
