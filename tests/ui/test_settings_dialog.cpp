// The experiment settings dialog maps every widget to the ModelSpec field it
// stands for (checked by reading its result back through the engine), gives
// back the exact settings when nothing is touched, refuses invalid values
// with the engine's message, and its result is one undoable change.
#include "gui_test_support.h"

#include "ui/settings/experiment_settings_dialog.h"
#include "ui/settings/optimizer_fields.h"

#include "engine/presets.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QListWidget>
#include <QUndoStack>

using namespace cnnwb;
using namespace cnnwb::ui;
using namespace cnnwb::ui::test;

namespace {

template <typename W>
W* child(QDialog& d, const char* name) {
    W* w = d.findChild<W*>(name);
    if (!w) qWarning("no widget %s", name);
    return w;
}

Json settingsOf(const char* preset) {
    Json s = loadPreset(preset).toJson();
    s.erase("layers");
    return s;
}

}  // namespace

class TestSettingsDialog : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { isolateEnvironment(); }

    void showsThePresetsValues() {
        ExperimentSettingsDialog d(settingsOf("e5-cifar10net"), 2);
        QCOMPARE(child<QComboBox>(d, "dataset")->currentData().toString(), QString("cifar10"));
        QCOMPARE(child<QDoubleSpinBox>(d, "rotation")->value(), 20.0);
        QCOMPARE(child<QDoubleSpinBox>(d, "widthShift")->value(), 0.2);
        QCOMPARE(child<QDoubleSpinBox>(d, "heightShift")->value(), 0.2);
        QVERIFY(child<QCheckBox>(d, "horizontalFlip")->isChecked());
        QCOMPARE(child<QComboBox>(d, "rescale")->currentIndex(), 0);  // 1/255
        QCOMPARE(child<QSpinBox>(d, "batchSize")->value(), 128);
        QCOMPARE(child<QSpinBox>(d, "threads")->value(), 2);

        ExperimentSettingsDialog e1(settingsOf("e1-lenet1988"), 0);
        QCOMPARE(child<QComboBox>(e1, "rescale")->currentIndex(), 1);  // raw pixels
        QCOMPARE(child<QComboBox>(e1, "loss")->currentData().toString(), QString("mean_squared_error"));
        QCOMPARE(child<QComboBox>(e1, "optimizerType")->currentText(), QString("SGD"));
    }

    void untouchedGivesBackTheExactSettings_data() {
        QTest::addColumn<QString>("preset");
        for (const std::string& id : presetIds()) QTest::newRow(id.c_str()) << QString::fromStdString(id);
    }
    void untouchedGivesBackTheExactSettings() {
        QFETCH(QString, preset);
        const Json original = settingsOf(preset.toUtf8().constData());
        ExperimentSettingsDialog d(original, 0);
        QVERIFY2(d.validate().isEmpty(), qPrintable(d.validate()));
        QCOMPARE(d.settings().dump(), original.dump());
    }

    void everyFieldReachesTheSpec() {
        ExperimentSettingsDialog d(settingsOf("e1-lenet1988"), 0);
        auto* dataset = child<QComboBox>(d, "dataset");
        dataset->setCurrentIndex(dataset->findData("cifar10"));
        auto* classes = child<QListWidget>(d, "classes");
        QCOMPARE(classes->count(), 10);
        classes->item(0)->setCheckState(Qt::Checked);  // airplane
        classes->item(8)->setCheckState(Qt::Checked);  // ship
        child<QSpinBox>(d, "perClass")->setValue(2000);
        child<QDoubleSpinBox>(d, "validationSplit")->setValue(0.15);
        child<QCheckBox>(d, "testEachEpoch")->setChecked(false);
        child<QComboBox>(d, "rescale")->setCurrentIndex(0);
        auto* loss = child<QComboBox>(d, "loss");
        loss->setCurrentIndex(loss->findData("categorical_crossentropy"));
        auto* opt = d.findChild<OptimizerFields*>();
        opt->typeBox()->setCurrentText("Adam");
        auto* lr = qobject_cast<QDoubleSpinBox*>(opt->fieldWidget("learning_rate"));
        QVERIFY(lr);
        lr->setValue(0.0005);
        child<QSpinBox>(d, "batchSize")->setValue(64);
        child<QSpinBox>(d, "epochs")->setValue(700);
        child<QDoubleSpinBox>(d, "seed")->setValue(4000000000.0);
        child<QDoubleSpinBox>(d, "rotation")->setValue(15);
        child<QDoubleSpinBox>(d, "widthShift")->setValue(0.1);
        child<QDoubleSpinBox>(d, "heightShift")->setValue(0.125);
        child<QCheckBox>(d, "horizontalFlip")->setChecked(true);
        child<QDoubleSpinBox>(d, "channelShift")->setValue(30);
        child<QSpinBox>(d, "threads")->setValue(1);
        QVERIFY2(d.validate().isEmpty(), qPrintable(d.validate()));

        Json spec = d.settings();
        spec["layers"] = Json::array({{{"type", "Input"}, {"shape", {32, 32, 3}}},
                                      {{"type", "Flatten"}},
                                      {{"type", "Dense"}, {"units", 2}, {"activation", "softmax"}}});
        const ModelSpec m = ModelSpec::fromJson(spec, "dialog");
        QCOMPARE(m.data.dataset, std::string("cifar10"));
        QCOMPARE(m.data.classes, (std::vector<std::string>{"airplane", "ship"}));
        QCOMPARE(m.data.perClass, 2000);
        QCOMPARE(m.data.validationSplit, 0.15);
        QVERIFY(!m.data.testEachEpoch);
        QCOMPARE(m.data.rescale, 1.0 / 255.0);
        QCOMPARE(m.training.loss, std::string("categorical_crossentropy"));
        COMPARE_JSON(m.training.optimizer["type"], Json("Adam"));
        QCOMPARE(m.training.optimizer["learning_rate"].get<double>(), 0.0005);
        QVERIFY(m.training.optimizer.contains("beta_1"));  // the type's defaults came along
        QCOMPARE(m.training.batchSize, 64);
        QCOMPARE(m.training.epochs, 700);
        QCOMPARE(m.training.seed, 4000000000u);
        QCOMPARE(m.data.augmentation.rotationRange, 15.0);
        QCOMPARE(m.data.augmentation.widthShiftRange, 0.1);
        QCOMPARE(m.data.augmentation.heightShiftRange, 0.125);
        QVERIFY(m.data.augmentation.horizontalFlip);
        QCOMPARE(m.data.augmentation.channelShiftRange, 30.0);
        QCOMPARE(d.threads(), 1);
        QVERIFY(!d.settings().contains("threads"));  // a machine preference, not part of the experiment
    }

    void switchingOptimizerShowsItsDefaults() {
        ExperimentSettingsDialog d(settingsOf("e1-lenet1988"), 0);
        auto* opt = d.findChild<OptimizerFields*>();
        opt->typeBox()->setCurrentText("RMSprop");
        const Json c = opt->config();
        COMPARE_JSON(c["type"], Json("RMSprop"));
        QCOMPARE(c["learning_rate"].get<double>(), 0.001);
        QVERIFY(c.contains("rho"));
    }

    void invalidValuesKeepTheDialogOpenWithTheEnginesMessage() {
        ExperimentSettingsDialog d(settingsOf("e1-lenet1988"), 0);
        child<QListWidget>(d, "classes")->item(3)->setCheckState(Qt::Checked);  // one class only
        d.accept();
        QVERIFY(d.result() != QDialog::Accepted);
        auto* error = child<QLabel>(d, "settingsError");
        QVERIFY2(error->text().contains("classes"), qPrintable(error->text()));
        QVERIFY(!error->isHidden());
        child<QListWidget>(d, "classes")->item(5)->setCheckState(Qt::Checked);
        QVERIFY(d.validate().isEmpty());
    }

    void theChangeIsOneUndoStep() {
        TestWindow w;
        QVERIFY(w->openPreset("e1-lenet1988"));
        const std::string before = w.doc()->specJson().dump();
        ExperimentSettingsDialog d(w.doc()->settings(), 0);
        child<QSpinBox>(d, "epochs")->setValue(3);
        child<QComboBox>(d, "rescale")->setCurrentIndex(0);
        w.doc()->changeSettings(d.settings());
        QCOMPARE(w.doc()->undoStack()->count(), 1);
        COMPARE_JSON(w.doc()->settings()["training"]["epochs"], Json(3));
        w.doc()->undoStack()->undo();
        QCOMPARE(w.doc()->specJson().dump(), before);
        // OK without changes pushes nothing.
        ExperimentSettingsDialog same(w.doc()->settings(), 0);
        w.doc()->changeSettings(same.settings());
        QCOMPARE(w.doc()->undoStack()->index(), 0);
    }
};

QTEST_MAIN(TestSettingsDialog)
#include "test_settings_dialog.moc"
