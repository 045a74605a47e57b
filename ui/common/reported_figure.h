// How the figure an experiment's authors reported is worded in menus and the
// experiment header: "test accuracy 0.958", "test error 1.81 %".
#pragma once

#include "engine/model_spec.h"

#include <QString>

namespace cnnwb::ui {

QString reportedFigureText(const ReportedFigure& figure);
// The figure, its source and note, for tooltips; a line saying there is none otherwise.
QString reportedFigureDetails(const std::optional<ReportedFigure>& figure);

}  // namespace cnnwb::ui
