#include "experiment_settings_dialog.h"

#include "optimizer_fields.h"
#include "ui/fields/exact_double_spin_box.h"

#include "engine/losses/loss.h"
#include "engine/model_spec.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace cnnwb::ui {

namespace {

constexpr double kScaled = 1.0 / 255.0;

Json section(const Json& settings, const char* key) {
    return settings.is_object() && settings.contains(key) && settings[key].is_object() ? settings[key] : Json::object();
}

template <typename T>
T read(const Json& obj, const char* key, T fallback) {
    try {
        return obj.is_object() && obj.contains(key) ? obj[key].get<T>() : fallback;
    } catch (const Json::exception&) {
        return fallback;
    }
}

ExactDoubleSpinBox* fractionBox(QWidget* parent, double max, const QString& tip) {
    auto* s = new ExactDoubleSpinBox(parent);
    s->setRange(0, max);
    s->setDecimals(4);
    s->setSingleStep(0.05);
    s->setToolTip(tip);
    return s;
}

// A minimal valid network for the chosen data: lets ModelSpec::fromJson
// check the settings alone, whatever state the user's own layers are in.
Json probeLayers(const std::string& dataset, int classes) {
    const int side = dataset == "cifar10" ? 32 : 28;
    const int channels = dataset == "cifar10" ? 3 : 1;
    return Json::array({{{"type", "Input"}, {"shape", {side, side, channels}}},
                        {{"type", "Flatten"}},
                        {{"type", "Dense"}, {"units", classes}, {"activation", "softmax"}}});
}

}  // namespace

ExperimentSettingsDialog::ExperimentSettingsDialog(const Json& settings, int threads, QWidget* parent)
    : QDialog(parent), original_(settings.is_object() ? settings : Json::object()) {
    setWindowTitle(tr("Experiment settings"));
    const Json data = section(original_, "data");
    const Json training = section(original_, "training");
    const Json aug = section(data, "augmentation");

    // Experiment.
    auto* about = new QGroupBox(tr("Experiment"), this);
    auto* aboutForm = new QFormLayout(about);
    name_ = new QLineEdit(QString::fromStdString(read<std::string>(original_, "name", "")), about);
    name_->setObjectName("name");
    description_ = new QPlainTextEdit(QString::fromStdString(read<std::string>(original_, "description", "")), about);
    description_->setObjectName("description");
    description_->setFixedHeight(description_->fontMetrics().height() * 3 + 12);
    aboutForm->addRow(tr("Name"), name_);
    aboutForm->addRow(tr("Description"), description_);

    // Data.
    auto* dataBox = new QGroupBox(tr("Data"), this);
    auto* dataForm = new QFormLayout(dataBox);
    dataset_ = new QComboBox(dataBox);
    dataset_->setObjectName("dataset");
    dataset_->addItem(tr("MNIST (28×28 grey digits)"), "mnist");
    dataset_->addItem(tr("CIFAR-10 (32×32 colour images)"), "cifar10");
    dataset_->setCurrentIndex(std::max(0, dataset_->findData(QString::fromStdString(read<std::string>(data, "dataset", "mnist")))));
    classes_ = new QListWidget(dataBox);
    classes_->setObjectName("classes");
    classes_->setFlow(QListView::LeftToRight);
    classes_->setWrapping(true);
    classes_->setResizeMode(QListView::Adjust);
    classes_->setFixedHeight(classes_->fontMetrics().height() * 4 + 10);
    classes_->setToolTip(tr("Tick two or more classes to train on a subset; none or all ticked = all classes"));
    fillClasses(dataset_->currentData().toString(), read<std::vector<std::string>>(data, "classes", {}));
    perClass_ = new QSpinBox(dataBox);
    perClass_->setObjectName("perClass");
    perClass_->setRange(0, 1 << 24);
    perClass_->setSpecialValueText(tr("all"));
    perClass_->setSuffix(tr(" images"));
    perClass_->setValue(read<int>(data, "per_class", 0));
    perClass_->setToolTip(tr("At most this many training images per class (0 = all)"));
    validationSplit_ = fractionBox(dataBox, 0.9, tr("Fraction of the training images held out for validation (0 to 0.9)"));
    validationSplit_->setObjectName("validationSplit");
    validationSplit_->setExactValue(read<double>(data, "validation_split", 0));
    testEachEpoch_ = new QCheckBox(tr("score the test set after every epoch"), dataBox);
    testEachEpoch_->setObjectName("testEachEpoch");
    testEachEpoch_->setChecked(read<bool>(data, "test_each_epoch", true));
    rescale_ = new QComboBox(dataBox);
    rescale_->setObjectName("rescale");
    rescale_->addItem(tr("× 1/255: pixels scaled to 0..1"), kScaled);
    rescale_->addItem(tr("× 1: raw pixels 0..255"), 1.0);
    const double rescale = read<double>(data, "rescale", kScaled);
    if (std::abs(rescale - kScaled) < 1e-12) rescale_->setCurrentIndex(0);
    else if (rescale == 1.0) rescale_->setCurrentIndex(1);
    else {
        rescale_->addItem(tr("× %1 (from the file)").arg(rescale), rescale);
        rescale_->setCurrentIndex(2);
    }
    rescale_->setToolTip(tr("Multiplier for pixel values. E1 feeds raw 0..255 pixels on purpose (see its description)."));
    dataForm->addRow(tr("Dataset"), dataset_);
    dataForm->addRow(tr("Classes"), classes_);
    dataForm->addRow(tr("Per-class cap"), perClass_);
    dataForm->addRow(tr("Validation split"), validationSplit_);
    dataForm->addRow(tr("Test set"), testEachEpoch_);
    dataForm->addRow(tr("Pixel scaling"), rescale_);
    connect(dataset_, &QComboBox::currentIndexChanged, this,
            [this] { fillClasses(dataset_->currentData().toString(), {}); });

    // Augmentation.
    auto* augBox = new QGroupBox(tr("Augmentation (training images only)"), this);
    auto* augForm = new QFormLayout(augBox);
    rotation_ = new ExactDoubleSpinBox(augBox);
    rotation_->setObjectName("rotation");
    rotation_->setRange(0, 180);
    rotation_->setDecimals(1);
    rotation_->setSuffix(tr(" °"));
    rotation_->setPrefix(QStringLiteral("± "));
    rotation_->setExactValue(read<double>(aug, "rotation_range", 0));
    widthShift_ = fractionBox(augBox, 0.9, tr("Random horizontal shift, as a fraction of the width (±)"));
    widthShift_->setObjectName("widthShift");
    widthShift_->setPrefix(QStringLiteral("± "));
    widthShift_->setExactValue(read<double>(aug, "width_shift_range", 0));
    heightShift_ = fractionBox(augBox, 0.9, tr("Random vertical shift, as a fraction of the height (±)"));
    heightShift_->setObjectName("heightShift");
    heightShift_->setPrefix(QStringLiteral("± "));
    heightShift_->setExactValue(read<double>(aug, "height_shift_range", 0));
    horizontalFlip_ = new QCheckBox(tr("flip half the images left–right"), augBox);
    horizontalFlip_->setObjectName("horizontalFlip");
    horizontalFlip_->setChecked(read<bool>(aug, "horizontal_flip", false));
    channelShift_ = new ExactDoubleSpinBox(augBox);
    channelShift_->setObjectName("channelShift");
    channelShift_->setRange(0, 255);
    channelShift_->setDecimals(1);
    channelShift_->setPrefix(QStringLiteral("± "));
    channelShift_->setSuffix(tr(" (0..255 scale)"));
    channelShift_->setExactValue(read<double>(aug, "channel_shift_range", 0));
    augForm->addRow(tr("Rotation"), rotation_);
    augForm->addRow(tr("Width shift"), widthShift_);
    augForm->addRow(tr("Height shift"), heightShift_);
    augForm->addRow(tr("Horizontal flip"), horizontalFlip_);
    augForm->addRow(tr("Channel shift"), channelShift_);

    // Training.
    auto* trainBox = new QGroupBox(tr("Training"), this);
    auto* trainForm = new QFormLayout(trainBox);
    loss_ = new QComboBox(trainBox);
    loss_->setObjectName("loss");
    for (const std::string& n : Loss::names()) loss_->addItem(QString::fromStdString(n), QString::fromStdString(n));
    std::string loss = read<std::string>(training, "loss", "categorical_crossentropy");
    if (loss == "mse") loss = "mean_squared_error";
    loss_->setCurrentIndex(std::max(0, loss_->findData(QString::fromStdString(loss))));
    optimizer_ = new OptimizerFields(trainBox);
    optimizer_->setObjectName("optimizer");
    optimizer_->setConfig(training.contains("optimizer") ? training["optimizer"] : Json{{"type", "SGD"}});
    batchSize_ = new QSpinBox(trainBox);
    batchSize_->setObjectName("batchSize");
    batchSize_->setRange(1, 65536);
    batchSize_->setValue(read<int>(training, "batch_size", 32));
    epochs_ = new QSpinBox(trainBox);
    epochs_->setObjectName("epochs");
    epochs_->setRange(1, 100000);
    epochs_->setValue(read<int>(training, "epochs", 10));
    seed_ = new QDoubleSpinBox(trainBox);  // a double holds every 32-bit seed exactly; QSpinBox stops at 2^31-1
    seed_->setObjectName("seed");
    seed_->setDecimals(0);
    seed_->setRange(0, 4294967295.0);
    seed_->setValue(read<double>(training, "seed", 1));
    seed_->setToolTip(tr("Same seed, same initial weights and batch order: a run can be repeated exactly"));
    auto* seedRow = new QWidget(trainBox);
    auto* seedLayout = new QHBoxLayout(seedRow);
    seedLayout->setContentsMargins(0, 0, 0, 0);
    auto* dice = new QPushButton(tr("New seed"), seedRow);
    connect(dice, &QPushButton::clicked, this, [this] { seed_->setValue(QRandomGenerator::global()->bounded(1u << 31)); });
    seedLayout->addWidget(seed_, 1);
    seedLayout->addWidget(dice);
    trainForm->addRow(tr("Loss"), loss_);
    trainForm->addRow(tr("Optimizer"), optimizer_);
    trainForm->addRow(tr("Batch size"), batchSize_);
    trainForm->addRow(tr("Epochs"), epochs_);
    trainForm->addRow(tr("Seed"), seedRow);

    // Machine (not part of the experiment).
    auto* machineBox = new QGroupBox(tr("This computer"), this);
    auto* machineForm = new QFormLayout(machineBox);
    threads_ = new QSpinBox(machineBox);
    threads_->setObjectName("threads");
    threads_->setRange(0, std::max(256, QThread::idealThreadCount()));
    threads_->setSpecialValueText(tr("all cores (%1)").arg(QThread::idealThreadCount()));
    threads_->setValue(threads);
    threads_->setToolTip(tr("Threads for training. Not saved with the experiment: results are the same at any count."));
    machineForm->addRow(tr("Threads"), threads_);

    error_ = new QLabel(this);
    error_->setObjectName("settingsError");
    error_->setWordWrap(true);
    error_->setStyleSheet("color: #b3261e;");
    error_->hide();

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &ExperimentSettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ExperimentSettingsDialog::reject);

    auto* columns = new QHBoxLayout;
    auto* left = new QVBoxLayout;
    left->addWidget(about);
    left->addWidget(dataBox);
    left->addWidget(augBox);
    left->addStretch(1);
    auto* right = new QVBoxLayout;
    right->addWidget(trainBox);
    right->addWidget(machineBox);
    right->addStretch(1);
    columns->addLayout(left, 1);
    columns->addLayout(right, 1);
    auto* outer = new QVBoxLayout(this);
    outer->addLayout(columns);
    outer->addWidget(error_);
    outer->addWidget(buttons);
}

void ExperimentSettingsDialog::fillClasses(const QString& dataset, const std::vector<std::string>& checked) {
    classes_->clear();
    for (const std::string& name : datasetClassNames(dataset.toStdString())) {
        auto* item = new QListWidgetItem(QString::fromStdString(name), classes_);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        const bool on = std::find(checked.begin(), checked.end(), name) != checked.end();
        item->setCheckState(on ? Qt::Checked : Qt::Unchecked);
    }
}

Json ExperimentSettingsDialog::rawSettings() const {
    Json s = original_;
    s.erase("layers");
    const QString name = name_->text().trimmed();
    if (name.isEmpty()) s.erase("name");
    else s["name"] = name.toStdString();
    const QString description = description_->toPlainText().trimmed();
    if (description.isEmpty()) s.erase("description");
    else s["description"] = description.toStdString();

    Json data = {{"dataset", dataset_->currentData().toString().toStdString()},
                 {"per_class", perClass_->value()},
                 {"validation_split", validationSplit_->exactValue()},
                 {"test_each_epoch", testEachEpoch_->isChecked()},
                 {"rescale", rescale_->currentData().toDouble()}};
    // Class order sets the label numbers: keep the spec's order for the classes
    // it had, and append newly ticked ones in the data set's order.
    std::vector<std::string> ticked;
    for (int i = 0; i < classes_->count(); ++i)
        if (classes_->item(i)->checkState() == Qt::Checked) ticked.push_back(classes_->item(i)->text().toStdString());
    std::vector<std::string> classes;
    const Json data0 = section(original_, "data");
    if (read<std::string>(data0, "dataset", "mnist") == dataset_->currentData().toString().toStdString())
        for (const std::string& c : read<std::vector<std::string>>(data0, "classes", {}))
            if (std::find(ticked.begin(), ticked.end(), c) != ticked.end()) classes.push_back(c);
    for (const std::string& c : ticked)
        if (std::find(classes.begin(), classes.end(), c) == classes.end()) classes.push_back(c);
    // All ticked means the same as none: the whole data set.
    if (!classes.empty() && int(classes.size()) < classes_->count()) data["classes"] = classes;
    data["augmentation"] = {{"rotation_range", rotation_->exactValue()},
                            {"width_shift_range", widthShift_->exactValue()},
                            {"height_shift_range", heightShift_->exactValue()},
                            {"horizontal_flip", horizontalFlip_->isChecked()},
                            {"channel_shift_range", channelShift_->exactValue()}};
    s["data"] = data;
    s["training"] = {{"loss", loss_->currentData().toString().toStdString()},
                     {"optimizer", optimizer_->config()},
                     {"batch_size", batchSize_->value()},
                     {"epochs", epochs_->value()},
                     {"seed", std::uint32_t(seed_->value())}};
    if (!s.contains("format")) s["format"] = kSpecFormat;
    if (!s.contains("version")) s["version"] = kSpecVersion;
    return s;
}

Json ExperimentSettingsDialog::settings() const {
    Json s = rawSettings();
    try {
        Json probe = s;
        const std::string dataset = s["data"]["dataset"].get<std::string>();
        const int classes =
            s["data"].contains("classes") ? int(s["data"]["classes"].size()) : int(datasetClassNames(dataset).size());
        probe["layers"] = probeLayers(dataset, classes);
        const Json normal = ModelSpec::fromJson(probe, "settings").toJson();
        s["training"] = normal["training"];
        s["data"] = normal["data"];
    } catch (const std::exception&) {
        // Not valid: validate() says why; the raw values are returned as entered.
    }
    return s;
}

int ExperimentSettingsDialog::threads() const { return threads_->value(); }

QString ExperimentSettingsDialog::validate() {
    Json probe = rawSettings();
    QString message;
    try {
        const Json& data = probe["data"];
        const std::string dataset = data["dataset"].get<std::string>();
        const int classes = data.contains("classes") ? int(data["classes"].size()) : int(datasetClassNames(dataset).size());
        probe["layers"] = probeLayers(dataset, classes);
        (void)ModelSpec::fromJson(probe, "settings");
    } catch (const std::exception& e) {
        message = QString::fromStdString(e.what());
        const QString prefix = QStringLiteral("settings: ");
        if (message.startsWith(prefix)) message = message.mid(prefix.size());
    }
    error_->setText(message);
    error_->setVisible(!message.isEmpty());
    return message;
}

void ExperimentSettingsDialog::accept() {
    if (!validate().isEmpty()) return;
    QDialog::accept();
}

}  // namespace cnnwb::ui
