// Slow test (label "slow"; runs with BITLAB_SLOW=1, e.g. `make test-slow`): the
// main window under load. The seed preset (4 runs, full-batch GD, a record every step) is
// paced at 25,000 steps a second, i.e. 10^5 records a second handed from the worker to the
// UI, for a minute (BITLAB_LOAD_SECONDS overrides). Checks: the records arrive at that rate,
// a 10 ms UI-thread timer's lateness stays below 50 ms at the 99th percentile, and the
// process's resident memory is reported at the start and the end (and checked for growth).

#include "core/engine/presets.h"
#include "ui/main_window.h"
#include "ui/training_controller.h"
#include "ui/widgets/experiment_panel.h"

#include <QAction>
#include <QElapsedTimer>
#include <QFile>
#include <QtTest>
#include <algorithm>
#include <cstdio>

using namespace bitlab;
using namespace bitlab::ui;

namespace {

constexpr double kRecordsPerSecond = 1e5;

double rssMegabytes()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1.0;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
    return -1.0;
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0.0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

} // namespace

class TestSlowLoad : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        if (qEnvironmentVariable("BITLAB_SLOW") != QLatin1String("1"))
            QSKIP("slow test: run it with BITLAB_SLOW=1 (make test-slow)");
        QCoreApplication::setOrganizationName(QStringLiteral("BitLabTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_slow_load"));
    }

    void hundredThousandRecordsASecond()
    {
        bool ok = false;
        int seconds = qEnvironmentVariableIntValue("BITLAB_LOAD_SECONDS", &ok);
        if (!ok || seconds <= 0)
            seconds = 60;
        ExperimentSpec spec = findPreset("seed")->spec;
        const auto runs = static_cast<double>(spec.runs.size());
        const double stepsPerSecond = kRecordsPerSecond / runs;
        spec.training.recordEvery = 1;
        spec.training.epochs = static_cast<std::int64_t>(stepsPerSecond * (seconds + 30));

        MainWindow w;
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.panel()->setSpec(spec);
        QVERIFY(w.panel()->problem().isEmpty());
        w.controller()->setSpeed(stepsPerSecond);

        qint64 records = 0;
        connect(w.controller(), &TrainingController::recordsArrived, this,
            [&records](const std::vector<Record>& batch) {
                records += static_cast<qint64>(batch.size());
            });
        std::vector<double> late;
        QElapsedTimer clock;
        qint64 last = 0;
        QTimer probe;
        probe.setTimerType(Qt::PreciseTimer);
        probe.setInterval(10);
        connect(&probe, &QTimer::timeout, this, [&] {
            const qint64 now = clock.nsecsElapsed();
            late.push_back(static_cast<double>(now - last) * 1e-6 - 10.0);
            last = now;
        });

        w.findChild<QAction*>(QStringLiteral("actionRun"))->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(
            w.controller()->state() == TrainingController::State::Running, 30000);
        QTest::qWait(2000); // warm-up: the worker's chunk size settles
        const double rssStart = rssMegabytes();
        const qint64 recordsStart = records;
        std::printf(
            "start: RSS %.1f MB, %lld records so far\n", rssStart, static_cast<long long>(records));
        clock.start();
        probe.start();
        double rssPeak = rssStart;
        for (int s = 1; s <= seconds; ++s) {
            QTest::qWait(1000);
            rssPeak = std::max(rssPeak, rssMegabytes());
            if (s % 10 == 0)
                std::printf("%3d s: RSS %.1f MB, %.0f records/s, lateness p99 %.1f ms\n", s,
                    rssMegabytes(),
                    static_cast<double>(records - recordsStart)
                        / (static_cast<double>(clock.nsecsElapsed()) * 1e-9),
                    percentile(late, 0.99));
            std::fflush(stdout);
        }
        probe.stop();
        const double elapsed = static_cast<double>(clock.nsecsElapsed()) * 1e-9;
        const double rate = static_cast<double>(records - recordsStart) / elapsed;
        const double rssEnd = rssMegabytes();
        QCOMPARE(w.controller()->state(), TrainingController::State::Running);
        w.findChild<QAction*>(QStringLiteral("actionReset"))->trigger();
        const double p99 = percentile(late, 0.99);
        std::printf("RESULT: %d s at %.0f records/s (%lld records): RSS start %.1f MB, end %.1f "
                    "MB, peak %.1f MB; UI timer lateness p50 %.1f ms, p99 %.1f ms, max %.1f ms "
                    "(%zu ticks)\n",
            seconds, rate, static_cast<long long>(records - recordsStart), rssStart, rssEnd,
            rssPeak, percentile(late, 0.5), p99, percentile(late, 1.0), late.size());

        QVERIFY2(rate > 0.9 * kRecordsPerSecond, "the worker did not deliver 10^5 records/s");
        QVERIFY2(p99 < 50.0, "the UI timer was more than 50 ms late at the 99th percentile");
        QVERIFY2(rssEnd - rssStart < 0.25 * rssStart + 64.0, "memory grew under load");
    }
};

QTEST_MAIN(TestSlowLoad)
#include "tst_slow_load.moc"
