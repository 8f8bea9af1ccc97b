// The runs list and its editor on the offscreen platform, through real clicks: a run
// carries its name, quantizer and status together, so duplicating or removing a run after
// an experiment leaves every other row showing its own run's status.

#include "core/quant/quantizer.h"
#include "ui/widgets/runs_editor.h"

#include <QAbstractItemView>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QtTest>

using namespace bitlab;
using namespace bitlab::ui;

namespace {

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

QTEST_MAIN(TestRunsEditor)
#include "tst_runs_editor.moc"
