#include "ui/views/picture_file.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>

namespace bitlab::ui {

bool writePicture(const QString& file, const QSize& size, const QString& title,
    const QString& description, const std::function<void(QPainter&)>& paint,
    const std::function<QImage()>& png, QString* error)
{
    QSaveFile out(file);
    bool ok = out.open(QIODevice::WriteOnly);
    if (ok && file.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive)) {
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        {
            QSvgGenerator generator;
            generator.setOutputDevice(&buffer);
            generator.setSize(size);
            generator.setViewBox(QRect(QPoint(0, 0), size));
            generator.setTitle(title);
            generator.setDescription(description);
            QPainter painter(&generator);
            paint(painter);
        }
        ok = out.write(buffer.data()) == buffer.size();
    } else if (ok) {
        ok = png().save(&out, "PNG");
    }
    if (ok && out.commit())
        return true;
    if (error)
        *error = QCoreApplication::translate("bitlab::ui::PictureFile", "Could not write %1: %2.")
                     .arg(file, out.errorString());
    return false;
}

} // namespace bitlab::ui
