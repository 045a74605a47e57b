#include "path_argument.h"

#include <QFile>

#include <string>
#include <vector>

namespace cnnwb::cli {

namespace {

std::vector<std::string>& rawArguments() {
    static std::vector<std::string> args;
    return args;
}

}  // namespace

void rememberArguments(int argc, char** argv) {
    rawArguments().assign(argv + (argc > 0 ? 1 : 0), argv + argc);
}

std::filesystem::path pathArgument(const QString& value) {
    // The argument (or the part after "--option=") that Qt decoded to `value`.
    for (const std::string& raw : rawArguments()) {
        if (QString::fromLocal8Bit(raw) == value) return raw;
        const std::size_t equals = raw.find('=');
        if (raw.rfind("--", 0) == 0 && equals != std::string::npos &&
            QString::fromLocal8Bit(raw.substr(equals + 1)) == value)
            return raw.substr(equals + 1);
    }
    return QFile::encodeName(value).toStdString();
}

}  // namespace cnnwb::cli
