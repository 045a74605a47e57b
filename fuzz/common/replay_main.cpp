// A main() for a fuzz target in the normal build (no clang, no libFuzzer):
// feeds every file of the folders (or files) on the command line to the
// target's LLVMFuzzerTestOneInput once, so that the corpora and the inputs
// of past crashes stay a plain, quick ctest (label "fuzz-replay"). When an
// input crashes the process, the file at fault is named on stderr first.
#include <algorithm>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

// The input being run, for the crash handlers (a plain buffer: they may only
// call async-signal-safe functions).
char currentInput[4096] = "";

void writeStderr(const char* text) {
    ssize_t ignored = ::write(STDERR_FILENO, text, std::strlen(text));
    (void)ignored;
}

void onFatalSignal(int signal) {
    writeStderr("\nfuzz-replay: crashed (signal) on input ");
    writeStderr(currentInput);
    writeStderr("\n");
    std::signal(signal, SIG_DFL);
    std::raise(signal);
}

void onTerminate() {
    std::fprintf(stderr, "\nfuzz-replay: uncaught exception on input %s", currentInput);
    if (auto e = std::current_exception()) {
        try {
            std::rethrow_exception(e);
        } catch (const std::exception& x) {
            std::fprintf(stderr, ": %s", x.what());
        } catch (...) {
        }
    }
    std::fprintf(stderr, "\n");
    std::signal(SIGABRT, SIG_DFL);
    std::abort();
}

// The regular files of `arg`, sorted (dot files, e.g. .gitkeep, skipped), or
// `arg` itself when it is a file.
std::vector<std::filesystem::path> inputsOf(const std::filesystem::path& arg) {
    std::vector<std::filesystem::path> files;
    if (std::filesystem::is_regular_file(arg)) return {arg};
    for (const auto& entry : std::filesystem::directory_iterator(arg))
        if (entry.is_regular_file() && entry.path().filename().string().front() != '.') files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s FOLDER_OR_FILE...\n", argv[0]);
        return 2;
    }
    for (int s : {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL}) std::signal(s, onFatalSignal);
    std::set_terminate(onTerminate);

    std::size_t total = 0;
    for (int i = 1; i < argc; ++i) {
        std::error_code ec;
        if (!std::filesystem::exists(argv[i], ec)) {
            std::fprintf(stderr, "fuzz-replay: %s does not exist\n", argv[i]);
            return 1;
        }
        const auto files = inputsOf(argv[i]);
        for (const auto& file : files) {
            std::ifstream in(file, std::ios::binary);
            if (!in) {
                std::fprintf(stderr, "fuzz-replay: cannot read %s\n", file.c_str());
                return 1;
            }
            const std::vector<char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
            std::snprintf(currentInput, sizeof currentInput, "%s", file.c_str());
            LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
        }
        std::printf("fuzz-replay: %zu inputs from %s\n", files.size(), argv[i]);
        total += files.size();
    }
    if (total == 0) {
        std::fprintf(stderr, "fuzz-replay: no input found; the corpus folders should not be empty\n");
        return 1;
    }
    std::printf("fuzz-replay: %zu inputs ran without a crash\n", total);
    return 0;
}
