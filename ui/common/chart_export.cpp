#include "chart_export.h"

#include <qcustomplot.h>

#include <QFileInfo>
#include <QPdfWriter>
#include <QPixmap>

#ifdef CNNWB_HAVE_SVG
#include <QSvgGenerator>
#endif

namespace cnnwb::ui {

namespace {

QSize sheetSize(const QList<QCustomPlot*>& charts) {
    QSize size(0, 0);  // QSize() is (-1, -1)
    for (const QCustomPlot* c : charts) size = QSize(size.width() + c->width(), std::max(size.height(), c->height()));
    return size;
}

// Draws every chart at its on-screen size, left to right, on `painter`.
void paintCharts(const QList<QCustomPlot*>& charts, QCPPainter& painter) {
    int x = 0;
    for (QCustomPlot* c : charts) {
        painter.save();
        painter.translate(x, 0);
        c->toPainter(&painter, c->width(), c->height());
        painter.restore();
        x += c->width();
    }
}

QString cannotWrite(const QString& path) {
    return QObject::tr("Could not write %1: check that the folder exists and is writable.").arg(path);
}

}  // namespace

bool svgExportAvailable() {
#ifdef CNNWB_HAVE_SVG
    return true;
#else
    return false;
#endif
}

QString saveChartsPng(const QList<QCustomPlot*>& charts, const QString& path, double scale) {
    const QSize size = sheetSize(charts);
    if (size.isEmpty()) return QObject::tr("There is no chart to save.");
    QPixmap sheet(size * scale);
    sheet.fill(Qt::white);
    int x = 0;
    {
        QPainter painter(&sheet);
        for (QCustomPlot* c : charts) {
            painter.drawPixmap(int(x * scale), 0, c->toPixmap(c->width(), c->height(), scale));
            x += c->width();
        }
    }
    return sheet.save(path, "PNG") ? QString() : cannotWrite(path);
}

QString saveChartsPdf(const QList<QCustomPlot*>& charts, const QString& path) {
    const QSize size = sheetSize(charts);
    if (size.isEmpty()) return QObject::tr("There is no chart to save.");
    QPdfWriter writer(path);
    writer.setCreator(QStringLiteral("CNN Workbench"));
    writer.setResolution(96);
    writer.setPageMargins(QMarginsF(0, 0, 0, 0));
    writer.setPageSize(QPageSize(QSizeF(size), QPageSize::Point));
    // At 96 dpi a point page of size w × h is w·96/72 pixels wide: scale to fill it.
    QCPPainter painter;
    if (!painter.begin(&writer)) return cannotWrite(path);
    painter.setMode(QCPPainter::pmVectorized);
    painter.setMode(QCPPainter::pmNoCaching);
    painter.scale(96.0 / 72.0, 96.0 / 72.0);
    paintCharts(charts, painter);
    painter.end();
    return QFileInfo(path).size() > 0 ? QString() : cannotWrite(path);
}

QString saveChartsSvg(const QList<QCustomPlot*>& charts, const QString& path) {
#ifdef CNNWB_HAVE_SVG
    const QSize size = sheetSize(charts);
    if (size.isEmpty()) return QObject::tr("There is no chart to save.");
    QSvgGenerator generator;
    generator.setFileName(path);
    generator.setSize(size);
    generator.setViewBox(QRect(QPoint(0, 0), size));
    generator.setTitle(QStringLiteral("CNN Workbench training charts"));
    QCPPainter painter;
    if (!painter.begin(&generator)) return cannotWrite(path);
    painter.setMode(QCPPainter::pmVectorized);
    painter.setMode(QCPPainter::pmNoCaching);
    paintCharts(charts, painter);
    painter.end();
    return QFileInfo(path).size() > 0 ? QString() : cannotWrite(path);
#else
    Q_UNUSED(charts);
    Q_UNUSED(path);
    return QObject::tr("This build has no SVG support (Qt SVG was not found); save as PDF for a vector picture.");
#endif
}

}  // namespace cnnwb::ui
