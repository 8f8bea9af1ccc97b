// bench_csv: how fast readCsv() loads a large numeric file.
//
// Generates a seeded 1,000,000 x 10 CSV (9 features + target, shortest round-trip
// numbers, about 190 MB) in a temporary folder, loads it 5 times and prints the median
// wall time and throughput. Usage: bench_csv [rows] [repeats]
// Or loads a file of yours the same way: bench_csv --file DATA.csv [--target NAME]
// [--repeats N] (e.g. an MNIST-format CSV, 60,000 x 785, target "label").

#include "core/common/rng.h"
#include "core/data/csv_reader.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

double cpuNow()
{
    timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

// Loads `path` `repeats` times with readCsv (what the GUI's panel and the engine do) and
// prints the median wall and CPU time.
int loadFile(const std::string& path, const bitlab::CsvOptions& options, int repeats)
{
    std::vector<double> seconds, cpuSeconds;
    bitlab::Index rows = 0, features = 0;
    for (int r = 0; r < repeats; ++r) {
        const double c0 = cpuNow();
        const auto t0 = std::chrono::steady_clock::now();
        bitlab::Dataset ds;
        try {
            ds = bitlab::readCsv(path, options);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "%s\n", e.what());
            return 1;
        }
        const auto t1 = std::chrono::steady_clock::now();
        cpuSeconds.push_back(cpuNow() - c0);
        seconds.push_back(std::chrono::duration<double>(t1 - t0).count());
        rows = ds.rows();
        features = ds.features();
    }
    std::sort(seconds.begin(), seconds.end());
    std::sort(cpuSeconds.begin(), cpuSeconds.end());
    const double megabytes = static_cast<double>(std::filesystem::file_size(path)) / 1e6;
    const double median = seconds[seconds.size() / 2];
    const double cpuMedian = cpuSeconds[cpuSeconds.size() / 2];
    std::printf("bench_csv: %s, %ld rows x %ld features + target, %.1f MB\n", path.c_str(),
        static_cast<long>(rows), static_cast<long>(features), megabytes);
    std::printf("median of %d loads: %.3f s, %.0f MB/s (min %.3f s, max %.3f s)\n", repeats, median,
        megabytes / median, seconds.front(), seconds.back());
    std::printf(
        "median CPU time per load: %.3f s, %.0f MB/s of CPU\n", cpuMedian, megabytes / cpuMedian);
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    using namespace bitlab;
    namespace fs = std::filesystem;
    if (argc > 2 && std::string(argv[1]) == "--file") {
        CsvOptions options;
        int repeats = 5;
        for (int i = 3; i + 1 < argc; i += 2) {
            const std::string key = argv[i];
            if (key == "--target")
                options.target = argv[i + 1];
            else if (key == "--repeats")
                repeats = std::max(1, std::atoi(argv[i + 1]));
        }
        return loadFile(argv[2], options, repeats);
    }
    const long rows = argc > 1 ? std::atol(argv[1]) : 1'000'000;
    const int repeats = argc > 2 ? std::atoi(argv[2]) : 5;
    constexpr int cols = 10;

    const fs::path dir = fs::temp_directory_path()
        / ("bitlab_bench_csv_" + std::to_string(static_cast<long>(::getpid())));
    fs::create_directories(dir);
    const fs::path file = dir / "bench.csv";
    {
        Rng rng(2024, 0);
        std::string text = "x1,x2,x3,x4,x5,x6,x7,x8,x9,y\n";
        text.reserve(static_cast<std::size_t>(rows) * 200);
        char buf[64];
        for (long i = 0; i < rows; ++i)
            for (int j = 0; j < cols; ++j) {
                const double v = rng.normal() * 10.0;
                const auto r = std::to_chars(buf, buf + sizeof buf, v);
                text.append(buf, r.ptr).push_back(j + 1 == cols ? '\n' : ',');
            }
        std::FILE* f = std::fopen(file.c_str(), "wb");
        if (!f || std::fwrite(text.data(), 1, text.size(), f) != text.size()) {
            std::fprintf(stderr, "cannot write %s\n", file.c_str());
            return 1;
        }
        std::fclose(f);
    }
    const double megabytes = static_cast<double>(fs::file_size(file)) / 1e6;

    // CPU time is reported too: on a shared machine the wall time includes waiting.
    std::vector<double> seconds, cpuSeconds;
    for (int r = 0; r < repeats; ++r) {
        const double c0 = cpuNow();
        const auto t0 = std::chrono::steady_clock::now();
        const Dataset ds = readCsv(file.string());
        const auto t1 = std::chrono::steady_clock::now();
        cpuSeconds.push_back(cpuNow() - c0);
        seconds.push_back(std::chrono::duration<double>(t1 - t0).count());
        if (ds.rows() != rows || ds.features() != cols - 1) {
            std::fprintf(stderr, "wrong shape\n");
            return 1;
        }
    }
    std::sort(seconds.begin(), seconds.end());
    std::sort(cpuSeconds.begin(), cpuSeconds.end());
    const double median = seconds[seconds.size() / 2];
    const double cpuMedian = cpuSeconds[cpuSeconds.size() / 2];
    std::printf("bench_csv: %ld rows x %d columns, %.1f MB\n", rows, cols, megabytes);
    std::printf("median of %d loads: %.3f s, %.0f MB/s (min %.3f s, max %.3f s)\n", repeats, median,
        megabytes / median, seconds.front(), seconds.back());
    std::printf(
        "median CPU time per load: %.3f s, %.0f MB/s of CPU\n", cpuMedian, megabytes / cpuMedian);
    if (!std::getenv("BENCH_KEEP"))
        fs::remove_all(dir);
    return 0;
}
