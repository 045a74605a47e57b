// For scripts/kill_loop.sh: the window's own save and autosave paths,
// forever, so that a kill -9 at a random moment lands before, during or after
// a write. Each round changes the model, saves it to FILE (File → Save) and
// writes the autosave slot in AUTOSAVE_DIR. Prints "saving" once the first
// round is done, so the script knows both files exist.
#include "ui/main_window.h"
#include "ui/document/experiment_document.h"
#include "ui/session/autosave.h"

#include <QApplication>

#include <cstdio>

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    if (argc != 3) {
        std::fprintf(stderr, "usage: save_forever FILE.cnnwb AUTOSAVE_DIR\n");
        return 2;
    }
    const QString file = QString::fromLocal8Bit(argv[1]);
    cnnwb::ui::MainWindow window(nullptr, QString::fromLocal8Bit(argv[2]));
    if (!window.openPreset("e3-cnn")) return 1;
    for (int round = 0;; ++round) {
        window.document()->setLayerField(1, "filters", cnnwb::Json(8 + round % 24));
        if (!window.saveTo(file)) return 1;
        window.document()->setLayerField(1, "filters", cnnwb::Json(9 + round % 24));  // unsaved: the autosave's turn
        window.autosave()->writeIfChanged();
        window.autosave()->waitForWrite();
        if (round == 0) {
            std::printf("saving\n");
            std::fflush(stdout);
        }
    }
}
