// cnn-workbench: the desktop application.
//   cnn-workbench [PRESET | FILE.cnnwb | FILE.json] [--tab NAME] [--train-for SECONDS]
//                 [--screenshot FILE] [--size WxH] [--set N:KEY=JSON]
#include "engine/float_mode.h"
#include "ui/builder/model_builder.h"
#include "ui/main_window.h"
#include "ui/document/experiment_document.h"
#include "ui/training_views.h"

#include <QTabWidget>

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

#include <cstdio>

int main(int argc, char** argv) {
    cnnwb::flushSubnormalsToZero();  // before any thread starts: they inherit it
    QApplication app(argc, argv);
    QApplication::setApplicationName("CNN Workbench");
    QApplication::setOrganizationName("cnn-workbench");
    QCommandLineParser parser;
    parser.setApplicationDescription("Build, train and inspect convolutional networks.");
    parser.addHelpOption();
    parser.addPositionalArgument("PRESET", "Preset id (e.g. e1-lenet1988), session file (.cnnwb) or model spec (.json).");
    parser.addOption({"screenshot", "Save a PNG of the window to FILE once it is shown, then quit.", "FILE"});
    parser.addOption({"size", "Window size for the screenshot, e.g. 1280x800.", "WxH"});
    parser.addOption({"set", "After opening, edit a layer as the property editor would: N:KEY=JSON "
                             "(N counts cards from 1), e.g. 2:kernel_size=30. Repeatable; each is one undo step.",
                      "EDIT"});
    parser.addOption({"tab", "Show this tab: Model, Training, Filters, Feature maps, Mistakes, Data or Runs.", "NAME"});
    parser.addOption({"train-for", "Press Train at start; with --screenshot, take it after SECONDS of training.",
                      "SECONDS"});
    parser.process(app);

    const bool screenshot = parser.isSet("screenshot");
    cnnwb::ui::MainWindow window;
    if (screenshot) {
        // A screenshot run must not ask questions.
        window.prompts().error = [](const QString& title, const QString& message) {
            std::fprintf(stderr, "cnn-workbench: %s: %s\n", qPrintable(title), qPrintable(message));
        };
        window.prompts().stopTraining = [](const QString&) { return true; };
        // The run stopped on the way out is not work anyone asked to keep.
        window.prompts().unsavedChanges = [](const QString&) { return cnnwb::ui::UnsavedChoice::Discard; };
    }
    const QStringList pos = parser.positionalArguments();
    const QString what = pos.isEmpty() ? QStringLiteral("e1-lenet1988") : pos.first();
    if (what.endsWith(".cnnwb") || what.endsWith(".json") || what.contains('/')) window.openFile(what);
    else window.openPreset(what);

    for (const QString& edit : parser.values("set")) {
        // "2:kernel_size=30" → card 2, field kernel_size, JSON value 30.
        const int colon = edit.indexOf(':');
        const int equals = edit.indexOf('=');
        bool ok = false;
        const int card = edit.left(colon).toInt(&ok);
        if (!ok || colon < 0 || equals < colon) {
            std::fprintf(stderr, "cnn-workbench: --set wants N:KEY=JSON, got %s\n", qPrintable(edit));
            return 2;
        }
        const std::string key = edit.mid(colon + 1, equals - colon - 1).toStdString();
        const cnnwb::Json value = cnnwb::Json::parse(edit.mid(equals + 1).toStdString(), nullptr, false);
        if (value.is_discarded()) {
            std::fprintf(stderr, "cnn-workbench: --set: not a JSON value in %s\n", qPrintable(edit));
            return 2;
        }
        window.document()->setLayerField(card - 1, key, value, false);
        window.builder()->selectRow(card - 1);
    }
    if (parser.isSet("size")) {
        const QStringList wh = parser.value("size").split('x');
        if (wh.size() == 2) window.resize(wh[0].toInt(), wh[1].toInt());
    }
    window.show();
    double trainSeconds = 0;
    if (parser.isSet("train-for")) {
        bool ok = false;
        trainSeconds = parser.value("train-for").toDouble(&ok);
        if (!ok || trainSeconds < 0) {
            std::fprintf(stderr, "cnn-workbench: --train-for wants a number of seconds, got %s\n",
                         qPrintable(parser.value("train-for")));
            return 2;
        }
        window.training()->train();
    }
    if (parser.isSet("tab")) {
        const QString name = parser.value("tab");
        QStringList names;
        bool found = false;
        for (int i = 0; i < window.tabs()->count(); ++i) {
            const QString text = window.tabs()->tabText(i).remove('&');
            names << text;
            if (text.compare(name, Qt::CaseInsensitive) == 0) {
                window.tabs()->setCurrentIndex(i);
                found = true;
            }
        }
        if (!found) {
            std::fprintf(stderr, "cnn-workbench: --tab: no tab \"%s\" (tabs: %s)\n", qPrintable(name),
                         qPrintable(names.join(", ")));
            return 2;
        }
    }
    if (screenshot) {
        const QString file = parser.value("screenshot");
        QTimer::singleShot(700 + int(trainSeconds * 1000), &window, [&window, file] {
            if (!window.grab().save(file)) std::fprintf(stderr, "cnn-workbench: cannot write %s\n", qPrintable(file));
            window.document()->setSaved();  // nothing to ask about on the way out
            window.close();
        });
    } else {
        // Unsaved work first; then a run that died mid-way (a recovered autosave is the person's focus).
        QTimer::singleShot(0, &window, [&window] {
            if (!window.offerRecovery()) window.offerInterruptedRuns();
        });
    }
    return app.exec();
}
