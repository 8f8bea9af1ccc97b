#pragma once
// ClassesView: the Classes tab (classification). The confusion matrix of the full-precision
// run beside that of a chosen quantized run, over the test rows (the training rows without a
// test split), live from the newest snapshot: row = true class, column = predicted class,
// each cell's count shaded by its share of the row, the per-class accuracy beside each row,
// and in the quantized run's matrix the cells that differ from float64 outlined.

#include "ui/views/picture_view.h"

namespace bitlab::ui {

class ClassesView : public PictureView {
    Q_OBJECT
public:
    explicit ClassesView(QWidget* parent = nullptr);

    QString title() const override { return tr("Classes"); }
    quint32 snapshotParts() const override;

protected:
    void paintPicture(QPainter& p, const QRectF& area) const override;
    QString notApplicable() const override;
    QString explain(const QPointF& pos, const QRectF& area) const override;
    QString pictureTitle() const override { return tr("Confusion matrices"); }

private:
    struct Layout {
        double cell = 0;
        double panelWidth = 0; // one run's share of the width (its title may fill it)
        QRectF matrix[2]; // the K x K cells of the reference and the compared run
        int runs[2] = { 0, -1 };
    };
    Layout layout(const QRectF& area) const;
    QString classLabel(int c) const;
};

} // namespace bitlab::ui
