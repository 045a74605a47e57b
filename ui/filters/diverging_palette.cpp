#include "diverging_palette.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace cnnwb::ui {

namespace {

struct Anchor {
    double at;
    int r, g, b;
};

// RdBu from -1 (dark blue) through white to +1 (dark red).
constexpr std::array<Anchor, 5> kAnchors{{
    {-1.0, 33, 102, 172},
    {-0.5, 146, 197, 222},
    {0.0, 255, 255, 255},
    {0.5, 244, 165, 130},
    {1.0, 178, 24, 43},
}};

double position(double value, double scale) {
    if (!(scale > 0) || !std::isfinite(value)) return 0;
    return std::clamp(value / scale, -1.0, 1.0);
}

}  // namespace

QColor divergingColour(double value, double scale) {
    const double t = position(value, scale);
    for (std::size_t i = 1; i < kAnchors.size(); ++i) {
        const Anchor& a = kAnchors[i - 1];
        const Anchor& b = kAnchors[i];
        if (t <= b.at) {
            const double f = (t - a.at) / (b.at - a.at);
            return QColor(int(std::lround(a.r + f * (b.r - a.r))), int(std::lround(a.g + f * (b.g - a.g))),
                          int(std::lround(a.b + f * (b.b - a.b))));
        }
    }
    return QColor(kAnchors.back().r, kAnchors.back().g, kAnchors.back().b);
}

QColor textColourOn(double value, double scale) {
    return std::abs(position(value, scale)) > 0.65 ? QColor(Qt::white) : QColor(Qt::black);
}

int decimalsForScale(double scale) {
    if (!(scale > 0) || !std::isfinite(scale)) return 2;
    return std::clamp(2 - int(std::floor(std::log10(scale))), 1, 5);
}

}  // namespace cnnwb::ui
