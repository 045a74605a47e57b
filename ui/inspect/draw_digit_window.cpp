#include "draw_digit_window.h"

#include "digit_canvas.h"
#include "probability_chart.h"
#include "ui/common/sample_image.h"
#include "ui/training/training_controller.h"

#include "engine/data/mnist_style.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace cnnwb::ui {

namespace {

constexpr int kPreviewScale = 5;
constexpr int kThrottleMs = 100;

}  // namespace

DrawDigitWindow::DrawDigitWindow(TrainingController* controller, QWidget* parent)
    : QDialog(parent),
      controller_(controller),
      canvas_(new DigitCanvas(this)),
      preview_(new QLabel(this)),
      result_(new QLabel(this)),
      probabilities_(new ProbabilityChart(this)),
      throttle_(new QTimer(this)) {
    setWindowTitle(tr("Draw a digit"));
    auto* clear = new QPushButton(tr("Clear"), this);
    preview_->setFixedSize(kMnistSide * kPreviewScale + 4, kMnistSide * kPreviewScale + 4);
    preview_->setFrameShape(QFrame::StyledPanel);
    preview_->setAlignment(Qt::AlignCenter);
    preview_->setToolTip(tr("What the model is given: the ink's box scaled into 20×20 and centred by its centre of "
                            "mass in 28×28, as MNIST's digits were made"));
    result_->setWordWrap(true);
    result_->setTextFormat(Qt::RichText);
    probabilities_->setMinimumSize(260, 300);

    auto* left = new QVBoxLayout;
    left->addWidget(new QLabel(tr("Draw here (white on black, like MNIST):"), this));
    left->addWidget(canvas_);
    left->addWidget(clear, 0, Qt::AlignLeft);
    left->addStretch(1);
    auto* middle = new QVBoxLayout;
    middle->addWidget(new QLabel(tr("The model sees (28×28):"), this));
    middle->addWidget(preview_);
    middle->addWidget(result_);
    middle->addStretch(1);
    auto* layout = new QHBoxLayout(this);
    layout->addLayout(left);
    layout->addLayout(middle);
    layout->addWidget(probabilities_, 1);

    throttle_->setSingleShot(true);
    throttle_->setInterval(kThrottleMs);
    connect(canvas_, &DigitCanvas::changed, throttle_, qOverload<>(&QTimer::start));
    connect(throttle_, &QTimer::timeout, this, &DrawDigitWindow::classify);
    connect(clear, &QPushButton::clicked, canvas_, &DigitCanvas::clear);
    connect(controller_->events(), &TrainingEvents::drawnInspectionReady, this, &DrawDigitWindow::showAnswer);
    connect(controller_->events(), &TrainingEvents::drawnInspectionFailed, this, [this](const QString& message) {
        result_->setText(tr("<span style='color:#c0392b'>Draw a digit works with models that read 28×28 grey images "
                            "(MNIST): %1</span>").arg(message.toHtmlEscaped()));
    });
    result_->setText(tr("Draw a digit; the model's answer appears as you draw."));
}

void DrawDigitWindow::classify() {
    const std::vector<std::uint8_t> digit = mnistStyleDigit(canvas_->greyPixels(), DigitCanvas::kSide, DigitCanvas::kSide);
    preprocessed_ = QByteArray(reinterpret_cast<const char*>(digit.data()), qsizetype(digit.size()));
    const QImage image = sampleImage(digit.data(), 1, kMnistSide, kMnistSide);
    preview_->setPixmap(QPixmap::fromImage(image.scaled(image.size() * kPreviewScale, Qt::KeepAspectRatio, Qt::FastTransformation)));
    if (canvas_->isEmpty()) {
        result_->setText(tr("Draw a digit; the model's answer appears as you draw."));
        probabilities_->setProbabilities({}, {}, -1);
        return;
    }
    if (!controller_->hasNetwork() && !controller_->isBusy()) {
        result_->setText(tr("There is no model to ask yet: train it, or open a trained session."));
        return;
    }
    controller_->requestDrawnInspection(preprocessed_);
}

void DrawDigitWindow::showAnswer(const Inspection& answer) {
    if (answer.pixels != preprocessed_) return;  // an older drawing's answer
    answer_ = answer;
    probabilities_->setProbabilities(answer.probabilities, answer.classNames, -1);
    const QString name = answer.classNames.value(answer.predicted, QString::number(answer.predicted));
    const double p = answer.probabilities.value(answer.predicted);
    result_->setText(tr("The model says <b style='font-size:large'>%1</b> (p = %2)<br><small>weights %3</small>")
                         .arg(name)
                         .arg(p, 0, 'f', 3)
                         .arg(answer.weights.toHtmlEscaped()));
}

QString DrawDigitWindow::resultText() const { return result_->text(); }

}  // namespace cnnwb::ui
