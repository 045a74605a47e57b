// The "why" pane of the Mistakes tab, for the image chosen there: the image,
// its saliency (which pixels the class score is most sensitive to), Grad-CAM
// over the last convolution layer (where in the image the evidence for the
// class lies), and on request the occlusion map (how much covering each
// square lowers the score). It explains the predicted class, or the true
// one at a click, so a mistake can be read both ways.
#pragma once

#include "ui/training/image_attribution.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QRadioButton;

namespace cnnwb::ui {

class TrainingController;

class WhyPanel : public QWidget {
    Q_OBJECT
public:
    explicit WhyPanel(QWidget* parent = nullptr);

    void attach(TrainingController* controller);
    // Asks for image `index` of `part` (its true class `label`, predicted `predicted`, named by `classNames`).
    void explainImage(DataPart part, int index, int label, int predicted, const QStringList& classNames);
    void showAttribution(const ImageAttribution& attribution);

    const ImageAttribution& attribution() const { return attribution_; }
    bool hasAttribution() const { return shown_; }
    QString captionText() const;
    // The pictures as shown (image, saliency, Grad-CAM, occlusion), at the image's size.
    QImage picture(int i) const { return pictures_.value(i); }

signals:
    void openInFeatureMaps(cnnwb::ui::DataPart part, int index);

private:
    void request(bool occlusion);
    void setPicture(int i, const QImage& image, const QString& caption);

    TrainingController* controller_ = nullptr;
    AttributionRequest wanted_;
    QStringList classNames_;
    int label_ = 0, predicted_ = 0;
    ImageAttribution attribution_;
    bool shown_ = false;
    QLabel* caption_;
    QRadioButton* explainPredicted_;
    QRadioButton* explainTrue_;
    QPushButton* occlusion_;
    QPushButton* featureMaps_;
    QList<QLabel*> views_;
    QList<QLabel*> titles_;
    QList<QImage> pictures_;
};

}  // namespace cnnwb::ui
