// WheelGuard: scrolling the experiment panel never edits it. A wheel over an unfocused
// field (combo box, spin box) of the panel or its run editor changes nothing and scrolls
// the panel; a field the user focused takes the wheel; fields added later are guarded too.

#include "ui/main_window.h"
#include "ui/widgets/experiment_panel.h"
#include "ui/widgets/runs_editor.h"
#include "ui/widgets/wheel_guard.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QVBoxLayout>
#include <QtTest>

using namespace bitlab::ui;

namespace {
// The field a form row labels `label` (as the user reads it), anywhere under root.
QWidget* fieldLabelled(QWidget* root, const QString& label)
{
    for (QFormLayout* form : root->findChildren<QFormLayout*>()) {
        for (int row = 0; row < form->rowCount(); ++row) {
            QLayoutItem* labelItem = form->itemAt(row, QFormLayout::LabelRole);
            QLayoutItem* fieldItem = form->itemAt(row, QFormLayout::FieldRole);
            auto* l = labelItem ? qobject_cast<QLabel*>(labelItem->widget()) : nullptr;
            if (l && fieldItem && l->text() == label) {
                if (fieldItem->widget())
                    return fieldItem->widget();
                if (QLayout* inner = fieldItem->layout(); inner && inner->count() > 0)
                    return inner->itemAt(0)->widget(); // e.g. Task: [combo] detected…
            }
        }
    }
    return nullptr;
}

QString valueOf(QWidget* w)
{
    if (auto* c = qobject_cast<QComboBox*>(w))
        return c->currentText();
    if (auto* s = qobject_cast<QAbstractSpinBox*>(w))
        return s->text();
    if (auto* e = qobject_cast<QLineEdit*>(w))
        return e->text();
    return {};
}

// One notch of the wheel over the middle of w: up (+120) or down (-120).
void wheel(QWidget* w, int delta)
{
    const QPointF local = QRectF(w->rect()).center();
    QWheelEvent event(local, w->mapToGlobal(local), QPoint(), QPoint(0, delta), Qt::NoButton,
        Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(w, &event);
}

QScrollArea* scrollAreaOf(MainWindow& w)
{
    for (QScrollArea* area : w.findChildren<QScrollArea*>())
        if (area->widget() == w.panel())
            return area;
    return nullptr;
}
} // namespace

class TestWheelGuard : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void unfocusedFieldScrollsThePanel_data();
    void unfocusedFieldScrollsThePanel();
    void focusedFieldTakesTheWheel();
    void fieldsAddedLaterAreGuarded();
    void toolbarSpeedIgnoresPassingWheel();
};

void TestWheelGuard::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("BitLabTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_wheel_guard"));
}

void TestWheelGuard::unfocusedFieldScrollsThePanel_data()
{
    QTest::addColumn<QString>("label");
    QTest::addColumn<int>("run"); // the run selected in the run editor first
    // Every kind of field the issue saw change: the panel's and the run editor's.
    QTest::newRow("Source combo") << QStringLiteral("Source") << 0;
    QTest::newRow("Samples number field") << QStringLiteral("Samples") << 0;
    QTest::newRow("Noise number field") << QStringLiteral("Noise") << 0;
    QTest::newRow("Model combo") << QStringLiteral("Model") << 0;
    QTest::newRow("Optimizer combo") << QStringLiteral("Optimizer") << 0;
    QTest::newRow("Batch size number field") << QStringLiteral("Batch size") << 0;
    QTest::newRow("Epochs number field") << QStringLiteral("Epochs") << 0;
    QTest::newRow("run Scheme combo") << QStringLiteral("Scheme") << 1;
    QTest::newRow("run Bits spin box") << QStringLiteral("Bits") << 1;
    QTest::newRow("run Fraction bits spin box") << QStringLiteral("Fraction bits") << 1;
    QTest::newRow("run Mode combo") << QStringLiteral("Mode") << 1;
    QTest::newRow("run Rounding combo") << QStringLiteral("Rounding") << 1;
    QTest::newRow("run Convention combo") << QStringLiteral("Convention") << 1;
}

void TestWheelGuard::unfocusedFieldScrollsThePanel()
{
    QFETCH(QString, label);
    QFETCH(int, run);
    MainWindow w; // the seed example: a float run and three Q4.3 twins
    w.resize(1400, 600); // shorter than the panel: it scrolls
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.panel()->runsEditor()->setCurrentRun(run);
    QScrollArea* area = scrollAreaOf(w);
    QVERIFY(area);
    QScrollBar* bar = area->verticalScrollBar();
    QVERIFY2(bar->maximum() > 0, "the panel should be taller than the window");

    QWidget* field = fieldLabelled(w.panel(), label);
    QVERIFY2(field, qPrintable(label));
    QVERIFY(field->isVisible());
    QVERIFY(!field->hasFocus());
    QCOMPARE(field->focusPolicy(), Qt::StrongFocus); // the wheel alone never focuses it
    area->ensureWidgetVisible(field);
    const QString before = valueOf(field);
    const std::size_t runsBefore = w.panel()->spec().runs.size();
    const auto specBefore = w.panel()->spec();

    // Down if the panel can scroll down, else up: either way the panel must move.
    const int scrolled = bar->value();
    const int delta = scrolled < bar->maximum() ? -120 : 120;
    wheel(field, delta);
    wheel(field, delta);
    QCOMPARE(valueOf(field), before);
    QVERIFY2(bar->value() != scrolled, "the wheel should scroll the panel");
    QVERIFY(!field->hasFocus());
    // Nothing in the experiment changed either.
    QCOMPARE(w.panel()->spec().runs.size(), runsBefore);
    QCOMPARE(w.panel()->spec().optimizer.kind, specBefore.optimizer.kind);
    QCOMPARE(w.panel()->spec().training.epochs, specBefore.training.epochs);
    const auto specAfter = w.panel()->spec();
    for (std::size_t i = 0; i < runsBefore; ++i) {
        const auto& a = specAfter.runs[i].quantizer;
        const auto& b = specBefore.runs[i].quantizer;
        QCOMPARE(a.has_value(), b.has_value());
        if (a) {
            QCOMPARE(a->scheme, b->scheme);
            QCOMPARE(a->bits, b->bits);
            QCOMPARE(a->fracBits, b->fracBits);
            QCOMPARE(a->mode, b->mode);
            QCOMPARE(a->rounding, b->rounding);
        }
    }
}

void TestWheelGuard::focusedFieldTakesTheWheel()
{
    MainWindow w;
    w.resize(1400, 600);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    w.panel()->runsEditor()->setCurrentRun(1);
    auto* bits = qobject_cast<QSpinBox*>(fieldLabelled(w.panel(), QStringLiteral("Bits")));
    QVERIFY(bits);
    QScrollArea* area = scrollAreaOf(w);
    area->ensureWidgetVisible(bits);
    // A click gives the field focus, as it does for the user.
    QTest::mouseClick(bits, Qt::LeftButton, Qt::NoModifier, QPoint(5, bits->height() / 2));
    QTRY_VERIFY(bits->hasFocus());
    const int before = bits->value();
    const int scrolled = area->verticalScrollBar()->value();
    wheel(bits, 120);
    QCOMPARE(bits->value(), before + bits->singleStep());
    QCOMPARE(area->verticalScrollBar()->value(), scrolled); // the field took it, not the panel
    QCOMPARE(w.panel()->spec().runs[1].quantizer->bits, before + bits->singleStep());

    auto* scheme = qobject_cast<QComboBox*>(fieldLabelled(w.panel(), QStringLiteral("Scheme")));
    QVERIFY(scheme && scheme->isVisible());
    scheme->setFocus(Qt::TabFocusReason);
    QTRY_VERIFY(scheme->hasFocus());
    const int index = scheme->currentIndex();
    wheel(scheme, index + 1 < scheme->count() ? -120 : 120);
    QVERIFY(scheme->currentIndex() != index);
}

void TestWheelGuard::fieldsAddedLaterAreGuarded()
{
    QScrollArea area;
    auto* form = new QWidget;
    auto* layout = new QVBoxLayout(form);
    auto* early = new QSpinBox;
    layout->addWidget(early);
    layout->addSpacing(2000); // taller than the area: it scrolls
    area.setWidget(form);
    area.setWidgetResizable(true);
    area.resize(300, 200);
    WheelGuard::install(form);
    QCOMPARE(WheelGuard::install(form), WheelGuard::install(form)); // once per root
    // Added after the guard, inside a container that is itself new.
    auto* box = new QWidget;
    auto* boxLayout = new QVBoxLayout(box);
    auto* late = new QComboBox;
    late->addItems({ QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c") });
    late->setCurrentIndex(1);
    boxLayout->addWidget(late);
    layout->insertWidget(0, box);
    area.show();
    QVERIFY(QTest::qWaitForWindowExposed(&area));
    QCOMPARE(early->focusPolicy(), Qt::StrongFocus);
    QCOMPARE(late->focusPolicy(), Qt::StrongFocus);
    wheel(late, -120);
    wheel(early, -120);
    QCOMPARE(late->currentIndex(), 1);
    QCOMPARE(early->value(), 0);
    QVERIFY(area.verticalScrollBar()->value() > 0);
}

// The toolbar's Speed menu: a wheel passing over it (the pointer on its way to the tabs)
// leaves the speed alone; focused, it takes the wheel like any field.
void TestWheelGuard::toolbarSpeedIgnoresPassingWheel()
{
    MainWindow w;
    w.resize(1400, 600);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    auto* speed = w.findChild<QComboBox*>(QStringLiteral("speedCombo"));
    QVERIFY(speed);
    QCOMPARE(speed->focusPolicy(), Qt::StrongFocus);
    const int index = speed->currentIndex();
    wheel(speed, -120);
    wheel(speed, -120);
    QCOMPARE(speed->currentIndex(), index);
    speed->setFocus(Qt::TabFocusReason);
    QTRY_VERIFY(speed->hasFocus());
    wheel(speed, index + 1 < speed->count() ? -120 : 120);
    QVERIFY(speed->currentIndex() != index);
}

QTEST_MAIN(TestWheelGuard)
#include "tst_wheel_guard.moc"
