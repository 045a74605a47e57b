#include "why_panel.h"

#include "attribution_images.h"
#include "ui/common/sample_image.h"
#include "ui/training/training_controller.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace cnnwb::ui {

namespace {

constexpr int kPictures = 4;
constexpr int kPictureSide = 100;

}  // namespace

WhyPanel::WhyPanel(QWidget* parent)
    : QWidget(parent),
      caption_(new QLabel(this)),
      explainPredicted_(new QRadioButton(tr("Predicted class"), this)),
      explainTrue_(new QRadioButton(tr("True class"), this)),
      occlusion_(new QPushButton(tr("Occlusion map"), this)),
      featureMaps_(new QPushButton(tr("Feature maps →"), this)) {
    caption_->setWordWrap(true);
    caption_->setTextFormat(Qt::RichText);
    explainPredicted_->setChecked(true);
    explainPredicted_->setToolTip(tr("Explain the score of the class the model chose"));
    explainTrue_->setToolTip(tr("Explain the score of the true class: where the model saw evidence for it"));
    occlusion_->setToolTip(tr("Cover the image square by square and see how much the score falls (one forward pass per "
                              "square)"));
    featureMaps_->setToolTip(tr("Open this image in Feature maps: every layer's output, and how each value was made"));
    auto* pictures = new QGridLayout;
    const QStringList titles = {tr("image"), tr("saliency: |∂ score / ∂ pixel|"), tr("Grad-CAM"), tr("occlusion: score drop")};
    for (int i = 0; i < kPictures; ++i) {
        auto* view = new QLabel(this);
        view->setFixedSize(kPictureSide, kPictureSide);
        view->setAlignment(Qt::AlignCenter);
        view->setFrameShape(QFrame::StyledPanel);
        auto* title = new QLabel(titles[i], this);
        title->setWordWrap(true);
        title->setMaximumWidth(kPictureSide + 20);
        pictures->addWidget(view, 0, i);
        pictures->addWidget(title, 1, i, Qt::AlignTop);
        views_ << view;
        titles_ << title;
        pictures_ << QImage();
    }
    auto* buttons = new QVBoxLayout;
    buttons->addWidget(explainPredicted_);
    buttons->addWidget(explainTrue_);
    buttons->addWidget(occlusion_);
    buttons->addWidget(featureMaps_);
    buttons->addStretch(1);
    auto* row = new QHBoxLayout;
    row->addLayout(pictures);
    row->addLayout(buttons);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(caption_);
    layout->addLayout(row);
    caption_->setText(tr("Click an image to see why the model answered as it did."));
    setEnabled(false);

    connect(explainPredicted_, &QRadioButton::toggled, this, [this] { request(attribution_.occlusion.has_value()); });
    connect(occlusion_, &QPushButton::clicked, this, [this] { request(true); });
    connect(featureMaps_, &QPushButton::clicked, this, [this] { emit openInFeatureMaps(wanted_.part, wanted_.index); });
}

void WhyPanel::attach(TrainingController* controller) {
    controller_ = controller;
    connect(controller->events(), &TrainingEvents::attributionReady, this, [this](const ImageAttribution& a) {
        // Only the latest question's answer (a quicker click may have replaced it).
        if (a.request.part == wanted_.part && a.request.index == wanted_.index && a.request.classIndex == wanted_.classIndex)
            showAttribution(a);
    });
    connect(controller->events(), &TrainingEvents::attributionFailed, this,
            [this](const QString& message) { caption_->setText(message.toHtmlEscaped()); });
}

void WhyPanel::explainImage(DataPart part, int index, int label, int predicted, const QStringList& classNames) {
    wanted_.part = part;
    wanted_.index = index;
    label_ = label;
    predicted_ = predicted;
    classNames_ = classNames;
    setEnabled(true);
    explainTrue_->setEnabled(label != predicted);
    {
        const QSignalBlocker block(explainPredicted_);
        explainPredicted_->setChecked(true);
        explainTrue_->setChecked(false);
    }
    request(false);
}

void WhyPanel::request(bool occlusion) {
    if (!controller_) return;
    wanted_.classIndex = explainTrue_->isChecked() ? label_ : predicted_;
    wanted_.occlusion = occlusion;
    caption_->setText(tr("Working out why…"));
    controller_->requestAttribution(wanted_);
}

void WhyPanel::setPicture(int i, const QImage& image, const QString& caption) {
    pictures_[i] = image;
    views_[i]->setPixmap(image.isNull() ? QPixmap()
                                        : QPixmap::fromImage(image.scaled(kPictureSide - 4, kPictureSide - 4,
                                                                          Qt::KeepAspectRatio, Qt::FastTransformation)));
    views_[i]->setToolTip(caption);
}

void WhyPanel::showAttribution(const ImageAttribution& a) {
    attribution_ = a;
    shown_ = true;
    const Attribution& at = a.attribution;
    const QImage image = sampleImage(reinterpret_cast<const std::uint8_t*>(a.pixels.constData()), a.channels, a.height, a.width);
    const QString cls = classNames_.value(at.classIndex, QString::number(at.classIndex));
    setPicture(0, image, tr("%1 image %2").arg(dataPartText(a.request.part)).arg(a.request.index));
    setPicture(1, heatImage(at.saliency, at.inputShape.h, at.inputShape.w),
               tr("The pixels where a small change moves the score of %1 most (bright)").arg(cls));
    if (at.gradCam.empty()) {
        setPicture(2, QImage(), tr("No convolution layer: Grad-CAM needs one"));
        titles_[2]->setText(tr("Grad-CAM: the model has no convolution layer"));
    } else {
        setPicture(2, camOverlay(image, at.gradCam, at.camHeight, at.camWidth),
                   tr("Where layer %1's maps hold the evidence for %2 (bright)").arg(QString::fromStdString(at.camLayer), cls));
        titles_[2]->setText(tr("Grad-CAM (%1, %2×%3)").arg(QString::fromStdString(at.camLayer)).arg(at.camHeight).arg(at.camWidth));
    }
    if (a.occlusion) {
        const OcclusionMap& o = *a.occlusion;
        setPicture(3, divergingImage(o.drop, o.rows, o.columns),
                   tr("Red: covering that %1×%1 square lowers the score of %2; blue: raises it").arg(o.patch).arg(cls));
        titles_[3]->setText(tr("occlusion (%1 px squares): score drop").arg(o.patch));
    } else {
        setPicture(3, QImage(), tr("Press “Occlusion map”"));
        titles_[3]->setText(tr("occlusion: press “Occlusion map”"));
    }
    caption_->setText(tr("%1 image %2 — true <b>%3</b>, predicted <b>%4</b>; explaining the score of <b>%5</b> (%6); weights %7")
                          .arg(dataPartText(a.request.part))
                          .arg(a.request.index)
                          .arg(classNames_.value(a.label), classNames_.value(a.predicted), cls)
                          .arg(at.score, 0, 'g', 4)
                          .arg(a.weights.toHtmlEscaped()));
}

QString WhyPanel::captionText() const { return caption_->text(); }

}  // namespace cnnwb::ui
