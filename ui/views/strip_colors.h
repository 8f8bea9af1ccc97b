#pragma once
// The tensor strip's colours (the strip, its flips chart and its block band).

#include <QColor>

namespace bitlab::ui::strip {

inline const QColor kInk(0x22, 0x2a, 0x33);
inline const QColor kMuted(0x5a, 0x64, 0x6e);
inline const QColor kFrame(0x8a, 0x92, 0x9a);
inline const QColor kClamp(0xb5, 0x52, 0x3b);

} // namespace bitlab::ui::strip
