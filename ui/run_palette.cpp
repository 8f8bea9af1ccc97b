#include "ui/run_palette.h"

#include <array>

namespace bitlab::ui {

namespace {
// Okabe-Ito without yellow (unreadable on white) and black (reserved for axes).
constexpr std::array<QRgb, 7> kColors{0x0072B2, 0xD55E00, 0x009E73, 0xCC79A7,
                                      0xE69F00, 0x56B4E9, 0x666666};
} // namespace

QColor RunPalette::color(int run)
{
    const int n = size();
    return QColor::fromRgb(kColors[static_cast<std::size_t>(((run % n) + n) % n)]);
}

int RunPalette::size() { return static_cast<int>(kColors.size()); }

} // namespace bitlab::ui
