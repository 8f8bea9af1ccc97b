#pragma once
// RunPalette: the colour of each run, the same in every view, legend and list.
// A fixed colour-blind-safe palette (Okabe & Ito, 2008), in an order that keeps the first
// runs far apart; runs beyond the palette reuse it.

#include <QColor>

namespace bitlab::ui {

class RunPalette {
public:
    static QColor color(int run);
    static int size();
};

} // namespace bitlab::ui
