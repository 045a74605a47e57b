// The "Mistakes" tab: the current model scored on the test (or validation,
// or training) set. A confusion matrix with counts or row percentages, the
// per-class precision, recall and F1, and below them the images of the
// chosen cell — every mistake by default — the surest first, each with its
// true and predicted class and top 3 in its tooltip. Clicking an image shows
// why beside them (saliency, Grad-CAM, occlusion: WhyPanel), from where it
// opens in Feature maps. The scoring runs on the
// training worker (its owner); this view asks through the controller and
// shows the copy it gets back, saying which weights it scored and when
// training has moved on since.
#pragma once

#include "ui/training/inspection.h"
#include "ui/training/model_evaluation.h"

#include <QWidget>

#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QTableView;
class QTableWidget;
class QToolButton;

namespace cnnwb::ui {

class ConfusionMatrixModel;
class TileGrid;
class TrainingController;
class WhyPanel;

class EvaluationView : public QWidget {
    Q_OBJECT
public:
    explicit EvaluationView(QWidget* parent = nullptr);

    void attach(TrainingController* controller);
    // Asks the worker to score the chosen part now.
    void evaluate();
    void showEvaluation(const ModelEvaluation& evaluation);
    // Shows the images of one cell (true class, predicted class), or with
    // -1, -1 every mistake.
    void selectCell(int trueClass, int predictedClass);

    const ModelEvaluation& evaluation() const { return evaluation_; }
    bool hasEvaluation() const { return !evaluation_.isEmpty(); }
    // Whether training went on (or other weights were loaded) since the evaluation shown.
    bool isStale() const { return stale_; }
    ConfusionMatrixModel* matrixModel() const { return matrix_; }
    QTableView* matrixView() const { return matrixView_; }
    QTableWidget* metricsTable() const { return metrics_; }
    TileGrid* images() const { return images_; }
    WhyPanel* whyPanel() const { return why_; }
    // The evaluation's samples the image grid shows, in order.
    const std::vector<std::size_t>& shownSamples() const { return shown_; }
    QString statusText() const;
    QString cellTitleText() const;

    // Exports; each returns empty or why the file could not be written.
    QString exportConfusionCsv(const QString& path) const;
    QString exportMetricsCsv(const QString& path) const;
    QString exportImagesCsv(const QString& path) const;
    QString exportMatrixPng(const QString& path) const;

signals:
    // Inspect image `index` of `part` in Feature maps (asked from the why pane).
    void imageActivated(cnnwb::ui::DataPart part, int index);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void fillMetrics();
    void showCell();
    void updateStatus();
    void exportTo(const QString& title, const QString& filter, QString (EvaluationView::*write)(const QString&) const);

    TrainingController* controller_ = nullptr;
    ModelEvaluation evaluation_;
    bool stale_ = true;
    bool pending_ = false;
    int cellTrue_ = -1, cellPredicted_ = -1;
    std::vector<std::size_t> shown_;
    std::size_t cellTotal_ = 0;
    QString message_;

    QComboBox* part_;
    QPushButton* evaluate_;
    QCheckBox* rowPercent_;
    QToolButton* export_;
    QLabel* status_;
    ConfusionMatrixModel* matrix_;
    QTableView* matrixView_;
    QTableWidget* metrics_;
    QLabel* cellTitle_;
    QPushButton* allMistakes_;
    TileGrid* images_;
    WhyPanel* why_;
};

}  // namespace cnnwb::ui
