// The runs list and its editor on the offscreen platform, through real clicks: a run
// carries its name, quantizer and status together, so duplicating or removing a run after
// an experiment leaves every other row showing its own run's status.

#include "core/quant/conventions.h"
#include "core/quant/quantizer.h"
#include "ui/widgets/runs_editor.h"
#include "ui/widgets/runs_model.h"

#include <QAbstractItemView>
#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QtTest>

using namespace bitlab;
using namespace bitlab::ui;

namespace {

QuantizerSpec fixed(int bits, int fracBits)
{
    QuantizerSpec q = findQuantizer("fixed")->defaults;
    q.scheme = "fixed";
    q.bits = bits;
    q.fracBits = fracBits;
    return q;
}

// The editor with the seed's first two runs, the quantized one selected.
struct Seed {
    RunsEditor editor;
    bool setUp()
    {
        editor.setRuns({ RunSpec { "fp64", std::nullopt }, RunSpec { "Q4.3-nearest", fixed(8, 3) },
            RunSpec { "my favourite", fixed(8, 3) } });
        editor.resize(520, 640);
        editor.show();
        editor.setCurrentRun(1);
        return QTest::qWaitForWindowExposed(&editor);
    }
    template <typename T> T* field(const char* name)
    {
        return editor.findChild<T*>(QString::fromLatin1(name));
    }
    // A key on a field the user clicked into (a combo box steps to the next item).
    void key(QWidget* field, Qt::Key key)
    {
        QTest::mouseClick(field, Qt::LeftButton); // focus; a combo opens its list...
        if (auto* combo = qobject_cast<QComboBox*>(field))
            combo->hidePopup(); // ...which the user closes again
        QTest::keyClick(field, key);
    }
};

QuantizerSpec symmetric(int bits)
{
    QuantizerSpec q = findQuantizer("symmetric")->defaults;
    q.scheme = "symmetric";
    q.bits = bits;
    return q;
}

// Three runs after an experiment: one finished, one diverged (an error), one stopped.
struct Finished {
    RunsEditor editor;
    QAbstractItemView* list = nullptr;
    const QStringList statuses { QStringLiteral("finished: loss 0.0123"),
        QStringLiteral("diverged at step 7"), QStringLiteral("stopped at step 40") };

    bool setUp()
    {
        editor.setRuns({ RunSpec { "fp64", std::nullopt }, RunSpec { "four", symmetric(4) },
            RunSpec { "two", symmetric(2) } });
        for (int i = 0; i < 3; ++i)
            editor.setStatus(i, statuses[i], i == 1);
        editor.resize(520, 640);
        editor.show();
        list = editor.findChild<QAbstractItemView*>();
        return QTest::qWaitForWindowExposed(&editor) && list;
    }
    QString cell(int row, int column) const
    {
        return list->model()->index(row, column).data().toString();
    }
    bool shownAsError(int row) const
    {
        const QVariant v = list->model()->index(row, 2).data(Qt::ForegroundRole);
        return v.isValid() && v.value<QBrush>().color() == QColor(0xB0, 0x30, 0x20);
    }
    void clickRow(int row)
    {
        const QRect r = list->visualRect(list->model()->index(row, 0));
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, r.center());
    }
    void clickButton(const QString& text)
    {
        for (QPushButton* b : editor.findChildren<QPushButton*>())
            if (b->text() == text)
                QTest::mouseClick(b, Qt::LeftButton);
    }
};

} // namespace

class TestRunsEditor : public QObject {
    Q_OBJECT
private slots:
    void duplicateAfterExperiment_data();
    void duplicateAfterExperiment();
    void removeKeepsTheOtherStatuses();
    void renameInTheList();
    void schemeBackRestoresItsGrid();
    void nameFollowsTheGridItDescribed();
    void nameWordsOfEachScheme_data();
    void nameWordsOfEachScheme();
    void conventionTitleFitsTheBits();
    void learnChoice();
};

void TestRunsEditor::duplicateAfterExperiment_data()
{
    QTest::addColumn<int>("row");
    QTest::newRow("first") << 0;
    QTest::newRow("middle") << 1;
    QTest::newRow("last") << 2;
}

void TestRunsEditor::duplicateAfterExperiment()
{
    QFETCH(int, row);
    Finished f;
    QVERIFY(f.setUp());
    QSignalSpy changed(&f.editor, &RunsEditor::runsChanged);
    f.clickRow(row);
    QCOMPARE(f.editor.currentRun(), row);
    f.clickButton(QStringLiteral("Duplicate"));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(f.list->model()->rowCount(), 4);
    QCOMPARE(f.editor.currentRun(), row + 1);

    // The copy sits below its original, with its settings and no status (it has not run).
    const std::vector<RunSpec> runs = f.editor.runs();
    QCOMPARE(runs[static_cast<std::size_t>(row + 1)].name,
        runs[static_cast<std::size_t>(row)].name + "-copy");
    QCOMPARE(runs[static_cast<std::size_t>(row + 1)].quantizer.has_value(),
        runs[static_cast<std::size_t>(row)].quantizer.has_value());
    QCOMPARE(f.cell(row + 1, 0),
        QString::fromStdString(runs[static_cast<std::size_t>(row)].name) + QStringLiteral("-copy"));
    QCOMPARE(f.cell(row + 1, 2), QString());
    QVERIFY(!f.shownAsError(row + 1));
    // Every original row still shows its own run's status, in its own colour.
    for (int original = 0; original < 3; ++original) {
        const int shown = original <= row ? original : original + 1;
        QCOMPARE(f.cell(shown, 2), f.statuses[original]);
        QCOMPARE(f.shownAsError(shown), original == 1);
    }
}

void TestRunsEditor::removeKeepsTheOtherStatuses()
{
    Finished f;
    QVERIFY(f.setUp());
    f.clickRow(1);
    f.clickButton(QStringLiteral("Remove"));
    QCOMPARE(f.list->model()->rowCount(), 2);
    QCOMPARE(f.cell(0, 0), QStringLiteral("fp64"));
    QCOMPARE(f.cell(1, 0), QStringLiteral("two"));
    QCOMPARE(f.cell(0, 2), f.statuses[0]);
    QCOMPARE(f.cell(1, 2), f.statuses[2]);
    QVERIFY(!f.shownAsError(0) && !f.shownAsError(1));
    QCOMPARE(f.editor.currentRun(), 1);
}

void TestRunsEditor::renameInTheList()
{
    Finished f;
    QVERIFY(f.setUp());
    QSignalSpy changed(&f.editor, &RunsEditor::runsChanged);
    // Double-click the name, type a new one, Enter: the run and the list both have it.
    const QRect r = f.list->visualRect(f.list->model()->index(2, 0));
    QTest::mouseClick(f.list->viewport(), Qt::LeftButton, {}, r.center());
    QTest::mouseDClick(f.list->viewport(), Qt::LeftButton, {}, r.center());
    QLineEdit* line = nullptr;
    QTRY_VERIFY((line = f.list->findChild<QLineEdit*>()) && line->isVisible());
    QCOMPARE(line->text(), QStringLiteral("two"));
    line->selectAll();
    QTest::keyClicks(line, QStringLiteral("  ternary-ish "));
    QTest::keyClick(line, Qt::Key_Return);
    QTRY_COMPARE(f.editor.runs()[2].name, std::string("ternary-ish"));
    QVERIFY(changed.count() >= 1);
    QCOMPARE(f.cell(2, 0), QStringLiteral("ternary-ish"));
    QCOMPARE(f.cell(2, 2), f.statuses[2]); // renaming keeps the status

    // Emptied, the name is automatic again: shown from the quantizer, edited as empty.
    f.editor.renameRun(2, QString());
    QCOMPARE(f.editor.runs()[2].name, std::string());
    QCOMPARE(f.cell(2, 0), f.editor.displayName(2));
    QVERIFY(!f.cell(2, 0).isEmpty());
    QCOMPARE(f.list->model()->index(2, 0).data(Qt::EditRole).toString(), QString());
}

void TestRunsEditor::schemeBackRestoresItsGrid()
{
    // Issue 16, point 1: fixed 8 bits with 3 fraction bits, to symmetric and back, is fixed
    // 8.3 again (it came back with the scheme's default fraction bits).
    Seed s;
    QVERIFY(s.setUp());
    auto* scheme = s.field<QComboBox>("schemeCombo");
    auto* bits = s.field<QSpinBox>("bitsSpin");
    auto* frac = s.field<QSpinBox>("fracBitsSpin");
    QVERIFY(scheme && bits && frac);
    QCOMPARE(scheme->currentData().toString(), QStringLiteral("fixed"));
    QCOMPARE(frac->value(), 3);
    s.key(scheme, Qt::Key_Down);
    QCOMPARE(s.editor.runs()[1].quantizer->scheme, std::string("symmetric"));
    s.key(bits, Qt::Key_Down); // symmetric 7 bits
    QCOMPARE(s.editor.runs()[1].quantizer->bits, 7);
    s.key(scheme, Qt::Key_Up);
    QCOMPARE(s.editor.runs()[1].quantizer->scheme, std::string("fixed"));
    QCOMPARE(s.editor.runs()[1].quantizer->bits, 8);
    QCOMPARE(s.editor.runs()[1].quantizer->fracBits, 3);
    QCOMPARE(frac->value(), 3);
    QCOMPARE(bits->value(), 8);
    // And symmetric comes back with the 7 bits it was given.
    s.key(scheme, Qt::Key_Down);
    QCOMPARE(s.editor.runs()[1].quantizer->bits, 7);
    // Setting the runs anew forgets: another experiment's grids are not this one's.
    s.editor.setRuns(s.editor.runs());
    s.editor.setCurrentRun(1);
    s.key(scheme, Qt::Key_Up);
    QCOMPARE(s.editor.runs()[1].quantizer->fracBits, findQuantizer("fixed")->defaults.fracBits);
}

void TestRunsEditor::nameFollowsTheGridItDescribed()
{
    // Issue 16, point 6: "Q4.3-nearest" with 4 fraction bits is not Q4.3 any more: the name
    // becomes automatic (it follows the grid); a name the user chose stays.
    Seed s;
    QVERIFY(s.setUp());
    auto* frac = s.field<QSpinBox>("fracBitsSpin");
    QVERIFY(frac);
    s.key(frac, Qt::Key_Up);
    QCOMPARE(s.editor.runs()[1].quantizer->fracBits, 4);
    QCOMPARE(s.editor.runs()[1].name, std::string());
    QCOMPARE(s.editor.displayName(1), QStringLiteral("fixed8.4-post"));
    s.editor.setCurrentRun(2);
    s.key(frac, Qt::Key_Up);
    QCOMPARE(s.editor.runs()[2].quantizer->fracBits, 4);
    QCOMPARE(s.editor.runs()[2].name, std::string("my favourite"));
    // A full-precision run called fp64 that gets quantized is not fp64 any more either.
    s.editor.setCurrentRun(0);
    auto* quantized = s.field<QCheckBox>("quantizedCheck");
    QVERIFY(quantized);
    QTest::mouseClick(quantized, Qt::LeftButton, {}, QPoint(6, quantized->height() / 2));
    QVERIFY(s.editor.runs()[0].quantizer.has_value());
    QCOMPARE(s.editor.runs()[0].name, std::string());
}

Q_DECLARE_METATYPE(bitlab::QuantizerSpec)

namespace {
QuantizerSpec scheme(const char* name, int bits, int fracBits = 0)
{
    QuantizerSpec q = findQuantizer(name)->defaults;
    q.scheme = name;
    q.bits = bits;
    q.fracBits = fracBits;
    return q;
}
} // namespace

void TestRunsEditor::nameWordsOfEachScheme_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QuantizerSpec>("from");
    QTest::addColumn<QuantizerSpec>("to");
    QTest::addColumn<bool>("forgotten"); // the name becomes automatic
    const QuantizerSpec fixed83 = scheme("fixed", 8, 3), fixed84 = scheme("fixed", 8, 4);
    const QuantizerSpec sym4 = scheme("symmetric", 4), sym5 = scheme("symmetric", 5);
    const QuantizerSpec affine4 = scheme("affine", 4), affine5 = scheme("affine", 5);
    const QuantizerSpec pow2of4 = scheme("pow2", 4), pow2of5 = scheme("pow2", 5);
    QTest::newRow("fixed q4.3") << "q4.3-post" << fixed83 << fixed84 << true;
    QTest::newRow("fixed8.3") << "fixed8.3" << fixed83 << fixed84 << true;
    QTest::newRow("fixed stays fixed") << "fixed-post" << fixed83 << fixed84 << false;
    QTest::newRow("sym4") << "sym4" << sym4 << sym5 << true;
    QTest::newRow("sym4full") << "sym4full-post" << sym4 << sym5 << true;
    QTest::newRow("int4") << "int4" << sym4 << sym5 << true;
    QTest::newRow("sym stays sym") << "sym-nearest" << sym4 << sym5 << false;
    QTest::newRow("sym to affine") << "sym" << sym4 << affine4 << true;
    QTest::newRow("int4 to affine") << "int4" << sym4 << affine4 << true;
    QTest::newRow("4bit to affine") << "4bit-tensor" << sym4 << affine4 << false;
    QTest::newRow("asym4") << "asym4" << affine4 << affine5 << true;
    QTest::newRow("affine4") << "affine4-tensor" << affine4 << affine5 << true;
    QTest::newRow("uint4") << "uint4" << affine4 << affine5 << true;
    QTest::newRow("uint4 to symmetric") << "uint4" << affine4 << sym4 << true;
    QTest::newRow("pow2_4") << "pow2_4" << pow2of4 << pow2of5 << true;
    QTest::newRow("log4") << "log4" << pow2of4 << pow2of5 << true;
    QTest::newRow("pow2 stays pow2") << "pow2" << pow2of4 << pow2of5 << false;
    QTest::newRow("w4 to w5") << "w4" << pow2of4 << pow2of5 << true;
    QTest::newRow("a name of its own") << "my run" << sym4 << affine5 << false;
}

// The words a run name may use for each scheme's grid (the registry's nameWords and the
// common ones): a name made of them that no longer describes the new grid is forgotten.
void TestRunsEditor::nameWordsOfEachScheme()
{
    QFETCH(QString, name);
    QFETCH(QuantizerSpec, from);
    QFETCH(QuantizerSpec, to);
    QFETCH(bool, forgotten);
    RunsModel model;
    model.setRuns({ RunSpec { name.toStdString(), from } });
    model.setQuantizer(0, to);
    QCOMPARE(model.run(0).name, forgotten ? std::string() : name.toStdString());
}

// Issue 16, point 6: a 2-bit run that matches Brevitas's convention is not called "Int8".
void TestRunsEditor::conventionTitleFitsTheBits()
{
    RunsEditor editor;
    editor.setRuns({ RunSpec { "fp64", std::nullopt },
        RunSpec { "two", applyConvention("brevitas", symmetric(2)) } });
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    editor.setCurrentRun(1);
    QCOMPARE(editor.convention(), QStringLiteral("brevitas"));
    auto* picker = editor.findChild<QComboBox*>(QStringLiteral("conventionCombo"));
    QVERIFY(picker);
    QVERIFY2(picker->currentText().startsWith(QStringLiteral("Brevitas")),
        qPrintable(picker->currentText()));
    QVERIFY2(
        !picker->currentText().contains(QStringLiteral("Int8")), qPrintable(picker->currentText()));
}

// Issue 19: the Learn row (none / LSQ / PACT) shows for mode ste only; choosing LSQ sets
// learn lsq and hides the observer (the learned step replaces it); another mode drops it.
void TestRunsEditor::learnChoice()
{
    RunsEditor editor;
    QuantizerSpec q = symmetric(2);
    q.mode = TrainingMode::Ste;
    editor.setRuns({ RunSpec { "fp64", std::nullopt }, RunSpec { "", q } });
    editor.resize(520, 900);
    editor.show();
    editor.setCurrentRun(1);
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    auto* learn = editor.findChild<QComboBox*>(QStringLiteral("learnCombo"));
    auto* observer = editor.findChild<QComboBox*>(QStringLiteral("observerCombo"));
    auto* mode = editor.findChild<QComboBox*>(QStringLiteral("modeCombo"));
    QVERIFY(learn && observer && mode);
    QTRY_VERIFY(learn->isVisible());
    QVERIFY(observer->isVisible());
    QTest::mouseClick(learn, Qt::LeftButton);
    learn->hidePopup();
    QTest::keyClick(learn, Qt::Key_Down); // none -> LSQ
    QCOMPARE(int(editor.runs()[1].quantizer->learn), int(LearnMode::Lsq));
    QCOMPARE(editor.displayName(1), QStringLiteral("sym2-ste-lsq"));
    QTRY_VERIFY(!observer->isVisible());
    // post_update learns nothing: the row goes and the run's learn with it.
    QTest::mouseClick(mode, Qt::LeftButton);
    mode->hidePopup();
    QTest::keyClick(mode, Qt::Key_Up); // ste -> post_update
    QCOMPARE(mode->currentData().toString(), QStringLiteral("post_update"));
    QCOMPARE(int(editor.runs()[1].quantizer->learn), int(LearnMode::None));
    QTRY_VERIFY(!learn->isVisible());
}

QTEST_MAIN(TestRunsEditor)
#include "tst_runs_editor.moc"
