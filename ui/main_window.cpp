#include "main_window.h"

#include "engine/errors.h"
#include "engine/presets.h"

#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QStatusBar>
#include <QTableWidget>
#include <QVBoxLayout>

namespace cnnwb::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    table_ = new QTableWidget(0, 4, central);
    table_->setHorizontalHeaderLabels({tr("Layer (type)"), tr("Output shape"), tr("Params"), tr("How the count is made")});
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    totals_ = new QLabel(central);
    layout->addWidget(table_);
    layout->addWidget(totals_);
    setCentralWidget(central);

    auto* presetMenu = menuBar()->addMenu(tr("&Presets"));
    for (const std::string& id : presetIds()) {
        const QString qid = QString::fromStdString(id);
        presetMenu->addAction(qid, this, [this, qid] { openPreset(qid); });
    }
    resize(1100, 700);
}

bool MainWindow::openPreset(const QString& id) {
    try {
        showSpec(loadPreset(id.toStdString()));
        return true;
    } catch (const SpecError& e) {
        statusBar()->showMessage(QString::fromStdString(e.what()));
        return false;
    }
}

void MainWindow::showSpec(const ModelSpec& spec) {
    const Network net = spec.buildNetwork();
    setWindowTitle(QString::fromStdString(spec.name) + " — CNN Workbench");
    table_->setRowCount(int(net.rows().size()));
    int row = 0;
    for (const LayerRow& r : net.rows()) {
        const QString shape = r.enabled ? QString::fromStdString(r.outputShape.str()) : tr("disabled");
        table_->setItem(row, 0, new QTableWidgetItem(QString::fromStdString(r.name + " (" + r.type + ")")));
        table_->setItem(row, 1, new QTableWidgetItem(shape));
        auto* params = new QTableWidgetItem(QString::fromStdString(withThousands(r.params)));
        params->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        table_->setItem(row, 2, params);
        table_->setItem(row, 3, new QTableWidgetItem(QString::fromStdString(r.formula)));
        ++row;
    }
    table_->resizeColumnsToContents();
    totals_->setText(tr("Total params: %1   Trainable: %2   Non-trainable: %3")
                         .arg(QString::fromStdString(withThousands(net.totalParams())),
                              QString::fromStdString(withThousands(net.trainableParams())),
                              QString::fromStdString(withThousands(net.nonTrainableParams()))));
}

}  // namespace cnnwb::ui
