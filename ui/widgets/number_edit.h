#pragma once
// NumberEdit: a line edit for one real number that may span many decades (learning rates,
// eps = 1e-8): accepts plain or scientific notation, shows the shortest exact form, and
// marks an out-of-range or unreadable entry instead of silently replacing it.

#include <QLineEdit>

namespace bitlab::ui {

class NumberEdit : public QLineEdit {
    Q_OBJECT
public:
    NumberEdit(double minimum, double maximum, QWidget* parent = nullptr);

    double value() const;
    void setValue(double value);
    bool isValid() const;
    // Set when minimum itself is not allowed (lr > 0).
    void setMinimumExclusive(bool exclusive) { m_exclusive = exclusive; }
    // The tooltip; an invalid entry appends the allowed range to it.
    void setHelp(const QString& help);

signals:
    void valueEdited(double value);

private:
    void check();
    double m_min, m_max;
    bool m_exclusive = false;
    QString m_help;
};

} // namespace bitlab::ui
