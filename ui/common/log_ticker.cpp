#include "log_ticker.h"

#include <cmath>

namespace cnnwb::ui {

QVector<double> LogTicker::ticksFor(double lower, double upper) {
    QVector<double> ticks;
    if (!(lower > 0) || !(upper > lower)) return ticks;
    const int first = int(std::floor(std::log10(lower)));
    const int last = int(std::ceil(std::log10(upper)));
    static const int mantissas[] = {1, 2, 5};
    const int count = last - first <= 3 ? 3 : 1;  // 1-2-5 on a narrow axis, powers of ten on a wide one
    for (int e = first; e <= last; ++e)
        for (int i = 0; i < count; ++i) {
            // Built from the decimal text, so 0.02 is exactly the double "0.02".
            const double t = QStringLiteral("%1e%2").arg(mantissas[i]).arg(e).toDouble();
            if (t >= lower * (1 - 1e-12) && t <= upper * (1 + 1e-12)) ticks.push_back(t);
        }
    return ticks;
}

QVector<double> LogTicker::createTickVector(double, const QCPRange& range) { return ticksFor(range.lower, range.upper); }

QVector<double> LogTicker::createSubTickVector(int, const QVector<double>& ticks) {
    QVector<double> sub;
    if (ticks.isEmpty()) return sub;
    const int first = int(std::floor(std::log10(ticks.front()))) - 1;
    const int last = int(std::ceil(std::log10(ticks.back()))) + 1;
    for (int e = first; e <= last; ++e)
        for (int m = 2; m <= 9; ++m) sub.push_back(m * std::pow(10.0, e));
    return sub;
}

QString LogTicker::getTickLabel(double tick, const QLocale& locale, QChar, int) {
    // Plain decimals down to 0.0001, then 1e-05 and so on.
    return tick >= 1e-4 ? locale.toString(tick, 'g', 6) : locale.toString(tick, 'g', 1);
}

}  // namespace cnnwb::ui
