#include "kernel_table.h"

#include "kernel_table_model.h"

#include <QHeaderView>

namespace cnnwb::ui {

KernelTable::KernelTable(KernelTableModel* model, QWidget* parent) : QTableView(parent) {
    setModel(model);
    horizontalHeader()->hide();
    verticalHeader()->hide();
    horizontalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    horizontalHeader()->setDefaultSectionSize(kCellWidth);
    verticalHeader()->setDefaultSectionSize(kCellHeight);
    horizontalHeader()->setMinimumSectionSize(8);
    verticalHeader()->setMinimumSectionSize(8);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setEditTriggers(NoEditTriggers);
    setSelectionMode(ContiguousSelection);
    setFocusPolicy(Qt::ClickFocus);
    setShowGrid(true);
    setGridStyle(Qt::SolidLine);
    setStyleSheet(QStringLiteral("QTableView { gridline-color: #d0d0d0; }"));
    QFont small = font();
    small.setPointSizeF(std::max(6.5, small.pointSizeF() * 0.8));
    setFont(small);
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    connect(model, &QAbstractItemModel::modelReset, this, [this] { updateGeometry(); });
}

QSize KernelTable::sizeHint() const {
    const int columns = model() ? model()->columnCount() : 0;
    const int rows = model() ? model()->rowCount() : 0;
    const int frame = 2 * frameWidth();
    return {columns * kCellWidth + frame + 1, rows * kCellHeight + frame + 1};
}

}  // namespace cnnwb::ui
