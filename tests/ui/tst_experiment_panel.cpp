// ExperimentPanel: panel -> JSON -> panel round trip for every built-in experiment, what
// Save writes is what the panel shows, and a broken CSV shows the loader's error in place.

#include "core/engine/presets.h"
#include "core/io/experiment_json.h"
#include "ui/main_window.h"
#include "ui/widgets/experiment_panel.h"
#include "ui/widgets/runs_editor.h"

#include <QAction>
#include <QComboBox>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace bitlab;
using namespace bitlab::ui;

class TestExperimentPanel : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void roundTrip_data();
    void roundTrip();
    void saveWritesWhatPanelShows();
    void brokenCsvShowsErrorInPlace_data();
    void brokenCsvShowsErrorInPlace();
    void lossesFollowTheModel();
    void adamsDefaultsAreShown();
    void standardizingIsSuggested();
    void showingASpecDoesNotEcho_data();
    void showingASpecDoesNotEcho();
};

void TestExperimentPanel::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("BitLabTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_experiment_panel"));
}

void TestExperimentPanel::roundTrip_data()
{
    QTest::addColumn<QString>("preset");
    for (const Preset& p : presetRegistry())
        QTest::newRow(p.name.c_str()) << QString::fromStdString(p.name);
}

void TestExperimentPanel::roundTrip()
{
    QFETCH(QString, preset);
    const Preset* p = findPreset(preset.toStdString());
    QVERIFY(p);
    ExperimentPanel panel;
    panel.setSpec(p->spec);
    // Edit like a user: a 4-bit twin, renamed, and a duplicate of it.
    panel.runsEditor()->addQuantizedRun();
    const int twin = static_cast<int>(panel.spec().runs.size()) - 1;
    panel.runsEditor()->renameRun(twin, QStringLiteral("four-bit"));
    panel.runsEditor()->setCurrentRun(twin);
    panel.runsEditor()->duplicateRun();
    QCOMPARE(panel.spec().runs.back().name, std::string("four-bit-copy"));
    QVERIFY(panel.spec().runs.back().quantizer.has_value());
    QCOMPARE(panel.spec().runs.back().quantizer->bits, 4);

    const QByteArray first = io::experimentToBytes(panel.spec());
    const ExperimentSpec parsed = io::parseExperiment(first, QString());
    ExperimentPanel again;
    again.setSpec(parsed);
    const QByteArray second = io::experimentToBytes(again.spec());
    QCOMPARE(QString::fromUtf8(second), QString::fromUtf8(first));
}

void TestExperimentPanel::saveWritesWhatPanelShows()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    MainWindow w;
    w.panel()->runsEditor()->addQuantizedRun();
    const QString file = dir.filePath(QStringLiteral("exp.json"));
    QVERIFY(w.saveExperiment(file));
    const ExperimentSpec back = io::readExperiment(file);
    QCOMPARE(QString::fromUtf8(io::experimentToBytes(back)),
        QString::fromUtf8(io::experimentToBytes(w.panel()->spec())));
}

void TestExperimentPanel::brokenCsvShowsErrorInPlace_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("ragged row") << QByteArray("x,y\n1,2\n3\n4,5\n") << QStringLiteral("line 3");
    QTest::newRow("text feature") << QByteArray("x,y\n1,2\nabc,3\n") << QStringLiteral("line 3");
    QTest::newRow("empty file") << QByteArray("") << QStringLiteral("empty");
}

void TestExperimentPanel::brokenCsvShowsErrorInPlace()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, mentions);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("broken.csv"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(content);
    f.close();

    MainWindow w;
    w.show();
    QVERIFY(!w.openFile(path));
    const QString error = w.panel()->datasetError();
    QVERIFY2(error.contains(mentions, Qt::CaseInsensitive), qPrintable(error));
    // Shown in place, in a visible label of the panel, and Run is refused.
    bool shown = false;
    for (QLabel* label : w.panel()->findChildren<QLabel*>())
        shown |= label->isVisible() && label->text() == error;
    QVERIFY(shown);
    QVERIFY(!w.panel()->problem().isEmpty());
    QVERIFY(!w.findChild<QAction*>(QStringLiteral("actionRun"))->isEnabled());
}

void TestExperimentPanel::lossesFollowTheModel()
{
    const Preset* p = findPreset("seed");
    QVERIFY(p);
    ExperimentPanel panel;
    panel.setSpec(p->spec);
    // The loss the panel keeps is always one the model accepts.
    ExperimentSpec spec = panel.spec();
    spec.loss = "cross_entropy"; // not valid for a linear regression
    panel.setSpec(spec);
    QCOMPARE(panel.spec().loss, std::string("mse"));
}

// Issue 16, point 10: choosing Adam fills in its defaults; the learning rate that moved from
// 0.1 to 0.001 is said under the optimizer, until the user sets one.
void TestExperimentPanel::adamsDefaultsAreShown()
{
    ExperimentPanel panel;
    panel.setSpec(findPreset("seed")->spec);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QGroupBox* box = nullptr;
    for (QGroupBox* b : panel.findChildren<QGroupBox*>())
        if (b->title() == QStringLiteral("Optimizer"))
            box = b;
    QVERIFY(box);
    auto* kind = box->findChild<QComboBox*>();
    QVERIFY(kind);
    auto* note = panel.findChild<QLabel*>(QStringLiteral("optimizerNote"));
    QVERIFY(note);
    QVERIFY(note->isHidden());
    QTest::mouseClick(kind, Qt::LeftButton);
    kind->hidePopup();
    QTest::keyClicks(kind, QStringLiteral("adam"));
    QCOMPARE(panel.spec().optimizer.kind, std::string("adam"));
    QCOMPARE(panel.spec().optimizer.lr, 0.001);
    QVERIFY(!note->isHidden());
    QVERIFY2(panel.optimizerNote().contains(QStringLiteral("lr 0.1 → 0.001")),
        qPrintable(panel.optimizerNote()));
    // The user sets the learning rate: the note has done its job.
    QLineEdit* lr = nullptr;
    for (QLineEdit* e : box->findChildren<QLineEdit*>())
        if (e->text() == QStringLiteral("0.001"))
            lr = e;
    QVERIFY(lr);
    QTest::mouseClick(lr, Qt::LeftButton);
    lr->selectAll();
    QTest::keyClicks(lr, QStringLiteral("0.1"));
    QTest::keyClick(lr, Qt::Key_Return);
    QCOMPARE(panel.spec().optimizer.lr, 0.1);
    QVERIFY(note->isHidden());
}

// Issue 16, point 10: a CSV whose features differ in scale by orders of magnitude loads with
// a note suggesting Standardize; its link turns it on and the note goes.
void TestExperimentPanel::standardizingIsSuggested()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("houses.csv"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("area,rooms,price\n");
    for (int i = 0; i < 50; ++i)
        f.write(QStringLiteral("%1,%2,%3\n")
                    .arg(50000 + 1000 * (i % 17))
                    .arg(1 + i % 5)
                    .arg(100 + 3 * i)
                    .toUtf8());
    f.close();
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(w.openFile(path));
    ExperimentPanel* panel = w.panel();
    QVERIFY(!panel->spec().dataset.standardize);
    auto* note = panel->findChild<QLabel*>(QStringLiteral("datasetNote"));
    QVERIFY(note);
    QVERIFY(note->isVisible());
    QVERIFY2(panel->datasetNote().contains(QStringLiteral("area")), qPrintable(note->text()));
    QVERIFY2(panel->datasetNote().contains(QStringLiteral("rooms")), qPrintable(note->text()));
    emit note->linkActivated(QStringLiteral("standardize")); // the link in the note
    QVERIFY(panel->spec().dataset.standardize);
    QVERIFY(!note->isVisible());
    // The seed's one feature is fine as it is.
    QVERIFY(w.openPreset(QStringLiteral("seed")));
    QVERIFY(panel->datasetNote().isEmpty());
}

void TestExperimentPanel::showingASpecDoesNotEcho_data()
{
    QTest::addColumn<QString>("first");
    QTest::addColumn<QString>("second");
    for (const Preset& a : presetRegistry())
        for (const Preset& b : presetRegistry())
            if (a.name != b.name)
                QTest::newRow((a.name + " then " + b.name).c_str())
                    << QString::fromStdString(a.name) << QString::fromStdString(b.name);
}

// Filling the forms for a new spec is not an edit: setSpec() announces the spec once, and
// the loss list (refilled for the new model) names each loss once.
void TestExperimentPanel::showingASpecDoesNotEcho()
{
    QFETCH(QString, first);
    QFETCH(QString, second);
    ExperimentPanel panel;
    panel.setSpec(findPreset(first.toStdString())->spec);
    QSignalSpy changed(&panel, &ExperimentPanel::specChanged);
    const ExperimentSpec spec = findPreset(second.toStdString())->spec;
    panel.setSpec(spec);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(io::experimentToBytes(panel.spec()), io::experimentToBytes(spec));
    auto* loss = panel.findChild<QComboBox*>(QStringLiteral("lossCombo"));
    QVERIFY(loss);
    QStringList names;
    for (int i = 0; i < loss->count(); ++i)
        names << loss->itemData(i).toString();
    QCOMPARE(names.removeDuplicates(), 0);
    QCOMPARE(loss->currentData().toString(), QString::fromStdString(spec.loss));
}

QTEST_MAIN(TestExperimentPanel)
#include "tst_experiment_panel.moc"
