#include "reference_line.h"

#include <QObject>

namespace cnnwb::ui {

std::optional<ReferenceLine> referenceLineFor(const std::optional<ReportedFigure>& figure) {
    if (!figure) return std::nullopt;
    ReferenceLine line;
    if (figure->metric == "test_error") {
        line.accuracy = 1.0 - figure->value;
        line.label = QObject::tr("reported test error %1 % (accuracy %2)")
                         .arg(figure->value * 100.0, 0, 'g', 4)
                         .arg(line.accuracy, 0, 'g', 4);
    } else if (figure->metric == "val_accuracy") {
        line.accuracy = figure->value;
        line.label = QObject::tr("reported validation accuracy %1").arg(figure->value, 0, 'g', 4);
    } else if (figure->metric == "test_accuracy") {
        line.accuracy = figure->value;
        line.label = QObject::tr("reported test accuracy %1").arg(figure->value, 0, 'g', 4);
    } else {
        return std::nullopt;  // a metric that is not an accuracy cannot go on this chart
    }
    return line;
}

}  // namespace cnnwb::ui
