#include "experiment_header.h"

#include "ui/common/reported_figure.h"
#include "ui/data/data_settings_text.h"
#include "ui/document/experiment_document.h"

#include "engine/runs/reproduction.h"
#include "engine/setting_path.h"

#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QStringList>

#include <cmath>

namespace cnnwb::ui {

namespace {

QString qt(const std::string& s) { return QString::fromStdString(s); }

// One line: "MNIST · raw pixels 0..255 · MSE · SGD lr 0.01 · batch 16 · 10 epochs · seed 1".
QString summaryOf(const ExperimentSettings& settings) {
    const DataSettings& data = settings.data;
    const TrainingSettings& training = settings.training;
    QStringList parts;
    QString d = dataSourceText(data);
    if (!data.classes.empty()) {
        QStringList names;
        for (const std::string& c : data.classes) names << qt(c);
        d += QStringLiteral(" (%1)").arg(names.join(QStringLiteral(", ")));
    }
    if (data.perClass > 0) d += QObject::tr(", ≤ %1 per class").arg(data.perClass);
    parts << d;
    parts << (data.rescale == 1.0 ? QObject::tr("raw pixels 0..255")
              : std::abs(data.rescale - kUnitPixelScale) < 1e-12 ? QObject::tr("pixels ÷ 255")
                                                             : QObject::tr("pixels × %1").arg(data.rescale));
    if (data.validationSplit > 0) parts << QObject::tr("%1 % validation").arg(data.validationSplit * 100, 0, 'g', 3);
    parts << (training.loss == "mean_squared_error" ? QStringLiteral("MSE") : QObject::tr("cross-entropy"));
    parts << QStringLiteral("%1 lr %2")
                 .arg(qt(settingText(training.optimizer["type"])), qt(settingText(training.optimizer["learning_rate"])));
    parts << QObject::tr("batch %1").arg(training.batchSize);
    parts << QObject::tr("%1 epochs").arg(training.epochs);
    parts << QObject::tr("seed %1").arg(training.seed);
    if (data.augmentation.any()) parts << QObject::tr("augmented");
    return parts.join(QStringLiteral(" · "));
}

}  // namespace

ExperimentHeader::ExperimentHeader(ExperimentDocument* document, QWidget* parent)
    : QWidget(parent), document_(document) {
    title_ = new QLabel(this);
    QFont f = title_->font();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() * 1.25);
    title_->setFont(f);
    description_ = new QLabel(this);
    description_->setWordWrap(true);
    description_->setForegroundRole(QPalette::PlaceholderText);
    reported_ = new QLabel(this);
    reported_->setObjectName("reportedFigure");
    reported_->setWordWrap(true);
    settings_ = new QLabel(this);
    settings_->setObjectName("settingsSummary");
    settings_->setWordWrap(true);
    button_ = new QPushButton(tr("Settings…"), this);
    button_->setToolTip(tr("Data, training and augmentation settings of this experiment"));
    connect(button_, &QPushButton::clicked, this, &ExperimentHeader::settingsRequested);

    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(8, 6, 8, 2);
    grid->setVerticalSpacing(2);
    grid->addWidget(title_, 0, 0);
    grid->addWidget(button_, 0, 1, 2, 1, Qt::AlignTop | Qt::AlignRight);
    grid->addWidget(description_, 1, 0);
    grid->addWidget(reported_, 2, 0, 1, 2);
    grid->addWidget(settings_, 3, 0, 1, 2);
    grid->setColumnStretch(0, 1);

    connect(document_, &ExperimentDocument::settingsChanged, this, &ExperimentHeader::refresh);
    connect(document_, &ExperimentDocument::loaded, this, &ExperimentHeader::refreshMeasured);
    refresh();
}

QString ExperimentHeader::settingsText() const { return settings_->text(); }
QString ExperimentHeader::reportedText() const { return reported_->text(); }

void ExperimentHeader::setRunLibrary(const QString& folder) {
    runLibrary_ = folder;
    refreshMeasured();
}

void ExperimentHeader::refreshMeasured() {
    const ExperimentSettings& s = document_->settings();
    measured_.clear();
    if (s.reported && !s.id.empty() && !runLibrary_.isEmpty()) {
        std::optional<MeasuredFigure> m;
        try {
            m = measuredFigure(RunLibrary(runLibrary_.toStdString()).list(), s.id, *s.reported);
        } catch (const std::exception&) {
            // An unreadable library: the Runs tab says why; the header just has no figure of ours.
        }
        if (m) {
            ReportedFigure mean = *s.reported, best = *s.reported;
            mean.value = m->mean;
            best.value = m->best;
            measured_ = m->runs == 1 ? tr("Here: %1 (1 finished run of this recipe)").arg(reportedFigureText(mean))
                                     : tr("Here: %1, mean of %2 finished runs of this recipe (best %3)")
                                           .arg(reportedFigureText(mean))
                                           .arg(m->runs)
                                           .arg(reportedFigureText(best));
        } else {
            measured_ = s.data.dataset == "cifar10"
                            ? tr("Not yet run here: it needs the real CIFAR-10 files (Data tab → Download, or "
                                 "`cnnwb download cifar10`).")
                            : tr("Not yet run here: press Train to run the published recipe.");
        }
    }
    refresh();
}

void ExperimentHeader::refresh() {
    const ExperimentSettings& s = document_->settings();
    title_->setText(s.name.empty() ? tr("Untitled experiment") : qt(s.name));
    description_->setText(qt(s.description));
    description_->setVisible(!description_->text().isEmpty());
    const std::optional<ReportedFigure>& figure = s.reported;
    reported_->setText(figure ? QStringLiteral("<b>%1</b>").arg(reportedFigureDetails(figure).toHtmlEscaped()) +
                                    (measured_.isEmpty() ? QString() : QStringLiteral("<br>") + measured_.toHtmlEscaped())
                              : (s.experiment.empty() ? QString() : reportedFigureDetails(figure)));
    reported_->setVisible(!reported_->text().isEmpty());
    settings_->setText(summaryOf(s));
}

}  // namespace cnnwb::ui
