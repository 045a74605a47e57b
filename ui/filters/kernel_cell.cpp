#include "kernel_cell.h"

#include "kernel_table.h"
#include "kernel_table_model.h"

#include <QLabel>
#include <QVBoxLayout>

namespace cnnwb::ui {

KernelCell::KernelCell(QWidget* parent)
    : QWidget(parent), model_(new KernelTableModel(this)), table_(new KernelTable(model_, this)), caption_(new QLabel(this)) {
    QFont small = caption_->font();
    small.setPointSizeF(std::max(7.0, small.pointSizeF() * 0.85));
    small.setBold(true);
    caption_->setFont(small);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(1);
    layout->addWidget(caption_);
    layout->addWidget(table_);
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
}

void KernelCell::setCaption(const QString& caption) {
    caption_->setText(caption);
    model_->setTitle(caption);
}

}  // namespace cnnwb::ui
