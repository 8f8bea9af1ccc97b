// gen_data: writes the benchmark datasets (docs/performance.md) as CSV files (a header, the label
// in the last column), deterministically from bitlab::Rng, so every machine benchmarks the same
// bytes. A file that already exists is kept (pass --force to rewrite it); files are written to
// NAME.tmp and renamed, so an interrupted run never leaves a half file behind.
//
//   W1 w1_seed.csv      100 rows:  x ~ U(0,1), y = 3x + 2 + U(0,1)
//   W2 w2_logistic.csv  100,000 x 32: x ~ N(0,1), y ~ Bernoulli(sigmoid(x.w + b)),
//                       w ~ N(0, 9/32), b ~ N(0,1) (a random logistic model, logit std ~3)
//   W3 w3_moons.csv     10,000 two-moons points (scikit-learn's make_moons), noise N(0, 0.2)
//   W4 w4_digits.csv    60,000 x 784 pixels in [0,1] (multiples of 1/255), 10 classes:
//                       each class is a 28x28 template of random strokes; a sample is its
//                       template shifted by up to 2 pixels, scaled by U(0.7,1), with
//                       N(0, 0.15) noise on the stroke pixels (the background stays 0)
//
// Usage: gen_data [--out DIR] [--force] [--only w1,w2,w3,w4]

#include "core/common/rng.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <numbers>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using bitlab::Rng;
namespace fs = std::filesystem;

constexpr std::uint64_t kSeed = 20261126;

// Appends numbers and separators to a line buffer; to_chars is exact and locale-free.
class LineWriter {
public:
    void number(double v, int precision)
    {
        char buf[64];
        const auto res = precision > 0
            ? std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, precision)
            : std::to_chars(buf, buf + sizeof buf, v); // shortest round-trip
        m_line.append(buf, static_cast<std::size_t>(res.ptr - buf));
    }
    void integer(long v)
    {
        char buf[32];
        const auto res = std::to_chars(buf, buf + sizeof buf, v);
        m_line.append(buf, static_cast<std::size_t>(res.ptr - buf));
    }
    void text(const std::string& s) { m_line += s; }
    void comma() { m_line += ','; }
    void endLine() { m_line += '\n'; }
    std::string& buffer() { return m_line; }

private:
    std::string m_line;
};

// Writes the file through path.tmp + rename; flushes the buffer every few megabytes.
class CsvFile {
public:
    explicit CsvFile(const fs::path& path)
        : m_path(path)
        , m_tmp(path.string() + ".tmp")
    {
        m_file = std::fopen(m_tmp.c_str(), "wb");
        if (!m_file)
            throw std::runtime_error("cannot write " + m_tmp);
    }
    ~CsvFile()
    {
        if (m_file) {
            std::fclose(m_file);
            std::remove(m_tmp.c_str());
        }
    }
    LineWriter& out() { return m_writer; }
    void maybeFlush()
    {
        if (m_writer.buffer().size() > (4u << 20))
            flush();
    }
    void commit()
    {
        flush();
        if (std::fclose(m_file) != 0)
            throw std::runtime_error("cannot write " + m_tmp);
        m_file = nullptr;
        fs::rename(m_tmp, m_path);
    }

private:
    void flush()
    {
        auto& b = m_writer.buffer();
        if (!b.empty() && std::fwrite(b.data(), 1, b.size(), m_file) != b.size())
            throw std::runtime_error("cannot write " + m_tmp);
        b.clear();
    }

    fs::path m_path;
    std::string m_tmp;
    std::FILE* m_file = nullptr;
    LineWriter m_writer;
};

void header(LineWriter& w, int features, const std::string& prefix)
{
    for (int j = 0; j < features; ++j) {
        w.text(prefix + std::to_string(j + 1));
        w.comma();
    }
    w.text("y");
    w.endLine();
}

void writeSeed(const fs::path& path)
{
    Rng rng(kSeed, 1);
    CsvFile f(path);
    auto& w = f.out();
    w.text("x,y\n");
    for (int i = 0; i < 100; ++i) {
        const double x = rng.uniform();
        const double y = 3.0 * x + 2.0 + rng.uniform();
        w.number(x, 0);
        w.comma();
        w.number(y, 0);
        w.endLine();
    }
    f.commit();
}

void writeLogistic(const fs::path& path)
{
    constexpr int n = 100000, d = 32;
    Rng rng(kSeed, 2);
    std::vector<double> weight(d);
    for (auto& v : weight)
        v = rng.normal() * 3.0 / std::sqrt(double(d));
    const double bias = rng.normal();
    CsvFile f(path);
    auto& w = f.out();
    header(w, d, "x");
    std::vector<double> x(d);
    for (int i = 0; i < n; ++i) {
        double z = bias;
        for (int j = 0; j < d; ++j) {
            x[j] = rng.normal();
            z += x[j] * weight[j];
        }
        const double p = 1.0 / (1.0 + std::exp(-z));
        const int label = rng.uniform() < p ? 1 : 0;
        for (int j = 0; j < d; ++j) {
            w.number(x[j], 6);
            w.comma();
        }
        w.integer(label);
        w.endLine();
        f.maybeFlush();
    }
    f.commit();
}

void writeMoons(const fs::path& path)
{
    constexpr int n = 10000;
    constexpr double noise = 0.2;
    Rng rng(kSeed, 3);
    const int outer = n / 2, inner = n - outer;
    struct Point {
        double x, y;
        int label;
    };
    std::vector<Point> points;
    points.reserve(n);
    for (int i = 0; i < outer; ++i) {
        const double t = std::numbers::pi * i / (outer - 1);
        points.push_back({ std::cos(t), std::sin(t), 0 });
    }
    for (int i = 0; i < inner; ++i) {
        const double t = std::numbers::pi * i / (inner - 1);
        points.push_back({ 1.0 - std::cos(t), 1.0 - std::sin(t) - 0.5, 1 });
    }
    for (auto& p : points) {
        p.x += noise * rng.normal();
        p.y += noise * rng.normal();
    }
    const auto order = rng.permutation(n);
    CsvFile f(path);
    auto& w = f.out();
    w.text("x1,x2,y\n");
    for (const auto i : order) {
        w.number(points[i].x, 8);
        w.comma();
        w.number(points[i].y, 8);
        w.comma();
        w.integer(points[i].label);
        w.endLine();
    }
    f.commit();
}

void writeDigits(const fs::path& path)
{
    constexpr int n = 60000, side = 28, d = side * side, classes = 10;
    Rng rng(kSeed, 4);
    // Templates: a polyline through 5 random points per class, Gaussian stroke profile.
    std::vector<std::array<double, d>> templates(classes);
    for (auto& t : templates) {
        t.fill(0.0);
        std::array<double, 10> pts;
        for (auto& v : pts)
            v = rng.uniform(5.0, 22.0);
        for (int s = 0; s < 4; ++s) {
            const double ax = pts[2 * s], ay = pts[2 * s + 1];
            const double bx = pts[2 * s + 2], by = pts[2 * s + 3];
            for (int r = 0; r < side; ++r)
                for (int c = 0; c < side; ++c) {
                    const double vx = bx - ax, vy = by - ay;
                    const double len2 = vx * vx + vy * vy;
                    const double u = len2 > 0
                        ? std::clamp(((c - ax) * vx + (r - ay) * vy) / len2, 0.0, 1.0)
                        : 0.0;
                    const double dx = c - (ax + u * vx), dy = r - (ay + u * vy);
                    const double v = std::exp(-(dx * dx + dy * dy) / (2 * 1.4 * 1.4));
                    t[r * side + c] = std::max(t[r * side + c], v < 0.05 ? 0.0 : v);
                }
        }
    }
    CsvFile f(path);
    auto& w = f.out();
    header(w, d, "px");
    std::array<double, d> x;
    for (int i = 0; i < n; ++i) {
        const int label = static_cast<int>(rng.below(classes));
        const int sr = static_cast<int>(rng.below(5)) - 2, sc = static_cast<int>(rng.below(5)) - 2;
        const double scale = rng.uniform(0.7, 1.0);
        const auto& t = templates[label];
        for (int r = 0; r < side; ++r)
            for (int c = 0; c < side; ++c) {
                const int tr = r - sr, tc = c - sc;
                const double base
                    = (tr >= 0 && tr < side && tc >= 0 && tc < side) ? t[tr * side + tc] : 0.0;
                double v = 0.0;
                if (base > 0.0)
                    v = std::clamp(scale * base + 0.15 * rng.normal(), 0.0, 1.0);
                x[r * side + c] = std::nearbyint(v * 255.0) / 255.0;
            }
        for (int j = 0; j < d; ++j) {
            w.number(x[j], 6);
            w.comma();
        }
        w.integer(label);
        w.endLine();
        f.maybeFlush();
    }
    f.commit();
}

struct Workload {
    const char* key;
    const char* file;
    std::function<void(const fs::path&)> write;
};

} // namespace

int main(int argc, char** argv)
{
    fs::path outDir = "bench/data";
    bool force = false;
    std::string only;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--out" && i + 1 < argc)
            outDir = argv[++i];
        else if (a == "--force")
            force = true;
        else if (a == "--only" && i + 1 < argc)
            only = argv[++i];
        else {
            std::fprintf(stderr, "usage: gen_data [--out DIR] [--force] [--only w1,w2,w3,w4]\n");
            return 2;
        }
    }
    const std::vector<Workload> workloads = {
        { "w1", "w1_seed.csv", writeSeed },
        { "w2", "w2_logistic.csv", writeLogistic },
        { "w3", "w3_moons.csv", writeMoons },
        { "w4", "w4_digits.csv", writeDigits },
    };
    try {
        fs::create_directories(outDir);
        for (const auto& wl : workloads) {
            if (!only.empty() && only.find(wl.key) == std::string::npos)
                continue;
            const fs::path path = outDir / wl.file;
            if (fs::exists(path) && !force) {
                std::printf("gen_data: %s present, kept\n", path.c_str());
                continue;
            }
            wl.write(path);
            std::printf(
                "gen_data: wrote %s (%.1f MB)\n", path.c_str(), double(fs::file_size(path)) / 1e6);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "gen_data: error: %s\n", e.what());
        return 1;
    }
    return 0;
}
