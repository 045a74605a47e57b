// Experiment → Settings: the data (dataset, class subset, per-class cap,
// validation split, pixel scaling, augmentation) and the training (loss,
// optimizer and its arguments, batch size, epochs, seed) of an experiment,
// plus the number of threads (an app preference: results do not depend on it).
//
// It edits a copy of the engine's ExperimentSettings. Each field stands for
// one setting path ("training.batch_size") and every edit is checked by the
// engine's setSetting() before it is taken: a refused value stays in its
// field with the engine's message under it, and OK says what is still wrong.
#pragma once

#include "engine/settings.h"

#include <QDialog>

#include <map>
#include <memory>
#include <string>

class QComboBox;
class QFormLayout;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

namespace cnnwb::ui {

class ArgField;
struct ArgHint;
class OptimizerFields;

class ExperimentSettingsDialog : public QDialog {
    Q_OBJECT
public:
    ExperimentSettingsDialog(const ExperimentSettings& settings, int threads, QWidget* parent = nullptr);
    ~ExperimentSettingsDialog() override;

    // The settings as edited so far (every value in them was accepted).
    const ExperimentSettings& settings() const { return working_; }
    int threads() const;
    // What is still wrong (the first refused field), shown under the form; empty when nothing.
    QString validate();

    void accept() override;

private:
    // A field for `path` in `form`, its input named `objectName`.
    ArgField* addField(QFormLayout* form, const QString& label, const std::string& path, ArgHint hint,
                       const char* objectName);
    QString check(const std::string& path, const Json& value) const;
    void apply(const std::string& path, const Json& value);
    void fillClasses();
    void classesEdited();
    void showAll();

    ExperimentSettings working_;
    std::map<std::string, std::unique_ptr<ArgField>> fields_;  // by path
    std::map<std::string, QFormLayout*> forms_;                 // the form each field is a row of
    QPushButton* chooseFolder_ = nullptr;
    std::unique_ptr<ArgField> threads_;
    QPlainTextEdit* description_;
    QListWidget* classes_;
    QLabel* classesMessage_;
    QComboBox* rescale_;
    OptimizerFields* optimizer_;
    QLabel* error_;
};

}  // namespace cnnwb::ui
