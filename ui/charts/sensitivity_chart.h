#pragma once
// SensitivityChart: the Sensitivity tab's chart: one line per tensor, the loss increase
// (core/engine/sensitivity.h) against the bit-width of that one tensor.

#include "core/engine/sensitivity.h"

#include <QWidget>

class QChart;

namespace bitlab::ui {

class ChartView;

class SensitivityChart : public QWidget {
    Q_OBJECT
public:
    explicit SensitivityChart(QWidget* parent = nullptr);
    void setTable(const SensitivityTable& table);
    // Lines drawn (one per tensor).
    int lineCount() const;
    bool exportTo(const QString& file, QString* error) const;

private:
    QChart* m_chart = nullptr;
    ChartView* m_view = nullptr;
};

} // namespace bitlab::ui
