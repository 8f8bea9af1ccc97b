// The run editor's Convention picker on the offscreen platform: choosing a framework sets the
// selected run's quantizer as core/quant/conventions.h says, keeps the bits, and shows the
// formula it amounts to; a hand-made setting shows "Custom"; full-precision runs hide it.

#include "core/quant/conventions.h"
#include "core/quant/quantizer.h"
#include "ui/main_window.h"
#include "ui/widgets/experiment_panel.h"
#include "ui/widgets/runs_editor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QScrollArea>
#include <QSignalSpy>
#include <QtTest>

using namespace bitlab;
using namespace bitlab::ui;

namespace {

std::vector<RunSpec> twoRuns()
{
    QuantizerSpec q = findQuantizer("symmetric")->defaults;
    q.scheme = "symmetric";
    q.bits = 4;
    return { RunSpec { "fp64", std::nullopt }, RunSpec { "q", q } };
}

} // namespace

class TestConventionsPicker : public QObject {
    Q_OBJECT
private slots:
    void pick_data()
    {
        QTest::addColumn<QString>("name");
        for (const QuantConvention& c : conventionRegistry())
            QTest::newRow(c.name.c_str()) << QString::fromStdString(c.name);
    }
    void pick()
    {
        QFETCH(QString, name);
        RunsEditor editor;
        editor.setRuns(twoRuns());
        editor.resize(420, 640);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        editor.setCurrentRun(1);
        auto* combo = editor.findChild<QComboBox*>("conventionCombo");
        auto* formula = editor.findChild<QLabel*>("conventionFormula");
        QVERIFY(combo && formula);
        QVERIFY(combo->isVisible());
        QCOMPARE(combo->currentData().toString(), QString()); // Custom
        QVERIFY(!formula->isVisible());

        QSignalSpy changed(&editor, &RunsEditor::runsChanged);
        const int index = combo->findData(name);
        QVERIFY(index > 0);
        combo->setCurrentIndex(index);
        QCOMPARE(changed.count(), 1);
        const QuantizerSpec expected = applyConvention(name.toStdString(), *twoRuns()[1].quantizer);
        const std::vector<RunSpec> runs = editor.runs(); // a copy: keep it alive
        const QuantizerSpec& got = *runs[1].quantizer;
        QCOMPARE(got.scheme, expected.scheme);
        QCOMPARE(got.narrowRange, expected.narrowRange);
        QCOMPARE(got.rounding, expected.rounding);
        QCOMPARE(got.mode, expected.mode);
        QCOMPARE(got.steClip, expected.steClip);
        QCOMPARE(got.fracBits, expected.fracBits);
        QCOMPARE(got.torchFloat32, expected.torchFloat32);
        QCOMPARE(got.bits, 4);
        QCOMPARE(editor.convention(), name);
        QCOMPARE(combo->currentData().toString(), name);
        QVERIFY(formula->isVisible());
        QCOMPARE(
            formula->text(), QString::fromStdString(conventionFormula(name.toStdString(), got)));
        QVERIFY(formula->toolTip().contains(
            QString::fromStdString(findConvention(name.toStdString())->differences)));
        QVERIFY(!editor.runs()[0].quantizer); // the other run is untouched
        // To look at it: BITLAB_PICKER_SCREENSHOT=dir ctest -R conventions_picker
        if (const QString dir = qEnvironmentVariable("BITLAB_PICKER_SCREENSHOT"); !dir.isEmpty())
            QVERIFY(editor.grab().save(dir + "/picker-" + name + ".png"));
    }

    void customAndFullPrecision()
    {
        RunsEditor editor;
        editor.setRuns(twoRuns());
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        editor.setCurrentRun(1);
        editor.setConvention("pytorch");
        QCOMPARE(editor.convention(), QString("pytorch"));
        // Turning the STE mask off by hand is no framework's default any more.
        auto* combo = editor.findChild<QComboBox*>("conventionCombo");
        QCheckBox* clip = nullptr;
        for (QCheckBox* box : editor.findChildren<QCheckBox*>())
            if (box->text() == "STE clip")
                clip = box;
        QVERIFY(clip);
        QVERIFY(clip->isChecked());
        clip->setChecked(false);
        QCOMPARE(editor.runs()[1].quantizer->steClip, false);
        QCOMPARE(editor.convention(), QString()); // symmetric full range, no mask: custom
        QCOMPARE(combo->currentData().toString(), QString());
        QVERIFY(!editor.findChild<QLabel*>("conventionFormula")->isVisible());
        // PyTorch's float32 arithmetic is part of the convention: its box shows it, and
        // clicking it off (float64 codes) is custom too.
        editor.setConvention("pytorch");
        QCheckBox* float32 = nullptr;
        for (QCheckBox* box : editor.findChildren<QCheckBox*>())
            if (box->text() == "float32 (PyTorch)")
                float32 = box;
        QVERIFY(float32 && float32->isVisible());
        QVERIFY(float32->isChecked());
        QTest::mouseClick(float32, Qt::LeftButton, {}, QPoint(8, float32->height() / 2));
        QVERIFY(!float32->isChecked());
        QCOMPARE(editor.runs()[1].quantizer->torchFloat32, false);
        QCOMPARE(editor.convention(), QString());
        // A scheme without float32 arithmetic hides the box.
        editor.setConvention("qkeras");
        QVERIFY(!float32->isVisible());
        QCOMPARE(editor.runs()[1].quantizer->torchFloat32, false);
        editor.setConvention("pytorch");
        // "Custom" changes nothing.
        combo->setCurrentIndex(0);
        QCOMPARE(editor.runs()[1].quantizer->scheme, std::string("symmetric"));
        // The full-precision run has no quantizer to set.
        editor.setCurrentRun(0);
        QVERIFY(!combo->isVisible());
        editor.setConvention("qkeras");
        QVERIFY(!editor.runs()[0].quantizer);
    }

    // In the window, a convention's settings fit the panel's scroll area: the float32 box
    // of the PyTorch conventions, side by side with the other flags, once pushed the panel
    // wider than its area and cut off the fields' right edges.
    void fitsThePanel_data() { pick_data(); }
    void fitsThePanel()
    {
        QFETCH(QString, name);
        QCoreApplication::setOrganizationName(QStringLiteral("BitLabTest"));
        MainWindow w; // the seed example: a float run and three Q4.3 twins
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.panel()->runsEditor()->setCurrentRun(1);
        w.panel()->runsEditor()->setConvention(name);
        QScrollArea* area = nullptr;
        for (QScrollArea* a : w.findChildren<QScrollArea*>())
            if (a->widget() == w.panel())
                area = a;
        QVERIFY(area);
        // The layout settles in posted events: let them all run before measuring.
        for (int i = 0; i < 5; ++i) {
            QCoreApplication::sendPostedEvents();
            QCoreApplication::processEvents();
        }
        QVERIFY2(w.panel()->width() <= area->viewport()->width(),
            qPrintable(QStringLiteral("panel %1 px in a %2 px area")
                           .arg(w.panel()->width())
                           .arg(area->viewport()->width())));
    }
};

QTEST_MAIN(TestConventionsPicker)
#include "tst_conventions_picker.moc"
