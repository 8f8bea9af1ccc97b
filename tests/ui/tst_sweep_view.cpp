// The Sweep tab end to end on the offscreen platform: the real "Run sweep" button sweeps
// the panel's experiment, the chart's series hold bits x the final metric, and each point
// is bit for bit what a one-run engine experiment of that configuration gives; Cancel
// stops mid-sweep; the CSV is bitlab-cli's sweep.csv byte for byte; PNG and SVG read back.

#include "common/image_support.h"
#include "core/engine/experiment.h"
#include "core/io/experiment_factory.h"
#include "core/quant/quantizer.h"
#include "ui/charts/sweep_chart.h"
#include "ui/main_window.h"
#include "ui/run_palette.h"
#include "ui/views/sweep_view.h"
#include "ui/widgets/experiment_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QImage>
#include <QLineEdit>
#include <QMenu>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtCharts/QAbstractAxis>
#include <QtCharts/QChartView>
#include <QtTest>
#include <algorithm>
#include <cmath>

using namespace bitlab;
using namespace bitlab::ui;

using bitlab::test::countColor;

namespace {

SweepView* sweepView(MainWindow& w)
{
    auto* view = w.findChild<SweepView*>();
    if (view)
        w.selectView(QStringLiteral("sweep"));
    return view;
}

template <typename T> T* widget(QWidget* parent, const QString& name)
{
    return parent->findChild<T*>(name);
}

// Chooses bits [from, to] and exactly `schemes` with the view's own widgets.
void choose(SweepView* view, int from, int to, const QStringList& schemes)
{
    widget<QSpinBox>(view, QStringLiteral("sweepBitsTo"))->setValue(16);
    widget<QSpinBox>(view, QStringLiteral("sweepBitsFrom"))->setValue(from);
    widget<QSpinBox>(view, QStringLiteral("sweepBitsTo"))->setValue(to);
    for (const std::string& name : quantizerNames()) {
        auto* box = widget<QCheckBox>(
            view, QStringLiteral("sweepScheme_") + QString::fromStdString(name));
        QVERIFY(box);
        if (box->isChecked() != schemes.contains(QString::fromStdString(name)))
            box->click();
    }
}

void clickRun(SweepView* view)
{
    auto* run = widget<QPushButton>(view, QStringLiteral("runSweepButton"));
    QVERIFY(run);
    QVERIFY(run->isEnabled());
    QTest::mouseClick(run, Qt::LeftButton);
}

// The final metric of a one-run experiment: `base` with only `quantizer` (or fp64).
double engineValue(
    ExperimentSpec spec, const std::optional<QuantizerSpec>& quantizer, bool accuracy)
{
    spec.runs = { RunSpec { "one", quantizer } };
    std::unique_ptr<Experiment> e = io::makeExperiment(spec);
    Observer none;
    e->run(none);
    const RunSummary s = e->summary(0);
    const bool test = e->dataset().xTest.rows() > 0;
    if (accuracy)
        return test ? s.last.testAccuracy : s.last.trainAccuracy;
    return test ? s.last.testLoss : s.last.trainLoss;
}

// The first quantized run of spec, with another scheme (scheme-specific settings from the
// new scheme's defaults, docs/cli.md "sweep") and bits.
QuantizerSpec configuration(const ExperimentSpec& spec, const std::string& scheme, int bits)
{
    QuantizerSpec q;
    for (const RunSpec& r : spec.runs)
        if (r.quantizer) {
            q = *r.quantizer;
            break;
        }
    if (q.scheme != scheme) {
        q.scheme = scheme;
        q.fracBits = findQuantizer(scheme)->defaults.fracBits;
        q.narrowRange = findQuantizer(scheme)->defaults.narrowRange;
    }
    q.bits = bits;
    return q;
}

} // namespace

class TestSweepView : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void pointsAreEngineRuns_data();
    void pointsAreEngineRuns();
    void cancelMidSweep();
    void exportsReadBack();
    void selectsViewByKey();
    void seedsDrawABand();
    void varyKeyOnX();
    void refusedValueSaysWhy();
    void lessonTwoOpensWithSeeds();
    void seedSaysWhyOneBitIsExact();
    void failuresAtOneBitWidthAllShow();
    void formatsAtTheirBits();

private:
    QTemporaryDir m_tmp;
};

void TestSweepView::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("BitLabTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_sweep_view"));
    QVERIFY(m_tmp.isValid());
}

void TestSweepView::init()
{
    QTest::failOnWarning(QRegularExpression(
        QStringLiteral("^(?!This plugin does not support propagateSizeHints).*")));
}

void TestSweepView::pointsAreEngineRuns_data()
{
    QTest::addColumn<QString>("preset");
    QTest::addColumn<bool>("accuracy");
    QTest::addColumn<QString>("yTitle");
    QTest::newRow("seed: no test split, train loss")
        << "seed" << false << "final train loss (no test split)";
    QTest::newRow("logistic: test loss") << "logistic" << false << "final test loss";
    QTest::newRow("logistic: test accuracy") << "logistic" << true << "final test accuracy";
}

void TestSweepView::pointsAreEngineRuns()
{
    QFETCH(QString, preset);
    QFETCH(bool, accuracy);
    QFETCH(QString, yTitle);
    MainWindow w;
    w.resize(1400, 900);
    w.show();
    QVERIFY(w.openPreset(preset));
    SweepView* view = sweepView(w);
    QVERIFY(view);
    choose(view, 2, 4, { "fixed", "symmetric" });
    QSignalSpy done(view, &SweepView::sweepFinished);
    clickRun(view);
    QVERIFY(view->isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 120000);
    QVERIFY(!view->isRunning());
    QCOMPARE(view->results().size(), std::size_t(1 + 3 + 3));
    if (accuracy) {
        auto* metric = widget<QComboBox>(view, QStringLiteral("sweepMetric"));
        metric->setCurrentIndex(1);
    }
    const SweepChart* chart = view->chart();
    QCOMPARE(chart->yAxisTitle(), yTitle);
    QVERIFY2(chart->seriesNames().contains(QStringLiteral("fixed")),
        qPrintable(chart->seriesNames().join(',')));
    QVERIFY(chart->seriesNames().contains(QStringLiteral("symmetric")));
    QVERIFY(chart->seriesNames().contains(SweepChart::seriesName("fp64")));

    // Every scheme's line: x = 2, 3, 4 and y = the metric of that configuration.
    const ExperimentSpec spec = w.panel()->spec();
    for (const char* scheme : { "fixed", "symmetric" }) {
        const QList<QPointF> points = chart->seriesPoints(QString::fromLatin1(scheme));
        QCOMPARE(points.size(), 3);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(points[i].x(), 2.0 + i);
        // One point against an engine run of that configuration alone, bit for bit.
        const double expected = engineValue(spec, configuration(spec, scheme, 3), accuracy);
        QVERIFY2(points[1].y() == expected,
            qPrintable(QStringLiteral("%1 at 3 bits: chart %2, engine %3")
                           .arg(QLatin1String(scheme))
                           .arg(points[1].y(), 0, 'g', 17)
                           .arg(expected, 0, 'g', 17)));
    }
    // Full precision: a horizontal line at the fp64 run's value.
    const QList<QPointF> fp = chart->seriesPoints(SweepChart::seriesName("fp64"));
    QCOMPARE(fp.size(), 2);
    QCOMPARE(fp[0].y(), fp[1].y());
    QVERIFY(fp[0].x() < 2.0 && fp[1].x() > 4.0);
    QVERIFY(fp[0].y() == engineValue(spec, std::nullopt, accuracy));
    QVERIFY(chart->failedPoints().isEmpty());
}

void TestSweepView::cancelMidSweep()
{
    MainWindow w;
    w.show();
    QVERIFY(w.openPreset(QStringLiteral("moons")));
    SweepView* view = sweepView(w);
    choose(view, 1, 8, { "fixed", "symmetric", "affine", "pow2" });
    QSignalSpy done(view, &SweepView::sweepFinished);
    clickRun(view);
    // Wait for a configuration to finish training (the invalid ones, symmetric and pow2 at
    // one bit, end at once), then cancel with the real button.
    const auto finishedSoFar = [view] {
        int n = 0;
        for (const SweepResult& r : view->results())
            n += r.finished() ? 1 : 0;
        return n;
    };
    QTRY_VERIFY_WITH_TIMEOUT(finishedSoFar() >= 1, 120000);
    QVERIFY(view->isRunning());
    auto* cancel = widget<QPushButton>(view, QStringLiteral("cancelSweepButton"));
    QVERIFY(cancel->isEnabled());
    QTest::mouseClick(cancel, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 60000);
    QVERIFY(!view->isRunning());
    QVERIFY2(
        view->statusText().startsWith(QLatin1String("Cancelled")), qPrintable(view->statusText()));
    const std::size_t total = 1 + 4 * 8;
    QCOMPARE(view->results().size(), total);
    int finished = 0, stopped = 0;
    for (const SweepResult& r : view->results()) {
        finished += r.finished() ? 1 : 0;
        stopped += r.status() == "stopped" ? 1 : 0;
    }
    QVERIFY(finished >= 1);
    QVERIFY2(stopped >= 1, "a cancel mid-sweep leaves configurations stopped");
    QVERIFY(widget<QPushButton>(view, QStringLiteral("runSweepButton"))->isEnabled());
    QVERIFY(!cancel->isEnabled());
    // The CSV lists every configuration, the stopped ones as such.
    const QString csv = m_tmp.filePath(QStringLiteral("cancelled.csv"));
    QString error;
    QVERIFY2(view->exportCsv(csv, &error), qPrintable(error));
    QFile f(csv);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QStringList rows = QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(rows.size(), static_cast<int>(total) + 1);
    QCOMPARE(rows.filter(QStringLiteral(",stopped,")).size(), stopped);

    // Closing the window mid-sweep stops it and returns.
    clickRun(view);
    QVERIFY(view->isRunning());
}

void TestSweepView::exportsReadBack()
{
    MainWindow w;
    w.resize(1400, 900);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    SweepView* view = sweepView(w); // the seed preset
    choose(view, 2, 4, { "fixed", "symmetric" });
    QSignalSpy done(view, &SweepView::sweepFinished);
    clickRun(view);
    QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 120000);

    // CSV: bitlab-cli sweep's sweep.csv, byte for byte.
    const QString csv = m_tmp.filePath(QStringLiteral("gui-sweep.csv"));
    QString error;
    QVERIFY2(view->exportCsv(csv, &error), qPrintable(error));
    QFile gui(csv);
    QVERIFY(gui.open(QIODevice::ReadOnly));
    const QByteArray guiBytes = gui.readAll();
    QVERIFY(guiBytes.startsWith(
        "scheme,bits,status,final_train_loss,final_test_loss,final_accuracy\nfp64,,finished,"));
    const QString cli
        = QDir(qEnvironmentVariable("BITLAB_BIN_DIR")).filePath(QStringLiteral("bitlab-cli"));
    if (QFileInfo::exists(cli)) {
        const QString out = m_tmp.filePath(QStringLiteral("cli-sweep"));
        QProcess p;
        p.start(cli,
            { "sweep", "--preset", "seed", "--bits", "2-4", "--schemes", "fixed,symmetric", "--out",
                out, "--quiet" });
        QVERIFY(p.waitForFinished(120000));
        QCOMPARE(p.exitCode(), 0);
        QFile f(QDir(out).filePath(QStringLiteral("sweep.csv")));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(guiBytes, f.readAll());
    } else {
        qInfo("bitlab-cli not built: the byte comparison with the CLI is skipped");
    }

    // PNG at twice the chart's size, with the fixed line's colour in it.
    const QString png = m_tmp.filePath(QStringLiteral("sweep.png"));
    QVERIFY2(view->exportChart(0, png, &error), qPrintable(error));
    QImage image(png);
    QVERIFY(!image.isNull());
    QVERIFY2(image.width() >= 2 * 640 && image.height() >= 2 * 400,
        qPrintable(QStringLiteral("%1x%2").arg(image.width()).arg(image.height())));
    QVERIFY(countColor(image, 0x0072B2, 12) > 200); // the fixed scheme's line and markers
    QVERIFY(countColor(image, 0x333333, 12) > 50); // the dashed full-precision line

    // SVG: vectors with the legend and the axis titles.
    const QString svg = m_tmp.filePath(QStringLiteral("sweep.svg"));
    QVERIFY2(view->exportChart(0, svg, &error), qPrintable(error));
    QFile s(svg);
    QVERIFY(s.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(s.readAll());
    QVERIFY(text.contains(QLatin1String("<svg")));
    for (const QString& words : { QStringLiteral("symmetric"), QStringLiteral("fixed"),
             QStringLiteral("final train loss (no test split)"), QStringLiteral("bit-width") })
        QVERIFY2(text.contains(words), qPrintable(words));
    QVERIFY(!view->exportChart(1, svg, &error));
}

void TestSweepView::selectsViewByKey()
{
    MainWindow w;
    QVERIFY(w.viewKeys().contains(QStringLiteral("loss")));
    QVERIFY(w.viewKeys().contains(QStringLiteral("sweep")));
    QVERIFY(w.selectView(QStringLiteral("sweep")));
    QVERIFY(qobject_cast<SweepView*>(w.findChild<QTabWidget*>()->currentWidget()));
    QVERIFY(w.selectView(QStringLiteral("loss")));
    QVERIFY(!qobject_cast<SweepView*>(w.findChild<QTabWidget*>()->currentWidget()));
    QVERIFY(!w.selectView(QStringLiteral("nope")));
}

// Seeds: every marker is the mean over the seeds (sweep.csv's summary row, exactly), with a
// band min-max or +- 1 sd, said on the y axis, and drawn in the exported SVG.
void TestSweepView::seedsDrawABand()
{
    MainWindow w;
    w.resize(1400, 900);
    w.show();
    QVERIFY(w.openPreset(QStringLiteral("logistic")));
    SweepView* view = sweepView(w);
    choose(view, 3, 4, { "symmetric" });
    auto* seeds = widget<QSpinBox>(view, QStringLiteral("sweepSeeds"));
    QVERIFY(seeds);
    seeds->setValue(3);
    QSignalSpy done(view, &SweepView::sweepFinished);
    clickRun(view);
    QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 120000);
    QCOMPARE(view->results().size(), std::size_t((1 + 2) * 3));
    const SweepChart* chart = view->chart();
    QCOMPARE(chart->yAxisTitle(), QStringLiteral("final test loss"));
    const QList<QPointF> mean = chart->seriesPoints(QStringLiteral("symmetric"));
    const QList<QPointF> lower = chart->bandLower(QStringLiteral("symmetric"));
    const QList<QPointF> upper = chart->bandUpper(QStringLiteral("symmetric"));
    QCOMPARE(mean.size(), 2);
    QCOMPARE(lower.size(), 2);
    QCOMPARE(upper.size(), 2);

    // The mean and the band are sweep.csv's summary row: mean, min, max of test loss.
    const QString csv = m_tmp.filePath(QStringLiteral("seeds.csv"));
    QString error;
    QVERIFY2(view->exportCsv(csv, &error), qPrintable(error));
    QFile f(csv);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QStringList rows = QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'));
    QVERIFY(rows[0].startsWith(QLatin1String("scheme,bits,seed,status,")));
    int checked = 0;
    for (const QString& row : rows) {
        const QStringList c = row.split(QLatin1Char(','));
        if (c.size() < 16 || c[0] != QLatin1String("symmetric") || c[2] != QLatin1String("mean"))
            continue;
        const int i = c[1].toInt() - 3;
        QCOMPARE(mean[i].y(), c[5].toDouble());
        QCOMPARE(lower[i].y(), c[12].toDouble());
        QCOMPARE(upper[i].y(), c[15].toDouble());
        QVERIFY(lower[i].y() < upper[i].y()); // the seeds differ (test rows, batch order)
        ++checked;
    }
    QCOMPARE(checked, 2);

    // The band is stated, in the axis title, and drawn in the SVG in the line's colour.
    QString title;
    for (QAbstractAxis* axis : chart->findChild<QChartView*>()->chart()->axes(Qt::Vertical))
        title = axis->titleText();
    QVERIFY2(title.contains(QStringLiteral("mean of 3 seeds, band min–max")), qPrintable(title));
    const QString svg = m_tmp.filePath(QStringLiteral("seeds.svg"));
    QVERIFY2(view->exportChart(0, svg, &error), qPrintable(error));
    QFile s(svg);
    QVERIFY(s.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(s.readAll());
    const std::vector<std::string> names = quantizerNames();
    const QString colour = RunPalette::color(
        static_cast<int>(std::find(names.begin(), names.end(), "symmetric") - names.begin()))
                               .name();
    QVERIFY2(text.contains(QStringLiteral("fill=\"%1\" fill-opacity=\"0.1").arg(colour)),
        qPrintable(colour));
    QVERIFY(text.contains(QStringLiteral("band min–max")));

    // +- 1 sd: symmetric around the mean (on a linear axis; a log axis cuts a band that
    // reaches zero at half the lowest mean).
    auto* log = widget<QCheckBox>(view, QStringLiteral("sweepLog"));
    if (log->isChecked())
        QTest::mouseClick(log, Qt::LeftButton, {}, QPoint(8, log->height() / 2));
    QVERIFY(!chart->logScale());
    auto* band = widget<QComboBox>(view, QStringLiteral("sweepBand"));
    QVERIFY(band->isEnabled());
    band->setCurrentIndex(1);
    const QList<QPointF> sdLower = chart->bandLower(QStringLiteral("symmetric"));
    const QList<QPointF> sdUpper = chart->bandUpper(QStringLiteral("symmetric"));
    QVERIFY(std::abs((sdUpper[0].y() - mean[0].y()) - (mean[0].y() - sdLower[0].y())) < 1e-12);
    QVERIFY(sdUpper[0].y() != upper[0].y());
    for (QAbstractAxis* axis : chart->findChild<QChartView*>()->chart()->axes(Qt::Vertical))
        title = axis->titleText();
    QVERIFY2(title.contains(QStringLiteral("band ± 1 sd")), qPrintable(title));
}

// Vary a key typed into the tab, with the key on x: one line per configuration, each point
// the engine's run of the panel's experiment with that value.
void TestSweepView::varyKeyOnX()
{
    MainWindow w;
    w.resize(1400, 900);
    w.show();
    QVERIFY(w.openPreset(QStringLiteral("logistic")));
    SweepView* view = sweepView(w);
    choose(view, 3, 3, { "symmetric" });
    auto* key = widget<QComboBox>(view, QStringLiteral("sweepVaryKey"));
    auto* values = widget<QLineEdit>(view, QStringLiteral("sweepVaryValues"));
    QVERIFY(key && values);
    QTest::keyClicks(key->lineEdit(), QStringLiteral("optimizer.lr"));
    QTest::keyClicks(values, QStringLiteral("0.05,0.5"));
    auto* x = widget<QComboBox>(view, QStringLiteral("sweepXAxis"));
    QVERIFY(x->isEnabled());
    x->setCurrentIndex(1);
    QSignalSpy done(view, &SweepView::sweepFinished);
    clickRun(view);
    QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 120000);
    QCOMPARE(view->results().size(), std::size_t(2 * 2)); // lr x (fp64, symmetric 3)
    const SweepChart* chart = view->chart();
    QCOMPARE(chart->xAxisTitle(), QStringLiteral("optimizer.lr"));
    QVERIFY2(chart->seriesNames().contains(QStringLiteral("symmetric 3 bits")),
        qPrintable(chart->seriesNames().join(',')));
    const QList<QPointF> points = chart->seriesPoints(QStringLiteral("symmetric 3 bits"));
    QCOMPARE(points.size(), 2);
    QCOMPARE(points[0].x(), 0.05);
    QCOMPARE(points[1].x(), 0.5);
    ExperimentSpec spec = w.panel()->spec();
    spec.optimizer.lr = 0.5;
    QVERIFY(points[1].y() == engineValue(spec, configuration(spec, "symmetric", 3), false));
    QCOMPARE(chart->seriesPoints(SweepChart::seriesName("fp64")).size(), 2); // a line over lr

    // Bits back on x: one line per value of the key.
    x->setCurrentIndex(0);
    QVERIFY2(chart->seriesNames().contains(QStringLiteral("symmetric · lr=0.5")),
        qPrintable(chart->seriesNames().join(',')));
}

void TestSweepView::refusedValueSaysWhy()
{
    MainWindow w;
    w.show();
    QVERIFY(w.openPreset(QStringLiteral("logistic")));
    SweepView* view = sweepView(w);
    choose(view, 3, 3, { "symmetric" });
    QTest::keyClicks(widget<QComboBox>(view, QStringLiteral("sweepVaryKey"))->lineEdit(),
        QStringLiteral("optimizer.lr"));
    QTest::keyClicks(
        widget<QLineEdit>(view, QStringLiteral("sweepVaryValues")), QStringLiteral("0.1,-1"));
    QSignalSpy done(view, &SweepView::sweepFinished);
    clickRun(view);
    QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 120000);
    QVERIFY2(view->statusText().contains(QStringLiteral("optimizer.lr=-1")),
        qPrintable(view->statusText()));
    QVERIFY(view->results().empty());
    // A range going down is refused before anything starts.
    auto* values = widget<QLineEdit>(view, QStringLiteral("sweepVaryValues"));
    values->clear();
    QTest::keyClicks(values, QStringLiteral("8-2"));
    QVERIFY(!view->runSweep());
    QVERIFY2(
        view->statusText().contains(QStringLiteral("goes down")), qPrintable(view->statusText()));
}

// Lesson 2 opens the tab with its sweep: symmetric, 2 to 8 bits, 5 seeds (the band).
void TestSweepView::lessonTwoOpensWithSeeds()
{
    MainWindow w;
    w.show();
    QVERIFY(w.openPreset(QStringLiteral("cliff")));
    SweepView* view = sweepView(w);
    QCOMPARE(widget<QSpinBox>(view, QStringLiteral("sweepSeeds"))->value(), 5);
    QCOMPARE(widget<QSpinBox>(view, QStringLiteral("sweepBitsFrom"))->value(), 2);
    QCOMPARE(widget<QSpinBox>(view, QStringLiteral("sweepBitsTo"))->value(), 8);
    QVERIFY(widget<QCheckBox>(view, QStringLiteral("sweepScheme_symmetric"))->isChecked());
    QVERIFY(!widget<QCheckBox>(view, QStringLiteral("sweepScheme_fixed"))->isChecked());
}

// Issue 16, point 9: the seed's 1-bit binary point equals float64; the status says why
// (one number per tensor, a scale taken from it), so the student does not read a law into it.
void TestSweepView::seedSaysWhyOneBitIsExact()
{
    MainWindow w;
    w.resize(1400, 900);
    w.show();
    QVERIFY(w.openPreset(QStringLiteral("seed")));
    SweepView* view = sweepView(w);
    QVERIFY(view);
    choose(view, 1, 2, { "binary", "fixed" });
    QSignalSpy done(view, &SweepView::sweepFinished);
    clickRun(view);
    QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 120000);
    QVERIFY2(view->statusText().contains(QStringLiteral("holds one number")),
        qPrintable(view->statusText()));
    // An MLP's tensors hold many numbers: no such note.
    QVERIFY(w.openPreset(QStringLiteral("moons")));
    QVERIFY(SweepView::setupNote(w.panel()->spec(), w.panel()->previewDataset()).isEmpty());
}

// Issue 16, point 9: failed points at the same bit width are drawn apart, each visible.
void TestSweepView::failuresAtOneBitWidthAllShow()
{
    MainWindow w;
    w.resize(1400, 900);
    w.show();
    QVERIFY(w.openPreset(QStringLiteral("seed")));
    ExperimentSpec spec = w.panel()->spec();
    spec.optimizer.lr = 50.0; // every run but fixed point (clamped to its range) diverges
    spec.training.epochs = 500;
    w.panel()->setSpec(spec);
    SweepView* view = sweepView(w);
    QVERIFY(view);
    choose(view, 3, 4, { "fixed", "symmetric" });
    QSignalSpy done(view, &SweepView::sweepFinished);
    clickRun(view);
    QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 120000);
    const QList<QPointF> failed = view->chart()->failedPoints();
    bool shared = false; // two failures at one bit width (fp64 is drawn at the first)
    for (int i = 0; i < failed.size(); ++i)
        for (int j = i + 1; j < failed.size(); ++j) {
            shared = shared || failed[i].x() == failed[j].x();
            QVERIFY2(failed[i] != failed[j],
                qPrintable(QStringLiteral("(%1, %2)").arg(failed[i].x()).arg(failed[i].y())));
        }
    QVERIFY2(shared, qPrintable(QString::number(failed.size())));
}

// The Formats menu sweeps chosen float formats and MX elements, each one point at its bits
// per element beside the integer grid's line; choosing one checks its scheme.
void TestSweepView::formatsAtTheirBits()
{
    MainWindow w;
    w.resize(1400, 900);
    w.show();
    QVERIFY(w.openPreset(QStringLiteral("formats")));
    SweepView* view = sweepView(w);
    QVERIFY(view);
    choose(view, 4, 4, { "symmetric" });
    auto* button = widget<QToolButton>(view, QStringLiteral("sweepFormats"));
    QVERIFY(button && button->menu());
    QCOMPARE(button->text(), QStringLiteral("Formats"));
    for (const char* token : { "float:bf16", "float:e4m3", "mx:e2m1" }) {
        auto* action = button->menu()->findChild<QAction*>(
            QStringLiteral("sweepFormat_") + QLatin1String(token));
        QVERIFY2(action, token);
        action->trigger(); // as a click on the menu item
    }
    QCOMPARE(button->text(), QStringLiteral("Formats (3)"));
    QVERIFY(widget<QCheckBox>(view, QStringLiteral("sweepScheme_float"))->isChecked());
    QVERIFY(widget<QCheckBox>(view, QStringLiteral("sweepScheme_mx"))->isChecked());
    QSignalSpy done(view, &SweepView::sweepFinished);
    clickRun(view);
    QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 120000);
    QCOMPARE(view->results().size(), std::size_t(1 + 1 + 3)); // fp64, symmetric 4, formats
    const SweepChart* chart = view->chart();
    const QStringList names = chart->seriesNames();
    for (const QString& name : { QStringLiteral("float:bf16 (16 bits)"),
             QStringLiteral("float:e4m3 (8 bits)"), QStringLiteral("mx:e2m1 (4.25 bits)") })
        QVERIFY2(names.contains(name), qPrintable(names.join(',')));
    const QList<QPointF> mx = chart->seriesPoints(QStringLiteral("mx:e2m1 (4.25 bits)"));
    QCOMPARE(mx.size(), 1);
    QCOMPARE(mx[0].x(), 4.25);
    QVERIFY(chart->failedPoints().isEmpty());
}

QTEST_MAIN(TestSweepView)
#include "tst_sweep_view.moc"
