// The model's size as the user types (issue 16, point 3): the panel shows the parameter
// count and the memory training its runs takes, and refuses a model past the budget before
// Run (hidden layers 4096,4096,4096 once sat a minute in "Loading…" growing to ~10 GB).

#include "core/engine/footprint.h"
#include "ui/main_window.h"
#include "ui/widgets/experiment_panel.h"

#include <QAction>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QtTest>

using namespace bitlab;
using namespace bitlab::ui;

namespace {
QWidget* fieldLabelled(QWidget* root, const QString& label)
{
    for (QFormLayout* form : root->findChildren<QFormLayout*>()) {
        for (int row = 0; row < form->rowCount(); ++row) {
            QLayoutItem* l = form->itemAt(row, QFormLayout::LabelRole);
            QLayoutItem* f = form->itemAt(row, QFormLayout::FieldRole);
            auto* text = l ? qobject_cast<QLabel*>(l->widget()) : nullptr;
            if (text && f && text->text() == label)
                return f->widget();
        }
    }
    return nullptr;
}

void typeHidden(QLineEdit* hidden, const QString& text)
{
    hidden->setFocus();
    hidden->selectAll();
    QTest::keyClick(hidden, Qt::Key_Backspace);
    QTest::keyClicks(hidden, text);
}
} // namespace

class TestModelSize : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void sizeFollowsTypingAndHugeModelIsRefused();
};

void TestModelSize::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("BitLabTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_model_size"));
}

void TestModelSize::sizeFollowsTypingAndHugeModelIsRefused()
{
    MainWindow w; // the seed: 1 feature, 1 output, 4 runs
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    auto* size = w.panel()->findChild<QLabel*>(QStringLiteral("modelSizeLabel"));
    QVERIFY(size);
    QVERIFY(size->isVisible());
    QVERIFY2(size->text().startsWith(QStringLiteral("2 parameters")), qPrintable(size->text()));

    auto* model = qobject_cast<QComboBox*>(fieldLabelled(w.panel(), QStringLiteral("Model")));
    QVERIFY(model);
    model->setCurrentIndex(model->findData(QStringLiteral("mlp")));
    auto* hidden
        = qobject_cast<QLineEdit*>(fieldLabelled(w.panel(), QStringLiteral("Hidden layers")));
    QVERIFY(hidden && hidden->isVisible());
    auto* run = w.findChild<QAction*>(QStringLiteral("actionRun"));
    QVERIFY(run);

    typeHidden(hidden, QStringLiteral("16,16"));
    // 1·16+16 + 16·16+16 + 16·1+1 = 321
    QVERIFY2(size->text().startsWith(QStringLiteral("321 parameters")), qPrintable(size->text()));
    QVERIFY(run->isEnabled());

    // As the user types the third 4096, the count and the memory follow.
    typeHidden(hidden, QStringLiteral("4096,4096,4096"));
    QVERIFY2(
        size->text().startsWith(QStringLiteral("33,574,913 parameters")), qPrintable(size->text()));
    QVERIFY2(
        size->text().contains(QStringLiteral(" GB to train 4 runs")), qPrintable(size->text()));
    // Past the budget: refused before Run, with the reason, in the panel and on Run.
    QVERIFY(!run->isEnabled());
    QVERIFY2(w.panel()->problem().contains(QStringLiteral("too large")),
        qPrintable(w.panel()->problem()));
    QVERIFY(run->toolTip().contains(QStringLiteral("too large")));
    bool shown = false;
    for (QLabel* label : w.panel()->findChildren<QLabel*>())
        shown |= label->isVisible() && label->text() == w.panel()->problem();
    QVERIFY(shown);

    // Back to a small model: Run again.
    typeHidden(hidden, QStringLiteral("64"));
    QVERIFY(run->isEnabled());
    QVERIFY(w.panel()->problem().isEmpty());
}

QTEST_MAIN(TestModelSize)
#include "tst_model_size.moc"
