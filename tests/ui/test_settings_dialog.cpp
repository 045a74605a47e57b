// The experiment settings dialog edits the engine's ExperimentSettings: every
// widget reaches the setting it stands for, the untouched dialog gives back
// the exact settings, a value the engine refuses stays in its field with the
// engine's message (and OK is refused), and the result is one undoable change.
#include "gui_test_support.h"

#include "ui/experiment_header.h"
#include "ui/settings/experiment_settings_dialog.h"
#include "ui/settings/optimizer_fields.h"

#include "engine/presets.h"
#include "engine/setting_path.h"

#include <QCheckBox>
#include <QDir>
#include <QPushButton>
#include <QTemporaryDir>
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

ExperimentSettings settingsOf(const char* preset) { return loadPreset(preset).settings(); }

QString textOf(QDialog& d, const char* name) {
    auto* edit = child<QLineEdit>(d, name);
    return edit ? edit->text() : QString();
}

void type(QDialog& d, const char* name, const QString& text) {
    auto* edit = child<QLineEdit>(d, name);
    QVERIFY2(edit, name);
    typeInto(edit, text);
}

}  // namespace

class TestSettingsDialog : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { isolateEnvironment(); }

    void showsThePresetsValues() {
        ExperimentSettingsDialog d(settingsOf("e5-cifar10net"), 2);
        QCOMPARE(child<QComboBox>(d, "dataset")->currentData().toString(), QString("cifar10"));
        QCOMPARE(textOf(d, "rotation"), QString("20"));
        QCOMPARE(textOf(d, "widthShift"), QString("0.2"));
        QCOMPARE(textOf(d, "heightShift"), QString("0.2"));
        QVERIFY(child<QCheckBox>(d, "horizontalFlip")->isChecked());
        QCOMPARE(child<QComboBox>(d, "rescale")->currentIndex(), 0);  // 1/255
        QCOMPARE(textOf(d, "batchSize"), QString("128"));
        QCOMPARE(textOf(d, "threads"), QString("2"));

        ExperimentSettingsDialog e1(settingsOf("e1-lenet1988"), 0);
        QCOMPARE(child<QComboBox>(e1, "rescale")->currentIndex(), 1);  // raw pixels
        QCOMPARE(textOf(e1, "perClass"), QString("all"));              // 0 shown as what it means
        QVERIFY(textOf(e1, "threads").startsWith("all cores"));
        type(e1, "perClass", "500");
        QCOMPARE(e1.settings().data.perClass, 500);
        type(e1, "perClass", "all");
        QCOMPARE(e1.settings().data.perClass, 0);
        QCOMPARE(child<QComboBox>(e1, "loss")->currentData().toString(), QString("mean_squared_error"));
        QCOMPARE(child<QComboBox>(e1, "optimizerType")->currentData().toString(), QString("SGD"));
        QCOMPARE(qobject_cast<QLineEdit*>(e1.findChild<OptimizerFields*>()->fieldWidget("learning_rate"))->text(),
                 QString::fromStdString(settingText(loadPreset("e1-lenet1988").training.optimizer["learning_rate"])));
    }

    void untouchedGivesBackTheExactSettings_data() {
        QTest::addColumn<QString>("preset");
        for (const std::string& id : presetIds()) QTest::newRow(id.c_str()) << QString::fromStdString(id);
    }
    void untouchedGivesBackTheExactSettings() {
        QFETCH(QString, preset);
        const ExperimentSettings original = settingsOf(preset.toUtf8().constData());
        ExperimentSettingsDialog d(original, 0);
        QVERIFY2(d.validate().isEmpty(), qPrintable(d.validate()));
        QVERIFY(d.settings() == original);
        COMPARE_JSON(d.settings().toJson(), original.toJson());
    }

    void everyFieldReachesTheSettings() {
        ExperimentSettingsDialog d(settingsOf("e1-lenet1988"), 0);
        auto* dataset = child<QComboBox>(d, "dataset");
        dataset->setCurrentIndex(dataset->findData("cifar10"));
        auto* classes = child<QListWidget>(d, "classes");
        QCOMPARE(classes->count(), 10);
        classes->item(0)->setCheckState(Qt::Checked);  // airplane
        classes->item(8)->setCheckState(Qt::Checked);  // ship
        type(d, "perClass", "2000");
        type(d, "validationSplit", "0.15");
        child<QCheckBox>(d, "testEachEpoch")->setChecked(false);
        child<QComboBox>(d, "rescale")->setCurrentIndex(0);
        auto* loss = child<QComboBox>(d, "loss");
        loss->setCurrentIndex(loss->findData("categorical_crossentropy"));
        auto* opt = d.findChild<OptimizerFields*>();
        auto* optType = qobject_cast<QComboBox*>(opt->typeBox());
        optType->setCurrentIndex(optType->findData("Adam"));
        auto* lr = qobject_cast<QLineEdit*>(opt->fieldWidget("learning_rate"));
        QVERIFY(lr);
        typeInto(lr, "5e-4");
        type(d, "batchSize", "64");
        type(d, "epochs", "700");
        type(d, "seed", "4000000000");
        type(d, "rotation", "15");
        type(d, "widthShift", "0.1");
        type(d, "heightShift", "0.125");
        child<QCheckBox>(d, "horizontalFlip")->setChecked(true);
        type(d, "channelShift", "30");
        type(d, "threads", "1");
        QVERIFY2(d.validate().isEmpty(), qPrintable(d.validate()));

        const ExperimentSettings& m = d.settings();
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
        QVERIFY(!m.toJson().contains("threads"));  // a machine preference, not part of the experiment
    }

    void switchingOptimizerShowsItsDefaults() {
        ExperimentSettingsDialog d(settingsOf("e1-lenet1988"), 0);
        auto* opt = d.findChild<OptimizerFields*>();
        auto* optType = qobject_cast<QComboBox*>(opt->typeBox());
        optType->setCurrentIndex(optType->findData("RMSprop"));
        const Json c = d.settings().training.optimizer;
        COMPARE_JSON(c["type"], Json("RMSprop"));
        QCOMPARE(c["learning_rate"].get<double>(), 0.001);
        QVERIFY(c.contains("rho"));
        QVERIFY(opt->fieldWidget("rho"));
        QVERIFY(!opt->fieldWidget("nesterov"));  // SGD's arguments are gone from the form
    }

    // An image folder's fields and a schedule's appear only when they apply;
    // the folder's classes are its subfolders.
    void fieldsFollowTheDatasetAndTheSchedule() {
        QTemporaryDir dir;
        for (const char* c : {"cats", "dogs", "owls"}) QVERIFY(QDir(dir.path()).mkpath(c));
        ExperimentSettings s = settingsOf("e2-lenet-improved");
        ExperimentSettingsDialog mnistLike(s, 0);
        QVERIFY(!child<QLineEdit>(mnistLike, "folderPath")->isVisibleTo(&mnistLike));
        QVERIFY(!child<QPushButton>(mnistLike, "chooseFolder")->isVisibleTo(&mnistLike));
        QVERIFY(!child<QLineEdit>(mnistLike, "alpha")->isVisibleTo(&mnistLike));

        s.data.dataset = kImageFolderDataset;
        s.data.classes.clear();
        s.data.folder.path = dir.path().toStdString();
        ExperimentSettingsDialog d(s, 0);
        QVERIFY(child<QLineEdit>(d, "folderPath")->isVisibleTo(&d));
        QCOMPARE(textOf(d, "folderPath"), dir.path());
        auto* classes = child<QListWidget>(d, "classes");
        QCOMPARE(classes->count(), 3);
        QCOMPARE(classes->item(2)->text(), QString("owls"));
        child<QComboBox>(d, "colorMode")->setCurrentIndex(child<QComboBox>(d, "colorMode")->findData("grayscale"));
        QCOMPARE(d.settings().data.folder.colorMode, std::string("grayscale"));

        auto* schedule = child<QComboBox>(d, "lrSchedule");
        schedule->setCurrentIndex(schedule->findData("step"));
        QVERIFY(child<QLineEdit>(d, "dropEvery")->isVisibleTo(&d));
        QVERIFY(!child<QLineEdit>(d, "alpha")->isVisibleTo(&d));
        type(d, "dropEvery", "4");
        QCOMPARE(d.settings().training.lrSchedule.type, std::string("step"));
        QCOMPARE(d.settings().training.lrSchedule.dropEvery, 4);
    }

    // "-5", "0", letters: refused with the engine's own message, kept in the
    // field to be corrected, and OK says what is still wrong.
    void numberFieldsRefuseWhatTheEngineRefuses_data() {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("expected");
        QTest::newRow("batch -5") << "batchSize" << "-5" << "training: field 'batch_size' must be an integer from 1 to 65536; got the integer -5";
        QTest::newRow("batch 0") << "batchSize" << "0" << "training: field 'batch_size' must be an integer from 1 to 65536; got the integer 0";
        QTest::newRow("batch letters") << "batchSize" << "lots" << "training: field 'batch_size' must be an integer from 1 to 65536; got the string \"lots\"";
        QTest::newRow("epochs 0") << "epochs" << "0" << "field 'epochs' must be an integer from 1 to 100000";
        QTest::newRow("split 2") << "validationSplit" << "2" << "data: field 'validation_split' must be a number from 0 to 0.9";
        QTest::newRow("seed -1") << "seed" << "-1" << "field 'seed' must be an integer from 0 to 4294967295";
        QTest::newRow("rotation x") << "rotation" << "x" << "data.augmentation: field 'rotation_range'";
        QTest::newRow("threads -5") << "threads" << "-5" << "Threads must be a whole number from 0";
    }
    void numberFieldsRefuseWhatTheEngineRefuses() {
        QFETCH(QString, field);
        QFETCH(QString, typed);
        QFETCH(QString, expected);
        const ExperimentSettings original = settingsOf("e1-lenet1988");
        ExperimentSettingsDialog d(original, 0);
        d.show();
        type(d, field.toUtf8().constData(), typed);
        QCOMPARE(textOf(d, field.toUtf8().constData()), typed);  // kept, to be corrected
        QVERIFY(d.settings() == original);                      // nothing taken
        d.accept();
        QVERIFY(d.result() != QDialog::Accepted);
        auto* error = child<QLabel>(d, "settingsError");
        QVERIFY2(error->text().contains(expected), qPrintable(error->text()));
        QVERIFY(!error->isHidden());
        QVERIFY2(d.findChild<QLabel*>("fieldMessage")->isVisibleTo(&d) || !error->isHidden(), "no visible message");
        // Escape gives the value in effect back.
        QTest::keyClick(child<QLineEdit>(d, field.toUtf8().constData()), Qt::Key_Escape);
        QVERIFY2(d.validate().isEmpty(), qPrintable(d.validate()));
    }

    void oneClassIsRefusedWithTheEnginesMessage() {
        ExperimentSettingsDialog d(settingsOf("e1-lenet1988"), 0);
        child<QListWidget>(d, "classes")->item(3)->setCheckState(Qt::Checked);  // one class only
        d.accept();
        QVERIFY(d.result() != QDialog::Accepted);
        auto* error = child<QLabel>(d, "settingsError");
        QVERIFY2(error->text().contains("classes"), qPrintable(error->text()));
        QVERIFY(!error->isHidden());
        QVERIFY(!child<QLabel>(d, "classesMessage")->isHidden());
        child<QListWidget>(d, "classes")->item(5)->setCheckState(Qt::Checked);
        QVERIFY(d.validate().isEmpty());
        QCOMPARE(d.settings().data.classes, (std::vector<std::string>{"3", "5"}));
    }

    // The header reads the same settings the dialog edits (a new experiment
    // once read "SGD lr 0" while its settings said 0.01).
    void theHeaderShowsTheSettingsInEffect() {
        TestWindow w;
        w->newExperiment();
        auto* header = w->findChild<ExperimentHeader*>();
        QVERIFY(header);
        QVERIFY2(header->settingsText().contains("SGD lr 0.01 · batch 32 · 10 epochs · seed 1"),
                 qPrintable(header->settingsText()));
        ExperimentSettings s = w.doc()->settings();
        setSetting(s, "training.optimizer.type", "Adam");
        setSetting(s, "training.optimizer.learning_rate", 0.0005);
        w.doc()->changeSettings(s);
        QVERIFY2(header->settingsText().contains("Adam lr 0.0005"), qPrintable(header->settingsText()));
    }

    void theChangeIsOneUndoStep() {
        TestWindow w;
        QVERIFY(w->openPreset("e1-lenet1988"));
        const std::string before = w.doc()->specJson().dump();
        ExperimentSettingsDialog d(w.doc()->settings(), 0);
        type(d, "epochs", "3");
        child<QComboBox>(d, "rescale")->setCurrentIndex(0);
        w.doc()->changeSettings(d.settings());
        QCOMPARE(w.doc()->undoStack()->count(), 1);
        QCOMPARE(w.doc()->settings().training.epochs, 3);
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
