// cnn-workbench: the desktop application.
#include "ui/main_window.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

#include <cstdio>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName("CNN Workbench");
    QApplication::setOrganizationName("cnn-workbench");
    QCommandLineParser parser;
    parser.setApplicationDescription("Build, train and inspect convolutional networks.");
    parser.addHelpOption();
    parser.addPositionalArgument("PRESET", "Preset to open (default e1-lenet1988).");
    parser.addOption({"screenshot", "Save a PNG of the window to FILE once it is shown, then quit.", "FILE"});
    parser.process(app);
    cnnwb::ui::MainWindow window;
    const QStringList pos = parser.positionalArguments();
    window.openPreset(pos.isEmpty() ? "e1-lenet1988" : pos.first());
    window.show();
    if (parser.isSet("screenshot")) {
        const QString file = parser.value("screenshot");
        QTimer::singleShot(500, &window, [&window, file] {
            if (!window.grab().save(file)) std::fprintf(stderr, "cnn-workbench: cannot write %s\n", qPrintable(file));
            QApplication::quit();
        });
    }
    return app.exec();
}
