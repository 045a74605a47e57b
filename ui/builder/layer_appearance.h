// How a layer type looks in the palette and on its card: a colour by its
// family (the registry's category: convolution, pooling, dense, ...) and a
// small drawn icon with the registry's tag ("C2", "MP"). Drawn at run time,
// so a new engine layer gets its look from its registry entry alone.
#pragma once

#include <QColor>
#include <QIcon>
#include <QString>

namespace cnnwb::ui {

QColor layerColor(const QString& type);
QString layerTag(const QString& type);  // two or three letters
QIcon layerIcon(const QString& type);

}  // namespace cnnwb::ui
