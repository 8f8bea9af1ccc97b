#pragma once
// Small helpers the experiment panel's forms share.

#include <QComboBox>
#include <QString>
#include <algorithm>
#include <string>
#include <vector>

namespace bitlab::ui {

inline QString qs(const std::string& s)
{
    return QString::fromStdString(s);
}

template <typename Container, typename T> bool contains(const Container& c, const T& value)
{
    return std::find(std::begin(c), std::end(c), value) != std::end(c);
}

// Appends one entry per name, the name as its text and its data (the engine's names of
// observers, roundings, modes, schedules...).
inline void addNames(QComboBox* combo, const std::vector<std::string>& names)
{
    for (const std::string& name : names)
        combo->addItem(qs(name), qs(name));
}

// Selects the entry whose data is `data`; leaves the combo as it is when there is none.
inline void selectData(QComboBox* combo, const QString& data)
{
    if (const int i = combo->findData(data); i >= 0)
        combo->setCurrentIndex(i);
}

} // namespace bitlab::ui
