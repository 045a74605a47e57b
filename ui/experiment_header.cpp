#include "experiment_header.h"

#include "reported_figure.h"
#include "ui/session/experiment_document.h"

#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QStringList>

#include <cmath>

namespace cnnwb::ui {

namespace {

QString text(const Json& obj, const char* key) {
    return obj.is_object() && obj.contains(key) && obj[key].is_string() ? QString::fromStdString(obj[key].get<std::string>())
                                                                        : QString();
}

double number(const Json& obj, const char* key, double fallback) {
    return obj.is_object() && obj.contains(key) && obj[key].is_number() ? obj[key].get<double>() : fallback;
}

// One line: "MNIST · raw pixels · MSE · SGD lr 0.01 · batch 16 · 10 epochs · seed 1".
QString summaryOf(const Json& settings) {
    const Json data = settings.contains("data") ? settings["data"] : Json::object();
    const Json training = settings.contains("training") ? settings["training"] : Json::object();
    QStringList parts;
    const QString dataset = text(data, "dataset");
    QString d = dataset == "cifar10" ? QStringLiteral("CIFAR-10") : QStringLiteral("MNIST");
    if (data.is_object() && data.contains("classes") && data["classes"].is_array()) {
        QStringList names;
        for (const Json& c : data["classes"]) names << QString::fromStdString(c.is_string() ? c.get<std::string>() : c.dump());
        d += QStringLiteral(" (%1)").arg(names.join(QStringLiteral(", ")));
    }
    const double perClass = number(data, "per_class", 0);
    if (perClass > 0) d += QObject::tr(", ≤ %1 per class").arg(perClass);
    parts << d;
    const double rescale = number(data, "rescale", 1.0 / 255.0);
    parts << (rescale == 1.0 ? QObject::tr("raw pixels 0..255") : std::abs(rescale - 1.0 / 255.0) < 1e-12
                                                                     ? QObject::tr("pixels ÷ 255")
                                                                     : QObject::tr("pixels × %1").arg(rescale));
    const double split = number(data, "validation_split", 0);
    if (split > 0) parts << QObject::tr("%1 % validation").arg(split * 100, 0, 'g', 3);
    const QString loss = text(training, "loss");
    parts << (loss == "mean_squared_error" ? QStringLiteral("MSE") : loss == "categorical_crossentropy" ? QObject::tr("cross-entropy") : loss);
    const Json opt = training.is_object() && training.contains("optimizer") ? training["optimizer"] : Json::object();
    parts << QStringLiteral("%1 lr %2").arg(text(opt, "type")).arg(number(opt, "learning_rate", 0), 0, 'g', 6);
    parts << QObject::tr("batch %1").arg(number(training, "batch_size", 32));
    parts << QObject::tr("%1 epochs").arg(number(training, "epochs", 10));
    parts << QObject::tr("seed %1").arg(qulonglong(number(training, "seed", 1)));
    if (data.is_object() && data.contains("augmentation")) parts << QObject::tr("augmented");
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
    connect(document_, &ExperimentDocument::loaded, this, &ExperimentHeader::refresh);
    refresh();
}

QString ExperimentHeader::settingsText() const { return settings_->text(); }

void ExperimentHeader::refresh() {
    const Json& s = document_->settings();
    const QString name = text(s, "name");
    const QString experiment = text(s, "experiment");
    title_->setText(name.isEmpty() ? tr("Untitled experiment") : name);
    description_->setText(text(s, "description"));
    description_->setVisible(!description_->text().isEmpty());
    std::optional<ReportedFigure> figure;
    if (s.contains("reported") && s["reported"].is_object()) {
        ReportedFigure r;
        r.metric = text(s["reported"], "metric").toStdString();
        r.value = number(s["reported"], "value", 0);
        r.source = text(s["reported"], "source").toStdString();
        r.note = text(s["reported"], "note").toStdString();
        figure = r;
    }
    reported_->setText(figure ? QStringLiteral("<b>%1</b>").arg(reportedFigureDetails(figure).toHtmlEscaped())
                              : (experiment.isEmpty() ? QString() : reportedFigureDetails(figure)));
    reported_->setVisible(!reported_->text().isEmpty());
    settings_->setText(summaryOf(s));
}

}  // namespace cnnwb::ui
