// Optimizers against hand-computed first steps, on a quadratic, and the registry.
//
// Every row of firstThreeSteps starts from the same 1x2 tensor w0 = [1, -2] and applies
// three fixed gradients (independent of w, except through weight decay):
//   g1 = [0.5, -1],  g2 = [-0.25, -1],  g3 = [1, -1]
// The expected weights were worked out by hand below (long arithmetic done with a
// calculator to 20 digits); the components are independent, so each is written as its own
// scalar trace. Tolerance 1e-12, far above double rounding (~1e-16) and far below any
// slip in a rule (a missing bias correction or eps moves a value by >= 1e-9).

#include "core/common/error.h"
#include "core/common/join_names.h"
#include "core/kernels/kernels.h"
#include "core/optim/optimizer.h"

#include <QtTest>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <utility>

using namespace bitlab;

Q_DECLARE_METATYPE(bitlab::OptimizerSpec)

#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
// Counts heap allocations while g_countAllocations is set. Eigen's dynamic matrices and
// operator new both end in malloc, so interposing it catches either. Not under ASan or
// TSan: their runtimes own malloc, and a second interposer aborts them at start-up.
extern "C" void* __libc_malloc(std::size_t size);
namespace {
thread_local bool g_countAllocations = false;
thread_local long g_allocations = 0;
} // namespace
extern "C" void* malloc(std::size_t size)
{
    if (g_countAllocations)
        ++g_allocations;
    return __libc_malloc(size);
}
#define BITLAB_COUNT_ALLOCATIONS 1
#endif

namespace {

const std::vector<Matrix>& gradients()
{
    static const std::vector<Matrix> g = [] {
        std::vector<Matrix> out(3, Matrix(1, 2));
        out[0] << 0.5, -1.0;
        out[1] << -0.25, -1.0;
        out[2] << 1.0, -1.0;
        return out;
    }();
    return g;
}

Matrix initialWeights()
{
    Matrix w(1, 2);
    w << 1.0, -2.0;
    return w;
}

OptimizerSpec specOf(const std::string& kind)
{
    const OptimizerInfo* info = findOptimizer(kind);
    Q_ASSERT(info);
    return info->defaults;
}

// Runs three steps of `spec` from w0 with the fixed gradients; returns w after each step.
std::vector<Matrix> threeSteps(Optimizer& opt, const OptimizerSpec& spec)
{
    std::vector<Matrix> values { initialWeights() };
    opt.reset(values);
    std::vector<Matrix> out;
    for (const Matrix& g : gradients()) {
        opt.step(values, { g }, spec.lr);
        out.push_back(values[0]);
    }
    return out;
}

bool contains(const std::vector<std::string>& list, const std::string& s)
{
    return std::find(list.begin(), list.end(), s) != list.end();
}

} // namespace

class TestOptimizers : public QObject {
    Q_OBJECT

private slots:
    void firstThreeSteps_data();
    void firstThreeSteps();
    void resetRestartsState_data() { firstThreeSteps_data(); }
    void resetRestartsState();
    void tensorsAreIndependent_data() { firstThreeSteps_data(); }
    void tensorsAreIndependent();
    void stepDoesNotAllocate_data() { firstThreeSteps_data(); }
    void stepDoesNotAllocate();
    void mismatchedShapesAreRefused();
    void chunkedUpdateMatchesStep_data() { firstThreeSteps_data(); }
    void chunkedUpdateMatchesStep();
    void chunkedUpdateFindsNonFinite();

    void quadraticReachesMinimum_data();
    void quadraticReachesMinimum();

    void registryNames();
    void registryDefaults_data();
    void registryDefaults();
    void defaultsAreValid();
    void unknownKindNamesAllowedKinds();
    void problemsNameTheKey_data();
    void problemsNameTheKey();
    void allProblemsReportedAtOnce();
    void unreadFieldsAreNotChecked();
};

void TestOptimizers::firstThreeSteps_data()
{
    QTest::addColumn<OptimizerSpec>("spec");
    QTest::addColumn<QList<double>>("expected"); // w after steps 1, 2, 3 (two values each)

    OptimizerSpec s = specOf("sgd");

    // SGD, lr 0.1: w <- w - 0.1*g
    //   w[0]: 1 - 0.1*0.5 = 0.95;  0.95 - 0.1*(-0.25) = 0.975;  0.975 - 0.1*1 = 0.875
    //   w[1]: -2 + 0.1 = -1.9;  -1.8;  -1.7
    s.lr = 0.1;
    QTest::newRow("sgd plain") << s << QList<double> { 0.95, -1.9, 0.975, -1.8, 0.875, -1.7 };

    // gd is the same rule (full batch): same numbers.
    OptimizerSpec gd = specOf("gd");
    gd.lr = 0.1;
    QTest::newRow("gd plain") << gd << QList<double> { 0.95, -1.9, 0.975, -1.8, 0.875, -1.7 };

    // SGD momentum 0.9: b1 = g1 (PyTorch seeds the buffer with g), b = 0.9*b + g, w -= 0.1*b
    //   w[0]: b = 0.5,                 w = 1 - 0.05 = 0.95
    //         b = 0.45 - 0.25 = 0.2,   w = 0.95 - 0.02 = 0.93
    //         b = 0.18 + 1 = 1.18,     w = 0.93 - 0.118 = 0.812
    //   w[1]: b = -1,                  w = -2 + 0.1 = -1.9
    //         b = -0.9 - 1 = -1.9,     w = -1.9 + 0.19 = -1.71
    //         b = -1.71 - 1 = -2.71,   w = -1.71 + 0.271 = -1.439
    s.momentum = 0.9;
    QTest::newRow("sgd momentum") << s << QList<double> { 0.95, -1.9, 0.93, -1.71, 0.812, -1.439 };

    // SGD Nesterov 0.9: same buffer, d = g + 0.9*b, w -= 0.1*d
    //   w[0]: b = 0.5,  d = 0.5 + 0.45 = 0.95,      w = 1 - 0.095 = 0.905
    //         b = 0.2,  d = -0.25 + 0.18 = -0.07,   w = 0.905 + 0.007 = 0.912
    //         b = 1.18, d = 1 + 1.062 = 2.062,      w = 0.912 - 0.2062 = 0.7058
    //   w[1]: b = -1,    d = -1 - 0.9 = -1.9,       w = -2 + 0.19 = -1.81
    //         b = -1.9,  d = -1 - 1.71 = -2.71,     w = -1.81 + 0.271 = -1.539
    //         b = -2.71, d = -1 - 2.439 = -3.439,   w = -1.539 + 0.3439 = -1.1951
    s.nesterov = true;
    QTest::newRow("sgd nesterov") << s
                                  << QList<double> { 0.905, -1.81, 0.912, -1.539, 0.7058, -1.1951 };

    // SGD weight decay 0.1 (no momentum): g' = g + 0.1*w, w -= 0.1*g'
    //   w[0]: g' = 0.5 + 0.1 = 0.6,             w = 1 - 0.06 = 0.94
    //         g' = -0.25 + 0.094 = -0.156,      w = 0.94 + 0.0156 = 0.9556
    //         g' = 1 + 0.09556 = 1.09556,       w = 0.9556 - 0.109556 = 0.846044
    //   w[1]: g' = -1 - 0.2 = -1.2,             w = -2 + 0.12 = -1.88
    //         g' = -1 - 0.188 = -1.188,         w = -1.88 + 0.1188 = -1.7612
    //         g' = -1 - 0.17612 = -1.17612,     w = -1.7612 + 0.117612 = -1.643588
    s = specOf("sgd");
    s.lr = 0.1;
    s.weightDecay = 0.1;
    QTest::newRow("sgd weight decay")
        << s << QList<double> { 0.94, -1.88, 0.9556, -1.7612, 0.846044, -1.643588 };

    // SGD Nesterov 0.9 with weight decay 0.1: g' = g + 0.1*w; b = 0.9*b + g'; d = g' + 0.9*b
    //   w[0]: g' = 0.6,        b = 0.6,                        d = 0.6 + 0.54 = 1.14
    //                          w = 1 - 0.114 = 0.886
    //         g' = -0.25 + 0.0886 = -0.1614,  b = 0.54 - 0.1614 = 0.3786
    //                          d = -0.1614 + 0.34074 = 0.17934,  w = 0.886 - 0.017934 = 0.868066
    //         g' = 1 + 0.0868066 = 1.0868066, b = 0.34074 + 1.0868066 = 1.4275466
    //                          d = 1.0868066 + 1.28479194 = 2.37159854
    //                          w = 0.868066 - 0.237159854 = 0.630906146
    //   w[1]: g' = -1.2,       b = -1.2,                       d = -1.2 - 1.08 = -2.28
    //                          w = -2 + 0.228 = -1.772
    //         g' = -1 - 0.1772 = -1.1772,     b = -1.08 - 1.1772 = -2.2572
    //                          d = -1.1772 - 2.03148 = -3.20868,  w = -1.772 + 0.320868 = -1.451132
    //         g' = -1 - 0.1451132 = -1.1451132, b = -2.03148 - 1.1451132 = -3.1765932
    //                          d = -1.1451132 - 2.85893388 = -4.00404708
    //                          w = -1.451132 + 0.400404708 = -1.050727292
    s.momentum = 0.9;
    s.nesterov = true;
    QTest::newRow("sgd nesterov weight decay")
        << s << QList<double> { 0.886, -1.772, 0.868066, -1.451132, 0.630906146, -1.050727292 };

    // Adam, lr 0.1, betas (0.9, 0.999), eps 1e-8:
    //   m = 0.9m + 0.1g, v = 0.999v + 0.001g^2, bc1 = 1 - 0.9^t, bc2 = 1 - 0.999^t
    //   w -= 0.1 * (m/bc1) / (sqrt(v/bc2) + 1e-8)
    //   bc1: 0.1, 0.19, 0.271;   bc2: 0.001, 0.001999, 0.002997001
    //   w[0]: t=1: m = 0.05, v = 0.00025; m/bc1 = 0.5, v/bc2 = 0.25, sqrt = 0.5
    //              step = 0.1*0.5/0.50000001 = 0.09999999800000004,  w = 0.90000000199999996
    //         t=2: m = 0.045 - 0.025 = 0.02, v = 0.00024975 + 0.0000625 = 0.00031225
    //              m/bc1 = 0.02/0.19 = 0.105263157894736842
    //              v/bc2 = 0.00031225/0.001999 = 0.156203101550775388, sqrt = 0.395225380701664184
    //              step = 0.1*0.105263157894736842/0.395225390701664184 = 0.0266337032921537974
    //              w = 0.90000000199999996 - 0.0266337032921537974 = 0.873366298707846163
    //         t=3: m = 0.018 + 0.1 = 0.118, v = 0.00031193775 + 0.001 = 0.00131193775
    //              m/bc1 = 0.118/0.271 = 0.435424354243542435
    //              v/bc2 = 0.00131193775/0.002997001 = 0.437750187604208340,
    //              sqrt = 0.661626924787835656
    //              step = 0.1*0.435424354243542435/0.661626934787835656 = 0.0658111590307565470
    //              w = 0.873366298707846163 - 0.0658111590307565470 = 0.807555139677089616
    //   w[1]: constant g = -1, so m/bc1 = -1 and v/bc2 = 1 at every t:
    //         step = -0.1/1.00000001 = -0.09999999900000001 each time
    //         w = -1.90000000099999999, -1.80000000199999998, -1.70000000299999997
    s = specOf("adam");
    s.lr = 0.1;
    QTest::newRow("adam") << s
                          << QList<double> { 0.90000000199999996, -1.90000000099999999,
                                 0.873366298707846163, -1.80000000199999998, 0.807555139677089616,
                                 -1.70000000299999997 };

    // Adam with weight decay 0.1 (L2: g' = g + 0.1*w before the moments), lr 0.1:
    //   w[0]: t=1: g' = 0.5 + 0.1 = 0.6, m = 0.06, v = 0.00036; m/bc1 = 0.6, sqrt(v/bc2) = 0.6
    //              step = 0.06/0.60000001 = 0.0999999983333333611, w = 0.900000001666666639
    //         t=2: g' = -0.25 + 0.0900000001666666639 = -0.159999999833333336
    //              m = 0.054 - 0.0159999999833333336 = 0.0380000000166666664
    //              v = 0.00035964 + 0.0000255999999466666676 = 0.000385239999946666668
    //              m/bc1 = 0.200000000087719297, v/bc2 = 0.192716358152409539,
    //              sqrt = 0.438994713125806947
    //              step = 0.0200000000087719297/0.438994723125806947 = 0.0455586342049044106
    //              w = 0.900000001666666639 - 0.0455586342049044106 = 0.854441367461762228
    //         t=3: g' = 1 + 0.0854441367461762228 = 1.08544413674617622
    //              m = 0.0342000000150000 + 0.108544413674617622 = 0.142744413689617622
    //              v = 0.000384854759946720 + 0.00117818897392661 = 0.00156304373394337171
    //              m/bc1 = 0.526732153836227388, v/bc2 = 0.521535940075886431,
    //              sqrt = 0.722174452660772562
    //              step = 0.0526732153836227388/0.722174462660772562 = 0.0729369675985966834
    //              w = 0.854441367461762228 - 0.0729369675985966834 = 0.781504399863165545
    //   w[1]: t=1: g' = -1 - 0.2 = -1.2, m = -0.12, v = 0.00144; m/bc1 = -1.2, sqrt(v/bc2) = 1.2
    //              step = -0.12/1.20000001 = -0.0999999991666666736, w = -1.90000000083333333
    //         t=2: g' = -1 - 0.190000000083333333 = -1.19000000008333333
    //              m = -0.108 - 0.119000000008333333 = -0.227000000008333333
    //              v = 0.00143856 + 0.00141610000019833333 = 0.00285466000019833333
    //              m/bc1 = -1.19473684214912281, v/bc2 = 1.42804402211022178,
    //              sqrt = 1.19500795901542923
    //              step = -0.119473684214912281/1.19500796901542923 = -0.0999773117106047584
    //              w = -1.90000000083333333 + 0.0999773117106047584 = -1.80002268912272857
    //         t=3: g' = -1 - 0.180002268912272857 = -1.18000226891227286
    //              m = -0.2043000000075 - 0.118000226891227286 = -0.322300226898727286
    //              v = 0.00285180534019813 + 0.00139240535463812 = 0.00424421069483624690
    //              m/bc1 = -1.18929973025360622, v/bc2 = 1.41615257880669606,
    //              sqrt = 1.19002209173052584
    //              step = -0.118929973025360622/1.19002210173052584 = -0.0999392976419623508
    //              w = -1.80002268912272857 + 0.0999392976419623508 = -1.70008339148076622
    s.weightDecay = 0.1;
    QTest::newRow("adam weight decay")
        << s
        << QList<double> { 0.900000001666666639, -1.90000000083333333, 0.854441367461762228,
               -1.80002268912272857, 0.781504399863165545, -1.70008339148076622 };

    // AdamW, lr 0.1, weight decay 0.1: first w *= 1 - 0.1*0.1 = 0.99, then the plain Adam
    // step (g unchanged, so the steps are exactly those of the "adam" row):
    //   w[0]: 1*0.99 = 0.99                     - 0.09999999800000004   = 0.89000000199999996
    //         0.89000000199999996*0.99 = 0.88110000197999996 - 0.0266337032921537974
    //                                                                   = 0.854466298687846163
    //         0.854466298687846163*0.99 = 0.845921635700967701 - 0.0658111590307565470
    //                                                                   = 0.780110476670211154
    //   w[1]: -2*0.99 = -1.98                   + 0.09999999900000001   = -1.88000000099999999
    //         -1.88000000099999999*0.99 = -1.86120000099 + 0.09999999900000001
    //                                                                   = -1.76120000198999998
    //         -1.76120000198999998*0.99 = -1.74358800197009998 + 0.09999999900000001
    //                                                                   = -1.64358800297009997
    s = specOf("adamw");
    s.lr = 0.1;
    s.weightDecay = 0.1;
    QTest::newRow("adamw") << s
                           << QList<double> { 0.89000000199999996, -1.88000000099999999,
                                  0.854466298687846163, -1.76120000198999998, 0.780110476670211154,
                                  -1.64358800297009997 };

    // RMSprop, lr 0.01, alpha 0.99, eps 1e-8: v = 0.99v + 0.01g^2, w -= 0.01*g/(sqrt(v)+1e-8)
    //   w[0]: v = 0.0025, sqrt = 0.05;  g/a = 0.5/0.05000001 = 9.9999980000004
    //              w = 1 - 0.099999980000004 = 0.900000019999996
    //         v = 0.002475 + 0.000625 = 0.0031, sqrt = 0.0556776436283002192
    //              g/a = -0.25/0.0556776536283002192 = -4.49013174421790446
    //              w = 0.900000019999996 + 0.0449013174421790446 = 0.944901337442175045
    //         v = 0.003069 + 0.01 = 0.013069, sqrt = 0.114319727081549666
    //              g/a = 1/0.114319737081549666 = 8.74739590493155867
    //              w = 0.944901337442175045 - 0.0874739590493155867 = 0.857427378392859458
    //   w[1]: v = 0.01, sqrt = 0.1;  g/a = -1/0.10000001 = -9.9999990000001
    //              w = -2 + 0.099999990000001 = -1.900000009999999
    //         v = 0.0099 + 0.01 = 0.0199, sqrt = 0.141067359796658844
    //              g/a = -1/0.141067369796658844 = -7.08881154757083182
    //              w = -1.900000009999999 + 0.0708881154757083182 = -1.82911189452429068
    //         v = 0.019701 + 0.01 = 0.029701, sqrt = 0.172339780665985530
    //              g/a = -1/0.172339790665985530 = -5.80249051095875932
    //              w = -1.82911189452429068 + 0.0580249051095875932 = -1.77108698941470309
    s = specOf("rmsprop");
    QTest::newRow("rmsprop") << s
                             << QList<double> { 0.900000019999996, -1.900000009999999,
                                    0.944901337442175045, -1.82911189452429068,
                                    0.857427378392859458, -1.77108698941470309 };

    // RMSprop with momentum 0.9: b = 0.9b + g/a (b starts at 0), w -= 0.01*b; g/a as above
    //   w[0]: b = 9.9999980000004
    //         w = 1 - 0.099999980000004 = 0.900000019999996
    //         b = 8.99999820000036 - 4.49013174421790446 = 4.50986645578245554
    //         w = 0.900000019999996 - 0.0450986645578245554 = 0.854901355442171445
    //         b = 4.05887981020420999 + 8.74739590493155867 = 12.8062757151357687
    //         w = 0.854901355442171445 - 0.128062757151357687 = 0.726838598290813758
    //   w[1]: b = -9.9999990000001
    //         w = -2 + 0.099999990000001 = -1.900000009999999
    //         b = -8.99999910000009 - 7.08881154757083182 = -16.0888106475709218
    //         w = -1.900000009999999 + 0.160888106475709218 = -1.73911190352428978
    //         b = -14.4799295828138296 - 5.80249051095875932 = -20.2824200937725890
    //         w = -1.73911190352428978 + 0.202824200937725890 = -1.53628770258656389
    s.momentum = 0.9;
    QTest::newRow("rmsprop momentum")
        << s
        << QList<double> { 0.900000019999996, -1.900000009999999, 0.854901355442171445,
               -1.73911190352428978, 0.726838598290813758, -1.53628770258656389 };

    // Adagrad, lr 0.1, eps 1e-10: s += g^2, w -= 0.1*g/(sqrt(s) + 1e-10)
    //   w[0]: s = 0.25,   step = 0.05/0.5000000001 = 0.09999999998,        w = 0.90000000002
    //         s = 0.3125, sqrt = 0.559016994374947424
    //                     step = -0.025/0.559016994474947424 = -0.0447213595419957939
    //                     w = 0.90000000002 + 0.0447213595419957939 = 0.944721359561995794
    //         s = 1.3125, sqrt = 1.14564392373896000
    //                     step = 0.1/1.14564392383896000 = 0.0872871560867779049
    //                     w = 0.944721359561995794 - 0.0872871560867779049 = 0.857434203475217889
    //   w[1]: s = 1, step = -0.1/1.0000000001 = -0.09999999999,           w = -1.90000000001
    //         s = 2, step = -0.1/1.41421356247309505 = -0.0707106781136547524
    //                     w = -1.90000000001 + 0.0707106781136547524 = -1.82928932189634525
    //         s = 3, step = -0.1/1.73205080766887729 = -0.0577350269156292431
    //                     w = -1.82928932189634525 + 0.0577350269156292431 = -1.77155429498071600
    s = specOf("adagrad");
    s.lr = 0.1;
    QTest::newRow("adagrad") << s
                             << QList<double> { 0.90000000002, -1.90000000001, 0.944721359561995794,
                                    -1.82928932189634525, 0.857434203475217889,
                                    -1.77155429498071600 };
}

void TestOptimizers::firstThreeSteps()
{
    QFETCH(OptimizerSpec, spec);
    QFETCH(QList<double>, expected);
    auto opt = createOptimizer(spec);
    const std::vector<Matrix> trace = threeSteps(*opt, spec);
    for (int t = 0; t < 3; ++t)
        for (int i = 0; i < 2; ++i) {
            const double got = trace[t](0, i);
            const double want = expected[2 * t + i];
            if (std::abs(got - want) > 1e-12)
                QFAIL(qPrintable(QStringLiteral("step %1, w[%2]: got %3, expected %4")
                                     .arg(t + 1)
                                     .arg(i)
                                     .arg(got, 0, 'g', 17)
                                     .arg(want, 0, 'g', 17)));
        }
}

void TestOptimizers::resetRestartsState()
{
    QFETCH(OptimizerSpec, spec);
    auto opt = createOptimizer(spec);
    const std::vector<Matrix> first = threeSteps(*opt, spec);
    // threeSteps() resets again: momentum, moments, accumulators and t must all restart,
    // so the trace is bit-identical to a fresh optimizer's.
    const std::vector<Matrix> second = threeSteps(*opt, spec);
    for (int t = 0; t < 3; ++t)
        QCOMPARE(second[t], first[t]);
    // And the state really matters: steps continued without reset differ from a restart.
    std::vector<Matrix> values { initialWeights() };
    opt->reset(values);
    for (const Matrix& g : gradients())
        opt->step(values, { g }, spec.lr);
    values[0] = initialWeights();
    opt->step(values, { gradients()[0] }, spec.lr);
    if (optimizerKeepsState(spec))
        QVERIFY2(values[0] != first[0], "a stateful optimizer ignored its state");
    else
        QCOMPARE(values[0], first[0]); // plain SGD has no state
}

void TestOptimizers::tensorsAreIndependent()
{
    QFETCH(OptimizerSpec, spec);
    // The same numbers as two 1x1 tensors and inside a 2x3 tensor: state is per element.
    auto opt = createOptimizer(spec);
    const std::vector<Matrix> reference = threeSteps(*opt, spec);

    std::vector<Matrix> split { Matrix::Constant(1, 1, 1.0), Matrix::Constant(1, 1, -2.0) };
    Matrix big(2, 3);
    big << 7.0, 1.0, 3.0, -4.0, 0.5, -2.0; // w0 at (0,1) and (1,2)
    std::vector<Matrix> joined { big };
    auto optSplit = createOptimizer(spec);
    auto optJoined = createOptimizer(spec);
    optSplit->reset(split);
    optJoined->reset(joined);
    for (int t = 0; t < 3; ++t) {
        const Matrix& g = gradients()[t];
        optSplit->step(split, { g.block(0, 0, 1, 1), g.block(0, 1, 1, 1) }, spec.lr);
        Matrix gBig = Matrix::Constant(2, 3, 0.125);
        gBig(0, 1) = g(0, 0);
        gBig(1, 2) = g(0, 1);
        optJoined->step(joined, { gBig }, spec.lr);
        QCOMPARE(split[0](0, 0), reference[t](0, 0));
        QCOMPARE(split[1](0, 0), reference[t](0, 1));
        QCOMPARE(joined[0](0, 1), reference[t](0, 0));
        QCOMPARE(joined[0](1, 2), reference[t](0, 1));
    }
}

void TestOptimizers::stepDoesNotAllocate()
{
#ifndef BITLAB_COUNT_ALLOCATIONS
    QSKIP("allocation counting needs glibc and no sanitizer runtime");
#else
    QFETCH(OptimizerSpec, spec);
    auto opt = createOptimizer(spec);
    std::vector<Matrix> values { initialWeights(), Matrix::Constant(3, 4, 0.25) };
    const std::vector<Matrix> grads { gradients()[0], Matrix::Constant(3, 4, -0.5) };
    opt->reset(values);
    g_allocations = 0;
    g_countAllocations = true;
    for (int i = 0; i < 5; ++i)
        opt->step(values, grads, spec.lr);
    g_countAllocations = false;
    QCOMPARE(g_allocations, 0L);
    // Nor does the trainer's stepInto() once its buffers are sized.
    std::vector<Matrix> next = values;
    std::vector<Optimizer::WrittenTensor> written(values.size());
    g_countAllocations = true;
    for (int i = 0; i < 5; ++i)
        opt->stepInto(values, grads, spec.lr, next, written);
    g_countAllocations = false;
    QCOMPARE(g_allocations, 0L);
    // The counter itself works: a dynamic Eigen matrix does allocate.
    g_countAllocations = true;
    Matrix probe = values[1] * 2.0;
    g_countAllocations = false;
    QVERIFY(g_allocations > 0);
    QVERIFY(probe(0, 0) != 0);
#endif
}

namespace {

// Tensors on both sides of stepInto()'s 1024-element chunks (1, 1023, 1024, 1025 and three
// chunks and a bit), with values that differ in every element.
std::vector<Matrix> chunkShapedTensors(double phase)
{
    std::vector<Matrix> out;
    for (const auto& [rows, cols] : std::vector<std::pair<Index, Index>> {
             { 1, 1 }, { 3, 341 }, { 1, 1024 }, { 5, 205 }, { 7, 450 } }) {
        Matrix m(rows, cols);
        for (Index i = 0; i < m.size(); ++i)
            m.data()[i] = std::sin(0.37 * static_cast<double>(i) + phase) * (1 + phase);
        out.push_back(m);
    }
    return out;
}

} // namespace

// stepInto() with `written` walks each tensor in chunks: the same bits as step() for every
// rule (the state of a chunk is the state of its own elements), and for each tensor its
// finiteness and exact largest magnitude.
void TestOptimizers::chunkedUpdateMatchesStep()
{
    QFETCH(OptimizerSpec, spec);
    for (const KernelSet set : { KernelSet::Portable, KernelSet::Avx2, KernelSet::Avx512 }) {
        if (!kernelSetSupported(set))
            continue;
        auto whole = createOptimizer(spec);
        auto chunked = createOptimizer(spec);
        std::vector<Matrix> a = chunkShapedTensors(0.0);
        std::vector<Matrix> b = a;
        whole->reset(a);
        chunked->reset(b);
        std::vector<Matrix> next;
        std::vector<Optimizer::WrittenTensor> written;
        for (int t = 0; t < 4; ++t) {
            const std::vector<Matrix> grads = chunkShapedTensors(0.5 + t);
            whole->step(a, grads, spec.lr);
            chunked->stepInto(b, grads, spec.lr, next, written, kernelsFor(set));
            QCOMPARE(written.size(), next.size());
            for (std::size_t k = 0; k < a.size(); ++k) {
                QVERIFY2(next[k] == a[k],
                    qPrintable(QStringLiteral("%1, step %2, tensor %3")
                                   .arg(kernelSetName(set))
                                   .arg(t)
                                   .arg(k)));
                QVERIFY(written[k].finite);
                QCOMPARE(written[k].maxAbs, a[k].cwiseAbs().maxCoeff());
                b[k].swap(next[k]);
            }
        }
    }
}

// A NaN or inf anywhere in a tensor's update (here in its third chunk) marks that tensor,
// and only it, not finite, with every kernel set.
void TestOptimizers::chunkedUpdateFindsNonFinite()
{
    for (const double bad : { std::numeric_limits<double>::quiet_NaN(),
             std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity() })
        for (const KernelSet set : { KernelSet::Portable, KernelSet::Avx2, KernelSet::Avx512 }) {
            if (!kernelSetSupported(set))
                continue;
            auto opt = createOptimizer(specOf("sgd"));
            std::vector<Matrix> values = chunkShapedTensors(0.0);
            opt->reset(values);
            std::vector<Matrix> grads = chunkShapedTensors(1.0);
            grads[4].data()[2500] = bad;
            std::vector<Matrix> next;
            std::vector<Optimizer::WrittenTensor> written;
            opt->stepInto(values, grads, 0.1, next, written, kernelsFor(set));
            for (std::size_t k = 0; k < values.size(); ++k)
                QCOMPARE(written[k].finite, k != 4);
            QVERIFY(!std::isfinite(next[4].data()[2500]));
        }
}

void TestOptimizers::mismatchedShapesAreRefused()
{
    for (const OptimizerInfo& info : optimizerRegistry()) {
        auto opt = createOptimizer(info.defaults);
        std::vector<Matrix> values { initialWeights() };
        opt->reset(values);
        std::vector<Matrix> wrong { Matrix::Zero(2, 2) };
        QVERIFY_THROWS_EXCEPTION(Error, opt->step(wrong, { Matrix::Zero(2, 2) }, 0.1));
        QVERIFY_THROWS_EXCEPTION(Error, opt->step(values, { Matrix::Zero(1, 3) }, 0.1));
        QVERIFY_THROWS_EXCEPTION(Error, opt->step(values, {}, 0.1));
        QCOMPARE(values[0], initialWeights()); // nothing was touched
    }
}

void TestOptimizers::quadraticReachesMinimum_data()
{
    // f(w) = 1/2 * sum a_i (w_i - c_i)^2 with a = [1, 4, 0.25], c = [3, -1, 2], from w = 0:
    // gradient a_i (w_i - c_i), minimum f = 0 at c. f(0) = 4.5 + 2 + 0.5 = 7.
    QTest::addColumn<OptimizerSpec>("spec");
    QTest::addColumn<int>("steps");
    QTest::addColumn<double>("tolerance"); // on max |w_i - c_i|

    auto row = [](const char* name, OptimizerSpec s, double lr, int steps, double tol) {
        s.lr = lr;
        QTest::newRow(name) << s << steps << tol;
    };
    row("gd", specOf("gd"), 0.4, 400, 1e-9);
    OptimizerSpec s = specOf("sgd");
    s.momentum = 0.9;
    row("sgd momentum", s, 0.05, 1000, 1e-9);
    s.nesterov = true;
    row("sgd nesterov", s, 0.05, 1000, 1e-9);
    row("adam", specOf("adam"), 0.05, 3000, 1e-3);
    row("adamw", specOf("adamw"), 0.05, 3000, 0.05); // decay pulls the optimum towards 0
    row("rmsprop", specOf("rmsprop"), 0.01, 3000, 0.02);
    row("adagrad", specOf("adagrad"), 0.5, 3000, 1e-6);
}

void TestOptimizers::quadraticReachesMinimum()
{
    QFETCH(OptimizerSpec, spec);
    QFETCH(int, steps);
    QFETCH(double, tolerance);
    const Eigen::Array<double, 1, 3> a { 1.0, 4.0, 0.25 }, c { 3.0, -1.0, 2.0 };
    auto f = [&](const Matrix& w) { return 0.5 * (a * (w.array() - c).square()).sum(); };
    auto opt = createOptimizer(spec);
    std::vector<Matrix> values { Matrix::Zero(1, 3) };
    std::vector<Matrix> grads { Matrix::Zero(1, 3) };
    opt->reset(values);
    const double start = f(values[0]);
    for (int i = 0; i < steps; ++i) {
        grads[0] = (a * (values[0].array() - c)).matrix();
        opt->step(values, grads, spec.lr);
    }
    const double distance = (values[0].array() - c).abs().maxCoeff();
    QVERIFY2(distance < tolerance, qPrintable(QStringLiteral("max |w - c| = %1").arg(distance)));
    QVERIFY(f(values[0]) < 1e-3 * start);
}

void TestOptimizers::registryNames()
{
    QCOMPARE(optimizerNames(),
        (std::vector<std::string> { "gd", "sgd", "adam", "adamw", "rmsprop", "adagrad" }));
    for (const OptimizerInfo& info : optimizerRegistry()) {
        QCOMPARE(info.defaults.kind, info.name);
        QVERIFY(!info.description.empty());
        QCOMPARE(findOptimizer(info.name), &info);
        QVERIFY(contains(info.fields, "lr"));
        QVERIFY(contains(info.fields, "schedule"));
        QVERIFY(contains(info.fields, "weight_decay"));
    }
    QVERIFY(findOptimizer("Adam") == nullptr);
}

void TestOptimizers::registryDefaults_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<double>("lr");
    QTest::addColumn<double>("eps");
    QTest::addColumn<double>("weightDecay");
    QTest::addColumn<double>("alpha");
    QTest::addColumn<qint64>("batchSize");
    QTest::addColumn<QStringList>("fields");
    // PyTorch's defaults; torch.optim.SGD has no default lr (0.1 here, the classic example).
    QTest::newRow("gd") << "gd" << 0.1 << 1e-8 << 0.0 << 0.99 << qint64(0)
                        << QStringList { "lr", "momentum", "nesterov", "weight_decay", "batch_size",
                               "schedule" };
    QTest::newRow("sgd") << "sgd" << 0.1 << 1e-8 << 0.0 << 0.99 << qint64(32)
                         << QStringList { "lr", "momentum", "nesterov", "weight_decay",
                                "batch_size", "schedule" };
    QTest::newRow("adam") << "adam" << 1e-3 << 1e-8 << 0.0 << 0.99 << qint64(0)
                          << QStringList { "lr", "betas", "eps", "weight_decay", "batch_size",
                                 "schedule" };
    QTest::newRow("adamw") << "adamw" << 1e-3 << 1e-8 << 0.01 << 0.99 << qint64(0)
                           << QStringList { "lr", "betas", "eps", "weight_decay", "batch_size",
                                  "schedule" };
    QTest::newRow("rmsprop") << "rmsprop" << 1e-2 << 1e-8 << 0.0 << 0.99 << qint64(0)
                             << QStringList { "lr", "alpha", "eps", "momentum", "weight_decay",
                                    "batch_size", "schedule" };
    QTest::newRow("adagrad") << "adagrad" << 1e-2 << 1e-10 << 0.0 << 0.99 << qint64(0)
                             << QStringList { "lr", "eps", "weight_decay", "batch_size",
                                    "schedule" };
}

void TestOptimizers::registryDefaults()
{
    QFETCH(QString, kind);
    QFETCH(double, lr);
    QFETCH(double, eps);
    QFETCH(double, weightDecay);
    QFETCH(double, alpha);
    QFETCH(qint64, batchSize);
    QFETCH(QStringList, fields);
    const OptimizerInfo* info = findOptimizer(kind.toStdString());
    QVERIFY(info);
    const OptimizerSpec& d = info->defaults;
    QCOMPARE(d.lr, lr);
    QCOMPARE(d.eps, eps);
    QCOMPARE(d.weightDecay, weightDecay);
    QCOMPARE(d.alpha, alpha);
    QCOMPARE(d.batchSize, batchSize);
    QCOMPARE(d.momentum, 0.0);
    QCOMPARE(d.nesterov, false);
    QCOMPARE(d.beta1, 0.9);
    QCOMPARE(d.beta2, 0.999);
    QCOMPARE(d.schedule.kind, std::string("constant"));
    QStringList got;
    for (const auto& f : info->fields)
        got << QString::fromStdString(f);
    QCOMPARE(got, fields);
}

void TestOptimizers::defaultsAreValid()
{
    for (const OptimizerInfo& info : optimizerRegistry()) {
        QVERIFY2(optimizerProblems(info.defaults).empty(), info.name.c_str());
        QVERIFY(createOptimizer(info.defaults) != nullptr);
    }
}

void TestOptimizers::unknownKindNamesAllowedKinds()
{
    OptimizerSpec spec;
    spec.kind = "lbfgs";
    // Every kind of the registry (registryNames() checks the names themselves).
    const std::string expected
        = "optimizer.kind must be one of " + joinNames(optimizerNames()) + ", got \"lbfgs\"";
    QCOMPARE(optimizerProblems(spec), std::vector<std::string> { expected });
    try {
        createOptimizer(spec);
        QFAIL("createOptimizer accepted an unknown kind");
    } catch (const Error& e) {
        QCOMPARE(std::string(e.what()), expected + ".");
    }
}

void TestOptimizers::problemsNameTheKey_data()
{
    QTest::addColumn<OptimizerSpec>("spec");
    QTest::addColumn<QString>("problem");

    OptimizerSpec s = specOf("sgd");
    s.lr = -1;
    QTest::newRow("lr negative") << s << "optimizer.lr must be > 0, got -1";
    s.lr = 0;
    QTest::newRow("lr zero") << s << "optimizer.lr must be > 0, got 0";
    s.lr = std::nan("");
    QTest::newRow("lr nan") << s << "optimizer.lr must be > 0, got nan";
    s = specOf("sgd");
    s.momentum = 1;
    QTest::newRow("momentum 1") << s << "optimizer.momentum must be in [0, 1), got 1";
    s.momentum = -0.5;
    QTest::newRow("momentum negative") << s << "optimizer.momentum must be in [0, 1), got -0.5";
    s = specOf("gd");
    s.nesterov = true;
    QTest::newRow("nesterov without momentum")
        << s << "optimizer.nesterov needs optimizer.momentum > 0, got momentum 0";
    s = specOf("gd");
    s.batchSize = 16;
    QTest::newRow("gd with mini-batches")
        << s
        << "optimizer.batch_size must be 0 (full batch) for gd, got 16; use sgd for mini-batches";
    s = specOf("sgd");
    s.batchSize = -1;
    QTest::newRow("batch size negative") << s << "optimizer.batch_size must be >= 0, got -1";
    s = specOf("sgd");
    s.weightDecay = -0.01;
    QTest::newRow("weight decay negative") << s << "optimizer.weight_decay must be >= 0, got -0.01";
    s.weightDecay = HUGE_VAL;
    QTest::newRow("weight decay infinite") << s << "optimizer.weight_decay must be >= 0, got inf";
    s = specOf("adam");
    s.beta1 = 1;
    QTest::newRow("beta1 1") << s << "optimizer.betas.0 must be in [0, 1), got 1";
    s = specOf("adamw");
    s.beta2 = 1.5;
    QTest::newRow("beta2 1.5") << s << "optimizer.betas.1 must be in [0, 1), got 1.5";
    s = specOf("adam");
    s.eps = 0;
    QTest::newRow("eps zero") << s << "optimizer.eps must be > 0, got 0";
    s = specOf("rmsprop");
    s.alpha = 1;
    QTest::newRow("alpha 1") << s << "optimizer.alpha must be in [0, 1), got 1";
    s = specOf("rmsprop");
    s.momentum = 2;
    QTest::newRow("rmsprop momentum 2") << s << "optimizer.momentum must be in [0, 1), got 2";
    s = specOf("adagrad");
    s.eps = -1e-10;
    QTest::newRow("adagrad eps negative") << s << "optimizer.eps must be > 0, got -1e-10";
}

void TestOptimizers::problemsNameTheKey()
{
    QFETCH(OptimizerSpec, spec);
    QFETCH(QString, problem);
    const auto problems = optimizerProblems(spec);
    QCOMPARE(problems, std::vector<std::string> { problem.toStdString() });
    try {
        createOptimizer(spec);
        QFAIL("createOptimizer accepted an invalid spec");
    } catch (const Error& e) {
        QCOMPARE(QString::fromUtf8(e.what()), problem + ".");
    }
}

void TestOptimizers::allProblemsReportedAtOnce()
{
    OptimizerSpec s = specOf("adam");
    s.lr = -1;
    s.beta1 = 2;
    s.eps = 0;
    s.weightDecay = -1;
    const std::vector<std::string> expected { "optimizer.lr must be > 0, got -1",
        "optimizer.betas.0 must be in [0, 1), got 2", "optimizer.eps must be > 0, got 0",
        "optimizer.weight_decay must be >= 0, got -1" };
    QCOMPARE(optimizerProblems(s), expected);
    try {
        createOptimizer(s);
        QFAIL("createOptimizer accepted an invalid spec");
    } catch (const Error& e) {
        QCOMPARE(std::string(e.what()),
            "optimizer.lr must be > 0, got -1; optimizer.betas.0 must be in [0, 1), got 2; "
            "optimizer.eps must be > 0, got 0; optimizer.weight_decay must be >= 0, got -1.");
    }
}

void TestOptimizers::unreadFieldsAreNotChecked()
{
    // Adam reads no momentum and adagrad no betas: values there are ignored, not errors.
    OptimizerSpec s = specOf("adam");
    s.momentum = 5;
    s.nesterov = true;
    s.alpha = -1;
    QVERIFY(optimizerProblems(s).empty());
    s = specOf("adagrad");
    s.beta1 = 7;
    QVERIFY(optimizerProblems(s).empty());
    // ... but gd and sgd do read momentum.
    s = specOf("gd");
    s.momentum = 5;
    QCOMPARE(optimizerProblems(s).size(), std::size_t(1));
}

QTEST_APPLESS_MAIN(TestOptimizers)
#include "tst_optimizers.moc"
