// What the window reads back from its settings cannot hurt it. A recent
// files list of 20,000 entries is capped when read (and stored back capped); a crafted
// splitter state cannot collapse the charts or the panel, nor turn the splitter around.

#include "ui/main_window.h"
#include "ui/window/main_actions.h"

#include <QDataStream>
#include <QMenu>
#include <QSettings>
#include <QSplitter>
#include <QtTest>

using namespace bitlab::ui;

namespace {

QMenu* recentMenu(MainWindow& w)
{
    for (QMenu* m : w.findChildren<QMenu*>())
        if (m->title() == MainActions::tr("Open &recent"))
            return m;
    return nullptr;
}

// The entries of the menu that open a file (their tooltip is the path).
int fileEntries(QMenu* menu)
{
    int n = 0;
    for (QAction* a : menu->actions())
        n += !a->isSeparator() && a->toolTip().startsWith(QLatin1Char('/'));
    return n;
}

// A state in QSplitter::saveState()'s layout with the given fields.
QByteArray splitterState(quint32 count, const QList<qint32>& sizes, bool collapsible,
    qint32 handleWidth, qint32 orientation)
{
    QByteArray data;
    QDataStream s(&data, QIODevice::WriteOnly);
    s.setVersion(QDataStream::Qt_5_0);
    s << qint32(0xff) << qint32(1) << count;
    for (qint32 size : sizes)
        s << size;
    s << collapsible << handleWidth << true << orientation << false;
    return data;
}

QSplitter* mainSplitter(MainWindow& w)
{
    return qobject_cast<QSplitter*>(w.centralWidget());
}

} // namespace

class TestWindowSettings : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("BitLabTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_window_settings"));
    }
    void init() { QSettings().clear(); }
    void cleanupTestCase() { QSettings().clear(); }

    void hugeRecentListIsCapped()
    {
        QStringList many;
        // 20,000 entries: enough that a menu entry each would be plain to see, few enough that
        // Qt's settings writer (one reallocation per append: quadratic under AddressSanitizer,
        // over 5 minutes at 200,000) stays quick in every build.
        for (int i = 0; i < 20000; ++i)
            many << QStringLiteral("/data/file%1.csv").arg(i);
        many.insert(1, QString()); // odd entries are skipped, not listed
        many.insert(2, QStringLiteral("/data/file0.csv"));
        QSettings().setValue(QStringLiteral("recentFiles"), many);
        QSettings().sync();

        MainWindow w;
        QMenu* menu = recentMenu(w);
        QVERIFY(menu);
        QCOMPARE(fileEntries(menu), 8);
        QCOMPARE(menu->actions().first()->toolTip(), QStringLiteral("/data/file0.csv"));
        QCOMPARE(menu->actions().at(1)->toolTip(), QStringLiteral("/data/file1.csv"));
        // Stored back capped, so the next start does not parse 20,000 entries again.
        const QStringList stored = QSettings().value(QStringLiteral("recentFiles")).toStringList();
        QCOMPARE(stored.size(), 8);
        QCOMPARE(stored.last(), QStringLiteral("/data/file7.csv"));
    }

    void craftedSplitterStateIsRefused_data()
    {
        QTest::addColumn<QByteArray>("state");
        QTest::newRow("charts at 0") << splitterState(2, { 1400, 0 }, true, -1, Qt::Horizontal);
        QTest::newRow("panel at 0") << splitterState(2, { 0, 1400 }, true, -1, Qt::Horizontal);
        QTest::newRow("charts at 1") << splitterState(2, { 1399, 1 }, false, -1, Qt::Horizontal);
        QTest::newRow("negative") << splitterState(2, { -5, 1400 }, false, -1, Qt::Horizontal);
        QTest::newRow("huge") << splitterState(
            2, { 2000000000, 2000000000 }, false, -1, Qt::Horizontal);
        QTest::newRow("vertical, wide handle")
            << splitterState(2, { 700, 700 }, true, 900, Qt::Vertical);
        QTest::newRow("three panes") << splitterState(3, { 0, 0, 1400 }, true, -1, Qt::Horizontal);
        QTest::newRow("count beyond the data")
            << splitterState(0x7fffffff, { 100, 100 }, true, -1, Qt::Horizontal);
        QTest::newRow("truncated") << splitterState(2, { 1400, 0 }, true, -1, 1).left(14);
        QTest::newRow("garbage") << QByteArray("\x00\x00\x00\xff garbage", 12);
    }
    void craftedSplitterStateIsRefused()
    {
        QFETCH(QByteArray, state);
        QSettings().setValue(QStringLiteral("window/splitter"), state);
        MainWindow w;
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QSplitter* splitter = mainSplitter(w);
        QVERIFY(splitter);
        QCOMPARE(splitter->orientation(), Qt::Horizontal);
        QVERIFY(!splitter->childrenCollapsible());
        QVERIFY2(
            splitter->handleWidth() < 50, qPrintable(QString::number(splitter->handleWidth())));
        const QList<int> sizes = splitter->sizes();
        QCOMPARE(sizes.size(), 2);
        for (int i = 0; i < 2; ++i)
            QVERIFY2(sizes[i] >= splitter->widget(i)->minimumSizeHint().width() && sizes[i] > 50,
                qPrintable(QStringLiteral("pane %1 is %2 px wide").arg(i).arg(sizes[i])));
    }

    // What the window saved itself comes back.
    void ownStateIsRestored()
    {
        int panel = 0;
        {
            MainWindow w;
            w.resize(1400, 900);
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            QSplitter* splitter = mainSplitter(w);
            const QList<int> before = splitter->sizes();
            splitter->setSizes({ before[0] + 150, before[1] - 150 });
            panel = splitter->sizes()[0];
            w.close(); // saves the settings
        }
        MainWindow again;
        again.resize(1400, 900);
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        QCOMPARE(mainSplitter(again)->sizes()[0], panel);
    }
};

QTEST_MAIN(TestWindowSettings)
#include "tst_window_settings.moc"
