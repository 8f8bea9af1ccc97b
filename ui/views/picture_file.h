#pragma once
// Writing a view's picture to a file (the Boundary, Fit, Classes and Images views' File ▸
// Export): SVG when the name ends in .svg (vectors, text kept as text), else PNG; written
// through QSaveFile, so a failed export leaves any earlier file as it was.

#include <QImage>
#include <QString>
#include <functional>

class QPainter;
class QSize;

namespace bitlab::ui {

// `paint` draws the picture at `size` for the SVG; `png` renders the PNG's image. False with
// *error ("Could not write FILE: REASON.") when the file cannot be written.
bool writePicture(const QString& file, const QSize& size, const QString& title,
    const QString& description, const std::function<void(QPainter&)>& paint,
    const std::function<QImage()>& png, QString* error);

} // namespace bitlab::ui
