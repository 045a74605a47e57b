#include "layer_palette.h"

#include "layer_appearance.h"
#include "ui/document/layer_list_model.h"

#include "engine/layer_registry.h"

#include <QMimeData>

namespace cnnwb::ui {

LayerPalette::LayerPalette(QWidget* parent) : QListWidget(parent) {
    setIconSize(QSize(24, 24));
    setDragEnabled(true);
    setDragDropMode(QAbstractItemView::DragOnly);
    setDefaultDropAction(Qt::CopyAction);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setUniformItemSizes(true);
    setSpacing(1);
    for (const LayerType& t : layerTypes()) {
        const QString name = QString::fromStdString(t.name);
        auto* item = new QListWidgetItem(layerIcon(name), name, this);
        item->setToolTip(QStringLiteral("<b>%1</b><br>%2<br><i>%3</i>")
                             .arg(name, QString::fromStdString(t.description).toHtmlEscaped(),
                                  tr("Double-click to add after the selected layer, or drag onto the stack")));
        item->setStatusTip(QString::fromStdString(t.description));
        item->setData(Qt::UserRole, name);
    }
    connect(this, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { emit addRequested(item->data(Qt::UserRole).toString()); });
}

int LayerPalette::rowOfType(const QString& type) const {
    for (int i = 0; i < count(); ++i)
        if (item(i)->data(Qt::UserRole).toString() == type) return i;
    return -1;
}

QStringList LayerPalette::mimeTypes() const { return {QString(LayerListModel::kTypeMime)}; }

QMimeData* LayerPalette::mimeData(const QList<QListWidgetItem*>& items) const {
    if (items.isEmpty()) return nullptr;
    auto* data = new QMimeData;
    data->setData(LayerListModel::kTypeMime, items.first()->data(Qt::UserRole).toString().toUtf8());
    return data;
}

}  // namespace cnnwb::ui
