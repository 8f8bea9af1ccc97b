// The run editor's per-layer table (per_tensor): through the panel of the moons preset,
// open the table of a quantized run, give layers.0.weight 3 bits and the mse observer, and
// the run's spec carries exactly that entry; a row left as the run's is no entry; changing
// the run's mode keeps the entry valid (same mode).

#include "core/data/generators.h"
#include "core/engine/experiment.h"
#include "core/quant/quantizer.h"
#include "ui/widgets/experiment_panel.h"
#include "ui/widgets/per_tensor_dialog.h"
#include "ui/widgets/runs_editor.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QtTest>

using namespace bitlab;
using namespace bitlab::ui;

class TestPerTensorDialog : public QObject {
    Q_OBJECT
private slots:
    void editsPerTensor()
    {
        ExperimentPanel panel;
        ExperimentSpec spec;
        spec.dataset.source = "builtin:moons";
        spec.model.kind = "mlp";
        spec.model.hidden = { 8 };
        spec.loss = "bce";
        RunSpec fp;
        fp.name = "fp64";
        RunSpec q;
        q.name = "q";
        q.quantizer = findQuantizer("symmetric")->defaults;
        q.quantizer->scheme = "symmetric";
        q.quantizer->bits = 6;
        spec.runs = { fp, q };
        panel.setSpec(spec);
        RunsEditor* editor = panel.runsEditor();
        editor->setCurrentRun(1);
        auto* button = editor->findChild<QPushButton*>(QStringLiteral("perTensorButton"));
        QVERIFY(button);
        QVERIFY(!button->isHidden());
        PerTensorDialog* dialog = editor->openPerTensor();
        QVERIFY(dialog);
        QTableWidget* table = dialog->table();
        QCOMPARE(table->rowCount(), 5); // 4 tensors, then the hidden activation
        QCOMPARE(table->item(0, 0)->text(), QStringLiteral("layers.0.weight"));
        QCOMPARE(table->item(4, 0)->text(), QStringLiteral("layers.0.activation"));
        QVERIFY(table->isColumnHidden(PerTensorDialog::LearnColumn)); // post_update learns nothing
        qobject_cast<QSpinBox*>(table->cellWidget(0, 1))->setValue(3);
        auto* observer = qobject_cast<QComboBox*>(table->cellWidget(0, 2));
        observer->setCurrentIndex(observer->findData(QStringLiteral("mse")));
        QTest::mouseClick(
            dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
        const ExperimentSpec after = panel.spec();
        QCOMPARE(after.runs[1].perTensor.size(), std::size_t(1));
        const TensorQuantizer& t = after.runs[1].perTensor.front();
        QCOMPARE(t.tensor, std::string("layers.0.weight"));
        QCOMPARE(t.spec.bits, 3);
        QCOMPARE(int(t.spec.observer), int(RangeObserver::Mse));
        QVERIFY(specProblems(after).empty());
        QVERIFY(button->text().contains(QLatin1String("1")));
        // The run's mode changes: the entry follows (one mode per run).
        auto* mode = editor->findChild<QComboBox*>(QStringLiteral("modeCombo"));
        mode->setCurrentIndex(mode->findData(QStringLiteral("ptq")));
        const ExperimentSpec ptq = panel.spec();
        QCOMPARE(int(ptq.runs[1].perTensor.front().spec.mode), int(TrainingMode::Ptq));
        QCOMPARE(ptq.runs[1].perTensor.front().spec.bits, 3);
        QVERIFY(specProblems(ptq).empty());
    }

    // The hidden activations' rows: bits (off = float64) and, in ste, the learning; the
    // entries they make run (per_tensor "layers.l.activation").
    void editsActivations()
    {
        ExperimentPanel panel;
        ExperimentSpec spec;
        spec.dataset.source = "builtin:moons";
        spec.model.kind = "mlp";
        spec.model.hidden = { 8, 6 };
        spec.model.activation = Activation::Relu;
        spec.loss = "bce";
        RunSpec q;
        q.name = "q";
        q.quantizer = findQuantizer("symmetric")->defaults;
        q.quantizer->scheme = "symmetric";
        q.quantizer->mode = TrainingMode::Ste;
        q.quantizer->activationBits = 8;
        spec.runs = { q };
        panel.setSpec(spec);
        RunsEditor* editor = panel.runsEditor();
        editor->setCurrentRun(0);
        PerTensorDialog* dialog = editor->openPerTensor();
        QVERIFY(dialog);
        QTableWidget* table = dialog->table();
        QCOMPARE(table->rowCount(), 8); // 6 tensors, 2 activations
        QCOMPARE(table->item(6, 0)->text(), QStringLiteral("layers.0.activation"));
        QCOMPARE(table->item(7, 0)->text(), QStringLiteral("layers.1.activation"));
        QVERIFY(!table->isColumnHidden(PerTensorDialog::LearnColumn));
        QVERIFY(!table->cellWidget(6, PerTensorDialog::ObserverColumn)); // no observer
        QVERIFY(!table->cellWidget(0, PerTensorDialog::LearnColumn)); // weights: no learn
        auto* bits0 = qobject_cast<QSpinBox*>(table->cellWidget(6, PerTensorDialog::BitsColumn));
        QCOMPARE(bits0->value(), 8);
        bits0->setValue(3);
        auto* learn0 = qobject_cast<QComboBox*>(table->cellWidget(6, PerTensorDialog::LearnColumn));
        learn0->setCurrentIndex(learn0->findData(QStringLiteral("pact")));
        auto* bits1 = qobject_cast<QSpinBox*>(table->cellWidget(7, PerTensorDialog::BitsColumn));
        bits1->setValue(0);
        QCOMPARE(bits1->text(), QStringLiteral("off"));
        QTest::mouseClick(
            dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
        const ExperimentSpec after = panel.spec();
        const RunSpec& run = after.runs[0];
        QCOMPARE(run.perTensor.size(), std::size_t(2));
        const QuantizerSpec& a0
            = specForTensor(*run.quantizer, run.perTensor, "layers.0.activation");
        QCOMPARE(a0.activationBits, 3);
        QCOMPARE(int(a0.learn), int(LearnMode::Pact));
        QCOMPARE(
            specForTensor(*run.quantizer, run.perTensor, "layers.1.activation").activationBits, 0);
        QVERIFY(specProblems(after).empty());
        Experiment e(after, loadDataset(after.dataset, ""));
        QVERIFY(e.learnedNames(0) == std::vector<std::string> { "layers.0.activation.clip" });
        // The run's scheme changes: the activations keep their bits and learning.
        auto* scheme = editor->findChild<QComboBox*>(QStringLiteral("schemeCombo"));
        QVERIFY(scheme);
        scheme->setCurrentIndex(scheme->findData(QStringLiteral("affine")));
        const RunSpec affine = panel.spec().runs[0];
        QCOMPARE(specForTensor(*affine.quantizer, affine.perTensor, "layers.0.activation")
                     .activationBits,
            3);
        QCOMPARE(
            int(specForTensor(*affine.quantizer, affine.perTensor, "layers.0.activation").learn),
            int(LearnMode::Pact));
    }
};

QTEST_MAIN(TestPerTensorDialog)
#include "tst_per_tensor_dialog.moc"
