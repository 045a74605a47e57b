// Ticks for a logarithmic value axis that are right at any span: powers of
// ten, and 2× and 5× between them when the axis spans three decades or fewer
// (QCustomPlot's own log ticker falls back to evenly spaced linear values on
// a narrow range, which on a log axis sit unevenly and lose their labels
// below 0.1). Minor ticks at 2..9 × each power of ten.
#pragma once

#include <qcustomplot.h>

namespace cnnwb::ui {

class LogTicker : public QCPAxisTicker {
public:
    // The ticks for [lower, upper] (both > 0), in order; for tests too.
    static QVector<double> ticksFor(double lower, double upper);

protected:
    QVector<double> createTickVector(double tickStep, const QCPRange& range) override;
    QVector<double> createSubTickVector(int subTickCount, const QVector<double>& ticks) override;
    QString getTickLabel(double tick, const QLocale& locale, QChar formatChar, int precision) override;
};

}  // namespace cnnwb::ui
