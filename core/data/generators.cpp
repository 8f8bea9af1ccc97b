#include "core/data/generators.h"

#include "core/common/error.h"
#include "core/common/join_names.h"
#include "core/common/text.h"
#include "core/data/csv_reader.h"
#include "core/data/real_datasets.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <utility>

namespace bitlab {

namespace {

constexpr double kPi = 3.14159265358979323846;

// Streams of Rng(params.seed, stream): the points, and the fixed structure (weights,
// centres) that must not change when only the sample count changes. Stream 2 is the
// train/test split of Dataset::prepare.
constexpr std::uint64_t kPointStream = 1;
constexpr std::uint64_t kStructureStream = 3;

Dataset makeDataset(const std::string& name, Task task, Index n, Index d)
{
    Dataset ds;
    ds.name = std::string("builtin:").append(name);
    ds.task = task;
    ds.x = Matrix::Zero(n, d);
    ds.y = Matrix::Zero(n, 1);
    ds.targetName = std::string(1, 'y');
    for (Index j = 0; j < d; ++j)
        ds.featureNames.push_back(std::string("x").append(std::to_string(j + 1)));
    return ds;
}

void setClasses(Dataset& ds, int k)
{
    ds.task = k == 2 ? Task::Binary : Task::Multiclass;
    ds.classLabels.clear();
    for (int c = 0; c < k; ++c)
        ds.classLabels.push_back(std::to_string(c));
}

// Reorders the rows with a seeded permutation, so classes are interleaved as sklearn's
// shuffle=True leaves them.
void shuffleRows(Dataset& ds, Rng& rng)
{
    const auto perm = rng.permutation(ds.rows());
    Matrix x(ds.x.rows(), ds.x.cols());
    Matrix y(ds.y.rows(), ds.y.cols());
    for (Index i = 0; i < ds.rows(); ++i) {
        x.row(i) = ds.x.row(perm[static_cast<std::size_t>(i)]);
        y.row(i) = ds.y.row(perm[static_cast<std::size_t>(i)]);
    }
    ds.x = std::move(x);
    ds.y = std::move(y);
}

// sklearn's make_moons/make_circles tail: shuffle the rows, then add N(0, noise^2) to
// every coordinate, both from the point stream.
void shuffleAndJitter(Dataset& ds, const GeneratorParams& p)
{
    Rng rng(p.seed, kPointStream);
    shuffleRows(ds, rng);
    for (Index i = 0; i < ds.rows(); ++i)
        for (Index j = 0; j < ds.features(); ++j)
            ds.x(i, j) += p.noise * rng.normal();
}

// numpy.linspace(0, stop, m, endpoint): value i.
double linspace(double stop, Index m, Index i, bool endpoint)
{
    const Index div = endpoint ? m - 1 : m;
    return div > 0 ? stop * static_cast<double>(i) / static_cast<double>(div) : 0.0;
}

Dataset seedLinear(const GeneratorParams& p)
{
    Dataset ds = makeDataset("seed-linear", Task::Regression, p.samples, 1);
    ds.featureNames = { "x" };
    Rng rng(p.seed, kPointStream);
    // numpy's classic: X = rand(n, 1); y = 2 + 3X + rand(n, 1), all x first, then the noise.
    for (Index i = 0; i < ds.rows(); ++i)
        ds.x(i, 0) = rng.uniform();
    for (Index i = 0; i < ds.rows(); ++i)
        ds.y(i, 0) = 3.0 * ds.x(i, 0) + 2.0 + p.noise * rng.uniform();
    return ds;
}

Dataset linear(const GeneratorParams& p)
{
    Dataset ds = makeDataset("linear", Task::Regression, p.samples, p.features);
    Rng structure(p.seed, kStructureStream);
    RowVector w(p.features);
    for (Index j = 0; j < p.features; ++j)
        w(j) = structure.uniform(-2.0, 2.0);
    const double b = structure.uniform(-1.0, 1.0);
    Rng rng(p.seed, kPointStream);
    for (Index i = 0; i < ds.rows(); ++i) {
        for (Index j = 0; j < p.features; ++j)
            ds.x(i, j) = rng.uniform(-1.0, 1.0);
        ds.y(i, 0) = ds.x.row(i).dot(w) + b + p.noise * rng.normal();
    }
    return ds;
}

Dataset moons(const GeneratorParams& p)
{
    Dataset ds = makeDataset("moons", Task::Binary, p.samples, 2);
    setClasses(ds, 2);
    const Index nOut = p.samples / 2;
    const Index nIn = p.samples - nOut;
    for (Index i = 0; i < nOut; ++i) {
        const double t = linspace(kPi, nOut, i, true);
        ds.x(i, 0) = std::cos(t);
        ds.x(i, 1) = std::sin(t);
        ds.y(i, 0) = 0;
    }
    for (Index i = 0; i < nIn; ++i) {
        const double t = linspace(kPi, nIn, i, true);
        ds.x(nOut + i, 0) = 1.0 - std::cos(t);
        ds.x(nOut + i, 1) = 1.0 - std::sin(t) - 0.5;
        ds.y(nOut + i, 0) = 1;
    }
    shuffleAndJitter(ds, p);
    return ds;
}

Dataset circles(const GeneratorParams& p)
{
    constexpr double factor = 0.5;
    Dataset ds = makeDataset("circles", Task::Binary, p.samples, 2);
    setClasses(ds, 2);
    const Index nOut = p.samples / 2;
    const Index nIn = p.samples - nOut;
    for (Index i = 0; i < nOut; ++i) {
        const double t = linspace(2 * kPi, nOut, i, false);
        ds.x(i, 0) = std::cos(t);
        ds.x(i, 1) = std::sin(t);
        ds.y(i, 0) = 0;
    }
    for (Index i = 0; i < nIn; ++i) {
        const double t = linspace(2 * kPi, nIn, i, false);
        ds.x(nOut + i, 0) = factor * std::cos(t);
        ds.x(nOut + i, 1) = factor * std::sin(t);
        ds.y(nOut + i, 0) = 1;
    }
    shuffleAndJitter(ds, p);
    return ds;
}

Dataset blobs(const GeneratorParams& p)
{
    Dataset ds = makeDataset("blobs", Task::Binary, p.samples, p.features);
    setClasses(ds, p.classes);
    Rng structure(p.seed, kStructureStream);
    Matrix centres(p.classes, p.features);
    for (Index c = 0; c < p.classes; ++c)
        for (Index j = 0; j < p.features; ++j)
            centres(c, j) = structure.uniform(-10.0, 10.0);
    Rng rng(p.seed, kPointStream);
    // sklearn: n // k per class, the remainder one each to the first classes.
    Index row = 0;
    for (Index c = 0; c < p.classes; ++c) {
        const Index count = p.samples / p.classes + (c < p.samples % p.classes ? 1 : 0);
        for (Index i = 0; i < count; ++i, ++row) {
            for (Index j = 0; j < p.features; ++j)
                ds.x(row, j) = centres(c, j) + p.noise * rng.normal();
            ds.y(row, 0) = static_cast<double>(c);
        }
    }
    shuffleRows(ds, rng);
    return ds;
}

Dataset xorData(const GeneratorParams& p)
{
    Dataset ds = makeDataset("xor", Task::Binary, p.samples, 2);
    setClasses(ds, 2);
    Rng rng(p.seed, kPointStream);
    for (Index i = 0; i < ds.rows(); ++i) {
        const double a = rng.uniform(-1.0, 1.0);
        const double b = rng.uniform(-1.0, 1.0);
        ds.y(i, 0) = a * b > 0 ? 1.0 : 0.0;
        // The label is taken before the jitter, so noise blurs the boundary.
        ds.x(i, 0) = a + p.noise * rng.normal();
        ds.x(i, 1) = b + p.noise * rng.normal();
    }
    return ds;
}

Dataset spiral(const GeneratorParams& p)
{
    Dataset ds = makeDataset("spiral", Task::Binary, p.samples, 2);
    setClasses(ds, p.classes);
    Rng rng(p.seed, kPointStream);
    Index row = 0;
    for (Index c = 0; c < p.classes; ++c) {
        const Index m = p.samples / p.classes + (c < p.samples % p.classes ? 1 : 0);
        for (Index i = 0; i < m; ++i, ++row) {
            const double r = m > 1 ? static_cast<double>(i) / static_cast<double>(m - 1) : 1.0;
            const double theta = 2.0 * kPi * static_cast<double>(c) / p.classes + 3.0 * kPi * r;
            ds.x(row, 0) = r * std::cos(theta) + p.noise * rng.normal();
            ds.x(row, 1) = r * std::sin(theta) + p.noise * rng.normal();
            ds.y(row, 0) = static_cast<double>(c);
        }
    }
    shuffleRows(ds, rng);
    return ds;
}

GeneratorParams defaults(std::int64_t samples, double noise, int classes = 2, int features = 2)
{
    GeneratorParams p;
    p.samples = samples;
    p.noise = noise;
    p.classes = classes;
    p.features = features;
    p.seed = 0;
    return p;
}

void checkParams(const DatasetInfo& info, const GeneratorParams& p)
{
    DatasetSpec asSpec;
    asSpec.source = "builtin:" + info.name;
    asSpec.samples = p.samples;
    asSpec.noise = p.noise;
    asSpec.seed = p.seed;
    asSpec.classes = p.classes;
    asSpec.features = p.features;
    const std::string where = " (builtin:" + info.name + ")";
    for (const std::string& problem : fieldProblems(generatorFields(), asSpec, "dataset"))
        throw Error(problem + where + ".");
    if (info.usesClasses && p.samples < p.classes)
        throw Error("dataset.samples must be at least dataset.classes (" + std::to_string(p.classes)
            + "), got " + std::to_string(p.samples) + where + ".");
}

} // namespace

const std::vector<DatasetInfo>& datasetRegistry()
{
    static const std::vector<DatasetInfo> registry = [] {
        std::vector<DatasetInfo> r;
        r.push_back({ "seed-linear",
            BITLAB_TR_NOOP("bitlab::core",
                "The classic example: x ~ U(0,1), y = 3x + 2 + noise * U(0,1) "
                "(noise 1 is the classic U(0,1) noise)."),
            Task::Regression, defaults(100, 1.0, 2, 1), false, false, seedLinear });
        r.push_back({ "linear",
            BITLAB_TR_NOOP("bitlab::core",
                "d features x ~ U(-1,1), y = w.x + b + noise * N(0,1), with w ~ U(-2,2) "
                "and b ~ U(-1,1) fixed by the seed."),
            Task::Regression, defaults(200, 0.1, 2, 2), false, true, linear });
        r.push_back({ "moons",
            BITLAB_TR_NOOP("bitlab::core",
                "Two interleaving half circles (sklearn make_moons), Gaussian noise of "
                "standard deviation noise added to both coordinates."),
            Task::Binary, defaults(200, 0.1), false, false, moons });
        r.push_back({ "circles",
            BITLAB_TR_NOOP("bitlab::core",
                "A circle of radius 0.5 inside one of radius 1 (sklearn make_circles, "
                "factor 0.5), Gaussian noise of standard deviation noise."),
            Task::Binary, defaults(200, 0.05), false, false, circles });
        r.push_back({ "blobs",
            BITLAB_TR_NOOP("bitlab::core",
                "k Gaussian clusters (standard deviation noise) around centres ~ "
                "U(-10,10)^d fixed by the seed (sklearn make_blobs)."),
            Task::Multiclass, defaults(200, 1.0, 3, 2), true, true, blobs });
        r.push_back({ "xor",
            BITLAB_TR_NOOP("bitlab::core",
                "x ~ U(-1,1)^2, label = 1 where x1*x2 > 0, then Gaussian jitter of "
                "standard deviation noise."),
            Task::Binary, defaults(200, 0.05), false, false, xorData });
        r.push_back({ "spiral",
            BITLAB_TR_NOOP("bitlab::core",
                "k spiral arms: r = i/(m-1), theta = 2 pi c/k + 3 pi r, "
                "x = r (cos theta, sin theta) + noise * N(0,1)."),
            Task::Multiclass, defaults(300, 0.05, 3, 2), true, false, spiral });
        for (const RealDatasetInfo& real : realDatasets()) {
            DatasetInfo info;
            info.name = real.name;
            info.description = real.description;
            info.task = real.classes == 2 ? Task::Binary : Task::Multiclass;
            info.defaults = defaults(real.rows, 0.0);
            info.real = true;
            info.generate = [&real](const GeneratorParams&) { return loadRealDataset(real); };
            r.push_back(std::move(info));
        }
        // The generate functions assume checked parameters; wrap them once here.
        for (auto& info : r) {
            if (info.real)
                continue;
            auto raw = info.generate;
            const DatasetInfo copy { info.name, {}, info.task, {}, info.usesClasses,
                info.usesFeatures, {} };
            info.generate = [raw, copy](const GeneratorParams& p) {
                checkParams(copy, p);
                return raw(p);
            };
        }
        return r;
    }();
    return registry;
}

namespace {
// The generators whose entry has `flag` set, for messages: "blobs and spiral".
std::string generatorsWith(bool DatasetInfo::*flag)
{
    std::vector<std::string> names;
    for (const DatasetInfo& info : datasetRegistry())
        if (info.*flag)
            names.push_back(info.name);
    if (names.size() < 2)
        return joinNames(names);
    std::string last = std::move(names.back());
    names.pop_back();
    return joinNames(names) + " and " + last;
}
} // namespace

const std::vector<Field<DatasetSpec>>& generatorFields()
{
    using D = DatasetSpec;
    static const std::vector<Field<D>> fields = [] {
        std::vector<Field<D>> f {
            field("samples", &D::samples, Range::closed(1, 10'000'000),
                BITLAB_TR_NOOP("bitlab::core", "Samples"),
                BITLAB_TR_NOOP("bitlab::core", "Number of generated samples (rows).")),
            field("noise", &D::noise, Range::atLeast(0), BITLAB_TR_NOOP("bitlab::core", "Noise"),
                BITLAB_TR_NOOP("bitlab::core",
                    "Standard deviation of the Gaussian noise added by the generator.")),
            field("seed", &D::seed, Range::atLeast(0), BITLAB_TR_NOOP("bitlab::core", "Data seed"),
                BITLAB_TR_NOOP(
                    "bitlab::core", "Seed of the generator: the same seed gives the same data.")),
            field("classes", &D::classes, Range::closed(2, 100),
                BITLAB_TR_NOOP("bitlab::core", "Classes"),
                BITLAB_TR_NOOP("bitlab::core", "Number of classes the generator draws.")),
            field("features", &D::features, Range::closed(1, 10'000),
                BITLAB_TR_NOOP("bitlab::core", "Features"),
                BITLAB_TR_NOOP("bitlab::core", "Number of input features the generator draws.")),
        };
        auto generatorHas = [](bool DatasetInfo::*flag) {
            return [flag](const D& d) {
                const DatasetInfo* info = findDataset(d.builtinName());
                // A real dataset has fixed rows: no generator parameter applies to it.
                return info && !info->real && (!flag || info->*flag);
            };
        };
        for (auto& one : f)
            one.applies = generatorHas(nullptr);
        f[3].applies = generatorHas(&DatasetInfo::usesClasses);
        f[4].applies = generatorHas(&DatasetInfo::usesFeatures);
        return f;
    }();
    return fields;
}

DatasetSpec withGeneratorDefaults(DatasetSpec d)
{
    const DatasetInfo* info = findDataset(d.builtinName());
    if (!info || info->real)
        return d;
    const GeneratorParams& g = info->defaults;
    d.samples = d.samples.value_or(g.samples);
    d.noise = d.noise.value_or(g.noise);
    d.seed = d.seed.value_or(g.seed);
    if (info->usesClasses)
        d.classes = d.classes.value_or(g.classes);
    if (info->usesFeatures)
        d.features = d.features.value_or(g.features);
    return d;
}

const DatasetInfo* findDataset(const std::string& name)
{
    for (const auto& info : datasetRegistry())
        if (info.name == name)
            return &info;
    return nullptr;
}

Dataset loadDataset(
    const DatasetSpec& spec, const std::string& baseDir, const CsvProgress& progress)
{
    if (!taskFromString(spec.task) && spec.task != "auto")
        throw Error("dataset.task must be one of auto, regression, binary, multiclass, got '"
            + spec.task + "'.");
    if (spec.isBuiltin()) {
        const std::string name = spec.builtinName();
        const DatasetInfo* info = findDataset(name);
        if (!info) {
            throw Error("dataset.source 'builtin:" + name
                + "' is not a built-in dataset; choose one of "
                + joinNames(datasetRegistry(), &DatasetInfo::name) + ".");
        }
        if (info->real
            && (spec.samples || spec.noise || spec.seed || spec.classes || spec.features))
            throw Error(
                "dataset.samples, noise, seed, classes and features do not apply to builtin:" + name
                + ", a real dataset with fixed rows; remove them.");
        GeneratorParams p = info->defaults;
        if (spec.samples)
            p.samples = *spec.samples;
        if (spec.noise)
            p.noise = *spec.noise;
        if (spec.seed)
            p.seed = *spec.seed;
        if (spec.classes) {
            if (!info->usesClasses)
                throw Error("dataset.classes does not apply to builtin:" + name + "; only "
                    + generatorsWith(&DatasetInfo::usesClasses) + " take a class count.");
            p.classes = *spec.classes;
        }
        if (spec.features) {
            if (!info->usesFeatures)
                throw Error("dataset.features does not apply to builtin:" + name + "; only "
                    + generatorsWith(&DatasetInfo::usesFeatures) + " take a feature count.");
            p.features = *spec.features;
        }
        Dataset ds = info->generate(p);
        if (!spec.target.empty() && spec.target != ds.targetName)
            throw Error("dataset.target '" + spec.target + "' is not a column of builtin:" + name
                + "; its target is '" + ds.targetName + "'.");
        if (spec.imageRows != 0 || spec.imageCols != 0)
            throw Error("dataset.image_shape applies only to a CSV file; builtin:" + name
                + (ds.imageRows > 0 ? " knows its own shape" : " is not an image dataset")
                + "; remove it.");
        if (spec.task != "auto" && spec.task != toString(ds.task))
            throw Error("dataset.task '" + spec.task + "' does not fit builtin:" + name
                + ", which is a " + toString(ds.task) + " dataset; use auto.");
        return ds;
    }

    if (spec.source.empty())
        throw Error("dataset.source is empty; give a CSV path or builtin:NAME.");
    std::filesystem::path path(spec.source);
    if (path.is_relative() && !baseDir.empty())
        path = std::filesystem::path(baseDir) / path;
    CsvOptions options;
    options.target = spec.target;
    options.task = spec.task;
    Dataset data = readCsv(path.string(), options, progress);
    applyImageShape(data, spec);
    return data;
}

} // namespace bitlab
