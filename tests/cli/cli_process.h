// Runs the real `cnnwb` binary for the command-line tests, as a user would
// from a shell: its exit code (-1 when it did not end normally) and what it
// printed on each stream.
#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>

struct CliResult {
    int code = -1;
    QString out, err;
};

// `runs`: the run library for the command (CNNWB_RUNS); empty keeps the test's environment.
inline CliResult runCli(const QStringList& args, const QString& runs = {}, int timeoutMs = 300000) {
    QProcess p;
    if (!runs.isEmpty()) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("CNNWB_RUNS", runs);
        p.setProcessEnvironment(env);
    }
    p.start(QStringLiteral(CNNWB_CLI), args);
    p.waitForFinished(timeoutMs);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}
