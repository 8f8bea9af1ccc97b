#pragma once
// CommandLine: what the user asked bitlab-cli to do, parsed from argv. Parsing only checks
// the shape of the command line (known options, present arguments, integers where
// integers belong) and throws UsageError otherwise; whether files, keys and presets exist
// is for the commands to find out.

#include <string>
#include <vector>

namespace bitlab::cli {

enum class Command { Help, Version, Presets, Run, Inspect, Sweep, Merge, Sensitivity };

struct CommandLine {
    Command command = Command::Help;
    std::string helpTopic; // Help: "" (overview) or a command name
    std::string file; // run/sweep: EXPERIMENT.json; inspect: DATA.csv
    std::string preset; // run/sweep: --preset NAME
    std::string out; // --out DIR; empty = the default folder
    std::vector<std::string> sets; // --set KEY=VALUE, in order
    bool quiet = false; // --quiet
    int threads = 0; // --threads N; 0 = one per core
    bool json = false; // inspect --json
    std::string target; // inspect --target NAME
    std::vector<int> bits; // sweep, sensitivity: --bits 1-8 or 2,4,8
    std::vector<std::string> schemes; // sweep --schemes fixed,symmetric
    std::vector<std::string> varies; // sweep --vary KEY=VALUES, in order (app/cli/sweep_command.h)
    int seeds = 1; // sweep --seeds K
    int shard = 1, shards = 1; // sweep --shard K/N
    std::vector<std::string> files; // merge: the folders to join

    // argv without the program name. Throws UsageError.
    static CommandLine parse(const std::vector<std::string>& args);
};

// The full --help text (overview or one command) and the one-line usage of a command.
std::string helpText(const std::string& topic);
std::string usageLine(const std::string& command);

} // namespace bitlab::cli
