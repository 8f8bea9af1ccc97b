#pragma once
// Editing widgets as a user does, with real key events (header-only; tests/ is on every
// test's include path): a focused combo box moved with Down/Up, a spin box typed into.

#include <QComboBox>
#include <QSpinBox>
#include <QtTest>

namespace bitlab::test {

// Moves a focused combo box to the item whose data is `data` with Down/Up keys.
inline void keyTo(QComboBox* combo, const QString& data)
{
    combo->setFocus();
    const int target = combo->findData(data);
    QVERIFY2(target >= 0, qPrintable(QStringLiteral("no item %1").arg(data)));
    while (combo->currentIndex() < target)
        QTest::keyClick(combo, Qt::Key_Down);
    while (combo->currentIndex() > target)
        QTest::keyClick(combo, Qt::Key_Up);
}

// Selects a spin box's text and types `value`, then Enter.
inline void typeInto(QSpinBox* spin, int value)
{
    spin->setFocus();
    QTest::keyClick(spin, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(spin, QString::number(value));
    QTest::keyClick(spin, Qt::Key_Enter);
}

} // namespace bitlab::test
