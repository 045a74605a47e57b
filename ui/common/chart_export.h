// Saving the dashboard's charts as one picture: PNG (pixels, at 2× for
// sharpness), PDF (vector), and SVG (vector) when the Qt SVG module was found
// at build time (Debian: qt6-svg-dev). Charts are laid out side by side in
// the order given. Each function returns an empty string on success, or a
// message saying what went wrong.
#pragma once

#include <QList>
#include <QString>

class QCustomPlot;

namespace cnnwb::ui {

QString saveChartsPng(const QList<QCustomPlot*>& charts, const QString& path, double scale = 2.0);
QString saveChartsPdf(const QList<QCustomPlot*>& charts, const QString& path);
QString saveChartsSvg(const QList<QCustomPlot*>& charts, const QString& path);
// Whether saveChartsSvg can work in this build.
bool svgExportAvailable();

}  // namespace cnnwb::ui
