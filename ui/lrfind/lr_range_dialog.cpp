#include "lr_range_dialog.h"

#include "lr_range_runner.h"

#include "ui/common/log_ticker.h"

#include "engine/errors.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace cnnwb::ui {

namespace {

QString rateText(double rate) { return QString::number(rate, 'g', 3); }

}  // namespace

LrRangeDialog::LrRangeDialog(const ModelSpec& spec, const QString& dataDirectory, int threads, QWidget* parent)
    : QDialog(parent), spec_(spec), dataDirectory_(dataDirectory), threads_(threads), runner_(new LrRangeRunner(this)) {
    setWindowTitle(tr("Find learning rate — %1").arg(QString::fromStdString(spec.name)));
    const LrRangeTestOptions defaults;
    const QString optimizer = QString::fromStdString(spec.training.optimizer.value("type", std::string("?")));
    auto* intro = new QLabel(
        tr("A short run on a copy of this model: one batch at each rate, every rate a constant factor above the last "
           "(%1, batch %2). The loss stays flat while the rate is too small to matter, falls where it is useful and "
           "explodes once it is too large; a good rate lies on the falling part. The experiment is not changed.")
            .arg(optimizer)
            .arg(spec.training.batchSize));
    intro->setWordWrap(true);

    start_ = new QLineEdit(rateText(defaults.startRate));
    end_ = new QLineEdit(rateText(defaults.endRate));
    steps_ = new QSpinBox;
    steps_->setRange(3, 100000);
    steps_->setValue(defaults.steps);
    steps_->setSuffix(tr(" steps"));
    run_ = new QPushButton(tr("&Run"));
    stop_ = new QPushButton(tr("&Stop"));
    auto* form = new QHBoxLayout;
    form->addWidget(new QLabel(tr("From")));
    form->addWidget(start_);
    form->addWidget(new QLabel(tr("to")));
    form->addWidget(end_);
    form->addWidget(steps_);
    form->addStretch();
    form->addWidget(run_);
    form->addWidget(stop_);

    for (auto [w, name] : {std::pair<QWidget*, const char*>{start_, "lrStart"}, {end_, "lrEnd"}, {steps_, "lrSteps"},
                           {run_, "lrRun"}, {stop_, "lrStop"}})
        w->setObjectName(name);

    progress_ = new QProgressBar;
    progress_->setTextVisible(true);
    status_ = new QLabel;
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    status_->setObjectName("lrStatus");

    chart_ = new QCustomPlot;
    chart_->setMinimumSize(560, 320);
    chart_->xAxis->setScaleType(QCPAxis::stLogarithmic);
    chart_->xAxis->setTicker(QSharedPointer<LogTicker>::create());
    chart_->xAxis->setLabel(tr("learning rate (log scale)"));
    chart_->yAxis->setLabel(tr("training loss"));
    QCPGraph* raw = chart_->addGraph();
    raw->setName(tr("loss of each batch"));
    raw->setPen(QPen(QColor(160, 160, 160), 1));
    QCPGraph* smoothed = chart_->addGraph();
    smoothed->setName(tr("smoothed"));
    smoothed->setPen(QPen(QColor(31, 119, 180), 2.5));
    chart_->legend->setVisible(true);
    chart_->legend->setFont(font());
    chart_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    suggestion_ = new QCPItemStraightLine(chart_);
    suggestion_->setPen(QPen(QColor(214, 39, 40), 1.5, Qt::DashLine));
    suggestion_->setVisible(false);
    suggestionLabel_ = new QCPItemText(chart_);
    suggestionLabel_->setColor(QColor(214, 39, 40));
    suggestionLabel_->setPositionAlignment(Qt::AlignBottom | Qt::AlignLeft);
    suggestionLabel_->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    suggestionLabel_->setVisible(false);

    use_ = new QPushButton(tr("Use the suggested rate"));
    use_->setEnabled(false);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    buttons->addButton(use_, QDialogButtonBox::ActionRole);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(progress_);
    layout->addWidget(chart_, 1);
    layout->addWidget(status_);
    layout->addWidget(buttons);

    connect(run_, &QPushButton::clicked, this, &LrRangeDialog::start);
    connect(stop_, &QPushButton::clicked, this, &LrRangeDialog::stop);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(use_, &QPushButton::clicked, this, [this] {
        if (result_.suggestedRate > 0) emit rateChosen(result_.suggestedRate);
    });
    connect(start_, &QLineEdit::textChanged, this, &LrRangeDialog::updateForm);
    connect(end_, &QLineEdit::textChanged, this, &LrRangeDialog::updateForm);
    connect(runner_, &LrRangeRunner::dataLoaded, this, [this](int images) {
        status_->setText(tr("Training on %n image(s)…", nullptr, images));
    });
    connect(runner_, &LrRangeRunner::pointMeasured, this, &LrRangeDialog::addPoint);
    connect(runner_, &LrRangeRunner::finished, this, &LrRangeDialog::showResult);
    connect(runner_, &LrRangeRunner::failed, this, [this](const QString& message) {
        status_->setText(tr("The test could not run: %1").arg(message));
        progress_->setRange(0, 1);
        progress_->setValue(0);
        updateForm();
    });
    resize(720, 600);
    updateForm();
}

LrRangeDialog::~LrRangeDialog() = default;

void LrRangeDialog::setRange(double start, double end, int steps) {
    start_->setText(rateText(start));
    end_->setText(rateText(end));
    steps_->setValue(steps);
}

std::optional<LrRangeTestOptions> LrRangeDialog::options(QString* why) const {
    LrRangeTestOptions o;
    bool okStart = false, okEnd = false;
    o.startRate = start_->text().trimmed().toDouble(&okStart);
    o.endRate = end_->text().trimmed().toDouble(&okEnd);
    o.steps = steps_->value();
    o.threads = threads_;
    try {
        if (!okStart) throw SpecError("the start rate must be a number, e.g. 1e-7");
        if (!okEnd) throw SpecError("the end rate must be a number, e.g. 10");
        o.check();
    } catch (const std::exception& e) {
        if (why) *why = QString::fromStdString(e.what());
        return std::nullopt;
    }
    return o;
}

void LrRangeDialog::updateForm() {
    const bool running = runner_->isRunning();
    QString why;
    const bool valid = options(&why).has_value();
    run_->setEnabled(!running && valid);
    stop_->setEnabled(running);
    start_->setEnabled(!running);
    end_->setEnabled(!running);
    steps_->setEnabled(!running);
    use_->setEnabled(!running && result_.suggestedRate > 0);
    use_->setText(result_.suggestedRate > 0 ? tr("Use %1 as the learning rate").arg(rateText(result_.suggestedRate))
                                            : tr("Use the suggested rate"));
    if (!running && !valid) status_->setText(why);
}

void LrRangeDialog::start() {
    const std::optional<LrRangeTestOptions> o = options();
    if (!o || runner_->isRunning()) return;
    result_ = {};
    for (int g = 0; g < chart_->graphCount(); ++g) chart_->graph(g)->data()->clear();
    suggestion_->setVisible(false);
    suggestionLabel_->setVisible(false);
    chart_->xAxis->setRange(o->startRate, o->endRate);
    chart_->replot();
    progress_->setRange(0, o->steps);
    progress_->setValue(0);
    progress_->setFormat(tr("step %v of %m"));
    status_->setText(tr("Loading the data…"));
    runner_->start(spec_, *o, dataDirectory_);
    updateForm();
}

void LrRangeDialog::stop() { runner_->stop(); }

void LrRangeDialog::addPoint(const LrRangePoint& point, int step, int) {
    result_.points.push_back(point);
    chart_->graph(0)->addData(point.rate, point.loss);
    chart_->graph(1)->addData(point.rate, point.smoothedLoss);
    // The loss explodes at the end: the axis stops at twice the first loss so the useful part stays readable.
    double low = point.loss, high = 0;
    for (const LrRangePoint& p : result_.points) {
        low = std::min({low, p.loss, p.smoothedLoss});
        high = std::max({high, p.loss, p.smoothedLoss});
    }
    high = std::min(high, 2 * result_.points.front().smoothedLoss);
    const double margin = std::max(1e-6, 0.05 * (high - low));
    chart_->yAxis->setRange(std::max(0.0, low - margin), high + margin);
    progress_->setValue(step + 1);
    chart_->replot(QCustomPlot::rpQueuedReplot);
}

void LrRangeDialog::showResult(const LrRangeTest& test) {
    // The points came one by one; the result carries the suggestion.
    result_.stoppedBecause = test.stoppedBecause;
    suggestRates(result_);
    progress_->setValue(int(result_.points.size()));
    QString text = tr("%n rate(s) tried; %1.", nullptr, int(result_.points.size()))
                       .arg(QString::fromStdString(result_.stoppedBecause));
    if (result_.suggestedRate > 0) {
        text += " " + tr("Suggested learning rate <b>%1</b>: the smoothed loss falls fastest there. The lowest loss was at "
                         "%2 (a tenth of it, %3, is the other rule of thumb). The experiment uses %4 now.")
                          .arg(rateText(result_.suggestedRate), rateText(result_.lowestLossRate),
                               rateText(result_.lowestLossRate / 10),
                               rateText(spec_.training.optimizer.value("learning_rate", 0.0)));
        suggestion_->point1->setCoords(result_.suggestedRate, 0);
        suggestion_->point2->setCoords(result_.suggestedRate, 1);
        suggestionLabel_->position->setCoords(result_.suggestedRate, 0.08);
        suggestionLabel_->setText(tr(" suggested %1").arg(rateText(result_.suggestedRate)));
        suggestion_->setVisible(true);
        suggestionLabel_->setVisible(true);
    } else if (!result_.points.empty()) {
        text += " " + tr("No suggestion: the loss did not fall over these rates. Try a wider range.");
    }
    status_->setText(text);
    chart_->replot();
    updateForm();
}

}  // namespace cnnwb::ui
