#include "kernel_cell.h"

#include "kernel_table.h"
#include "kernel_table_model.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace cnnwb::ui {

KernelCell::KernelCell(QWidget* parent) : QWidget(parent), row_(new QHBoxLayout), caption_(new QLabel(this)) {
    QFont small = caption_->font();
    small.setPointSizeF(std::max(7.0, small.pointSizeF() * 0.85));
    small.setBold(true);
    caption_->setFont(small);
    row_->setContentsMargins(0, 0, 0, 0);
    row_->setSpacing(6);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(1);
    layout->addWidget(caption_);
    layout->addLayout(row_);
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    setChannels({QString()});
}

void KernelCell::setChannels(const QStringList& labels, const QList<QColor>& colours) {
    const int n = std::max(1, int(labels.size()));
    while (columns_.size() > n) {
        delete columns_.takeLast();
        labels_.removeLast();
        tables_.removeLast();
        delete models_.takeLast();
    }
    while (columns_.size() < n) {
        auto* column = new QWidget(this);
        auto* label = new QLabel(column);
        label->setFont(caption_->font());
        auto* model = new KernelTableModel(this);
        auto* table = new KernelTable(model, column);
        connect(table, &QAbstractItemView::clicked, this, [this, index = int(tables_.size())](const QModelIndex& cell) {
            emit weightClicked(index, cell.row(), cell.column());
        });
        auto* layout = new QVBoxLayout(column);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->setSpacing(1);
        layout->addWidget(label);
        layout->addWidget(table);
        row_->addWidget(column);
        columns_ << column;
        labels_ << label;
        models_ << model;
        tables_ << table;
    }
    for (int i = 0; i < n; ++i) {
        const QString text = labels.value(i);
        labels_[i]->setText(text);
        labels_[i]->setVisible(n > 1 && !text.isEmpty());
        const QColor colour = colours.value(i);
        labels_[i]->setStyleSheet(colour.isValid() ? QStringLiteral("color: %1").arg(colour.name()) : QString());
        models_[i]->setTitle(text.isEmpty() ? captionText_ : captionText_ + ", " + text);
    }
}

void KernelCell::setCaption(const QString& caption) {
    captionText_ = caption;
    caption_->setText(caption);
    for (int i = 0; i < models_.size(); ++i)
        models_[i]->setTitle(labels_[i]->text().isEmpty() ? caption : caption + ", " + labels_[i]->text());
}

}  // namespace cnnwb::ui
