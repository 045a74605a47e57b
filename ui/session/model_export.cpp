#include "model_export.h"

#include "session_io.h"

#include "engine/errors.h"
#include "engine/export/onnx_export.h"
#include "engine/export/pytorch_project.h"
#include "engine/network_with_weights.h"

#include <QFileInfo>
#include <QObject>

namespace cnnwb::ui {

namespace {

Session validSession(const ExperimentDocument& document) {
    if (!document.analysis().valid())
        throw SpecError(QObject::tr("The model has an error; fix it before exporting.").toStdString());
    return sessionFromDocument(document);
}

}  // namespace

QString exportPyTorchFromDocument(const ExperimentDocument& document, const QString& folder) {
    const Session session = validSession(document);
    const PyTorchExportSource source{session.spec, &session, document.origin(), document.displayName().toStdString()};
    const PyTorchExportResult result = exportPyTorchProject(source, folder.toStdString());
    return QObject::tr("Wrote the PyTorch project to %1 (%2 files, %3). Check it there with: python3 train.py --check")
        .arg(folder)
        .arg(result.files.size())
        .arg(result.trainedWeights ? QObject::tr("the weights after %1 epochs").arg(result.epochsDone)
                                   : QObject::tr("the untrained initial weights"));
}

QString exportOnnxFromDocument(const ExperimentDocument& document, const QString& file) {
    const Session session = validSession(document);
    const auto [net, trained] = networkWithWeights(session.spec, &session, document.displayName().toStdString());
    const OnnxSummary s = exportOnnx(net, session.spec.name, document.displayName().toStdString(), file.toStdString());
    return QObject::tr("Wrote %1: ONNX opset %2, %3 nodes, %4 weights (%5)")
        .arg(QFileInfo(file).fileName())
        .arg(s.opset)
        .arg(s.nodes.size())
        .arg(s.weightValues)
        .arg(trained ? QObject::tr("trained") : QObject::tr("untrained"));
}

}  // namespace cnnwb::ui
