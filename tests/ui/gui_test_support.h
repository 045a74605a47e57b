// Shared by the GUI tests: an isolated environment (test-mode settings and
// caches, a temporary autosave folder), a main window whose prompts answer
// from the test instead of blocking on dialogs, and helpers that drive the
// real editor widgets the way a user would.
#pragma once

#include "ui/document/layer_list_model.h"
#include "ui/builder/layer_palette.h"
#include "ui/builder/model_builder.h"
#include "ui/builder/property_editor.h"
#include "ui/main_window.h"
#include "ui/document/experiment_document.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QLineEdit>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

// QCOMPARE cannot take JSON values (its overloads trip over nlohmann's
// implicit conversions); this compares them and prints both on failure.
#define COMPARE_JSON(actual, expected)                                                                   \
    QVERIFY2(::cnnwb::Json(actual) == ::cnnwb::Json(expected),                                           \
             qPrintable(QString::fromStdString("actual:   " + ::cnnwb::Json(actual).dump() +              \
                                               "\nexpected: " + ::cnnwb::Json(expected).dump())))

namespace cnnwb::ui::test {

// Call from initTestCase(): settings, caches and the run library of the
// tests never touch the user's.
inline void isolateEnvironment() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName("cnn-workbench-tests");
    QCoreApplication::setApplicationName("ui-tests");
    static QTemporaryDir runs, home;
    qputenv("CNNWB_RUNS", runs.path().toUtf8());
    // The engine reads these itself (run library, data cache): never the person's own folders.
    qputenv("XDG_CACHE_HOME", (home.path() + "/cache").toUtf8());
    qputenv("XDG_DATA_HOME", (home.path() + "/data").toUtf8());
    qputenv("XDG_CONFIG_HOME", (home.path() + "/config").toUtf8());
}

// What the window asked and answered during a test.
struct PromptLog {
    int unsavedAsked = 0;
    UnsavedChoice unsavedAnswer = UnsavedChoice::Cancel;
    QStringList errors;  // "title: message"
    QString saveAnswer;  // file name Save As gets (empty = cancelled)
    QString imageFolderAnswer;  // Open image folder… (empty = cancelled)
    QString exportFolderAnswer, onnxAnswer;  // File → Export (empty = cancelled)
    int recoverAsked = 0;
    bool recoverAnswer = false;
    int stopTrainingAsked = 0;
    bool stopTrainingAnswer = true;
    int trainAgainAsked = 0;
    TrainAgainChoice trainAgainAnswer{TrainAgainChoice::Kind::NewRun, 0};
    int resumeAsked = 0;
    bool resumeAnswer = false;
};

// A window with its own autosave folder and prompts that record instead of blocking.
struct TestWindow {
    QTemporaryDir autosaveDir;
    std::shared_ptr<PromptLog> log = std::make_shared<PromptLog>();
    std::unique_ptr<MainWindow> window;

    TestWindow() {
        window = std::make_unique<MainWindow>(nullptr, autosaveDir.path());
        auto l = log;
        WindowPrompts& p = window->prompts();
        p.unsavedChanges = [l](const QString&) {
            ++l->unsavedAsked;
            return l->unsavedAnswer;
        };
        p.error = [l](const QString& title, const QString& message) { l->errors << title + ": " + message; };
        p.openFileName = [] { return QString(); };
        p.saveFileName = [l](const QString&) { return l->saveAnswer; };
        p.imageFolder = [l] { return l->imageFolderAnswer; };
        p.exportFolder = [l](const QString&) { return l->exportFolderAnswer; };
        p.onnxFileName = [l](const QString&) { return l->onnxAnswer; };
        p.recoverAutosave = [l](const QString&, const QDateTime&) {
            ++l->recoverAsked;
            return l->recoverAnswer;
        };
        p.stopTraining = [l](const QString&) {
            ++l->stopTrainingAsked;
            return l->stopTrainingAnswer;
        };
        p.trainAgain = [l](const QString&, int, int, bool) {
            ++l->trainAgainAsked;
            return l->trainAgainAnswer;
        };
        p.resumeInterruptedRun = [l](const QString&, int, int) {
            ++l->resumeAsked;
            return l->resumeAnswer;
        };
    }
    MainWindow* operator->() const { return window.get(); }
    ExperimentDocument* doc() const { return window->document(); }
    LayerListModel* layers() const { return window->document()->layers(); }
    ModelBuilder* builder() const { return window->builder(); }
};

// The property editor's widget for `key` of the selected layer, cast.
template <typename W>
W* field(ModelBuilder* builder, const char* key) {
    QWidget* w = builder->properties()->fieldWidget(key);
    if (!w) w = builder->properties()->findChild<QWidget*>(QStringLiteral("field_%1").arg(key));
    return qobject_cast<W*>(w);
}

// Types into a text field and presses Enter, as a user would.
inline void typeInto(QLineEdit* edit, const QString& text) {
    edit->setFocus();
    edit->selectAll();
    QTest::keyClicks(edit, text);
    QTest::keyClick(edit, Qt::Key_Return);
}

// Types a number (or "5×3") into the selected layer's field; the engine must accept it.
inline void setNumber(ModelBuilder* b, const char* key, const QString& text) {
    auto* edit = field<QLineEdit>(b, key);
    QVERIFY2(edit, key);
    typeInto(edit, text);
    const QString refused = b->properties()->fieldMessage(key);
    QVERIFY2(refused.isEmpty(), qPrintable(refused));
}

inline void setChoice(ModelBuilder* b, const char* key, const QString& value) {
    auto* combo = field<QComboBox>(b, key);
    QVERIFY2(combo, key);
    const int i = combo->findText(value);
    QVERIFY2(i >= 0, qPrintable(value));
    combo->setCurrentIndex(i);
}

inline void setText(ModelBuilder* b, const char* key, const QString& value) {
    auto* edit = field<QLineEdit>(b, key);
    QVERIFY2(edit, key);
    edit->setFocus();
    edit->selectAll();
    QTest::keyClicks(edit, value);
    QTest::keyClick(edit, Qt::Key_Return);
}

// Double-clicks a palette entry, as a user adding a layer does.
inline void doubleClickPalette(ModelBuilder* b, const QString& type) {
    LayerPalette* palette = b->palette();
    const int row = palette->rowOfType(type);
    QVERIFY2(row >= 0, qPrintable(type));
    QListWidgetItem* item = palette->item(row);
    palette->scrollToItem(item);
    const QPoint at = palette->visualItemRect(item).center();
    QTest::mouseClick(palette->viewport(), Qt::LeftButton, {}, at);
    QTest::mouseDClick(palette->viewport(), Qt::LeftButton, {}, at);
}

}  // namespace cnnwb::ui::test
