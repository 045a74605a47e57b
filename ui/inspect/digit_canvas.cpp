#include "digit_canvas.h"

#include <QMouseEvent>
#include <QPainter>

namespace cnnwb::ui {

namespace {

constexpr double kPenWidth = DigitCanvas::kSide / 12.0;

}  // namespace

DigitCanvas::DigitCanvas(QWidget* parent) : QWidget(parent), image_(kSide, kSide, QImage::Format_Grayscale8) {
    setFixedSize(kSide, kSide);
    setCursor(Qt::CrossCursor);
    setToolTip(tr("Draw a digit with the mouse"));
    image_.fill(Qt::black);
}

void DigitCanvas::clear() {
    image_.fill(Qt::black);
    empty_ = true;
    update();
    emit changed();
}

void DigitCanvas::lineTo(const QPointF& to) {
    QPainter p(&image_);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(Qt::white, kPenWidth, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.drawLine(last_, to);
    last_ = to;
    empty_ = false;
    update();
}

void DigitCanvas::drawStroke(const QList<QPointF>& points) {
    if (points.isEmpty()) return;
    last_ = points.front();
    for (const QPointF& pt : points) lineTo(pt);
    emit changed();
}

std::vector<std::uint8_t> DigitCanvas::greyPixels() const {
    std::vector<std::uint8_t> out(std::size_t(kSide) * kSide);
    for (int y = 0; y < kSide; ++y) {
        const uchar* row = image_.constScanLine(y);
        std::copy(row, row + kSide, out.begin() + std::ptrdiff_t(y) * kSide);
    }
    return out;
}

void DigitCanvas::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.drawImage(0, 0, image_);
}

void DigitCanvas::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) return;
    last_ = event->position();
    lineTo(event->position());  // a click is a dot
    emit changed();
}

void DigitCanvas::mouseMoveEvent(QMouseEvent* event) {
    if (!(event->buttons() & Qt::LeftButton)) return;
    lineTo(event->position());
    emit changed();
}

}  // namespace cnnwb::ui
