// The run editor offers the low-precision schemes (DESIGN §6) through real key events:
// choosing float shows the format (and E/M only for custom), overflow and scaling and hides
// the bits; mx shows the element and the block; nvfp4 the block; each edit reaches the run.

#include "common/widget_input.h"
#include "core/quant/quantizer.h"
#include "ui/widgets/runs_editor.h"

#include <QAbstractItemView>
#include <QComboBox>
#include <QSignalSpy>
#include <QSpinBox>
#include <QtTest>

using namespace bitlab;
using namespace bitlab::ui;
using bitlab::test::keyTo;
using bitlab::test::typeInto;

namespace {

QuantizerSpec symmetric(int bits)
{
    QuantizerSpec q = findQuantizer("symmetric")->defaults;
    q.scheme = "symmetric";
    q.bits = bits;
    return q;
}

} // namespace

class TestRunsEditorFormats : public QObject {
    Q_OBJECT
private slots:
    void chooseFormats()
    {
        RunsEditor editor;
        editor.setRuns({ RunSpec { "fp64", std::nullopt }, RunSpec { "q", symmetric(4) } });
        editor.resize(520, 900);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        auto* list = editor.findChild<QAbstractItemView*>();
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {},
            list->visualRect(list->model()->index(1, 0)).center());
        QTRY_COMPARE(editor.currentRun(), 1);
        auto* scheme = editor.findChild<QComboBox*>("schemeCombo");
        auto* bits = editor.findChild<QSpinBox*>("bitsSpin");
        auto* format = editor.findChild<QComboBox*>("formatCombo");
        auto* expBits = editor.findChild<QSpinBox*>("expBitsSpin");
        auto* scaling = editor.findChild<QComboBox*>("scalingCombo");
        auto* element = editor.findChild<QComboBox*>("elementCombo");
        auto* block = editor.findChild<QSpinBox*>("blockSpin");
        QVERIFY(scheme && bits && format && expBits && scaling && element && block);
        QVERIFY(!format->isVisible() && !element->isVisible() && bits->isVisible());

        QSignalSpy changed(&editor, &RunsEditor::runsChanged);
        keyTo(scheme, "float");
        QTRY_VERIFY(format->isVisible());
        QVERIFY(!bits->isVisible() && !expBits->isVisible() && !block->isVisible());
        QVERIFY(scaling->isVisible());
        QCOMPARE(editor.runs()[1].quantizer->scheme, std::string("float"));
        QCOMPARE(editor.runs()[1].quantizer->format, std::string("e4m3"));
        keyTo(format, "bf16");
        QCOMPARE(editor.runs()[1].quantizer->format, std::string("bf16"));
        keyTo(scaling, "amax");
        QCOMPARE(editor.runs()[1].quantizer->scaling, FloatScaling::Amax);
        keyTo(format, "custom");
        QTRY_VERIFY(expBits->isVisible());
        typeInto(expBits, 3);
        QCOMPARE(editor.runs()[1].quantizer->format, std::string("custom"));
        QCOMPARE(editor.runs()[1].quantizer->expBits, 3);
        QVERIFY(changed.count() >= 4);

        keyTo(scheme, "mx");
        QTRY_VERIFY(element->isVisible());
        QVERIFY(block->isVisible() && !format->isVisible() && !bits->isVisible());
        QCOMPARE(block->value(), 32);
        keyTo(element, "e2m1");
        typeInto(block, 16);
        QCOMPARE(editor.runs()[1].quantizer->element, std::string("e2m1"));
        QCOMPARE(editor.runs()[1].quantizer->block, 16);
        QVERIFY(validateQuantizerSpec(*editor.runs()[1].quantizer, "q").empty());

        keyTo(scheme, "nvfp4");
        QTRY_VERIFY(!element->isVisible());
        QVERIFY(block->isVisible());
        QCOMPARE(block->value(), 16);
        QCOMPARE(editor.runs()[1].quantizer->scheme, std::string("nvfp4"));
    }
};

QTEST_MAIN(TestRunsEditorFormats)
#include "tst_runs_editor_formats.moc"
