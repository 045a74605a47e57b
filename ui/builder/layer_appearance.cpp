#include "layer_appearance.h"

#include <QPainter>
#include <QPixmap>

namespace cnnwb::ui {

QColor layerColor(const QString& type) {
    if (type == "Input") return QColor(0x60, 0x6c, 0x7a);
    if (type.contains("Conv")) return QColor(0x2f, 0x6f, 0xc4);
    if (type.contains("Pool")) return QColor(0x1c, 0x9a, 0x8c);
    if (type == "Dense" || type == "RBF") return QColor(0x7b, 0x4f, 0xc0);
    if (type == "Flatten") return QColor(0x8a, 0x8f, 0x98);
    if (type == "Dropout" || type == "BatchNormalization") return QColor(0xc7, 0x84, 0x1a);
    if (type == "Activation") return QColor(0x3d, 0x9a, 0x3a);
    return QColor(0x55, 0x55, 0x55);
}

QString layerTag(const QString& type) {
    if (type == "Input") return QStringLiteral("In");
    if (type == "Conv2D") return QStringLiteral("C2");
    if (type == "DepthwiseConv2D") return QStringLiteral("DW");
    if (type == "MaxPool2D") return QStringLiteral("MP");
    if (type == "AveragePool2D") return QStringLiteral("AP");
    if (type == "Dense") return QStringLiteral("D");
    if (type == "Flatten") return QStringLiteral("F");
    if (type == "Dropout") return QStringLiteral("Dr");
    if (type == "BatchNormalization") return QStringLiteral("BN");
    if (type == "Activation") return QStringLiteral("Ac");
    if (type == "RBF") return QStringLiteral("RBF");
    // Unknown types: their capitals, at most three.
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
