// Experiment → Draw a digit…: draw with the mouse and watch the current
// model's probabilities change as you draw. The drawing is made into a 28×28
// image the way MNIST's were made (engine/data/mnist_style.h), shown beside
// the canvas, and run through the network on the training worker (the
// network's owner) about ten times a second while the ink changes.
#pragma once

#include "ui/training/inspection.h"

#include <QDialog>

class QLabel;
class QTimer;

namespace cnnwb::ui {

class DigitCanvas;
class ProbabilityChart;
class TrainingController;

class DrawDigitWindow : public QDialog {
    Q_OBJECT
public:
    explicit DrawDigitWindow(TrainingController* controller, QWidget* parent = nullptr);

    DigitCanvas* canvas() const { return canvas_; }
    ProbabilityChart* probabilityChart() const { return probabilities_; }
    // The 28×28 image the model was last given (raw 0..255).
    const QByteArray& preprocessed() const { return preprocessed_; }
    const Inspection& lastAnswer() const { return answer_; }
    QString resultText() const;

private:
    void classify();
    void showAnswer(const Inspection& answer);

    TrainingController* controller_;
    DigitCanvas* canvas_;
    QLabel* preview_;
    QLabel* result_;
    ProbabilityChart* probabilities_;
    QTimer* throttle_;
    QByteArray preprocessed_;
    Inspection answer_;
};

}  // namespace cnnwb::ui
