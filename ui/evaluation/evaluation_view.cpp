#include "evaluation_view.h"

#include "confusion_matrix_model.h"
#include "evaluation_csv.h"
#include "why_panel.h"
#include "ui/common/sample_image.h"
#include "ui/common/text_file.h"
#include "ui/common/tile_grid.h"
#include "ui/training/training_controller.h"

#include "engine/layer.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTableView>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace cnnwb::ui {

namespace {

// A cell can hold thousands of images (a diagonal cell of MNIST: about 1,000);
// the grid shows the surest ones, the CSV export has them all.
constexpr std::size_t kMaxTiles = 300;

QString thousands(std::size_t n) { return QString::fromStdString(withThousands(std::uint64_t(n))); }

QString className(const Evaluation& e, int c) { return QString::fromStdString(e.classNames[std::size_t(c)]); }

QString percent(double share) { return QString::number(100 * share, 'f', 2) + QStringLiteral(" %"); }

}  // namespace

EvaluationView::EvaluationView(QWidget* parent)
    : QWidget(parent),
      part_(new QComboBox(this)),
      evaluate_(new QPushButton(tr("Evaluate"), this)),
      rowPercent_(new QCheckBox(tr("Row %"), this)),
      export_(new QToolButton(this)),
      status_(new QLabel(this)),
      matrix_(new ConfusionMatrixModel(this)),
      matrixView_(new QTableView(this)),
      metrics_(new QTableWidget(this)),
      cellTitle_(new QLabel(this)),
      allMistakes_(new QPushButton(tr("All mistakes"), this)),
      images_(new TileGrid),
      why_(new WhyPanel(this)) {
    part_->addItem(tr("Test set"), int(DataPart::Test));
    part_->addItem(tr("Validation set"), int(DataPart::Validation));
    part_->addItem(tr("Training set"), int(DataPart::Training));
    part_->setToolTip(tr("Which images to score the model on"));
    evaluate_->setToolTip(tr("Score every image of the chosen set with the current weights (while training, the run "
                             "waits for it between two batches)"));
    rowPercent_->setToolTip(tr("Show each cell as a percentage of its row (the images of that true class)"));
    export_->setText(tr("Export"));
    export_->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(export_);
    menu->addAction(tr("Confusion matrix as CSV…"), this, [this] {
        exportTo(tr("Export the confusion matrix"), QStringLiteral("confusion-matrix.csv"), &EvaluationView::exportConfusionCsv);
    });
    menu->addAction(tr("Per-class metrics as CSV…"), this, [this] {
        exportTo(tr("Export the per-class metrics"), QStringLiteral("class-metrics.csv"), &EvaluationView::exportMetricsCsv);
    });
    menu->addAction(tr("These images as CSV…"), this, [this] {
        exportTo(tr("Export the images shown"), QStringLiteral("images.csv"), &EvaluationView::exportImagesCsv);
    });
    menu->addAction(tr("Confusion matrix as PNG…"), this, [this] {
        exportTo(tr("Export the confusion matrix"), QStringLiteral("confusion-matrix.png"), &EvaluationView::exportMatrixPng);
    });
    export_->setMenu(menu);
    status_->setWordWrap(true);
    status_->setTextFormat(Qt::RichText);

    auto* tools = new QHBoxLayout;
    tools->addWidget(part_);
    tools->addWidget(evaluate_);
    tools->addWidget(rowPercent_);
    tools->addWidget(export_);
    tools->addWidget(status_, 1);

    matrixView_->setModel(matrix_);
    matrixView_->setSelectionMode(QAbstractItemView::SingleSelection);
    matrixView_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    matrixView_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    matrixView_->verticalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    matrixView_->horizontalHeader()->setToolTip(tr("predicted class"));
    matrixView_->verticalHeader()->setToolTip(tr("true class"));
    matrixView_->setToolTip(tr("Rows: true class; columns: predicted class. Click a cell to see its images."));
    auto* matrixTitle = new QLabel(tr("<b>Confusion matrix</b> — rows: true class, columns: predicted class"), this);

    metrics_->setColumnCount(5);
    metrics_->setHorizontalHeaderLabels({tr("precision"), tr("recall"), tr("F1"), tr("images"), tr("predicted")});
    metrics_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    metrics_->setSelectionMode(QAbstractItemView::NoSelection);
    metrics_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    metrics_->verticalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    auto* metricsTitle = new QLabel(tr("<b>Per class</b> — precision: right among those predicted as the class; "
                                       "recall: found among those truly in it"), this);
    metricsTitle->setWordWrap(true);

    auto* matrixBox = new QWidget(this);
    auto* matrixLayout = new QVBoxLayout(matrixBox);
    matrixLayout->setContentsMargins(0, 0, 0, 0);
    matrixLayout->addWidget(matrixTitle);
    matrixLayout->addWidget(matrixView_, 1);
    auto* metricsBox = new QWidget(this);
    auto* metricsLayout = new QVBoxLayout(metricsBox);
    metricsLayout->setContentsMargins(0, 0, 0, 0);
    metricsLayout->addWidget(metricsTitle);
    metricsLayout->addWidget(metrics_, 1);
    auto* top = new QSplitter(Qt::Horizontal, this);
    top->addWidget(matrixBox);
    top->addWidget(metricsBox);
    top->setStretchFactor(0, 3);
    top->setStretchFactor(1, 2);

    cellTitle_->setWordWrap(true);
    cellTitle_->setTextFormat(Qt::RichText);
    allMistakes_->setToolTip(tr("Show every mistake, the ones the model was surest of first"));
    auto* cellBar = new QHBoxLayout;
    cellBar->addWidget(cellTitle_, 1);
    cellBar->addWidget(allMistakes_);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(images_);
    scroll->setWidgetResizable(true);
    auto* imagesBox = new QSplitter(Qt::Horizontal, this);
    imagesBox->addWidget(scroll);
    imagesBox->addWidget(why_);
    imagesBox->setStretchFactor(0, 1);
    imagesBox->setStretchFactor(1, 1);
    imagesBox->setSizes({600, 600});  // half each: the images must stay browsable
    auto* bottom = new QWidget(this);
    auto* bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    bottomLayout->addLayout(cellBar);
    bottomLayout->addWidget(imagesBox, 1);

    auto* body = new QSplitter(Qt::Vertical, this);
    body->addWidget(top);
    body->addWidget(bottom);
    body->setStretchFactor(0, 1);
    body->setStretchFactor(1, 1);
    body->setSizes({360, 300});  // the images as much room as the matrix
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(tools);
    layout->addWidget(body, 1);

    connect(evaluate_, &QPushButton::clicked, this, &EvaluationView::evaluate);
    connect(part_, &QComboBox::currentIndexChanged, this, [this] {
        if (controller_ && controller_->hasNetwork()) evaluate();
    });
    connect(rowPercent_, &QCheckBox::toggled, matrix_, &ConfusionMatrixModel::setRowNormalised);
    connect(matrixView_, &QTableView::clicked, this,
            [this](const QModelIndex& index) { selectCell(index.row(), index.column()); });
    connect(allMistakes_, &QPushButton::clicked, this, [this] { selectCell(-1, -1); });
    connect(images_, &TileGrid::tileClicked, this, [this](int tile) {
        if (tile < 0 || std::size_t(tile) >= shown_.size()) return;
        const std::size_t s = shown_[std::size_t(tile)];
        const Evaluation& e = evaluation_.result;
        QStringList names;
        for (const std::string& n : e.classNames) names << QString::fromStdString(n);
        why_->explainImage(evaluation_.part, int(s), e.labels[s], e.predicted[s], names);
    });
    connect(why_, &WhyPanel::openInFeatureMaps, this, &EvaluationView::imageActivated);
    message_ = tr("Train the model (or open a trained session), then press Evaluate to see which images it gets wrong.");
    updateStatus();
    showCell();
}

void EvaluationView::attach(TrainingController* controller) {
    controller_ = controller;
    why_->attach(controller);
    TrainingEvents* events = controller->events();
    connect(events, &TrainingEvents::evaluationReady, this, [this](const ModelEvaluation& e) {
        pending_ = false;
        showEvaluation(e);
    });
    connect(events, &TrainingEvents::evaluationFailed, this, [this](const QString& message) {
        pending_ = false;
        message_ = message;
        updateStatus();
    });
    // Training moves the weights on: what is shown is then an older model's.
    connect(events, &TrainingEvents::batchesReady, this, [this] {
        if (!stale_) {
            stale_ = true;
            updateStatus();
        }
    });
    connect(events, &TrainingEvents::prepared, this, [this] {
        stale_ = true;
        updateStatus();
    });
    connect(controller, &TrainingController::stateChanged, this, [this](TrainingState state) {
        // A run that ends (or weights just loaded) is worth scoring at once when the tab is in view.
        const bool settled = state == TrainingState::Ready || state == TrainingState::Finished || state == TrainingState::Stopped;
        if (settled && isVisible() && stale_) evaluate();
        else if (state == TrainingState::Running && !hasEvaluation() && !pending_) {
            message_ = tr("Training: press Evaluate to score the weights as they are now (the run waits for it), or "
                          "wait for the run to end.");
            updateStatus();
        }
    });
}

void EvaluationView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (!controller_ || !stale_ || pending_) return;
    const TrainingState state = controller_->state();
    // While training, the person asks (it holds the run up for a moment).
    if (controller_->hasNetwork() && !isBusy(state)) evaluate();
}

void EvaluationView::evaluate() {
    if (!controller_) return;
    if (!controller_->hasNetwork() && !controller_->isBusy()) {
        message_ = tr("There is no trained model yet: press Train, or open a trained session.");
        updateStatus();
        return;
    }
    pending_ = true;
    message_ = tr("Scoring the %1 set…").arg(dataPartText(DataPart(part_->currentData().toInt())));
    updateStatus();
    controller_->requestEvaluation(DataPart(part_->currentData().toInt()));
}

void EvaluationView::showEvaluation(const ModelEvaluation& evaluation) {
    evaluation_ = evaluation;
    stale_ = false;
    message_.clear();
    QStringList names;
    for (const std::string& n : evaluation_.result.classNames) names << QString::fromStdString(n);
    matrix_->setMatrix(evaluation_.result.confusion(), names);
    fillMetrics();
    // Keep the chosen cell when it still exists (a new evaluation of the same classes).
    if (cellTrue_ >= evaluation_.result.classes() || cellPredicted_ >= evaluation_.result.classes()) cellTrue_ = cellPredicted_ = -1;
    showCell();
    updateStatus();
}

void EvaluationView::selectCell(int trueClass, int predictedClass) {
    cellTrue_ = trueClass;
    cellPredicted_ = predictedClass;
    if (trueClass < 0) matrixView_->clearSelection();
    else matrixView_->setCurrentIndex(matrix_->index(trueClass, predictedClass));
    showCell();
}

void EvaluationView::fillMetrics() {
    const Evaluation& e = evaluation_.result;
    metrics_->setRowCount(e.classes());
    for (int c = 0; c < e.classes(); ++c) {
        const ClassMetrics m = e.classMetrics(c);
        metrics_->setVerticalHeaderItem(c, new QTableWidgetItem(className(e, c)));
        const QStringList cells = {QString::number(m.precision, 'f', 4), QString::number(m.recall, 'f', 4),
                                   QString::number(m.f1, 'f', 4), thousands(m.support), thousands(m.predicted)};
        for (int k = 0; k < cells.size(); ++k) {
            auto* item = new QTableWidgetItem(cells[k]);
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            metrics_->setItem(c, k, item);
        }
        metrics_->item(c, 0)->setToolTip(
            tr("%1 of the %2 images predicted as %3 are %3").arg(thousands(m.truePositives), thousands(m.predicted), className(e, c)));
        metrics_->item(c, 1)->setToolTip(
            tr("%1 of the %2 images of %3 were found").arg(thousands(m.truePositives), thousands(m.support), className(e, c)));
    }
}

void EvaluationView::showCell() {
    const Evaluation& e = evaluation_.result;
    shown_.clear();
    cellTotal_ = 0;
    QList<TileGrid::Tile> tiles;
    if (hasEvaluation()) {
        const std::vector<std::size_t> all = cellTrue_ < 0 ? e.mistakes() : e.samplesIn(cellTrue_, cellPredicted_);
        cellTotal_ = all.size();
        shown_.assign(all.begin(), all.begin() + std::ptrdiff_t(std::min(all.size(), kMaxTiles)));
        const QString scoreName = e.probabilities ? tr("probability") : tr("output");
        for (std::size_t s : shown_) {
            const bool wrong = e.labels[s] != e.predicted[s];
            QStringList top;
            for (int c : e.topClasses(s, 3)) top << QStringLiteral("%1 %2").arg(className(e, c)).arg(e.scoresOf(s)[c], 0, 'f', 3);
            TileGrid::Tile tile;
            tile.image = sampleImage(evaluation_.imagePixels(s), evaluation_.channels, evaluation_.height, evaluation_.width);
            tile.caption = wrong ? QStringLiteral("%1→%2 %3").arg(className(e, e.labels[s]), className(e, e.predicted[s]))
                                       .arg(e.confidence(s), 0, 'f', 2)
                                 : QStringLiteral("%1 %2").arg(className(e, e.labels[s])).arg(e.confidence(s), 0, 'f', 2);
            tile.captionColour = wrong ? QColor(190, 30, 30) : QColor();
            tile.toolTip = tr("%1 image %2\ntrue class: %3\npredicted: %4 (%5 %6)\ntop 3: %7\nclick to see why")
                               .arg(dataPartText(evaluation_.part))
                               .arg(qulonglong(s))
                               .arg(className(e, e.labels[s]), className(e, e.predicted[s]), scoreName)
                               .arg(e.confidence(s), 0, 'f', 4)
                               .arg(top.join(QStringLiteral(", ")));
            tiles.push_back(tile);
        }
    }
    const int side = std::clamp(3 * std::max(evaluation_.height, evaluation_.width), 56, 96);
    images_->setTiles(tiles, QSize(side, side));
    allMistakes_->setEnabled(hasEvaluation() && cellTrue_ >= 0);

    QString title;
    if (!hasEvaluation()) title = tr("The images of a cell appear here, the ones the model was surest of first.");
    else if (cellTrue_ < 0) title = cellTotal_ ? tr("<b>Every mistake</b>: %1 images, the surest first").arg(thousands(cellTotal_))
                                               : tr("<b>No mistakes</b> on these images.");
    else if (cellTrue_ == cellPredicted_)
        title = tr("<b>%1 recognised as %1</b>: %2 images, the surest first").arg(className(e, cellTrue_), thousands(cellTotal_));
    else
        title = tr("<b>%1 taken for %2</b>: %3 images, the surest first").arg(className(e, cellTrue_), className(e, cellPredicted_),
                                                                           thousands(cellTotal_));
    if (cellTotal_ > shown_.size()) title += tr(" (the first %1 shown; Export has them all)").arg(thousands(shown_.size()));
    if (!shown_.empty()) title += tr(" — click one to see why");
    cellTitle_->setText(title);
}

void EvaluationView::updateStatus() {
    evaluate_->setEnabled(!pending_);
    export_->setEnabled(hasEvaluation());
    QString text;
    if (hasEvaluation()) {
        const Evaluation& e = evaluation_.result;
        std::size_t wrong = 0;
        for (std::size_t i = 0; i < e.size(); ++i) wrong += e.labels[i] != e.predicted[i];
        text = tr("%1 set, %2 images: accuracy <b>%3</b>, %4 mistakes, macro F1 %5 — weights %6")
                   .arg(dataPartText(evaluation_.part), thousands(e.size()), percent(e.accuracy), thousands(wrong))
                   .arg(e.macroF1(), 0, 'f', 4)
                   .arg(evaluation_.weights.toHtmlEscaped());
        if (stale_) text += tr(" <span style='color:#b35900'>(the model has changed since: Evaluate again)</span>");
    }
    if (!message_.isEmpty()) text = text.isEmpty() ? message_.toHtmlEscaped() : message_.toHtmlEscaped() + QStringLiteral("<br>") + text;
    status_->setText(text);
}

QString EvaluationView::statusText() const { return status_->text(); }

QString EvaluationView::cellTitleText() const { return cellTitle_->text(); }

QString EvaluationView::exportConfusionCsv(const QString& path) const {
    if (!hasEvaluation()) return tr("There is no evaluation to export yet.");
    return saveTextFile(confusionCsv(evaluation_), path);
}

QString EvaluationView::exportMetricsCsv(const QString& path) const {
    if (!hasEvaluation()) return tr("There is no evaluation to export yet.");
    return saveTextFile(classMetricsCsv(evaluation_), path);
}

QString EvaluationView::exportImagesCsv(const QString& path) const {
    if (!hasEvaluation()) return tr("There is no evaluation to export yet.");
    // Every image of the cell, not only the tiles shown.
    const Evaluation& e = evaluation_.result;
    return saveTextFile(imagesCsv(evaluation_, cellTrue_ < 0 ? e.mistakes() : e.samplesIn(cellTrue_, cellPredicted_)), path);
}

QString EvaluationView::exportMatrixPng(const QString& path) const {
    if (!hasEvaluation()) return tr("There is no evaluation to export yet.");
    return matrixView_->grab().save(path, "PNG") ? QString() : tr("Could not write %1.").arg(path);
}

void EvaluationView::exportTo(const QString& title, const QString& suggestion,
                              QString (EvaluationView::*write)(const QString&) const) {
    const QString kind = suggestion.section('.', -1);
    QString path = QFileDialog::getSaveFileName(this, title, suggestion,
                                                kind == QLatin1String("csv") ? tr("CSV table (*.csv)") : tr("PNG image (*.png)"));
    if (path.isEmpty()) return;
    if (!path.endsWith('.' + kind, Qt::CaseInsensitive)) path += '.' + kind;
    message_ = (this->*write)(path);
    updateStatus();
}

}  // namespace cnnwb::ui
