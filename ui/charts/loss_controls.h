#pragma once
// LossControls: the Loss tab's row of controls. What the chart shows (evaluated loss, batch
// loss, accuracy, the learned steps and clips; an entry the experiment cannot draw is
// greyed out with the reason as its tooltip), the log-scale box (off for accuracy, which
// is drawn linear, to 1), the smoothing weight and Reset zoom.

#include <QString>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QSlider;

namespace bitlab::ui {

enum class LossMode { Loss, BatchLoss, Accuracy, Learned };

class LossControls : public QWidget {
    Q_OBJECT
public:
    explicit LossControls(QWidget* parent = nullptr);

    LossMode mode() const;
    void setMode(LossMode mode);
    // Enables mode m's entry, or greys it out with the reason as its tooltip (and leaves it
    // for Loss when it is the one shown).
    void offerMode(LossMode m, bool on, const QString& whyNot);
    bool offersMode(LossMode m) const;
    bool logScale() const;
    void setLogScale(bool on);
    // Whether the y axis is logarithmic: the log box, except for accuracy (linear, to 1).
    bool logAxis() const;
    double smoothing() const;
    void setSmoothing(double weight); // [0, 0.99]

signals:
    void modeChanged();
    void logScaleToggled();
    void smoothingChanged(double weight);
    void resetZoomRequested();

private:
    QComboBox* m_mode = nullptr;
    QCheckBox* m_log = nullptr;
    QSlider* m_smoothing = nullptr;
    QLabel* m_smoothingLabel = nullptr;
};

} // namespace bitlab::ui
