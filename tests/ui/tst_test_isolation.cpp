// The test suites run with their own home and XDG folders (tests/CMakeLists.txt): settings,
// recent files and config written by a test land in the build tree, never in the user's.
#include "ui/main_window.h"

#include <QApplication>
#include <QDir>
#include <QSettings>
#include <QStandardPaths>
#include <QtTest>

class TestIsolation : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QApplication::setOrganizationName(QStringLiteral("BitLab"));
        QApplication::setApplicationName(QStringLiteral("BitLab"));
    }

    void homeAndConfigAreTheTestsOwn()
    {
        const QString root = QDir::cleanPath(qEnvironmentVariable("BITLAB_TEST_HOME"));
        QVERIFY2(!root.isEmpty(), "BITLAB_TEST_HOME is not set: run the suites through ctest");
        QVERIFY2(QDir::cleanPath(QDir::homePath()).startsWith(root + QLatin1Char('/')),
            qPrintable(QDir::homePath()));
        for (const auto location : { QStandardPaths::GenericConfigLocation,
                 QStandardPaths::AppDataLocation, QStandardPaths::GenericCacheLocation }) {
            const QString path = QStandardPaths::writableLocation(location);
            QVERIFY2(QDir::cleanPath(path).startsWith(root + QLatin1Char('/')), qPrintable(path));
        }
    }

    // What the window stores (recent files, language, splitter and chart settings) goes to
    // the suite's own settings file.
    void theWindowsSettingsLandInTheTestHome()
    {
        const QString root = QDir::cleanPath(qEnvironmentVariable("BITLAB_TEST_HOME"));
        {
            bitlab::ui::MainWindow window;
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
        }
        QSettings settings;
        settings.setValue(QStringLiteral("isolationProbe"), 1);
        settings.sync();
        QCOMPARE(settings.status(), QSettings::NoError);
        QVERIFY2(QDir::cleanPath(settings.fileName()).startsWith(root + QLatin1Char('/')),
            qPrintable(settings.fileName()));
        QVERIFY(QFileInfo::exists(settings.fileName()));
        settings.remove(QStringLiteral("isolationProbe"));
    }
};

QTEST_MAIN(TestIsolation)
#include "tst_test_isolation.moc"
