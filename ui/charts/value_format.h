#pragma once
// How the charts print a metric value (legends, hover tips): the UI's one number format,
// formatNumber() with 4 significant digits (ui/text_format.h).

#include "ui/text_format.h"

namespace bitlab::ui {

inline QString formatChartValue(double v)
{
    return formatNumber(v);
}

} // namespace bitlab::ui
