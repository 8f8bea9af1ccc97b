#include "app/cli/command_line.h"

#include "app/cli/sweep_command.h"
#include "app/cli/usage_error.h"
#include "core/common/error.h"

#include <algorithm>
#include <charconv>
#include <map>

namespace bitlab::cli {

namespace {

const std::map<std::string, Command> kCommands { { "run", Command::Run },
    { "presets", Command::Presets }, { "inspect", Command::Inspect }, { "sweep", Command::Sweep },
    { "merge", Command::Merge }, { "sensitivity", Command::Sensitivity } };

const std::map<std::string, std::string> kUsage {
    { "",
        "usage: bitlab-cli <command> [options]   (commands: run, sweep, merge, sensitivity, "
        "presets, inspect; "
        "try 'bitlab-cli --help')" },
    { "run",
        "usage: bitlab-cli run (EXPERIMENT.json | --preset NAME) [--out DIR] "
        "[--set KEY=VALUE]... [--quiet] [--threads N] [--portable]" },
    { "sweep",
        "usage: bitlab-cli sweep (EXPERIMENT.json | --preset NAME) [--vary KEY=VALUES]... "
        "[--bits A-B --schemes S1,S2,...] [--seeds K] [--shard K/N] [--out DIR] "
        "[--set KEY=VALUE]... [--quiet] [--threads N] [--portable]" },
    { "merge", "usage: bitlab-cli merge DIR... --out DIR [--quiet]" },
    { "sensitivity",
        "usage: bitlab-cli sensitivity (EXPERIMENT.json | --preset NAME) [--bits A-B] "
        "[--out DIR] [--set KEY=VALUE]... [--quiet]" },
    { "presets", "usage: bitlab-cli presets" },
    { "inspect", "usage: bitlab-cli inspect DATA.csv [--json] [--target NAME]" },
};

std::vector<std::string> splitList(const std::string& text)
{
    std::vector<std::string> parts;
    std::string::size_type begin = 0;
    while (true) {
        const auto comma = text.find(',', begin);
        parts.push_back(text.substr(begin, comma - begin));
        if (comma == std::string::npos)
            return parts;
        begin = comma + 1;
    }
}

bool parseInt(const std::string& text, int& value)
{
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    return ec == std::errc() && ptr == end && !text.empty();
}

// "1-8", "4", "2,4,8" or a mix ("1-3,8"): ascending, without duplicates.
std::vector<int> parseBits(const std::string& text, const std::string& command)
{
    std::vector<int> bits;
    for (const std::string& part : splitList(text)) {
        const auto dash = part.find('-');
        int lo = 0, hi = 0;
        const bool ok = dash == std::string::npos
            ? parseInt(part, lo) && (hi = lo, true)
            : parseInt(part.substr(0, dash), lo) && parseInt(part.substr(dash + 1), hi);
        if (!ok || lo < 1 || hi < lo || hi > 32)
            throw UsageError("--bits expects a range like 1-8 or a list like 2,4,8 of "
                             "positive bit-widths, got '"
                    + text + "'",
                command);
        for (int b = lo; b <= hi; ++b)
            bits.push_back(b);
    }
    std::sort(bits.begin(), bits.end());
    bits.erase(std::unique(bits.begin(), bits.end()), bits.end());
    return bits;
}

} // namespace

CommandLine CommandLine::parse(const std::vector<std::string>& args)
{
    CommandLine cl;
    if (args.empty())
        throw UsageError("no command given", "");
    const std::string& first = args.front();
    if (first == "--help" || first == "-h" || first == "help") {
        cl.command = Command::Help;
        if (args.size() > 1 && kCommands.count(args[1]))
            cl.helpTopic = args[1];
        return cl;
    }
    if (first == "--version" || first == "-V") {
        cl.command = Command::Version;
        return cl;
    }
    const auto found = kCommands.find(first);
    if (found == kCommands.end()) {
        if (!first.empty() && first[0] == '-')
            throw UsageError("unknown option '" + first + "'", "");
        throw UsageError("unknown command '" + first + "'", "");
    }
    cl.command = found->second;
    const std::string& name = first;

    bool haveBits = false, haveSchemes = false;
    std::vector<std::string> positional;
    for (std::size_t i = 1; i < args.size(); ++i) {
        std::string arg = args[i];
        std::string value;
        bool inlineValue = false;
        // --opt=value is accepted for every option that takes a value.
        if (arg.rfind("--", 0) == 0) {
            const auto eq = arg.find('=');
            if (eq != std::string::npos) {
                value = arg.substr(eq + 1);
                arg = arg.substr(0, eq);
                inlineValue = true;
            }
        }
        const auto takeValue = [&]() -> std::string {
            if (inlineValue)
                return value;
            if (i + 1 >= args.size())
                throw UsageError("option " + arg + " needs a value", name);
            return args[++i];
        };
        const auto flag = [&] {
            if (inlineValue)
                throw UsageError("option " + arg + " takes no value", name);
        };
        const bool runLike = cl.command == Command::Run || cl.command == Command::Sweep
            || cl.command == Command::Sensitivity;
        const bool sweep = cl.command == Command::Sweep;

        if (arg == "--help" || arg == "-h") {
            cl.command = Command::Help;
            cl.helpTopic = name;
            return cl;
        }
        if (runLike && arg == "--preset") {
            cl.preset = takeValue();
            if (cl.preset.empty())
                throw UsageError("--preset needs a name (see 'bitlab-cli presets')", name);
        } else if ((runLike || cl.command == Command::Merge) && arg == "--out") {
            cl.out = takeValue();
            if (cl.out.empty())
                throw UsageError("--out needs a folder", name);
        } else if (runLike && arg == "--set") {
            const std::string set = takeValue();
            if (set.find('=') == std::string::npos || set.front() == '=')
                throw UsageError(
                    "--set expects KEY=VALUE, e.g. --set optimizer.lr=0.01, got '" + set + "'",
                    name);
            cl.sets.push_back(set);
        } else if ((runLike || cl.command == Command::Merge) && (arg == "--quiet" || arg == "-q")) {
            flag();
            cl.quiet = true;
        } else if (runLike && arg == "--portable") {
            flag();
            cl.sets.push_back("training.portable=true");
        } else if (runLike && arg == "--threads") {
            const std::string n = takeValue();
            if (!parseInt(n, cl.threads) || cl.threads < 0)
                throw UsageError("--threads expects a whole number >= 0, got '" + n + "'", name);
        } else if ((cl.command == Command::Sweep || cl.command == Command::Sensitivity)
            && arg == "--bits") {
            cl.bits = parseBits(takeValue(), name);
            haveBits = true;
        } else if (cl.command == Command::Sweep && arg == "--schemes") {
            const std::string list = takeValue();
            cl.schemes = splitList(list);
            for (const std::string& s : cl.schemes)
                if (s.empty())
                    throw UsageError(
                        "--schemes expects names separated by commas, got '" + list + "'", name);
            haveSchemes = true;
        } else if (sweep && arg == "--vary") {
            const std::string vary = takeValue();
            try {
                parseVary(vary); // the shape only; the sweep checks the key and values
            } catch (const Error& e) {
                throw UsageError(e.what(), name);
            }
            cl.varies.push_back(vary);
        } else if (sweep && arg == "--seeds") {
            const std::string n = takeValue();
            if (!parseInt(n, cl.seeds) || cl.seeds < 1 || cl.seeds > 10000)
                throw UsageError(
                    "--seeds expects a whole number from 1 to 10000, got '" + n + "'", name);
        } else if (sweep && arg == "--shard") {
            const std::string kn = takeValue();
            const auto slash = kn.find('/');
            if (slash == std::string::npos || !parseInt(kn.substr(0, slash), cl.shard)
                || !parseInt(kn.substr(slash + 1), cl.shards) || cl.shards < 1 || cl.shard < 1
                || cl.shard > cl.shards)
                throw UsageError(
                    "--shard expects K/N with 1 <= K <= N, e.g. --shard 2/8, got '" + kn + "'",
                    name);
        } else if (cl.command == Command::Inspect && arg == "--json") {
            flag();
            cl.json = true;
        } else if (cl.command == Command::Inspect && arg == "--target") {
            cl.target = takeValue();
        } else if (arg.size() > 1 && arg[0] == '-') {
            throw UsageError("unknown option '" + arg + "' for '" + name + "'", name);
        } else {
            positional.push_back(arg);
        }
    }

    switch (cl.command) {
    case Command::Presets:
        if (!positional.empty())
            throw UsageError("'presets' takes no arguments", name);
        break;
    case Command::Inspect:
        if (positional.size() != 1)
            throw UsageError(positional.empty() ? "'inspect' needs a CSV file"
                                                : "'inspect' takes exactly one CSV file",
                name);
        cl.file = positional.front();
        break;
    case Command::Run:
    case Command::Sweep:
    case Command::Sensitivity:
        if (positional.size() > 1)
            throw UsageError("'" + name + "' takes one experiment file", name);
        if (positional.empty() == cl.preset.empty())
            throw UsageError(positional.empty()
                    ? "'" + name + "' needs an experiment file or --preset NAME"
                    : "give either an experiment file or --preset, not both",
                name);
        if (!positional.empty())
            cl.file = positional.front();
        if (cl.command == Command::Sweep && (haveBits || haveSchemes) && !(haveBits && haveSchemes))
            throw UsageError("'sweep' needs --bits and --schemes together", name);
        if (cl.command == Command::Sweep && !haveBits && cl.varies.empty() && cl.seeds == 1)
            throw UsageError(
                "'sweep' needs --vary KEY=VALUES, --bits with --schemes, or --seeds K", name);
        break;
    case Command::Merge:
        if (positional.empty())
            throw UsageError("'merge' needs the folders of the shards to join", name);
        if (cl.out.empty())
            throw UsageError("'merge' needs --out DIR", name);
        cl.files = positional;
        break;
    default:
        break;
    }
    return cl;
}

std::string usageLine(const std::string& command)
{
    const auto found = kUsage.find(command);
    return found == kUsage.end() ? kUsage.at("") : found->second;
}

std::string helpText(const std::string& topic)
{
    if (topic == "run")
        return usageLine("run") + R"(

Trains every run of an experiment (a bitlab.experiment JSON file, or a built-in preset)
and writes DIR/experiment.json (resolved, every default filled in), DIR/metrics.csv,
DIR/summary.json and DIR/weights/<run>.json (plus the CSV and C-header exports).

  EXPERIMENT.json     the experiment to run (relative dataset paths resolve against it)
  --preset NAME       a built-in experiment instead (see 'bitlab-cli presets')
  --out DIR           output folder (default: bitlab-out/<file name without .json>, or
                      bitlab-out/<preset>)
  --set KEY=VALUE     override a key by dotted path, repeatable
                      (e.g. --set optimizer.lr=0.01 --set runs.1.quantizer.bits=4)
  --quiet, -q         print nothing but errors
  --threads N         use N threads (default 0: one per core): runs train in parallel,
                      and threads no run needs go to the runs' products (a run alone
                      gets them all); never changes a number
  --portable          train on the baseline x86-64 kernels instead of the widest this CPU
                      has (the same as --set training.portable=true): the same bits on
                      every machine; the table's and summary.json's "kernels" say which

Exit status: 0 done, 1 bad input (one 'error:' line), 2 bad usage, 130 interrupted
(Ctrl-C: the runs stop, what was recorded is written, marked "stopped").
)";
    if (topic == "sweep")
        return usageLine("sweep") + R"(

Trains the experiment once per point of the sweep and seed; every row holds exactly the
numbers 'bitlab-cli run' gives with the point's --set values and --set training.seed=S.
Writes DIR/sweep.csv (docs/formats.md), DIR/sweep.json (for 'merge') and
DIR/experiment.json.

  --vary KEY=VALUES   sweep any key --set accepts, e.g. optimizer.lr=0.01,0.03,0.1 or
                      runs.1.quantizer.bits=2-8 (integer ranges A-B); repeat to cross keys
  --bits A-B          the bit-width form: a full-precision baseline (scheme fp64), then the
  --schemes LIST      first quantized run alone per scheme and bit-width (binary and ternary
                      ignore the bit-width: one row); float:FORMAT and mx:ELEMENT choose
                      a format (float:e4m3, float:bf16, mx:e2m1: one row each, at its
                      bits per element); crossed with any --vary
  --seeds K           repeat every point over K seeds (training.seed + 0..K-1); sweep.csv
                      adds a summary row per point (mean, sd, min, max)
  --shard K/N         train only units u with u mod N = K-1 (join with 'merge')
  --out DIR           output folder (default: bitlab-out/<name>-sweep)
  --set, --quiet, --threads, --portable   as for 'run'
)";
    if (topic == "merge")
        return usageLine("merge") + R"(

Joins the folders written by 'bitlab-cli sweep --shard K/N' (every shard of one sweep,
any order) into DIR: sweep.csv byte for byte what the unsharded sweep writes, sweep.json
and experiment.json. Refuses folders from different sweeps, missing and repeated units.
)";
    if (topic == "sensitivity")
        return usageLine("sensitivity") + R"(

Trains the experiment's float64 run alone, then quantizes one tensor at a time at each
bit-width (post-training, with the scheme and observer of the experiment's first quantized
run; symmetric without one) and evaluates the train and test losses. Writes
DIR/sensitivity.csv (tensor, bits, scheme, train_loss, test_loss, loss_increase;
docs/formats.md) and DIR/experiment.json; the GUI's Sensitivity tab gives the same numbers.

  --bits A-B          the bit-widths (default 2-8; a list like 2,4,8 too)
  --out DIR           output folder (default: bitlab-out/<name>-sensitivity)
  --set, --quiet      as for 'run'
)";
    if (topic == "inspect")
        return usageLine("inspect") + R"(

Shows what the CSV loader sees, without training: rows, columns with their type and
missing cells, the target column and task, classes, and every problem found.

  --json              print JSON: {"rows", "columns": [{"name", "type", "missing"}],
                      "target", "task", "classes", "problems"}; a file that cannot be
                      tokenized gives {"error", "line", "column"} and exit status 1
  --target NAME       the target column (default: the last one)
)";
    if (topic == "presets")
        return usageLine("presets") + "\n\nLists the built-in experiments: name and title.\n";
    return R"(bitlab-cli: run BitLab experiments headless, with the same numbers as the GUI.

usage:
  bitlab-cli run (EXPERIMENT.json | --preset NAME) [--out DIR] [--set KEY=VALUE]...
                 [--quiet] [--threads N] [--portable]
  bitlab-cli sweep (EXPERIMENT.json | --preset NAME) [--vary KEY=VALUES]...
                 [--bits A-B --schemes S1,S2,...] [--seeds K] [--shard K/N]
                 [--out DIR] [--set KEY=VALUE]... [--quiet] [--threads N]
  bitlab-cli merge DIR... --out DIR [--quiet]
  bitlab-cli sensitivity (EXPERIMENT.json | --preset NAME) [--bits A-B] [--out DIR]
                 [--set KEY=VALUE]... [--quiet]
  bitlab-cli presets
  bitlab-cli inspect DATA.csv [--json] [--target NAME]
  bitlab-cli --help | <command> --help
  bitlab-cli --version

Exit status: 0 done, 1 bad input, 2 bad usage, 130 interrupted.
See docs/cli.md for examples and the output folder layout.
)";
}

} // namespace bitlab::cli
