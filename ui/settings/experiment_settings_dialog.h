// Experiment → Settings: the data (dataset, class subset, per-class cap,
// validation split, pixel scaling, augmentation) and the training (loss,
// optimizer and its arguments, batch size, epochs, seed) of the spec, plus
// the number of threads (an app preference: results do not depend on it).
// OK checks the values with the engine's own ModelSpec::fromJson and keeps
// the dialog open with the message when they are not valid.
#pragma once

#include "engine/layer_args.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QSpinBox;

namespace cnnwb::ui {

class ExactDoubleSpinBox;
class OptimizerFields;

class ExperimentSettingsDialog : public QDialog {
    Q_OBJECT
public:
    // `settings`: the spec without its layers (as ExperimentDocument::settings()).
    ExperimentSettingsDialog(const Json& settings, int threads, QWidget* parent = nullptr);

    // The edited settings, normalised the way ModelSpec writes them.
    Json settings() const;
    int threads() const;
    // Checks the values; on failure shows and returns the engine's message.
    QString validate();

    void accept() override;

private:
    void fillClasses(const QString& dataset, const std::vector<std::string>& checked);
    Json rawSettings() const;

    Json original_;
    QLineEdit* name_;
    QPlainTextEdit* description_;
    QComboBox* dataset_;
    QListWidget* classes_;
    QSpinBox* perClass_;
    ExactDoubleSpinBox* validationSplit_;
    QCheckBox* testEachEpoch_;
    QComboBox* rescale_;
    QComboBox* loss_;
    OptimizerFields* optimizer_;
    QSpinBox* batchSize_;
    QSpinBox* epochs_;
    QDoubleSpinBox* seed_;
    ExactDoubleSpinBox* rotation_;
    ExactDoubleSpinBox* widthShift_;
    ExactDoubleSpinBox* heightShift_;
    QCheckBox* horizontalFlip_;
    ExactDoubleSpinBox* channelShift_;
    QSpinBox* threads_;
    QLabel* error_;
};

}  // namespace cnnwb::ui
