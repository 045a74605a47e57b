#include "training_dashboard.h"

#include "ui/common/smoothing_control.h"

#include "ui/common/chart_export.h"
#include "history_csv.h"
#include "metric_chart.h"
#include "training_status.h"
#include "engine/layer.h"
#include "ui/training/training_controller.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace cnnwb::ui {

namespace {
constexpr int kRefreshMs = 50;  // 20 Hz: smooth to the eye, cheap for the GUI thread
}

TrainingDashboard::TrainingDashboard(QWidget* parent)
    : QWidget(parent),
      lossChart_(new MetricChart(MetricsHistory::Metric::Loss, this)),
      accuracyChart_(new MetricChart(MetricsHistory::Metric::Accuracy, this)),
      rateChart_(new MetricChart(MetricsHistory::Metric::LearningRate, this)),
      status_(new QLabel(this)),
      readout_(new QLabel(this)),
      logScale_(new QCheckBox(tr("Log loss axis"), this)),
      smoothing_(new SmoothingControl(this)),
      exportButton_(new QToolButton(this)),
      timer_(new QTimer(this)) {
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    status_->setText(tr("Not started. Press Train to start a run."));
    readout_->setMinimumHeight(readout_->fontMetrics().height());
    readout_->setText(tr("Hover over a chart to read values; drag to pan, wheel to zoom, double-click to reset."));
    readout_->setStyleSheet(QStringLiteral("color: #555;"));

    auto* reset = new QPushButton(tr("Reset view"), this);
    reset->setToolTip(tr("Follow the data again after zooming or panning"));
    connect(reset, &QPushButton::clicked, this, [this] {
        for (MetricChart* c : charts()) c->resetView();
    });
    connect(logScale_, &QCheckBox::toggled, lossChart_, &MetricChart::setLogScale);

    smoothing_->setSmoothing(history_.smoothing());
    connect(smoothing_, &SmoothingControl::changed, this, [this](const Smoothing& s) {
        history_.setSmoothing(s);
        for (MetricChart* c : {lossChart_, accuracyChart_}) c->setSmoothingName(smoothingLegend(s));
        refresh();
    });

    exportButton_->setText(tr("Export"));
    exportButton_->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(exportButton_);
    menu->addAction(tr("Charts as PNG…"), this, [this] { chooseExport(QStringLiteral("png")); });
    QAction* svg = menu->addAction(tr("Charts as SVG…"), this, [this] { chooseExport(QStringLiteral("svg")); });
    if (!svgExportAvailable()) {
        svg->setEnabled(false);
        svg->setText(tr("Charts as SVG (not in this build; use PDF)"));
    }
    menu->addAction(tr("Charts as PDF…"), this, [this] { chooseExport(QStringLiteral("pdf")); });
    menu->addAction(tr("History as CSV…"), this, [this] { chooseExport(QStringLiteral("csv")); });
    exportButton_->setMenu(menu);

    auto* tools = new QHBoxLayout;
    tools->addWidget(reset);
    tools->addWidget(logScale_);
    tools->addWidget(smoothing_);
    tools->addStretch(1);
    tools->addWidget(exportButton_);

    auto* chartRow = new QHBoxLayout;
    chartRow->addWidget(lossChart_, 1);
    chartRow->addWidget(accuracyChart_, 1);
    // Only for a run whose rate changes (a schedule): a flat line says nothing.
    chartRow->addWidget(rateChart_, 1);
    rateChart_->hide();

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(status_);
    layout->addLayout(tools);
    layout->addLayout(chartRow, 1);
    layout->addWidget(readout_);

    for (MetricChart* c : charts())
        connect(c, &MetricChart::readoutChanged, readout_, [this](const QString& text) {
            if (!text.isEmpty()) readout_->setText(text);
        });

    timer_->setInterval(kRefreshMs);
    connect(timer_, &QTimer::timeout, this, &TrainingDashboard::refresh);
    timer_->start();
}

void TrainingDashboard::attach(TrainingController* controller) {
    TrainingEvents* events = controller->events();
    connect(events, &TrainingEvents::prepared, this, [this](const RunInfo& info) {
        info_ = info;
        // A prepare-only run keeps the history shown, and so does a run that continues it.
        if (info.training && !info.continuing) history_.clear();
        setReported(info.reported);
        refresh();
    });
    connect(events, &TrainingEvents::dataProgress, this, [this](qint64 done, qint64 total) {
        status_->setText(tr("Loading data · decoding images %1 of %2")
                             .arg(QString::fromStdString(withThousands(std::uint64_t(done))),
                                  QString::fromStdString(withThousands(std::uint64_t(total)))));
    });
    connect(events, &TrainingEvents::batchesReady, this, &TrainingDashboard::appendBatches);
    connect(events, &TrainingEvents::epochEnded, this, &TrainingDashboard::appendEpoch);
    connect(controller, &TrainingController::stateChanged, this, [this](TrainingState state) {
        state_ = state;
        statusRevision_ = ~quint64(0);
        refresh();
    });
}

void TrainingDashboard::showHistory(const History& history, const RunInfo& info) {
    info_ = info;
    history_.setHistory(history);
    setReported(info.reported);
    state_ = history.batches.empty() ? TrainingState::Idle : TrainingState::Stopped;
    statusRevision_ = ~quint64(0);
    refresh();
}

void TrainingDashboard::setReported(const std::optional<ReportedFigure>& figure) {
    accuracyChart_->setReference(referenceLineFor(figure));
}

void TrainingDashboard::setLossName(const QString& lossName) {
    lossChart_->setValueAxisLabel(lossName.isEmpty() ? tr("loss") : tr("loss (%1)").arg(lossName));
}

void TrainingDashboard::refresh() {
    lossChart_->sync(history_);
    accuracyChart_->sync(history_);
    rateChart_->setVisible(history_.rateVaries());
    if (history_.rateVaries()) rateChart_->sync(history_);
    if (history_.revision() != statusRevision_) {
        statusRevision_ = history_.revision();
        updateStatus();
    }
}

QString TrainingDashboard::statusText() const { return status_->text(); }

void TrainingDashboard::updateStatus() { status_->setText(trainingStatusText(state_, info_, history_)); }

QList<MetricChart*> TrainingDashboard::charts() const {
    QList<MetricChart*> list{lossChart_, accuracyChart_};
    if (history_.rateVaries()) list << rateChart_;
    return list;
}

QList<QCustomPlot*> TrainingDashboard::plots() const {
    QList<QCustomPlot*> list;
    for (MetricChart* c : charts()) list << c;
    return list;
}

QString TrainingDashboard::exportPng(const QString& path) const { return saveChartsPng(plots(), path); }
QString TrainingDashboard::exportSvg(const QString& path) const { return saveChartsSvg(plots(), path); }
QString TrainingDashboard::exportPdf(const QString& path) const { return saveChartsPdf(plots(), path); }
QString TrainingDashboard::exportCsv(const QString& path) const { return saveHistoryCsv(history_, path); }

void TrainingDashboard::chooseExport(const QString& kind) {
    const QString filter = kind == QLatin1String("csv") ? tr("CSV table (*.csv)") : tr("%1 file (*.%2)").arg(kind.toUpper(), kind);
    QString path = QFileDialog::getSaveFileName(this, tr("Export"), QStringLiteral("training.%1").arg(kind), filter);
    if (path.isEmpty()) return;
    if (!path.endsWith('.' + kind, Qt::CaseInsensitive)) path += '.' + kind;
    QString error;
    if (kind == QLatin1String("png")) error = exportPng(path);
    else if (kind == QLatin1String("svg")) error = exportSvg(path);
    else if (kind == QLatin1String("pdf")) error = exportPdf(path);
    else error = exportCsv(path);
    if (!error.isEmpty()) emit errorOccurred(error);
}

}  // namespace cnnwb::ui
