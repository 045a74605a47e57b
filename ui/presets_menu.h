// Presets: every shipped preset, one submenu per reference experiment
// (E1..E5), each entry showing the figure its authors reported, with the
// source and description as tooltip and status tip.
#pragma once

#include <QString>

#include <functional>

class QMenu;

namespace cnnwb::ui {

void fillPresetsMenu(QMenu* menu, const std::function<void(const QString& id)>& open);

// "E1 — LeNet 1988 on MNIST" for "E1".
QString experimentTitle(const QString& experiment);

}  // namespace cnnwb::ui
