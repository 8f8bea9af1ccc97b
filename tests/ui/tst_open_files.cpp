// Opening files without a dialog: dropping a CSV or an experiment JSON onto the window opens
// it (other files are refused at the door), and every file opened this way goes to the top
// of File > Open recent, whose entries open their file again.

#include "core/engine/presets.h"
#include "core/io/experiment_json.h"
#include "ui/main_window.h"
#include "ui/widgets/experiment_panel.h"
#include "ui/window/main_actions.h"
#include "ui/window/recent_files.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QMenu>
#include <QMimeData>
#include <QSettings>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>

using namespace bitlab;
using namespace bitlab::ui;

namespace {

QMenu* recentMenu(MainWindow& w)
{
    for (QMenu* m : w.findChildren<QMenu*>())
        if (m->title() == MainActions::tr("Open &recent"))
            return m;
    return nullptr;
}

// The file names the recent menu lists, in order (without "Clear list").
QStringList recentNames(MainWindow& w)
{
    QStringList names;
    for (QAction* a : recentMenu(w)->actions())
        if (!a->isSeparator() && !a->toolTip().isEmpty() && a->toolTip() != a->text())
            names << a->text();
    return names;
}

// Drags `path` over the window; returns whether the window accepts it, and drops it if so.
bool dragAndDrop(MainWindow& w, const QString& path)
{
    QMimeData mime;
    mime.setUrls({ QUrl::fromLocalFile(path) });
    const QPoint at = w.rect().center();
    QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&w, &enter);
    if (!enter.isAccepted())
        return false;
    QDropEvent drop(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&w, &drop);
    return drop.isAccepted();
}

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QCOMPARE(f.write(bytes), bytes.size());
}

} // namespace

class TestOpenFiles : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("BitLabTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_open_files"));
    }

    void init()
    {
        QSettings().remove(QStringLiteral("recentFiles"));
        QTest::failOnWarning(QRegularExpression(
            QStringLiteral("^(?!This plugin does not support propagateSizeHints).*")));
    }

    // Issue 16, point 6: the platform appends the application's display name to a window
    // title (" — BitLab" under X11 and Wayland), so the title itself names only the
    // experiment: "BitLab" appears once, not "BitLab — seed — BitLab".
    void titleNamesTheExperimentOnce()
    {
        QGuiApplication::setApplicationDisplayName(QStringLiteral("BitLab"));
        MainWindow w;
        w.show();
        QVERIFY(w.openPreset(QStringLiteral("moons")));
        QCOMPARE(w.windowTitle(), QString::fromStdString(findPreset("moons")->title));
        QVERIFY(!w.windowTitle().contains(QStringLiteral("BitLab")));
        QGuiApplication::setApplicationDisplayName(QString());
    }

    void dropCsvAndExperiment()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString csv = dir.filePath(QStringLiteral("points.csv"));
        writeFile(csv, "x,y\n0,1\n1,3.1\n2,4.9\n3,7.2\n4,9\n5,11.1\n");
        ExperimentSpec spec = findPreset("logistic")->spec;
        spec.training.epochs = 7;
        const QString json = dir.filePath(QStringLiteral("logistic.json"));
        io::writeExperiment(json, spec);
        const QString image = dir.filePath(QStringLiteral("picture.png"));
        writeFile(image, "not a dataset");

        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(!recentMenu(w)->isEnabled()); // nothing opened yet

        QVERIFY(!dragAndDrop(w, image)); // refused while dragging over the window

        QVERIFY(dragAndDrop(w, csv));
        QCOMPARE(QFileInfo(QString::fromStdString(w.panel()->spec().dataset.source)).fileName(),
            QStringLiteral("points.csv"));
        QVERIFY(w.panel()->datasetError().isEmpty());
        QCOMPARE(recentNames(w), QStringList { QStringLiteral("points.csv") });

        QVERIFY(dragAndDrop(w, json));
        QCOMPARE(w.panel()->spec().training.epochs, 7);
        QCOMPARE(w.panel()->spec().model.kind, spec.model.kind);
        QVERIFY(w.windowTitle().contains(QStringLiteral("logistic.json")));
        // Newest first; the file path is each entry's tooltip.
        QCOMPARE(recentNames(w),
            (QStringList { QStringLiteral("logistic.json"), QStringLiteral("points.csv") }));
        QCOMPARE(QSettings().value(QStringLiteral("recentFiles")).toStringList().front(),
            QFileInfo(json).absoluteFilePath());
    }

    void recentEntriesOpenTheirFile()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        ExperimentSpec spec = findPreset("softmax")->spec;
        spec.training.epochs = 3;
        const QString json = dir.filePath(QStringLiteral("three.json"));
        io::writeExperiment(json, spec);
        {
            MainWindow first;
            first.show();
            QVERIFY(dragAndDrop(first, json));
        }
        // A new window (a new session of the app) lists it from the settings and opens it.
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QCOMPARE(w.panel()->spec().dataset.source, std::string("builtin:seed-linear"));
        QCOMPARE(recentNames(w), QStringList { QStringLiteral("three.json") });
        QAction* entry = nullptr;
        for (QAction* a : recentMenu(w)->actions())
            if (a->text() == QLatin1String("three.json"))
                entry = a;
        QVERIFY(entry);
        entry->trigger();
        QCOMPARE(w.panel()->spec().training.epochs, 3);
        QCOMPARE(w.panel()->spec().model.kind, spec.model.kind);
        // "Clear list" empties it.
        QAction* clear = recentMenu(w)->actions().back();
        QCOMPARE(clear->text(), RecentFiles::tr("Clear list"));
        clear->trigger();
        QVERIFY(recentNames(w).isEmpty());
        QVERIFY(!recentMenu(w)->isEnabled());
    }
};

QTEST_MAIN(TestOpenFiles)
#include "tst_open_files.moc"
