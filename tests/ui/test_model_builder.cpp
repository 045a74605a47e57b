// The model builder driven through its widgets: building E1 from the palette
// and the property editor, reordering and undo/redo restoring the exact spec,
// the one-click "without H3" variant, and an invalid edit shown on the right
// card while the user's edit is kept.
#include "gui_test_support.h"

#include "ui/builder/layer_stack_view.h"

#include "engine/layer_registry.h"
#include "engine/presets.h"

#include <QCheckBox>
#include <QLabel>
#include <QMimeData>
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
        setSpin(b, "filters", 16);
        setSpin(b, "kernel_size_0", 5);
        setSpin(b, "kernel_size_1", 5);
        setSpin(b, "strides_0", 4);
        setSpin(b, "strides_1", 4);
        setChoice(b, "activation", "tanh");
        if (QTest::currentTestFailed()) return;

        b->selectRow(2);  // flatten
        doubleClickPalette(b, "Dense");
        setText(b, "name", "h2");
        setSpin(b, "units", 192);
        setChoice(b, "activation", "linear");
        doubleClickPalette(b, "Dense");
        setText(b, "name", "h3");
        setSpin(b, "units", 30);
        setChoice(b, "activation", "linear");
        if (QTest::currentTestFailed()) return;

        const NetworkAnalysis& a = w.doc()->analysis();
        QVERIFY2(a.valid(), qPrintable(a.error));
        QCOMPARE(a.totalParams, std::size_t(117300));
        QCOMPARE(a.trainableParams, std::size_t(117300));

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
        setSpin(b, "filters", 48);
        setChoice(b, "padding", "same");
        b->toggleCurrentEnabled();
        b->selectRow(5);
        b->deleteCurrent();
        d->addLayer("Dropout", 0);  // a drop above Input: invalid, but undoable
        Json settings = d->settings();
        settings["training"]["batch_size"] = 64;
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
        setSpin(b, "kernel_size_0", 30);
        setSpin(b, "kernel_size_1", 30);
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

    void dataThatDoesNotFitTheModelMarksInputOrOutput() {
        TestWindow w;
        QVERIFY(w->openPreset("e1-lenet1988"));
        Json s = w.doc()->settings();
        s["data"]["dataset"] = "cifar10";
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

    void editorOffersTheEngineChoicesAndRanges() {
        TestWindow w;
        QVERIFY(w->openPreset("e1-lenet1988"));
        ModelBuilder* b = w.builder();
        b->selectRow(1);
        auto* filters = field<QSpinBox>(b, "filters");
        QVERIFY(filters);
        QCOMPARE(filters->minimum(), 1);
        QCOMPARE(filters->maximum(), 1 << 16);
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
