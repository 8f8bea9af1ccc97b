#pragma once
// Where a chart's legend goes, shared by the Loss and Sweep charts: one row under the plot
// while every entry fits in it whole, else a column on the right, one entry per line, so
// no entry is cut ("fp64 0.02918 (te…").

#include <QStringList>

class QLegend;

namespace bitlab::ui {

// Aligns `legend` at the bottom when the entries `labels` fit in one row of `room` pixels,
// else at the right (only when that changes: Qt lays the chart out anew).
void fitLegend(QLegend* legend, const QStringList& labels, double room);
// Whether every entry of `labels` has the room its whole text needs in the legend as laid
// out (tests: nothing cut).
bool legendFits(const QLegend* legend, const QStringList& labels);

} // namespace bitlab::ui
