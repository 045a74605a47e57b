// How a layer type looks in the palette and on its card: a colour by family
// (convolution, pooling, dense, regularisation, ...) and a small drawn icon
// with a short tag ("C2", "MP"). Drawn at run time, so a new engine layer gets
// a sensible look without new image files.
#pragma once

#include <QColor>
#include <QIcon>
#include <QString>

namespace cnnwb::ui {

QColor layerColor(const QString& type);
QString layerTag(const QString& type);  // two or three letters
QIcon layerIcon(const QString& type);

}  // namespace cnnwb::ui
