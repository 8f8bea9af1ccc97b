// The GUI and the CLI accept and refuse exactly the same experiments: each spec of the
// table goes through the experiment panel (setSpec, then problem() and what spec() gives
// back) and through the file and the engine (experimentToJson -> experimentFromJson ->
// Experiment on the loaded data), and the verdicts must agree. The panel accepts a spec
// only when it shows no problem and gives it back unchanged (a field that clamps a value
// changes the experiment silently).

#include "core/common/error.h"
#include "core/data/generators.h"
#include "core/engine/experiment.h"
#include "core/engine/presets.h"
#include "core/io/experiment_json.h"
#include "core/optim/optimizer.h"
#include "ui/widgets/experiment_panel.h"

#include <QtTest>
#include <functional>

using namespace bitlab;
using namespace bitlab::ui;

Q_DECLARE_METATYPE(std::function<void(bitlab::ExperimentSpec&)>)

namespace {
using Edit = std::function<void(ExperimentSpec&)>;

ExperimentSpec baseSpec()
{
    ExperimentSpec spec = findPreset("seed")->spec;
    spec.training.epochs = 3;
    return spec;
}

// The CLI's verdict: the file reader, then the engine on the data. "" when it runs.
QString cliProblem(const ExperimentSpec& spec)
{
    try {
        const ExperimentSpec read = io::experimentFromJson(io::experimentToJson(spec), {});
        Experiment experiment(read, loadDataset(read.dataset, read.baseDir));
        return {};
    } catch (const Error& e) {
        return QString::fromUtf8(e.what());
    }
}

// The GUI's verdict: the panel's problem, or a difference between what it was given and
// what it gives back. "" when Run would start exactly this experiment.
QString guiProblem(const ExperimentSpec& spec)
{
    ExperimentPanel panel;
    panel.setSpec(spec);
    if (const QString p = panel.problem(); !p.isEmpty())
        return p;
    const QByteArray given = io::experimentToBytes(spec);
    const QByteArray shown = io::experimentToBytes(panel.spec());
    if (given != shown)
        return QStringLiteral("the panel changed the experiment:\n%1\nbecame\n%2")
            .arg(QString::fromUtf8(given), QString::fromUtf8(shown));
    return {};
}
} // namespace

class TestPanelValidation : public QObject {
    Q_OBJECT
private slots:
    void sameVerdict_data();
    void sameVerdict();
};

void TestPanelValidation::sameVerdict_data()
{
    QTest::addColumn<Edit>("edit");
    QTest::addColumn<bool>("runs");
    auto row = [](const char* name, bool runs, Edit edit) { QTest::newRow(name) << edit << runs; };
    row("the seed preset", true, [](ExperimentSpec&) {});
    // The GUI once refused this learning rate that the CLI runs.
    row("lr 1e300", true, [](ExperimentSpec& s) { s.optimizer.lr = 1e300; });
    row("lr 0", false, [](ExperimentSpec& s) { s.optimizer.lr = 0; });
    row("lr -1", false, [](ExperimentSpec& s) { s.optimizer.lr = -1; });
    row("lr with 17 digits", true, [](ExperimentSpec& s) { s.optimizer.lr = 0.12345678901234568; });
    row("momentum just below 1", true,
        [](ExperimentSpec& s) { s.optimizer.momentum = 0.999999999; });
    row("momentum 1", false, [](ExperimentSpec& s) { s.optimizer.momentum = 1; });
    row("weight decay 5000", true, [](ExperimentSpec& s) { s.optimizer.weightDecay = 5000; });
    row("adam beta2 0.9999999999", true, [](ExperimentSpec& s) {
        s.optimizer = findOptimizer("adam")->defaults;
        s.optimizer.beta2 = 0.9999999999;
    });
    row("adam eps 1e-300", true, [](ExperimentSpec& s) {
        s.optimizer = findOptimizer("adam")->defaults;
        s.optimizer.eps = 1e-300;
    });
    row("step schedule gamma 2", true, [](ExperimentSpec& s) {
        s.optimizer.schedule.kind = "step";
        s.optimizer.schedule.gamma = 2;
    });
    row("cosine eta_min 1e7", true, [](ExperimentSpec& s) {
        s.optimizer.schedule.kind = "cosine";
        s.optimizer.schedule.etaMin = 1e7;
    });
    row("nesterov without momentum", false, [](ExperimentSpec& s) { s.optimizer.nesterov = true; });
    row("sgd batch 16", true, [](ExperimentSpec& s) {
        s.optimizer = findOptimizer("sgd")->defaults;
        s.optimizer.batchSize = 16;
    });
    row("sgd batch above the rows", false, [](ExperimentSpec& s) {
        s.optimizer = findOptimizer("sgd")->defaults;
        s.optimizer.batchSize = 1000;
    });
    row("gd with a batch", false, [](ExperimentSpec& s) { s.optimizer.batchSize = 16; });
    row("test fraction 0.95", true, [](ExperimentSpec& s) { s.dataset.testFraction = 0.95; });
    row("epochs 200000000", true, [](ExperimentSpec& s) { s.training.epochs = 200'000'000; });
    row("epochs 0", false, [](ExperimentSpec& s) { s.training.epochs = 0; });
    row("seed 2^40", true, [](ExperimentSpec& s) { s.training.seed = 1ULL << 40; });
    row("record every 0", false, [](ExperimentSpec& s) { s.training.recordEvery = 0; });
    row("noise 200", true, [](ExperimentSpec& s) { s.dataset.noise = 200; });
    row("blobs with 60 classes", true, [](ExperimentSpec& s) {
        s.dataset = DatasetSpec {};
        s.dataset.source = "builtin:blobs";
        s.dataset.classes = 60;
        s.model.kind = "softmax";
        s.loss = "cross_entropy";
    });
    row("linear data with 2000 features", true, [](ExperimentSpec& s) {
        s.dataset = DatasetSpec {};
        s.dataset.source = "builtin:linear";
        s.dataset.features = 2000;
    });
    row("symmetric 1 bit, full range", true, [](ExperimentSpec& s) {
        QuantizerSpec q = findQuantizer("symmetric")->defaults;
        q.bits = 1;
        q.narrowRange = false;
        s.runs.push_back({ "sym1", q });
    });
    row("symmetric 1 bit, narrow range", false, [](ExperimentSpec& s) {
        QuantizerSpec q = findQuantizer("symmetric")->defaults;
        q.bits = 1;
        s.runs.push_back({ "sym1", q });
    });
    row("activation bits on a linear model", false, [](ExperimentSpec& s) {
        QuantizerSpec q = findQuantizer("affine")->defaults;
        q.activationBits = 4;
        s.runs.push_back({ "a4", q });
    });
    row("mlp on regression", true, [](ExperimentSpec& s) {
        s.model.kind = "mlp";
        s.model.hidden = { 8 };
    });
    row("logistic on regression data", false, [](ExperimentSpec& s) {
        s.model.kind = "logistic";
        s.loss = "bce";
    });
}

void TestPanelValidation::sameVerdict()
{
    QFETCH(Edit, edit);
    QFETCH(bool, runs);
    ExperimentSpec spec = baseSpec();
    edit(spec);
    const QString cli = cliProblem(spec);
    const QString gui = guiProblem(spec);
    QVERIFY2(cli.isEmpty() == runs, qPrintable(QStringLiteral("CLI: ") + cli));
    QVERIFY2(gui.isEmpty() == runs, qPrintable(QStringLiteral("GUI: ") + gui));
}

QTEST_MAIN(TestPanelValidation)
#include "tst_panel_validation.moc"
