#include "presets_menu.h"

#include "ui/common/reported_figure.h"

#include "engine/presets.h"

#include <QMenu>

#include <map>

namespace cnnwb::ui {

QString experimentTitle(const QString& e) {
    if (e == "E1") return QObject::tr("E1 — LeNet 1988 on MNIST");
    if (e == "E2") return QObject::tr("E2 — What did LeNet learn? (CIFAR-10 airplane vs ship)");
    if (e == "E3") return QObject::tr("E3 — MLP vs CNN on MNIST");
    if (e == "E4") return QObject::tr("E4 — Convolution + pooling on MNIST");
    if (e == "E5") return QObject::tr("E5 — 10-layer CNN on CIFAR-10");
    return e.isEmpty() ? QObject::tr("Other") : e;
}

void fillPresetsMenu(QMenu* menu, const std::function<void(const QString& id)>& open) {
    menu->setToolTipsVisible(true);
    std::map<QString, QMenu*> groups;  // ordered by experiment id: E1, E2, ...
    std::map<QString, std::vector<ModelSpec>> specs;
    for (const std::string& id : presetIds()) {
        try {
            ModelSpec spec = loadPreset(id);
            specs[QString::fromStdString(spec.experiment)].push_back(std::move(spec));
        } catch (const std::exception& e) {
            // A broken preset is a build problem, but the menu must still work without it.
            QAction* a = menu->addAction(QObject::tr("%1 (cannot load)").arg(QString::fromStdString(id)));
            a->setEnabled(false);
            a->setToolTip(QString::fromStdString(e.what()));
        }
    }
    for (auto& [experiment, list] : specs) {
        QMenu* sub = menu->addMenu(experimentTitle(experiment));
        sub->setToolTipsVisible(true);
        for (const ModelSpec& spec : list) {
            const QString id = QString::fromStdString(spec.id);
            QString text = QString::fromStdString(spec.name);
            if (spec.reported) text += QStringLiteral("\t") + reportedFigureText(*spec.reported);
            QAction* a = sub->addAction(text);
            a->setObjectName(QStringLiteral("preset_%1").arg(id));
            a->setData(id);
            const QString details = reportedFigureDetails(spec.reported);
            a->setStatusTip(details);
            a->setToolTip(QStringLiteral("%1\n\n%2").arg(details, QString::fromStdString(spec.description)));
            QObject::connect(a, &QAction::triggered, menu, [open, id] { open(id); });
        }
    }
}

}  // namespace cnnwb::ui
