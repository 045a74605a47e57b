// The `cnnwb` commands. Each takes its own arguments (after the command name)
// and returns the process exit code: 0 success, 1 failure, 2 usage error.
#pragma once

#include <QStringList>

namespace cnnwb::cli {

int summary(const QStringList& args);
int presets(const QStringList& args);
int layers(const QStringList& args);
int train(const QStringList& args);
int evaluate(const QStringList& args);
int bench(const QStringList& args);
int download(const QStringList& args);
int runs(const QStringList& args);
int sweep(const QStringList& args);
int data(const QStringList& args);
int lrFind(const QStringList& args);
int exportProject(const QStringList& args);

}  // namespace cnnwb::cli
