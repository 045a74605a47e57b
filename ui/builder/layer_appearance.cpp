#include "layer_appearance.h"

#include "engine/layer_registry.h"

#include <QPainter>
#include <QPixmap>

namespace cnnwb::ui {

QColor layerColor(const QString& type) {
    const LayerType* info = findLayerType(type.toStdString());
    if (!info) return QColor(0x55, 0x55, 0x55);
    switch (info->category) {
    case LayerCategory::Input: return QColor(0x60, 0x6c, 0x7a);
    case LayerCategory::Convolution: return QColor(0x2f, 0x6f, 0xc4);
    case LayerCategory::Pooling: return QColor(0x1c, 0x9a, 0x8c);
    case LayerCategory::Dense: return QColor(0x7b, 0x4f, 0xc0);
    case LayerCategory::Reshape: return QColor(0x8a, 0x8f, 0x98);
    case LayerCategory::Regularisation:
    case LayerCategory::Normalisation: return QColor(0xc7, 0x84, 0x1a);
    case LayerCategory::Activation: return QColor(0x3d, 0x9a, 0x3a);
    }
    return QColor(0x55, 0x55, 0x55);
}

QString layerTag(const QString& type) {
    if (const LayerType* info = findLayerType(type.toStdString())) return QString::fromStdString(info->tag);
    // A type the engine does not know (a hand-edited file): its capitals, at most three.
    QString tag;
    for (QChar c : type)
        if (c.isUpper() || c.isDigit()) tag += c;
    return (tag.isEmpty() ? type.left(2) : tag).left(3);
}

QIcon layerIcon(const QString& type) {
    QIcon icon;
    for (int size : {16, 24, 32, 48}) {
        QPixmap pm(size, size);
        pm.fill(Qt::transparent);
        QPainter p(&pm);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(Qt::NoPen);
        p.setBrush(layerColor(type));
        p.drawRoundedRect(QRectF(0.5, 0.5, size - 1, size - 1), size * 0.2, size * 0.2);
        const QString tag = layerTag(type);
        QFont f;
        f.setBold(true);
        f.setPixelSize(int(size * (tag.size() > 2 ? 0.36 : 0.46)));
        p.setFont(f);
        p.setPen(Qt::white);
        p.drawText(QRect(0, 0, size, size), Qt::AlignCenter, tag);
        p.end();
        icon.addPixmap(pm);
    }
    return icon;
}

}  // namespace cnnwb::ui
