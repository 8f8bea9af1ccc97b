#pragma once
// ImagesView: the Images tab (image datasets such as builtin:digits). Two parts, live from
// the newest snapshot:
//  - a page of sample images (the first rows of the test split) with their true class and
//    the class float64 and the compared run predict; a wrong prediction is red, and a
//    sample on which the two runs disagree is framed in orange;
//  - the first layer's weights drawn as images, one per hidden unit (per class for a
//    softmax model), float64 beside the compared run on one shared colour scale (blue
//    negative, white 0, red positive), so weights snapping onto 2-4 levels are plain to see.
// Hovering a pixel explains its number.

#include "core/engine/experiment.h"
#include "ui/views/picture_view.h"

namespace bitlab::ui {

class ImagesView : public PictureView {
    Q_OBJECT
public:
    explicit ImagesView(QWidget* parent = nullptr);

    QString title() const override { return tr("Images"); }
    quint32 snapshotParts() const override;
    // The title over run `run`'s first-layer weights: its name and how many levels its grid
    // has ("sym2: first-layer weights (3 levels)"; per channel: up to how many, per unit).
    QString weightsHeading(int run) const;

protected:
    void paintPicture(QPainter& p, const QRectF& area) const override;
    QString notApplicable() const override;
    QString explain(const QPointF& pos, const QRectF& area) const override;
    QString pictureTitle() const override { return tr("Images and first-layer weights"); }

private:
    struct Layout {
        double sample = 0; // side of one sample image
        double sampleStepX = 0, sampleStepY = 0;
        int sampleColumns = 1;
        QPointF samplesOrigin;
        double unit = 0; // side of one weight image
        double unitStep = 0;
        int unitColumns = 1;
        int units = 0;
        QPointF weightsOrigin[2];
        int runs[2] = { 0, -1 };
    };
    Layout layout(const QRectF& area) const;
    // The first layer's weight tensor of a run ([units, pixels]), or nullptr.
    const bitlab::TensorSnapshot* firstLayer(int run) const;
    double weightScale(const Layout& l) const;
    QString classLabel(int c) const;
};

} // namespace bitlab::ui
