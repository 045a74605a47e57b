// The data browser: a 9×9 grid of labelled images, class filter, paging and
// the subset/cap line, on synthetic data; then real MNIST loaded in the
// background exactly as a run prepares it (class subset and per-class cap).
#include "test_support_training.h"

#include "ui/data/augmentation_preview.h"
#include "ui/data/data_browser.h"
#include "ui/data/data_settings_text.h"
#include "ui/common/sample_image.h"
#include "ui/common/tile_grid.h"

#include "engine/data/augmentation.h"

#include <QPushButton>

using namespace cnnwb;
using namespace cnnwb::ui;

class TestDataBrowser : public QObject {
    Q_OBJECT
private slots:
    void gridPagingAndClassFilter() {
        DataBrowser browser;
        browser.resize(900, 800);
        browser.show();
        DataSettings settings;
        browser.setData(std::make_shared<const TrainingData>(cnnwb::testing::syntheticData(200, 0, 50)), settings);
        QCOMPARE(browser.part(), DataPart::Training);
        QCOMPARE(browser.grid()->tiles().size(), 81);
        QCOMPARE(browser.pageCount(), 3);
        QCOMPARE(browser.shownIndices().front(), qsizetype(0));
        QCOMPARE(browser.grid()->tiles()[12].caption, QString("2"));  // label = index % 10
        QVERIFY2(browser.summaryText().contains("images 1–81 of 200"), qPrintable(browser.summaryText()));
        browser.setPage(2);
        QCOMPARE(browser.grid()->tiles().size(), 200 - 162);
        QCOMPARE(browser.shownIndices().front(), qsizetype(162));
        browser.setPage(7);  // clamped
        QCOMPARE(browser.page(), 2);

        browser.setClassFilter(3);
        QCOMPARE(browser.matchingCount(), 20);
        QCOMPARE(browser.pageCount(), 1);
        QCOMPARE(browser.page(), 0);
        for (const TileGrid::Tile& t : browser.grid()->tiles()) QCOMPARE(t.caption, QString("3"));
        QVERIFY(browser.summaryText().contains("of class 3"));

        browser.setPart(DataPart::Test);
        QCOMPARE(browser.matchingCount(), 5);
        browser.setClassFilter(-1);
        QCOMPARE(browser.matchingCount(), 50);
        QCOMPARE(browser.grid()->tiles().size(), 50);

        QSignalSpy activated(&browser, &DataBrowser::imageActivated);
        emit browser.grid()->tileClicked(4);
        QCOMPARE(activated.size(), 1);
        QCOMPARE(activated.first().at(0).value<DataPart>(), DataPart::Test);
        QCOMPARE(activated.first().at(1).toInt(), 4);

        browser.setGridSize(4, 3);
        QCOMPARE(browser.grid()->tiles().size(), 12);
    }

    void sampleImagesKeepPixels() {
        const std::uint8_t grey[4] = {0, 50, 100, 255};
        const QImage g = sampleImage(grey, 1, 2, 2);
        QCOMPARE(g.format(), QImage::Format_Grayscale8);
        QCOMPARE(qGray(g.pixel(1, 0)), 50);
        QCOMPARE(qGray(g.pixel(1, 1)), 255);
        const std::uint8_t rgb[12] = {255, 0, 0, 0, /*G*/ 0, 255, 0, 0, /*B*/ 0, 0, 255, 0};
        const QImage c = sampleImage(rgb, 3, 2, 2);
        QCOMPARE(c.pixel(0, 0), qRgb(255, 0, 0));
        QCOMPARE(c.pixel(1, 0), qRgb(0, 255, 0));
        QCOMPARE(c.pixel(0, 1), qRgb(0, 0, 255));
        QCOMPARE(c.pixel(1, 1), qRgb(0, 0, 0));
    }

    void settingsLine() {
        DataSettings s;
        s.dataset = "cifar10";
        s.classes = {"airplane", "ship"};
        s.perClass = 2000;
        s.validationSplit = 0.1;
        s.rescale = 1.0 / 255;
        const QString text = dataSettingsText(s);
        for (const char* part : {"CIFAR-10", "classes airplane, ship", "at most 2000 training images per class",
                                 "10 % of training held out"})
            QVERIFY2(text.contains(part), qPrintable(text));
        QVERIFY(dataSettingsText(DataSettings{}).contains("all 10 classes"));
        DataSettings folder;
        folder.dataset = kImageFolderDataset;
        folder.folder.path = "/photos";
        QVERIFY(dataSettingsText(folder).startsWith("Image folder /photos (32×32 rgb) · every subfolder a class · "));
    }

    void realMnistSubsetLoadsInTheBackground() {
        QVERIFY(cnnwb::testing::requireMnist());
        DataBrowser browser;
        browser.show();
        DataSettings s;
        s.classes = {"3", "8"};
        s.perClass = 100;
        s.validationSplit = 0.1;
        QSignalSpy loaded(&browser, &DataBrowser::dataLoaded);
        browser.setDataSettings(s);
        QVERIFY(browser.isLoading());
        QVERIFY(cnnwb::testing::waitFor(loaded, 1, 60000));
        QCOMPARE(browser.matchingCount(), 180);  // 2 × 100, minus 10 % for validation
        QCOMPARE(browser.grid()->tiles().size(), 81);
        for (const TileGrid::Tile& t : browser.grid()->tiles()) QVERIFY(t.caption == "3" || t.caption == "8");
        QVERIFY2(browser.summaryText().contains("classes 3, 8"), qPrintable(browser.summaryText()));
        browser.setPart(DataPart::Validation);
        QCOMPARE(browser.matchingCount(), 20);
        browser.setPart(DataPart::Test);
        QVERIFY(browser.matchingCount() > 1900);  // test images of 3 and 8 (1,010 + 974)
    }

    // The preview shows the page's first image (or the one asked for) and 8
    // versions drawn through the training path; a click draws again.
    void augmentationPreviewShowsWhatTrainingDraws() {
        DataBrowser browser;
        browser.resize(1000, 800);
        browser.show();
        DataSettings settings;
        settings.augmentation.rotationRange = 20;
        settings.augmentation.horizontalFlip = true;
        settings.augmentation.channelShiftRange = 30;
        const auto data = std::make_shared<const TrainingData>(cnnwb::testing::syntheticData(40, 0, 10, {3, 12, 12}));
        browser.setData(data, settings);
        AugmentationPreview* preview = browser.augmentationPreview();
        QVERIFY2(preview->text().contains("rotation ±20°, horizontal flip, channel shift ±30"), qPrintable(preview->text()));
        QVERIFY2(preview->text().contains("training image 0"), qPrintable(preview->text()));
        auto expectTiles = [&](std::size_t index) {
            const Dataset& train = data->train;
            const QList<TileGrid::Tile>& tiles = preview->grid()->tiles();
            QCOMPARE(tiles.size(), 1 + AugmentationPreview::kCopies);
            QCOMPARE(tiles[0].image, sampleImage(train, index));
            const std::vector<std::uint8_t> copies = augmentedCopies(train.samplePixels(index), train.sampleShape,
                                                                     settings.augmentation, preview->seed(), 0, 8);
            for (int i = 0; i < 8; ++i)
                QCOMPARE(tiles[i + 1].image, sampleImage(copies.data() + std::size_t(i) * train.sampleShape.size(), 3, 12, 12));
        };
        expectTiles(0);
        if (QTest::currentTestFailed()) return;
        const QImage firstDraw = preview->grid()->tiles()[1].image;

        const std::uint32_t seed = preview->seed();
        emit preview->grid()->tileClicked(3);
        QCOMPARE(preview->seed(), seed + 1);
        expectTiles(0);
        bool changed = false;
        for (int i = 1; i <= 8; ++i) changed |= preview->grid()->tiles()[i].image != firstDraw;
        QVERIFY(changed);
        preview->findChild<QPushButton*>()->click();  // New draw
        QCOMPARE(preview->seed(), seed + 2);

        browser.previewImage(7);
        QVERIFY2(preview->text().contains("training image 7 (7)"), qPrintable(preview->text()));
        expectTiles(7);

        // Augmentation off: no pictures, and where to turn it on.
        browser.setData(data, DataSettings{});
        QVERIFY(!preview->grid()->isVisible());
        QVERIFY2(preview->text().contains("off for this experiment") && preview->text().contains("Experiment → Settings"),
                 qPrintable(preview->text()));
    }

    void missingDataIsAMessage() {
        DataBrowser browser;
        DataSettings s;
        s.dataset = "cifar10";  // never on these machines
        browser.setDataSettings(s);
        QTRY_VERIFY_WITH_TIMEOUT(!browser.isLoading(), 30000);
        QVERIFY2(browser.summaryText().contains("No data"), qPrintable(browser.summaryText()));
        // Nothing to page through or filter.
        for (const char* name : {"dataPart", "dataClass", "dataPage"}) {
            auto* w = browser.findChild<QWidget*>(name);
            QVERIFY2(w && !w->isEnabled(), name);
        }
        for (QPushButton* b : browser.findChildren<QPushButton*>())
            if (b->text().contains("Previous") || b->text().contains("Next")) QVERIFY(!b->isEnabled());
    }
};

QTEST_MAIN(TestDataBrowser)
#include "test_data_browser.moc"
