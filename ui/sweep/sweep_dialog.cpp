#include "sweep_dialog.h"

#include "sweep_runner.h"
#include "ui/training/training_controller.h"

#include "engine/setting_path.h"

#include <QComboBox>
#include <QCompleter>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace cnnwb::ui {

namespace {

QString qt(const std::string& s) { return QString::fromStdString(s); }

QString clock(double seconds) {
    const long s = long(seconds + 0.5);
    return QStringLiteral("%1:%2:%3").arg(s / 3600).arg((s / 60) % 60, 2, 10, QChar('0')).arg(s % 60, 2, 10, QChar('0'));
}

}  // namespace

SweepDialog::SweepDialog(const ModelSpec& spec, const RunOrigin& origin, const ModelSpec& originSpec,
                         const QString& library, TrainingController* controller, const TrainerOptions& options,
                         QWidget* parent)
    : QDialog(parent),
      spec_(spec),
      origin_(origin),
      originSpec_(originSpec),
      library_(library),
      controller_(controller),
      options_(options),
      runner_(new SweepRunner(controller, this)),
      axes_(new QTableWidget(0, 2, this)),
      repeats_(new QSpinBox(this)),
      seeds_(new QLineEdit(this)),
      epochs_(new QSpinBox(this)),
      plan_(new QLabel(this)),
      start_(new QPushButton(tr("Start"), this)),
      cancel_(new QPushButton(tr("Cancel sweep"), this)),
      showRuns_(new QPushButton(tr("Show runs together"), this)),
      progress_(new QProgressBar(this)),
      status_(new QLabel(this)),
      results_(new QTableWidget(0, 4, this)) {
    setWindowTitle(tr("Sweep: %1").arg(qt(spec.name)));
    setObjectName("sweepDialog");
    axes_->setObjectName("sweepAxes");
    axes_->setHorizontalHeaderLabels({tr("Setting"), tr("Values (commas between)")});
    axes_->horizontalHeader()->setStretchLastSection(true);
    axes_->verticalHeader()->setVisible(false);
    axes_->setMinimumHeight(120);
    axes_->setColumnWidth(0, 320);
    repeats_->setRange(1, 100);
    repeats_->setValue(3);
    repeats_->setSuffix(tr(" seeds each"));
    repeats_->setToolTip(tr("Runs per configuration: seeds %1, %2, ...").arg(spec.training.seed).arg(spec.training.seed + 1));
    seeds_->setPlaceholderText(tr("or these seeds: 1, 2, 3"));
    epochs_->setRange(0, 100000);
    epochs_->setSpecialValueText(tr("as the experiment (%1)").arg(spec.training.epochs));
    plan_->setObjectName("sweepPlan");
    plan_->setWordWrap(true);
    status_->setWordWrap(true);
    progress_->setVisible(false);
    cancel_->setEnabled(false);
    showRuns_->setEnabled(false);
    results_->setObjectName("sweepResults");
    results_->setHorizontalHeaderLabels({tr("Configuration"), tr("Final accuracy"), tr("Best validation"), tr("Change vs first")});
    results_->horizontalHeader()->setStretchLastSection(true);
    results_->verticalHeader()->setVisible(false);
    results_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    results_->setVisible(false);

    auto* add = new QPushButton(tr("Add setting"), this);
    auto* remove = new QPushButton(tr("Remove"), this);
    auto* rows = new QHBoxLayout;
    rows->addWidget(add);
    rows->addWidget(remove);
    rows->addStretch(1);
    auto* form = new QFormLayout;
    form->addRow(tr("Repeat"), repeats_);
    form->addRow(tr("Seeds"), seeds_);
    form->addRow(tr("Epochs"), epochs_);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(start_);
    buttons->addWidget(cancel_);
    buttons->addStretch(1);
    buttons->addWidget(showRuns_);
    auto* close = new QPushButton(tr("Close"), this);
    buttons->addWidget(close);
    auto* intro = new QLabel(tr("Each setting gets a list of values; every combination runs once per seed, one after "
                                "another, each recorded in the run library. Runs that finished before are skipped, so "
                                "a sweep started again goes on where it stopped."),
                             this);
    intro->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(axes_);
    layout->addLayout(rows);
    layout->addLayout(form);
    layout->addWidget(plan_);
    layout->addLayout(buttons);
    layout->addWidget(progress_);
    layout->addWidget(status_);
    layout->addWidget(results_, 1);
    resize(760, 560);

    auto addRow = [this] {
        const int row = axes_->rowCount();
        axes_->insertRow(row);
        auto* path = new QComboBox(axes_);
        path->setEditable(true);
        QStringList paths;
        for (const std::string& p : settingPaths(spec_))
            if (p != "training.seed") paths << qt(p);
        path->addItems(paths);
        path->setCurrentIndex(-1);
        path->setEditText(QString());
        path->completer()->setCompletionMode(QCompleter::PopupCompletion);
        path->completer()->setFilterMode(Qt::MatchContains);
        path->setToolTip(tr("Any setting: layers.h1.activation, layers.h3.enabled, training.batch_size, ..."));
        axes_->setCellWidget(row, 0, path);
        axes_->setItem(row, 1, new QTableWidgetItem);
        connect(path, &QComboBox::editTextChanged, this, &SweepDialog::updatePlan);
    };
    connect(add, &QPushButton::clicked, this, addRow);
    connect(remove, &QPushButton::clicked, this, [this] {
        if (axes_->rowCount() > 0) axes_->removeRow(axes_->currentRow() >= 0 ? axes_->currentRow() : axes_->rowCount() - 1);
        updatePlan();
    });
    connect(axes_, &QTableWidget::itemChanged, this, &SweepDialog::updatePlan);
    connect(repeats_, &QSpinBox::valueChanged, this, &SweepDialog::updatePlan);
    connect(seeds_, &QLineEdit::textChanged, this, &SweepDialog::updatePlan);
    connect(epochs_, &QSpinBox::valueChanged, this, &SweepDialog::updatePlan);
    connect(start_, &QPushButton::clicked, this, &SweepDialog::start);
    connect(cancel_, &QPushButton::clicked, this, &SweepDialog::cancel);
    connect(close, &QPushButton::clicked, this, &QDialog::close);
    connect(showRuns_, &QPushButton::clicked, this, [this] { emit showRunsRequested(runIds()); });
    connect(runner_, &SweepRunner::progressed, this, &SweepDialog::updateProgress);
    connect(runner_, &SweepRunner::finished, this, [this](bool cancelled) {
        cancel_->setEnabled(false);
        start_->setEnabled(true);
        status_->setText(cancelled ? tr("Cancelled. Start again to go on where it stopped (finished runs are kept and "
                                        "skipped).")
                                   : tr("Done: %1 runs (%2 finished before).").arg(runner_->total()).arg(runner_->skipped()));
        showResults();
    });
    addRow();
    updatePlan();
}

SweepDialog::~SweepDialog() { runner_->cancel(); }

void SweepDialog::setAxis(int row, const QString& path, const QString& values) {
    while (axes_->rowCount() <= row) {
        axes_->insertRow(axes_->rowCount());
        axes_->setItem(axes_->rowCount() - 1, 1, new QTableWidgetItem);
        auto* combo = new QComboBox(axes_);
        combo->setEditable(true);
        axes_->setCellWidget(axes_->rowCount() - 1, 0, combo);
        connect(combo, &QComboBox::editTextChanged, this, &SweepDialog::updatePlan);
    }
    qobject_cast<QComboBox*>(axes_->cellWidget(row, 0))->setEditText(path);
    axes_->item(row, 1)->setText(values);
}

void SweepDialog::setRepeats(int repeats) { repeats_->setValue(repeats); }
void SweepDialog::setSeeds(const QString& seeds) { seeds_->setText(seeds); }
void SweepDialog::setEpochs(int epochs) { epochs_->setValue(epochs); }
QString SweepDialog::planText() const { return plan_->text(); }

std::optional<SweepPlan> SweepDialog::plan(QString* why) const {
    try {
        ModelSpec base = spec_;
        if (epochs_->value() > 0) setSetting(base, "training.epochs", epochs_->value());
        std::vector<SweepAxis> axes;
        for (int r = 0; r < axes_->rowCount(); ++r) {
            const QString path = qobject_cast<QComboBox*>(axes_->cellWidget(r, 0))->currentText().trimmed();
            const QString values = axes_->item(r, 1) ? axes_->item(r, 1)->text().trimmed() : QString();
            if (path.isEmpty() && values.isEmpty()) continue;
            if (path.isEmpty() || values.isEmpty()) {
                if (why) *why = tr("Row %1: give a setting and its values, e.g. layers.h1.activation and tanh, relu").arg(r + 1);
                return std::nullopt;
            }
            axes.push_back(SweepAxis::parse((path + "=" + values).toStdString()));
        }
        std::vector<std::uint32_t> seeds;
        for (const QString& s : seeds_->text().split(',', Qt::SkipEmptyParts)) {
            bool ok = false;
            const qulonglong v = s.trimmed().toULongLong(&ok);
            if (!ok || v > std::uint64_t(kMaxSeed)) {
                if (why) *why = tr("Seeds: whole numbers from 0 to %1 between commas; got '%2'").arg(kMaxSeed).arg(s.trimmed());
                return std::nullopt;
            }
            seeds.push_back(std::uint32_t(v));
        }
        return SweepPlan::make(base, axes, repeats_->value(), seeds);
    } catch (const std::exception& e) {
        if (why) *why = qt(e.what());
        return std::nullopt;
    }
}

void SweepDialog::updatePlan() {
    QString why;
    const auto p = plan(&why);
    if (!p) {
        plan_->setStyleSheet(QStringLiteral("color: #b3261e;"));
        plan_->setText(why);
        start_->setEnabled(false);
        return;
    }
    plan_->setStyleSheet(QString());
    plan_->setText(tr("%1 configuration(s) × %2 seed(s) = <b>%3 runs</b> of %4 epoch(s).")
                       .arg(p->configurations)
                       .arg(p->seeds.size())
                       .arg(p->points.size())
                       .arg(p->points.front().spec.training.epochs));
    start_->setEnabled(!runner_->isRunning());
}

void SweepDialog::start() {
    QString why;
    running_ = plan(&why);
    if (!running_) return;
    if (!runner_->start(*running_, library_, origin_, originSpec_, options_)) {
        status_->setText(tr("Training is busy; stop the current run first."));
        return;
    }
    start_->setEnabled(false);
    cancel_->setEnabled(true);
    results_->setVisible(false);
    progress_->setVisible(true);
    updateProgress();
}

void SweepDialog::cancel() { runner_->cancel(); }

void SweepDialog::updateProgress() {
    progress_->setRange(0, std::max(1, runner_->total()));
    progress_->setValue(runner_->done());
    if (!runner_->isRunning()) return;
    const double left = runner_->secondsLeft();
    status_->setText(tr("Run %1 of %2: %3%4")
                         .arg(runner_->done() + 1)
                         .arg(runner_->total())
                         .arg(runner_->current())
                         .arg(left >= 0 ? tr(" — about %1 left").arg(clock(left)) : QString()));
}

QStringList SweepDialog::runIds() const {
    QStringList ids;
    if (!running_) return ids;
    try {
        for (const RunRow& r : RunLibrary(library_.toStdString()).list())
            if (r.sweep.rfind(running_->id + "/", 0) == 0) ids << qt(r.id);
    } catch (const std::exception&) {
    }
    return ids;
}

void SweepDialog::showResults() {
    if (!running_) return;
    std::vector<RunRow> rows;
    try {
        rows = RunLibrary(library_.toStdString()).list();
    } catch (const std::exception& e) {
        status_->setText(qt(e.what()));
        return;
    }
    const std::vector<SweepResult> results = sweepResults(*running_, rows);
    results_->setRowCount(int(results.size()));
    for (int r = 0; r < int(results.size()); ++r) {
        const SweepResult& s = results[std::size_t(r)];
        results_->setItem(r, 0, new QTableWidgetItem(qt(s.settings)));
        results_->setItem(r, 1, new QTableWidgetItem(qt(s.finalMetric.text())));
        results_->setItem(r, 2, new QTableWidgetItem(s.bestValidation.n ? qt(s.bestValidation.text()) : QStringLiteral("–")));
        results_->setItem(r, 3, new QTableWidgetItem(s.changeOfMean ? QStringLiteral("%1 points").arg(100 * *s.changeOfMean, 0, 'f', 2)
                                                                    : QStringLiteral("–")));
    }
    results_->resizeColumnsToContents();
    results_->setVisible(true);
    showRuns_->setEnabled(!runIds().isEmpty());
}

}  // namespace cnnwb::ui
