// bitlab-cli: BitLab's headless program (DESIGN §4). It links only core and core/io.
// Exit status: 0 done, 1 bad input (exactly one "error: ..." line on stderr), 2 bad usage
// (with a usage hint), 128 + signal when interrupted (130 for Ctrl-C).

#include "app/cli/command_line.h"
#include "app/cli/inspect_command.h"
#include "app/cli/run_command.h"
#include "app/cli/sensitivity_command.h"
#include "app/cli/sweep_command.h"
#include "app/cli/usage_error.h"
#include "core/common/control_chars.h"
#include "core/common/error.h"
#include "core/engine/presets.h"

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

namespace {

// Messages may list several problems, one per line; the contract is one line. Control
// characters a message may quote (a NUL, an ESC sequence from a file) are escaped, so the
// line is never cut short and never rewrites the terminal.
void printError(const std::string& message)
{
    std::string line;
    std::size_t begin = 0;
    while (begin <= message.size()) {
        auto end = message.find('\n', begin);
        if (end == std::string::npos)
            end = message.size();
        std::string part = message.substr(begin, end - begin);
        while (!part.empty() && (part.back() == '\r' || part.back() == ' '))
            part.pop_back();
        if (!part.empty())
            line += (line.empty() ? "" : "; ") + bitlab::escapeControlCharacters(part);
        begin = end + 1;
    }
    std::fprintf(stderr, "error: %s\n", line.c_str());
}

int listPresets()
{
    std::size_t width = 0;
    for (const bitlab::Preset& preset : bitlab::presetRegistry())
        width = std::max(width, preset.name.size());
    for (const bitlab::Preset& preset : bitlab::presetRegistry())
        std::printf(
            "%-*s  %s\n", static_cast<int>(width), preset.name.c_str(), preset.title.c_str());
    return 0;
}

int dispatch(const bitlab::cli::CommandLine& cl)
{
    using bitlab::cli::Command;
    switch (cl.command) {
    case Command::Help:
        std::fputs(bitlab::cli::helpText(cl.helpTopic).c_str(), stdout);
        return 0;
    case Command::Version:
        std::printf("bitlab-cli %s\n", BITLAB_VERSION);
        return 0;
    case Command::Presets:
        return listPresets();
    case Command::Run:
        return bitlab::cli::runCommand(cl);
    case Command::Inspect:
        return bitlab::cli::inspectCommand(cl);
    case Command::Sweep:
        return bitlab::cli::sweepCommand(cl);
    case Command::Merge:
        return bitlab::cli::mergeCommand(cl);
    case Command::Sensitivity:
        return bitlab::cli::sensitivityCommand(cl);
    }
    return 2;
}

} // namespace

int main(int argc, char** argv)
{
    // A file size limit (ulimit -f) must not kill the program silently: with SIGXFSZ
    // ignored the write fails with EFBIG, and the error names the file (exit 1), as for
    // a full disk.
    std::signal(SIGXFSZ, SIG_IGN);
    bitlab::cli::CommandLine cl;
    try {
        cl = bitlab::cli::CommandLine::parse(std::vector<std::string>(argv + 1, argv + argc));
    } catch (const bitlab::cli::UsageError& e) {
        std::fprintf(stderr, "error: %s\n%s\n", bitlab::escapeControlCharacters(e.what()).c_str(),
            bitlab::cli::usageLine(e.command()).c_str());
        return 2;
    }
    try {
        const int status = dispatch(cl);
        std::fflush(stdout);
        return status;
    } catch (const std::exception& e) {
        printError(e.what());
        return 1;
    }
}
