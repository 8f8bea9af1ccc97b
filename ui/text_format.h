#pragma once
// How the UI prints a number (legends, hover tips, status lines, the weight explainer):
// `digits` significant digits (4 by default; more where the exact value matters), in
// scientific notation below 1e-3 and from 1e5 up (1.25e-04, 3.1e+06), plain otherwise
// (0.07639, 1234); trailing zeros are dropped in both. A non-finite value is "–".
// Charts and widgets both use it; it depends on nothing of either.

#include <QString>

namespace bitlab::ui {

QString formatNumber(double value, int digits = 4);
// A share in [0, 1] as a percentage with one decimal ("87.5%"); a non-finite share is "–".
QString formatPercent(double share);

} // namespace bitlab::ui
