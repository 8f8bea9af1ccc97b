// The experiment file: every error family names its key path (all problems at once),
// defaults come from the registries, --set edits the same structure, and spec -> JSON ->
// spec is the identity.
#include "common/test_support.h"
#include "core/common/error.h"
#include "core/io/atomic_file.h"
#include "core/io/experiment_json.h"
#include "core/io/json_text.h"

#include <QDir>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

using namespace bitlab;
using namespace bitlab::io;

using bitlab::test::errorOf;

namespace {

// DESIGN §3's example, verbatim.
const char* kDesignExample = R"({
  "format": "bitlab.experiment", "version": 1,
  "dataset": {"source": "data.csv", "target": "y", "standardize": false,
              "test_fraction": 0.0, "shuffle": true},
  "model": {"kind": "linear", "hidden": [], "activation": "relu", "bias": true},
  "loss": "mse",
  "optimizer": {"kind": "gd", "lr": 0.1, "momentum": 0.0, "nesterov": false,
                "betas": [0.9, 0.999], "eps": 1e-8, "alpha": 0.99,
                "weight_decay": 0.0, "batch_size": 0,
                "schedule": {"kind": "constant"}},
  "training": {"epochs": 1000, "seed": 42, "record_every": 1, "eval_every": 1},
  "init": {"kind": "default"},
  "runs": [
    {"name": "fp64"},
    {"name": "Q4.3", "quantizer": {"scheme": "fixed", "bits": 8, "frac_bits": 3,
      "rounding": "nearest", "mode": "post_update", "granularity": "per_tensor",
      "quantize_bias": true, "ste_clip": false}}
  ]
})";

// A minimal valid file with `body` spliced into the top-level object.
QByteArray minimal(const QByteArray& body)
{
    QByteArray text = R"({"format": "bitlab.experiment", "version": 1,
 "dataset": {"source": "builtin:moons"}, "model": {"kind": "mlp", "hidden": [8]})";
    if (!body.isEmpty())
        text += ",\n " + body;
    return text + "}";
}

QString problemsOf(const QByteArray& json, const QStringList& sets = {})
{
    return errorOf([&] { parseExperiment(json, "/tmp", sets, "exp.json"); });
}

void compareSpecs(const ExperimentSpec& a, const ExperimentSpec& b)
{
    QCOMPARE(a.dataset.source, b.dataset.source);
    QCOMPARE(a.dataset.target, b.dataset.target);
    QCOMPARE(a.dataset.task, b.dataset.task);
    QCOMPARE(a.dataset.standardize, b.dataset.standardize);
    QCOMPARE(a.dataset.testFraction, b.dataset.testFraction);
    QCOMPARE(a.dataset.shuffle, b.dataset.shuffle);
    QCOMPARE(a.dataset.samples, b.dataset.samples);
    QCOMPARE(a.dataset.noise, b.dataset.noise);
    QCOMPARE(a.dataset.seed, b.dataset.seed);
    QCOMPARE(a.dataset.classes, b.dataset.classes);
    QCOMPARE(a.dataset.features, b.dataset.features);
    QCOMPARE(a.dataset.imageRows, b.dataset.imageRows);
    QCOMPARE(a.dataset.imageCols, b.dataset.imageCols);
    QCOMPARE(a.model.kind, b.model.kind);
    QCOMPARE(a.model.hidden, b.model.hidden);
    QCOMPARE(a.model.activation, b.model.activation);
    QCOMPARE(a.model.bias, b.model.bias);
    QCOMPARE(a.loss, b.loss);
    const OptimizerSpec& o = a.optimizer;
    const OptimizerSpec& p = b.optimizer;
    QCOMPARE(o.kind, p.kind);
    QCOMPARE(o.lr, p.lr);
    QCOMPARE(o.momentum, p.momentum);
    QCOMPARE(o.nesterov, p.nesterov);
    QCOMPARE(o.beta1, p.beta1);
    QCOMPARE(o.beta2, p.beta2);
    QCOMPARE(o.eps, p.eps);
    QCOMPARE(o.alpha, p.alpha);
    QCOMPARE(o.weightDecay, p.weightDecay);
    QCOMPARE(o.batchSize, p.batchSize);
    QCOMPARE(o.schedule.kind, p.schedule.kind);
    QCOMPARE(o.schedule.stepSize, p.schedule.stepSize);
    QCOMPARE(o.schedule.gamma, p.schedule.gamma);
    QCOMPARE(o.schedule.tMax, p.schedule.tMax);
    QCOMPARE(o.schedule.etaMin, p.schedule.etaMin);
    QCOMPARE(a.training.epochs, b.training.epochs);
    QCOMPARE(a.training.seed, b.training.seed);
    QCOMPARE(a.training.recordEvery, b.training.recordEvery);
    QCOMPARE(a.training.evalEvery, b.training.evalEvery);
    QCOMPARE(a.init.kind, b.init.kind);
    QCOMPARE(a.init.path, b.init.path);
    QCOMPARE(a.runs.size(), b.runs.size());
    for (size_t i = 0; i < a.runs.size(); ++i) {
        QCOMPARE(a.runs[i].name, b.runs[i].name);
        QCOMPARE(a.runs[i].quantizer.has_value(), b.runs[i].quantizer.has_value());
        if (!a.runs[i].quantizer)
            continue;
        const QuantizerSpec& q = *a.runs[i].quantizer;
        const QuantizerSpec& r = *b.runs[i].quantizer;
        QCOMPARE(q.scheme, r.scheme);
        QCOMPARE(q.bits, r.bits);
        QCOMPARE(q.fracBits, r.fracBits);
        QCOMPARE(q.narrowRange, r.narrowRange);
        QCOMPARE(q.rounding, r.rounding);
        QCOMPARE(q.mode, r.mode);
        QCOMPARE(q.granularity, r.granularity);
        QCOMPARE(q.quantizeBias, r.quantizeBias);
        QCOMPARE(q.steClip, r.steClip);
        QCOMPARE(q.activationBits, r.activationBits);
    }
}

} // namespace

class TestExperimentJson : public QObject {
    Q_OBJECT

private slots:
    void designExample()
    {
        const ExperimentSpec spec = parseExperiment(kDesignExample, "/data/here");
        QCOMPARE(spec.dataset.source, std::string("data.csv"));
        QCOMPARE(spec.dataset.target, std::string("y"));
        QCOMPARE(spec.baseDir, std::string("/data/here"));
        QCOMPARE(spec.optimizer.kind, std::string("gd"));
        QCOMPARE(spec.optimizer.lr, 0.1);
        QCOMPARE(spec.training.recordEvery, std::optional<std::int64_t>(1));
        QCOMPARE(spec.runs.size(), size_t(2));
        QCOMPARE(spec.runs[1].name, std::string("Q4.3"));
        QCOMPARE(spec.runs[1].quantizer->fracBits, 3);
    }

    void defaults()
    {
        // Optimizer values: the kind's PyTorch defaults; loss: the model's first.
        const ExperimentSpec adam = parseExperiment(
            minimal(
                R"("optimizer": {"kind": "adam"}, "runs": [{}, {"quantizer": {"scheme": "symmetric", "bits": 4}}])"),
            "");
        QCOMPARE(adam.optimizer.lr, 1e-3);
        QCOMPARE(adam.loss, std::string("mse"));
        QCOMPARE(adam.runs.size(), size_t(2));
        QVERIFY(!adam.runs[0].name.empty());
        QVERIFY(adam.runs[0].name != adam.runs[1].name);
        QVERIFY(adam.runs[1].quantizer->narrowRange);
        const ExperimentSpec logistic = parseExperiment(
            R"({"format": "bitlab.experiment", "version": 1, "dataset": {"source": "builtin:moons"},
                "model": {"kind": "logistic"}})",
            "");
        QCOMPARE(logistic.loss, std::string("bce"));
        QCOMPARE(logistic.runs.size(), size_t(1));
        QVERIFY(!logistic.runs[0].quantizer);
        QCOMPARE(logistic.training.epochs, std::int64_t(1000));
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QStringList>("expected"); // one fragment per expected problem line

        QTest::newRow("several problems at once") << minimal(
            R"("optimizer": {"kind": "sgd", "lr": -1, "lrr": 0.1}, "training": {"epochs": 1.5})")
                                                  << QStringList {
                                                         "exp.json: unknown key optimizer.lrr (did "
                                                         "you mean 'lr'?)",
                                                         "exp.json: optimizer.lr must be a number "
                                                         "> 0, got -1",
                                                         "exp.json: training.epochs must be an "
                                                         "integer, got 1.5"
                                                     };
        QTest::newRow("unknown top-level key")
            << minimal(R"("optimiser": {})")
            << QStringList { "unknown key optimiser (did you mean 'optimizer'?)" };
        QTest::newRow("unknown key without a near match")
            << minimal(R"("training": {"zzzzzz": 1})")
            << QStringList { "unknown key training.zzzzzz (allowed: epochs, seed, record_every, "
                             "eval_every, portable)" };
        QTest::newRow("parse error line:column")
            << QByteArray("{\"format\": \"bitlab.experiment\",\n  \"version\": 1\n  \"model\": {}}")
            << QStringList { "exp.json:3:3: unexpected '\"', expected ',' or '}'" };
        QTest::newRow("version missing")
            << QByteArray(R"({"format": "bitlab.experiment", "dataset": {}})")
            << QStringList { "exp.json: version is missing: add \"version\": 1" };
        QTest::newRow("version newer")
            << QByteArray(R"({"format": "bitlab.experiment", "version": 2})")
            << QStringList { "version 2 is newer than this BitLab understands" };
        QTest::newRow("version as text")
            << QByteArray(R"({"format": "bitlab.experiment", "version": "1"})")
            << QStringList { "version must be 1, got \"1\"" };
        QTest::newRow("wrong format")
            << QByteArray(R"({"format": "keras", "version": 1})")
            << QStringList { "format must be \"bitlab.experiment\", got \"keras\"" };
        QTest::newRow("weights file given")
            << QByteArray(R"({"format": "bitlab.weights", "version": 1, "tensors": []})")
            << QStringList { "this is a weights file" };
        QTest::newRow("not an object") << QByteArray(
            "[1, 2]") << QStringList { "must hold a JSON object {...}, not an array" };
        QTest::newRow("empty") << QByteArray("")
                               << QStringList { "exp.json:1:1: the file is empty" };
        QTest::newRow("binary garbage")
            << QByteArray("\x89PNG\r\n\x1a\n\x00\x00", 10) << QStringList { "binary data" };
        QTest::newRow("utf16") << QByteArray("\xff\xfe{\x00\"\x00", 6) << QStringList { "UTF-16" };
        QTest::newRow("invalid utf8")
            << minimal("\"runs\": [{\"name\": \"\xff\"}]") << QStringList { "invalid UTF-8" };
        QTest::newRow("truncated")
            << minimal("").left(60) << QStringList { "exp.json:2:14: unterminated string" };
        QTest::newRow("deep nesting")
            << minimal("\"init\": " + QByteArray(100, '[') + QByteArray(100, ']'))
            << QStringList { "nested more than 64 levels" };
        QTest::newRow("huge number") << minimal(R"("optimizer": {"lr": 1e999})")
                                     << QStringList { "the number 1e999 is out of range" };
        QTest::newRow("huge integer")
            << minimal(R"("training": {"epochs": 1e300, "seed": -1})")
            << QStringList { "training.epochs must be an integer in [1, 1000000000], got 1e+300",
                   "training.seed must be an integer >= 0, got -1" };
        QTest::newRow("wrong types") << minimal(
            R"("dataset": {"source": "builtin:moons", "standardize": "yes", "test_fraction": "0.2"},
                          "training": {"epochs": "100"}, "runs": {"name": "x"})")
                                     << QStringList { "dataset.standardize must be true or false, "
                                                      "got \"yes\"",
                                            "dataset.test_fraction must be a number in [0, 1), got "
                                            "\"0.2\"",
                                            "training.epochs must be an integer in [1, "
                                            "1000000000], got \"100\"",
                                            "runs must be an array of runs" };
        QTest::newRow("ranges")
            << minimal(R"("dataset": {"source": "builtin:moons", "test_fraction": 1},
                          "optimizer": {"kind": "sgd", "momentum": 1.5, "batch_size": -2},
                          "runs": [{"quantizer": {"scheme": "symmetric", "bits": 17}}])")
            << QStringList { "dataset.test_fraction must be a number in [0, 1), got 1",
                   "optimizer.momentum must be a number in [0, 1), got 1.5",
                   "optimizer.batch_size must be an integer >= 0, got -2",
                   "runs.0.quantizer.bits must be an integer in [2, 16], got 17" };
        // Below the scheme's fewest bits: the message says why the range starts there.
        QTest::newRow("bits below the fewest, with why")
            << minimal(R"("runs": [{"quantizer": {"scheme": "symmetric", "bits": 1}}])")
            << QStringList { "runs.0.quantizer.bits must be an integer in [2, 16], got 1 "
                             "(symmetric with narrow_range: true needs 2 bits at least, since 1 "
                             "bit leaves only the code 0; set narrow_range: false for 1 bit)" };
        QTest::newRow("choices with suggestions") << QByteArray(
            R"({"format": "bitlab.experiment", "version": 1, "dataset": {"source": "builtin:moon"},
                  "model": {"kind": "lineer", "activation": "gelu"}, "loss": "mse",
                  "runs": [{"quantizer": {"scheme": "symetric", "rounding": "up", "mode": "qat"}}]})")
                                                  << QStringList {
                                                         "dataset.source \"builtin:moon\" is not a "
                                                         "built-in dataset; use one of",
                                                         "(did you mean 'builtin:moons'?)",
                                                         "model.kind must be one of linear, "
                                                         "logistic, softmax, svm, mlp, got "
                                                         "\"lineer\" (did you mean 'linear'?)",
                                                         "model.activation must be one of relu, "
                                                         "tanh, sigmoid, got \"gelu\"",
                                                         "runs.0.quantizer.scheme must be one of",
                                                         "got \"symetric\" (did you mean "
                                                         "'symmetric'?)",
                                                         "runs.0.quantizer.rounding must be one of "
                                                         "nearest, stochastic, got \"up\"",
                                                         "runs.0.quantizer.mode must be one of "
                                                         "post_update, ste, ptq, got \"qat\""
                                                     };
        QTest::newRow("missing sections")
            << QByteArray(R"({"format": "bitlab.experiment", "version": 1})")
            << QStringList { "dataset is missing", "model is missing" };
        QTest::newRow("loss does not fit the model")
            << minimal(R"("model": {"kind": "logistic"}, "loss": "mse")")
            << QStringList { "loss: 'mse' does not fit model 'logistic' (valid: bce)" };
        QTest::newRow("generator keys") << QByteArray(
            R"({"format": "bitlab.experiment", "version": 1, "dataset": {"source": "builtin:moons", "classes": 3},
                  "model": {"kind": "linear"}})")
                                        << QStringList {
                                               "dataset.classes is not used by builtin:moons"
                                           };
        QTest::newRow("generator key on a CSV") << QByteArray(
            R"({"format": "bitlab.experiment", "version": 1, "dataset": {"source": "d.csv", "samples": 30},
                  "model": {"kind": "linear", "hidden": [4]}})")
                                                << QStringList { "dataset.samples applies only to "
                                                                 "built-in datasets",
                                                       "model.hidden applies only to models with "
                                                       "hidden layers (mlp)" };
        QTest::newRow("values the kind ignores")
            << minimal(R"("optimizer": {"kind": "adam", "momentum": 0.9},
                          "runs": [{"quantizer": {"scheme": "symmetric", "bits": 4, "frac_bits": 2}}])")
            << QStringList { "optimizer.momentum is not used by optimizer.kind \"adam\"",
                   "runs.0.quantizer.frac_bits is not used by scheme \"symmetric\"" };
        QTest::newRow("registry rules")
            << minimal(R"("optimizer": {"kind": "gd", "batch_size": 32})")
            << QStringList { "optimizer.batch_size" };
        QTest::newRow("nesterov without momentum")
            << minimal(R"("optimizer": {"kind": "sgd", "nesterov": true})")
            << QStringList { "optimizer.nesterov needs optimizer.momentum > 0" };
        QTest::newRow("init") << minimal(R"("init": {"kind": "file"})")
                              << QStringList { "init.path is missing" };
        QTest::newRow("init path on default")
            << minimal(R"("init": {"kind": "zeros", "path": "w.json"})")
            << QStringList { "init.path applies only to init kind \"file\"" };
        QTest::newRow("runs") << minimal(
            R"("runs": [{"name": "a"}, {"name": "a"}, "fp", {"name": ""}, {"quantizer": 4}])")
                              << QStringList { "runs.1.name \"a\" is already the name of runs.0",
                                     "runs.2 must be an object", "runs.3.name must not be empty",
                                     "runs.4.quantizer must be an object" };
        QTest::newRow("no runs") << minimal(R"("runs": [])")
                                 << QStringList { "runs must list at least one run" };
        // NUL, ESC, line break, BEL (plain literals: moc misreads raw strings with \u)
        QTest::newRow("control characters in names")
            << minimal("\"runs\": [{\"name\": \"a\\u0000b\"}, {\"name\": \"\\u001b[31mred\"}, "
                       "{\"name\": \"x\\ny\"}]")
            << QStringList {
                   "runs.0.name \"a\\u0000b\" holds a NUL byte (U+0000); names must be plain text",
                   "runs.1.name \"\\u001b[31mred\" holds an escape character (U+001B)",
                   "runs.2.name \"x\\ny\" holds a line break (U+000A)"
               };
        QTest::newRow("control character in the target name")
            << minimal("\"dataset\": {\"source\": \"builtin:moons\", \"target\": \"y\\u0007\"}")
            << QStringList { "dataset.target \"y\\u0007\" holds control character U+0007" };
        QTest::newRow("ste_clip without ste")
            << minimal(R"("runs": [{"quantizer": {"scheme": "fixed", "ste_clip": true}}])")
            << QStringList { "runs.0.quantizer.ste_clip applies only to mode \"ste\"" };
        QTest::newRow("hidden sizes")
            << minimal(R"("model": {"kind": "mlp", "hidden": [8, 0, 2.5]})")
            << QStringList { "model.hidden.1 must be an integer in [1, 4096], got 0",
                   "model.hidden.2 must be an integer, got 2.5" };
        QTest::newRow("betas") << minimal(R"("optimizer": {"kind": "adam", "betas": [0.9]})")
                               << QStringList { "optimizer.betas must be an array of two numbers" };
        QTest::newRow("schedule")
            << minimal(
                   R"("optimizer": {"schedule": {"kind": "cosine", "gamma": 0.5, "t_max": -1}})")
            << QStringList {
                   "optimizer.schedule.t_max must be an integer in [0, 2147483647], got -1",
                   "optimizer.schedule.gamma is not used by schedule kind \"cosine\""
               };
        QTest::newRow("image shape on a built-in dataset")
            << minimal(R"("dataset": {"source": "builtin:digits", "image_shape": [8, 8]})")
            << QStringList {
                   "dataset.image_shape applies only to a CSV file, not to builtin:digits"
               };
        QTest::newRow("image shape not a pair")
            << QByteArray(R"({"format": "bitlab.experiment", "version": 1,
                  "dataset": {"source": "x.csv", "image_shape": [784]}, "model": {"kind": "softmax"}})")
            << QStringList { "dataset.image_shape must be [rows, cols], the pixels of each row's "
                             "image like [28, 28], got [784]" };
        QTest::newRow("image shape sizes")
            << QByteArray(R"({"format": "bitlab.experiment", "version": 1,
                  "dataset": {"source": "x.csv", "image_shape": [0, 2.5]}, "model": {"kind": "softmax"}})")
            << QStringList { "dataset.image_shape.0 must be an integer in [1, 4096], got 0",
                   "dataset.image_shape.1 must be an integer, got 2.5" };
        QTest::newRow("activation bits on a linear model") << QByteArray(
            R"({"format": "bitlab.experiment", "version": 1, "dataset": {"source": "builtin:moons"},
                  "model": {"kind": "logistic"}, "runs": [{"quantizer": {"scheme": "affine", "activation_bits": 4}}]})")
                                                           << QStringList {
                                                                  "runs.0.quantizer.activation_"
                                                                  "bits applies only to models "
                                                                  "with hidden layers (mlp)"
                                                              };
    }
    void errors()
    {
        QFETCH(QByteArray, json);
        QFETCH(QStringList, expected);
        const QString message = problemsOf(json);
        QVERIFY2(!message.isEmpty(), "no error");
        for (const auto& fragment : expected)
            QVERIFY2(message.contains(fragment),
                qPrintable(QStringLiteral("missing \"%1\" in:\n%2").arg(fragment, message)));
        // One problem per line, each naming the file.
        for (const auto& line : message.split('\n'))
            QVERIFY2(line.startsWith("exp.json"), qPrintable(line));
    }

    void severalProblemsAreSeveralLines()
    {
        const QString message = problemsOf(minimal(
            R"("optimizer": {"kind": "sgd", "lr": -1, "lrr": 0.1}, "training": {"epochs": 1.5})"));
        QCOMPARE(message.split('\n').size(), 3);
    }

    void duplicateKeysLastWins()
    {
        const ExperimentSpec spec
            = parseExperiment(minimal(R"("optimizer": {"kind": "sgd", "lr": -1, "lr": 0.25})"), "");
        QCOMPARE(spec.optimizer.lr, 0.25);
        QVERIFY(!problemsOf(minimal(R"("optimizer": {"kind": "sgd", "lr": 0.25, "lr": -1})"))
                     .isEmpty());
    }

    void shorthands()
    {
        const ExperimentSpec spec = parseExperiment(
            minimal(R"("init": "zeros", "optimizer": {"schedule": "cosine"})"), "");
        QCOMPARE(spec.init.kind, std::string("zeros"));
        QCOMPARE(spec.optimizer.schedule.kind, std::string("cosine"));
    }

    void roundTrip_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("design example") << QByteArray(kDesignExample);
        QTest::newRow("everything set")
            << QByteArray(R"({"format": "bitlab.experiment", "version": 1,
                "dataset": {"source": "builtin:blobs", "task": "multiclass", "standardize": true,
                            "test_fraction": 0.25, "shuffle": false, "samples": 300, "noise": 0.1,
                            "seed": 9007199254740993, "classes": 3, "features": 2},
                "model": {"kind": "mlp", "hidden": [16, 8], "activation": "tanh", "bias": false},
                "loss": "cross_entropy",
                "optimizer": {"kind": "adamw", "lr": 0.003, "betas": [0.8, 0.99], "eps": 1e-7,
                              "weight_decay": 0.01, "batch_size": 32,
                              "schedule": {"kind": "cosine", "t_max": 50, "eta_min": 1e-5}},
                "training": {"epochs": 60, "seed": 7, "record_every": 3, "eval_every": 0},
                "init": {"kind": "file", "path": "w eights/é.json"},
                "runs": [{"name": "fp"},
                         {"name": "=sym4", "quantizer": {"scheme": "symmetric", "bits": 4, "narrow_range": false,
                           "rounding": "stochastic", "mode": "ste", "granularity": "per_channel",
                           "quantize_bias": false, "ste_clip": true, "activation_bits": 6}},
                         {"name": "aff", "quantizer": {"scheme": "affine", "bits": 3, "mode": "ptq"}},
                         {"name": "p2", "quantizer": {"scheme": "pow2", "bits": 5}},
                         {"name": "bin", "quantizer": {"scheme": "binary"}},
                         {"name": "ter", "quantizer": {"scheme": "ternary"}},
                         {"name": "fx", "quantizer": {"scheme": "fixed", "bits": 6, "frac_bits": -2}}]})");
        QTest::newRow("image CSV") << QByteArray(R"({"format": "bitlab.experiment", "version": 1,
                "dataset": {"source": "mnist.csv", "target": "label", "image_shape": [28, 28]},
                "model": {"kind": "softmax"}})");
        QTest::newRow("step schedule, rmsprop")
            << minimal(R"("optimizer": {"kind": "rmsprop", "lr": 0.1, "alpha": 0.9, "momentum": 0.5,
                           "schedule": {"kind": "step", "step_size": 7, "gamma": 0.5}},
                          "dataset": {"source": "builtin:moons", "noise": 0.3000000000000001, "samples": 50,
                                      "seed": 5})");
    }
    void roundTrip()
    {
        QFETCH(QByteArray, json);
        const ExperimentSpec first = parseExperiment(json, "/base");
        const QByteArray text = experimentToBytes(first);
        const ExperimentSpec second = parseExperiment(text, "/base");
        compareSpecs(first, second);
        QCOMPARE(experimentToBytes(second), text); // a fixed point
        // Every key is written (defaults filled in).
        const QJsonObject o = experimentToJson(first);
        for (const char* key : { "format", "version", "dataset", "model", "loss", "optimizer",
                 "training", "init", "runs" })
            QVERIFY2(o.contains(key), key);
        for (const char* key : { "kind", "lr", "momentum", "nesterov", "betas", "eps", "alpha",
                 "weight_decay", "batch_size", "schedule" })
            QVERIFY2(o["optimizer"].toObject().contains(key), key);
        QVERIFY(
            text.startsWith("{\n    \"format\": \"bitlab.experiment\",\n    \"version\": 1,\n"));
    }

    // dataset.image_shape is read into the spec and written back; left out, it stays out.
    void imageShapeIsReadAndWritten()
    {
        const ExperimentSpec spec = parseExperiment(
            R"({"format": "bitlab.experiment", "version": 1, "model": {"kind": "softmax"},
                "dataset": {"source": "mnist.csv", "image_shape": [28, 27]}})",
            "");
        QCOMPARE(spec.dataset.imageRows, 28);
        QCOMPARE(spec.dataset.imageCols, 27);
        QCOMPARE(experimentToJson(spec)["dataset"].toObject()["image_shape"].toArray(),
            QJsonArray({ 28, 27 }));
        const ExperimentSpec plain = parseExperiment(minimal(""), "");
        QCOMPARE(plain.dataset.imageRows, 0);
        QVERIFY(!experimentToJson(plain)["dataset"].toObject().contains("image_shape"));
    }

    void builtinDefaultsAreWritten()
    {
        const ExperimentSpec spec = parseExperiment(minimal(""), "");
        const QJsonObject dataset = experimentToJson(spec)["dataset"].toObject();
        QVERIFY(dataset.contains("samples"));
        QVERIFY(dataset.contains("noise"));
        QVERIFY(dataset.contains("seed"));
        QVERIFY(!dataset.contains("classes")); // moons does not use it
        QVERIFY(parseExperiment(experimentToBytes(spec), "").dataset.samples.has_value());
    }

    void pathsRelativeToTheSavedFile()
    {
        ExperimentSpec spec = parseExperiment(
            R"({"format": "bitlab.experiment", "version": 1, "dataset": {"source": "data/d.csv"},
                "model": {"kind": "linear"}, "init": {"kind": "file", "path": "w.json"}})",
            "/home/u/exp");
        const QJsonObject o = experimentToJson(spec, "/home/u/exp/out");
        QCOMPARE(o["dataset"].toObject()["source"].toString(), QString("../data/d.csv"));
        QCOMPARE(o["init"].toObject()["path"].toString(), QString("../w.json"));
        QCOMPARE(experimentToJson(spec)["dataset"].toObject()["source"].toString(),
            QString("data/d.csv"));
    }

    void readAndWriteFiles()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QString::fromUtf8("exp \xc3\xa9t\xc3\xa9"));
        QVERIFY(QDir().mkpath(folder));
        const QString path = folder + "/exp.json";
        writeFileAtomically(path, kDesignExample);
        const ExperimentSpec spec = readExperiment(path, { "optimizer.lr=0.5" });
        QCOMPARE(spec.optimizer.lr, 0.5);
        QCOMPARE(QString::fromStdString(spec.baseDir), folder);
        writeExperiment(folder + "/saved.json", spec);
        compareSpecs(readExperiment(folder + "/saved.json"), spec);
        const QString message = errorOf([&] { readExperiment(folder + "/missing.json"); });
        QVERIFY2(message.contains("missing.json': no such file"), qPrintable(message));
        // A problem names the file it is in.
        writeFileAtomically(path, minimal(R"("loss": 3)"));
        QVERIFY(errorOf([&] { readExperiment(path); }).startsWith(path + ": loss must be one of"));
    }

    void sets_data()
    {
        QTest::addColumn<QString>("set");
        QTest::addColumn<QString>("path"); // where to read the result in the object
        QTest::addColumn<QString>("value"); // its compact JSON

        QTest::newRow("number") << "optimizer.lr=0.01"
                                << "optimizer.lr"
                                << "0.01";
        QTest::newRow("new section") << "training.epochs=5"
                                     << "training.epochs"
                                     << "5";
        QTest::newRow("text key verbatim") << "optimizer.kind=adam"
                                           << "optimizer.kind"
                                           << "\"adam\"";
        QTest::newRow("digits stay text") << "dataset.target=2"
                                          << "dataset.target"
                                          << "\"2\"";
        QTest::newRow("array index") << "runs.1.quantizer.bits=4"
                                     << "runs.1.quantizer.bits"
                                     << "4";
        QTest::newRow("append a run") << "runs.2.quantizer.scheme=binary"
                                      << "runs.2.quantizer.scheme"
                                      << "\"binary\"";
        QTest::newRow("array value") << "model.hidden=[32, 16]"
                                     << "model.hidden"
                                     << "[32, 16]";
        QTest::newRow("array element") << "optimizer.betas.1=0.9"
                                       << "optimizer.betas.1"
                                       << "0.9";
        QTest::newRow("boolean") << "dataset.shuffle=false"
                                 << "dataset.shuffle"
                                 << "false";
        QTest::newRow("expand init shorthand") << "init.path=w.json"
                                               << "init.path"
                                               << "\"w.json\"";
        QTest::newRow("quoted text") << "runs.0.name=\"a=b\""
                                     << "runs.0.name"
                                     << "\"a=b\"";
        QTest::newRow("value with =") << "runs.0.name=a=b"
                                      << "runs.0.name"
                                      << "\"a=b\"";
    }
    void sets()
    {
        QFETCH(QString, set);
        QFETCH(QString, path);
        QFETCH(QString, value);
        QJsonObject root = toQJson(parseJson(kDesignExample, "x")).toObject();
        root["init"] = "default";
        applySet(root, set);
        QJsonValue v = root;
        for (const auto& segment : path.split('.')) {
            bool isIndex = false;
            const int i = segment.toInt(&isIndex);
            v = isIndex ? v.toArray().at(i) : v.toObject().value(segment);
        }
        QCOMPARE(QString::fromUtf8(writeJson(v)).trimmed(), value);
    }

    void setErrors_data()
    {
        QTest::addColumn<QString>("set");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unknown key")
            << "optimizer.lrr=1"
            << "--set optimizer.lrr=1: unknown key optimizer.lrr (did you mean 'lr'?)";
        QTest::newRow("unknown section") << "optimiser.lr=1"
                                         << "unknown key optimiser (did you mean 'optimizer'?)";
        QTest::newRow("no =") << "optimizer.lr"
                              << "expected KEY=VALUE";
        QTest::newRow("index too far") << "runs.5.name=x"
                                       << "runs has 2 entries, so index 5 is out of range";
        QTest::newRow("not an index") << "runs.first.name=x"
                                      << "runs is an array";
        QTest::newRow("through a value") << "loss.kind=mse"
                                         << "loss is a value, it has no key 'kind'";
        QTest::newRow("empty part") << "optimizer..lr=1"
                                    << "has an empty part";
        QTest::newRow("bad JSON value") << "model.hidden=[1,"
                                        << "--set value:1:4";
    }
    void setErrors()
    {
        QFETCH(QString, set);
        QFETCH(QString, expected);
        QJsonObject root = toQJson(parseJson(kDesignExample, "x")).toObject();
        const QString message = errorOf([&] { applySet(root, set); });
        QVERIFY2(message.contains(expected), qPrintable(message));
    }

    // null removes a key (back to its default): a quantizer (full precision), or a key the
    // scheme set next does not read.
    void setNullRemovesKey()
    {
        QJsonObject root = toQJson(parseJson(kDesignExample, "x")).toObject();
        applySet(root, "runs.1.quantizer=null");
        QVERIFY(!root["runs"].toArray().at(1).toObject().contains("quantizer"));
        QVERIFY(
            !parseExperiment(kDesignExample, "", { "runs.1.quantizer=null" }).runs.at(1).quantizer);
        // The fixed-point run becomes symmetric: frac_bits, which only fixed reads, must go.
        const QString refused = problemsOf(kDesignExample, { "runs.1.quantizer.scheme=symmetric" });
        QVERIFY2(refused.contains("runs.1.quantizer.frac_bits is not used by scheme"),
            qPrintable(refused));
        const ExperimentSpec spec = parseExperiment(kDesignExample, "",
            { "runs.1.quantizer.scheme=symmetric", "runs.1.quantizer.frac_bits=null" });
        QCOMPARE(spec.runs.at(1).quantizer->scheme, std::string("symmetric"));
    }

    // A tensor's name under per_tensor keeps its dots: layers.0.weight is one key.
    void setPerTensor()
    {
        const QByteArray text = minimal(R"("runs": [{"name": "q", "quantizer":
            {"scheme": "symmetric", "bits": 8, "mode": "ste"}}])");
        QJsonObject root = toQJson(parseJson(text, "x")).toObject();
        applySet(root, "runs.0.per_tensor.layers.0.weight.bits=3");
        applySet(root, "runs.0.per_tensor.layers.0.activation={\"bits\": 4}");
        const QJsonObject perTensor
            = root["runs"].toArray().at(0).toObject().value("per_tensor").toObject();
        QCOMPARE(perTensor.value("layers.0.weight").toObject().value("bits").toInt(), 3);
        QCOMPARE(perTensor.value("layers.0.activation").toObject().value("bits").toInt(), 4);
        const ExperimentSpec spec = parseExperiment(text, "",
            { "runs.0.per_tensor.layers.0.weight.bits=3", "runs.0.per_tensor.bias=null" });
        QCOMPARE(spec.runs.at(0).perTensor.size(), size_t(1));
        QCOMPARE(spec.runs.at(0).perTensor.at(0).tensor, std::string("layers.0.weight"));
        QCOMPARE(spec.runs.at(0).perTensor.at(0).spec.bits, 3);
        // An entry's keys are a quantizer's, checked with a suggestion.
        const QString message
            = errorOf([&] { applySet(root, "runs.0.per_tensor.layers.0.weight.bitz=3"); });
        QVERIFY2(message.contains("unknown key runs.0.per_tensor.layers.0.weight.bitz (did you "
                                  "mean 'bits'?)"),
            qPrintable(message));
    }

    void setsAreValidated()
    {
        const QString message
            = problemsOf(kDesignExample, { "optimizer.lr=-3", "training.epochs=2.5" });
        QVERIFY2(
            message.contains("optimizer.lr must be a number > 0, got -3"), qPrintable(message));
        QVERIFY2(
            message.contains("training.epochs must be an integer, got 2.5"), qPrintable(message));
        const ExperimentSpec spec = parseExperiment(
            kDesignExample, "", { "runs.1.quantizer.bits=4", "runs.2.name=extra" });
        QCOMPARE(spec.runs.at(1).quantizer->bits, 4);
        QCOMPARE(spec.runs.size(), size_t(3));
        QCOMPARE(spec.runs.at(2).name, std::string("extra"));
    }
};

QTEST_APPLESS_MAIN(TestExperimentJson)
#include "tst_experiment_json.moc"
