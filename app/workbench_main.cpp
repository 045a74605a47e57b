// cnn-workbench: the desktop application.
#include "ui/main_window.h"

#include <QApplication>
#include <QCommandLineParser>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName("CNN Workbench");
    QApplication::setOrganizationName("cnn-workbench");
    QCommandLineParser parser;
    parser.setApplicationDescription("Build, train and inspect convolutional networks.");
    parser.addHelpOption();
    parser.addPositionalArgument("PRESET", "Preset to open (default e1-lenet1988).");
    parser.process(app);
    cnnwb::ui::MainWindow window;
    const QStringList pos = parser.positionalArguments();
    window.openPreset(pos.isEmpty() ? "e1-lenet1988" : pos.first());
    window.show();
    return app.exec();
}
