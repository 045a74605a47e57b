#include "window_prompts.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>

namespace cnnwb::ui {

WindowPrompts WindowPrompts::dialogs(QWidget* parent) {
    WindowPrompts p;
    p.unsavedChanges = [parent](const QString& name) {
        QMessageBox box(QMessageBox::Warning, QObject::tr("Unsaved changes"),
                        QObject::tr("“%1” has unsaved changes.").arg(name),
                        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, parent);
        box.setInformativeText(QObject::tr("Save them before continuing?"));
        box.setDefaultButton(QMessageBox::Save);
        switch (box.exec()) {
        case QMessageBox::Save: return UnsavedChoice::Save;
        case QMessageBox::Discard: return UnsavedChoice::Discard;
        default: return UnsavedChoice::Cancel;
        }
    };
    p.error = [parent](const QString& title, const QString& message) {
        QMessageBox::warning(parent, title, message);
    };
    p.openFileName = [parent] {
        return QFileDialog::getOpenFileName(parent, QObject::tr("Open session"), QString(),
                                            QObject::tr("CNN Workbench sessions (*.cnnwb);;Model specs (*.json);;All files (*)"));
    };
    p.imageFolder = [parent] {
        return QFileDialog::getExistingDirectory(parent, QObject::tr("Open image folder (one subfolder per class)"));
    };
    p.saveFileName = [parent](const QString& suggestion) {
        QString file = QFileDialog::getSaveFileName(parent, QObject::tr("Save session"), suggestion,
                                                    QObject::tr("CNN Workbench sessions (*.cnnwb)"));
        if (!file.isEmpty() && !file.endsWith(QStringLiteral(".cnnwb"))) file += QStringLiteral(".cnnwb");
        return file;
    };
    p.exportFolder = [parent](const QString& suggestion) {
        return QFileDialog::getExistingDirectory(parent, QObject::tr("Export as a PyTorch project into folder"),
                                                 suggestion);
    };
    p.onnxFileName = [parent](const QString& suggestion) {
        QString file = QFileDialog::getSaveFileName(parent, QObject::tr("Export as ONNX"), suggestion,
                                                    QObject::tr("ONNX models (*.onnx)"));
        if (!file.isEmpty() && !file.endsWith(QStringLiteral(".onnx"))) file += QStringLiteral(".onnx");
        return file;
    };
    p.recoverAutosave = [parent](const QString& name, const QDateTime& when) {
        QMessageBox box(QMessageBox::Question, QObject::tr("Recover unsaved work?"),
                        QObject::tr("CNN Workbench did not close cleanly last time."), QMessageBox::NoButton, parent);
        box.setInformativeText(QObject::tr("An autosave of “%1” from %2 was found. Recover it?")
                                   .arg(name, QLocale().toString(when, QLocale::ShortFormat)));
        QPushButton* recover = box.addButton(QObject::tr("Recover"), QMessageBox::AcceptRole);
        box.addButton(QObject::tr("Discard"), QMessageBox::DestructiveRole);
        box.setDefaultButton(recover);
        box.exec();
        return box.clickedButton() == recover;
    };
    p.resumeInterruptedRun = [parent](const QString& title, int done, int planned) {
        QMessageBox box(QMessageBox::Question, QObject::tr("Continue an interrupted run?"),
                        QObject::tr("A run ended without finishing: “%1”.").arg(title), QMessageBox::NoButton, parent);
        box.setInformativeText(QObject::tr("Its last checkpoint holds %1 of %2 epochs. Continue it from there? "
                                           "The result is the same as if it had never stopped.")
                                   .arg(done)
                                   .arg(planned));
        QPushButton* resume = box.addButton(QObject::tr("Continue"), QMessageBox::AcceptRole);
        box.addButton(QObject::tr("Not now"), QMessageBox::RejectRole);
        box.setDefaultButton(resume);
        box.exec();
        return box.clickedButton() == resume;
    };
    p.stopTraining = [parent](const QString& name) {
        QMessageBox box(QMessageBox::Question, QObject::tr("Training in progress"),
                        QObject::tr("“%1” is training.").arg(name), QMessageBox::NoButton, parent);
        box.setInformativeText(QObject::tr("Stop the run? Its history and weights so far are kept in the session."));
        QPushButton* stop = box.addButton(QObject::tr("Stop training"), QMessageBox::AcceptRole);
        box.addButton(QMessageBox::Cancel);
        box.setDefaultButton(stop);
        box.exec();
        return box.clickedButton() == stop;
    };
    p.trainAgain = [parent](const QString& name, int done, int planned, bool finished) {
        QDialog dialog(parent);
        dialog.setWindowTitle(QObject::tr("Train again?"));
        auto* text = new QLabel(
            finished ? QObject::tr("“%1” holds a finished run of %2 epochs.").arg(name).arg(done)
                     : QObject::tr("“%1” holds a run stopped after %2 of %3 epochs.").arg(name).arg(done).arg(planned),
            &dialog);
        auto* more = new QSpinBox(&dialog);
        more->setRange(1, 100000);
        more->setValue(finished ? std::max(1, planned) : std::max(1, planned - done));
        more->setSuffix(QObject::tr(" more epochs"));
        auto* hint = new QLabel(QObject::tr("Continue goes on from its weights and optimizer state (the curve "
                                            "continues; nothing is lost). A new run starts from fresh weights; the "
                                            "old run stays in the Runs tab either way."),
                                &dialog);
        hint->setWordWrap(true);
        auto* buttons = new QDialogButtonBox(&dialog);
        QPushButton* cont = buttons->addButton(QObject::tr("Continue"), QDialogButtonBox::AcceptRole);
        QPushButton* fresh = buttons->addButton(QObject::tr("New run"), QDialogButtonBox::AcceptRole);
        buttons->addButton(QDialogButtonBox::Cancel);
        TrainAgainChoice choice;
        QObject::connect(cont, &QPushButton::clicked, &dialog, [&] {
            choice = {TrainAgainChoice::Kind::Continue, more->value()};
            dialog.accept();
        });
        QObject::connect(fresh, &QPushButton::clicked, &dialog, [&] {
            choice = {TrainAgainChoice::Kind::NewRun, 0};
            dialog.accept();
        });
        QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
        auto* row = new QHBoxLayout;
        row->addWidget(new QLabel(QObject::tr("Continue for"), &dialog));
        row->addWidget(more);
        row->addStretch(1);
        auto* layout = new QVBoxLayout(&dialog);
        layout->addWidget(text);
        layout->addLayout(row);
        layout->addWidget(hint);
        layout->addWidget(buttons);
        cont->setDefault(true);
        dialog.exec();
        return choice;
    };
    return p;
}

}  // namespace cnnwb::ui
