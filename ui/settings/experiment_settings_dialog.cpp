#include "experiment_settings_dialog.h"

#include "optimizer_fields.h"
#include "ui/fields/arg_field.h"

#include "engine/data/image_folder.h"
#include "engine/errors.h"
#include "engine/losses/loss.h"
#include "engine/setting_path.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSignalBlocker>
#include <QThread>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace cnnwb::ui {

namespace {

QString qt(const std::string& s) { return QString::fromStdString(s); }

ArgHint hintOf(ArgHint::Kind kind, const QString& help, double step = 1, const QString& suffix = {},
               const QString& zeroText = {}) {
    ArgHint h;
    h.kind = kind;
    h.help = help;
    h.step = step;
    h.suffix = suffix;
    h.zeroText = zeroText;
    return h;
}

ArgHint choiceOf(const QString& help, const QStringList& values, const QStringList& titles = {}) {
    ArgHint h = hintOf(ArgHint::Kind::Choice, help);
    h.choices = values;
    h.choiceTitles = titles;
    return h;
}

std::string lastPart(const std::string& path) { return path.substr(path.rfind('.') + 1); }

// The setting's value, or nothing when the settings have no such field now
// (an image folder's fields on MNIST, a cosine schedule's alpha on a step one).
std::optional<Json> valueIfAny(const ExperimentSettings& settings, const std::string& path) {
    try {
        return settingValue(settings, path);
    } catch (const SpecError&) {
        return std::nullopt;
    }
}

}  // namespace

ExperimentSettingsDialog::ExperimentSettingsDialog(const ExperimentSettings& settings, int threads, QWidget* parent)
    : QDialog(parent), working_(settings) {
    setWindowTitle(tr("Experiment settings"));
    using K = ArgHint::Kind;

    // Experiment.
    auto* about = new QGroupBox(tr("Experiment"), this);
    auto* aboutForm = new QFormLayout(about);
    addField(aboutForm, tr("Name"), "name", hintOf(K::Text, tr("The experiment's title")), "name");
    description_ = new QPlainTextEdit(qt(working_.description), about);
    description_->setObjectName("description");
    description_->setFixedHeight(description_->fontMetrics().height() * 3 + 12);
    connect(description_, &QPlainTextEdit::textChanged, this,
            [this] { working_.description = description_->toPlainText().trimmed().toStdString(); });
    aboutForm->addRow(tr("Description"), description_);

    // Data.
    auto* dataBox = new QGroupBox(tr("Data"), this);
    auto* dataForm = new QFormLayout(dataBox);
    QStringList ids, titles;
    for (const DatasetKind& k : datasetKinds()) {
        ids << qt(k.id);
        titles << tr("%1 (%2)").arg(qt(k.title), qt(k.description));
    }
    addField(dataForm, tr("Dataset"), "data.dataset", choiceOf(tr("The images to train and test on"), ids, titles), "dataset");
    classes_ = new QListWidget(dataBox);
    classes_->setObjectName("classes");
    classes_->setFlow(QListView::LeftToRight);
    classes_->setWrapping(true);
    classes_->setResizeMode(QListView::Adjust);
    classes_->setFixedHeight(classes_->fontMetrics().height() * 4 + 10);
    classes_->setToolTip(tr("Tick two or more classes to train on a subset; none or all ticked = all classes"));
    classesMessage_ = new QLabel(dataBox);
    classesMessage_->setObjectName("classesMessage");
    classesMessage_->setWordWrap(true);
    classesMessage_->setStyleSheet("color: #b3261e;");
    classesMessage_->hide();
    auto* classesBox = new QWidget(dataBox);
    auto* classesLayout = new QVBoxLayout(classesBox);
    classesLayout->setContentsMargins(0, 0, 0, 0);
    classesLayout->addWidget(classes_);
    classesLayout->addWidget(classesMessage_);
    dataForm->addRow(tr("Classes"), classesBox);
    connect(classes_, &QListWidget::itemChanged, this, &ExperimentSettingsDialog::classesEdited);
    addField(dataForm, tr("Per-class cap"), "data.per_class",
             hintOf(K::Integer, tr("At most this many training images per class"), 1, tr("images"), tr("all")),
             "perClass");
    addField(dataForm, tr("Validation split"), "data.validation_split",
             hintOf(K::Number, tr("Fraction of the training images held out for validation"), 0.05), "validationSplit");
    addField(dataForm, tr("Test set"), "data.test_each_epoch",
             hintOf(K::Boolean, tr("Score the test set after every epoch (else after the last)")), "testEachEpoch");
    // An image folder's own fields: shown only when the data set is one.
    addField(dataForm, tr("Folder"), "data.path",
             hintOf(K::Text, tr("The image folder: one subfolder per class, optionally inside train/ and test/")),
             "folderPath");
    chooseFolder_ = new QPushButton(tr("Choose folder…"), dataBox);
    chooseFolder_->setObjectName("chooseFolder");
    dataForm->addRow(QString(), chooseFolder_);
    connect(chooseFolder_, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Image folder (one subfolder per class)"));
        if (dir.isEmpty()) return;
        apply("data.path", Json(QFile::encodeName(dir).toStdString()));
        showAll();  // the folder's classes too
    });
    addField(dataForm, tr("Image size"), "data.image_size",
             hintOf(K::Pair, tr("Every image is resized to this height and width (the Input layer's)")), "imageSize");
    addField(dataForm, tr("Colour mode"), "data.color_mode",
             choiceOf(tr("Colour or grey (the Input layer's channels: 3 or 1)"), {"rgb", "grayscale"}), "colorMode");
    addField(dataForm, tr("Crop to aspect"), "data.crop_to_aspect_ratio",
             hintOf(K::Boolean, tr("Crop the centre to the target's aspect ratio instead of stretching")), "crop");
    addField(dataForm, tr("Pad to aspect"), "data.pad_to_aspect_ratio",
             hintOf(K::Boolean, tr("Fit inside the target and pad with the background instead of stretching")), "pad");
    addField(dataForm, tr("Test split"), "data.test_split",
             hintOf(K::Number, tr("Share held out as the test set when the folder has no test/"), 0.05), "testSplit");
    rescale_ = new QComboBox(dataBox);
    rescale_->setObjectName("rescale");
    rescale_->setToolTip(tr("Multiplier for pixel values. E1 feeds raw 0..255 pixels on purpose (see its description)."));
    dataForm->addRow(tr("Pixel scaling"), rescale_);
    connect(rescale_, &QComboBox::currentIndexChanged, this,
            [this] { apply("data.rescale", rescale_->currentData().toDouble()); });

    // Augmentation.
    auto* augBox = new QGroupBox(tr("Augmentation (training images only)"), this);
    auto* augForm = new QFormLayout(augBox);
    addField(augForm, tr("Rotation"), "data.augmentation.rotation_range",
             hintOf(K::Number, tr("Random rotation up to ± this many degrees"), 1, tr("degrees, ±")), "rotation");
    addField(augForm, tr("Width shift"), "data.augmentation.width_shift_range",
             hintOf(K::Number, tr("Random horizontal shift, as a fraction of the width (±)"), 0.05), "widthShift");
    addField(augForm, tr("Height shift"), "data.augmentation.height_shift_range",
             hintOf(K::Number, tr("Random vertical shift, as a fraction of the height (±)"), 0.05), "heightShift");
    addField(augForm, tr("Horizontal flip"), "data.augmentation.horizontal_flip",
             hintOf(K::Boolean, tr("Flip half the images left–right")), "horizontalFlip");
    addField(augForm, tr("Channel shift"), "data.augmentation.channel_shift_range",
             hintOf(K::Number, tr("Random shift of each colour channel, in pixel units (0..255 scale), ±"), 1,
                    tr("of 255, ±")),
             "channelShift");

    // Training.
    auto* trainBox = new QGroupBox(tr("Training"), this);
    auto* trainForm = new QFormLayout(trainBox);
    QStringList losses;
    for (const std::string& n : Loss::names()) losses << qt(n);
    addField(trainForm, tr("Loss"), "training.loss", choiceOf(tr("What training minimises"), losses), "loss");
    optimizer_ = new OptimizerFields([this](const std::string& path, const Json& v) { return check(path, v); }, trainBox);
    optimizer_->setObjectName("optimizer");
    connect(optimizer_, &OptimizerFields::edited, this,
            [this](const QString& path, const Json& value) { apply(path.toStdString(), value); });
    trainForm->addRow(tr("Optimizer"), optimizer_);
    QStringList schedules;
    for (const std::string& s : lrScheduleTypes()) schedules << qt(s);
    addField(trainForm, tr("Rate schedule"), "training.lr_schedule.type",
             choiceOf(tr("How the learning rate changes over the run"), schedules,
                      {tr("constant"), tr("step: × factor every N epochs"), tr("cosine: down to alpha × the rate"),
                       tr("one-cycle: up, then down (OneCycleLR)")}),
             "lrSchedule");
    addField(trainForm, tr("Drop every"), "training.lr_schedule.drop_every",
             hintOf(K::Integer, tr("Epochs between drops"), 1, tr("epochs")), "dropEvery");
    addField(trainForm, tr("Drop factor"), "training.lr_schedule.factor",
             hintOf(K::Number, tr("The rate is multiplied by this at each drop"), 0.05), "dropFactor");
    addField(trainForm, tr("Final fraction"), "training.lr_schedule.alpha",
             hintOf(K::Number, tr("The last rate as a fraction of the first"), 0.05), "alpha");
    addField(trainForm, tr("Rising share"), "training.lr_schedule.pct_start",
             hintOf(K::Number, tr("Share of the steps spent raising the rate"), 0.05), "pctStart");
    addField(trainForm, tr("Batch size"), "training.batch_size", hintOf(K::Integer, tr("Images per training step")),
             "batchSize");
    addField(trainForm, tr("Epochs"), "training.epochs", hintOf(K::Integer, tr("Passes over the training images")),
             "epochs");
    addField(trainForm, tr("Filter history"), "training.weight_history.every_batches",
             hintOf(K::Integer,
                    tr("Copy the convolution kernels every this many batches, besides each epoch's end, so the Filters "
                       "tab can scrub through training"),
                    10, tr(" batches"), tr("epoch ends only")),
             "historyEvery");
    addField(trainForm, tr("History limit"), "training.weight_history.max_megabytes",
             hintOf(K::Integer, tr("The most memory (and file space) the copies may take; over it, every other copy goes"),
                    1, tr(" MB")),
             "historyLimit");
    auto* seedRow = new QWidget(trainBox);
    auto* seedLayout = new QHBoxLayout(seedRow);
    seedLayout->setContentsMargins(0, 0, 0, 0);
    auto* seedForm = new QFormLayout;
    seedForm->setContentsMargins(0, 0, 0, 0);
    ArgField* seed = addField(seedForm, QString(), "training.seed",
                              hintOf(K::Integer, tr("Same seed, same initial weights and batch order: a run can be repeated exactly")),
                              "seed");
    auto* dice = new QPushButton(tr("New seed"), seedRow);
    connect(dice, &QPushButton::clicked, this, [this, seed] {
        const Json value = QRandomGenerator::global()->bounded(1u << 31);
        apply("training.seed", value);
        seed->setValue(value);
    });
    seedLayout->addLayout(seedForm, 1);
    seedLayout->addWidget(dice, 0, Qt::AlignTop);
    trainForm->addRow(tr("Seed"), seedRow);

    // Machine (not part of the experiment).
    auto* machineBox = new QGroupBox(tr("This computer"), this);
    auto* machineForm = new QFormLayout(machineBox);
    const int cores = QThread::idealThreadCount();
    const int most = std::max(256, cores);
    threads_ = ArgField::create("threads",
                                hintOf(K::Integer, tr("Threads for training. Not saved with the experiment: results are "
                                                      "the same at any count."),
                                       1, {}, tr("all cores (%1)").arg(cores)),
                                Json(threads), machineBox);
    threads_->input()->setObjectName("threads");
    threads_->setValidator([most, cores](const Json& v) {
        if (v.is_number_integer() && v.get<long long>() >= 0 && v.get<long long>() <= most) return QString();
        return tr("Threads must be a whole number from 0 (all %1 cores) to %2; got %3")
            .arg(cores)
            .arg(most)
            .arg(qt(settingText(v)));
    });
    machineForm->addRow(tr("Threads"), threads_->widget());

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
    showAll();
}

ExperimentSettingsDialog::~ExperimentSettingsDialog() = default;

ArgField* ExperimentSettingsDialog::addField(QFormLayout* form, const QString& label, const std::string& path,
                                             ArgHint hint, const char* objectName) {
    auto field = ArgField::create(lastPart(path), hint, valueIfAny(working_, path).value_or(Json()), this);
    field->input()->setObjectName(objectName);
    field->setValidator([this, path](const Json& v) { return check(path, v); });
    ArgField* f = field.get();
    connect(f, &ArgField::edited, this, [this, path, f] { apply(path, f->value()); });
    if (label.isEmpty()) form->addRow(field->widget());
    else form->addRow(label, field->widget());
    forms_[path] = form;
    fields_[path] = std::move(field);
    return f;
}

QString ExperimentSettingsDialog::check(const std::string& path, const Json& value) const {
    ExperimentSettings probe = working_;
    if (path == "data.dataset" || path == "data.path") probe.data.classes.clear();  // as apply() does
    try {
        setSetting(probe, path, value);
        return {};
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
}

void ExperimentSettingsDialog::apply(const std::string& path, const Json& value) {
    // Another data set or folder has other class names: a subset does not carry over.
    if (path == "data.dataset" || path == "data.path") working_.data.classes.clear();
    setSetting(working_, path, value);  // checked already; a throw here would be a bug worth seeing
    if (path == "data.dataset" || path == "data.path" || path == "training.optimizer.type" ||
        path == "training.lr_schedule.type")
        showAll();
    if (!validate().isEmpty()) return;
    error_->hide();
}

void ExperimentSettingsDialog::showAll() {
    for (auto& [path, field] : fields_) {
        const std::optional<Json> value = valueIfAny(working_, path);
        forms_[path]->setRowVisible(field->widget(), value.has_value());
        if (value) field->setValue(*value);
    }
    if (auto* form = forms_["data.path"]) form->setRowVisible(chooseFolder_, working_.data.isImageFolder());
    fillClasses();
    {
        const QSignalBlocker block(rescale_);
        rescale_->clear();
        rescale_->addItem(tr("× 1/255: pixels scaled to 0..1"), kUnitPixelScale);
        rescale_->addItem(tr("× 1: raw pixels 0..255"), 1.0);
        const double r = working_.data.rescale;
        if (std::abs(r - kUnitPixelScale) < 1e-12) {
            rescale_->setCurrentIndex(0);
        } else if (r == 1.0) {
            rescale_->setCurrentIndex(1);
        } else {
            rescale_->addItem(tr("× %1 (from the file)").arg(r), r);
            rescale_->setCurrentIndex(2);
        }
    }
    optimizer_->setConfig(working_.training.optimizer);
}

void ExperimentSettingsDialog::fillClasses() {
    const QSignalBlocker block(classes_);
    classes_->clear();
    const auto& checked = working_.data.classes;
    // An image folder's classes are its subfolders (listed, not decoded).
    const std::vector<std::string> names = working_.data.isImageFolder()
                                               ? imageFolderClassNames(working_.data.folder.path)
                                               : datasetKind(working_.data.dataset).classNames;
    for (const std::string& name : names) {
        auto* item = new QListWidgetItem(qt(name), classes_);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        const bool on = std::find(checked.begin(), checked.end(), name) != checked.end();
        item->setCheckState(on ? Qt::Checked : Qt::Unchecked);
    }
    classesMessage_->hide();
}

void ExperimentSettingsDialog::classesEdited() {
    // Class order sets the label numbers: keep the order of the classes
    // chosen before, and append newly ticked ones in the data set's order.
    std::vector<std::string> ticked;
    for (int i = 0; i < classes_->count(); ++i)
        if (classes_->item(i)->checkState() == Qt::Checked) ticked.push_back(classes_->item(i)->text().toStdString());
    std::vector<std::string> classes;
    for (const std::string& c : working_.data.classes)
        if (std::find(ticked.begin(), ticked.end(), c) != ticked.end()) classes.push_back(c);
    for (const std::string& c : ticked)
        if (std::find(classes.begin(), classes.end(), c) == classes.end()) classes.push_back(c);
    // All ticked means the same as none: the whole data set.
    if (int(classes.size()) == classes_->count()) classes.clear();
    const QString refused = check("data.classes", Json(classes));
    classesMessage_->setText(refused);
    classesMessage_->setVisible(!refused.isEmpty());
    if (refused.isEmpty()) apply("data.classes", Json(classes));
}

int ExperimentSettingsDialog::threads() const { return int(threads_->value().get<long long>()); }

QString ExperimentSettingsDialog::validate() {
    QString message = classesMessage_->isHidden() ? QString() : classesMessage_->text();
    for (const auto& [path, field] : fields_)
        if (message.isEmpty() && !field->message().isEmpty()) message = field->message();
    if (message.isEmpty()) message = optimizer_->message();
    if (message.isEmpty()) message = threads_->message();
    error_->setText(message.isEmpty() ? QString() : tr("Fix this first: %1").arg(message));
    error_->setVisible(!message.isEmpty());
    return message;
}

void ExperimentSettingsDialog::accept() {
    if (!validate().isEmpty()) return;
    QDialog::accept();
}

}  // namespace cnnwb::ui
