// The run editor's Gradients and Optimizer state rows (gradient_quantizer and
// state_quantizer, DESIGN §6), through real key and mouse events: a full-precision run gets
// bf16 state with stochastic rounding and amax scaling, the list says so, the choice goes
// back to float64; a run read from a file shows its quantizers and keeps the keys the row
// does not show; the panel refuses a state quantizer where the optimizer keeps no state.

#include "common/widget_input.h"
#include "core/engine/presets.h"
#include "core/quant/quantizer.h"
#include "ui/widgets/experiment_panel.h"
#include "ui/widgets/quantizer_picker.h"
#include "ui/widgets/runs_editor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QSignalSpy>
#include <QSpinBox>
#include <QtTest>

using namespace bitlab;
using namespace bitlab::ui;
using bitlab::test::keyTo;

namespace {

struct Picker {
    QuantizerPicker* picker;
    QComboBox* scheme;
    QComboBox* format;
    QComboBox* rounding;
    QCheckBox* amax;
    QSpinBox* bits;
    QSpinBox* fracBits;
};

Picker pickerOf(QWidget& root, const char* name)
{
    auto* p = root.findChild<QuantizerPicker*>(QString::fromLatin1(name));
    return { p, p->findChild<QComboBox*>("pickerScheme"), p->findChild<QComboBox*>("pickerFormat"),
        p->findChild<QComboBox*>("pickerRounding"), p->findChild<QCheckBox*>("pickerAmax"),
        p->findChild<QSpinBox*>("pickerBits"), p->findChild<QSpinBox*>("pickerFracBits") };
}

QuantizerSpec fixedGrid(int bits, int fracBits)
{
    QuantizerSpec q = findQuantizer("fixed")->defaults;
    q.bits = bits;
    q.fracBits = fracBits;
    return q;
}

} // namespace

class TestRoundedQuantities : public QObject {
    Q_OBJECT
private slots:
    void stateInBf16()
    {
        RunsEditor editor;
        editor.setRuns({ RunSpec { "fp64", std::nullopt } });
        editor.resize(560, 900);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        const Picker state = pickerOf(editor, "stateQuantizer");
        QVERIFY(state.picker && state.picker->isVisible());
        QVERIFY(!state.format->isVisible() && !state.rounding->isVisible()); // float64
        QSignalSpy changed(&editor, &RunsEditor::runsChanged);

        keyTo(state.scheme, "float");
        QVERIFY(state.format->isVisible() && state.amax->isVisible());
        QVERIFY(!state.bits->isVisible());
        keyTo(state.format, "bf16");
        keyTo(state.rounding, "stochastic");
        QTest::mouseClick(state.amax, Qt::LeftButton, {}, QPoint(6, state.amax->height() / 2));
        QVERIFY(changed.count() >= 4);

        const RunSpec run = editor.runs()[0];
        QVERIFY(!run.quantizer && !run.gradientQuantizer);
        QVERIFY(run.stateQuantizer);
        QCOMPARE(run.stateQuantizer->scheme, std::string("float"));
        QCOMPARE(run.stateQuantizer->format, std::string("bf16"));
        QCOMPARE(run.stateQuantizer->rounding, Rounding::Stochastic);
        QCOMPARE(run.stateQuantizer->scaling, FloatScaling::Amax);
        const QString listed
            = editor.model()->data(editor.model()->index(0, RunsModel::QuantizerColumn)).toString();
        QVERIFY2(listed.contains("state bf16-amax sr"), qPrintable(listed));

        keyTo(state.scheme, QString()); // float64 again
        QVERIFY(!editor.runs()[0].stateQuantizer);
        QVERIFY(!state.format->isVisible());
    }

    // A file's gradient quantizer (fixed 12 bits, 6 fraction bits, block 8 that the row
    // does not show) appears in the row; editing the bits keeps the other keys.
    void fromFile()
    {
        RunSpec r { "g", std::nullopt };
        r.gradientQuantizer = fixedGrid(12, 6);
        r.gradientQuantizer->block = 8;
        RunsEditor editor;
        editor.setRuns({ r });
        editor.resize(560, 900);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        const Picker g = pickerOf(editor, "gradientQuantizer");
        QCOMPARE(g.scheme->currentData().toString(), QStringLiteral("fixed"));
        QVERIFY(g.bits->isVisible() && g.fracBits->isVisible() && !g.format->isVisible());
        QCOMPARE(g.bits->value(), 12);
        QCOMPARE(g.fracBits->value(), 6);
        bitlab::test::typeInto(g.fracBits, 4);
        const RunSpec run = editor.runs()[0];
        QCOMPARE(run.gradientQuantizer->bits, 12);
        QCOMPARE(run.gradientQuantizer->fracBits, 4);
        QCOMPARE(run.gradientQuantizer->block, 8);
        QCOMPARE(run.name, std::string("g"));
    }

    // The seed example trains with gd and no momentum: nothing to round, and the panel says
    // so with the engine's words (Run stays disabled).
    void panelRefusesStatelessOptimizer()
    {
        ExperimentPanel panel;
        panel.setSpec(findPreset("seed")->spec);
        panel.resize(600, 1200);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QVERIFY2(panel.problem().isEmpty(), qPrintable(panel.problem()));
        const Picker state = pickerOf(panel, "stateQuantizer");
        keyTo(state.scheme, "float");
        QVERIFY2(panel.problem().contains("keeps no state to round"), qPrintable(panel.problem()));
        keyTo(state.scheme, QString());
        QVERIFY2(panel.problem().isEmpty(), qPrintable(panel.problem()));
    }
};

QTEST_MAIN(TestRoundedQuantities)
#include "tst_rounded_quantities.moc"
