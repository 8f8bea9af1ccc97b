// Lessons (core/engine/lessons.h): the registry is consistent, every lesson has its texts,
// and every lesson's claim holds when its preset runs through the engine, with margins.
// The presets run exactly as `bitlab-cli run --preset NAME` runs them (docs/lessons.md).

#include "core/data/generators.h"
#include "core/engine/confusion.h"
#include "core/engine/experiment.h"
#include "core/engine/lessons.h"
#include "core/engine/presets.h"
#include "core/engine/record_log.h"

#include <QtTest>
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

using namespace bitlab;

namespace {

// What one run of a preset ended with.
struct Final {
    Scalar trainLoss = kNaN, testLoss = kNaN, testAccuracy = kNaN, quantError = kNaN;
    std::vector<Record> records;
};

struct Outcome {
    std::map<std::string, Final> runs;
    std::vector<WeightSnapshot> snapshots; // per run, at the end
    const Final& operator[](const std::string& run) const
    {
        const auto it = runs.find(run);
        if (it == runs.end())
            qFatal("no run named %s", run.c_str());
        return it->second;
    }
};

Outcome runSpec(const ExperimentSpec& spec)
{
    Experiment exp(spec, loadDataset(spec.dataset, ""));
    RecordLog log;
    exp.run(log);
    Outcome out;
    for (int i = 0; i < exp.runCount(); ++i) {
        const RunSummary s = exp.summary(i);
        if (s.status != RunStatus::Finished)
            qFatal("run %s did not finish: %s", s.name.c_str(), s.message.c_str());
        Final f;
        f.trainLoss = s.last.trainLoss;
        f.testLoss = s.last.testLoss;
        f.testAccuracy = s.last.testAccuracy;
        f.quantError = s.last.quantError;
        f.records = log.records(i);
        out.runs[s.name] = std::move(f);
        out.snapshots.push_back(exp.snapshot(i));
    }
    return out;
}

Outcome runPreset(const std::string& name)
{
    const Preset* preset = findPreset(name);
    if (!preset)
        qFatal("no preset %s", name.c_str());
    return runSpec(preset->spec);
}

std::int64_t flipsAfter(const Final& run, std::int64_t step)
{
    std::int64_t flips = 0;
    for (const Record& r : run.records)
        if (r.step > step)
            flips += r.flips;
    return flips;
}

// Steps at which some weight changed its level.
std::vector<std::int64_t> flipSteps(const Final& run)
{
    std::vector<std::int64_t> steps;
    for (const Record& r : run.records)
        if (r.flips > 0)
            steps.push_back(r.step);
    return steps;
}

// max|w| of every row of a tensor, ascending.
std::vector<Scalar> rowAmax(const WeightSnapshot& snap, const std::string& tensor)
{
    for (const TensorSnapshot& t : snap.tensors)
        if (t.name == tensor) {
            const Matrix& w = t.latent.size() ? t.latent : t.values;
            std::vector<Scalar> out;
            for (Index r = 0; r < w.rows(); ++r)
                out.push_back(w.row(r).cwiseAbs().maxCoeff());
            std::sort(out.begin(), out.end());
            return out;
        }
    qFatal("no tensor %s", tensor.c_str());
    return {};
}

QByteArray describe(const char* what, double a, double b)
{
    return QByteArray(what) + ": " + QByteArray::number(a, 'g', 6) + " vs "
        + QByteArray::number(b, 'g', 6);
}

#define VERIFY_LESS(a, b, what)                                                                    \
    QVERIFY2((a) < (b), describe(what, static_cast<double>(a), static_cast<double>(b)).constData())

} // namespace

class TestLessons : public QObject {
    Q_OBJECT

private slots:
    void registry()
    {
        QVERIFY(lessonRegistry().size() >= 6);
        std::set<std::string> names;
        int number = 0;
        for (const Lesson& lesson : lessonRegistry()) {
            QCOMPARE(lesson.number, ++number);
            QVERIFY2(names.insert(lesson.name).second, lesson.name.c_str());
            QVERIFY(findLesson(lesson.name) == &lesson);
            QVERIFY2(findPreset(lesson.preset), lesson.preset.c_str());
            for (const std::string& other : lesson.comparePresets)
                QVERIFY2(findPreset(other), other.c_str());
            const std::set<std::string> views { "loss", "weights", "boundary", "classes", "images",
                "sweep" };
            QVERIFY2(views.count(lesson.view), lesson.view.c_str());
            QVERIFY(!lesson.title.empty());
            QVERIFY(!lesson.claim.empty());
            // The tabs' settings name a metric the Loss tab has and a run of the preset.
            const std::set<std::string> metrics { "loss", "batch_loss", "accuracy" };
            QVERIFY2(metrics.count(lesson.show.metric), lesson.show.metric.c_str());
            QVERIFY(lesson.show.smoothing >= 0.0 && lesson.show.smoothing < 1.0);
            if (!lesson.show.boundaryRun.empty()) {
                bool found = false;
                for (const RunSpec& run : findPreset(lesson.preset)->spec.runs)
                    found = found || run.name == lesson.show.boundaryRun;
                QVERIFY2(found, lesson.show.boundaryRun.c_str());
            }
        }
        QVERIFY(!findLesson("no-such-lesson"));
        // Every preset has its own title (moons and cliff shared one; issue 16, point 6).
        std::set<std::string> titles;
        for (const Preset& preset : presetRegistry())
            QVERIFY2(titles.insert(preset.title).second, preset.title.c_str());
        // Lesson 1 is the classic example the GUI starts with.
        QCOMPARE(QString::fromStdString(lessonRegistry().front().preset), QString("seed"));
    }

    void texts_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("locale");
        for (const Lesson& lesson : lessonRegistry())
            for (const char* locale : { "en", "zh_CN" })
                QTest::newRow((lesson.name + " " + locale).c_str())
                    << QString::fromStdString(lesson.name) << QString(locale);
    }
    // Each text exists in both languages, is in the resource file, has a title, names every
    // run of its preset and (in English, by its title) the tab to look at.
    void texts()
    {
        QFETCH(QString, name);
        QFETCH(QString, locale);
        const QString root = qEnvironmentVariable("BITLAB_SOURCE_DIR");
        if (root.isEmpty())
            QSKIP("BITLAB_SOURCE_DIR is not set (run through ctest)");
        const QString rel = QStringLiteral("lessons/%1.%2.html").arg(name, locale);
        QFile file(root + "/resources/" + rel);
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
        const QString html = QString::fromUtf8(file.readAll());
        QVERIFY(html.contains("<title>"));
        const qsizetype paragraphs = html.count("<p>") + html.count("<li>");
        QVERIFY2(paragraphs >= 3, qPrintable(rel));
        const Lesson* lesson = findLesson(name.toStdString());
        if (locale == "en") {
            QVERIFY2(html.contains("<title>" + QString::fromStdString(lesson->title) + "</title>"),
                qPrintable(rel));
            QVERIFY2(html.contains(QString::fromStdString(lesson->view), Qt::CaseInsensitive),
                qPrintable(rel));
        }
        QFile qrc(root + "/resources/resources.qrc");
        QVERIFY(qrc.open(QIODevice::ReadOnly));
        QVERIFY2(QString::fromUtf8(qrc.readAll()).contains(">" + rel + "<"), qPrintable(rel));
        // The text names every run of the lesson's preset (run names are not translated).
        for (const RunSpec& run : findPreset(lesson->preset)->spec.runs)
            QVERIFY2(html.contains(QString::fromStdString(run.name)),
                qPrintable(rel + ": " + QString::fromStdString(run.name)));
    }

    void claims_data()
    {
        QTest::addColumn<QString>("name");
        for (const Lesson& lesson : lessonRegistry())
            QTest::newRow(lesson.name.c_str()) << QString::fromStdString(lesson.name);
    }
    void claims()
    {
        QFETCH(QString, name);
        const Lesson* lesson = findLesson(name.toStdString());
        QVERIFY(lesson);
        if (name == "rounding-stalls")
            roundingStalls(*lesson);
        else if (name == "bit-width-cliff")
            bitWidthCliff(*lesson);
        else if (name == "per-channel")
            perChannel(*lesson);
        else if (name == "ptq-vs-qat")
            ptqVsQat(*lesson);
        else if (name == "binary-ternary")
            binaryTernary(*lesson);
        else if (name == "adam-vs-sgd")
            adamVsSgd(*lesson);
        else if (name == "outlier-clipping")
            outlierClipping(*lesson);
        else if (name == "bf16-master")
            bf16Master(*lesson);
        else if (name == "formats")
            formats(*lesson);
        else if (name == "digits-2bit")
            digits2Bit(*lesson);
        else if (name == "learned-step")
            learnedStep(*lesson);
        else
            QFAIL(qPrintable("no test for lesson " + name));
    }

private:
    // 10: the digits MLP at 2 bits. Its first layer holds one of three values (one scale
    // per tensor), mostly 0, with whole units blank; it loses a few points of test accuracy
    // where 8 and 4 bits lose none, and its mistakes pile up in a few confusion cells.
    void digits2Bit(const Lesson& lesson)
    {
        const Preset* preset = findPreset(lesson.preset);
        Experiment exp(preset->spec, loadDataset(preset->spec.dataset, ""));
        RecordLog log;
        exp.run(log);
        std::map<std::string, int> run;
        for (int i = 0; i < exp.runCount(); ++i) {
            QCOMPARE(exp.summary(i).status, RunStatus::Finished);
            run[exp.summary(i).name] = i;
        }
        QCOMPARE(run.size(), std::size_t(4));

        const WeightSnapshot twoBits = exp.snapshot(run.at("sym2-ste"));
        const TensorSnapshot& w = twoBits.tensors.at(0);
        QCOMPARE(QString::fromStdString(w.name), QStringLiteral("layers.0.weight"));
        const Scalar s = w.values.cwiseAbs().maxCoeff();
        QVERIFY(s > 0.0);
        Index zeros = 0, blankUnits = 0;
        for (Index r = 0; r < w.values.rows(); ++r) {
            bool blank = true;
            for (Index c = 0; c < w.values.cols(); ++c) {
                const Scalar v = w.values(r, c);
                QVERIFY2(v == 0.0 || std::abs(v) == s, describe("a fourth level", v, s));
                zeros += v == 0.0;
                blank = blank && v == 0.0;
            }
            blankUnits += blank;
        }
        const double zeroShare = double(zeros) / double(w.values.size());
        qInfo("2-bit first layer: s = %g, %lld of %lld weights 0, %lld of %lld units blank", s,
            static_cast<long long>(zeros), static_cast<long long>(w.values.size()),
            static_cast<long long>(blankUnits), static_cast<long long>(w.values.rows()));
        VERIFY_LESS(0.85, zeroShare, "share of zero weights at 2 bits");
        VERIFY_LESS(4, blankUnits, "hidden units without a nonzero weight");

        const auto accuracy
            = [&](const char* name) { return exp.summary(run.at(name)).last.testAccuracy; };
        const Scalar fp = accuracy("fp64");
        qInfo("test accuracy: fp64 %.4f, 8 bits %.4f, 4 bits %.4f, 2 bits %.4f", fp,
            accuracy("sym8-ste"), accuracy("sym4-ste"), accuracy("sym2-ste"));
        VERIFY_LESS(0.96, fp, "float64's test accuracy");
        VERIFY_LESS(fp - 0.01, accuracy("sym8-ste"), "8 bits within a point");
        VERIFY_LESS(fp - 0.01, accuracy("sym4-ste"), "4 bits within a point");
        VERIFY_LESS(accuracy("sym2-ste"), fp - 0.02, "2 bits lose points");
        VERIFY_LESS(0.925, accuracy("sym2-ste"), "2 bits still classify");

        const std::vector<ConfusionMatrix> m = confusionMatrices(exp, Split::Test);
        const ConfusionMatrix& a = m.at(static_cast<std::size_t>(run.at("fp64")));
        const ConfusionMatrix& b = m.at(static_cast<std::size_t>(run.at("sym2-ste")));
        const auto mistakes = [](const ConfusionMatrix& c) {
            std::int64_t right = 0;
            for (int k = 0; k < c.classes; ++k)
                right += c.at(k, k);
            return c.rows() - right;
        };
        // The largest off-diagonal cell: (count, true class, predicted class).
        const auto worst = [](const ConfusionMatrix& c) {
            std::tuple<std::int64_t, int, int> top { -1, -1, -1 };
            for (int t = 0; t < c.classes; ++t)
                for (int p = 0; p < c.classes; ++p)
                    if (t != p && c.at(t, p) > std::get<0>(top))
                        top = { c.at(t, p), t, p };
            return top;
        };
        const auto [fpWorst, fpTrue, fpPredicted] = worst(a);
        const auto [bWorst, bTrue, bPredicted] = worst(b);
        qInfo("test mistakes: fp64 %lld (largest cell %lld: %d read as %d), 2 bits %lld "
              "(largest cell %lld: %d read as %d)",
            static_cast<long long>(mistakes(a)), static_cast<long long>(fpWorst), fpTrue,
            fpPredicted, static_cast<long long>(mistakes(b)), static_cast<long long>(bWorst), bTrue,
            bPredicted);
        VERIFY_LESS(1.5 * double(mistakes(a)), double(mistakes(b)), "about twice the mistakes");
        VERIFY_LESS(1.5 * double(fpWorst), double(bWorst), "mistakes piled up in one cell");
        QCOMPARE(bTrue, 1); // 1s read as 2s
        QCOMPARE(bPredicted, 2);
        // Per class: 1s and 5s fall most, 0s and 2s stay right.
        for (int digit : { 1, 5 })
            VERIFY_LESS(b.classAccuracy(digit), 0.88, "a digit the 2-bit model misreads");
        for (int digit : { 0, 2 })
            QCOMPARE(b.classAccuracy(digit), 1.0);
    }

    // 7: bf16 weights rounded to nearest after every update (no master copy) stall for good
    // early, well above float64; stochastic rounding and a float64 master copy reach it.
    // Q4.3 (beside it) stalls higher.
    void bf16Master(const Lesson& lesson)
    {
        const Outcome o = runPreset(lesson.preset);
        const Scalar fp = o["fp64"].trainLoss;
        VERIFY_LESS(2.0 * fp, o["bf16-nearest"].trainLoss, "bf16 nearest stalls above 2x");
        VERIFY_LESS(o["bf16-nearest"].trainLoss, o["Q4.3-nearest"].trainLoss, "bf16 vs Q4.3");
        VERIFY_LESS(o["bf16-stochastic"].trainLoss, 1.01 * fp, "stochastic within 1%");
        VERIFY_LESS(o["bf16-master"].trainLoss, 1.01 * fp, "master copy within 1%");
        // Stalled by step 250: not one weight changes after it; the stochastic run still moves.
        QCOMPARE(flipsAfter(o["bf16-nearest"], 250), std::int64_t(0));
        QVERIFY(flipsAfter(o["bf16-stochastic"], 1000) > 0);
        // No master copy: the stored weights are bf16 values (8 significant bits).
        for (const TensorSnapshot& t : o.snapshots.at(1).tensors)
            for (Index i = 0; i < t.values.size(); ++i) {
                int e = 0;
                const double m = std::frexp(t.values.data()[i], &e);
                QCOMPARE(std::ldexp(m, 8), std::round(std::ldexp(m, 8)));
            }
    }

    // 8: cast after float training: INT8 and FP8 E4M3 match float64; at 4 bits INT4 with
    // one scale falls far behind, E2M1 with the same scale less, MXFP4 stays close.
    void formats(const Lesson& lesson)
    {
        const Outcome o = runPreset(lesson.preset);
        const Scalar fp = o["fp64"].testLoss;
        VERIFY_LESS(o["int8-ptq"].testLoss, 1.05 * fp, "int8 within 5%");
        VERIFY_LESS(o["e4m3-ptq"].testLoss, 1.05 * fp, "e4m3 within 5%");
        VERIFY_LESS(2.0 * fp, o["int4-ptq"].testLoss, "int4 above 2x");
        VERIFY_LESS(o["e2m1-ptq"].testLoss, 0.7 * o["int4-ptq"].testLoss, "e2m1 below int4");
        VERIFY_LESS(o["mxfp4-ptq"].testLoss, 1.3 * fp, "mxfp4 within 30%");
        VERIFY_LESS(o["int4-ptq"].testAccuracy, o["mxfp4-ptq"].testAccuracy, "accuracy");
    }

    // 1: Q4.3 nearest after every update stops for good; stochastic rounding and STE reach
    // float64 closely.
    void roundingStalls(const Lesson& lesson)
    {
        const Outcome o = runPreset(lesson.preset);
        const Scalar fp = o["fp64"].trainLoss;
        VERIFY_LESS(3.0 * fp, o["Q4.3-nearest"].trainLoss, "nearest stalls above 3x float64");
        VERIFY_LESS(o["Q4.3-stochastic"].trainLoss, 1.2 * fp, "stochastic within 20%");
        VERIFY_LESS(o["Q4.3-ste"].trainLoss, 1.3 * fp, "STE within 30%");
        // Stalled: not one weight changes level in the second half.
        const std::int64_t half = o["Q4.3-nearest"].records.back().step / 2;
        QCOMPARE(flipsAfter(o["Q4.3-nearest"], half), std::int64_t(0));
        QVERIFY(flipsAfter(o["Q4.3-stochastic"], half) > 0);
    }

    // 2: 8 and 4 bits match float64; 3 and 2 bits fall off.
    void bitWidthCliff(const Lesson& lesson)
    {
        const Outcome o = runPreset(lesson.preset);
        const Final& fp = o["fp64"];
        for (const char* run : { "sym8-ste", "sym4-ste" }) {
            VERIFY_LESS(o[run].testLoss, fp.testLoss + 0.05, run);
            VERIFY_LESS(fp.testAccuracy - 0.02, o[run].testAccuracy, run);
        }
        const Scalar wide = std::max(o["sym8-ste"].testLoss, o["sym4-ste"].testLoss);
        for (const char* run : { "sym3-ste", "sym2-ste" }) {
            VERIFY_LESS(2.0 * wide, o[run].testLoss, run);
            VERIFY_LESS(fp.testLoss + 0.1, o[run].testLoss, run);
            VERIFY_LESS(o[run].testAccuracy, fp.testAccuracy - 0.05, run);
        }
    }

    // 3: the premise (a few neurons with much larger weights) and the effect (per-channel
    // scales lose much less than one per-tensor scale).
    void perChannel(const Lesson& lesson)
    {
        const Outcome o = runPreset(lesson.preset);
        const std::vector<Scalar> rows = rowAmax(o.snapshots.at(0), "layers.0.weight");
        const Scalar median = rows[rows.size() / 2];
        VERIFY_LESS(3.0 * median, rows.back(), "largest neuron vs median neuron, max|w|");
        for (const char* bits : { "3", "2" }) {
            const Final& tensor = o[std::string("sym") + bits + "-tensor"];
            const Final& channel = o[std::string("sym") + bits + "-channel"];
            VERIFY_LESS(channel.testLoss, 0.6 * tensor.testLoss, bits);
            VERIFY_LESS(tensor.testAccuracy + 0.05, channel.testAccuracy, bits);
        }
    }

    // 4: post-training rounding to 3 or 2 bits leaves the MLP near chance; STE does not.
    void ptqVsQat(const Lesson& lesson)
    {
        const Outcome o = runPreset(lesson.preset);
        for (const char* bits : { "3", "2" }) {
            const Final& ptq = o[std::string("sym") + bits + "-ptq"];
            const Final& ste = o[std::string("sym") + bits + "-ste"];
            VERIFY_LESS(ptq.testAccuracy, 0.6, bits);
            VERIFY_LESS(0.8, ste.testAccuracy, bits);
            VERIFY_LESS(ste.testLoss, 0.3 * ptq.testLoss, bits);
        }
        // The ptq run trains exactly like float64: its latent weights are fp64's.
        const WeightSnapshot& fp = o.snapshots.at(0);
        const WeightSnapshot& ptq = o.snapshots.at(1);
        QCOMPARE(ptq.tensors.at(0).latent, fp.tensors.at(0).values);
    }

    // 5: binary and ternary weights learn the moons through the STE; applied after float
    // training both fail, ternary less (its zero level absorbs the small weights).
    void binaryTernary(const Lesson& lesson)
    {
        const Outcome o = runPreset(lesson.preset);
        for (const char* kind : { "binary", "ternary" }) {
            const Final& ste = o[std::string(kind) + "-ste"];
            const Final& ptq = o[std::string(kind) + "-ptq"];
            VERIFY_LESS(0.85, ste.testAccuracy, kind);
            VERIFY_LESS(2.0 * ste.testLoss, ptq.testLoss, kind);
        }
        VERIFY_LESS(o["ternary-ptq"].testLoss, o["binary-ptq"].testLoss, "ptq test loss");
        VERIFY_LESS(o["ternary-ptq"].quantError, o["binary-ptq"].quantError, "ptq |w - Q(w)|");
    }

    // 6: same data, grid and learning rate: Adam's rounded run stalls for a while, then
    // moves on and ends near float64; gradient descent's (the seed preset) stalls for good.
    // With lr below half a grid step Adam never leaves its start.
    void adamVsSgd(const Lesson& lesson)
    {
        QCOMPARE(lesson.comparePresets.size(), std::size_t(1));
        const Outcome adam = runPreset(lesson.preset);
        const Outcome gd = runPreset(lesson.comparePresets.front());
        const Preset* adamPreset = findPreset(lesson.preset);
        const Preset* gdPreset = findPreset(lesson.comparePresets.front());
        QCOMPARE(adamPreset->spec.optimizer.kind, std::string("adam"));
        QCOMPARE(gdPreset->spec.optimizer.kind, std::string("gd"));
        QCOMPARE(adamPreset->spec.optimizer.lr, gdPreset->spec.optimizer.lr);
        QCOMPARE(adamPreset->spec.dataset.source, gdPreset->spec.dataset.source);

        const Final& a = adam["Q4.3-nearest"];
        const Final& g = gd["Q4.3-nearest"];
        VERIFY_LESS(a.trainLoss, 2.0 * adam["fp64"].trainLoss, "Adam rounded vs Adam float64");
        VERIFY_LESS(a.trainLoss, 0.5 * g.trainLoss, "Adam rounded vs GD rounded");
        // A pause of at least 200 steps without a level change, then moves again.
        const std::vector<std::int64_t> steps = flipSteps(a);
        QVERIFY(steps.size() >= 2);
        std::int64_t longest = 0;
        for (std::size_t i = 1; i < steps.size(); ++i)
            longest = std::max(longest, steps[i] - steps[i - 1]);
        QVERIFY2(longest >= 200, QByteArray::number(qlonglong(longest)).constData());

        // The text's exercise: lr 0.05 < 1/16 (half a grid step): no update ever survives.
        ExperimentSpec slow = adamPreset->spec;
        slow.optimizer.lr = 0.05;
        const Outcome s = runSpec(slow);
        QCOMPARE(flipsAfter(s["Q4.3-nearest"], 0), std::int64_t(0));
        QCOMPARE(s["Q4.3-nearest"].trainLoss, s["Q4.3-nearest"].records.front().trainLoss);
    }

    // 7: the premise (a few first-layer weights far beyond the rest) and the effect: at 3 and
    // 4 bits the percentile and MSE ranges lose clearly less test loss than min/max.
    void outlierClipping(const Lesson& lesson)
    {
        const Outcome o = runPreset(lesson.preset);
        const TensorSnapshot& w0 = o.snapshots.at(0).tensors.at(0);
        QCOMPARE(QString::fromStdString(w0.name), QStringLiteral("layers.0.weight"));
        std::vector<Scalar> mags(w0.values.data(), w0.values.data() + w0.values.size());
        for (Scalar& m : mags)
            m = std::abs(m);
        std::sort(mags.begin(), mags.end());
        const Scalar p99
            = mags[static_cast<std::size_t>(0.99 * static_cast<double>(mags.size() - 1))];
        VERIFY_LESS(1.3 * p99, mags.back(), "max|w| vs the 99th percentile");
        VERIFY_LESS(4.0 * mags[mags.size() / 2], mags.back(), "max|w| vs the median");
        for (const char* bits : { "3", "4" }) {
            const std::string tag = std::string("sym") + bits;
            const Final& minmax = o[tag + "-minmax"];
            VERIFY_LESS(o[tag + "-p99"].testLoss, 0.8 * minmax.testLoss, bits);
            VERIFY_LESS(o[tag + "-mse"].testLoss, 0.8 * minmax.testLoss, bits);
            VERIFY_LESS(minmax.testAccuracy, o[tag + "-mse"].testAccuracy, bits);
        }
    }

    // 11: at 2 bits the min/max step leaves min/max QAT above 3x float64's test loss; LSQ's
    // learned step closes at least 70% of the gap; at 3 bits LSQ ends below min/max. The
    // step of the hidden layer moved by more than 10% from where the paper starts it.
    void learnedStep(const Lesson& lesson)
    {
        const Outcome o = runPreset(lesson.preset);
        const Scalar fp = o["fp64"].testLoss;
        const Scalar minmax2 = o["sym2-minmax"].testLoss;
        VERIFY_LESS(3.0 * fp, minmax2, "2-bit min/max above 3x float64");
        VERIFY_LESS(o["sym2-lsq"].testLoss, minmax2 - 0.7 * (minmax2 - fp), "LSQ closes 70%");
        VERIFY_LESS(o["sym3-lsq"].testLoss, o["sym3-minmax"].testLoss, "3 bits");
        VERIFY_LESS(o["sym2-minmax"].testAccuracy, o["sym2-lsq"].testAccuracy, "accuracy");
        const ExperimentSpec spec = findPreset(lesson.preset)->spec;
        QCOMPARE(int(spec.runs.at(4).quantizer->learn), int(LearnMode::Lsq));
        const TensorSnapshot& w1 = o.snapshots.at(4).tensors.at(2); // sym2-lsq layers.1.weight
        QCOMPARE(int(w1.learn), int(LearnMode::Lsq));
        QVERIFY(o.snapshots.at(4).learned.size() == 6);
        QCOMPARE(o.snapshots.at(4).learned.at(2).value, w1.quant.scale.at(0));
        // The step moved away from its start, 2 mean|w| / sqrt(Qp), by more than 10%.
        const auto& records = o["sym2-lsq"].records;
        const Scalar start = records.front().learned.at(2), end = records.back().learned.at(2);
        VERIFY_LESS(0.1 * start, std::abs(end - start), "layers.1.weight.step moved");
        QCOMPARE(end, w1.quant.scale.at(0));
    }
};

QTEST_APPLESS_MAIN(TestLessons)
#include "tst_lessons.moc"
