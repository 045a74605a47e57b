// The model builder driven through its widgets: building E1 from the palette
// and the property editor, reordering and undo/redo restoring the exact spec,
// the one-click "without H3" variant, and an invalid edit shown on the right
// card while the user's edit is kept.
#include "gui_test_support.h"

#include "ui/builder/layer_stack_view.h"
#include "ui/builder/summary_panel.h"
#include "ui/fields/number_text_field.h"
#include "ui/training/weight_snapshot.h"

#include "engine/layer_registry.h"
#include "engine/presets.h"

#include <QCheckBox>
#include <QLabel>
#include <QMimeData>
#include <QTemporaryDir>
#include <QUndoStack>

using namespace cnnwb;
using namespace cnnwb::ui;
using namespace cnnwb::ui::test;

class TestModelBuilder : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { isolateEnvironment(); }

    void paletteListsEveryEngineLayer() {
        TestWindow w;
        LayerPalette* palette = w.builder()->palette();
        QCOMPARE(palette->count(), int(layerTypes().size()));
        for (const LayerType& t : layerTypes()) {
            const int row = palette->rowOfType(QString::fromStdString(t.name));
            QVERIFY2(row >= 0, t.name.c_str());
            QVERIFY(palette->item(row)->toolTip().contains(QString::fromStdString(t.description).toHtmlEscaped()));
            QVERIFY(!palette->item(row)->icon().isNull());
        }
    }

    // E1 from File → New (Input, Flatten, Dense 10 softmax) by palette
    // double-clicks and typing into the property editor.
    void buildingE1ByHandGives117300Parameters() {
        TestWindow w;
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w.window.get()));
        w->newExperiment();
        ModelBuilder* b = w.builder();
        QCOMPARE(w.layers()->rowCount(), 3);

        b->selectRow(0);
        doubleClickPalette(b, "Conv2D");
        QCOMPARE(w.layers()->rowCount(), 4);
        QCOMPARE(b->currentRow(), 1);  // the new card is selected, right below Input
        setText(b, "name", "h1");
        setNumber(b, "filters", "16");
        setNumber(b, "kernel_size", "5");  // one number, as Keras takes it: 5×5
        setNumber(b, "strides", "4");
        setChoice(b, "activation", "tanh");
        if (QTest::currentTestFailed()) return;

        b->selectRow(2);  // flatten
        doubleClickPalette(b, "Dense");
        setText(b, "name", "h2");
        setNumber(b, "units", "192");
        setChoice(b, "activation", "linear");
        doubleClickPalette(b, "Dense");
        setText(b, "name", "h3");
        setNumber(b, "units", "30");
        setChoice(b, "activation", "linear");
        if (QTest::currentTestFailed()) return;

        const NetworkAnalysis& a = w.doc()->analysis();
        QVERIFY2(a.valid(), qPrintable(a.error));
        QCOMPARE(a.totalParams, std::size_t(117300));
        QCOMPARE(a.trainableParams, std::size_t(117300));
        COMPARE_JSON(w.layers()->layer(1)["kernel_size"], Json(5));
        COMPARE_JSON(w.layers()->layer(1)["strides"], Json(4));

        // Layer for layer the same network as the shipped preset.
        const Network preset = loadPreset("e1-lenet1988").buildNetwork();
        QCOMPARE(w.layers()->rowCount(), int(preset.rows().size()));
        for (int i = 0; i < w.layers()->rowCount(); ++i) {
            const LayerRow& want = preset.rows()[std::size_t(i)];
            const QModelIndex idx = w.layers()->index(i);
            QCOMPARE(idx.data(LayerListModel::TypeRole).toString(), QString::fromStdString(want.type));
            QCOMPARE(idx.data(LayerListModel::OutputShapeRole).toString(), QString::fromStdString(want.outputShape.str()));
            QCOMPARE(idx.data(LayerListModel::ParamsRole).toULongLong(), qulonglong(want.params));
        }
        QCOMPARE(w.layers()->index(1).data(LayerListModel::FormulaRole).toString(), QString("16 × (5×5×1 + 1) = 416"));
        // The kernel was written back the way presets write it: one number for a square.
        COMPARE_JSON(w.layers()->layer(1)["kernel_size"], Json(5));
        QVERIFY(w->validityText().contains("117,300"));
    }

    void reorderByDropAndUndoRestoreTheExactSpec() {
        TestWindow w;
        QVERIFY(w->openPreset("e1-lenet1988"));
        const Json before = w.doc()->specJson();
        const std::string beforeText = before.dump();

        // Drag card 5 (h3) and drop it between flatten and h2, as the view would.
        LayerListModel* m = w.layers();
        std::unique_ptr<QMimeData> drag(m->mimeData({m->index(4)}));
        QVERIFY(m->dropMimeData(drag.get(), Qt::MoveAction, 3, 0, {}));
        QCOMPARE(m->index(3).data(LayerListModel::NameRole).toString(), QString("h3"));
        QCOMPARE(m->index(4).data(LayerListModel::NameRole).toString(), QString("h2"));
        QVERIFY(w.doc()->isModified());
        const Json moved = w.doc()->specJson();
        QVERIFY(moved != before);
        // Still valid, but the dense sizes changed: conv 416, then 576→30→192→10.
        QCOMPARE(w.doc()->analysis().totalParams, std::size_t(416 + 30 * 577 + 192 * 31 + 10 * 193));

        w.doc()->undoStack()->undo();
        QCOMPARE(w.doc()->specJson().dump(), beforeText);
        QVERIFY(!w.doc()->isModified());
        w.doc()->undoStack()->redo();
        COMPARE_JSON(w.doc()->specJson(), moved);

        // Move up/down through the builder (Edit menu): selected card follows.
        w.doc()->undoStack()->undo();
        w.builder()->selectRow(4);
        w.builder()->moveCurrent(-1);
        QCOMPARE(w.builder()->currentRow(), 3);
        COMPARE_JSON(w.doc()->specJson(), moved);
        w.builder()->moveCurrent(+1);
        QCOMPARE(w.doc()->specJson().dump(), beforeText);
    }

    // Every kind of edit, then all undone: byte-identical spec; all redone: the edited one.
    void undoingEveryKindOfEditRestoresTheExactSpec() {
        TestWindow w;
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w.window.get()));
        QVERIFY(w->openPreset("e3-cnn"));
        const std::string original = w.doc()->specJson().dump();
        ExperimentDocument* d = w.doc();
        ModelBuilder* b = w.builder();

        b->selectRow(2);
        b->addLayer("BatchNormalization");
        b->duplicateCurrent();
        b->selectRow(1);
        setNumber(b, "filters", "48");
        setChoice(b, "padding", "same");
        b->toggleCurrentEnabled();
        b->selectRow(5);
        b->deleteCurrent();
        d->addLayer("Dropout", 0);  // a drop above Input: invalid, but undoable
        ExperimentSettings settings = d->settings();
        settings.training.batchSize = 64;
        d->changeSettings(settings);
        if (QTest::currentTestFailed()) return;
        const std::string edited = d->specJson().dump();
        QVERIFY(edited != original);
        QVERIFY(d->undoStack()->count() >= 8);

        while (d->undoStack()->canUndo()) d->undoStack()->undo();
        QCOMPARE(d->specJson().dump(), original);
        QVERIFY(!d->isModified());
        while (d->undoStack()->canRedo()) d->undoStack()->redo();
        QCOMPARE(d->specJson().dump(), edited);
    }

    void disablingH3IsTheWithoutH3Variant() {
        TestWindow w;
        QVERIFY(w->openPreset("e1-lenet1988"));
        w.builder()->selectRow(4);
        QCOMPARE(w.layers()->index(4).data(LayerListModel::NameRole).toString(), QString("h3"));
        w.builder()->toggleCurrentEnabled();
        COMPARE_JSON(w.layers()->layer(4)["enabled"], Json(false));
        QVERIFY(!w.layers()->index(4).data(LayerListModel::EnabledRole).toBool());
        const Network noH3 = loadPreset("e1-no-h3").buildNetwork();
        QCOMPARE(w.doc()->analysis().totalParams, noH3.totalParams());
        // Enabling again removes the field rather than writing "enabled": true.
        w.builder()->toggleCurrentEnabled();
        QVERIFY(!w.layers()->layer(4).contains("enabled"));
        QCOMPARE(w.doc()->analysis().totalParams, std::size_t(117300));
    }

    void invalidEditShowsTheMessageOnTheRightCard() {
        TestWindow w;
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w.window.get()));
        QVERIFY(w->openPreset("e1-lenet1988"));
        ModelBuilder* b = w.builder();
        b->selectRow(1);  // h1
        setNumber(b, "kernel_size", "30");
        if (QTest::currentTestFailed()) return;

        const NetworkAnalysis& a = w.doc()->analysis();
        QVERIFY(!a.valid());
        QCOMPARE(a.errorLayer, 1);
        const QString message = w.layers()->index(1).data(LayerListModel::ErrorRole).toString();
        QVERIFY2(message.contains("kernel 30×30 is larger than its 28×28 input"), qPrintable(message));
        for (int row : {0, 2, 3, 4, 5}) QVERIFY(w.layers()->index(row).data(LayerListModel::ErrorRole).toString().isEmpty());
        QVERIFY2(w->validityText().contains("layer 2") && w->validityText().contains("larger than"),
                 qPrintable(w->validityText()));
        // The edit is kept, Input above still shows its shape, the card is taller with the message.
        COMPARE_JSON(w.layers()->layer(1)["kernel_size"], Json(30));
        QCOMPARE(w.layers()->index(0).data(LayerListModel::OutputShapeRole).toString(), QString("28×28×1"));
        LayerStackView* stack = b->stack();
        QVERIFY(stack->visualRect(w.layers()->index(1)).height() > stack->visualRect(w.layers()->index(2)).height());
        QVERIFY(b->properties()->findChild<QLabel*>("propertyStatus")->text().contains("larger than"));
        // The stack still paints.
        QVERIFY(!stack->grab().isNull());

        // Undo twice: valid again.
        w.doc()->undoStack()->undo();
        w.doc()->undoStack()->undo();
        QVERIFY2(w.doc()->analysis().valid(), qPrintable(w.doc()->analysis().error));
        QVERIFY(w->validityText().startsWith("✓"));
    }

    // The summary's training-memory estimate turns red from three quarters of the limit on,
    // before the model is refused; past the limit the card at fault says so.
    void memoryEstimateWarnsBeforeTheModelIsRefused() {
        qputenv("CNNWB_MEMORY_LIMIT_MB", "128");  // E3 CNN needs ≈ 96.9 MB at batch 128
        struct Unset {
            ~Unset() { qunsetenv("CNNWB_MEMORY_LIMIT_MB"); }
        } unset;
        TestWindow w;
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w.window.get()));
        QVERIFY(w->openPreset("e3-cnn"));
        ModelBuilder* b = w.builder();
        QVERIFY2(w.doc()->analysis().valid(), qPrintable(w.doc()->analysis().error));
        const QString totals = b->summary()->totalsText();
        QVERIFY2(totals.contains("≈ 96.9 MB of 128.0 MB allowed"), qPrintable(totals));
        QVERIFY(b->summary()->findChild<QLabel*>("summaryTotals")->toolTip().contains("CNNWB_MEMORY_LIMIT_MB=128"));

        b->selectRow(2);  // conv_2: 64 filters 3×3
        setNumber(b, "filters", "128");
        if (QTest::currentTestFailed()) return;
        const NetworkAnalysis& a = w.doc()->analysis();
        QVERIFY(!a.valid());
        QCOMPARE(a.errorLayer, 2);
        QVERIFY2(a.error.contains("more than the 128.0 MB allowed") && a.error.contains("conv_2"), qPrintable(a.error));
    }

    void dataThatDoesNotFitTheModelMarksInputOrOutput() {
        TestWindow w;
        QVERIFY(w->openPreset("e1-lenet1988"));
        ExperimentSettings s = w.doc()->settings();
        s.data.dataset = "cifar10";
        w.doc()->changeSettings(s);
        QCOMPARE(w.doc()->analysis().errorLayer, 0);
        QVERIFY(w.layers()->index(0).data(LayerListModel::ErrorRole).toString().contains("32×32×3"));
        w.doc()->undoStack()->undo();
        w.doc()->setLayerField(5, "units", Json(12));
        QCOMPARE(w.doc()->analysis().errorLayer, 5);
        QVERIFY(w.layers()->index(5).data(LayerListModel::ErrorRole).toString().contains("10 classes"));
    }

    void dropFromPaletteInsertsWhereDropped() {
        TestWindow w;
        QVERIFY(w->openPreset("e1-lenet1988"));
        std::unique_ptr<QMimeData> data(new QMimeData);
        data->setData(LayerListModel::kTypeMime, "Dropout");
        QVERIFY(w.layers()->dropMimeData(data.get(), Qt::CopyAction, 3, 0, {}));
        QCOMPARE(w.layers()->rowCount(), 7);
        QCOMPARE(w.layers()->index(3).data(LayerListModel::TypeRole).toString(), QString("Dropout"));
        QVERIFY(w.doc()->analysis().valid());
        w.doc()->undoStack()->undo();
        QCOMPARE(w.layers()->rowCount(), 6);
    }

    void duplicateGetsAFreshName() {
        TestWindow w;
        QVERIFY(w->openPreset("e1-lenet1988"));
        w.builder()->selectRow(3);
        w.builder()->duplicateCurrent();
        QCOMPARE(w.layers()->index(4).data(LayerListModel::NameRole).toString(), QString("h2_copy"));
        QCOMPARE(w.builder()->currentRow(), 4);
        QVERIFY(w.doc()->analysis().valid());
    }

    // "-5", "0" or letters are refused with the engine's message under the
    // field; nothing changes in the model until the value is one the engine takes.
    void numberFieldsRefuseWhatTheEngineRefuses_data() {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("expected");
        QTest::newRow("filters -5") << "filters" << "-5" << "field 'filters' must be an integer from 1 to 65536; got the integer -5";
        QTest::newRow("filters 0") << "filters" << "0" << "field 'filters' must be an integer from 1 to 65536; got the integer 0";
        QTest::newRow("filters letters") << "filters" << "abc" << "field 'filters' must be an integer from 1 to 65536; got the string \"abc\"";
        QTest::newRow("filters 2.5") << "filters" << "2.5" << "got the number 2.5";
        QTest::newRow("kernel 0") << "kernel_size" << "0" << "field 'kernel_size' must be an integer from 1 to 4096 or a list of two";
        QTest::newRow("kernel 5×0") << "kernel_size" << "5x0" << "field 'kernel_size' must be an integer from 1 to 4096 or a list of two";
        QTest::newRow("kernel letters") << "kernel_size" << "five" << "got the string \"five\"";
        QTest::newRow("strides -1") << "strides" << "-1" << "field 'strides'";
    }
    void numberFieldsRefuseWhatTheEngineRefuses() {
        QFETCH(QString, key);
        QFETCH(QString, typed);
        QFETCH(QString, expected);
        TestWindow w;
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w.window.get()));
        QVERIFY(w->openPreset("e1-lenet1988"));
        ModelBuilder* b = w.builder();
        b->selectRow(1);  // h1: Conv2D, 16 filters 5×5, stride 4
        const std::string before = w.layers()->layers().dump();
        const std::string k = key.toStdString();
        auto* edit = field<QLineEdit>(b, k.c_str());
        QVERIFY(edit);
        typeInto(edit, typed);
        const QString message = b->properties()->fieldMessage(k);
        QVERIFY2(message.contains(expected), qPrintable(message));
        QCOMPARE(w.layers()->layers().dump(), before);  // refused: nothing changed
        QCOMPARE(w.doc()->undoStack()->count(), 0);
        QCOMPARE(edit->text(), typed);                  // what was typed stays, to be corrected
        QTest::keyClick(edit, Qt::Key_Escape);          // Escape gives back the value in effect
        QVERIFY(b->properties()->fieldMessage(k).isEmpty());
        QCOMPARE(edit->text(), NumberTextField::format(w.layers()->layer(1)[k]));
    }

    // A size pair takes one number as Keras does, or two in any usual spelling.
    void sizeFieldsTakeOneNumberOrTwo() {
        TestWindow w;
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w.window.get()));
        QVERIFY(w->openPreset("e1-lenet1988"));
        ModelBuilder* b = w.builder();
        b->selectRow(1);
        auto* kernel = field<QLineEdit>(b, "kernel_size");
        QVERIFY(kernel);
        QCOMPARE(kernel->text(), QString("5"));
        for (const auto& [typed, expected] : std::vector<std::pair<QString, Json>>{
                 {"3", Json(3)}, {"5×3", Json::array({5, 3})}, {"4x2", Json::array({4, 2})}, {"[3, 1]", Json::array({3, 1})},
                 {"2, 2", Json::array({2, 2})}, {"5", Json(5)}}) {
            typeInto(kernel, typed);
            QVERIFY2(b->properties()->fieldMessage("kernel_size").isEmpty(), qPrintable(typed));
            COMPARE_JSON(w.layers()->layer(1)["kernel_size"], expected);
        }
        QCOMPARE(w.doc()->analysis().totalParams, std::size_t(117300));  // back at 5×5
    }

    // A layer type added to the engine's registry (GlobalAveragePooling2D)
    // reaches the palette, the property editor, the summary, the filter view
    // and session files with no edit outside engine/layers/ and the registry.
    void globalAveragePoolingNeedsNoEditOutsideTheEngine() {
        TestWindow w;
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w.window.get()));
        QVERIFY(w->openPreset("e1-lenet1988"));
        ModelBuilder* b = w.builder();
        QVERIFY(b->palette()->rowOfType("GlobalAveragePooling2D") >= 0);
        QVERIFY(!b->palette()->item(b->palette()->rowOfType("GlobalAveragePooling2D"))->icon().isNull());
        b->selectRow(1);  // h1: 16 maps of 6×6
        doubleClickPalette(b, "GlobalAveragePooling2D");
        QCOMPARE(b->currentRow(), 2);
        COMPARE_JSON(w.layers()->layer(2)["name"], Json("global_average_pooling2d"));
        b->selectRow(3);  // Flatten: no longer needed
        b->deleteCurrent();
        NetworkAnalysis a = w.doc()->analysis();
        QVERIFY2(a.valid(), qPrintable(a.error));
        QCOMPARE(w.layers()->index(2).data(LayerListModel::OutputShapeRole).toString(), QString("16"));
        QCOMPARE(w.layers()->index(2).data(LayerListModel::ParamsRole).toULongLong(), 0ull);
        QCOMPARE(a.totalParams, std::size_t(416 + 192 * 17 + 5790 + 310));
        QVERIFY(b->summary()->totalsText().contains(QString::fromStdString(withThousands(a.totalParams))));
        // Its one argument, from its config, with the engine's default.
        b->selectRow(2);
        auto* keep = field<QCheckBox>(b, "keepdims");
        QVERIFY(keep);
        QVERIFY(!keep->isChecked());
        keep->setChecked(true);  // 1×1×16 cannot feed a Dense layer: the card below says so
        QVERIFY(!w.doc()->analysis().valid());
        QCOMPARE(w.doc()->analysis().errorLayer, 3);
        w.doc()->undoStack()->undo();
        QVERIFY(w.doc()->analysis().valid());
        // A session with it saves and opens again.
        QTemporaryDir dir;
        w.log->saveAnswer = dir.filePath("gap.cnnwb");
        QVERIFY(w->saveAs());
        TestWindow again;
        QVERIFY(again->openFile(dir.filePath("gap.cnnwb")));
        COMPARE_JSON(again.doc()->specJson()["layers"], w.doc()->specJson()["layers"]);
        // The filter view still finds h1's kernels (and nothing in the pooling layer).
        Network net = ModelSpec::fromJson(w.doc()->specJson(), "gap").buildNetwork();
        net.setup(1);
        const WeightSnapshot s = captureKernels(net);
        QCOMPARE(s.banks.size(), 1);
        QCOMPARE(s.banks[0].layerName, QString("h1"));
    }

    void editorOffersTheEngineChoices() {
        TestWindow w;
        QVERIFY(w->openPreset("e1-lenet1988"));
        ModelBuilder* b = w.builder();
        b->selectRow(1);
        QVERIFY(field<QLineEdit>(b, "filters"));
        auto* padding = field<QComboBox>(b, "padding");
        QVERIFY(padding);
        QCOMPARE(padding->count(), 2);
        QVERIFY(field<QComboBox>(b, "kernel_initializer"));
        QVERIFY(field<QCheckBox>(b, "use_bias"));
        b->selectRow(0);
        QVERIFY(b->properties()->fieldWidget("shape"));
        QVERIFY(!b->properties()->fieldWidget("enabled")->isEnabled());  // Input cannot be skipped
    }
};

QTEST_MAIN(TestModelBuilder)
#include "test_model_builder.moc"
