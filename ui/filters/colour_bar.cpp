#include "colour_bar.h"

#include "diverging_palette.h"

#include <QPainter>

namespace cnnwb::ui {

ColourBar::ColourBar(QWidget* parent) : QWidget(parent) {
    setMinimumHeight(40);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

void ColourBar::setShared(double scale) {
    scale_ = scale;
    perKernel_ = false;
    update();
}

void ColourBar::setPerKernel() {
    perKernel_ = true;
    update();
}

void ColourBar::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const QFontMetrics fm = fontMetrics();
    const int labelWidth = fm.horizontalAdvance(QStringLiteral("−max |w| of the kernel")) / 2 + 4;
    const QRect bar(labelWidth, 2, std::max(20, width() - 2 * labelWidth), height() - fm.height() - 8);
    for (int x = 0; x < bar.width(); ++x) {
        const double t = -1.0 + 2.0 * x / std::max(1, bar.width() - 1);
        p.setPen(divergingColour(t, 1.0));
        p.drawLine(bar.left() + x, bar.top(), bar.left() + x, bar.bottom());
    }
    p.setPen(QColor(120, 120, 120));
    p.drawRect(bar.adjusted(0, 0, -1, -1));
    p.setPen(palette().color(QPalette::WindowText));
    const int y = bar.bottom() + 4 + fm.ascent();
    const QString low = perKernel_ ? tr("−max |w| of the kernel") : QString::number(-scale_, 'g', 3);
    const QString high = perKernel_ ? tr("+max |w| of the kernel") : QString::number(scale_, 'g', 3);
    auto centred = [&](const QString& text, int x) {
        const int w = fm.horizontalAdvance(text);
        p.drawText(std::clamp(x - w / 2, 0, std::max(0, width() - w)), y, text);
    };
    centred(low, bar.left());
    centred(QStringLiteral("0"), bar.center().x());
    centred(high, bar.right());
}

}  // namespace cnnwb::ui
