// The Sensitivity tab through the main window: Compute (a real click) gives exactly the
// numbers `bitlab-cli sensitivity` writes for the same experiment, the chart draws a line
// per tensor, and Suggest adds a mixed-precision run with per_tensor to the panel's
// experiment (within the budget, by suggestBits' rule).

#include "core/engine/sensitivity.h"
#include "core/io/experiment_json.h"
#include "ui/main_window.h"
#include "ui/views/sensitivity_view.h"
#include "ui/widgets/experiment_panel.h"

#include <QFile>
#include <QProcess>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace bitlab;
using namespace bitlab::ui;

class TestSensitivityView : public QObject {
    Q_OBJECT
private slots:
    void agreesWithTheCliAndSuggests()
    {
        MainWindow w;
        w.show();
        QVERIFY(w.openPreset(QStringLiteral("outliers")));
        ExperimentPanel* panel = w.findChild<ExperimentPanel*>();
        QVERIFY(panel);
        ExperimentSpec spec = panel->spec();
        spec.training.epochs = 4; // quick; the same for both
        panel->setSpec(spec);
        QVERIFY(w.selectView(QStringLiteral("sensitivity")));
        auto* view = w.findChild<SensitivityView*>();
        QVERIFY(view);
        view->setBitRange(2, 5);
        QSignalSpy done(view, &SensitivityView::computed);
        QTest::mouseClick(
            view->findChild<QPushButton*>(QStringLiteral("sensitivityCompute")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 120000);
        QVERIFY(view->table().has_value());
        const SensitivityTable& table = *view->table();
        QCOMPARE(table.tensors.size(), std::size_t(4));
        QCOMPARE(table.rows.size(), std::size_t(16));

        // The CLI on the same experiment: every number the same.
        QTemporaryDir dir;
        io::writeExperiment(dir.filePath("exp.json"), panel->spec());
        QProcess cli;
        cli.setWorkingDirectory(dir.path());
        cli.start(QString::fromLocal8Bit(qgetenv("BITLAB_BIN_DIR")) + "/bitlab-cli",
            { "sensitivity", "exp.json", "--bits", "2-5", "--out", "out", "--quiet" });
        QVERIFY(cli.waitForFinished(120000));
        QCOMPARE(cli.exitCode(), 0);
        QFile csv(dir.filePath("out/sensitivity.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(csv.readAll()).trimmed().split('\n');
        QCOMPARE(lines.size(), 17);
        auto* numbers = view->findChild<QTableWidget*>(QStringLiteral("sensitivityTable"));
        for (int i = 1; i < lines.size(); ++i) {
            const QStringList cells = lines[i].split(',');
            const SensitivityRow* r = table.find(cells[0].toStdString(), cells[1].toInt());
            QVERIFY(r);
            QCOMPARE(r->trainLoss, cells[3].toDouble());
            QCOMPARE(r->testLoss, cells[4].toDouble());
            QCOMPARE(r->lossIncrease, cells[5].toDouble());
            // And what the table widget holds.
            const int row
                = static_cast<int>(std::find(table.tensors.begin(), table.tensors.end(), r->tensor)
                    - table.tensors.begin());
            QCOMPARE(numbers->item(row, cells[1].toInt() - 2)->data(Qt::UserRole).toDouble(),
                cells[5].toDouble());
        }

        // Suggest under 3 bits per weight: one more run, with per_tensor, within budget.
        const std::size_t before = panel->spec().runs.size();
        view->setBudget(3.0);
        QTest::mouseClick(
            view->findChild<QPushButton*>(QStringLiteral("sensitivitySuggest")), Qt::LeftButton);
        const ExperimentSpec after = panel->spec();
        QCOMPARE(after.runs.size(), before + 1);
        const RunSpec& mixed = after.runs.back();
        QVERIFY(mixed.quantizer.has_value());
        QCOMPARE(int(mixed.quantizer->mode), int(TrainingMode::Ptq));
        double bits = 0, elements = 0;
        const std::vector<int> expected = suggestBits(table, 3.0 * (2048 + 32 + 320 + 10));
        for (std::size_t i = 0; i < table.tensors.size(); ++i) {
            const QuantizerSpec& q
                = specForTensor(*mixed.quantizer, mixed.perTensor, table.tensors[i]);
            QCOMPARE(q.bits, expected[i]);
            bits += static_cast<double>(table.sizes[i]) * q.bits;
            elements += static_cast<double>(table.sizes[i]);
        }
        QVERIFY(bits <= 3.0 * elements);
        QVERIFY(!mixed.perTensor.empty());
    }
};

QTEST_MAIN(TestSensitivityView)
#include "tst_sensitivity_view.moc"
