// The figure an experiment's authors reported, as a line on the accuracy
// chart. Every metric becomes an accuracy (a test error e is drawn at 1 − e)
// and the label says what was reported, so nothing is hidden by converting.
#pragma once

#include "engine/model_spec.h"

#include <QString>

#include <optional>

namespace cnnwb::ui {

struct ReferenceLine {
    double accuracy = 0;
    QString label;  // "reported test accuracy 0.958", "reported test error 1.81 % (accuracy 0.9819)"
};

std::optional<ReferenceLine> referenceLineFor(const std::optional<ReportedFigure>& figure);

}  // namespace cnnwb::ui
