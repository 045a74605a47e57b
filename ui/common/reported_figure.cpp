#include "reported_figure.h"

#include <QObject>

namespace cnnwb::ui {

QString reportedFigureText(const ReportedFigure& f) {
    if (f.metric == "test_error") return QObject::tr("test error %1 %").arg(f.value * 100.0, 0, 'g', 4);
    if (f.metric == "val_accuracy") return QObject::tr("validation accuracy %1").arg(f.value, 0, 'g', 4);
    if (f.metric == "test_accuracy") return QObject::tr("test accuracy %1").arg(f.value, 0, 'g', 4);
    return QStringLiteral("%1 %2").arg(QString::fromStdString(f.metric)).arg(f.value, 0, 'g', 4);
}

QString reportedFigureDetails(const std::optional<ReportedFigure>& f) {
    if (!f) return QObject::tr("No figure reported for this variant.");
    QString text = QObject::tr("Reported: %1").arg(reportedFigureText(*f));
    if (!f->note.empty()) text += QStringLiteral(" (%1)").arg(QString::fromStdString(f->note));
    if (!f->source.empty()) text += QObject::tr(" — source: %1").arg(QString::fromStdString(f->source));
    return text;
}

}  // namespace cnnwb::ui
