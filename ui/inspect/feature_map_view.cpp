#include "feature_map_view.h"

#include "activation_images.h"
#include "cell_explanation_panel.h"
#include "probability_chart.h"
#include "ui/common/tile_grid.h"
#include "ui/common/sample_image.h"
#include "ui/training/training_controller.h"

#include "engine/layer.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QRandomGenerator>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QTimer>
#include <QVBoxLayout>

namespace cnnwb::ui {

namespace {

constexpr int kLiveIntervalMs = 1000;
constexpr int kInputScale = 5;

// Whole-number zoom so every activation stays a crisp square, about 48 px a map.
int tileSide(int side) { return side * std::max(1, 48 / std::max(1, side)); }

QString thousands(qsizetype n) { return QString::fromStdString(withThousands(std::uint64_t(std::max<qsizetype>(0, n)))); }

bool isVector(const ActivationMap& m) { return m.flat || (m.height == 1 && m.width == 1); }

QString shapeText(const ActivationMap& m) {
    if (m.flat) return QObject::tr("%1 values").arg(m.values.size());
    return QStringLiteral("%1×%2×%3").arg(m.height).arg(m.width).arg(m.channels);
}

}  // namespace

FeatureMapView::FeatureMapView(QWidget* parent)
    : QWidget(parent),
      part_(new QComboBox(this)),
      index_(new QSpinBox(this)),
      live_(new QCheckBox(tr("Live"), this)),
      message_(new QLabel(this)),
      image_(new QLabel(this)),
      label_(new QLabel(this)),
      probabilities_(new ProbabilityChart(this)),
      explanation_(new CellExplanationPanel(this)),
      maps_(new QWidget),
      mapsLayout_(new QVBoxLayout(maps_)),
      liveTimer_(new QTimer(this)) {
    part_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    part_->addItem(tr("Test set"), int(DataPart::Test));
    part_->addItem(tr("Training set"), int(DataPart::Training));
    part_->addItem(tr("Validation set"), int(DataPart::Validation));
    index_->setRange(0, 9999);
    index_->setPrefix(tr("Image "));
    index_->setToolTip(tr("Index of the image in the chosen set (0-based)"));
    live_->setChecked(true);
    live_->setToolTip(tr("Re-run the image through the network about once a second while it trains"));
    auto* random = new QPushButton(tr("Random"), this);
    message_->setStyleSheet(QStringLiteral("color: #555;"));
    message_->setWordWrap(true);

    auto* tools = new QHBoxLayout;
    tools->addWidget(part_);
    tools->addWidget(index_);
    tools->addWidget(random);
    tools->addWidget(live_);
    tools->addWidget(message_, 1);

    image_->setFixedSize(28 * kInputScale + 4, 28 * kInputScale + 4);
    image_->setAlignment(Qt::AlignCenter);
    image_->setFrameShape(QFrame::StyledPanel);
    label_->setWordWrap(true);
    label_->setTextFormat(Qt::RichText);
    auto* left = new QVBoxLayout;
    left->addWidget(image_, 0, Qt::AlignHCenter);
    left->addWidget(label_);
    left->addWidget(probabilities_, 1);
    auto* leftHolder = new QWidget(this);
    leftHolder->setLayout(left);
    leftHolder->setFixedWidth(300);

    mapsLayout_->setAlignment(Qt::AlignTop);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(maps_);
    scroll->setWidgetResizable(true);

    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(scroll);
    split->addWidget(explanation_);
    explanation_->hide();  // until a value is clicked: the maps have the room
    auto* body = new QHBoxLayout;
    body->addWidget(leftHolder);
    body->addWidget(split, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(tools);
    layout->addLayout(body, 1);

    connect(part_, &QComboBox::currentIndexChanged, this, [this] { request(); });
    connect(index_, &QSpinBox::valueChanged, this, [this] { request(); });
    connect(random, &QPushButton::clicked, this, [this] {
        index_->setValue(int(QRandomGenerator::global()->bounded(index_->maximum() + 1)));
    });
    liveTimer_->setInterval(kLiveIntervalMs);
    connect(liveTimer_, &QTimer::timeout, this, [this] {
        if (live_->isChecked() && isVisible()) request();
    });
    message_->setText(tr("Train the model (or open a trained session) to see what each layer makes of an image."));
}

void FeatureMapView::attach(TrainingController* controller) {
    controller_ = controller;
    TrainingEvents* events = controller->events();
    connect(events, &TrainingEvents::prepared, this, [this](const RunInfo& info) { setRange(info); });
    connect(events, &TrainingEvents::inspectionReady, this, [this](const Inspection& result) {
        if (result.part == DataPart(part_->currentData().toInt()) && result.index == index_->value()) showInspection(result);
    });
    connect(events, &TrainingEvents::requestFailed, message_, &QLabel::setText);
    connect(events, &TrainingEvents::explanationReady, this, [this](const ExplainedCell& cell) {
        if (explanation_->isHidden()) {
            explanation_->show();
            auto* split = static_cast<QSplitter*>(explanation_->parentWidget());
            const int total = split->width();
            split->setSizes({total * 2 / 5, total - total * 2 / 5});
        }
        explanation_->showCell(cell);
    });
    connect(controller, &TrainingController::stateChanged, this, [this](TrainingState state) {
        if (isBusy(state)) liveTimer_->start();
        else liveTimer_->stop();
        if (state == TrainingState::Ready || state == TrainingState::Running || state == TrainingState::Finished ||
            state == TrainingState::Stopped)
            request();
    });
}

void FeatureMapView::explain(int section, int channel, int row, int column) {
    if (!controller_ || section < 0 || section >= inspection_.layers.size()) return;
    const ActivationMap& map = inspection_.layers[section];
    if (!map.explained || channel >= map.channels) return;  // past the last value of a strip
    controller_->requestExplanation({inspection_.part, inspection_.index, section + 1, channel, row, column});
}

void FeatureMapView::setRange(const RunInfo& info) {
    const int keep = part_->currentIndex();
    const QSignalBlocker block(part_);
    part_->clear();
    part_->addItem(tr("Test set (%1 images)").arg(thousands(info.testImages)), int(DataPart::Test));
    part_->addItem(tr("Training set (%1 images)").arg(thousands(info.trainImages)), int(DataPart::Training));
    if (info.validationImages > 0)
        part_->addItem(tr("Validation set (%1 images)").arg(thousands(info.validationImages)), int(DataPart::Validation));
    part_->setCurrentIndex(std::clamp(keep, 0, part_->count() - 1));
    part_->setProperty("test", qlonglong(info.testImages));
    part_->setProperty("train", qlonglong(info.trainImages));
    part_->setProperty("validation", qlonglong(info.validationImages));
}

void FeatureMapView::inspect(DataPart part, int index) {
    if (part != marked_.part || index != marked_.index) marked_ = {};
    const int at = part_->findData(int(part));
    {
        const QSignalBlocker block(part_);
        if (at >= 0) part_->setCurrentIndex(at);
    }
    const QSignalBlocker block(index_);
    index_->setValue(index);
    request();
}

void FeatureMapView::inspectWithPatch(DataPart part, int index, const QRect& pixels, const QString& what) {
    marked_ = {part, index, pixels, what};
    inspect(part, index);
}

QRect FeatureMapView::markedPatch() const {
    return shown_ && marked_.part == inspection_.part && marked_.index == inspection_.index ? marked_.pixels : QRect();
}

void FeatureMapView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    // What was computed while the tab was hidden may be of older weights.
    request();
}

void FeatureMapView::request() {
    const DataPart part = DataPart(part_->currentData().toInt());
    const char* sizeKey = part == DataPart::Test ? "test" : part == DataPart::Training ? "train" : "validation";
    const QVariant size = part_->property(sizeKey);
    if (size.isValid() && size.toLongLong() > 0) {
        const QSignalBlocker block(index_);
        index_->setMaximum(int(size.toLongLong() - 1));
    }
    if (!controller_ || !controller_->hasNetwork()) {
        message_->setText(tr("Train the model (or open a trained session) to see what each layer makes of an image."));
        return;
    }
    controller_->requestInspection({part, index_->value()});
}

QString FeatureMapView::labelText() const { return label_->text(); }
QString FeatureMapView::messageText() const { return message_->text(); }

TileGrid* FeatureMapView::layerTiles(int section) const {
    return section >= 0 && section < grids_.size() ? grids_[section] : nullptr;
}

void FeatureMapView::clearSections() {
    qDeleteAll(sections_);
    sections_.clear();
    grids_.clear();
}

void FeatureMapView::showInspection(const Inspection& in) {
    inspection_ = in;
    shown_ = true;
    const QImage input = sampleImage(reinterpret_cast<const std::uint8_t*>(in.pixels.constData()), in.channels,
                                     in.height, in.width);
    const int scale = std::max(1, 140 / std::max(1, std::max(in.height, in.width)));
    QImage shownImage = input.scaled(input.size() * scale, Qt::KeepAspectRatio, Qt::FastTransformation)
                            .convertToFormat(QImage::Format_RGB32);
    const QRect patch = markedPatch();
    if (!patch.isEmpty()) {
        QPainter painter(&shownImage);
        painter.setPen(QPen(QColor(230, 40, 40), 2));
        painter.drawRect(QRect(patch.topLeft() * scale, patch.size() * scale).adjusted(1, 1, -1, -1));
    }
    image_->setPixmap(QPixmap::fromImage(shownImage));

    auto name = [&](int label) { return label >= 0 && label < in.classNames.size() ? in.classNames[label] : QString::number(label); };
    const bool right = in.predicted == in.label;
    const double p = in.predicted >= 0 && in.predicted < in.probabilities.size() ? in.probabilities[in.predicted] : 0;
    label_->setText(tr("True label: <b>%1</b><br>Predicted: <b style='color:%2'>%3</b> (p = %4) — %5")
                        .arg(name(in.label), right ? QStringLiteral("#007a4d") : QStringLiteral("#c0392b"), name(in.predicted))
                        .arg(p, 0, 'f', 3)
                        .arg(right ? tr("right") : tr("wrong")));
    probabilities_->setProbabilities(in.probabilities, in.classNames, in.label);
    message_->setText((in.weights.isEmpty()
                           ? tr("%1 image %2.").arg(dataPartText(in.part)).arg(in.index)
                           : tr("%1 image %2; weights: %3.").arg(dataPartText(in.part)).arg(in.index).arg(in.weights)) +
                      (patch.isEmpty() ? QString() : QStringLiteral(" ") + marked_.what));

    // Reuse the sections when the layers are the same (live updates); rebuild otherwise.
    bool same = sections_.size() == in.layers.size();
    for (int i = 0; same && i < in.layers.size(); ++i) same = sections_[i]->objectName() == in.layers[i].layerName + shapeText(in.layers[i]);
    if (!same) {
        clearSections();
        for (const ActivationMap& m : in.layers) {
            auto* section = new QWidget(maps_);
            section->setObjectName(m.layerName + shapeText(m));
            auto* title = new QLabel(section);
            title->setText(tr("<b>%1</b> · %2 · %3 — %4")
                               .arg(m.layerName, m.layerType, shapeText(m),
                                    isVector(m) ? tr("one cell per value, black = smallest, white = largest")
                                                : tr("each map scaled to its own min (black) .. max (white)")));
            auto* grid = new TileGrid(section);
            const int sectionIndex = int(grids_.size());
            if (m.explained) {
                grid->setToolTip(tr("Click a value to see how it was made"));
                connect(grid, &TileGrid::tilePixelClicked, this, [this, sectionIndex, grid](int tile, const QPoint& pixel) {
                    const ActivationMap& map = inspection_.layers.value(sectionIndex);
                    if (isVector(map)) explain(sectionIndex, pixel.y() * grid->tiles()[tile].image.width() + pixel.x(), 0, 0);
                    else explain(sectionIndex, tile, pixel.y(), pixel.x());
                });
            }
            auto* layout = new QVBoxLayout(section);
            layout->setContentsMargins(0, 4, 0, 8);
            layout->addWidget(title);
            layout->addWidget(grid);
            mapsLayout_->addWidget(section);
            sections_ << section;
            grids_ << grid;
        }
    }
    for (int i = 0; i < in.layers.size(); ++i) {
        const ActivationMap& m = in.layers[i];
        QList<TileGrid::Tile> tiles;
        if (isVector(m)) {
            const qsizetype n = m.values.size();
            // Cells as large as a readable strip allows: 10 outputs at 24 px,
            // E1's 576 flattened values at 8 px, E3's 9,216 at 4 px.
            const int rowLength = n <= 256 ? 32 : n <= 2048 ? 48 : 96;
            const int cell = n <= 16 ? 24 : n <= 256 ? 10 : n <= 2048 ? 8 : 4;
            const QImage strip = vectorImage(m, rowLength);
            tiles.push_back({strip, {}, tr("%1: %2 values").arg(m.layerName).arg(n), {}});
            grids_[i]->setTiles(tiles, strip.size() * cell);
        } else {
            const QList<QImage> images = featureMapImages(m);
            for (int c = 0; c < images.size(); ++c)
                tiles.push_back({images[c], QString::number(c + 1), tr("%1, map %2").arg(m.layerName).arg(c + 1), {}});
            grids_[i]->setTiles(tiles, QSize(tileSide(m.width), tileSide(m.height)));
        }
    }
}

}  // namespace cnnwb::ui
